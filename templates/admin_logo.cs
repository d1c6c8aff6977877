<?cs include:"_admin_nav.cs" ?>
<h1><?cs var:L.logo.title ?></h1>
<p class="muted"><?cs var:L.logo.lead ?></p>
<?cs if:Form.Error ?><p class="msg msg-error" aria-live="assertive"><?cs var:Form.Error ?></p><?cs /if ?>
<section class="card spaced narrow">
  <h2><?cs var:L.logo.now ?></h2>
  <?cs if:Logo.Sha ?>
  <p><img class="logo-now" src="/logo?v=<?cs var:Logo.V ?>" alt="<?cs var:L.logo.alt ?>"></p>
  <dl class="facts">
    <dt><?cs var:L.logo.kind ?></dt><dd><?cs var:Logo.Mime ?></dd>
    <dt><?cs var:L.logo.size ?></dt><dd><?cs var:Logo.Size ?> <?cs var:L.logo.bytes ?></dd>
    <dt>SHA-256</dt><dd><code class="hash"><?cs var:Logo.Sha ?></code></dd>
    <dt><?cs var:L.logo.updated ?></dt><dd><?cs var:Logo.Updated ?> JST</dd>
  </dl>
  <form method="post" action="/admin/logo/delete" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <button type="submit" class="danger small"><?cs var:L.logo.delete ?></button>
  </form>
  <?cs else ?>
  <p class="empty"><?cs var:L.logo.none_yet ?></p>
  <?cs /if ?>
</section>
<section class="card spaced narrow">
  <h2><?cs var:L.logo.upload ?></h2>
  <form method="post" action="/admin/logo" enctype="multipart/form-data" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <label for="logo-file"><?cs var:L.logo.file ?></label>
    <input id="logo-file" name="file" type="file" accept="image/png,image/jpeg" required>
    <button type="submit" class="primary"><?cs var:L.logo.upload ?></button>
  </form>
</section>

<h1><?cs var:L.ops.title ?></h1>
<p class="muted"><?cs var:L.ops.lead ?></p>
<p><a href="/ops/notices"><?cs var:L.notice.title ?></a> · <a href="/ops/support"><?cs var:L.support.ops_title ?></a> · <a href="/ops/availability"><?cs var:L.avail.title ?></a></p>
<?cs include:"_messages.cs" ?>
<div class="table-wrap spaced">
<table class="table">
  <thead><tr><th scope="col">ID</th><th scope="col"><?cs var:L.ops.org ?></th><th scope="col" class="num"><?cs var:L.ops.users ?></th><th scope="col" class="num"><?cs var:L.ops.contracts ?></th><th scope="col" class="num"><?cs var:L.ops.bytes ?></th><th scope="col"><?cs var:L.ops.contact ?></th><th scope="col"><?cs var:L.ops.state ?></th></tr></thead>
  <tbody>
  <?cs each:o = Orgs ?>
  <tr>
    <td data-label="ID"><?cs var:o.Id ?></td>
    <td data-label="<?cs var:L.ops.org ?>"><strong><?cs var:o.Name ?></strong><br><span class="muted small"><?cs var:o.Slug ?> · <?cs var:o.Created ?></span></td>
    <td data-label="<?cs var:L.ops.users ?>" class="num"><?cs var:o.Users ?></td>
    <td data-label="<?cs var:L.ops.contracts ?>" class="num"><?cs var:o.Contracts ?></td>
    <td data-label="<?cs var:L.ops.bytes ?>" class="num"><?cs var:o.Bytes ?></td>
    <td data-label="<?cs var:L.ops.contact ?>"><?cs var:o.ContactName ?><?cs if:o.ContactEmail ?> &lt;<?cs var:o.ContactEmail ?>&gt;<?cs /if ?> <?cs var:o.ContactPhone ?>
      <details><summary><?cs var:L.ops.edit_contact ?></summary>
      <form method="post" action="/ops/orgs/<?cs var:o.Id ?>" class="form">
        <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
        <label><?cs var:L.ops.contact_name ?> <input name="contact_name" type="text" maxlength="100" value="<?cs var:o.ContactName ?>"></label>
        <label><?cs var:L.ops.contact_email ?> <input name="contact_email" type="email" maxlength="254" value="<?cs var:o.ContactEmail ?>"></label>
        <label><?cs var:L.ops.contact_phone ?> <input name="contact_phone" type="tel" maxlength="40" value="<?cs var:o.ContactPhone ?>"></label>
        <label><?cs var:L.ops.contact_lang ?> <select name="contact_lang"><option value="ja"<?cs if:o.ContactLang == "ja" ?> selected<?cs /if ?>><?cs var:L.lang.ja ?></option><option value="en"<?cs if:o.ContactLang == "en" ?> selected<?cs /if ?>><?cs var:L.lang.en ?></option></select></label>
        <button type="submit" name="action" value="contact" class="secondary small"><?cs var:L.ops.save ?></button>
      </form></details></td>
    <td data-label="<?cs var:L.ops.state ?>">
      <form method="post" action="/ops/orgs/<?cs var:o.Id ?>" class="inline">
        <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
        <?cs if:o.Suspended == "1" ?><span class="tag tag-bad"><?cs var:L.ops.suspended ?> <?cs var:o.SuspendedAt ?></span>
        <button type="submit" name="action" value="resume" class="secondary small"><?cs var:L.ops.resume ?></button>
        <?cs else ?><span class="tag"><?cs var:L.ops.active ?></span>
        <button type="submit" name="action" value="suspend" class="danger small"><?cs var:L.ops.suspend ?></button><?cs /if ?>
      </form>
    </td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<section class="card spaced narrow">
  <h2><?cs var:L.ops.new_org ?></h2>
  <form method="post" action="/ops/orgs" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <label for="o-name"><?cs var:L.ops.name ?></label>
    <input id="o-name" name="name" type="text" required maxlength="200" value="<?cs var:Form.Name ?>">
    <label for="o-slug"><?cs var:L.ops.slug ?> <span class="muted small"><?cs var:L.ops.slug_hint ?></span></label>
    <input id="o-slug" name="slug" type="text" required maxlength="64" pattern="[a-z0-9][a-z0-9-]*[a-z0-9]" value="<?cs var:Form.Slug ?>">
    <button type="submit" class="primary"><?cs var:L.ops.create ?></button>
  </form>
</section>

<h1><?cs var:L.twofa.title ?></h1>
<?cs include:"_messages.cs" ?>
<?cs if:Twofa.MustEnrol ?><p class="msg msg-error"><?cs var:L.twofa.must_enrol ?></p><?cs /if ?>
<?cs if:subcount(Codes) ?>
<section class="card">
  <h2><?cs var:L.twofa.codes_title ?></h2>
  <p><?cs var:L.twofa.codes_lead ?></p>
  <ul class="codes">
    <?cs each:c = Codes ?><li><code><?cs var:c.Code ?></code></li>
    <?cs /each ?>
  </ul>
</section>
<?cs /if ?>
<div class="grid">
<?cs if:Twofa.On ?>
  <section class="card">
    <h2><?cs var:L.twofa.on_title ?></h2>
    <dl class="facts">
      <dt><?cs var:L.twofa.since ?></dt><dd><?cs var:Twofa.Since ?> JST</dd>
      <dt><?cs var:L.twofa.codes_left ?></dt><dd><?cs var:Twofa.CodesLeft ?></dd>
    </dl>
    <form method="post" action="/profile/2fa" class="form">
      <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
      <input type="hidden" name="do" value="codes">
      <label for="code-codes"><?cs var:L.twofa.code ?></label>
      <input id="code-codes" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required maxlength="6">
      <button type="submit"><?cs var:L.twofa.new_codes ?></button>
    </form>
  </section>
  <section class="card">
    <h2><?cs var:L.twofa.off_title ?></h2>
    <?cs if:Twofa.Required ?>
    <p class="muted"><?cs var:L.twofa.required_note ?></p>
    <?cs else ?>
    <form method="post" action="/profile/2fa" class="form">
      <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
      <input type="hidden" name="do" value="disable">
      <label for="password"><?cs var:L.password.current ?></label>
      <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024">
      <button type="submit" class="danger"><?cs var:L.twofa.disable ?></button>
    </form>
    <?cs /if ?>
  </section>
<?cs else ?>
  <section class="card">
    <h2><?cs var:L.twofa.setup_title ?></h2>
    <ol>
      <li><?cs var:L.twofa.step_app ?></li>
      <li><?cs var:L.twofa.step_scan ?></li>
      <li><?cs var:L.twofa.step_code ?></li>
    </ol>
    <p><img src="/profile/2fa/qr.svg" alt="<?cs var:L.twofa.qr_alt ?>" width="200" height="200" class="qr"></p>
    <p class="muted"><?cs var:L.twofa.key_hint ?> <code class="hash" id="key"><?cs var:Twofa.Key ?></code></p>
    <form method="post" action="/profile/2fa" class="form">
      <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
      <input type="hidden" name="do" value="enable">
      <label for="code"><?cs var:L.twofa.code ?></label>
      <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required maxlength="6">
      <button type="submit" class="primary"><?cs var:L.twofa.enable ?></button>
    </form>
  </section>
<?cs /if ?>
</div>
<p><a href="/profile"><?cs var:L.twofa.back_to_profile ?></a></p>

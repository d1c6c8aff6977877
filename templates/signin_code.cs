<section class="card narrow">
  <h1><?cs var:L.twofa.code_title ?></h1>
  <p class="muted"><?cs var:L.twofa.code_lead ?></p>
  <?cs include:"_messages.cs" ?>
  <form method="post" action="/signin/code" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <label for="code"><?cs var:L.twofa.code ?></label>
    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required maxlength="32" autofocus>
    <button type="submit" class="primary"><?cs var:L.twofa.verify ?></button>
  </form>
  <p class="muted"><?cs var:L.twofa.code_recovery_hint ?></p>
  <p><a href="/signin"><?cs var:L.twofa.back_to_signin ?></a></p>
</section>

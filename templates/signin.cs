<section class="card narrow">
  <h1><?cs var:L.signin.title ?></h1>
  <p class="muted"><?cs var:L.signin.lead ?></p>
  <?cs include:"_messages.cs" ?>
  <?cs if:Form.Seconds ?><p class="muted"><?cs var:L.signin.wait_before ?><?cs var:Form.Seconds ?><?cs var:L.signin.wait_after ?></p><?cs /if ?>
  <?cs if:Form.Address ?><p class="muted"><?cs var:L.signin.your_address ?> <code><?cs var:Form.Address ?></code></p><?cs /if ?>
  <?cs if:Form.Minutes ?><p class="muted"><?cs var:L.signin.locked_before ?><?cs var:Form.Minutes ?><?cs var:L.signin.locked_after ?></p><?cs /if ?>
  <form method="post" action="/signin" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <?cs if:Form.Next ?><input type="hidden" name="next" value="<?cs var:Form.Next ?>"><?cs /if ?>
    <label for="email"><?cs var:L.signin.email ?></label>
    <input id="email" name="email" type="email" autocomplete="username" required maxlength="254" value="<?cs var:Form.Email ?>">
    <label for="password"><?cs var:L.signin.password ?></label>
    <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024">
    <button type="submit" class="primary"><?cs var:L.signin.submit ?></button>
  </form>
</section>

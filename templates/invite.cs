<section class="card narrow">
  <h1><?cs var:L.invite.title ?></h1>
  <p><?cs var:Invite.Name ?> &lt;<?cs var:Invite.Email ?>&gt;</p>
  <p class="muted"><?cs var:L.invite.lead ?> <?cs var:Form.MinLength ?><?cs var:L.invite.chars ?></p>
  <?cs include:"_messages.cs" ?>
  <form method="post" action="<?cs var:Invite.Self ?>" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <label for="new"><?cs var:L.invite.password ?></label>
    <input id="new" name="new_password" type="password" autocomplete="new-password" required maxlength="1024">
    <label for="confirm"><?cs var:L.invite.confirm ?></label>
    <input id="confirm" name="confirm_password" type="password" autocomplete="new-password" required maxlength="1024">
    <button type="submit" class="primary"><?cs var:L.invite.submit ?></button>
  </form>
</section>

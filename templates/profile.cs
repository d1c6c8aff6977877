<h1><?cs var:L.profile.title ?></h1>
<?cs include:"_messages.cs" ?>
<div class="grid">
  <section class="card">
    <h2><?cs var:L.profile.details ?></h2>
    <dl class="facts">
      <dt><?cs var:L.profile.email ?></dt><dd><?cs var:User.Email ?></dd>
      <dt><?cs var:L.profile.org ?></dt><dd><?cs if:User.Org ?><?cs var:User.Org ?><?cs else ?><?cs var:L.app.operator ?><?cs /if ?></dd>
      <?cs if:Profile.Dept ?><dt><?cs var:L.profile.dept ?></dt><dd><?cs var:Profile.Dept ?></dd><?cs /if ?>
      <dt><?cs var:L.profile.roles ?></dt><dd><?cs each:role = Roles ?><span class="tag"><?cs var:role ?></span> <?cs /each ?></dd>
    </dl>
    <form method="post" action="/profile" class="form">
      <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
      <label for="name"><?cs var:L.profile.name ?></label>
      <input id="name" name="name" type="text" required maxlength="200" value="<?cs var:User.Name ?>">
      <label for="lang"><?cs var:L.profile.lang ?></label>
      <select id="lang" name="lang">
        <option value="ja"<?cs if:Profile.Lang == "ja" ?> selected<?cs /if ?>><?cs var:L.lang.ja ?></option>
        <option value="en"<?cs if:Profile.Lang == "en" ?> selected<?cs /if ?>><?cs var:L.lang.en ?></option>
      </select>
      <button type="submit" class="primary"><?cs var:L.profile.save ?></button>
    </form>
  </section>
  <section class="card">
    <h2><?cs var:L.password.title ?></h2>
    <p class="muted"><?cs var:L.password.rules_before ?><?cs var:Form.MinLength ?><?cs var:L.password.rules_after ?></p>
    <form method="post" action="/profile/password" class="form">
      <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
      <label for="current_password"><?cs var:L.password.current ?></label>
      <input id="current_password" name="current_password" type="password" autocomplete="current-password" required maxlength="1024">
      <label for="new_password"><?cs var:L.password.new ?></label>
      <input id="new_password" name="new_password" type="password" autocomplete="new-password" required maxlength="1024">
      <label for="confirm_password"><?cs var:L.password.confirm ?></label>
      <input id="confirm_password" name="confirm_password" type="password" autocomplete="new-password" required maxlength="1024">
      <button type="submit" class="primary"><?cs var:L.password.submit ?></button>
    </form>
  </section>
  <section class="card">
    <h2><?cs var:L.twofa.title ?></h2>
    <p class="muted"><?cs var:L.twofa.profile_lead ?></p>
    <p><a href="/profile/2fa"><?cs var:L.twofa.manage ?></a></p>
  </section>
  <section class="card">
    <h2><?cs var:L.profile.sessions ?></h2>
    <p class="muted"><?cs var:L.profile.signout_all_lead ?></p>
    <form method="post" action="/signout/all" class="form">
      <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
      <button type="submit" class="danger"><?cs var:L.profile.signout_all ?></button>
    </form>
  </section>
</div>

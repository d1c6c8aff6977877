<?cs include:"_admin_nav.cs" ?>
<h1><?cs var:L.settings.title ?></h1>
<?cs include:"_messages.cs" ?>
<form method="post" action="/admin/settings" class="form card narrow">
  <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
  <label for="s-name"><?cs var:L.ops.name ?></label>
  <input id="s-name" name="org_name" type="text" required maxlength="200" value="<?cs var:S.name ?>">
  <p class="muted small"><?cs var:L.settings.data_location ?> <strong><?cs if:S.data_location ?><?cs var:S.data_location ?><?cs else ?><?cs var:L.settings.data_location_unset ?><?cs /if ?></strong></p>
  <h2><?cs var:L.ops.contact ?></h2>
  <p class="muted small"><?cs var:L.settings.contact_hint ?></p>
  <label for="s-cn"><?cs var:L.ops.contact_name ?></label>
  <input id="s-cn" name="contact_name" type="text" maxlength="100" value="<?cs var:S.contact_name ?>">
  <label for="s-ce"><?cs var:L.ops.contact_email ?></label>
  <input id="s-ce" name="contact_email" type="email" maxlength="254" value="<?cs var:S.contact_email ?>">
  <label for="s-cp"><?cs var:L.ops.contact_phone ?></label>
  <input id="s-cp" name="contact_phone" type="tel" maxlength="40" value="<?cs var:S.contact_phone ?>">
  <label for="s-cl"><?cs var:L.ops.contact_lang ?></label>
  <select id="s-cl" name="contact_lang"><option value="ja"<?cs if:S.contact_lang == "ja" ?> selected<?cs /if ?>><?cs var:L.lang.ja ?></option><option value="en"<?cs if:S.contact_lang == "en" ?> selected<?cs /if ?>><?cs var:L.lang.en ?></option></select>
  <h2><?cs var:L.settings.security ?></h2>
  <label for="s-min"><?cs var:L.settings.min_length ?></label>
  <input id="s-min" name="password_min_length" type="number" min="8" max="128" required value="<?cs var:S.password_min_length ?>">
  <label class="check"><input type="checkbox" name="password_check_banned" value="1"<?cs if:S.password_check_banned == "1" ?> checked<?cs /if ?>> <?cs var:L.settings.banned ?></label>
  <label for="s-idle"><?cs var:L.settings.idle ?> <span class="muted small">(5–<?cs var:S.max_idle ?>)</span></label>
  <input id="s-idle" name="session_idle_minutes" type="number" min="5" max="<?cs var:S.max_idle ?>" required value="<?cs var:S.idle_minutes ?>">
  <label for="s-life"><?cs var:L.settings.life ?> <span class="muted small">(1–<?cs var:S.max_life ?>)</span></label>
  <input id="s-life" name="session_lifetime_hours" type="number" min="1" max="<?cs var:S.max_life ?>" required value="<?cs var:S.lifetime_hours ?>">
  <label class="check"><input type="checkbox" name="require_2fa" value="1"<?cs if:S.require_2fa == "1" ?> checked<?cs /if ?>> <?cs var:L.security.require_2fa ?></label>
  <p class="muted small"><?cs var:L.security.require_2fa_hint ?></p>
  <label for="s-ip"><?cs var:L.security.ip_allow ?></label>
  <p class="muted small" id="s-ip-hint"><?cs var:L.security.ip_allow_hint ?> <?cs var:L.security.your_address ?> <code><?cs var:S.your_address ?></code></p>
  <?cs if:Form.BadRange ?><p class="msg msg-error"><?cs var:L.security.bad_range ?> <code><?cs var:Form.BadRange ?></code></p><?cs /if ?>
  <textarea id="s-ip" name="ip_allow" rows="4" maxlength="4000" aria-describedby="s-ip-hint"><?cs var:S.ip_allow ?></textarea>
  <button type="submit" class="primary"><?cs var:L.admin.user.save ?></button>
</form>

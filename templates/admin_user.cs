<?cs include:"_admin_nav.cs" ?>
<p class="crumbs"><a href="/admin/users"><?cs var:L.admin.users.title ?></a></p>
<h1><?cs var:U.Name ?></h1>
<section class="card">
  <dl class="facts">
    <dt><?cs var:L.admin.users.email ?></dt><dd><?cs var:U.Email ?></dd>
    <dt><?cs var:L.admin.users.dept ?></dt><dd><?cs var:U.Dept ?></dd>
    <dt><?cs var:L.admin.users.roles ?></dt><dd><?cs each:role = U.Roles ?><span class="tag"><?cs var:role ?></span> <?cs /each ?></dd>
    <dt><?cs var:L.profile.lang ?></dt><dd><?cs var:U.Lang ?></dd>
    <dt><?cs var:L.admin.users.state ?></dt><dd><?cs if:U.Disabled == "1" ?><?cs var:L.admin.users.disabled ?><?cs else ?><?cs var:L.admin.users.active ?><?cs /if ?></dd>
    <dt><?cs var:L.user.twofa ?></dt><dd><?cs if:U.Twofa == "1" ?><?cs var:L.user.twofa_on ?><?cs else ?><?cs var:L.user.twofa_off ?><?cs /if ?></dd>
    <dt><?cs var:L.admin.users.created ?></dt><dd><?cs var:U.Created ?> JST</dd>
  </dl>
</section>
<?cs if:Perm.org_settings ?>
<section class="card spaced">
  <h2><?cs var:L.admin.user.edit ?></h2>
  <form method="post" action="/admin/users/<?cs var:U.Id ?>" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <label for="u-dept"><?cs var:L.admin.users.dept ?></label>
    <select id="u-dept" name="department_id"><option value=""><?cs var:L.admin.user.no_dept ?></option><?cs each:d = Depts ?><option value="<?cs var:d.Id ?>"<?cs if:d.Id == U.DeptId ?> selected<?cs /if ?>><?cs var:d.Name ?></option><?cs /each ?></select>
    <label for="u-role"><?cs var:L.admin.users.roles ?></label>
    <select id="u-role" name="role_id"><?cs each:c = RoleChoices ?><option value="<?cs var:c.Id ?>"<?cs if:c.Id == U.RoleId ?> selected<?cs /if ?>><?cs var:c.Name ?></option><?cs /each ?></select>
    <button type="submit" name="do" value="save" class="primary"><?cs var:L.admin.user.save ?></button>
  </form>
  <form method="post" action="/admin/users/<?cs var:U.Id ?>" class="inline spaced">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <?cs if:U.Disabled == "1" ?><button type="submit" name="do" value="enable" class="secondary"><?cs var:L.admin.user.enable ?></button>
    <?cs else ?><button type="submit" name="do" value="disable" class="danger"><?cs var:L.admin.user.disable ?></button> <span class="muted small"><?cs var:L.admin.user.disable_hint ?></span><?cs /if ?>
    <button type="submit" name="do" value="reset" class="secondary"><?cs var:L.admin.user.reset ?></button>
  </form>
  <?cs if:U.Twofa == "1" ?>
  <form method="post" action="/admin/users/<?cs var:U.Id ?>" class="inline spaced">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <button type="submit" name="do" value="reset_2fa" class="danger"><?cs var:L.user.twofa_reset ?></button> <span class="muted small"><?cs var:L.user.twofa_reset_hint ?></span>
  </form>
  <?cs /if ?>
</section>
<?cs /if ?>

<?cs include:"_admin_nav.cs" ?>
<h1><?cs var:L.admin.users.title ?></h1>
<form method="get" action="/admin/users" class="filter-row spaced" role="search">
  <div><label for="f-q"><?cs var:L.admin.users.search ?></label>
  <input id="f-q" name="q" type="search" maxlength="200" value="<?cs var:Filter.q ?>"></div>
  <div><label for="f-role"><?cs var:L.admin.users.roles ?></label>
  <select id="f-role" name="role_id"><option value=""><?cs var:L.admin.users.any ?></option><?cs each:c = RoleChoices ?><option value="<?cs var:c.Id ?>"<?cs if:c.Id == Filter.role ?> selected<?cs /if ?>><?cs var:c.Name ?></option><?cs /each ?></select></div>
  <div><label for="f-dept"><?cs var:L.admin.users.dept ?></label>
  <select id="f-dept" name="department_id"><option value=""><?cs var:L.admin.users.any ?></option><?cs each:d = Depts ?><option value="<?cs var:d.Id ?>"<?cs if:d.Id == Filter.dept ?> selected<?cs /if ?>><?cs var:d.Name ?></option><?cs /each ?></select></div>
  <div><label for="f-state"><?cs var:L.admin.users.state ?></label>
  <select id="f-state" name="state"><option value=""><?cs var:L.admin.users.any ?></option><option value="active"<?cs if:Filter.state == "active" ?> selected<?cs /if ?>><?cs var:L.admin.users.active ?></option><option value="disabled"<?cs if:Filter.state == "disabled" ?> selected<?cs /if ?>><?cs var:L.admin.users.disabled ?></option></select></div>
  <div class="filter-go"><button type="submit" class="secondary"><?cs var:L.admin.users.filter ?></button>
  <?cs if:Filter.On ?><a href="/admin/users"><?cs var:L.admin.users.clear ?></a><?cs /if ?></div>
</form>
<p class="muted" aria-live="polite"><?cs if:Filter.On ?><?cs var:L.admin.users.found ?><?cs else ?><?cs var:L.admin.users.count ?><?cs /if ?>: <?cs var:UserCount ?></p>
<?cs if:UserCount == 0 ?>
<p class="empty"><?cs if:Filter.On ?><?cs var:L.admin.users.none_found ?><?cs else ?><?cs var:L.admin.users.empty ?><?cs /if ?></p>
<?cs else ?>
<div class="table-wrap">
<table class="table">
  <thead><tr><th scope="col"><?cs var:L.admin.users.name ?></th><th scope="col"><?cs var:L.admin.users.email ?></th><th scope="col"><?cs var:L.admin.users.dept ?></th><th scope="col"><?cs var:L.admin.users.roles ?></th><th scope="col"><?cs var:L.admin.users.state ?></th></tr></thead>
  <tbody>
  <?cs each:u = Users ?>
  <tr>
    <td data-label="<?cs var:L.admin.users.name ?>"><a href="/admin/users/<?cs var:u.Id ?>"><?cs var:u.Name ?></a></td>
    <td data-label="<?cs var:L.admin.users.email ?>"><?cs var:u.Email ?></td>
    <td data-label="<?cs var:L.admin.users.dept ?>"><?cs var:u.Dept ?></td>
    <td data-label="<?cs var:L.admin.users.roles ?>"><?cs each:role = u.Roles ?><span class="tag"><?cs var:role ?></span> <?cs /each ?></td>
    <td data-label="<?cs var:L.admin.users.state ?>"><?cs if:u.Disabled == "1" ?><span class="tag tag-off"><?cs var:L.admin.users.disabled ?></span><?cs else ?><?cs var:L.admin.users.active ?><?cs /if ?></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<?cs /if ?>
<?cs if:Perm.org_settings ?>
<section class="card spaced narrow">
  <h2><?cs var:L.admin.users.invite ?></h2>
  <form method="post" action="/admin/users" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <label for="i-name"><?cs var:L.signing.name ?></label>
    <input id="i-name" name="name" type="text" required maxlength="100">
    <label for="i-email"><?cs var:L.admin.users.email ?></label>
    <input id="i-email" name="email" type="email" required maxlength="254">
    <label for="i-dept"><?cs var:L.admin.users.dept ?></label>
    <select id="i-dept" name="department_id"><option value=""><?cs var:L.admin.user.no_dept ?></option><?cs each:d = Depts ?><option value="<?cs var:d.Id ?>"><?cs var:d.Name ?></option><?cs /each ?></select>
    <label for="i-role"><?cs var:L.admin.users.roles ?></label>
    <select id="i-role" name="role_id"><?cs each:c = RoleChoices ?><option value="<?cs var:c.Id ?>"<?cs if:c.Id == 3 ?> selected<?cs /if ?>><?cs var:c.Name ?></option><?cs /each ?></select>
    <button type="submit" class="primary"><?cs var:L.admin.users.invite_send ?></button>
  </form>
</section>
<?cs /if ?>

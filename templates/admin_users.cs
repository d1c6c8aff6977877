<?cs if:Perm.org_fields_manage ?><nav class="subnav" aria-label="<?cs var:L.nav.admin ?>"><a href="/admin/users" aria-current="page"><?cs var:L.admin.users.title ?></a> <a href="/admin/fields"><?cs var:L.admin.fields.title ?></a></nav><?cs /if ?>
<h1><?cs var:L.admin.users.title ?></h1>
<p class="muted"><?cs var:L.admin.users.count ?>: <?cs var:UserCount ?></p>
<?cs if:UserCount == 0 ?>
<p class="empty"><?cs var:L.admin.users.empty ?></p>
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

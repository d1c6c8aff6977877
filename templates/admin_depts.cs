<?cs include:"_admin_nav.cs" ?>
<h1><?cs var:L.depts.title ?></h1>
<p class="muted"><?cs var:L.depts.lead ?></p>
<?cs include:"_messages.cs" ?>
<div class="table-wrap spaced">
<table class="table">
  <thead><tr><th scope="col"><?cs var:L.depts.name ?></th><th scope="col" class="num"><?cs var:L.ops.users ?></th><th scope="col"><?cs var:L.depts.change ?></th></tr></thead>
  <tbody>
  <?cs each:d = Tree ?>
  <tr>
    <td data-label="<?cs var:L.depts.name ?>" class="depth-<?cs var:d.Depth ?>"><?cs loop:i = 1, d.Depth, 1 ?>› <?cs /loop ?><?cs var:d.Name ?></td>
    <td data-label="<?cs var:L.ops.users ?>" class="num"><?cs var:d.Users ?></td>
    <td data-label="<?cs var:L.depts.change ?>"><details><summary><?cs var:L.depts.change ?></summary>
      <form method="post" action="/admin/departments/<?cs var:d.Id ?>" class="form">
        <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
        <input name="name" type="text" required maxlength="200" value="<?cs var:d.Name ?>" aria-label="<?cs var:L.depts.name ?>">
        <select name="department_id" aria-label="<?cs var:L.depts.parent ?>"><option value=""><?cs var:L.depts.top ?></option><?cs each:p = Tree ?><option value="<?cs var:p.Id ?>"<?cs if:p.Id == d.Parent ?> selected<?cs /if ?>><?cs var:p.Name ?></option><?cs /each ?></select>
        <button type="submit" class="secondary small"><?cs var:L.admin.user.save ?></button>
      </form></details></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<section class="card spaced narrow">
  <h2><?cs var:L.depts.new ?></h2>
  <form method="post" action="/admin/departments" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <label for="d-name"><?cs var:L.depts.name ?></label>
    <input id="d-name" name="name" type="text" required maxlength="200">
    <label for="d-parent"><?cs var:L.depts.parent ?></label>
    <select id="d-parent" name="department_id"><option value=""><?cs var:L.depts.top ?></option><?cs each:p = Tree ?><option value="<?cs var:p.Id ?>"><?cs var:p.Name ?></option><?cs /each ?></select>
    <button type="submit" class="primary"><?cs var:L.depts.create ?></button>
  </form>
</section>

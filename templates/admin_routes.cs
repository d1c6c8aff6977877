<?cs include:"_admin_nav.cs" ?>
<h1><?cs var:L.routes.title ?></h1>
<p class="muted"><?cs var:L.routes.intro ?></p>
<?cs include:"_messages.cs" ?>
<?cs if:subcount(Routes) == 0 ?>
<p class="empty"><?cs var:L.routes.empty ?></p>
<?cs else ?>
<div class="table-wrap">
<table class="table">
  <thead><tr><th scope="col"><?cs var:L.routes.name ?></th><th scope="col"><?cs var:L.routes.type ?></th><th scope="col"><?cs var:L.routes.steps ?></th><th scope="col"><?cs var:L.routes.state ?></th></tr></thead>
  <tbody>
  <?cs each:ro = Routes ?>
  <tr>
    <td data-label="<?cs var:L.routes.name ?>"><a href="/admin/routes/<?cs var:ro.Id ?>"><?cs var:ro.Name ?></a></td>
    <td data-label="<?cs var:L.routes.type ?>"><?cs if:ro.Type ?><?cs var:ro.Type ?><?cs else ?><span class="muted"><?cs var:L.routes.any_type ?></span><?cs /if ?></td>
    <td data-label="<?cs var:L.routes.steps ?>"><?cs var:ro.Steps ?></td>
    <td data-label="<?cs var:L.routes.state ?>"><?cs if:ro.Active == "1" ?><?cs var:L.routes.active ?><?cs else ?><span class="tag tag-off"><?cs var:L.routes.inactive ?></span><?cs /if ?></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<?cs /if ?>
<section class="card spaced">
  <h2><?cs var:L.routes.new ?></h2>
  <form method="post" action="/admin/routes" class="stack">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <label for="rt-name"><?cs var:L.routes.name ?></label>
    <input id="rt-name" name="name" maxlength="100" required>
    <label for="rt-type"><?cs var:L.routes.type ?></label>
    <select id="rt-type" name="type_id">
      <option value=""><?cs var:L.routes.any_type ?></option>
      <?cs each:t = Types ?><option value="<?cs var:t.Id ?>"><?cs var:t.Name ?></option><?cs /each ?>
    </select>
    <button type="submit" class="primary"><?cs var:L.routes.create ?></button>
  </form>
</section>

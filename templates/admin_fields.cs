<?cs include:"_admin_nav.cs" ?>
<h1><?cs var:L.admin.fields.title ?></h1>
<p class="lead"><?cs var:L.admin.fields.lead ?></p>
<?cs if:FieldCount == 0 ?>
<p class="empty"><?cs var:L.admin.fields.empty ?></p>
<?cs else ?>
<div class="table-wrap">
<table class="table">
  <thead><tr><th scope="col"><?cs var:L.admin.fields.name ?></th><th scope="col"><?cs var:L.admin.fields.kind ?></th><th scope="col"><?cs var:L.admin.fields.sort ?></th><th scope="col"><?cs var:L.admin.fields.in_ledger ?></th><th scope="col"><?cs var:L.admin.fields.state ?></th></tr></thead>
  <tbody>
  <?cs each:f = Fields ?>
  <tr>
    <td data-label="<?cs var:L.admin.fields.name ?>"><a href="/admin/fields/<?cs var:f.Id ?>"><?cs var:f.Name ?></a></td>
    <td data-label="<?cs var:L.admin.fields.kind ?>"><?cs var:f.KindName ?></td>
    <td data-label="<?cs var:L.admin.fields.sort ?>" class="num"><?cs var:f.Sort ?></td>
    <td data-label="<?cs var:L.admin.fields.in_ledger ?>"><?cs if:f.InLedger == "1" ?><?cs var:L.contracts.yes ?><?cs else ?><?cs var:L.contracts.no ?><?cs /if ?></td>
    <td data-label="<?cs var:L.admin.fields.state ?>"><?cs if:f.Disabled == "1" ?><span class="tag tag-off"><?cs var:L.admin.fields.disabled ?></span><?cs else ?><?cs var:L.admin.users.active ?><?cs /if ?><?cs if:f.Used == "1" ?> <span class="muted"><?cs var:L.admin.fields.used ?></span><?cs /if ?></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<?cs /if ?>
<section class="card spaced">
  <h2><?cs var:L.admin.fields.add ?></h2>
  <?cs include:"_messages.cs" ?>
  <form method="post" action="/admin/fields" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <label for="name"><?cs var:L.admin.fields.name ?> *</label>
    <input id="name" name="name" type="text" required maxlength="100" value="<?cs var:New.name ?>">
    <label for="kind"><?cs var:L.admin.fields.kind ?></label>
    <select id="kind" name="kind">
      <?cs each:k = L.fields.kind ?><option value="<?cs var:name(k) ?>"<?cs if:New.kind == name(k) ?> selected<?cs /if ?>><?cs var:k ?></option><?cs /each ?>
    </select>
    <label for="options"><?cs var:L.admin.fields.options ?></label>
    <textarea id="options" name="options" rows="4" maxlength="10000"><?cs var:New.options ?></textarea>
    <p class="muted"><?cs var:L.admin.fields.options_hint ?></p>
    <label for="sort"><?cs var:L.admin.fields.sort ?></label>
    <input id="sort" name="sort" type="number" min="0" max="9999" value="<?cs var:New.sort ?>">
    <label class="check"><input name="in_ledger" type="checkbox" value="1"<?cs if:New.in_ledger ?> checked<?cs /if ?>> <?cs var:L.admin.fields.in_ledger ?></label>
    <button type="submit" class="primary"><?cs var:L.admin.fields.create ?></button>
  </form>
</section>

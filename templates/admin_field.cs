<?cs include:"_admin_nav.cs" ?>
<h1><?cs var:L.admin.field.title ?>: <?cs var:Field.Name ?></h1>
<?cs include:"_messages.cs" ?>
<section class="card">
  <form method="post" action="/admin/fields/<?cs var:Field.Id ?>" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <label for="name"><?cs var:L.admin.fields.name ?> *</label>
    <input id="name" name="name" type="text" required maxlength="100" value="<?cs var:Field.Name ?>">
    <p><?cs var:L.admin.fields.kind ?>: <?cs var:Field.KindName ?> <span class="muted">(<?cs var:L.admin.fields.kind_fixed ?>)</span></p>
    <?cs if:Field.Kind == "choice" ?>
    <label for="options"><?cs var:L.admin.fields.options ?></label>
    <textarea id="options" name="options" rows="6" maxlength="10000"><?cs var:Field.Options ?></textarea>
    <p class="muted"><?cs var:L.admin.fields.options_hint ?></p>
    <?cs /if ?>
    <label for="sort"><?cs var:L.admin.fields.sort ?></label>
    <input id="sort" name="sort" type="number" min="0" max="9999" value="<?cs var:Field.Sort ?>">
    <label class="check"><input name="in_ledger" type="checkbox" value="1"<?cs if:Field.InLedger == "1" ?> checked<?cs /if ?>> <?cs var:L.admin.fields.in_ledger ?></label>
    <label class="check"><input name="disabled" type="checkbox" value="1"<?cs if:Field.Disabled == "1" ?> checked<?cs /if ?>> <?cs var:L.admin.fields.disable ?></label>
    <button type="submit" class="primary"><?cs var:L.admin.fields.save ?></button>
  </form>
</section>
<section class="card spaced">
  <h2><?cs var:L.admin.fields.delete ?></h2>
  <?cs if:Field.Used == "1" ?>
  <p class="muted"><?cs var:L.fields.in_use ?></p>
  <?cs else ?>
  <form method="post" action="/admin/fields/<?cs var:Field.Id ?>/delete" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <label class="check"><input name="confirm" type="checkbox" value="1"> <?cs var:L.admin.fields.delete_confirm ?></label>
    <button type="submit" class="danger"><?cs var:L.admin.fields.delete ?></button>
  </form>
  <?cs /if ?>
</section>

<p class="crumbs"><a href="/admin/routes"><?cs var:L.routes.title ?></a></p>
<h1><?cs var:Route.Name ?></h1>
<?cs include:"_messages.cs" ?>
<section class="card">
  <h2><?cs var:L.routes.steps ?></h2>
  <?cs if:subcount(Steps) == 0 ?>
  <p class="empty"><?cs var:L.routes.no_steps ?></p>
  <?cs else ?>
  <ol class="steps">
  <?cs each:st = Steps ?>
    <li><?cs var:st.Kind ?>: <strong><?cs var:st.Approver ?></strong> (<?cs var:st.Rule ?>)
      <form method="post" action="/admin/routes/<?cs var:Route.Id ?>/steps/<?cs var:st.Id ?>/delete" class="inline">
        <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
        <button type="submit" class="link"><?cs var:L.routes.remove ?></button>
      </form>
    </li>
  <?cs /each ?>
  </ol>
  <?cs /if ?>
  <h3><?cs var:L.routes.add_step ?></h3>
  <form method="post" action="/admin/routes/<?cs var:Route.Id ?>/steps" class="step-form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <label for="st-who"><?cs var:L.workflow.approver ?></label>
    <select id="st-who" name="approver" required>
      <optgroup label="<?cs var:L.approval.kind.user ?>"><?cs each:u = Users ?><option value="user:<?cs var:u.Id ?>"><?cs var:u.Name ?></option><?cs /each ?></optgroup>
      <optgroup label="<?cs var:L.approval.kind.role ?>"><?cs each:ro = Roles ?><option value="role:<?cs var:ro.Id ?>"><?cs var:ro.Name ?></option><?cs /each ?></optgroup>
      <optgroup label="<?cs var:L.approval.kind.department ?>"><?cs each:d = Depts ?><option value="department:<?cs var:d.Id ?>"><?cs var:d.Name ?></option><?cs /each ?></optgroup>
    </select>
    <label for="st-rule"><?cs var:L.workflow.rule ?></label>
    <select id="st-rule" name="rule">
      <option value="any"><?cs var:L.approval.rule.any ?></option>
      <option value="all"><?cs var:L.approval.rule.all ?></option>
    </select>
    <button type="submit" class="primary"><?cs var:L.routes.add_step ?></button>
  </form>
</section>
<section class="card spaced">
  <h2><?cs var:L.routes.settings ?></h2>
  <form method="post" action="/admin/routes/<?cs var:Route.Id ?>" class="step-form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <label for="rt-name"><?cs var:L.routes.name ?></label>
    <input id="rt-name" name="name" maxlength="100" required value="<?cs var:Route.Name ?>">
    <label for="rt-type"><?cs var:L.routes.type ?></label>
    <select id="rt-type" name="type_id">
      <option value=""><?cs var:L.routes.any_type ?></option>
      <?cs each:t = Types ?><option value="<?cs var:t.Id ?>"<?cs if:t.Id == Route.Type ?> selected<?cs /if ?>><?cs var:t.Name ?></option><?cs /each ?>
    </select>
    <label class="check"><input type="checkbox" name="active" value="1"<?cs if:Route.Active == "1" ?> checked<?cs /if ?>> <?cs var:L.routes.active ?></label>
    <button type="submit" class="primary"><?cs var:L.contracts.save ?></button>
  </form>
</section>

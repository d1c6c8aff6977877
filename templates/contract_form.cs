<p class="crumbs"><a href="/contracts"><?cs var:L.contracts.title ?></a></p>
<h1><?cs if:F.Id ?><?cs var:L.contracts.edit ?><?cs else ?><?cs var:L.contracts.new ?><?cs /if ?></h1>
<?cs include:"_messages.cs" ?>
<form method="post" action="<?cs if:F.Id ?>/contracts/<?cs var:F.Id ?>/edit<?cs else ?>/contracts/new<?cs /if ?>" class="form wide">
  <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
  <div class="grid">
  <fieldset class="card">
    <legend><?cs var:L.contracts.basics ?></legend>
    <label for="title"><?cs var:L.field.title ?> *</label>
    <input id="title" name="title" type="text" required maxlength="300" value="<?cs var:F.title ?>">
    <label for="number"><?cs var:L.field.number ?></label>
    <input id="number" name="number" type="text" maxlength="64" value="<?cs var:F.number ?>" placeholder="<?cs var:L.contracts.number_auto ?>">
    <label for="type_id"><?cs var:L.field.type_id ?></label>
    <select id="type_id" name="type_id"><option value=""></option>
      <?cs each:t = Types ?><option value="<?cs var:t.Id ?>"<?cs if:t.Id == F.type_id ?> selected<?cs /if ?>><?cs var:t.Name ?></option><?cs /each ?>
    </select>
    <label for="department_id"><?cs var:L.field.department_id ?></label>
    <select id="department_id" name="department_id"><option value=""></option>
      <?cs each:d = Depts ?><option value="<?cs var:d.Id ?>"<?cs if:d.Id == F.department_id ?> selected<?cs /if ?>><?cs var:d.Name ?></option><?cs /each ?>
    </select>
    <label for="owner_id"><?cs var:L.field.owner_id ?></label>
    <select id="owner_id" name="owner_id"><option value=""></option>
      <?cs each:o = Owners ?><option value="<?cs var:o.Id ?>"<?cs if:o.Id == F.owner_id ?> selected<?cs /if ?>><?cs var:o.Name ?></option><?cs /each ?>
    </select>
    <?cs if:!F.Id ?>
    <label for="status"><?cs var:L.contracts.status ?></label>
    <select id="status" name="status">
      <option value="draft"><?cs var:L.status.draft ?></option>
      <option value="executed"><?cs var:L.contracts.register_executed ?></option>
    </select>
    <?cs /if ?>
  </fieldset>
  <fieldset class="card">
    <legend><?cs var:L.contracts.party ?></legend>
    <label for="counterparty"><?cs var:L.field.counterparty ?></label>
    <input id="counterparty" name="counterparty" type="text" maxlength="200" value="<?cs var:F.counterparty ?>">
    <label for="counterparty_dept"><?cs var:L.field.counterparty_dept ?></label>
    <input id="counterparty_dept" name="counterparty_dept" type="text" maxlength="200" value="<?cs var:F.counterparty_dept ?>">
    <label for="counterparty_contact"><?cs var:L.field.counterparty_contact ?></label>
    <input id="counterparty_contact" name="counterparty_contact" type="text" maxlength="200" value="<?cs var:F.counterparty_contact ?>">
    <label for="amount"><?cs var:L.field.amount ?></label>
    <div class="pair">
      <input id="amount" name="amount" type="text" inputmode="numeric" maxlength="20" value="<?cs var:F.amount ?>">
      <select name="currency" aria-label="<?cs var:L.field.currency ?>">
        <option value="JPY"<?cs if:F.currency == "JPY" ?> selected<?cs /if ?>>JPY</option>
        <option value="USD"<?cs if:F.currency == "USD" ?> selected<?cs /if ?>>USD</option>
        <option value="EUR"<?cs if:F.currency == "EUR" ?> selected<?cs /if ?>>EUR</option>
        <option value="CNY"<?cs if:F.currency == "CNY" ?> selected<?cs /if ?>>CNY</option>
        <option value="GBP"<?cs if:F.currency == "GBP" ?> selected<?cs /if ?>>GBP</option>
      </select>
    </div>
  </fieldset>
  <fieldset class="card">
    <legend><?cs var:L.contracts.dates ?></legend>
    <label for="contract_date"><?cs var:L.field.contract_date ?></label>
    <input id="contract_date" name="contract_date" type="date" value="<?cs var:F.contract_date ?>">
    <label for="effective_date"><?cs var:L.field.effective_date ?></label>
    <input id="effective_date" name="effective_date" type="date" value="<?cs var:F.effective_date ?>">
    <label for="expiry_date"><?cs var:L.field.expiry_date ?></label>
    <input id="expiry_date" name="expiry_date" type="date" value="<?cs var:F.expiry_date ?>">
    <label class="check"><input name="auto_renew" type="checkbox" value="1"<?cs if:F.auto_renew == "1" ?> checked<?cs /if ?>> <?cs var:L.field.auto_renew ?></label>
    <label for="renewal_months"><?cs var:L.field.renewal_months ?></label>
    <input id="renewal_months" name="renewal_months" type="number" min="1" max="120" value="<?cs var:F.renewal_months ?>">
    <label for="notice_days"><?cs var:L.field.notice_days ?></label>
    <input id="notice_days" name="notice_days" type="number" min="0" max="3650" value="<?cs var:F.notice_days ?>">
  </fieldset>
  </div>
  <!-- custom fields, tags and parent: begin -->
  <div class="grid">
  <?cs if:subcount(CF) > 0 ?>
  <fieldset class="card">
    <legend><?cs var:L.contracts.custom_fields ?></legend>
    <?cs each:f = CF ?>
    <label for="cf<?cs var:f.Id ?>"><?cs var:f.Name ?></label>
    <?cs if:f.Kind == "choice" ?>
    <select id="cf<?cs var:f.Id ?>" name="cf<?cs var:f.Id ?>"><option value=""></option>
      <?cs each:o = f.Options ?><option value="<?cs var:o.Name ?>"<?cs if:o.Selected ?> selected<?cs /if ?>><?cs var:o.Name ?></option><?cs /each ?>
    </select>
    <?cs elif:f.Kind == "date" ?>
    <input id="cf<?cs var:f.Id ?>" name="cf<?cs var:f.Id ?>" type="date" value="<?cs var:f.Value ?>">
    <?cs elif:f.Kind == "number" ?>
    <input id="cf<?cs var:f.Id ?>" name="cf<?cs var:f.Id ?>" type="text" inputmode="numeric" maxlength="24" value="<?cs var:f.Value ?>">
    <?cs else ?>
    <input id="cf<?cs var:f.Id ?>" name="cf<?cs var:f.Id ?>" type="text" maxlength="200" value="<?cs var:f.Value ?>">
    <?cs /if ?>
    <?cs /each ?>
  </fieldset>
  <?cs /if ?>
  <fieldset class="card">
    <legend><?cs var:L.contracts.related ?></legend>
    <label for="tags"><?cs var:L.field.tags ?></label>
    <input id="tags" name="tags" type="text" maxlength="800" value="<?cs var:F.tags ?>" placeholder="<?cs var:L.contracts.tags_hint ?>">
    <label for="parent"><?cs var:L.field.parent_id ?></label>
    <?cs if:F.ParentHidden ?>
    <p class="muted"><?cs var:L.contracts.parent_hidden ?></p>
    <?cs else ?>
    <input id="parent" name="parent" type="text" maxlength="64" value="<?cs var:F.parent ?>" placeholder="<?cs var:L.contracts.parent_hint ?>">
    <?cs /if ?>
  </fieldset>
  </div>
  <!-- custom fields, tags and parent: end -->
  <label for="notes"><?cs var:L.field.notes ?></label>
  <textarea id="notes" name="notes" rows="5" maxlength="10000"><?cs var:F.notes ?></textarea>
  <?cs if:F.Id ?>
  <label for="reason"><?cs var:L.field.reason ?></label>
  <input id="reason" name="reason" type="text" maxlength="200">
  <?cs /if ?>
  <button type="submit" class="primary"><?cs var:L.contracts.save ?></button>
</form>

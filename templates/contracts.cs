<?cs def:sorthead(s, label) ?><th scope="col"<?cs if:s.Dir == "asc" ?> aria-sort="ascending"<?cs elif:s.Dir == "desc" ?> aria-sort="descending"<?cs /if ?>><a class="sort" href="<?cs var:s.Href ?>"><?cs var:label ?><?cs if:s.Dir == "asc" ?> <span aria-hidden="true">▲</span><?cs elif:s.Dir == "desc" ?> <span aria-hidden="true">▼</span><?cs /if ?></a></th><?cs /def ?>
<div class="head-row">
  <h1><?cs var:L.contracts.title ?></h1>
  <?cs if:CanEdit ?><a class="button primary" href="/contracts/new"><?cs var:L.contracts.new ?></a><?cs /if ?>
</div>
<form method="get" action="/contracts" class="filters">
  <input type="hidden" name="sort" value="<?cs var:Sort.Key ?>">
  <input type="hidden" name="dir" value="<?cs var:Sort.Dir ?>">
  <div class="search">
    <label for="q"><?cs var:L.contracts.search ?></label>
    <input id="q" name="q" type="search" maxlength="200" value="<?cs var:Q ?>">
    <button type="submit"><?cs var:L.contracts.search_go ?></button>
  </div>
  <details<?cs if:Filter.Open ?> open<?cs /if ?>>
    <summary><?cs var:L.contracts.filters ?></summary>
    <div class="filter-grid">
      <label><?cs var:L.field.contract_date ?> <?cs var:L.contracts.from ?><input name="date_from" type="date" value="<?cs var:Filter.date_from ?>"></label>
      <label><?cs var:L.field.contract_date ?> <?cs var:L.contracts.to ?><input name="date_to" type="date" value="<?cs var:Filter.date_to ?>"></label>
      <label><?cs var:L.field.expiry_date ?> <?cs var:L.contracts.from ?><input name="expiry_from" type="date" value="<?cs var:Filter.expiry_from ?>"></label>
      <label><?cs var:L.field.expiry_date ?> <?cs var:L.contracts.to ?><input name="expiry_to" type="date" value="<?cs var:Filter.expiry_to ?>"></label>
      <label><?cs var:L.field.effective_date ?> <?cs var:L.contracts.from ?><input name="effective_from" type="date" value="<?cs var:Filter.effective_from ?>"></label>
      <label><?cs var:L.field.effective_date ?> <?cs var:L.contracts.to ?><input name="effective_to" type="date" value="<?cs var:Filter.effective_to ?>"></label>
      <label><?cs var:L.field.amount ?> <?cs var:L.contracts.from ?><input name="amount_min" type="text" inputmode="numeric" maxlength="20" value="<?cs var:Filter.amount_min ?>"></label>
      <label><?cs var:L.field.amount ?> <?cs var:L.contracts.to ?><input name="amount_max" type="text" inputmode="numeric" maxlength="20" value="<?cs var:Filter.amount_max ?>"></label>
      <label><?cs var:L.field.counterparty ?><input name="party" type="text" maxlength="200" value="<?cs var:Filter.party ?>"></label>
      <label><?cs var:L.contracts.status ?><select name="fstatus">
        <option value=""></option>
        <?cs each:st = L.status ?><option value="<?cs var:name(st) ?>"<?cs if:Filter.fstatus == name(st) ?> selected<?cs /if ?>><?cs var:st ?></option><?cs /each ?>
      </select></label>
      <label><?cs var:L.field.department_id ?><select name="dept">
        <option value=""></option>
        <?cs each:d = Depts ?><option value="<?cs var:d.Id ?>"<?cs if:Filter.dept == d.Id ?> selected<?cs /if ?>><?cs var:d.Name ?></option><?cs /each ?>
      </select></label>
      <label><?cs var:L.field.owner_id ?><select name="owner">
        <option value=""></option>
        <?cs each:o = Owners ?><option value="<?cs var:o.Id ?>"<?cs if:Filter.owner == o.Id ?> selected<?cs /if ?>><?cs var:o.Name ?></option><?cs /each ?>
      </select></label>
      <label><?cs var:L.contracts.tag_filter ?><input name="tag" type="text" maxlength="200" value="<?cs var:Filter.tag ?>" placeholder="<?cs var:L.contracts.tag_filter_hint ?>"></label>
    </div>
    <?cs if:subcount(FF) > 0 ?>
    <!-- custom fields: begin -->
    <h2 class="filter-head"><?cs var:L.contracts.custom_fields ?></h2>
    <div class="filter-grid">
      <?cs each:f = FF ?>
      <?cs if:f.Kind == "number" ?>
      <label><?cs var:f.Name ?> <?cs var:L.contracts.from ?><input name="cf<?cs var:f.Id ?>_min" type="text" inputmode="numeric" maxlength="20" value="<?cs var:f.Min ?>"></label>
      <label><?cs var:f.Name ?> <?cs var:L.contracts.to ?><input name="cf<?cs var:f.Id ?>_max" type="text" inputmode="numeric" maxlength="20" value="<?cs var:f.Max ?>"></label>
      <?cs elif:f.Kind == "date" ?>
      <label><?cs var:f.Name ?> <?cs var:L.contracts.from ?><input name="cf<?cs var:f.Id ?>_from" type="date" value="<?cs var:f.From ?>"></label>
      <label><?cs var:f.Name ?> <?cs var:L.contracts.to ?><input name="cf<?cs var:f.Id ?>_to" type="date" value="<?cs var:f.To ?>"></label>
      <?cs elif:f.Kind == "choice" ?>
      <label><?cs var:f.Name ?><select name="cf<?cs var:f.Id ?>">
        <option value=""></option>
        <?cs each:o = f.Options ?><option value="<?cs var:o ?>"<?cs if:f.Value == o ?> selected<?cs /if ?>><?cs var:o ?></option><?cs /each ?>
      </select></label>
      <?cs else ?>
      <label><?cs var:f.Name ?> <?cs var:L.contracts.contains ?><input name="cf<?cs var:f.Id ?>" type="text" maxlength="200" value="<?cs var:f.Value ?>"></label>
      <?cs /if ?>
      <?cs /each ?>
    </div>
    <!-- custom fields: end -->
    <?cs /if ?>
    <fieldset class="empties">
      <legend><?cs var:L.contracts.empty_legend ?></legend>
      <label class="check"><input type="checkbox" name="empty_contract_date" value="1"<?cs if:Filter.empty_contract_date ?> checked<?cs /if ?>> <?cs var:L.field.contract_date ?></label>
      <label class="check"><input type="checkbox" name="empty_effective_date" value="1"<?cs if:Filter.empty_effective_date ?> checked<?cs /if ?>> <?cs var:L.field.effective_date ?></label>
      <label class="check"><input type="checkbox" name="empty_expiry_date" value="1"<?cs if:Filter.empty_expiry_date ?> checked<?cs /if ?>> <?cs var:L.field.expiry_date ?></label>
      <label class="check"><input type="checkbox" name="empty_amount" value="1"<?cs if:Filter.empty_amount ?> checked<?cs /if ?>> <?cs var:L.field.amount ?></label>
      <label class="check"><input type="checkbox" name="empty_counterparty" value="1"<?cs if:Filter.empty_counterparty ?> checked<?cs /if ?>> <?cs var:L.field.counterparty ?></label>
      <label class="check"><input type="checkbox" name="empty_type" value="1"<?cs if:Filter.empty_type ?> checked<?cs /if ?>> <?cs var:L.field.type_id ?></label>
      <label class="check"><input type="checkbox" name="empty_department" value="1"<?cs if:Filter.empty_department ?> checked<?cs /if ?>> <?cs var:L.field.department_id ?></label>
      <label class="check"><input type="checkbox" name="empty_owner" value="1"<?cs if:Filter.empty_owner ?> checked<?cs /if ?>> <?cs var:L.field.owner_id ?></label>
      <?cs each:f = FF ?><label class="check"><input type="checkbox" name="cf<?cs var:f.Id ?>_empty" value="1"<?cs if:f.Empty ?> checked<?cs /if ?>> <?cs var:f.Name ?></label><?cs /each ?>
    </fieldset>
    <button type="submit"><?cs var:L.contracts.search_go ?></button>
  </details>
</form>
<p class="muted"><?cs if:Paged ?><?cs var:L.contracts.shown ?>: <?cs var:Count ?><?cs else ?><?cs var:L.contracts.count ?>: <?cs var:Count ?><?cs /if ?> · <a href="<?cs var:Export.Href ?>"><?cs var:L.contracts.export ?></a></p>
<?cs if:Count == 0 ?>
<p class="empty"><?cs var:L.contracts.empty ?></p>
<?cs else ?>
<div class="table-wrap">
<table class="table">
  <thead><tr>
    <?cs call:sorthead(Sort.number, L.field.number) ?><?cs call:sorthead(Sort.title, L.field.title) ?>
    <?cs call:sorthead(Sort.counterparty, L.field.counterparty) ?><th scope="col"><?cs var:L.field.type_id ?></th>
    <?cs call:sorthead(Sort.contract_date, L.field.contract_date) ?><?cs call:sorthead(Sort.expiry_date, L.field.expiry_date) ?>
    <th scope="col"><?cs var:L.contracts.notice_by ?></th>
    <?cs call:sorthead(Sort.amount, L.field.amount) ?><?cs call:sorthead(Sort.status, L.contracts.status) ?>
    <?cs call:sorthead(Sort.updated, L.contracts.updated) ?>
    <?cs each:h = LCols ?><th scope="col"><?cs var:h ?></th><?cs /each ?>
  </tr></thead>
  <tbody>
  <?cs each:c = C ?>
  <tr>
    <td data-label="<?cs var:L.field.number ?>" class="nowrap"><?cs var:c.Number ?></td>
    <td data-label="<?cs var:L.field.title ?>"><a href="/contracts/<?cs var:c.Id ?>"><?cs var:c.Title ?></a><?cs if:subcount(c.Tags) > 0 ?><span class="chips"><?cs each:t = c.Tags ?> <a class="tag" href="/contracts?tag=<?cs var:url_escape(t) ?>"><?cs var:t ?></a><?cs /each ?></span><?cs /if ?></td>
    <td data-label="<?cs var:L.field.counterparty ?>"><?cs var:c.Counterparty ?></td>
    <td data-label="<?cs var:L.field.type_id ?>"><?cs var:c.Type ?></td>
    <td data-label="<?cs var:L.field.contract_date ?>" class="nowrap"><?cs var:c.Date ?></td>
    <td data-label="<?cs var:L.field.expiry_date ?>" class="nowrap"><?cs var:c.Expiry ?></td>
    <td data-label="<?cs var:L.contracts.notice_by ?>" class="nowrap"><?cs var:c.NoticeBy ?></td>
    <td data-label="<?cs var:L.field.amount ?>" class="num"><?cs if:c.Amount ?><?cs var:c.Amount ?> <?cs var:c.Currency ?><?cs /if ?></td>
    <td data-label="<?cs var:L.contracts.status ?>"><span class="tag"><?cs var:c.StatusName ?></span></td>
    <td data-label="<?cs var:L.contracts.updated ?>" class="nowrap"><?cs var:c.Updated ?></td>
    <?cs each:v = c.CF ?><td><?cs var:v ?></td><?cs /each ?>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<?cs /if ?>
<?cs if:Paged ?>
<nav class="pager" aria-label="<?cs var:L.contracts.pages ?>">
  <?cs if:Pager.Prev ?><a rel="prev" href="<?cs var:Pager.Prev ?>"><?cs var:L.contracts.prev ?></a><?cs /if ?>
  <?cs if:Pager.Next ?><a rel="next" href="<?cs var:Pager.Next ?>"><?cs var:L.contracts.next ?></a><?cs /if ?>
</nav>
<?cs /if ?>

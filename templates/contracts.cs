<div class="head-row">
  <h1><?cs var:L.contracts.title ?></h1>
  <?cs if:CanEdit ?><a class="button primary" href="/contracts/new"><?cs var:L.contracts.new ?></a><?cs /if ?>
</div>
<form method="get" action="/contracts" class="filters">
  <div class="search">
    <label for="q"><?cs var:L.contracts.search ?></label>
    <input id="q" name="q" type="search" maxlength="200" value="<?cs var:Q ?>">
    <button type="submit"><?cs var:L.contracts.search_go ?></button>
  </div>
  <details<?cs if:Filter.date_from || Filter.date_to || Filter.amount_min || Filter.amount_max || Filter.party || Filter.fstatus ?> open<?cs /if ?>>
    <summary><?cs var:L.contracts.filters ?></summary>
    <div class="filter-grid">
      <label><?cs var:L.field.contract_date ?> <?cs var:L.contracts.from ?><input name="date_from" type="date" value="<?cs var:Filter.date_from ?>"></label>
      <label><?cs var:L.field.contract_date ?> <?cs var:L.contracts.to ?><input name="date_to" type="date" value="<?cs var:Filter.date_to ?>"></label>
      <label><?cs var:L.field.amount ?> <?cs var:L.contracts.from ?><input name="amount_min" type="text" inputmode="numeric" maxlength="20" value="<?cs var:Filter.amount_min ?>"></label>
      <label><?cs var:L.field.amount ?> <?cs var:L.contracts.to ?><input name="amount_max" type="text" inputmode="numeric" maxlength="20" value="<?cs var:Filter.amount_max ?>"></label>
      <label><?cs var:L.field.counterparty ?><input name="party" type="text" maxlength="200" value="<?cs var:Filter.party ?>"></label>
      <label><?cs var:L.contracts.status ?><select name="fstatus">
        <option value=""></option>
        <?cs each:st = L.status ?><option value="<?cs var:name(st) ?>"<?cs if:Filter.fstatus == name(st) ?> selected<?cs /if ?>><?cs var:st ?></option><?cs /each ?>
      </select></label>
    </div>
  </details>
</form>
<p class="muted"><?cs var:L.contracts.count ?>: <?cs var:Count ?> · <a href="/contracts/export.csv?q=<?cs var:url_escape(Q) ?>&amp;date_from=<?cs var:url_escape(Filter.date_from) ?>&amp;date_to=<?cs var:url_escape(Filter.date_to) ?>&amp;amount_min=<?cs var:url_escape(Filter.amount_min) ?>&amp;amount_max=<?cs var:url_escape(Filter.amount_max) ?>&amp;party=<?cs var:url_escape(Filter.party) ?>&amp;fstatus=<?cs var:url_escape(Filter.fstatus) ?>"><?cs var:L.contracts.export ?></a></p>
<?cs if:Count == 0 ?>
<p class="empty"><?cs var:L.contracts.empty ?></p>
<?cs else ?>
<div class="table-wrap">
<table class="table">
  <thead><tr>
    <th scope="col"><?cs var:L.field.number ?></th><th scope="col"><?cs var:L.field.title ?></th>
    <th scope="col"><?cs var:L.field.counterparty ?></th><th scope="col"><?cs var:L.field.type_id ?></th>
    <th scope="col"><?cs var:L.field.expiry_date ?></th><th scope="col"><?cs var:L.contracts.notice_by ?></th>
    <th scope="col"><?cs var:L.field.amount ?></th><th scope="col"><?cs var:L.contracts.status ?></th>
  </tr></thead>
  <tbody>
  <?cs each:c = C ?>
  <tr>
    <td data-label="<?cs var:L.field.number ?>" class="nowrap"><?cs var:c.Number ?></td>
    <td data-label="<?cs var:L.field.title ?>"><a href="/contracts/<?cs var:c.Id ?>"><?cs var:c.Title ?></a></td>
    <td data-label="<?cs var:L.field.counterparty ?>"><?cs var:c.Counterparty ?></td>
    <td data-label="<?cs var:L.field.type_id ?>"><?cs var:c.Type ?></td>
    <td data-label="<?cs var:L.field.expiry_date ?>" class="nowrap"><?cs var:c.Expiry ?></td>
    <td data-label="<?cs var:L.contracts.notice_by ?>" class="nowrap"><?cs var:c.NoticeBy ?></td>
    <td data-label="<?cs var:L.field.amount ?>" class="num"><?cs if:c.Amount ?><?cs var:c.Amount ?> <?cs var:c.Currency ?><?cs /if ?></td>
    <td data-label="<?cs var:L.contracts.status ?>"><span class="tag"><?cs var:c.StatusName ?></span></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<?cs /if ?>

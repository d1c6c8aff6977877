<div class="head-row">
  <h1><?cs var:L.contracts.title ?></h1>
  <?cs if:CanEdit ?><a class="button primary" href="/contracts/new"><?cs var:L.contracts.new ?></a><?cs /if ?>
</div>
<form method="get" action="/contracts" class="search">
  <label for="q"><?cs var:L.contracts.search ?></label>
  <input id="q" name="q" type="search" maxlength="200" value="<?cs var:Q ?>">
  <button type="submit"><?cs var:L.contracts.search_go ?></button>
</form>
<p class="muted"><?cs var:L.contracts.count ?>: <?cs var:Count ?> · <a href="/contracts/export.csv?q=<?cs var:url_escape(Q) ?>"><?cs var:L.contracts.export ?></a></p>
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

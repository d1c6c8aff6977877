<?cs include:"_admin_nav.cs" ?>
<h1><?cs var:L.oplog.title ?></h1>
<p class="muted"><?cs var:L.oplog.lead ?> <a href="/admin/oplog/verify"><?cs var:L.oplogv.title ?></a></p>
<form method="get" action="/admin/oplog" class="filter-row spaced">
  <?cs include:"_log_filters.cs" ?>
  <div>
    <label for="f-action"><?cs var:L.oplog.action ?></label>
    <select id="f-action" name="action"><option value=""><?cs var:L.oplog.any_action ?></option><?cs each:a = Actions ?><option value="<?cs var:a.Name ?>"<?cs if:a.Name == Filter.action ?> selected<?cs /if ?>><?cs var:a.Name ?></option><?cs /each ?></select>
  </div>
  <div>
    <label for="f-contract"><?cs var:L.oplog.contract_id ?></label>
    <input id="f-contract" name="contract" inputmode="numeric" size="8" value="<?cs var:Filter.contract ?>">
  </div>
  <div class="filter-go"><button type="submit" class="secondary"><?cs var:L.oplog.filter ?></button>
  <a class="button" href="/admin/oplog.csv?<?cs var:Filter.Query ?>"><?cs var:L.oplog.csv ?></a></div>
</form>
<?cs if:subcount(Log) == 0 ?>
<p class="empty spaced"><?cs var:L.oplog.none ?></p>
<?cs else ?>
<div class="table-wrap spaced">
<table class="table">
  <thead><tr><th scope="col"><?cs var:L.oplog.at ?></th><th scope="col"><?cs var:L.oplog.user ?></th><th scope="col"><?cs var:L.oplog.action ?></th><th scope="col"><?cs var:L.oplog.contract ?></th><th scope="col"><?cs var:L.oplog.detail ?></th><th scope="col">IP</th><th scope="col"><?cs var:L.oplog.rid ?></th></tr></thead>
  <tbody>
  <?cs each:e = Log ?>
  <tr>
    <td data-label="<?cs var:L.oplog.at ?>" class="nowrap"><?cs var:e.At ?></td>
    <td data-label="<?cs var:L.oplog.user ?>" class="nowrap"><?cs if:e.User ?><?cs var:e.User ?><?cs else ?><?cs var:L.oplog.system ?><?cs /if ?></td>
    <td data-label="<?cs var:L.oplog.action ?>" class="nowrap"><?cs var:e.Action ?></td>
    <td data-label="<?cs var:L.oplog.contract ?>"><?cs if:e.Contract ?><a href="/contracts/<?cs var:e.Contract ?>"><?cs var:e.Number ?></a><?cs /if ?></td>
    <td data-label="<?cs var:L.oplog.detail ?>" class="detail"><?cs var:e.Detail ?></td>
    <td data-label="IP" class="nowrap"><?cs var:e.Ip ?></td>
    <td data-label="<?cs var:L.oplog.rid ?>" class="small"><?cs var:e.Rid ?></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<?cs if:Next ?><p><a class="button" href="/admin/oplog?<?cs var:Filter.Query ?>before=<?cs var:Next ?>"><?cs var:L.oplog.older ?></a></p><?cs /if ?>
<?cs /if ?>

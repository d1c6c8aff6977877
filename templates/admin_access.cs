<?cs include:"_admin_nav.cs" ?>
<h1><?cs var:L.access.title ?></h1>
<p class="muted"><?cs var:L.access.lead_before ?><?cs var:KeepDays ?><?cs var:L.access.lead_after ?> <a href="/admin/archives"><?cs var:L.archives.title ?></a></p>
<form method="get" action="/admin/access" class="filter-row spaced">
  <?cs include:"_log_filters.cs" ?>
  <div>
    <label for="f-method"><?cs var:L.access.method ?></label>
    <select id="f-method" name="method"><option value=""><?cs var:L.access.any_method ?></option><option<?cs if:Filter.method == "GET" ?> selected<?cs /if ?>>GET</option><option<?cs if:Filter.method == "POST" ?> selected<?cs /if ?>>POST</option><option<?cs if:Filter.method == "HEAD" ?> selected<?cs /if ?>>HEAD</option></select>
  </div>
  <div>
    <label for="f-status"><?cs var:L.access.status ?></label>
    <input id="f-status" name="status" inputmode="numeric" size="7" maxlength="3" placeholder="4 / 403" value="<?cs var:Filter.status ?>">
  </div>
  <div>
    <label for="f-path"><?cs var:L.access.path ?></label>
    <input id="f-path" name="path" size="20" maxlength="200" placeholder="/contracts" value="<?cs var:Filter.path ?>">
  </div>
  <div>
    <label for="f-rid"><?cs var:L.oplog.rid ?></label>
    <input id="f-rid" name="rid" size="16" maxlength="39" value="<?cs var:Filter.rid ?>">
  </div>
  <div class="filter-go"><button type="submit" class="secondary"><?cs var:L.oplog.filter ?></button>
  <a class="button" href="/admin/access.csv?<?cs var:Filter.Query ?>"><?cs var:L.oplog.csv ?></a></div>
</form>
<?cs if:subcount(Log) == 0 ?>
<p class="empty spaced"><?cs var:L.oplog.none ?></p>
<?cs else ?>
<div class="table-wrap spaced">
<table class="table">
  <thead><tr><th scope="col"><?cs var:L.oplog.at ?></th><th scope="col"><?cs var:L.oplog.user ?></th><th scope="col">IP</th><th scope="col"><?cs var:L.access.method ?></th><th scope="col"><?cs var:L.access.path ?></th><th scope="col"><?cs var:L.access.status ?></th><th scope="col"><?cs var:L.oplog.rid ?></th><th scope="col"><?cs var:L.access.agent ?></th></tr></thead>
  <tbody>
  <?cs each:e = Log ?>
  <tr>
    <td data-label="<?cs var:L.oplog.at ?>" class="nowrap"><?cs var:e.At ?></td>
    <td data-label="<?cs var:L.oplog.user ?>" class="nowrap"><?cs if:e.User ?><?cs var:e.User ?><?cs else ?>-<?cs /if ?></td>
    <td data-label="IP" class="nowrap"><?cs var:e.Ip ?></td>
    <td data-label="<?cs var:L.access.method ?>"><?cs var:e.Method ?></td>
    <td data-label="<?cs var:L.access.path ?>" class="detail"><?cs var:e.Path ?></td>
    <td data-label="<?cs var:L.access.status ?>"><?cs var:e.Status ?></td>
    <td data-label="<?cs var:L.oplog.rid ?>" class="small"><?cs var:e.Rid ?></td>
    <td data-label="<?cs var:L.access.agent ?>" class="small ua" title="<?cs var:e.Agent ?>"><?cs var:e.Agent ?></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<?cs if:Next ?><p><a class="button" href="/admin/access?<?cs var:Filter.Query ?>before=<?cs var:Next ?>"><?cs var:L.oplog.older ?></a></p><?cs /if ?>
<?cs /if ?>

<?cs include:"_admin_nav.cs" ?>
<h1><?cs var:L.archives.title ?></h1>
<p class="muted"><?cs var:L.archives.lead_before ?><?cs var:KeepDays ?><?cs var:L.archives.lead_after ?></p>
<?cs if:subcount(Archives) == 0 ?>
<p class="empty spaced"><?cs var:L.archives.none ?></p>
<?cs else ?>
<div class="table-wrap spaced">
<table class="table">
  <thead><tr><th scope="col"><?cs var:L.archives.kind ?></th><th scope="col"><?cs var:L.archives.period ?></th><th scope="col"><?cs var:L.archives.rows ?></th><th scope="col"><?cs var:L.archives.bytes ?></th><th scope="col">SHA-256</th><th scope="col"><?cs var:L.archives.made ?></th><th scope="col"></th></tr></thead>
  <tbody>
  <?cs each:a = Archives ?>
  <tr>
    <td data-label="<?cs var:L.archives.kind ?>"><?cs if:a.Kind == "oplog" ?><?cs var:L.oplog.title ?><?cs else ?><?cs var:L.access.title ?><?cs /if ?></td>
    <td data-label="<?cs var:L.archives.period ?>" class="nowrap"><?cs var:a.From ?> – <?cs var:a.To ?></td>
    <td data-label="<?cs var:L.archives.rows ?>" class="num"><?cs var:a.Rows ?></td>
    <td data-label="<?cs var:L.archives.bytes ?>" class="num"><?cs var:a.Bytes ?></td>
    <td data-label="SHA-256"><code class="hash"><?cs var:a.Sha256 ?></code></td>
    <td data-label="<?cs var:L.archives.made ?>" class="nowrap"><?cs var:a.Made ?></td>
    <td><a href="/admin/archives/<?cs var:a.Id ?>"><?cs var:L.archives.download ?></a></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<?cs /if ?>

<p class="crumbs"><a href="/ops"><?cs var:L.ops.title ?></a></p>
<h1><?cs var:L.avail.title ?></h1>
<p class="muted"><?cs var:L.avail.lead_before ?><?cs var:ProbeSeconds ?><?cs var:L.avail.lead_after ?></p>
<?cs if:subcount(Months) == 0 ?>
<p class="empty spaced"><?cs var:L.avail.none ?></p>
<?cs else ?>
<div class="table-wrap spaced">
<table class="table">
  <thead><tr><th scope="col"><?cs var:L.avail.month ?></th><th scope="col" class="num"><?cs var:L.avail.percent ?></th><th scope="col" class="num"><?cs var:L.avail.probed ?></th><th scope="col" class="num"><?cs var:L.avail.planned ?></th><th scope="col" class="num"><?cs var:L.avail.failed ?></th><th scope="col" class="num"><?cs var:L.avail.missing ?></th><th scope="col" class="num"><?cs var:L.avail.ms ?></th></tr></thead>
  <tbody>
  <?cs each:m = Months ?>
  <tr>
    <td data-label="<?cs var:L.avail.month ?>"><?cs var:m.Month ?></td>
    <td data-label="<?cs var:L.avail.percent ?>" class="num"><strong><?cs var:m.Percent ?> %</strong> <?cs if:m.Met == "1" ?><span class="tag"><?cs var:L.avail.met ?></span><?cs else ?><span class="tag tag-bad"><?cs var:L.avail.not_met ?></span><?cs /if ?></td>
    <td data-label="<?cs var:L.avail.probed ?>" class="num"><?cs var:m.Probed ?></td>
    <td data-label="<?cs var:L.avail.planned ?>" class="num"><?cs var:m.Planned ?></td>
    <td data-label="<?cs var:L.avail.failed ?>" class="num"><?cs var:m.Failed ?></td>
    <td data-label="<?cs var:L.avail.missing ?>" class="num"><?cs var:m.Missing ?></td>
    <td data-label="<?cs var:L.avail.ms ?>" class="num"><?cs var:m.AvgMs ?> / <?cs var:m.MaxMs ?></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<?cs /if ?>
<h2 class="spaced"><?cs var:L.avail.failures ?></h2>
<?cs if:subcount(Failures) == 0 ?>
<p class="empty"><?cs var:L.avail.no_failures ?></p>
<?cs else ?>
<div class="table-wrap">
<table class="table">
  <thead><tr><th scope="col"><?cs var:L.avail.at ?></th><th scope="col">HTTP</th><th scope="col" class="num">ms</th><th scope="col"><?cs var:L.avail.detail ?></th></tr></thead>
  <tbody>
  <?cs each:x = Failures ?>
  <tr>
    <td data-label="<?cs var:L.avail.at ?>" class="nowrap"><?cs var:x.At ?><?cs if:x.Planned == "1" ?> <span class="tag"><?cs var:L.avail.in_planned ?></span><?cs /if ?></td>
    <td data-label="HTTP"><?cs var:x.Status ?></td>
    <td data-label="ms" class="num"><?cs var:x.Ms ?></td>
    <td data-label="<?cs var:L.avail.detail ?>" class="detail"><?cs var:x.Detail ?></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<?cs /if ?>

<?cs include:"_admin_nav.cs" ?>
<h1><?cs var:L.verify.title ?></h1>
<p class="muted"><?cs var:L.verify.lead ?></p>
<form method="post" action="/admin/verify" class="inline spaced">
  <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
  <button type="submit" class="primary"><?cs var:L.verify.start ?></button>
</form>
<?cs if:subcount(Runs) == 0 ?>
<p class="empty spaced"><?cs var:L.verify.none ?></p>
<?cs else ?>
<div class="table-wrap spaced">
<table class="table">
  <thead><tr><th scope="col"><?cs var:L.verify.created ?></th><th scope="col"><?cs var:L.verify.state ?></th><th scope="col"><?cs var:L.verify.by ?></th><th scope="col" class="num"><?cs var:L.verify.files ?></th><th scope="col" class="num"><?cs var:L.verify.signed ?></th><th scope="col" class="num"><?cs var:L.verify.failed ?></th><th scope="col" class="num"><?cs var:L.verify.seconds ?></th></tr></thead>
  <tbody>
  <?cs each:v = Runs ?>
  <tr>
    <td data-label="<?cs var:L.verify.created ?>" class="nowrap"><a href="/admin/verify/<?cs var:v.Id ?>"><?cs var:v.Created ?></a></td>
    <td data-label="<?cs var:L.verify.state ?>"><span class="tag<?cs if:v.Failed > 0 || v.State == "failed" ?> tag-bad<?cs /if ?>"><?cs var:v.StateName ?></span></td>
    <td data-label="<?cs var:L.verify.by ?>"><?cs if:v.By ?><?cs var:v.By ?><?cs else ?><?cs var:v.SourceName ?><?cs /if ?></td>
    <td data-label="<?cs var:L.verify.files ?>" class="num"><?cs var:v.Files ?></td>
    <td data-label="<?cs var:L.verify.signed ?>" class="num"><?cs var:v.Signed ?></td>
    <td data-label="<?cs var:L.verify.failed ?>" class="num"><?cs var:v.Failed ?></td>
    <td data-label="<?cs var:L.verify.seconds ?>" class="num"><?cs var:v.Seconds ?></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<?cs /if ?>

<?cs include:"_admin_nav.cs" ?>
<p class="crumbs"><a href="/admin/verify"><?cs var:L.verify.title ?></a></p>
<?cs with:v = Runs.0 ?>
<h1><?cs var:L.verify.run_title ?> #<?cs var:v.Id ?></h1>
<p><span class="tag<?cs if:v.Failed > 0 || v.State == "failed" ?> tag-bad<?cs /if ?>"><?cs var:v.StateName ?></span>
<?cs if:v.State == "done" ?><?cs if:v.Failed == 0 ?><strong><?cs var:L.verify.all_ok ?></strong><?cs else ?><strong><?cs var:L.verify.some_failed ?></strong><?cs /if ?><?cs /if ?></p>
<?cs if:v.Error ?><p class="msg msg-error" role="alert"><?cs var:v.Error ?></p><?cs /if ?>
<dl class="facts">
  <dt><?cs var:L.verify.created ?></dt><dd><?cs var:v.Created ?><?cs if:v.By ?> · <?cs var:v.By ?><?cs else ?> · <?cs var:v.SourceName ?><?cs /if ?></dd>
  <dt><?cs var:L.verify.finished ?></dt><dd><?cs var:v.Finished ?><?cs if:v.Seconds ?> (<?cs var:v.Seconds ?> <?cs var:L.verify.s ?>)<?cs /if ?></dd>
  <dt><?cs var:L.verify.files ?></dt><dd><?cs var:v.Files ?> (<?cs var:v.Bytes ?> bytes)</dd>
  <dt><?cs var:L.verify.ok ?></dt><dd><?cs var:v.Ok ?></dd>
  <dt><?cs var:L.verify.failed ?></dt><dd><?cs var:v.Failed ?></dd>
  <dt><?cs var:L.verify.signed ?></dt><dd><?cs var:v.Signed ?> (<?cs var:L.verify.signatures ?> <?cs var:v.Signatures ?>)</dd>
</dl>
<?cs if:v.State == "done" ?><p><a class="button" href="/admin/verify/<?cs var:v.Id ?>.csv"><?cs var:L.verify.csv ?></a></p><?cs /if ?>
<?cs /with ?>
<?cs if:subcount(Failures) > 0 ?>
<h2><?cs var:L.verify.failures ?></h2>
<div class="table-wrap">
<table class="table">
  <thead><tr><th scope="col"><?cs var:L.verify.contract ?></th><th scope="col"><?cs var:L.verify.file ?></th><th scope="col"><?cs var:L.verify.problem ?></th><th scope="col"><?cs var:L.verify.sha ?></th></tr></thead>
  <tbody>
  <?cs each:f = Failures ?>
  <tr>
    <td data-label="<?cs var:L.verify.contract ?>"><a href="/contracts/<?cs var:f.Contract ?>"><?cs var:f.Contract ?></a></td>
    <td data-label="<?cs var:L.verify.file ?>"><?cs var:f.File ?><?cs if:f.Version ?> (v<?cs var:f.Version ?>)<?cs /if ?></td>
    <td data-label="<?cs var:L.verify.problem ?>"><?cs var:f.Problem ?></td>
    <td data-label="<?cs var:L.verify.sha ?>" class="small"><code class="hash"><?cs var:f.Recorded ?></code><?cs if:f.Actual && f.Actual != f.Recorded ?><br><code class="hash"><?cs var:f.Actual ?></code><?cs /if ?></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<?cs /if ?>

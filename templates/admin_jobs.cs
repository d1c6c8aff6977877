<?cs include:"_admin_nav.cs" ?>
<h1><?cs var:L.admin.jobs.title ?></h1>
<p class="muted"><?cs var:L.admin.jobs.lead ?></p>
<section class="card spaced">
  <h2><?cs var:L.admin.jobs.worker ?></h2>
  <?cs if:Worker.Alive == "1" ?>
  <p class="msg msg-ok" role="status"><?cs var:L.admin.jobs.alive ?></p>
  <?cs elif:Worker.Heartbeat ?>
  <p class="msg msg-error"><?cs var:L.admin.jobs.stale ?></p>
  <?cs else ?>
  <p class="msg msg-error"><?cs var:L.admin.jobs.never ?></p>
  <?cs /if ?>
  <?cs if:Worker.Heartbeat ?>
  <dl class="facts">
    <dt><?cs var:L.admin.jobs.heartbeat ?></dt><dd><?cs var:Worker.Heartbeat ?> JST (<?cs var:Worker.Age ?> <?cs var:L.admin.jobs.seconds_ago ?>)</dd>
    <dt><?cs var:L.admin.jobs.workers ?></dt><dd><?cs var:Worker.Count ?></dd>
  </dl>
  <?cs /if ?>
</section>
<?cs if:JobCount == 0 ?>
<p class="empty spaced"><?cs var:L.admin.jobs.empty ?></p>
<?cs else ?>
<div class="table-wrap spaced">
<table class="table">
  <thead><tr><th scope="col"><?cs var:L.admin.jobs.id ?></th><th scope="col"><?cs var:L.admin.jobs.kind ?></th><th scope="col"><?cs var:L.admin.jobs.state ?></th><th scope="col"><?cs var:L.admin.jobs.attempts ?></th><th scope="col"><?cs var:L.admin.jobs.run_after ?></th><th scope="col"><?cs var:L.admin.jobs.last_error ?></th><th scope="col"><?cs var:L.admin.jobs.created ?></th><th scope="col"><?cs var:L.admin.jobs.finished ?></th></tr></thead>
  <tbody>
  <?cs each:j = Jobs ?>
  <tr>
    <td data-label="<?cs var:L.admin.jobs.id ?>" class="num"><?cs var:j.Id ?></td>
    <td data-label="<?cs var:L.admin.jobs.kind ?>"><?cs var:j.KindName ?></td>
    <td data-label="<?cs var:L.admin.jobs.state ?>"><span class="tag<?cs if:j.State == "failed" ?> tag-bad<?cs /if ?>"><?cs var:j.StateName ?></span></td>
    <td data-label="<?cs var:L.admin.jobs.attempts ?>" class="num"><?cs var:j.Attempts ?> / <?cs var:j.MaxAttempts ?></td>
    <td data-label="<?cs var:L.admin.jobs.run_after ?>" class="nowrap"><?cs var:j.RunAfter ?></td>
    <td data-label="<?cs var:L.admin.jobs.last_error ?>"><?cs var:j.LastError ?></td>
    <td data-label="<?cs var:L.admin.jobs.created ?>" class="nowrap"><?cs var:j.Created ?></td>
    <td data-label="<?cs var:L.admin.jobs.finished ?>" class="nowrap"><?cs var:j.Finished ?></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<?cs /if ?>

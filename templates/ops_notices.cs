<p class="crumbs"><a href="/ops"><?cs var:L.ops.title ?></a></p>
<h1><?cs var:L.notice.title ?></h1>
<p class="muted"><?cs var:L.notice.lead ?> <a href="/status">/status</a></p>
<?cs include:"_messages.cs" ?>
<?cs if:subcount(Notices_) > 0 ?>
<div class="table-wrap spaced">
<table class="table">
  <thead><tr><th scope="col"><?cs var:L.notice.kind_label ?></th><th scope="col"><?cs var:L.notice.subject ?></th><th scope="col"><?cs var:L.notice.whom ?></th><th scope="col"><?cs var:L.notice.when ?></th><th scope="col"><?cs var:L.notice.state_label ?></th><th scope="col"><?cs var:L.notice.actions ?></th></tr></thead>
  <tbody>
  <?cs each:n = Notices_ ?>
  <tr>
    <td data-label="<?cs var:L.notice.kind_label ?>"><?cs var:n.KindName ?></td>
    <td data-label="<?cs var:L.notice.subject ?>"><strong><?cs var:n.Title ?></strong><?cs if:n.Affected ?><br><span class="muted small"><?cs var:n.Affected ?></span><?cs /if ?></td>
    <td data-label="<?cs var:L.notice.whom ?>"><?cs if:n.Org ?><?cs var:n.Org ?><?cs else ?><?cs var:L.notice.everyone ?><?cs /if ?></td>
    <td data-label="<?cs var:L.notice.when ?>" class="nowrap"><?cs var:n.Starts ?><?cs if:n.Ends ?> – <?cs var:n.Ends ?><?cs /if ?></td>
    <td data-label="<?cs var:L.notice.state_label ?>"><span class="tag"><?cs var:n.StateName ?></span><?cs if:n.Updates > 0 ?> <span class="muted small">(<?cs var:n.Updates ?>)</span><?cs /if ?></td>
    <td data-label="<?cs var:L.notice.actions ?>">
      <form method="post" action="/ops/notices/<?cs var:n.Id ?>" class="inline">
        <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
        <?cs if:n.State == "draft" ?><button type="submit" name="action" value="publish" class="primary small"><?cs var:L.notice.publish ?></button><?cs /if ?>
        <?cs if:n.State == "published" ?><button type="submit" name="action" value="resolve" class="secondary small"><?cs var:L.notice.resolve ?></button><?cs /if ?>
      </form>
      <?cs if:n.State == "published" ?><details><summary><?cs var:L.notice.add_update ?></summary>
      <form method="post" action="/ops/notices/<?cs var:n.Id ?>" class="form">
        <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
        <textarea name="body" rows="3" maxlength="5000" required aria-label="<?cs var:L.notice.add_update ?>"></textarea>
        <button type="submit" name="action" value="update" class="secondary small"><?cs var:L.notice.send_update ?></button>
      </form></details><?cs /if ?>
    </td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<?cs /if ?>
<section class="card spaced">
  <h2><?cs var:L.notice.new ?></h2>
  <form method="post" action="/ops/notices" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <label for="n-kind"><?cs var:L.notice.kind_label ?></label>
    <select id="n-kind" name="kind"><option value="maintenance"><?cs var:L.notice.kind.maintenance ?></option><option value="incident"><?cs var:L.notice.kind.incident ?></option><option value="end_of_service"><?cs var:L.notice.kind.end_of_service ?></option></select>
    <label for="n-org"><?cs var:L.notice.whom ?></label>
    <select id="n-org" name="org"><option value=""><?cs var:L.notice.everyone ?></option><?cs each:o = Orgs ?><option value="<?cs var:o.Id ?>"><?cs var:o.Name ?></option><?cs /each ?></select>
    <label for="n-title"><?cs var:L.notice.subject ?></label>
    <input id="n-title" name="title" type="text" required maxlength="200">
    <label for="n-body"><?cs var:L.notice.body ?></label>
    <textarea id="n-body" name="body" rows="4" maxlength="5000" required></textarea>
    <label for="n-affected"><?cs var:L.notice.affected ?></label>
    <input id="n-affected" name="affected" type="text" maxlength="500">
    <label for="n-starts"><?cs var:L.notice.starts ?> <span class="muted small">YYYY-MM-DD HH:MM <?cs var:L.sign.jst ?></span></label>
    <input id="n-starts" name="starts" type="text" maxlength="16" placeholder="2026-12-10 22:00">
    <label for="n-ends"><?cs var:L.notice.ends ?></label>
    <input id="n-ends" name="ends" type="text" maxlength="16" placeholder="2026-12-11 02:00">
    <p class="muted small"><?cs var:L.notice.rule ?></p>
    <button type="submit" class="primary"><?cs var:L.notice.save_draft ?></button>
  </form>
</section>

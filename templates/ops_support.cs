<p class="crumbs"><a href="/ops"><?cs var:L.ops.title ?></a></p>
<h1><?cs var:L.support.ops_title ?></h1>
<?cs if:subcount(Tickets) == 0 ?>
<p class="empty"><?cs var:L.support.none ?></p>
<?cs else ?>
<div class="table-wrap spaced">
<table class="table">
  <thead><tr><th scope="col"><?cs var:L.support.subject ?></th><th scope="col"><?cs var:L.ops.org ?></th><th scope="col"><?cs var:L.support.opened ?></th><th scope="col"><?cs var:L.support.state ?></th><th scope="col" class="num"><?cs var:L.support.lead_time ?></th></tr></thead>
  <tbody>
  <?cs each:t = Tickets ?>
  <tr>
    <td data-label="<?cs var:L.support.subject ?>"><a href="/ops/support/<?cs var:t.Id ?>"><?cs var:t.Subject ?></a></td>
    <td data-label="<?cs var:L.ops.org ?>"><?cs var:t.Org ?> / <?cs var:t.User ?></td>
    <td data-label="<?cs var:L.support.opened ?>" class="nowrap"><?cs var:t.Created ?></td>
    <td data-label="<?cs var:L.support.state ?>"><span class="tag"><?cs var:t.StateName ?></span></td>
    <td data-label="<?cs var:L.support.lead_time ?>" class="num"><?cs var:t.Lead ?> <?cs var:L.support.days ?></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<?cs /if ?>

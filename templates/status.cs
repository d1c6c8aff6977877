<h1><?cs var:L.status.title ?></h1>
<p class="status-overall status-<?cs var:Overall ?>"><strong><?cs var:L.status.overall[Overall] ?></strong></p>
<?cs each:n = Status ?><?cs if:n.State == "published" && n.Kind == "incident" ?>
<section class="card spaced">
  <h2><?cs var:n.KindName ?>: <?cs var:n.Title ?></h2>
  <p class="muted"><?cs var:n.Published ?> <?cs var:L.sign.jst ?><?cs if:n.Affected ?> · <?cs var:L.notice.affected ?>: <?cs var:n.Affected ?><?cs /if ?></p>
  <p class="notes"><?cs var:n.Body ?></p>
  <?cs each:u = n.Updates ?><p class="notes"><span class="muted"><?cs var:u.At ?></span> <?cs var:u.Body ?></p><?cs /each ?>
</section>
<?cs /if ?><?cs /each ?>
<h2 class="spaced"><?cs var:L.status.planned ?></h2>
<?cs set:shown = 0 ?>
<?cs each:n = Status ?><?cs if:n.State == "published" && n.Kind != "incident" && n.Past != "1" ?><?cs set:shown = 1 ?>
<section class="card spaced">
  <h3><?cs var:n.KindName ?>: <?cs var:n.Title ?></h3>
  <p><?cs var:n.Starts ?><?cs if:n.Ends ?> – <?cs var:n.Ends ?><?cs /if ?> <?cs var:L.sign.jst ?><?cs if:n.Affected ?> · <?cs var:L.notice.affected ?>: <?cs var:n.Affected ?><?cs /if ?></p>
  <p class="notes"><?cs var:n.Body ?></p>
</section>
<?cs /if ?><?cs /each ?>
<?cs if:shown == 0 ?><p class="muted"><?cs var:L.status.none_planned ?></p><?cs /if ?>
<h2 class="spaced"><?cs var:L.status.past ?></h2>
<?cs set:shown = 0 ?>
<ul>
<?cs each:n = Status ?><?cs if:n.State == "resolved" ?><?cs set:shown = 1 ?>
  <li><?cs var:n.KindName ?>: <strong><?cs var:n.Title ?></strong> <span class="muted"><?cs var:n.Published ?> – <?cs var:n.Resolved ?></span><?cs each:u = n.Updates ?><br><span class="muted small"><?cs var:u.At ?></span> <?cs var:u.Body ?><?cs /each ?></li>
<?cs /if ?><?cs /each ?>
</ul>
<?cs if:shown == 0 ?><p class="muted"><?cs var:L.status.none_past ?></p><?cs /if ?>

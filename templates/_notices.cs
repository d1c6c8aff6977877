<?cs if:subcount(Notices) > 0 ?>
<div class="op-notices" role="region" aria-label="<?cs var:L.notice.region ?>">
  <?cs each:n = Notices ?>
  <p class="notice notice-<?cs var:n.Kind ?>"><strong><?cs var:L.notice.kind[n.Kind] ?></strong> <?cs var:n.Title ?><?cs if:n.Starts ?> · <?cs var:n.Starts ?><?cs if:n.Ends ?> – <?cs var:n.Ends ?><?cs /if ?> <?cs var:L.sign.jst ?><?cs /if ?><?cs if:n.Affected ?> · <?cs var:L.notice.affected ?>: <?cs var:n.Affected ?><?cs /if ?> <a href="/status"><?cs var:L.notice.details ?></a></p>
  <?cs /each ?>
</div>
<?cs /if ?>

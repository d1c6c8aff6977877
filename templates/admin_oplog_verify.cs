<?cs include:"_admin_nav.cs" ?>
<h1><?cs var:L.oplogv.title ?></h1>
<p class="muted"><?cs var:L.oplogv.lead ?></p>
<?cs if:Chain.Ok ?>
<p class="msg msg-ok" role="status"><?cs var:L.oplogv.ok ?></p>
<?cs else ?>
<p class="msg msg-error" aria-live="assertive"><?cs var:L.oplogv.broken ?> #<?cs var:Chain.BadId ?>: <?cs var:Chain.Why ?></p>
<?cs /if ?>
<dl class="facts">
  <dt><?cs var:L.oplogv.entries ?></dt><dd><?cs var:Chain.Entries ?></dd>
  <dt><?cs var:L.oplogv.seals ?></dt><dd><?cs var:Chain.Seals ?></dd>
</dl>

<section class="card narrow">
  <?cs if:Sign.Done == "signed" ?>
  <h1><?cs var:L.sign.signed_title ?></h1>
  <p role="status"><?cs var:L.sign.signed_lead ?></p>
  <?cs if:Sign.Completed ?><p><?cs var:L.sign.completed_lead ?></p><?cs else ?><p><?cs var:L.sign.waiting_lead ?></p><?cs /if ?>
  <?cs else ?>
  <h1><?cs var:L.sign.declined_title ?></h1>
  <p role="status"><?cs var:L.sign.declined_lead ?></p>
  <?cs /if ?>
  <p class="muted"><?cs var:L.sign.link_spent ?></p>
</section>

<section class="card narrow">
  <h1><?cs var:L.maint.title ?></h1>
  <p><?cs var:L.maint.lead ?></p>
  <?cs if:Maint.Until ?><p><strong><?cs var:L.maint.until ?> <?cs var:Maint.Until ?> <?cs var:L.sign.jst ?></strong></p><?cs /if ?>
  <?cs if:Maint.Message ?><p class="notes"><?cs var:Maint.Message ?></p><?cs /if ?>
</section>

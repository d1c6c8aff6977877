<section class="card narrow">
  <h1><?cs var:Error.Status ?> <?cs var:Error.Reason ?></h1>
  <p><?cs var:Error.Message ?><?cs if:Error.Detail ?> (<?cs var:Error.Detail ?>)<?cs /if ?></p>
  <p class="muted"><?cs var:L.error.request_id ?> <code><?cs var:Req.Id ?></code></p>
  <p><?cs if:Error.Back ?><a href="<?cs var:Error.Back ?>"><?cs var:L.error.back ?></a> · <?cs /if ?><a href="/"><?cs var:L.error.home ?></a></p>
</section>

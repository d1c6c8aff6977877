<section class="card sign">
  <h1><?cs if:Sign.Copy ?><?cs var:L.sign.copy_title ?><?cs else ?><?cs var:L.sign.title ?><?cs /if ?></h1>
  <?cs if:Message.Error ?><p class="msg msg-error" role="alert"><?cs var:Message.Error ?></p><?cs /if ?>
  <dl class="facts">
    <dt><?cs var:L.sign.document ?></dt><dd><strong><?cs var:Sign.Title ?></strong> <span class="muted"><?cs var:Sign.Number ?></span></dd>
    <dt><?cs var:L.sign.from ?></dt><dd><?cs var:Sign.Sender ?> &lt;<?cs var:Sign.SenderEmail ?>&gt; (<?cs var:Sign.Org ?>)</dd>
    <dt><?cs var:L.sign.you ?></dt><dd><?cs var:Sign.Name ?> &lt;<?cs var:Sign.Email ?>&gt;</dd>
    <?cs if:!Sign.Copy ?><dt><?cs var:L.sign.expires ?></dt><dd><?cs var:Sign.Expires ?> <?cs var:L.sign.jst ?></dd><?cs /if ?>
    <dt><?cs var:L.sign.signers ?></dt><dd><?cs var:Sign.Ordering ?><ol class="signers"><?cs each:s = Sign.Signers ?><li><?cs var:s.Name ?> — <?cs var:s.State ?><?cs if:s.At ?> <span class="muted"><?cs var:s.At ?></span><?cs /if ?></li><?cs /each ?></ol></dd>
  </dl>
  <?cs if:Sign.Message ?><h2><?cs var:L.sign.message ?></h2><blockquote class="message"><?cs var:Sign.Message ?></blockquote><?cs /if ?>
</section>
<?cs if:Sign.Copy ?>
<section class="card spaced">
  <p><?cs var:L.sign.copy_lead ?></p>
  <p><a class="button primary" href="<?cs var:Sign.Self ?>/document"><?cs var:L.sign.download ?></a> <span class="muted"><?cs var:Sign.File ?></span></p>
</section>
<?cs elif:Sign.NeedCode ?>
<section class="card spaced narrow">
  <h2><?cs var:L.sign.code_title ?></h2>
  <p class="muted"><?cs var:L.sign.code_lead ?></p>
  <form method="post" action="<?cs var:Sign.Self ?>" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <input type="hidden" name="action" value="code">
    <label for="code"><?cs var:L.sign.code ?></label>
    <input id="code" name="code" type="password" autocomplete="one-time-code" required maxlength="64">
    <button type="submit" class="primary"><?cs var:L.sign.code_submit ?></button>
  </form>
</section>
<?cs else ?>
<section class="card spaced">
  <h2><?cs var:L.sign.read ?></h2>
  <iframe class="pdf" src="<?cs var:Sign.Self ?>/document" title="<?cs var:Sign.Title ?>"></iframe>
  <p><a href="<?cs var:Sign.Self ?>/document" target="_blank" rel="noopener"><?cs var:L.sign.open ?></a> <span class="muted"><?cs var:Sign.File ?></span></p>
</section>
<section class="card spaced">
  <h2><?cs var:L.sign.sign_title ?></h2>
  <form method="post" action="<?cs var:Sign.Self ?>" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <input type="hidden" name="signer" value="<?cs var:Sign.Signer ?>">
    <p class="muted"><?cs var:L.sign.witness ?></p>
    <label class="check"><input type="checkbox" name="consent" value="1" required> <?cs var:L.sign.consent ?></label>
    <button type="submit" name="action" value="sign" class="primary"><?cs var:L.sign.submit ?></button>
  </form>
</section>
<section class="card spaced">
  <h2><?cs var:L.sign.decline_title ?></h2>
  <form method="post" action="<?cs var:Sign.Self ?>" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <input type="hidden" name="signer" value="<?cs var:Sign.Signer ?>">
    <label for="reason"><?cs var:L.sign.reason ?></label>
    <textarea id="reason" name="reason" rows="3" maxlength="1000" required></textarea>
    <button type="submit" name="action" value="decline" class="danger"><?cs var:L.sign.decline ?></button>
  </form>
</section>
<?cs /if ?>

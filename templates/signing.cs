<p class="crumbs"><a href="<?cs var:C.Link ?>"><?cs var:C.Number ?> <?cs var:C.Title ?></a></p>
<h1><?cs var:L.signing.title ?></h1>
<p><?cs var:L.contracts.status ?>: <span class="tag"><?cs var:C.StatusName ?></span></p>
<?cs include:"_messages.cs" ?>
<?cs if:Send.Ok ?>
<section class="card spaced" id="send">
  <h2><?cs var:L.signing.send_title ?></h2>
  <p class="muted"><?cs var:L.signing.send_lead ?> <strong><?cs var:Send.File ?></strong> (v<?cs var:Send.Version ?>)</p>
  <form method="post" action="/contracts/<?cs var:C.Id ?>/signing" class="form signing-form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <fieldset>
      <legend><?cs var:L.signing.signers ?></legend>
      <p class="muted small"><?cs var:L.signing.signers_hint ?></p>
      <table class="table signer-rows">
        <thead><tr><th scope="col">#</th><th scope="col"><?cs var:L.signing.internal ?></th><th scope="col"><?cs var:L.signing.name ?></th><th scope="col"><?cs var:L.signing.email ?></th><th scope="col"><?cs var:L.signing.code ?></th></tr></thead>
        <tbody>
        <?cs each:row = Rows ?>
        <tr>
          <td data-label="#"><?cs var:row.N ?></td>
          <td data-label="<?cs var:L.signing.internal ?>"><select name="user<?cs var:row.N ?>" aria-label="<?cs var:L.signing.internal ?> <?cs var:row.N ?>"><option value=""><?cs var:L.signing.external ?></option><?cs each:u = Users ?><option value="<?cs var:u.Id ?>"><?cs var:u.Name ?> (<?cs var:u.Email ?>)</option><?cs /each ?></select></td>
          <td data-label="<?cs var:L.signing.name ?>"><input name="name<?cs var:row.N ?>" type="text" maxlength="100" aria-label="<?cs var:L.signing.name ?> <?cs var:row.N ?>"></td>
          <td data-label="<?cs var:L.signing.email ?>"><input name="email<?cs var:row.N ?>" type="email" maxlength="254" aria-label="<?cs var:L.signing.email ?> <?cs var:row.N ?>"></td>
          <td data-label="<?cs var:L.signing.code ?>"><input name="code<?cs var:row.N ?>" type="text" maxlength="64" autocomplete="off" aria-label="<?cs var:L.signing.code ?> <?cs var:row.N ?>"></td>
        </tr>
        <?cs /each ?>
        </tbody>
      </table>
    </fieldset>
    <fieldset>
      <legend><?cs var:L.signing.ordering ?></legend>
      <label class="check"><input type="radio" name="ordering" value="sequential" checked> <?cs var:L.sign.ordering.sequential ?></label>
      <label class="check"><input type="radio" name="ordering" value="parallel"> <?cs var:L.sign.ordering.parallel ?></label>
    </fieldset>
    <label for="message"><?cs var:L.signing.message ?></label>
    <textarea id="message" name="message" rows="4" maxlength="2000"></textarea>
    <label for="expires"><?cs var:L.signing.expires ?></label>
    <input id="expires" name="expires" type="date" required value="<?cs var:Send.Expires ?>" min="<?cs var:Send.Min ?>" max="<?cs var:Send.Max ?>">
    <label for="remind_days"><?cs var:L.signing.remind ?></label>
    <input id="remind_days" name="remind_days" type="number" min="0" max="30" value="3">
    <button type="submit" name="action" value="send" class="primary"><?cs var:L.signing.send ?></button>
  </form>
</section>
<?cs elif:Send.NoPdf ?>
<p class="msg msg-error"><?cs var:L.signing.no_pdf ?></p>
<?cs /if ?>
<?cs each:q = Rounds ?>
<section class="card spaced round" id="round-<?cs var:q.Id ?>">
  <h2><?cs var:L.signing.round ?> #<?cs var:q.Id ?> <span class="tag"><?cs var:q.StateName ?></span></h2>
  <dl class="facts">
    <dt><?cs var:L.signing.sender ?></dt><dd><?cs var:q.Sender ?> · <?cs var:q.Created ?></dd>
    <dt><?cs var:L.signing.ordering ?></dt><dd><?cs var:q.Ordering ?></dd>
    <dt><?cs var:L.signing.expires ?></dt><dd><?cs var:q.Expires ?> <?cs var:L.sign.jst ?></dd>
    <?cs if:q.Message ?><dt><?cs var:L.signing.message ?></dt><dd class="notes"><?cs var:q.Message ?></dd><?cs /if ?>
    <dt><?cs var:L.signing.original_sha ?></dt><dd><code class="hash"><?cs var:q.OriginalSha ?></code></dd>
    <?cs if:q.FinalSha ?><dt><?cs var:L.signing.final_sha ?></dt><dd><code class="hash"><?cs var:q.FinalSha ?></code> <a href="/contracts/<?cs var:C.Id ?>/documents/<?cs var:q.FinalDoc ?>"><?cs var:L.signing.download_final ?></a><?cs if:q.CertDoc ?> · <a href="/contracts/<?cs var:C.Id ?>/documents/<?cs var:q.CertDoc ?>"><?cs var:L.signing.download_cert ?></a><?cs /if ?></dd><?cs /if ?>
  </dl>
  <table class="table">
    <thead><tr><th scope="col">#</th><th scope="col"><?cs var:L.signing.name ?></th><th scope="col"><?cs var:L.signing.state ?></th><th scope="col"><?cs var:L.signing.sent ?></th><th scope="col"><?cs var:L.signing.viewed ?></th><th scope="col"><?cs var:L.signing.done ?></th><?cs if:q.CanAct ?><th scope="col"><?cs var:L.signing.actions ?></th><?cs /if ?></tr></thead>
    <tbody>
    <?cs each:s = q.Signers ?>
    <tr>
      <td data-label="#"><?cs var:s.Position ?></td>
      <td data-label="<?cs var:L.signing.name ?>"><?cs var:s.Name ?><br><span class="muted small"><?cs var:s.Email ?><?cs if:s.Code ?> · <?cs var:L.signing.has_code ?><?cs /if ?></span></td>
      <td data-label="<?cs var:L.signing.state ?>"><span class="tag"><?cs var:s.StateName ?></span><?cs if:s.Reason ?><br><span class="small"><?cs var:s.Reason ?></span><?cs /if ?></td>
      <td data-label="<?cs var:L.signing.sent ?>"><?cs var:s.Sent ?></td>
      <td data-label="<?cs var:L.signing.viewed ?>"><?cs var:s.Viewed ?></td>
      <td data-label="<?cs var:L.signing.done ?>"><?cs var:s.Done ?><?cs if:s.Ip ?><br><span class="muted small"><?cs var:s.Ip ?></span><?cs /if ?></td>
      <?cs if:q.CanAct ?><td data-label="<?cs var:L.signing.actions ?>">
        <?cs if:s.CanResend ?><form method="post" action="/contracts/<?cs var:C.Id ?>/signing" class="inline"><input type="hidden" name="csrf" value="<?cs var:CSRF ?>"><input type="hidden" name="signer_id" value="<?cs var:s.Id ?>"><button type="submit" name="action" value="resend" class="secondary small"><?cs var:L.signing.resend ?></button></form><?cs /if ?>
        <?cs if:s.CanEmail ?><details><summary><?cs var:L.signing.change_email ?></summary><form method="post" action="/contracts/<?cs var:C.Id ?>/signing" class="inline"><input type="hidden" name="csrf" value="<?cs var:CSRF ?>"><input type="hidden" name="signer_id" value="<?cs var:s.Id ?>"><input name="new_email" type="email" required maxlength="254" aria-label="<?cs var:L.signing.new_email ?>"><button type="submit" name="action" value="email" class="secondary small"><?cs var:L.signing.change ?></button></form></details><?cs /if ?>
      </td><?cs /if ?>
    </tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs if:q.CanAct ?>
  <form method="post" action="/contracts/<?cs var:C.Id ?>/signing" class="inline">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <button type="submit" name="action" value="cancel" class="danger"><?cs var:L.signing.cancel ?></button>
  </form>
  <?cs /if ?>
  <?cs if:name(q) == "0" && subcount(Events) > 0 ?>
  <details class="events" open>
    <summary><?cs var:L.signing.events ?></summary>
    <table class="table small">
      <thead><tr><th scope="col"><?cs var:L.signing.at ?></th><th scope="col"><?cs var:L.signing.event ?></th><th scope="col"><?cs var:L.signing.who ?></th><th scope="col"><?cs var:L.signing.detail ?></th><th scope="col">IP</th><th scope="col"><?cs var:L.signing.ua ?></th></tr></thead>
      <tbody>
      <?cs each:e = Events ?>
      <tr><td><?cs var:e.At ?></td><td><?cs var:e.EventName ?></td><td><?cs var:e.Signer ?><?cs if:e.User ?><?cs if:e.Signer ?> / <?cs /if ?><?cs var:e.User ?><?cs /if ?></td><td class="detail"><?cs var:e.Detail ?></td><td><?cs var:e.Ip ?></td><td class="ua"><?cs var:e.Ua ?></td></tr>
      <?cs /each ?>
      </tbody>
    </table>
  </details>
  <?cs /if ?>
</section>
<?cs /each ?>
<?cs if:!Send.Ok && !Send.NoPdf && subcount(Rounds) == 0 ?><p class="muted"><?cs var:L.signing.none ?></p><?cs /if ?>

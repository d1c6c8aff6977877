<p class="crumbs"><a href="/contracts"><?cs var:L.contracts.title ?></a></p>
<div class="head-row">
  <h1><?cs var:F.title ?></h1>
  <?cs if:CanEdit ?><a class="button" href="/contracts/<?cs var:F.Id ?>/edit"><?cs var:L.contracts.edit ?></a><?cs /if ?>
</div>
<!-- tags and parent: begin -->
<?cs if:subcount(Tags) > 0 ?><p class="chips"><?cs each:t = Tags ?><a class="tag" href="/contracts?tag=<?cs var:url_escape(t) ?>"><?cs var:t ?></a> <?cs /each ?></p><?cs /if ?>
<?cs if:Parent.Id ?><p class="parent"><?cs var:L.field.parent_id ?>: <a href="/contracts/<?cs var:Parent.Id ?>"><?cs var:Parent.Number ?> <?cs var:Parent.Title ?></a></p><?cs elif:Parent.Hidden ?><p class="parent muted"><?cs var:L.field.parent_id ?>: <?cs var:L.contracts.parent_hidden ?></p><?cs /if ?>
<!-- tags and parent: end -->
<div class="grid">
  <section class="card">
    <h2><?cs var:L.contracts.basics ?></h2>
    <dl class="facts">
      <dt><?cs var:L.field.number ?></dt><dd><?cs var:F.number ?></dd>
      <dt><?cs var:L.contracts.status ?></dt><dd><span class="tag"><?cs var:F.StatusName ?></span></dd>
      <dt><?cs var:L.field.type_id ?></dt><dd><?cs var:F.TypeName ?></dd>
      <dt><?cs var:L.field.department_id ?></dt><dd><?cs var:F.DeptName ?></dd>
      <dt><?cs var:L.field.owner_id ?></dt><dd><?cs var:F.OwnerName ?></dd>
      <dt><?cs var:L.field.amount ?></dt><dd><?cs if:F.AmountText ?><?cs var:F.AmountText ?> <?cs var:F.currency ?><?cs /if ?></dd>
      <dt><?cs var:L.contracts.created ?></dt><dd><?cs var:F.Created ?> JST</dd>
    </dl>
  </section>
  <section class="card">
    <h2><?cs var:L.contracts.party ?></h2>
    <dl class="facts">
      <dt><?cs var:L.field.counterparty ?></dt><dd><?cs var:F.counterparty ?></dd>
      <dt><?cs var:L.field.counterparty_dept ?></dt><dd><?cs var:F.counterparty_dept ?></dd>
      <dt><?cs var:L.field.counterparty_contact ?></dt><dd><?cs var:F.counterparty_contact ?></dd>
    </dl>
  </section>
  <section class="card">
    <h2><?cs var:L.contracts.dates ?></h2>
    <dl class="facts">
      <dt><?cs var:L.field.contract_date ?></dt><dd><?cs var:F.contract_date ?></dd>
      <dt><?cs var:L.field.effective_date ?></dt><dd><?cs var:F.effective_date ?></dd>
      <dt><?cs var:L.field.expiry_date ?></dt><dd><?cs var:F.expiry_date ?></dd>
      <dt><?cs var:L.field.auto_renew ?></dt><dd><?cs if:F.auto_renew == "1" ?><?cs var:L.contracts.yes ?><?cs else ?><?cs var:L.contracts.no ?><?cs /if ?></dd>
      <?cs if:F.renewal_months ?><dt><?cs var:L.field.renewal_months ?></dt><dd><?cs var:F.renewal_months ?></dd><?cs /if ?>
      <?cs if:F.notice_days ?><dt><?cs var:L.field.notice_days ?></dt><dd><?cs var:F.notice_days ?></dd><?cs /if ?>
      <?cs if:F.NoticeBy ?><dt><?cs var:L.contracts.notice_by ?></dt><dd><strong><?cs var:F.NoticeBy ?></strong></dd><?cs /if ?>
    </dl>
  </section>
</div>
<!-- custom fields and related contracts: begin -->
<?cs if:subcount(CF) > 0 ?>
<section class="card spaced">
  <h2><?cs var:L.contracts.custom_fields ?></h2>
  <dl class="facts">
    <?cs each:f = CF ?><dt><?cs var:f.Name ?></dt><dd><?cs var:f.Value ?></dd><?cs /each ?>
  </dl>
</section>
<?cs /if ?>
<section class="card spaced">
  <div class="head-row">
    <h2><?cs var:L.contracts.children ?></h2>
    <?cs if:CanEdit ?><a class="button" href="<?cs var:NewChildHref ?>"><?cs var:L.contracts.new_child ?></a><?cs /if ?>
  </div>
  <?cs if:subcount(Children) > 0 ?>
  <ul class="children">
    <?cs each:k = Children ?><li><a href="/contracts/<?cs var:k.Id ?>"><?cs var:k.Number ?> <?cs var:k.Title ?></a> <span class="tag"><?cs var:k.StatusName ?></span> <span class="muted"><?cs var:k.Type ?> <?cs var:k.Date ?></span></li><?cs /each ?>
  </ul>
  <?cs else ?>
  <p class="muted"><?cs var:L.contracts.no_children ?></p>
  <?cs /if ?>
</section>
<!-- custom fields and related contracts: end -->
<?cs if:F.notes ?>
<section class="card spaced">
  <h2><?cs var:L.field.notes ?></h2>
  <p class="notes"><?cs var:F.notes ?></p>
</section>
<?cs /if ?>
<section class="card spaced" id="workflow">
  <h2><?cs var:L.workflow.title ?></h2>
  <?cs if:WF.Id ?>
  <p><?cs var:L.workflow.route ?>: <strong><?cs var:WF.Route ?></strong> · <span class="tag"><?cs var:WF.StateName ?></span></p>
  <?cs if:WF.Can.decide ?><p class="notice-turn"><?cs var:L.workflow.your_turn ?></p><?cs /if ?>
  <div class="table-wrap">
  <table class="table">
    <thead><tr><th scope="col"><?cs var:L.workflow.step ?></th><th scope="col"><?cs var:L.workflow.approver ?></th><th scope="col"><?cs var:L.workflow.rule ?></th><th scope="col"><?cs var:L.workflow.state ?></th><th scope="col"><?cs var:L.workflow.people ?></th></tr></thead>
    <tbody>
    <?cs each:st = WF.Steps ?>
    <tr class="step-<?cs var:st.State ?>">
      <td data-label="<?cs var:L.workflow.step ?>"><?cs var:st.Position ?></td>
      <td data-label="<?cs var:L.workflow.approver ?>"><?cs var:st.Kind ?>: <?cs var:st.Approver ?></td>
      <td data-label="<?cs var:L.workflow.rule ?>"><?cs var:st.Rule ?></td>
      <td data-label="<?cs var:L.workflow.state ?>"><?cs var:st.StateName ?></td>
      <td data-label="<?cs var:L.workflow.people ?>"><?cs each:pp = st.People ?><div><?cs var:pp.Name ?><?cs if:pp.DecisionName ?>: <strong><?cs var:pp.DecisionName ?></strong> <span class="muted"><?cs var:pp.At ?></span><?cs if:pp.Comment ?> — <?cs var:pp.Comment ?><?cs /if ?><?cs /if ?></div><?cs /each ?></td>
    </tr>
    <?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs else ?>
  <p class="muted"><?cs var:L.workflow.none ?></p>
  <?cs /if ?>
  <?cs if:WF.Can.submit || WF.Can.review || WF.Can.decide || WF.Can.executed || WF.Can.activate || WF.Can.expire || WF.Can.terminate || WF.Can.cancel ?>
  <form method="post" action="/contracts/<?cs var:F.Id ?>/workflow" class="workflow">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <?cs if:WF.Can.submit ?>
    <label for="wf-route"><?cs var:L.workflow.route ?></label>
    <select id="wf-route" name="route_id">
      <option value=""><?cs var:L.workflow.route_auto ?></option>
      <?cs each:ro = Routes ?><option value="<?cs var:ro.Id ?>"<?cs if:ro.ForType ?> selected<?cs /if ?>><?cs var:ro.Name ?></option><?cs /each ?>
    </select>
    <?cs /if ?>
    <label for="wf-comment"><?cs var:L.workflow.comment ?> <span class="muted small"><?cs var:L.workflow.comment_hint ?></span></label>
    <textarea id="wf-comment" name="comment" rows="2" maxlength="2000"></textarea>
    <div class="actions">
      <?cs if:WF.Can.submit ?><button type="submit" name="action" value="submit" class="primary"><?cs var:L.workflow.submit ?></button><?cs /if ?>
      <?cs if:WF.Can.review ?><button type="submit" name="action" value="review_ok" class="primary"><?cs var:L.workflow.review_ok ?></button>
      <button type="submit" name="action" value="review_back" class="secondary"><?cs var:L.workflow.review_back ?></button><?cs /if ?>
      <?cs if:WF.Can.decide ?><button type="submit" name="action" value="approve" class="primary"><?cs var:L.workflow.approve ?></button>
      <button type="submit" name="action" value="send_back" class="secondary"><?cs var:L.workflow.send_back ?></button>
      <button type="submit" name="action" value="reject" class="danger"><?cs var:L.workflow.reject ?></button><?cs /if ?>
      <?cs if:WF.Can.executed ?><button type="submit" name="action" value="executed" class="primary"><?cs var:L.workflow.executed ?></button><?cs /if ?>
      <?cs if:WF.Can.activate ?><button type="submit" name="action" value="activate" class="primary"><?cs var:L.workflow.activate ?></button><?cs /if ?>
      <?cs if:WF.Can.expire ?><button type="submit" name="action" value="expire" class="secondary"><?cs var:L.workflow.expire ?></button><?cs /if ?>
      <?cs if:WF.Can.terminate ?><button type="submit" name="action" value="terminate" class="secondary"><?cs var:L.workflow.terminate ?></button><?cs /if ?>
      <?cs if:WF.Can.cancel ?><button type="submit" name="action" value="cancel" class="danger"><?cs var:L.workflow.cancel ?></button><?cs /if ?>
    </div>
  </form>
  <?cs /if ?>
</section>
<?cs if:F.Status == "approved" || F.Status == "signing" || F.Status == "executed" || F.Status == "active" || F.Status == "expired" || F.Status == "terminated" ?>
<section class="card spaced" id="signing">
  <h2><?cs var:L.signing.title ?></h2>
  <p><?cs if:F.Status == "approved" ?><?cs var:L.signing.lead_approved ?><?cs elif:F.Status == "signing" ?><?cs var:L.signing.lead_out ?><?cs else ?><?cs var:L.signing.lead_done ?><?cs /if ?></p>
  <p><a class="button<?cs if:F.Status == "approved" ?> primary<?cs /if ?>" href="/contracts/<?cs var:F.Id ?>/signing"><?cs if:F.Status == "approved" ?><?cs var:L.signing.open_send ?><?cs else ?><?cs var:L.signing.open ?><?cs /if ?></a></p>
</section>
<?cs /if ?>
<section class="card spaced" id="comments">
  <h2><?cs var:L.comments.title ?></h2>
  <?cs if:subcount(Comments) > 0 ?>
  <ol class="comments">
  <?cs each:cm = Comments ?>
    <li class="comment depth-<?cs var:cm.Depth ?>" id="comment-<?cs var:cm.Id ?>">
      <div class="comment-head"><strong><?cs var:cm.User ?></strong> <span class="muted"><?cs var:cm.At ?></span><?cs if:cm.Mentions ?> <span class="muted small"><?cs var:L.comments.mentions ?>: <?cs var:cm.Mentions ?></span><?cs /if ?></div>
      <p class="notes"><?cs var:cm.Body ?></p>
      <?cs if:WF.Can.comment ?>
      <details class="reply"><summary><?cs var:L.comments.reply ?></summary>
        <form method="post" action="/contracts/<?cs var:F.Id ?>/comments">
          <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
          <input type="hidden" name="parent_id" value="<?cs var:cm.Id ?>">
          <textarea name="body" rows="2" maxlength="2000" required aria-label="<?cs var:L.comments.reply ?>"></textarea>
          <button type="submit" class="primary"><?cs var:L.comments.reply ?></button>
        </form>
      </details>
      <?cs /if ?>
    </li>
  <?cs /each ?>
  </ol>
  <?cs else ?>
  <p class="muted"><?cs var:L.comments.none ?></p>
  <?cs /if ?>
  <?cs if:WF.Can.comment ?>
  <form method="post" action="/contracts/<?cs var:F.Id ?>/comments" class="comment-form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <label for="cm-body"><?cs var:L.comments.add ?></label>
    <textarea id="cm-body" name="body" rows="3" maxlength="2000" required></textarea>
    <fieldset class="mentions"><legend><?cs var:L.comments.mention ?></legend>
      <?cs each:pe = People ?><label class="check"><input type="checkbox" name="mention" value="<?cs var:pe.Id ?>"> <?cs var:pe.Name ?></label><?cs /each ?>
    </fieldset>
    <button type="submit" class="primary"><?cs var:L.comments.add ?></button>
  </form>
  <?cs /if ?>
</section>
<section class="card spaced" id="documents">
  <h2><?cs var:L.documents.title ?></h2>
  <h3><?cs var:L.documents.main ?></h3>
  <?cs if:Doc.Id ?>
  <p class="doc-current"><a class="button" href="/contracts/<?cs var:F.Id ?>/documents/<?cs var:Doc.Id ?>"><?cs var:L.documents.download ?></a>
    <strong><?cs var:Doc.Name ?></strong>
    <span class="muted"><?cs var:L.documents.version ?> <?cs var:Doc.Version ?> (<?cs var:L.documents.current ?>) · <?cs var:Doc.Size ?><?cs if:Doc.Pages ?> · <?cs var:L.documents.pages ?> <?cs var:Doc.Pages ?><?cs /if ?> · <?cs var:Doc.At ?> · <?cs var:Doc.By ?></span></p>
  <p class="muted small">SHA-256 <code class="hash"><?cs var:Doc.Sha256 ?></code></p>
  <?cs else ?>
  <p class="muted"><?cs var:L.documents.none ?></p>
  <?cs /if ?>
  <?cs if:subcount(Ver) > 0 ?>
  <details>
    <summary><?cs var:L.documents.older ?> (<?cs var:subcount(Ver) ?>)</summary>
    <ul class="doc-list">
    <?cs each:v = Ver ?>
      <li><a href="/contracts/<?cs var:F.Id ?>/documents/<?cs var:v.Id ?>"><?cs var:L.documents.version ?> <?cs var:v.Version ?>: <?cs var:v.Name ?></a> <span class="muted"><?cs var:v.Size ?> · <?cs var:v.At ?> · <?cs var:v.By ?></span></li>
    <?cs /each ?>
    </ul>
  </details>
  <?cs /if ?>
  <h3><?cs var:L.documents.attachments ?></h3>
  <?cs if:subcount(Att) > 0 ?>
  <ul class="doc-list">
  <?cs each:a = Att ?>
    <li><a href="/contracts/<?cs var:F.Id ?>/documents/<?cs var:a.Id ?>"><?cs var:a.Name ?></a> <span class="muted"><?cs var:a.Size ?> · <?cs var:a.At ?> · <?cs var:a.By ?></span></li>
  <?cs /each ?>
  </ul>
  <?cs else ?>
  <p class="muted"><?cs var:L.documents.no_attachments ?></p>
  <?cs /if ?>
  <?cs if:CanEdit ?>
  <div class="upload-forms">
    <form method="post" action="/contracts/<?cs var:F.Id ?>/documents" enctype="multipart/form-data" class="upload">
      <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
      <input type="hidden" name="kind" value="main">
      <label for="file-main"><?cs var:L.documents.upload_main ?></label>
      <input type="file" id="file-main" name="file" accept=".pdf,application/pdf" required>
      <button type="submit" class="primary"><?cs var:L.documents.upload ?></button>
    </form>
    <form method="post" action="/contracts/<?cs var:F.Id ?>/documents" enctype="multipart/form-data" class="upload">
      <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
      <input type="hidden" name="kind" value="attachment">
      <label for="file-att"><?cs var:L.documents.upload_attachment ?></label>
      <input type="file" id="file-att" name="file" required>
      <button type="submit" class="primary"><?cs var:L.documents.upload ?></button>
    </form>
    <p class="muted small"><?cs var:L.documents.allowed ?></p>
  </div>
  <?cs /if ?>
</section>
<section class="card spaced">
  <h2><?cs var:L.contracts.history ?></h2>
  <div class="table-wrap">
  <table class="table history">
    <thead><tr><th scope="col"><?cs var:L.contracts.h_at ?></th><th scope="col"><?cs var:L.contracts.h_user ?></th><th scope="col"><?cs var:L.contracts.h_field ?></th><th scope="col"><?cs var:L.contracts.h_old ?></th><th scope="col"><?cs var:L.contracts.h_new ?></th><th scope="col"><?cs var:L.field.reason ?></th></tr></thead>
    <tbody>
    <?cs each:h = H ?>
    <tr>
      <td data-label="<?cs var:L.contracts.h_at ?>"><?cs var:h.At ?></td>
      <td data-label="<?cs var:L.contracts.h_user ?>"><?cs var:h.User ?></td>
      <td data-label="<?cs var:L.contracts.h_field ?>"><?cs var:h.FieldName ?></td>
      <td data-label="<?cs var:L.contracts.h_old ?>"><?cs var:h.Old ?></td>
      <td data-label="<?cs var:L.contracts.h_new ?>"><?cs var:h.New ?></td>
      <td data-label="<?cs var:L.field.reason ?>"><?cs var:h.Reason ?></td>
    </tr>
    <?cs /each ?>
    </tbody>
  </table>
  </div>
</section>

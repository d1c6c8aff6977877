<p class="crumbs"><a href="/contracts"><?cs var:L.contracts.title ?></a></p>
<div class="head-row">
  <h1><?cs var:F.title ?></h1>
  <?cs if:CanEdit ?><a class="button" href="/contracts/<?cs var:F.Id ?>/edit"><?cs var:L.contracts.edit ?></a><?cs /if ?>
</div>
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
<?cs if:F.notes ?>
<section class="card spaced">
  <h2><?cs var:L.field.notes ?></h2>
  <p class="notes"><?cs var:F.notes ?></p>
</section>
<?cs /if ?>
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
      <button type="submit"><?cs var:L.documents.upload ?></button>
    </form>
    <form method="post" action="/contracts/<?cs var:F.Id ?>/documents" enctype="multipart/form-data" class="upload">
      <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
      <input type="hidden" name="kind" value="attachment">
      <label for="file-att"><?cs var:L.documents.upload_attachment ?></label>
      <input type="file" id="file-att" name="file" required>
      <button type="submit"><?cs var:L.documents.upload ?></button>
    </form>
    <p class="muted small"><?cs var:L.documents.allowed ?></p>
  </div>
  <?cs /if ?>
</section>
<section class="card spaced">
  <h2><?cs var:L.contracts.history ?></h2>
  <div class="table-wrap">
  <table class="table">
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

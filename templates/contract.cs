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

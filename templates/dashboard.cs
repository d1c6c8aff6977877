<h1><?cs var:L.dashboard.title ?></h1>
<p class="lead"><?cs var:L.dashboard.welcome_before ?><?cs var:User.Name ?><?cs var:L.dashboard.welcome_after ?></p>
<div class="grid">
  <section class="card">
    <h2><?cs var:L.dashboard.you ?></h2>
    <dl class="facts">
      <dt><?cs var:L.profile.org ?></dt><dd><?cs if:User.Org ?><?cs var:User.Org ?><?cs else ?><?cs var:L.app.operator ?><?cs /if ?></dd>
      <dt><?cs var:L.profile.roles ?></dt><dd><?cs each:role = Roles ?><span class="tag"><?cs var:role ?></span> <?cs /each ?></dd>
    </dl>
  </section>
  <?cs if:Dash.Contracts ?>
  <section class="card">
    <h2><?cs var:L.dashboard.expiring ?></h2>
    <?cs if:Dash.Expiring == 0 ?>
    <p class="empty"><?cs var:L.dashboard.expiring_empty ?></p>
    <?cs else ?>
    <?cs if:subcount(Exp30) ?><h3><?cs var:L.dashboard.exp30 ?></h3>
    <ul class="dash-list"><?cs each:c = Exp30 ?>
      <li><a href="/contracts/<?cs var:c.Id ?>"><?cs if:c.Title ?><?cs var:c.Title ?><?cs else ?><?cs var:L.dashboard.untitled ?><?cs /if ?></a> <span class="muted"><?cs var:c.Number ?> · <?cs var:L.dashboard.expiry_on ?> <?cs var:c.Expiry ?> (<?cs var:c.DaysText ?>)</span></li><?cs /each ?>
    </ul><?cs /if ?>
    <?cs if:subcount(Exp60) ?><h3><?cs var:L.dashboard.exp60 ?></h3>
    <ul class="dash-list"><?cs each:c = Exp60 ?>
      <li><a href="/contracts/<?cs var:c.Id ?>"><?cs if:c.Title ?><?cs var:c.Title ?><?cs else ?><?cs var:L.dashboard.untitled ?><?cs /if ?></a> <span class="muted"><?cs var:c.Number ?> · <?cs var:L.dashboard.expiry_on ?> <?cs var:c.Expiry ?> (<?cs var:c.DaysText ?>)</span></li><?cs /each ?>
    </ul><?cs /if ?>
    <?cs if:subcount(Exp90) ?><h3><?cs var:L.dashboard.exp90 ?></h3>
    <ul class="dash-list"><?cs each:c = Exp90 ?>
      <li><a href="/contracts/<?cs var:c.Id ?>"><?cs if:c.Title ?><?cs var:c.Title ?><?cs else ?><?cs var:L.dashboard.untitled ?><?cs /if ?></a> <span class="muted"><?cs var:c.Number ?> · <?cs var:L.dashboard.expiry_on ?> <?cs var:c.Expiry ?> (<?cs var:c.DaysText ?>)</span></li><?cs /each ?>
    </ul><?cs /if ?>
    <?cs /if ?>
  </section>
  <section class="card">
    <h2><?cs var:L.dashboard.notice ?></h2>
    <?cs if:subcount(Notice) == 0 ?>
    <p class="empty"><?cs var:L.dashboard.notice_empty ?></p>
    <?cs else ?>
    <ul class="dash-list"><?cs each:c = Notice ?>
      <li><a href="/contracts/<?cs var:c.Id ?>"><?cs if:c.Title ?><?cs var:c.Title ?><?cs else ?><?cs var:L.dashboard.untitled ?><?cs /if ?></a> <span class="muted"><?cs var:c.Number ?> · <?cs var:L.contracts.notice_by ?> <strong><?cs var:c.NoticeBy ?></strong> (<?cs var:c.DaysText ?>)</span></li><?cs /each ?>
    </ul>
    <?cs /if ?>
  </section>
  <section class="card">
    <h2><?cs var:L.dashboard.drafts ?></h2>
    <?cs if:subcount(Drafts) == 0 ?>
    <p class="empty"><?cs var:L.dashboard.drafts_empty ?></p>
    <?cs else ?>
    <ul class="dash-list"><?cs each:c = Drafts ?>
      <li><a href="/contracts/<?cs var:c.Id ?>"><?cs if:c.Title ?><?cs var:c.Title ?><?cs else ?><?cs var:L.dashboard.untitled ?><?cs /if ?></a> <span class="muted"><?cs var:c.Number ?><?cs if:c.Counterparty ?> · <?cs var:c.Counterparty ?><?cs /if ?></span></li><?cs /each ?>
    </ul>
    <?cs /if ?>
  </section>
  <section class="card">
    <h2><?cs var:L.dashboard.tasks ?></h2>
    <?cs if:subcount(Approve) == 0 ?>
    <p class="empty"><?cs var:L.dashboard.tasks_empty ?></p>
    <?cs else ?>
    <ul class="dash-list"><?cs each:c = Approve ?>
      <li><a href="/contracts/<?cs var:c.Id ?>#workflow"><?cs if:c.Title ?><?cs var:c.Title ?><?cs else ?><?cs var:L.dashboard.untitled ?><?cs /if ?></a> <span class="muted"><?cs var:c.Number ?><?cs if:c.Counterparty ?> · <?cs var:c.Counterparty ?><?cs /if ?></span></li><?cs /each ?>
    </ul>
    <?cs /if ?>
  </section>
  <?cs /if ?>
</div>

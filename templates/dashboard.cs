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
  <section class="card">
    <h2><?cs var:L.dashboard.expiring ?></h2>
    <p class="empty"><?cs var:L.dashboard.expiring_empty ?></p>
  </section>
  <section class="card">
    <h2><?cs var:L.dashboard.tasks ?></h2>
    <p class="empty"><?cs var:L.dashboard.tasks_empty ?></p>
  </section>
</div>

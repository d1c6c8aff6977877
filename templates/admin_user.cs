<?cs include:"_admin_nav.cs" ?>
<p class="crumbs"><a href="/admin/users"><?cs var:L.admin.users.title ?></a></p>
<h1><?cs var:U.Name ?></h1>
<section class="card">
  <dl class="facts">
    <dt><?cs var:L.admin.users.email ?></dt><dd><?cs var:U.Email ?></dd>
    <dt><?cs var:L.admin.users.dept ?></dt><dd><?cs var:U.Dept ?></dd>
    <dt><?cs var:L.admin.users.roles ?></dt><dd><?cs each:role = U.Roles ?><span class="tag"><?cs var:role ?></span> <?cs /each ?></dd>
    <dt><?cs var:L.profile.lang ?></dt><dd><?cs var:U.Lang ?></dd>
    <dt><?cs var:L.admin.users.state ?></dt><dd><?cs if:U.Disabled == "1" ?><?cs var:L.admin.users.disabled ?><?cs else ?><?cs var:L.admin.users.active ?><?cs /if ?></dd>
    <dt><?cs var:L.admin.users.created ?></dt><dd><?cs var:U.Created ?> JST</dd>
  </dl>
</section>

<nav class="subnav" aria-label="<?cs var:L.nav.admin ?>">
  <?cs if:Perm.org_users_view ?><a href="/admin/users"<?cs if:Page.Path == "/admin/users" ?> aria-current="page"<?cs /if ?>><?cs var:L.admin.users.title ?></a><?cs /if ?>
  <?cs if:Perm.workflow_admin ?><a href="/admin/routes"<?cs if:string.slice(Page.Path, 0, 13) == "/admin/routes" ?> aria-current="page"<?cs /if ?>><?cs var:L.routes.title ?></a><?cs /if ?>
</nav>

<nav class="subnav" aria-label="<?cs var:L.nav.admin ?>">
  <?cs if:Perm.org_users_view ?><a href="/admin/users"<?cs if:string.slice(Page.Path, 0, 12) == "/admin/users" ?> aria-current="page"<?cs /if ?>><?cs var:L.admin.nav.users ?></a><?cs /if ?>
  <?cs if:Perm.org_fields_manage ?><a href="/admin/fields"<?cs if:string.slice(Page.Path, 0, 13) == "/admin/fields" ?> aria-current="page"<?cs /if ?>><?cs var:L.admin.fields.title ?></a><?cs /if ?>
  <?cs if:Perm.workflow_admin ?><a href="/admin/routes"<?cs if:string.slice(Page.Path, 0, 13) == "/admin/routes" ?> aria-current="page"<?cs /if ?>><?cs var:L.routes.title ?></a><?cs /if ?>
  <?cs if:Perm.org_jobs_view ?><a href="/admin/jobs"<?cs if:Page.Path == "/admin/jobs" ?> aria-current="page"<?cs /if ?>><?cs var:L.admin.nav.jobs ?></a><?cs /if ?>
  <?cs if:Perm.org_jobs_view ?><a href="/admin/mail"<?cs if:Page.Path == "/admin/mail" ?> aria-current="page"<?cs /if ?>><?cs var:L.admin.mail.title ?></a><?cs /if ?>
  <?cs if:Perm.org_jobs_view ?><a href="/admin/verify"<?cs if:string.slice(Page.Path, 0, 13) == "/admin/verify" ?> aria-current="page"<?cs /if ?>><?cs var:L.verify.title ?></a><?cs /if ?>
  <?cs if:Perm.org_jobs_view ?><a href="/admin/oplog"<?cs if:string.slice(Page.Path, 0, 12) == "/admin/oplog" ?> aria-current="page"<?cs /if ?>><?cs var:L.oplog.title ?></a><?cs /if ?>
  <?cs if:Perm.org_jobs_view ?><a href="/admin/access"<?cs if:string.slice(Page.Path, 0, 13) == "/admin/access" || string.slice(Page.Path, 0, 15) == "/admin/archives" ?> aria-current="page"<?cs /if ?>><?cs var:L.access.title ?></a><?cs /if ?>
  <?cs if:Perm.org_settings ?><a href="/admin/departments"<?cs if:Page.Path == "/admin/departments" ?> aria-current="page"<?cs /if ?>><?cs var:L.depts.title ?></a><?cs /if ?>
  <?cs if:Perm.org_settings ?><a href="/admin/types"<?cs if:Page.Path == "/admin/types" ?> aria-current="page"<?cs /if ?>><?cs var:L.types.title ?></a><?cs /if ?>
  <?cs if:Perm.org_settings ?><a href="/admin/logo"<?cs if:Page.Path == "/admin/logo" ?> aria-current="page"<?cs /if ?>><?cs var:L.logo.title ?></a><?cs /if ?>
  <?cs if:Perm.org_settings ?><a href="/admin/settings"<?cs if:Page.Path == "/admin/settings" ?> aria-current="page"<?cs /if ?>><?cs var:L.settings.title ?></a><?cs /if ?>
  <?cs if:Perm.org_settings ?><a href="/admin/uploads"<?cs if:Page.Path == "/admin/uploads" ?> aria-current="page"<?cs /if ?>><?cs var:L.uploads.title ?></a><?cs /if ?>
</nav>

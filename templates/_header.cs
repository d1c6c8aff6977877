<header class="bar">
  <div class="bar-inner">
    <a class="brand" href="/"><span class="brand-mark" aria-hidden="true">契</span><span class="brand-name"><?cs var:L.app.name ?></span></a>
    <?cs if:User.SignedIn ?>
    <span class="org"><?cs if:User.Logo ?><img class="org-logo" src="/logo?v=<?cs var:User.Logo ?>" alt="" height="24"><?cs /if ?><?cs if:User.Org ?><?cs var:User.Org ?><?cs else ?><?cs var:L.app.operator ?><?cs /if ?></span>
    <nav class="nav" aria-label="<?cs var:L.nav.label ?>">
      <ul>
        <li><a href="/"<?cs if:Page.Path == "/" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav.dashboard ?></a></li>
        <?cs if:Perm.contracts_view ?><li><a href="/contracts"<?cs if:string.slice(Page.Path, 0, 10) == "/contracts" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav.contracts ?></a></li><?cs /if ?>
        <?cs if:Perm.contracts_view ?><li><a href="/search"<?cs if:Page.Path == "/search" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav.search ?></a></li><?cs /if ?>
        <?cs if:Perm.org_users_view ?><li><a href="/admin/users"<?cs if:string.slice(Page.Path, 0, 6) == "/admin" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav.admin ?></a></li><?cs elif:Perm.org_jobs_view ?><li><a href="/admin/jobs"<?cs if:string.slice(Page.Path, 0, 6) == "/admin" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav.admin ?></a></li><?cs /if ?>
        <?cs if:Perm.ops_console ?><li><a href="/ops"<?cs if:string.slice(Page.Path, 0, 4) == "/ops" ?> aria-current="page"<?cs /if ?>><?cs var:L.ops.title ?></a></li><?cs /if ?>
        <?cs if:User.Org ?><li><a href="/support"<?cs if:string.slice(Page.Path, 0, 8) == "/support" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav.support ?></a></li><?cs /if ?>
        <li><a href="/notifications"<?cs if:Page.Path == "/notifications" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav.notifications ?><?cs if:User.Unread ?> <span class="badge"><?cs var:User.Unread ?><span class="sr"> <?cs var:L.nav.unread ?></span></span><?cs /if ?></a></li>
      </ul>
    </nav>
    <div class="who">
      <a href="/profile"<?cs if:Page.Path == "/profile" ?> aria-current="page"<?cs /if ?>><?cs var:User.Name ?></a>
      <form method="post" action="/signout" class="inline">
        <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
        <button type="submit" class="link"><?cs var:L.nav.signout ?></button>
      </form>
    </div>
    <?cs /if ?>
  </div>
</header>

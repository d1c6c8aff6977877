<footer class="foot">
  <?cs if:CSRF ?>
  <form method="post" action="/lang" class="inline lang-switch">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <input type="hidden" name="next" value="<?cs var:Page.Path ?>">
    <?cs if:Req.Lang == "ja" ?>
    <button type="submit" name="lang" value="en" class="link" lang="en">English</button>
    <?cs else ?>
    <button type="submit" name="lang" value="ja" class="link" lang="ja">日本語</button>
    <?cs /if ?>
  </form>
  <?cs /if ?>
  <span class="muted"><?cs var:L.app.name ?> · <?cs var:L.app.tagline ?> · <a href="/release-notes"><?cs var:L.releases.title ?></a> · <a href="/status"><?cs var:L.status.title ?></a></span>
</footer>

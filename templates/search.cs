<h1><?cs var:L.search.title ?></h1>
<form method="get" action="/search" class="search-form" role="search">
  <label for="q" class="sr-only"><?cs var:L.search.title ?></label>
  <input id="q" name="q" type="search" value="<?cs var:Q ?>" maxlength="200" placeholder="<?cs var:L.search.placeholder ?>">
  <button type="submit" class="primary"><?cs var:L.search.go ?></button>
</form>
<p class="muted small"><?cs var:L.search.hint ?></p>
<?cs if:Q ?>
<?cs if:Count == 0 ?>
<p class="empty"><?cs var:L.search.none ?></p>
<?cs else ?>
<p class="muted"><?cs var:L.search.total ?>: <?cs var:Total ?></p>
<ol class="results">
<?cs each:res = Results ?>
  <li>
    <a href="/contracts/<?cs var:res.Id ?>"><strong><?cs var:res.Title ?></strong></a>
    <span class="muted"><?cs var:res.Number ?> · <?cs var:res.Counterparty ?> · <?cs var:res.StatusName ?></span>
    <p class="snippet"><?cs each:sn = res.Snip ?><?cs if:sn.Hit ?><mark><?cs var:sn.Text ?></mark><?cs else ?><?cs var:sn.Text ?><?cs /if ?><?cs /each ?></p>
  </li>
<?cs /each ?>
</ol>
<p class="pager"><?cs if:Paged ?><a href="/search?q=<?cs var:url_escape(Q) ?>"><?cs var:L.search.first ?></a><?cs /if ?>
<?cs if:Next ?> <a href="/search?q=<?cs var:url_escape(Q) ?>&amp;before=<?cs var:Next ?>"><?cs var:L.search.more ?></a><?cs /if ?></p>
<?cs /if ?>
<?cs /if ?>

<div class="head-row">
  <h1><?cs var:L.notifications.title ?></h1>
  <?cs if:Unread > 0 ?>
  <form method="post" action="/notifications/read-all" class="inline">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <button type="submit" class="button"><?cs var:L.notifications.read_all ?></button>
  </form>
  <?cs /if ?>
</div>
<?cs include:"_messages.cs" ?>
<?cs if:Count == 0 ?>
<p class="empty"><?cs var:L.notifications.empty ?></p>
<?cs else ?>
<ul class="notices">
  <?cs each:n = N ?>
  <li class="notice<?cs if:n.Unread == "1" ?> unread<?cs /if ?>">
    <p class="notice-text"><?cs if:n.Unread == "1" ?><span class="tag"><?cs var:L.notifications.unread ?></span> <?cs /if ?><?cs var:n.Text ?></p>
    <p class="muted"><?cs var:n.Created ?> JST<?cs if:n.ContractId ?> · <a href="/contracts/<?cs var:n.ContractId ?>"><?cs var:L.notifications.open ?><?cs if:n.Number ?> (<?cs var:n.Number ?>)<?cs /if ?></a><?cs /if ?>
    <?cs if:n.Unread == "1" ?> ·
      <form method="post" action="/notifications/<?cs var:n.Id ?>/read" class="inline">
        <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
        <button type="submit" class="link"><?cs var:L.notifications.mark_read ?></button>
      </form><?cs else ?> · <?cs var:L.notifications.read ?><?cs /if ?></p>
  </li>
  <?cs /each ?>
</ul>
<?cs /if ?>

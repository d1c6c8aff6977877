<p class="crumbs"><?cs if:Ops ?><a href="/ops/support"><?cs var:L.support.ops_title ?></a><?cs else ?><a href="/support"><?cs var:L.support.title ?></a><?cs /if ?></p>
<?cs with:t = Ticket.0 ?>
<h1><?cs var:t.Subject ?></h1>
<p><span class="tag"><?cs var:t.StateName ?></span> <?cs var:L.support.opened ?> <?cs var:t.Created ?> · <?cs var:L.support.lead_time ?> <?cs var:t.Lead ?> <?cs var:L.support.days ?><?cs if:Ops ?> · <?cs var:t.Org ?> / <?cs var:t.User ?><?cs /if ?></p>
<?cs /with ?>
<?cs include:"_messages.cs" ?>
<ol class="comments">
<?cs each:m = Messages ?>
  <li class="comment<?cs if:m.Operator == "1" ?> from-operator<?cs /if ?>"><div class="comment-head"><strong><?cs if:m.Operator == "1" ?><?cs var:L.support.operator ?><?cs else ?><?cs var:m.Name ?><?cs /if ?></strong> <span class="muted"><?cs var:m.At ?></span></div><p class="notes"><?cs var:m.Body ?></p></li>
<?cs /each ?>
</ol>
<section class="card spaced">
  <form method="post" action="<?cs if:Ops ?>/ops<?cs /if ?>/support/<?cs var:Ticket.0.Id ?>" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <label for="s-body"><?cs if:Ops ?><?cs var:L.support.answer ?><?cs else ?><?cs var:L.support.followup ?><?cs /if ?></label>
    <textarea id="s-body" name="body" rows="5" maxlength="10000" required></textarea>
    <button type="submit" class="primary"><?cs if:Ops ?><?cs var:L.support.send_answer ?><?cs else ?><?cs var:L.support.send ?><?cs /if ?></button>
  </form>
</section>

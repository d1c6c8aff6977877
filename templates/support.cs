<h1><?cs var:L.support.title ?></h1>
<p class="muted"><?cs var:L.support.lead ?></p>
<?cs include:"_messages.cs" ?>
<?cs if:subcount(Tickets) > 0 ?>
<div class="table-wrap spaced">
<table class="table">
  <thead><tr><th scope="col"><?cs var:L.support.subject ?></th><th scope="col"><?cs var:L.support.opened ?></th><th scope="col"><?cs var:L.support.state ?></th><th scope="col" class="num"><?cs var:L.support.lead_time ?></th></tr></thead>
  <tbody>
  <?cs each:t = Tickets ?>
  <tr>
    <td data-label="<?cs var:L.support.subject ?>"><a href="/support/<?cs var:t.Id ?>"><?cs var:t.Subject ?></a></td>
    <td data-label="<?cs var:L.support.opened ?>" class="nowrap"><?cs var:t.Created ?></td>
    <td data-label="<?cs var:L.support.state ?>"><span class="tag"><?cs var:t.StateName ?></span></td>
    <td data-label="<?cs var:L.support.lead_time ?>" class="num"><?cs var:t.Lead ?> <?cs var:L.support.days ?></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<?cs /if ?>
<section class="card spaced">
  <h2><?cs var:L.support.new ?></h2>
  <form method="post" action="/support" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <label for="s-subject"><?cs var:L.support.subject ?></label>
    <input id="s-subject" name="subject" type="text" required maxlength="200">
    <label for="s-body"><?cs var:L.support.body ?></label>
    <textarea id="s-body" name="body" rows="6" maxlength="10000" required></textarea>
    <button type="submit" class="primary"><?cs var:L.support.send ?></button>
  </form>
</section>

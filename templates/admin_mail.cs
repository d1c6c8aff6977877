<?cs include:"_admin_nav.cs" ?>
<h1><?cs var:L.admin.mail.title ?></h1>
<p class="muted"><?cs var:L.admin.mail.lead ?></p>
<?cs if:MailCount == 0 ?>
<p class="empty spaced"><?cs var:L.admin.mail.empty ?></p>
<?cs else ?>
<div class="table-wrap spaced">
<table class="table">
  <thead><tr><th scope="col"><?cs var:L.admin.mail.created ?></th><th scope="col"><?cs var:L.admin.mail.kind ?></th><th scope="col"><?cs var:L.admin.mail.to ?></th><th scope="col"><?cs var:L.admin.mail.subject ?></th><th scope="col"><?cs var:L.admin.mail.state ?></th><th scope="col"><?cs var:L.admin.mail.attempts ?></th><th scope="col"><?cs var:L.admin.mail.last_error ?></th><th scope="col"><?cs var:L.admin.mail.sent ?></th></tr></thead>
  <tbody>
  <?cs each:m = Mail ?>
  <tr>
    <td data-label="<?cs var:L.admin.mail.created ?>" class="nowrap"><?cs var:m.Created ?></td>
    <td data-label="<?cs var:L.admin.mail.kind ?>"><?cs var:m.KindName ?><?cs if:m.ContractId ?> · <a href="/contracts/<?cs var:m.ContractId ?>"><?cs var:L.admin.mail.contract ?></a><?cs /if ?></td>
    <td data-label="<?cs var:L.admin.mail.to ?>"><?cs var:m.To ?></td>
    <td data-label="<?cs var:L.admin.mail.subject ?>"><?cs var:m.Subject ?></td>
    <td data-label="<?cs var:L.admin.mail.state ?>"><span class="tag<?cs if:m.State == "failed" ?> tag-bad<?cs /if ?>"><?cs var:m.StateName ?></span></td>
    <td data-label="<?cs var:L.admin.mail.attempts ?>" class="num"><?cs var:m.Attempts ?></td>
    <td data-label="<?cs var:L.admin.mail.last_error ?>"><?cs var:m.LastError ?></td>
    <td data-label="<?cs var:L.admin.mail.sent ?>" class="nowrap"><?cs var:m.Sent ?></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<?cs /if ?>

<?cs include:"_admin_nav.cs" ?>
<h1><?cs var:L.types.title ?></h1>
<p class="muted"><?cs var:L.types.lead ?></p>
<?cs if:Form.Error ?><p class="msg msg-error" aria-live="assertive"><?cs var:Form.Error ?></p><?cs /if ?>
<?cs if:TypeCount == 0 ?>
<p class="empty"><?cs var:L.types.empty ?></p>
<?cs else ?>
<div class="table-wrap spaced">
<table class="table">
  <thead><tr><th scope="col"><?cs var:L.types.name ?></th><th scope="col" class="num"><?cs var:L.types.sort ?></th><th scope="col" class="num"><?cs var:L.types.contracts ?></th><th scope="col" class="num"><?cs var:L.types.routes ?></th><th scope="col"><?cs var:L.types.change ?></th></tr></thead>
  <tbody>
  <?cs each:t = Types ?>
  <tr>
    <td data-label="<?cs var:L.types.name ?>"><?cs var:t.Name ?></td>
    <td data-label="<?cs var:L.types.sort ?>" class="num"><?cs var:t.Sort ?></td>
    <td data-label="<?cs var:L.types.contracts ?>" class="num"><?cs var:t.Contracts ?></td>
    <td data-label="<?cs var:L.types.routes ?>" class="num"><?cs var:t.Routes ?></td>
    <td data-label="<?cs var:L.types.change ?>"><details><summary><?cs var:L.types.change ?></summary>
      <form method="post" action="/admin/types/<?cs var:t.Id ?>" class="form">
        <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
        <input name="name" type="text" required maxlength="100" value="<?cs var:t.Name ?>" aria-label="<?cs var:L.types.name ?>">
        <input name="sort" type="number" min="0" max="9999" value="<?cs var:t.Sort ?>" aria-label="<?cs var:L.types.sort ?>">
        <button type="submit" class="secondary small"><?cs var:L.admin.user.save ?></button>
      </form>
      <?cs if:t.Contracts == "0" && t.Routes == "0" ?>
      <form method="post" action="/admin/types/<?cs var:t.Id ?>/delete" class="form">
        <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
        <button type="submit" class="danger small"><?cs var:L.types.delete ?></button>
      </form>
      <?cs else ?>
      <p class="muted"><?cs var:L.types.kept ?></p>
      <?cs /if ?></details></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<?cs /if ?>
<section class="card spaced narrow">
  <h2><?cs var:L.types.new ?></h2>
  <form method="post" action="/admin/types" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <label for="t-name"><?cs var:L.types.name ?></label>
    <input id="t-name" name="name" type="text" required maxlength="100" value="<?cs var:New.name ?>">
    <label for="t-sort"><?cs var:L.types.sort ?></label>
    <input id="t-sort" name="sort" type="number" min="0" max="9999" value="<?cs var:New.sort ?>">
    <button type="submit" class="primary"><?cs var:L.types.create ?></button>
  </form>
</section>

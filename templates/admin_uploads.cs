<?cs include:"_admin_nav.cs" ?>
<h1><?cs var:L.uploads.title ?></h1>
<p class="muted"><?cs var:L.uploads.intro ?></p>
<?cs include:"_messages.cs" ?>
<section class="card">
  <form method="post" action="/admin/uploads" class="step-form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF ?>">
    <fieldset class="mentions"><legend><?cs var:L.uploads.types ?></legend>
      <?cs each:t = Types ?><label class="check"><input type="checkbox" name="type" value="<?cs var:t.Code ?>"<?cs if:t.On ?> checked<?cs /if ?><?cs if:t.Code == "pdf" ?> disabled<?cs /if ?>> <?cs var:L.uploads.type[t.Code] ?></label><?cs /each ?>
    </fieldset>
    <p class="muted small"><?cs var:L.uploads.pdf_always ?></p>
    <label for="max-mb"><?cs var:L.uploads.max ?></label>
    <input id="max-mb" name="max_mb" type="number" min="1" max="50" required value="<?cs var:MaxMB ?>">
    <button type="submit" class="primary"><?cs var:L.contracts.save ?></button>
  </form>
</section>

<?cs # The filters both logs share: who and when (Japan dates). ?>
  <div>
    <label for="f-user"><?cs var:L.oplog.user ?></label>
    <select id="f-user" name="user"><option value=""><?cs var:L.oplog.anyone ?></option><?cs each:u = Users ?><option value="<?cs var:u.Id ?>"<?cs if:u.Id == Filter.user ?> selected<?cs /if ?>><?cs var:u.Name ?></option><?cs /each ?></select>
  </div>
  <div>
    <label for="f-from"><?cs var:L.oplog.from ?></label>
    <input id="f-from" name="from" type="date" value="<?cs var:Filter.from ?>">
  </div>
  <div>
    <label for="f-to"><?cs var:L.oplog.to ?></label>
    <input id="f-to" name="to" type="date" value="<?cs var:Filter.to ?>">
  </div>

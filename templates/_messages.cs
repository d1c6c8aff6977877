<?cs if:Form.Error ?><p class="msg msg-error" role="alert"><?cs var:Form.Error ?></p><?cs /if ?>
<?cs if:Form.Done ?><p class="msg msg-ok" role="status"><?cs var:Form.Done ?></p><?cs /if ?>

<!DOCTYPE html>
<html lang="<?cs var:Mail.Lang ?>">
<head><meta charset="utf-8"><title><?cs var:Mail.Subject ?></title></head>
<body>
<p><?cs var:Mail.Greeting ?></p>
<p><?cs var:Mail.Text ?></p>
<p><a href="<?cs var:Mail.Link ?>"><?cs var:Mail.Link ?></a></p>
<hr>
<p><small><?cs var:L.invite.mail_footer ?></small></p>
</body>
</html>

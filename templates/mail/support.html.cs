<!DOCTYPE html>
<html lang="<?cs var:Mail.Lang ?>">
<head><meta charset="utf-8"><title><?cs var:Mail.Subject ?></title></head>
<body>
<p><?cs var:Mail.Greeting ?></p>
<p><?cs var:Mail.Text ?></p>
<h2><?cs var:Mail.Title ?></h2>
<pre><?cs var:Mail.Body ?></pre>
<p><a href="<?cs var:Mail.Link ?>"><?cs var:Mail.Link ?></a></p>
<hr>
<p><small><?cs var:L.mail.footer ?></small></p>
</body>
</html>

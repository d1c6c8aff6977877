<!DOCTYPE html>
<html lang="<?cs var:Mail.Lang ?>">
<head><meta charset="utf-8"><title><?cs var:Mail.Subject ?></title></head>
<body>
<p><?cs var:Mail.Greeting ?></p>
<p><?cs var:Mail.Text ?></p>
<h2><?cs var:Mail.Title ?></h2>
<pre><?cs var:Mail.Body ?></pre>
<?cs if:Mail.Starts ?><p><?cs var:L.notice.when ?>: <?cs var:Mail.Starts ?> – <?cs var:Mail.Ends ?> <?cs var:L.sign.jst ?></p><?cs /if ?>
<?cs if:Mail.Affected ?><p><?cs var:L.notice.affected ?>: <?cs var:Mail.Affected ?></p><?cs /if ?>
<p><a href="<?cs var:Mail.Link ?>"><?cs var:Mail.Link ?></a></p>
<hr>
<p><small><?cs var:L.notice.mail_footer ?></small></p>
</body>
</html>

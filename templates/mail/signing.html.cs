<!DOCTYPE html>
<html lang="<?cs var:Mail.Lang ?>">
<head><meta charset="utf-8"><title><?cs var:Mail.Subject ?></title></head>
<body>
<p><?cs var:Mail.Greeting ?></p>
<p><?cs var:Mail.Text ?></p>
<?cs if:Mail.Message ?><p><?cs var:L.sign.mail_message ?> (<?cs var:Mail.Sender ?>):</p>
<blockquote><pre><?cs var:Mail.Message ?></pre></blockquote><?cs /if ?>
<?cs if:Mail.Reason ?><p><?cs var:L.sign.mail_reason ?>: <?cs var:Mail.Reason ?></p><?cs /if ?>
<p><?cs var:L.mail.contract ?>: <?cs var:Mail.Number ?> <?cs var:Mail.Title ?><br>
<?cs var:L.sign.mail_from ?>: <?cs var:Mail.Sender ?> &lt;<?cs var:Mail.SenderEmail ?>&gt; (<?cs var:Mail.Org ?>)</p>
<?cs if:Mail.Link ?><p><a href="<?cs var:Mail.Link ?>"><?cs var:Mail.Link ?></a></p><?cs /if ?>
<?cs if:Mail.Code ?><p><?cs var:L.sign.mail_code ?></p><?cs /if ?>
<hr>
<p><small><?cs var:L.sign.mail_footer ?></small></p>
</body>
</html>

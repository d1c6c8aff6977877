<p><?cs var:L.mail.contract ?>: <a href="<?cs var:Mail.Link ?>"><?cs var:Mail.Number ?> <?cs var:Mail.Title ?></a></p>
<hr>
<p><small><?cs var:L.mail.footer ?></small></p>
</body>
</html>

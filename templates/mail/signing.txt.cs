<?cs escape: "none" ?><?cs var:Mail.Greeting ?>

<?cs var:Mail.Text ?>
<?cs /escape ?><?cs if:Mail.Message ?><?cs escape: "none" ?>
<?cs var:L.sign.mail_message ?> (<?cs var:Mail.Sender ?>):
<?cs var:Mail.Message ?>
<?cs /escape ?><?cs /if ?><?cs if:Mail.Reason ?><?cs escape: "none" ?>
<?cs var:L.sign.mail_reason ?>: <?cs var:Mail.Reason ?>
<?cs /escape ?><?cs /if ?><?cs escape: "none" ?>
<?cs var:L.mail.contract ?>: <?cs var:Mail.Number ?> <?cs var:Mail.Title ?>
<?cs var:L.sign.mail_from ?>: <?cs var:Mail.Sender ?> <<?cs var:Mail.SenderEmail ?>> (<?cs var:Mail.Org ?>)
<?cs /escape ?><?cs if:Mail.Link ?><?cs escape: "none" ?>
<?cs var:Mail.Link ?>
<?cs /escape ?><?cs /if ?><?cs if:Mail.Code ?><?cs escape: "none" ?>
<?cs var:L.sign.mail_code ?>
<?cs /escape ?><?cs /if ?><?cs escape: "none" ?>
-- 
<?cs var:L.sign.mail_footer ?>
<?cs /escape ?>

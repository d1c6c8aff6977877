<?cs escape: "none" ?><?cs var:Mail.Greeting ?>

<?cs var:Mail.Text ?>

<?cs var:Mail.Title ?>
<?cs var:Mail.Body ?>
<?cs /escape ?><?cs if:Mail.Starts ?><?cs escape: "none" ?>
<?cs var:L.notice.when ?>: <?cs var:Mail.Starts ?> - <?cs var:Mail.Ends ?> <?cs var:L.sign.jst ?>
<?cs /escape ?><?cs /if ?><?cs if:Mail.Affected ?><?cs escape: "none" ?>
<?cs var:L.notice.affected ?>: <?cs var:Mail.Affected ?>
<?cs /escape ?><?cs /if ?><?cs escape: "none" ?>
<?cs var:Mail.Link ?>

-- 
<?cs var:L.notice.mail_footer ?>
<?cs /escape ?>

<?cs escape: "none" ?><?cs var:Mail.Greeting ?>

<?cs var:Mail.Text ?>

<?cs var:Mail.Link ?>

-- 
<?cs var:L.invite.mail_footer ?>
<?cs /escape ?>

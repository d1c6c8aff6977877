<?cs escape: "none" ?><?cs var:Mail.Greeting ?>

<?cs var:Mail.Text ?>

<?cs var:Mail.Title ?>

<?cs var:Mail.Body ?>

<?cs var:Mail.Link ?>

-- 
<?cs var:L.mail.footer ?>
<?cs /escape ?>

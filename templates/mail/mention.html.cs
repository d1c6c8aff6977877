<?cs include:"mail/_top.cs" ?>
<blockquote><p><strong><?cs var:Mail.Author ?></strong></p><pre><?cs var:Mail.Body ?></pre></blockquote>
<?cs include:"mail/_bottom.cs" ?>

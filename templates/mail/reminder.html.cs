<?cs include:"mail/_top.cs" ?>
<?cs include:"mail/_bottom.cs" ?>

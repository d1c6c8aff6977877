<!DOCTYPE html>
<html lang="<?cs var:Req.Lang ?>">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><?cs var:Page.Title ?> | <?cs var:L.app.name ?></title>
<?cs if:Page.Refresh ?><meta http-equiv="refresh" content="<?cs var:Page.Refresh ?>"><?cs /if ?>
<link rel="stylesheet" href="/static/keiyaku.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
</head>
<body>
<a class="skip" href="#main"><?cs var:L.nav.skip ?></a>
<?cs include:"_header.cs" ?>
<?cs include:"_notices.cs" ?>
<main id="main" class="main">
<?cs include:Page.Template ?>
</main>
<?cs include:"_footer.cs" ?>
</body>
</html>

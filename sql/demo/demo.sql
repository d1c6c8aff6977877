-- Demo data: two organisations, so that isolation can be seen, one user
-- per role in the first, and one service operator.  Loaded by
-- script/server (never by tests that do not ask for it).  INSERT IGNORE
-- makes it safe to load again; @pw is the Argon2id hash of the demo
-- password, set by the loader.

INSERT IGNORE INTO organisations (id, name, slug) VALUES
  (1, '株式会社みなと商事', 'minato'),
  (2, '北斗エンジニアリング株式会社', 'hokuto');

INSERT IGNORE INTO departments (id, organisation_id, name) VALUES
  (1, 1, '法務部'),
  (2, 1, '営業部'),
  (3, 1, '経理部'),
  (4, 2, '管理部');

INSERT IGNORE INTO users (id, organisation_id, department_id, email, name, lang, password_hash) VALUES
  (1, 1, 1, 'admin@minato.example',    '山田 花子', 'ja', @pw),
  (2, 1, 1, 'legal@minato.example',    '佐藤 健',   'ja', @pw),
  (3, 1, 2, 'member@minato.example',   '鈴木 一郎', 'ja', @pw),
  (4, 1, 3, 'viewer@minato.example',   '高橋 美咲', 'en', @pw),
  (5, 2, 4, 'admin@hokuto.example',    '北村 翔',   'ja', @pw),
  (6, 2, 4, 'member@hokuto.example',   '中川 陽子', 'ja', @pw),
  (7, NULL, NULL, 'operator@keiyaku.example', '運用 担当', 'ja', @pw);

INSERT IGNORE INTO user_roles (user_id, role_id, organisation_id) VALUES
  (1, 1, 1), (2, 2, 1), (3, 3, 1), (4, 4, 1),
  (5, 1, 2), (6, 3, 2),
  (7, 5, NULL);

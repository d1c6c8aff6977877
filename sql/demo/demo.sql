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

INSERT IGNORE INTO contract_types (id, organisation_id, name, sort) VALUES
  (1, 1, '業務委託契約', 10), (2, 1, '秘密保持契約 (NDA)', 20), (3, 1, '売買契約', 30),
  (4, 1, '賃貸借契約', 40), (5, 2, '請負契約', 10);

INSERT IGNORE INTO contract_counters (organisation_id, next_number) VALUES (1, 5), (2, 2);
INSERT IGNORE INTO contracts (id, organisation_id, number, title, type_id, counterparty,
  counterparty_dept, counterparty_contact, department_id, owner_id, amount, currency,
  contract_date, effective_date, expiry_date, auto_renew, renewal_months, notice_days,
  status, notes, created_by) VALUES
  (1, 1, 'C-000001', '基幹システム保守業務委託契約', 1, '株式会社ひかりソフト', '営業本部', '田中 一郎',
   1, 2, 4800000, 'JPY', '2026-03-25', '2026-04-01', '2027-03-31', 1, 12, 90, 'executed',
   '年次で自動更新。解約は満了90日前までに書面で通知。', 2),
  (2, 1, 'C-000002', '販売代理店契約', 3, '西日本ディストリビューション株式会社', '', '',
   2, 3, 12000000, 'JPY', '2026-06-01', '2026-06-01', '2027-05-31', 0, NULL, NULL, 'executed', '', 3),
  (3, 1, 'C-000003', '経理システム利用に関する秘密保持契約', 2, '会計クラウド株式会社', '', '',
   3, 1, NULL, 'JPY', '2026-09-10', '2026-09-10', '2029-09-09', 0, NULL, NULL, 'executed', '', 1),
  (4, 1, 'C-000004', '東京本社オフィス賃貸借契約', 4, '丸の内ビルディング株式会社', '', '',
   1, 2, 3600000, 'JPY', NULL, '2027-01-01', '2028-12-31', 1, 24, 180, 'draft', '', 2),
  (5, 2, 'C-000001', '設備据付工事請負契約', 5, '株式会社南海建設', '', '',
   4, 5, 25000000, 'JPY', '2026-08-01', '2026-08-01', '2027-07-31', 0, NULL, NULL, 'executed', '', 5);
INSERT IGNORE INTO contract_history (id, organisation_id, contract_id, user_id, field, old_value, new_value) VALUES
  (1, 1, 1, 2, 'created', NULL, 'C-000001'), (2, 1, 2, 3, 'created', NULL, 'C-000002'),
  (3, 1, 3, 1, 'created', NULL, 'C-000003'), (4, 1, 4, 2, 'created', NULL, 'C-000004'),
  (5, 2, 5, 5, 'created', NULL, 'C-000001');

-- Approval routes: a general one chosen by hand, and one for leases
-- (type 4) that the sales department and then all of legal approve.
INSERT IGNORE INTO approval_routes (id, organisation_id, name, type_id) VALUES
  (1, 1, '標準承認ルート', NULL), (2, 1, '賃貸借契約ルート', 4), (3, 2, '標準承認', NULL);
INSERT IGNORE INTO approval_route_steps (id, organisation_id, route_id, position, approver_kind, approver_id, rule) VALUES
  (1, 1, 1, 1, 'role', 2, 'any'), (2, 1, 1, 2, 'user', 1, 'any'),
  (3, 1, 2, 1, 'department', 2, 'any'), (4, 1, 2, 2, 'department', 1, 'all'),
  (5, 2, 3, 1, 'user', 5, 'any');

INSERT IGNORE INTO notifications (id, organisation_id, user_id, kind, contract_id, due_date, days, dedup_key) VALUES
  (1, 1, 2, 'notice', 1, '2026-12-31', 36, 'demo:1'),
  (2, 2, 5, 'expiry', 5, '2027-07-31', 90, 'demo:2');

-- Custom fields, tags and values (sql/0005-fields.sql).
INSERT IGNORE INTO custom_fields (id, organisation_id, name, kind, options, sort, in_ledger) VALUES
  (1, 1, '印紙税額', 'number', '', 10, 1),
  (2, 1, '保管場所', 'choice', '本社金庫\n法務部キャビネット\n電子保存のみ\n外部倉庫', 20, 1),
  (3, 1, '更新交渉期限', 'date', '', 30, 0),
  (4, 1, '管理メモ', 'text', '', 40, 0),
  (5, 2, '工事番号', 'text', '', 10, 1);
INSERT IGNORE INTO contract_field_values (organisation_id, contract_id, field_id, text_value, number_value, date_value) VALUES
  (1, 1, 1, NULL, 20000, NULL), (1, 1, 2, '本社金庫', NULL, NULL), (1, 1, 3, NULL, NULL, '2026-12-15'),
  (1, 2, 2, '電子保存のみ', NULL, NULL),
  (2, 5, 5, 'K-2026-018', NULL, NULL);
INSERT IGNORE INTO tags (id, organisation_id, name) VALUES
  (1, 1, '自動更新'), (2, 1, '重要'), (3, 1, 'nda'), (4, 2, '重要');
INSERT IGNORE INTO contract_tags (organisation_id, contract_id, tag_id) VALUES
  (1, 1, 1), (1, 1, 2), (1, 3, 3), (2, 5, 4);

UPDATE users u SET unread_notifications = (SELECT COUNT(*) FROM notifications n
  WHERE n.user_id = u.id AND n.read_at IS NULL);

-- org.settings: an organisation's admin sets what may be uploaded as
-- attachments (types, size; org_settings, sql/0003-documents.sql).
INSERT INTO permissions (id, code, description) VALUES
  (23, 'org.settings', 'Change the settings of the organisation');

INSERT INTO role_permissions (role_id, permission_id) VALUES
  (1, 23);

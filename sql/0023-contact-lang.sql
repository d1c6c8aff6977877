-- The language an organisation's registered contact reads: incident,
-- maintenance and end-of-service notices are mailed in it (issue 5).
ALTER TABLE organisations
  ADD COLUMN contact_lang CHAR(2) CHARACTER SET ascii NOT NULL DEFAULT 'ja',
  ADD CONSTRAINT organisations_contact_lang CHECK (contact_lang IN ('ja', 'en'));

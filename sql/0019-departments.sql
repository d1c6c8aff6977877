-- Departments nest (issue 5): a department may belong to another of
-- the same organisation (法務部 › 契約審査課).  No cycles: the admin page
-- refuses a parent that is the department itself or one below it.
ALTER TABLE departments
  ADD COLUMN parent_id BIGINT UNSIGNED NULL AFTER organisation_id,
  ADD CONSTRAINT departments_parent FOREIGN KEY (parent_id) REFERENCES departments (id);

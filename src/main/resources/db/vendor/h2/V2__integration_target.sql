-- Where an integration's reports go (project, issue type, assignee), kept apart from how they are shaped.
ALTER TABLE integration ADD COLUMN target_json CLOB DEFAULT '{}' NOT NULL;

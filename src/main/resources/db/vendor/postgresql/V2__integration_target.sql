-- PostgreSQL twin of db/vendor/h2/V2__integration_target.sql (frozen: H2 databases hold its checksum): TEXT for CLOB, identity for AUTO_INCREMENT.
-- Where an integration's reports go (project, issue type, assignee), kept apart from how they are shaped.
ALTER TABLE integration ADD COLUMN target_json TEXT DEFAULT '{}' NOT NULL;

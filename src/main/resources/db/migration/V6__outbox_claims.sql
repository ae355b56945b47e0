-- How often a task was claimed: a second claim means an earlier attempt may have reached Jira before a crash.
ALTER TABLE outbox ADD COLUMN claims INT DEFAULT 0 NOT NULL;

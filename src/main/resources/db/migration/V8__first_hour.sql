-- The first hour (#15): a report's issue is known by site and issue id, and webhook deliveries refused for a
-- missing secret are kept to be applied once the secret is set.

-- The Jira site (base URL) the report's issue lives on; NULL for reports linked before this column existed
ALTER TABLE report ADD COLUMN jira_site VARCHAR(500);
CREATE INDEX ix_report_jira_site ON report(jira_site, jira_id);

-- What the refused call presented (X-Hub-Signature, or the SHA-256 of the URL token: never a secret in the clear),
-- so a delivery kept as REFUSED can be verified once the integration has its secret
ALTER TABLE webhook_event ADD COLUMN proof VARCHAR(200);

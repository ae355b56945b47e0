-- Two-way sync: what Jira says about a report's issue, the guards that keep it in order, webhook deliveries, cursors.

-- The issue's state as last applied (status and priority columns exist since V1).
ALTER TABLE report ADD COLUMN jira_status_category VARCHAR(40);
ALTER TABLE report ADD COLUMN jira_resolution VARCHAR(200);
ALTER TABLE report ADD COLUMN jira_assignee VARCHAR(200);
ALTER TABLE report ADD COLUMN jira_deleted_at TIMESTAMP WITH TIME ZONE;
-- Jira events name issues by id and key; both look-ups stay cheap however many reports there are
CREATE INDEX ix_report_jira_id ON report(integration_id, jira_id);
CREATE INDEX ix_report_jira_key ON report(integration_id, jira_key);

-- Comments from Jira are kept per Jira comment id; a deleted one stays as a tombstone so a late event cannot revive it.
ALTER TABLE report_comment ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE report_comment ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;
CREATE UNIQUE INDEX uq_report_comment_jira ON report_comment(report_id, jira_id);

-- Per report and field: the Jira time of the value shown (out-of-order guard) and the value we sent (echo guard).
CREATE TABLE sync_field (
    report_id    VARCHAR(36) NOT NULL REFERENCES report(id),
    field        VARCHAR(20) NOT NULL,
    applied_at   TIMESTAMP WITH TIME ZONE,
    pushed_value VARCHAR(200),
    PRIMARY KEY (report_id, field)
);

-- Webhook deliveries, stored before the 202 and applied from here; the delivery id makes Atlassian's retries apply once.
CREATE TABLE webhook_event (
    id             BIGINT AUTO_INCREMENT PRIMARY KEY,
    integration_id VARCHAR(64)   NOT NULL,
    delivery_id    VARCHAR(200)  NOT NULL,
    event_type     VARCHAR(100),
    payload        CLOB          NOT NULL,
    state          VARCHAR(20)   NOT NULL,
    outcome        VARCHAR(2000),
    attempts       INT DEFAULT 0 NOT NULL,
    received_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    available_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_until  TIMESTAMP WITH TIME ZONE,
    finished_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uq_webhook_delivery UNIQUE (integration_id, delivery_id)
);
CREATE INDEX ix_webhook_event_due ON webhook_event(state, available_at);

-- Polling: per integration, issues updated at or after this instant (less the overlap) are read on the next poll.
CREATE TABLE sync_cursor (
    integration_id VARCHAR(64) PRIMARY KEY,
    updated_after  TIMESTAMP WITH TIME ZONE NOT NULL,
    polled_at      TIMESTAMP WITH TIME ZONE
);

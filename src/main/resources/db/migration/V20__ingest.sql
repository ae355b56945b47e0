-- Jira data import for analytics (docs/ingest.md): per integration its settings, its projects with their durable
-- cursors, and the imported issues, comments, changelog, users, statuses and sprints. Plain SQL types only, so the
-- same migration runs on H2 and PostgreSQL. Every row carries integration_id: switching ingestion off deletes them all.

CREATE TABLE ingest_settings (
    integration_id    VARCHAR(64) PRIMARY KEY,
    enabled           BOOLEAN NOT NULL,
    auto_import_all   BOOLEAN NOT NULL,
    paused            BOOLEAN NOT NULL,
    -- JSON object status name -> category key (new, indeterminate, done) overriding Jira's own categories
    status_categories VARCHAR(4000),
    time_zone         VARCHAR(64),
    state             VARCHAR(20) NOT NULL,
    last_run_at       TIMESTAMP WITH TIME ZONE
);

CREATE TABLE ingest_project (
    integration_id  VARCHAR(64)  NOT NULL,
    project_key     VARCHAR(64)  NOT NULL,
    project_id      VARCHAR(32),
    name            VARCHAR(400),
    project_type    VARCHAR(40),
    lead_id         VARCHAR(200),
    processable     BOOLEAN NOT NULL,
    -- the per-project switch; NULL follows autoImportAll
    import_on       BOOLEAN,
    state           VARCHAR(20) NOT NULL,
    -- the durable cursor: issues updated at or after this instant (less an overlap) are read next
    cursor_updated  TIMESTAMP WITH TIME ZONE,
    issues_total    BIGINT,
    last_updated    TIMESTAMP WITH TIME ZONE,
    error           VARCHAR(4000),
    error_at        TIMESTAMP WITH TIME ZONE,
    swept_at        TIMESTAMP WITH TIME ZONE,
    gone_from_jira  BOOLEAN DEFAULT FALSE NOT NULL,
    PRIMARY KEY (integration_id, project_key)
);

CREATE TABLE ingest_issue (
    integration_id  VARCHAR(64)  NOT NULL,
    issue_id        VARCHAR(32)  NOT NULL,
    issue_key       VARCHAR(64)  NOT NULL,
    project_key     VARCHAR(64)  NOT NULL,
    issue_type      VARCHAR(200),
    summary         VARCHAR(1000),
    description     VARCHAR(1000000),
    status_id       VARCHAR(32),
    status_name     VARCHAR(200),
    status_category VARCHAR(40),
    priority        VARCHAR(200),
    assignee_id     VARCHAR(200),
    reporter_id     VARCHAR(200),
    created_at      TIMESTAMP WITH TIME ZONE,
    updated_at      TIMESTAMP WITH TIME ZONE,
    resolved_at     TIMESTAMP WITH TIME ZONE,
    resolution      VARCHAR(200),
    parent_key      VARCHAR(64),
    deleted_at      TIMESTAMP WITH TIME ZONE,
    imported_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (integration_id, issue_id)
);
CREATE INDEX ix_ingest_issue_key ON ingest_issue(integration_id, issue_key);
CREATE INDEX ix_ingest_issue_project ON ingest_issue(integration_id, project_key, updated_at);

CREATE TABLE ingest_issue_label (
    integration_id VARCHAR(64)  NOT NULL,
    issue_id       VARCHAR(32)  NOT NULL,
    label          VARCHAR(255) NOT NULL,
    PRIMARY KEY (integration_id, issue_id, label)
);

CREATE TABLE ingest_issue_sprint (
    integration_id VARCHAR(64) NOT NULL,
    issue_id       VARCHAR(32) NOT NULL,
    sprint_id      BIGINT      NOT NULL,
    PRIMARY KEY (integration_id, issue_id, sprint_id)
);

CREATE TABLE ingest_comment (
    integration_id VARCHAR(64) NOT NULL,
    comment_id     VARCHAR(32) NOT NULL,
    issue_id       VARCHAR(32) NOT NULL,
    author_id      VARCHAR(200),
    body           VARCHAR(1000000),
    created_at     TIMESTAMP WITH TIME ZONE,
    updated_at     TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (integration_id, comment_id)
);
CREATE INDEX ix_ingest_comment_issue ON ingest_comment(integration_id, issue_id);

-- One row per changed field of a changelog history (Jira's "items").
CREATE TABLE ingest_changelog (
    integration_id VARCHAR(64)  NOT NULL,
    history_id     VARCHAR(32)  NOT NULL,
    item_index     INT          NOT NULL,
    issue_id       VARCHAR(32)  NOT NULL,
    author_id      VARCHAR(200),
    changed_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    field          VARCHAR(255),
    field_id       VARCHAR(255),
    from_value     VARCHAR(4000),
    from_string    VARCHAR(4000),
    to_value       VARCHAR(4000),
    to_string      VARCHAR(4000),
    PRIMARY KEY (integration_id, history_id, item_index)
);
CREATE INDEX ix_ingest_changelog_issue ON ingest_changelog(integration_id, issue_id);

CREATE TABLE ingest_user (
    integration_id VARCHAR(64)  NOT NULL,
    user_id        VARCHAR(200) NOT NULL,
    display_name   VARCHAR(400),
    email          VARCHAR(400),
    time_zone      VARCHAR(64),
    active         BOOLEAN,
    PRIMARY KEY (integration_id, user_id)
);

CREATE TABLE ingest_status (
    integration_id VARCHAR(64)  NOT NULL,
    status_id      VARCHAR(32)  NOT NULL,
    name           VARCHAR(200) NOT NULL,
    category_key   VARCHAR(40),
    PRIMARY KEY (integration_id, status_id)
);

CREATE TABLE ingest_sprint (
    integration_id VARCHAR(64) NOT NULL,
    sprint_id      BIGINT      NOT NULL,
    board_id       BIGINT,
    project_key    VARCHAR(64),
    name           VARCHAR(400),
    state          VARCHAR(20),
    start_at       TIMESTAMP WITH TIME ZONE,
    end_at         TIMESTAMP WITH TIME ZONE,
    complete_at    TIMESTAMP WITH TIME ZONE,
    goal           VARCHAR(4000),
    PRIMARY KEY (integration_id, sprint_id)
);

-- Integrations: one Jira connection + mapping each. Secrets are encrypted by the vault before they reach this table.
CREATE TABLE integration (
    id              VARCHAR(64)  PRIMARY KEY,
    name            VARCHAR(200) NOT NULL,
    is_default      BOOLEAN      DEFAULT FALSE NOT NULL,
    connection_json CLOB         NOT NULL,
    secrets_sealed  CLOB,
    mapping_json    CLOB         NOT NULL,
    sync_json       CLOB         NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Reports as received; payload_json keeps everything the user sent so nothing is lost.
CREATE TABLE report (
    id             VARCHAR(36)  PRIMARY KEY,
    integration_id VARCHAR(64)  NOT NULL REFERENCES integration(id),
    external_id    VARCHAR(200),
    type           VARCHAR(20)  NOT NULL,
    priority       VARCHAR(20)  NOT NULL,
    title          VARCHAR(2000) NOT NULL,
    payload_json   CLOB         NOT NULL,
    status         VARCHAR(32)  NOT NULL,
    jira_key       VARCHAR(64),
    jira_id        VARCHAR(64),
    jira_url       VARCHAR(1000),
    jira_status    VARCHAR(200),
    jira_priority  VARCHAR(200),
    attempts       INT          DEFAULT 0 NOT NULL,
    last_error     CLOB,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_report_external UNIQUE (integration_id, external_id)
);

-- Comments shown on a report (from Jira or local).
CREATE TABLE report_comment (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    report_id   VARCHAR(36) NOT NULL REFERENCES report(id),
    jira_id     VARCHAR(64),
    author      VARCHAR(200),
    body        CLOB,
    source      VARCHAR(20) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Transactional outbox: written with the report, claimed by the dispatcher with a lease so a crash loses nothing.
CREATE TABLE outbox (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    report_id     VARCHAR(36) NOT NULL REFERENCES report(id),
    kind          VARCHAR(20) NOT NULL,
    state         VARCHAR(20) NOT NULL,
    available_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_until TIMESTAMP WITH TIME ZONE,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_outbox_due ON outbox(state, available_at);

-- What could not be forwarded, with Jira's answer, until someone replays it.
CREATE TABLE dead_letter (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    report_id   VARCHAR(36) NOT NULL REFERENCES report(id),
    outbox_id   BIGINT      NOT NULL,
    reason      VARCHAR(40) NOT NULL,
    http_status INT,
    message     CLOB,
    jira_errors CLOB,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    replayed_at TIMESTAMP WITH TIME ZONE
);

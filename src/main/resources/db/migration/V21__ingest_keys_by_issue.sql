-- Comments and changelog entries are written and read by issue (a changed issue's comments and changes are deleted
-- and inserted again; the API reads them per issue), so their primary key starts with the issue: the separate
-- issue indexes go, and with them one index write per row of the import. A comment or change still belongs to one
-- issue for good, so its id stays unique within the integration. Same SQL on H2 and PostgreSQL.
CREATE TABLE ingest_comment_by_issue (
    integration_id VARCHAR(64) NOT NULL,
    issue_id       VARCHAR(32) NOT NULL,
    comment_id     VARCHAR(32) NOT NULL,
    author_id      VARCHAR(200),
    body           VARCHAR(1000000),
    created_at     TIMESTAMP WITH TIME ZONE,
    updated_at     TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (integration_id, issue_id, comment_id)
);
INSERT INTO ingest_comment_by_issue (integration_id, issue_id, comment_id, author_id, body, created_at, updated_at)
    SELECT integration_id, issue_id, comment_id, author_id, body, created_at, updated_at FROM ingest_comment;
DROP TABLE ingest_comment;
ALTER TABLE ingest_comment_by_issue RENAME TO ingest_comment;

CREATE TABLE ingest_changelog_by_issue (
    integration_id VARCHAR(64)  NOT NULL,
    issue_id       VARCHAR(32)  NOT NULL,
    history_id     VARCHAR(32)  NOT NULL,
    item_index     INT          NOT NULL,
    author_id      VARCHAR(200),
    changed_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    field          VARCHAR(255),
    field_id       VARCHAR(255),
    from_value     VARCHAR(4000),
    from_string    VARCHAR(4000),
    to_value       VARCHAR(4000),
    to_string      VARCHAR(4000),
    PRIMARY KEY (integration_id, issue_id, history_id, item_index)
);
INSERT INTO ingest_changelog_by_issue (integration_id, issue_id, history_id, item_index, author_id, changed_at, field,
                                       field_id, from_value, from_string, to_value, to_string)
    SELECT integration_id, issue_id, history_id, item_index, author_id, changed_at, field, field_id, from_value,
           from_string, to_value, to_string FROM ingest_changelog;
DROP TABLE ingest_changelog;
ALTER TABLE ingest_changelog_by_issue RENAME TO ingest_changelog;

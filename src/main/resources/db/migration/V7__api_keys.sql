-- Intake API keys. Only a SHA-256 hash of each key is kept (the key itself is shown once, when it is created);
-- key_prefix is its first characters, so people can tell their keys apart. A revoked key stays listed but is refused.
CREATE TABLE api_key (
    id           VARCHAR(36)  PRIMARY KEY,
    name         VARCHAR(200) NOT NULL,
    key_prefix   VARCHAR(16)  NOT NULL,
    key_hash     VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at   TIMESTAMP WITH TIME ZONE,
    last_used_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uq_api_key_hash UNIQUE (key_hash)
);

-- The integrations a key may send and read reports for. Deleting an integration removes it from every key, so a
-- later integration with the same id does not inherit old keys.
CREATE TABLE api_key_integration (
    api_key_id     VARCHAR(36) NOT NULL REFERENCES api_key(id) ON DELETE CASCADE,
    integration_id VARCHAR(64) NOT NULL REFERENCES integration(id) ON DELETE CASCADE,
    PRIMARY KEY (api_key_id, integration_id)
);

-- Browser authorizations under way (OAuth 2.0 3LO and OAuth 1.0a): the state (or request token) the callback brings
-- back, bound to one integration. The PKCE code verifier is sealed by the vault. Rows are single-use and short-lived.
CREATE TABLE oauth_pending (
    state           VARCHAR(200) PRIMARY KEY,
    integration_id  VARCHAR(64)  NOT NULL REFERENCES integration(id) ON DELETE CASCADE,
    kind            VARCHAR(20)  NOT NULL,
    verifier_sealed CLOB,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The access layer's state, shared by every instance and kept across restarts: the audit trail
-- (write-ahead attempt and outcome records), signed-out sessions and sign-in throttle counters.
-- No row ever holds a token, a key, a password, a request body or a typed user name that is no
-- user (the records exclude them; throttle keys are keyed hashes).

CREATE TABLE audit_records (
  -- the order records were made durable in: the Audit page's pages go by it (newest first)
  id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- 'attempt': durable before a change is forwarded; 'outcome': how it (or a refusal) ended
  type              text        NOT NULL CHECK (type IN ('attempt', 'outcome')),
  recorded_at       timestamptz NOT NULL,
  -- the proxy's request id: an attempt and its outcome share it (and the operation)
  request_id        text        NOT NULL,
  user_name         text,
  role              text,
  auth              text,
  -- route-table operation, proxy action, signIn/signOut; null for a path that matched none
  operation         text,
  method            text        NOT NULL,
  path              text,
  org_id            text,
  federation_id     text,
  group_id          text,
  live_migration_id text,
  address           text        NOT NULL,
  -- outcome records only
  outcome           text,
  status            integer,
  upstream_status   integer,
  code              text,
  CHECK ((type = 'outcome') = (outcome IS NOT NULL))
);
-- An attempt's outcome is looked up by request (an attempt without one reads as `unknown`).
CREATE INDEX audit_records_by_request ON audit_records (request_id);
-- The Audit page's ID filter: any of these, newest first.
CREATE INDEX audit_records_by_org ON audit_records (org_id, id) WHERE org_id IS NOT NULL;
CREATE INDEX audit_records_by_federation ON audit_records (federation_id, id)
  WHERE federation_id IS NOT NULL;
CREATE INDEX audit_records_by_group ON audit_records (group_id, id) WHERE group_id IS NOT NULL;
CREATE INDEX audit_records_by_migration ON audit_records (live_migration_id, id)
  WHERE live_migration_id IS NOT NULL;
CREATE INDEX audit_records_by_time ON audit_records (recorded_at);

-- /readyz's audit probe really writes: one row, updated in place (no record is added).
CREATE TABLE audit_probe (
  id        smallint    PRIMARY KEY CHECK (id = 1),
  probed_at timestamptz NOT NULL
);

-- Signed-out sessions, until their cookie would have expired anyway. Every instance refuses them
-- (each reads the rows revoked since it last looked, about twice a second).
CREATE TABLE session_revocations (
  -- the random session id inside the signed cookie (not a credential: the cookie's signature is)
  session_id text        PRIMARY KEY,
  user_name  text        NOT NULL,
  -- the database's clock, so instances read new rows without trusting each other's clocks
  revoked_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX session_revocations_by_revoked ON session_revocations (revoked_at);
CREATE INDEX session_revocations_by_expiry ON session_revocations (expires_at);

-- Wrong-password counters: per user and address, per address, per account across addresses.
CREATE TABLE sign_in_throttle (
  -- HMAC-SHA256 (key derived from SESSION_SECRET) of the counter's name, which holds the typed
  -- user name and the address: neither is stored
  key             text        PRIMARY KEY,
  failures        integer     NOT NULL CHECK (failures > 0),
  last_failure_at timestamptz NOT NULL,
  -- refused until then; null while the free attempts last
  blocked_until   timestamptz
);
CREATE INDEX sign_in_throttle_by_last_failure ON sign_in_throttle (last_failure_at);

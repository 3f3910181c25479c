-- The link-token ledger: every link-token generated through the console, recorded WITHOUT its value
-- (only a fingerprint: the first 6 hex digits of its SHA-256), and every source organization
-- connected through the console (with a link-token of the ledger when the fingerprint matches).

CREATE TABLE link_tokens (
  id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  atlas_org_id     text        NOT NULL CHECK (atlas_org_id ~ '^[a-f0-9]{24}$'),
  fingerprint      text        NOT NULL CHECK (fingerprint ~ '^[a-f0-9]{6}$'),
  access_list_ips  text[]      NOT NULL DEFAULT '{}',
  generated_at     timestamptz NOT NULL,
  -- the dashboard user; null when nobody was signed in (should not happen: it is an operator action)
  generated_by     text,
  -- 'generate': the Link-tokens page; 'link': Generate and connect
  origin           text        NOT NULL CHECK (origin IN ('generate', 'link')),
  -- the request that generated it (the audit records carry the same id)
  request_id       text,
  -- when Atlas no longer had it as far as the console saw: deleted through the console (deleted_by
  -- set), or found gone (a delete answered 404; deleted_by null)
  deleted_at       timestamptz,
  deleted_by       text,
  CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL)
);

-- An Atlas org's ledger, newest first; and the undeleted tokens with a fingerprint (manual Connect).
CREATE INDEX link_tokens_by_atlas_org ON link_tokens (atlas_org_id, generated_at DESC, id DESC);
CREATE INDEX link_tokens_live_by_fingerprint ON link_tokens (fingerprint) WHERE deleted_at IS NULL;

CREATE TABLE link_token_connections (
  id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- null: connected with a pasted link-token that was not generated through the console
  link_token_id   bigint      REFERENCES link_tokens (id) ON DELETE CASCADE,
  -- the source product ('opsmanager', 'cloudmanager') and organization
  upstream        text        NOT NULL CHECK (upstream ~ '^[a-z]{1,32}$'),
  org_id          text        NOT NULL CHECK (org_id ~ '^[a-f0-9]{24}$'),
  connected_at    timestamptz NOT NULL,
  connected_by    text,
  -- 'link': Generate and connect; 'connect': the Connect dialog with a pasted link-token
  origin          text        NOT NULL CHECK (origin IN ('link', 'connect')),
  request_id      text
);

CREATE INDEX link_token_connections_by_token ON link_token_connections (link_token_id);
CREATE INDEX link_token_connections_by_org ON link_token_connections (upstream, org_id, connected_at DESC, id DESC);

-- The live migration registry (SPEC "Migrations"): every migration started through the console,
-- what the server's poller saw of it (status changes and lag over time), and the validations that
-- passed through the proxy (so Start migration can require one of exactly the same request).
-- Never a source database password or username: the request's credentials are not kept anywhere.
-- Named "live migration" throughout, not to be confused with this folder's schema migrations.

CREATE TABLE live_migrations (
  -- the upstream's migration _id
  migration_id           text        PRIMARY KEY CHECK (migration_id ~ '^[a-f0-9]{24}$'),
  source_upstream        text        NOT NULL CHECK (source_upstream IN ('opsmanager', 'cloudmanager')),
  source_org_id          text        NOT NULL CHECK (source_org_id ~ '^[a-f0-9]{24}$'),
  source_org_name        text,
  source_project_id      text        NOT NULL CHECK (source_project_id ~ '^[a-f0-9]{24}$'),
  source_project_name    text,
  source_deployment      text        NOT NULL,
  migration_host         text        NOT NULL,
  atlas_org_id           text        NOT NULL CHECK (atlas_org_id ~ '^[a-f0-9]{24}$'),
  atlas_org_name         text,
  -- the destination project (the API's groupId) and cluster
  atlas_project_id       text        NOT NULL CHECK (atlas_project_id ~ '^[a-f0-9]{24}$'),
  atlas_project_name     text,
  target_cluster         text        NOT NULL,
  -- the request's options (never its credentials)
  hostname_schema_type   text        NOT NULL CHECK (hostname_schema_type IN ('PUBLIC', 'PRIVATE_LINK', 'VPC_PEERING')),
  tls                    boolean     NOT NULL,
  ca_certificate_path    text,
  managed_authentication boolean     NOT NULL,
  drop_destination_data  boolean     NOT NULL,
  started_by             text        NOT NULL,
  started_at             timestamptz NOT NULL,
  -- the cutover window this console assumes (120 h; shorter against the simulated upstream)
  cutover_window_ms      bigint      NOT NULL CHECK (cutover_window_ms > 0),
  -- the last answer seen
  status                 text        CHECK (status IN ('NEW', 'WORKING', 'FAILED', 'COMPLETE', 'EXPIRED')),
  lag_seconds            integer,
  ready_for_cutover      boolean     NOT NULL DEFAULT false,
  last_checked_at        timestamptz,
  last_error_code        text,
  last_error_detail      text,
  last_error_http_status integer,
  -- when readyForCutover was first seen true: the cutover window's start (not in the API)
  ready_since            timestamptz,
  cutover_requested_by   text,
  cutover_requested_at   timestamptz,
  completed_at           timestamptz,
  -- when a final status (FAILED, COMPLETE, EXPIRED) was first seen: the poller stops
  finished_at            timestamptz
);

-- The poller's work list; the list page, newest first; an org page's migrations.
CREATE INDEX live_migrations_active ON live_migrations (last_checked_at NULLS FIRST) WHERE finished_at IS NULL;
CREATE INDEX live_migrations_by_start ON live_migrations (started_at DESC);
CREATE INDEX live_migrations_by_source_org ON live_migrations (source_upstream, source_org_id);
CREATE INDEX live_migrations_by_atlas_org ON live_migrations (atlas_org_id);

-- Every change of status or readiness seen (the first answer included).
CREATE TABLE live_migration_status_changes (
  id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  migration_id      text        NOT NULL REFERENCES live_migrations (migration_id) ON DELETE CASCADE,
  observed_at       timestamptz NOT NULL,
  status            text        CHECK (status IN ('NEW', 'WORKING', 'FAILED', 'COMPLETE', 'EXPIRED')),
  ready_for_cutover boolean     NOT NULL
);
CREATE INDEX live_migration_status_changes_by_migration ON live_migration_status_changes (migration_id, observed_at, id);

-- Lag over time: every sample in a migration's first hour, then one per LAG_SAMPLE_SPACING
-- (server/store/live-migrations.ts), so a 120-hour window stays a few thousand rows.
CREATE TABLE live_migration_lag_samples (
  migration_id text        NOT NULL REFERENCES live_migrations (migration_id) ON DELETE CASCADE,
  sampled_at   timestamptz NOT NULL,
  lag_seconds  integer     NOT NULL CHECK (lag_seconds >= 0),
  PRIMARY KEY (migration_id, sampled_at)
);

-- Validations that passed through the proxy: the fingerprint (sha256) of the request WITHOUT its
-- password, so Start migration can require a successful validation of exactly that request.
-- Short-lived: pruned a day after they were made.
CREATE TABLE live_migration_validations (
  validation_id    text        PRIMARY KEY CHECK (validation_id ~ '^[a-f0-9]{24}$'),
  atlas_project_id text        NOT NULL CHECK (atlas_project_id ~ '^[a-f0-9]{24}$'),
  fingerprint      text        NOT NULL CHECK (fingerprint ~ '^[a-f0-9]{64}$'),
  created_at       timestamptz NOT NULL
);
CREATE INDEX live_migration_validations_by_time ON live_migration_validations (created_at);

-- The sweeper's own state: who may sweep (a lease, so exactly one instance sweeps at a time) and
-- each sweep's progress (so "Check now" progress survives leaving the page and works on every
-- instance behind a load balancer).

CREATE TABLE leases (
  name        text        PRIMARY KEY,
  -- the instance holding it (host:pid:random)
  holder      text        NOT NULL,
  acquired_at timestamptz NOT NULL,
  renewed_at  timestamptz NOT NULL,
  -- another instance may take it over from this moment on
  expires_at  timestamptz NOT NULL
);

CREATE TABLE fleet_sweeps (
  id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- 'schedule' (every SWEEP_INTERVAL) or 'request' (Check now)
  cause          text        NOT NULL CHECK (cause IN ('schedule', 'request')),
  -- the dashboard user who asked; null for the schedule
  requested_by   text,
  requested_at   timestamptz NOT NULL,
  -- null while queued
  started_at     timestamptz,
  -- the instance running it
  holder         text,
  finished_at    timestamptz,
  outcome        text        CHECK (outcome IN ('completed', 'failed', 'abandoned')),
  -- null until every source has been listed
  orgs_total     integer,
  orgs_checked   integer     NOT NULL DEFAULT 0,
  orgs_failed    integer     NOT NULL DEFAULT 0,
  status_changes integer     NOT NULL DEFAULT 0,
  error_detail   text,
  CHECK ((finished_at IS NULL) = (outcome IS NULL)),
  CHECK (started_at IS NOT NULL OR finished_at IS NULL OR outcome = 'abandoned')
);

-- At most one sweep queued or running at a time, whichever instance asks.
CREATE UNIQUE INDEX fleet_sweeps_one_open ON fleet_sweeps ((true)) WHERE finished_at IS NULL;
CREATE INDEX fleet_sweeps_by_finish ON fleet_sweeps (finished_at DESC) WHERE finished_at IS NOT NULL;

-- The fleet: every source organization (Ops Manager or Cloud Manager) the sweeper has listed or a
-- viewer has polled, its current link status, and every change of that status.
-- Applied once, inside a transaction; never edit it after release (add a new NNN-name.sql).

CREATE TABLE fleet_orgs (
  -- the route table's upstream name ('opsmanager', 'cloud')
  upstream               text        NOT NULL CHECK (upstream ~ '^[a-z]{1,32}$'),
  org_id                 text        NOT NULL CHECK (org_id ~ '^[a-f0-9]{24}$'),
  -- null until a sweep lists the org (a viewer's poll can see it first)
  name                   text,
  -- null: never checked; NOT_LINKED: the upstream answered 404 (no link)
  link_status            text        CHECK (link_status IN ('SYNCED', 'NOT_SYNCED', 'NOT_LINKED')),
  -- when link_status was first seen with its current value
  link_status_since      timestamptz,
  -- the last check, successful or not, and the last successful one
  last_checked_at        timestamptz,
  last_success_at        timestamptz,
  -- why the last check failed; all null after a successful check
  last_error_code        text,
  last_error_detail      text,
  last_error_http_status integer,
  first_seen_at          timestamptz NOT NULL,
  -- the last sweep whose listing of its upstream included it
  last_listed_at         timestamptz,
  -- set when a complete listing of its upstream no longer includes it (deleted upstream)
  delisted_at            timestamptz,
  PRIMARY KEY (upstream, org_id),
  CHECK ((link_status IS NULL) = (link_status_since IS NULL))
);

CREATE TABLE fleet_status_changes (
  id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  upstream    text        NOT NULL,
  org_id      text        NOT NULL,
  changed_at  timestamptz NOT NULL,
  -- null: the first status seen for this org
  old_status  text        CHECK (old_status IN ('SYNCED', 'NOT_SYNCED', 'NOT_LINKED')),
  new_status  text        NOT NULL CHECK (new_status IN ('SYNCED', 'NOT_SYNCED', 'NOT_LINKED')),
  seen_via    text        NOT NULL CHECK (seen_via IN ('sweep', 'poll', 'mutation')),
  FOREIGN KEY (upstream, org_id) REFERENCES fleet_orgs (upstream, org_id) ON DELETE CASCADE
);

-- An org's history, newest first; and retention pruning by age.
CREATE INDEX fleet_status_changes_by_org ON fleet_status_changes (upstream, org_id, changed_at DESC, id DESC);
CREATE INDEX fleet_status_changes_by_time ON fleet_status_changes (changed_at);

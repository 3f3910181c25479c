-- Placeholder: migration number 004 is assigned to another branch of wave 3 (the link-token ledger
-- or the audit/sessions tables). It exists only so that 005 applies on this branch (the runner
-- wants 1, 2, 3 … without gaps). DELETE THIS FILE when the real 004-*.sql is merged.
SELECT 1;

-- Placeholder: version 003 belongs to another change being made at the same time (the access
-- records). Migration versions must run without gaps, so this holds the number until that change is
-- merged; the merge replaces this file with it. It creates nothing.
SELECT 1;

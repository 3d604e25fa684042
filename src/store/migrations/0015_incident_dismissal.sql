-- 0015: an incident that turns out not to be one (spam, a test, a mistake)
-- is closed as such, with the reason, instead of with a root cause and
-- lessons learned (issue 13).

ALTER TABLE incidents ADD COLUMN dismissal_reason TEXT;

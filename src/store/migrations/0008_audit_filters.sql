-- 0008: the audit trail filtered by kind of record, by who and by day
-- (issue 12: a revisor reads the trail of one kind of record, one person
-- or one period). Each filter walks its own index newest first instead of
-- the whole organisation's trail.
CREATE INDEX audit_org_entity ON audit(org_id, entity, id);
CREATE INDEX audit_org_user ON audit(org_id, username, id);
CREATE INDEX audit_org_at ON audit(org_id, at);

-- 0014: escalation paths and notices (issue 13, item 3).
--
-- escalation_rules        the organisation's rules: conditions on an
--                         incident (severity at or above a level, category,
--                         significant, personal data, classification of what
--                         is affected, supplier involved) and who is told
-- escalation_rule_people  the people a rule names besides roles and owners
-- incident_notices        one row per person told about an incident, with the
--                         rule that told them, the queued e-mail (mail_queue)
--                         and when they marked it read; never deleted
--
-- Times are UTC RFC 3339 text.

CREATE TABLE escalation_rules (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	name TEXT NOT NULL,
	description TEXT,
	min_severity_id INTEGER REFERENCES incident_severities(id),
	category_id INTEGER REFERENCES incident_categories(id),
	significant TEXT NOT NULL DEFAULT 'any',
	personal_data TEXT NOT NULL DEFAULT 'any',
	class_aspect TEXT NOT NULL DEFAULT 'any',
	class_level INTEGER,
	supplier TEXT NOT NULL DEFAULT 'any',
	roles TEXT,
	information_owners INTEGER NOT NULL DEFAULT 0,
	system_owners INTEGER NOT NULL DEFAULT 0,
	agreement_responsible INTEGER NOT NULL DEFAULT 0,
	active INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX escalation_rules_org ON escalation_rules(org_id, active);
CREATE INDEX escalation_rules_severity ON escalation_rules(min_severity_id);
CREATE INDEX escalation_rules_category ON escalation_rules(category_id);

CREATE TABLE escalation_rule_people (
	from_id INTEGER NOT NULL REFERENCES escalation_rules(id),
	to_id INTEGER NOT NULL REFERENCES people(id),
	PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX escalation_rule_people_to ON escalation_rule_people(to_id);

CREATE TABLE incident_notices (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	incident_id INTEGER NOT NULL REFERENCES incidents(id),
	person_id INTEGER NOT NULL REFERENCES people(id),
	rule_id INTEGER REFERENCES escalation_rules(id),
	rule_name TEXT NOT NULL,
	mail_id INTEGER,
	read_at TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
-- Each person is told once about an incident.
CREATE UNIQUE INDEX incident_notices_once ON incident_notices(incident_id, person_id);
-- "Mina uppgifter": the person's notices, newest first.
CREATE INDEX incident_notices_person ON incident_notices(person_id, id);
CREATE INDEX incident_notices_rule ON incident_notices(rule_id);

CREATE VIRTUAL TABLE escalation_rules_fts USING fts5(search, content='escalation_rules', content_rowid='id', tokenize='trigram');
INSERT INTO escalation_rules_fts(escalation_rules_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER escalation_rules_fts_insert AFTER INSERT ON escalation_rules BEGIN
	INSERT INTO escalation_rules_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER escalation_rules_fts_delete AFTER DELETE ON escalation_rules BEGIN
	INSERT INTO escalation_rules_fts(escalation_rules_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER escalation_rules_fts_update AFTER UPDATE OF search ON escalation_rules BEGIN
	INSERT INTO escalation_rules_fts(escalation_rules_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO escalation_rules_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE incident_notices_fts USING fts5(search, content='incident_notices', content_rowid='id', tokenize='trigram');
INSERT INTO incident_notices_fts(incident_notices_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER incident_notices_fts_insert AFTER INSERT ON incident_notices BEGIN
	INSERT INTO incident_notices_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER incident_notices_fts_delete AFTER DELETE ON incident_notices BEGIN
	INSERT INTO incident_notices_fts(incident_notices_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER incident_notices_fts_update AFTER UPDATE OF search ON incident_notices BEGIN
	INSERT INTO incident_notices_fts(incident_notices_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO incident_notices_fts(rowid, search) VALUES (new.id, new.search);
END;

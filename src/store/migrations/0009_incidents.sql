-- 0009: incidents under the Cybersecurity Act and GDPR (issue 13).
--
-- incident_categories    the organisation's list of kinds of incident
-- incident_severities    its severity scale (level 1 = lowest)
-- significance_criteria  what makes an incident significant under the
--                        Cybersecurity Act, one row per criterion and
--                        version (an assessment keeps the version it used)
-- report_recipients      who receives each kind of report (the receiving
--                        authorities were reorganised in 2026: data)
-- incidents              one incident: the report as made, triage, the
--                        significance and personal-data breach assessments,
--                        the secrecy marking, handling and follow-up; aware_at
--                        starts the clocks (core/deadline.h)
-- incident_events        the timeline: what was done, by whom and when
-- incident_reports       the reports sent (authority, IMY, police, those
--                        affected) with time, reference and text
-- measures               rebuilt so that a measure may belong to an
--                        incident instead of a risk (risk_id no longer NOT NULL)
--
-- Times are UTC RFC 3339 text ("2026-03-29T11:00:00Z").

ALTER TABLE organisations ADD COLUMN public_reporting INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organisations ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Stockholm';
ALTER TABLE organisations ADD COLUMN incident_follow_up_days INTEGER NOT NULL DEFAULT 90;

CREATE TABLE incident_categories (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	name TEXT NOT NULL,
	description TEXT,
	active INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incident_categories_org ON incident_categories(org_id);

CREATE TABLE incident_severities (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	level INTEGER NOT NULL,
	name TEXT NOT NULL,
	description TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX incident_severities_level ON incident_severities(org_id, level);

CREATE TABLE significance_criteria (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	version INTEGER NOT NULL DEFAULT 1,
	title TEXT NOT NULL,
	description TEXT,
	active INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX significance_criteria_org ON significance_criteria(org_id, version);

CREATE TABLE report_recipients (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	kind TEXT NOT NULL,
	name TEXT NOT NULL,
	address TEXT,
	notes TEXT,
	active INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX report_recipients_org ON report_recipients(org_id, kind);

CREATE TABLE incidents (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	title TEXT NOT NULL,
	description TEXT NOT NULL,
	occurred_at TEXT,
	discovered_at TEXT NOT NULL,
	aware_at TEXT NOT NULL,
	channel TEXT NOT NULL DEFAULT 'staff',
	reported_by_id INTEGER REFERENCES people(id),
	reporter_contact TEXT,
	personal_data_possible INTEGER NOT NULL DEFAULT 0,
	receipt TEXT,
	follow_hash TEXT,
	status TEXT NOT NULL DEFAULT 'new',
	category_id INTEGER REFERENCES incident_categories(id),
	severity_id INTEGER REFERENCES incident_severities(id),
	supplier_id INTEGER REFERENCES suppliers(id),
	handler_id INTEGER REFERENCES people(id),
	triaged_at TEXT,
	significance TEXT NOT NULL DEFAULT 'not_assessed',
	significance_reason TEXT,
	significance_version INTEGER,
	significance_by_id INTEGER REFERENCES people(id),
	significance_at TEXT,
	malicious TEXT NOT NULL DEFAULT 'unknown',
	cross_border TEXT NOT NULL DEFAULT 'unknown',
	impact TEXT,
	indicators TEXT,
	pd_breach TEXT NOT NULL DEFAULT 'not_assessed',
	pd_nature TEXT,
	pd_subject_categories TEXT,
	pd_subjects_count INTEGER,
	pd_record_categories TEXT,
	pd_records_count INTEGER,
	pd_consequences TEXT,
	pd_measures TEXT,
	pd_no_risk_reason TEXT,
	pd_subjects_informed TEXT NOT NULL DEFAULT 'not_decided',
	pd_subjects_informed_on TEXT,
	pd_subjects_not_informed_reason TEXT,
	personal_data_involved INTEGER NOT NULL DEFAULT 0,
	secrecy_basis TEXT,
	police_reference TEXT,
	mitigation TEXT,
	root_cause TEXT,
	lessons TEXT,
	handled_at TEXT,
	closed_at TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incidents_org ON incidents(org_id, status, aware_at);
CREATE INDEX incidents_aware ON incidents(org_id, aware_at);
CREATE UNIQUE INDEX incidents_receipt ON incidents(org_id, receipt) WHERE receipt IS NOT NULL;
CREATE INDEX incidents_reporter ON incidents(reported_by_id);
CREATE INDEX incidents_category ON incidents(category_id);
CREATE INDEX incidents_severity ON incidents(severity_id);
CREATE INDEX incidents_supplier ON incidents(supplier_id);
CREATE INDEX incidents_handler ON incidents(handler_id);
CREATE INDEX incidents_pd ON incidents(org_id, personal_data_involved);

CREATE TABLE incident_systems (
	from_id INTEGER NOT NULL REFERENCES incidents(id),
	to_id INTEGER NOT NULL REFERENCES systems(id),
	PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX incident_systems_to ON incident_systems(to_id);

CREATE TABLE incident_assets (
	from_id INTEGER NOT NULL REFERENCES incidents(id),
	to_id INTEGER NOT NULL REFERENCES information_assets(id),
	PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX incident_assets_to ON incident_assets(to_id);

CREATE TABLE incident_risks (
	from_id INTEGER NOT NULL REFERENCES incidents(id),
	to_id INTEGER NOT NULL REFERENCES risks(id),
	PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX incident_risks_to ON incident_risks(to_id);

CREATE TABLE incident_criteria (
	from_id INTEGER NOT NULL REFERENCES incidents(id),
	to_id INTEGER NOT NULL REFERENCES significance_criteria(id),
	PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX incident_criteria_to ON incident_criteria(to_id);

CREATE TABLE incident_events (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	incident_id INTEGER NOT NULL REFERENCES incidents(id),
	at TEXT NOT NULL,
	kind TEXT NOT NULL DEFAULT 'observation',
	description TEXT NOT NULL,
	author_id INTEGER REFERENCES people(id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incident_events_incident ON incident_events(incident_id, at);

CREATE TABLE incident_reports (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	incident_id INTEGER NOT NULL REFERENCES incidents(id),
	kind TEXT NOT NULL,
	sent_at TEXT NOT NULL,
	reference TEXT,
	recipient TEXT,
	body TEXT,
	author_id INTEGER REFERENCES people(id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incident_reports_incident ON incident_reports(incident_id, kind, sent_at);
CREATE INDEX incident_reports_org ON incident_reports(org_id, kind, sent_at);

-- A measure belongs to a risk or to an incident: rebuilt without NOT NULL
-- on risk_id (SQLite cannot drop a constraint in place). The rows are put
-- back after the new table has the old one's name, so that the links
-- that refer to measures by name find them again before the deferred
-- foreign-key check at commit.
PRAGMA defer_foreign_keys=ON;
CREATE TEMP TABLE measures_0009 AS SELECT * FROM measures;
DROP TABLE measures;
CREATE TABLE measures (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	risk_id INTEGER REFERENCES risks(id),
	title TEXT NOT NULL,
	description TEXT,
	owner_id INTEGER REFERENCES people(id),
	due_date TEXT,
	status TEXT NOT NULL DEFAULT 'planned',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT '',
	incident_id INTEGER REFERENCES incidents(id)
);
INSERT INTO measures(id, org_id, risk_id, title, description, owner_id, due_date, status, created_at,
		     updated_at, search)
	SELECT id, org_id, risk_id, title, description, owner_id, due_date, status, created_at, updated_at,
	       search FROM measures_0009;
DROP TABLE measures_0009;
CREATE INDEX measures_risk ON measures(risk_id);
CREATE INDEX measures_due ON measures(org_id, status, due_date);
CREATE INDEX measures_owner ON measures(owner_id);
CREATE INDEX measures_incident ON measures(incident_id);
CREATE TRIGGER measures_fts_insert AFTER INSERT ON measures BEGIN
	INSERT INTO measures_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER measures_fts_delete AFTER DELETE ON measures BEGIN
	INSERT INTO measures_fts(measures_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER measures_fts_update AFTER UPDATE OF search ON measures BEGIN
	INSERT INTO measures_fts(measures_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO measures_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE incident_categories_fts USING fts5(search, content='incident_categories', content_rowid='id', tokenize='trigram');
INSERT INTO incident_categories_fts(incident_categories_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER incident_categories_fts_insert AFTER INSERT ON incident_categories BEGIN
	INSERT INTO incident_categories_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER incident_categories_fts_delete AFTER DELETE ON incident_categories BEGIN
	INSERT INTO incident_categories_fts(incident_categories_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER incident_categories_fts_update AFTER UPDATE OF search ON incident_categories BEGIN
	INSERT INTO incident_categories_fts(incident_categories_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO incident_categories_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE incident_severities_fts USING fts5(search, content='incident_severities', content_rowid='id', tokenize='trigram');
INSERT INTO incident_severities_fts(incident_severities_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER incident_severities_fts_insert AFTER INSERT ON incident_severities BEGIN
	INSERT INTO incident_severities_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER incident_severities_fts_delete AFTER DELETE ON incident_severities BEGIN
	INSERT INTO incident_severities_fts(incident_severities_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER incident_severities_fts_update AFTER UPDATE OF search ON incident_severities BEGIN
	INSERT INTO incident_severities_fts(incident_severities_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO incident_severities_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE significance_criteria_fts USING fts5(search, content='significance_criteria', content_rowid='id', tokenize='trigram');
INSERT INTO significance_criteria_fts(significance_criteria_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER significance_criteria_fts_insert AFTER INSERT ON significance_criteria BEGIN
	INSERT INTO significance_criteria_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER significance_criteria_fts_delete AFTER DELETE ON significance_criteria BEGIN
	INSERT INTO significance_criteria_fts(significance_criteria_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER significance_criteria_fts_update AFTER UPDATE OF search ON significance_criteria BEGIN
	INSERT INTO significance_criteria_fts(significance_criteria_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO significance_criteria_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE report_recipients_fts USING fts5(search, content='report_recipients', content_rowid='id', tokenize='trigram');
INSERT INTO report_recipients_fts(report_recipients_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER report_recipients_fts_insert AFTER INSERT ON report_recipients BEGIN
	INSERT INTO report_recipients_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER report_recipients_fts_delete AFTER DELETE ON report_recipients BEGIN
	INSERT INTO report_recipients_fts(report_recipients_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER report_recipients_fts_update AFTER UPDATE OF search ON report_recipients BEGIN
	INSERT INTO report_recipients_fts(report_recipients_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO report_recipients_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE incidents_fts USING fts5(search, content='incidents', content_rowid='id', tokenize='trigram');
INSERT INTO incidents_fts(incidents_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER incidents_fts_insert AFTER INSERT ON incidents BEGIN
	INSERT INTO incidents_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER incidents_fts_delete AFTER DELETE ON incidents BEGIN
	INSERT INTO incidents_fts(incidents_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER incidents_fts_update AFTER UPDATE OF search ON incidents BEGIN
	INSERT INTO incidents_fts(incidents_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO incidents_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE incident_events_fts USING fts5(search, content='incident_events', content_rowid='id', tokenize='trigram');
INSERT INTO incident_events_fts(incident_events_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER incident_events_fts_insert AFTER INSERT ON incident_events BEGIN
	INSERT INTO incident_events_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER incident_events_fts_delete AFTER DELETE ON incident_events BEGIN
	INSERT INTO incident_events_fts(incident_events_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER incident_events_fts_update AFTER UPDATE OF search ON incident_events BEGIN
	INSERT INTO incident_events_fts(incident_events_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO incident_events_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE incident_reports_fts USING fts5(search, content='incident_reports', content_rowid='id', tokenize='trigram');
INSERT INTO incident_reports_fts(incident_reports_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER incident_reports_fts_insert AFTER INSERT ON incident_reports BEGIN
	INSERT INTO incident_reports_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER incident_reports_fts_delete AFTER DELETE ON incident_reports BEGIN
	INSERT INTO incident_reports_fts(incident_reports_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER incident_reports_fts_update AFTER UPDATE OF search ON incident_reports BEGIN
	INSERT INTO incident_reports_fts(incident_reports_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO incident_reports_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE INDEX incidents_follow ON incidents(follow_hash) WHERE follow_hash IS NOT NULL;

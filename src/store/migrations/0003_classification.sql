-- 0003: information classification and what follows from it.
--
-- classification_levels  the organisation's names for levels 0-4
-- classifications        one classification of an information asset on
--                        K/R/T/S; drafts and decided ones, kept as history
-- system_classifications a decision that raises a system above the level
--                        derived from its information
-- requirements           the requirement catalogue (shipped from data/ and
--                        the organisation's own); `shipped` holds the
--                        shipped text last applied, so an upgrade can take
--                        new shipped wording where nobody edited it locally
-- soa_entries            framework controls (ISO/IEC 27001:2022 Annex A,
--                        CIS Controls v8, NIS2 art. 21(2)) with the
--                        organisation's Statement of Applicability
-- requirement_controls   which controls a requirement implements
-- plan_items             a system's self-assessment of one requirement
-- evidence_files         files attached to a SoA entry (content in the
--                        database, with its SHA-256)
-- catalogue_state        digest of the data/ catalogue last synchronised

ALTER TABLE organisations ADD COLUMN classification_review_months INTEGER NOT NULL DEFAULT 12;

CREATE TABLE classification_levels (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	level INTEGER NOT NULL,
	name TEXT NOT NULL,
	description TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX classification_levels_level ON classification_levels(org_id, level);

CREATE TABLE classifications (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	asset_id INTEGER NOT NULL REFERENCES information_assets(id),
	classified_on TEXT NOT NULL,
	confidentiality INTEGER NOT NULL,
	integrity INTEGER NOT NULL,
	availability INTEGER NOT NULL,
	traceability INTEGER NOT NULL,
	confidentiality_reason TEXT,
	integrity_reason TEXT,
	availability_reason TEXT,
	traceability_reason TEXT,
	participants TEXT,
	status TEXT NOT NULL DEFAULT 'draft',
	decided_by_id INTEGER REFERENCES people(id),
	decided_on TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX classifications_asset ON classifications(asset_id, status, decided_on);
CREATE INDEX classifications_org ON classifications(org_id, classified_on);

CREATE TABLE system_classifications (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	system_id INTEGER NOT NULL REFERENCES systems(id),
	confidentiality INTEGER,
	integrity INTEGER,
	availability INTEGER,
	traceability INTEGER,
	reason TEXT NOT NULL,
	decided_by_id INTEGER REFERENCES people(id),
	decided_on TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX system_classifications_system ON system_classifications(system_id, decided_on);

CREATE TABLE requirements (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	code TEXT NOT NULL,
	area TEXT NOT NULL,
	aspect TEXT NOT NULL,
	min_level INTEGER NOT NULL,
	title_sv TEXT NOT NULL,
	title_en TEXT,
	current_sv TEXT,
	current_en TEXT,
	procurement_sv TEXT,
	procurement_en TEXT,
	status TEXT NOT NULL DEFAULT 'active',
	origin TEXT NOT NULL DEFAULT 'local',
	shipped TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX requirements_code ON requirements(org_id, code);
CREATE INDEX requirements_aspect ON requirements(org_id, aspect, min_level);

CREATE TABLE soa_entries (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	framework TEXT NOT NULL,
	code TEXT NOT NULL,
	position INTEGER NOT NULL DEFAULT 0,
	theme TEXT,
	title_sv TEXT NOT NULL,
	title_en TEXT,
	applicable INTEGER NOT NULL DEFAULT 1,
	justification TEXT,
	implementation TEXT NOT NULL DEFAULT 'not_started',
	evidence_links TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX soa_entries_code ON soa_entries(org_id, framework, code);
CREATE INDEX soa_entries_position ON soa_entries(org_id, framework, position);

CREATE TABLE requirement_controls (
	from_id INTEGER NOT NULL REFERENCES requirements(id),
	to_id INTEGER NOT NULL REFERENCES soa_entries(id),
	PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX requirement_controls_to ON requirement_controls(to_id);

CREATE TABLE plan_items (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	system_id INTEGER NOT NULL REFERENCES systems(id),
	requirement_id INTEGER NOT NULL REFERENCES requirements(id),
	assessment TEXT NOT NULL DEFAULT 'not_fulfilled',
	reason TEXT,
	responsible_id INTEGER REFERENCES people(id),
	due_date TEXT,
	comment TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX plan_items_pair ON plan_items(system_id, requirement_id);
CREATE INDEX plan_items_requirement ON plan_items(requirement_id);
CREATE INDEX plan_items_due ON plan_items(org_id, due_date);
CREATE INDEX plan_items_responsible ON plan_items(responsible_id);

CREATE TABLE evidence_files (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	entry_id INTEGER NOT NULL REFERENCES soa_entries(id),
	filename TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	content BLOB NOT NULL,
	uploaded_by TEXT NOT NULL,
	uploaded_at TEXT NOT NULL
);
CREATE INDEX evidence_files_entry ON evidence_files(entry_id);

CREATE TABLE catalogue_state (
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	name TEXT NOT NULL,
	digest TEXT NOT NULL,
	synced_at TEXT NOT NULL,
	PRIMARY KEY (org_id, name)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE classification_levels_fts USING fts5(search, content='classification_levels', content_rowid='id', tokenize='trigram');
INSERT INTO classification_levels_fts(classification_levels_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER classification_levels_fts_insert AFTER INSERT ON classification_levels BEGIN
	INSERT INTO classification_levels_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER classification_levels_fts_delete AFTER DELETE ON classification_levels BEGIN
	INSERT INTO classification_levels_fts(classification_levels_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER classification_levels_fts_update AFTER UPDATE OF search ON classification_levels BEGIN
	INSERT INTO classification_levels_fts(classification_levels_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO classification_levels_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE classifications_fts USING fts5(search, content='classifications', content_rowid='id', tokenize='trigram');
INSERT INTO classifications_fts(classifications_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER classifications_fts_insert AFTER INSERT ON classifications BEGIN
	INSERT INTO classifications_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER classifications_fts_delete AFTER DELETE ON classifications BEGIN
	INSERT INTO classifications_fts(classifications_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER classifications_fts_update AFTER UPDATE OF search ON classifications BEGIN
	INSERT INTO classifications_fts(classifications_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO classifications_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE system_classifications_fts USING fts5(search, content='system_classifications', content_rowid='id', tokenize='trigram');
INSERT INTO system_classifications_fts(system_classifications_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER system_classifications_fts_insert AFTER INSERT ON system_classifications BEGIN
	INSERT INTO system_classifications_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER system_classifications_fts_delete AFTER DELETE ON system_classifications BEGIN
	INSERT INTO system_classifications_fts(system_classifications_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER system_classifications_fts_update AFTER UPDATE OF search ON system_classifications BEGIN
	INSERT INTO system_classifications_fts(system_classifications_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO system_classifications_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE requirements_fts USING fts5(search, content='requirements', content_rowid='id', tokenize='trigram');
INSERT INTO requirements_fts(requirements_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER requirements_fts_insert AFTER INSERT ON requirements BEGIN
	INSERT INTO requirements_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER requirements_fts_delete AFTER DELETE ON requirements BEGIN
	INSERT INTO requirements_fts(requirements_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER requirements_fts_update AFTER UPDATE OF search ON requirements BEGIN
	INSERT INTO requirements_fts(requirements_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO requirements_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE soa_entries_fts USING fts5(search, content='soa_entries', content_rowid='id', tokenize='trigram');
INSERT INTO soa_entries_fts(soa_entries_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER soa_entries_fts_insert AFTER INSERT ON soa_entries BEGIN
	INSERT INTO soa_entries_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER soa_entries_fts_delete AFTER DELETE ON soa_entries BEGIN
	INSERT INTO soa_entries_fts(soa_entries_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER soa_entries_fts_update AFTER UPDATE OF search ON soa_entries BEGIN
	INSERT INTO soa_entries_fts(soa_entries_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO soa_entries_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE plan_items_fts USING fts5(search, content='plan_items', content_rowid='id', tokenize='trigram');
INSERT INTO plan_items_fts(plan_items_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER plan_items_fts_insert AFTER INSERT ON plan_items BEGIN
	INSERT INTO plan_items_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER plan_items_fts_delete AFTER DELETE ON plan_items BEGIN
	INSERT INTO plan_items_fts(plan_items_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER plan_items_fts_update AFTER UPDATE OF search ON plan_items BEGIN
	INSERT INTO plan_items_fts(plan_items_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO plan_items_fts(rowid, search) VALUES (new.id, new.search);
END;

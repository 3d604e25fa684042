-- 0016: governing documents and acknowledgement (issue 14, items 1-2).
--
-- governing_documents   styrdokument: kind, the body that adopted it and the
--                       decision (date, diarienummer), owner, status, review
--                       interval and next review (computed unless
--                       next_review_manual), the roles it describes (a set
--                       of role codes); published (set by code) is 1 once it
--                       is no longer a draft: staff read published documents
--   governing_document_units     the units and companies it applies to
--   governing_document_controls  the Annex A controls it implements
-- document_versions     a document's versions with their file (content and
--                       SHA-256, checked as SoA evidence is)
-- document_adoptions    a company board's adoption of a document that
--                       applies to the company
-- required_documents    the documents the organisation requires, and the
--                       document that fulfils each
-- organisations         classification_model_document_id and _decision: the
--                       classification model as adopted
-- risk_methods          document_id, decision_reference: the method as adopted
-- document_ack_requests who was asked to read a version (a unit and its
--                       subunits, holders of a role, everyone), by whom, by when
-- document_acks         one row per person and version asked: pending until
--                       confirmed, closed when a newer version asks again.
--                       A person deleted takes their rows along (the audit
--                       trail keeps their confirmations); a unit deleted
--                       leaves them without a unit

CREATE TABLE governing_documents (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	title TEXT NOT NULL,
	kind TEXT NOT NULL DEFAULT 'policy',
	adopted_by TEXT,
	adopted_by_name TEXT,
	decision_date TEXT,
	case_number TEXT,
	owner_id INTEGER REFERENCES people(id),
	status TEXT NOT NULL DEFAULT 'draft',
	review_interval_months INTEGER NOT NULL DEFAULT 24,
	last_reviewed TEXT,
	next_review_manual INTEGER NOT NULL DEFAULT 0,
	next_review TEXT,
	roles TEXT,
	description TEXT,
	published INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX governing_documents_org ON governing_documents(org_id, title);
CREATE INDEX governing_documents_owner ON governing_documents(owner_id);
CREATE INDEX governing_documents_review ON governing_documents(org_id, status, next_review);

CREATE TABLE governing_document_units (
	from_id INTEGER NOT NULL REFERENCES governing_documents(id),
	to_id INTEGER NOT NULL REFERENCES units(id),
	PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX governing_document_units_to ON governing_document_units(to_id);

CREATE TABLE governing_document_controls (
	from_id INTEGER NOT NULL REFERENCES governing_documents(id),
	to_id INTEGER NOT NULL REFERENCES soa_entries(id),
	PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX governing_document_controls_to ON governing_document_controls(to_id);

CREATE TABLE document_versions (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	document_id INTEGER NOT NULL REFERENCES governing_documents(id),
	label TEXT NOT NULL,
	version_date TEXT NOT NULL,
	change_summary TEXT,
	filename TEXT,
	content_type TEXT,
	size INTEGER,
	sha256 TEXT,
	content BLOB,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX document_versions_document ON document_versions(document_id, version_date, id);

CREATE TABLE document_adoptions (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	document_id INTEGER NOT NULL REFERENCES governing_documents(id),
	company_id INTEGER NOT NULL REFERENCES units(id),
	decision_date TEXT NOT NULL,
	case_number TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX document_adoptions_document ON document_adoptions(document_id, company_id);
CREATE INDEX document_adoptions_company ON document_adoptions(company_id);

CREATE TABLE required_documents (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	title TEXT NOT NULL,
	kind TEXT NOT NULL DEFAULT 'policy',
	expected_body TEXT,
	document_id INTEGER REFERENCES governing_documents(id),
	code TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX required_documents_org ON required_documents(org_id, title);
CREATE INDEX required_documents_document ON required_documents(document_id);

ALTER TABLE organisations ADD COLUMN classification_model_document_id INTEGER REFERENCES governing_documents(id);
ALTER TABLE organisations ADD COLUMN classification_model_decision TEXT;
ALTER TABLE risk_methods ADD COLUMN document_id INTEGER REFERENCES governing_documents(id);
ALTER TABLE risk_methods ADD COLUMN decision_reference TEXT;

CREATE TABLE document_ack_requests (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	document_id INTEGER NOT NULL REFERENCES governing_documents(id),
	version_id INTEGER NOT NULL REFERENCES document_versions(id),
	audience TEXT NOT NULL,
	unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
	role TEXT,
	due_date TEXT,
	asked_by TEXT,
	asked_at TEXT NOT NULL,
	closed_at TEXT
);
CREATE INDEX document_ack_requests_document ON document_ack_requests(document_id, closed_at);

CREATE TABLE document_acks (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	request_id INTEGER NOT NULL REFERENCES document_ack_requests(id),
	document_id INTEGER NOT NULL REFERENCES governing_documents(id),
	version_id INTEGER NOT NULL REFERENCES document_versions(id),
	person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
	due_date TEXT,
	asked_at TEXT NOT NULL,
	confirmed_at TEXT,
	confirmed_by TEXT,
	closed_at TEXT,
	UNIQUE (version_id, person_id)
);
CREATE INDEX document_acks_person ON document_acks(org_id, person_id, confirmed_at, closed_at);
CREATE INDEX document_acks_version ON document_acks(version_id, unit_id);

CREATE VIRTUAL TABLE governing_documents_fts USING fts5(search, content='governing_documents', content_rowid='id', tokenize='trigram');
INSERT INTO governing_documents_fts(governing_documents_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER governing_documents_fts_insert AFTER INSERT ON governing_documents BEGIN
	INSERT INTO governing_documents_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER governing_documents_fts_delete AFTER DELETE ON governing_documents BEGIN
	INSERT INTO governing_documents_fts(governing_documents_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER governing_documents_fts_update AFTER UPDATE OF search ON governing_documents BEGIN
	INSERT INTO governing_documents_fts(governing_documents_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO governing_documents_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE document_versions_fts USING fts5(search, content='document_versions', content_rowid='id', tokenize='trigram');
INSERT INTO document_versions_fts(document_versions_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER document_versions_fts_insert AFTER INSERT ON document_versions BEGIN
	INSERT INTO document_versions_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER document_versions_fts_delete AFTER DELETE ON document_versions BEGIN
	INSERT INTO document_versions_fts(document_versions_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER document_versions_fts_update AFTER UPDATE OF search ON document_versions BEGIN
	INSERT INTO document_versions_fts(document_versions_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO document_versions_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE document_adoptions_fts USING fts5(search, content='document_adoptions', content_rowid='id', tokenize='trigram');
INSERT INTO document_adoptions_fts(document_adoptions_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER document_adoptions_fts_insert AFTER INSERT ON document_adoptions BEGIN
	INSERT INTO document_adoptions_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER document_adoptions_fts_delete AFTER DELETE ON document_adoptions BEGIN
	INSERT INTO document_adoptions_fts(document_adoptions_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER document_adoptions_fts_update AFTER UPDATE OF search ON document_adoptions BEGIN
	INSERT INTO document_adoptions_fts(document_adoptions_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO document_adoptions_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE required_documents_fts USING fts5(search, content='required_documents', content_rowid='id', tokenize='trigram');
INSERT INTO required_documents_fts(required_documents_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER required_documents_fts_insert AFTER INSERT ON required_documents BEGIN
	INSERT INTO required_documents_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER required_documents_fts_delete AFTER DELETE ON required_documents BEGIN
	INSERT INTO required_documents_fts(required_documents_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER required_documents_fts_update AFTER UPDATE OF search ON required_documents BEGIN
	INSERT INTO required_documents_fts(required_documents_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO required_documents_fts(rowid, search) VALUES (new.id, new.search);
END;

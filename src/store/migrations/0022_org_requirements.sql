-- 0022: requirements on the organisation (issue 15).
--
-- requirements.scope      'system': applies to each running system whose
--                         classification reaches the trigger (the action
--                         plan); 'organisation': applies once, to the
--                         organisation as a whole
-- requirements.assessor_role  the role that assesses an organisation-level
--                         requirement beside the coordinator (NULL: the
--                         coordinator alone)
-- soa_entries.catalogue_note_sv/_en  why the shipped catalogue has no
--                         requirement for the control (data/control-notes.csv)
-- org_assessments         one assessment per organisation-level requirement:
--                         status, responsible, due date and the evidence
--                         (a governing document, an exercise, a training
--                         session, a meeting decision, a link, files)
-- org_assessment_files    files kept as evidence on an assessment (checked
--                         as SoA evidence files are)

ALTER TABLE requirements ADD COLUMN scope TEXT NOT NULL DEFAULT 'system';
ALTER TABLE requirements ADD COLUMN assessor_role TEXT;
ALTER TABLE soa_entries ADD COLUMN catalogue_note_sv TEXT;
ALTER TABLE soa_entries ADD COLUMN catalogue_note_en TEXT;

CREATE TABLE org_assessments (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	requirement_id INTEGER NOT NULL REFERENCES requirements(id),
	assessment TEXT NOT NULL DEFAULT 'not_fulfilled',
	reason TEXT,
	responsible_id INTEGER REFERENCES people(id),
	due_date TEXT,
	document_id INTEGER REFERENCES governing_documents(id),
	exercise_id INTEGER REFERENCES exercises(id),
	session_id INTEGER REFERENCES training_sessions(id),
	decision_id INTEGER REFERENCES meeting_decisions(id),
	link TEXT,
	comment TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX org_assessments_requirement ON org_assessments(requirement_id);
CREATE INDEX org_assessments_org ON org_assessments(org_id, due_date);
CREATE INDEX org_assessments_responsible ON org_assessments(responsible_id);
CREATE INDEX org_assessments_document ON org_assessments(document_id);
CREATE INDEX org_assessments_exercise ON org_assessments(exercise_id);
CREATE INDEX org_assessments_session ON org_assessments(session_id);
CREATE INDEX org_assessments_decision ON org_assessments(decision_id);

CREATE TABLE org_assessment_files (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	assessment_id INTEGER NOT NULL REFERENCES org_assessments(id),
	filename TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	content BLOB NOT NULL,
	uploaded_by TEXT,
	uploaded_at TEXT NOT NULL
);
CREATE INDEX org_assessment_files_assessment ON org_assessment_files(assessment_id);

CREATE VIRTUAL TABLE org_assessments_fts USING fts5(search, content='org_assessments', content_rowid='id', tokenize='trigram');
INSERT INTO org_assessments_fts(org_assessments_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER org_assessments_fts_insert AFTER INSERT ON org_assessments BEGIN
	INSERT INTO org_assessments_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER org_assessments_fts_delete AFTER DELETE ON org_assessments BEGIN
	INSERT INTO org_assessments_fts(org_assessments_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER org_assessments_fts_update AFTER UPDATE OF search ON org_assessments BEGIN
	INSERT INTO org_assessments_fts(org_assessments_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO org_assessments_fts(rowid, search) VALUES (new.id, new.search);
END;

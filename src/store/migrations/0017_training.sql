-- 0017: training for staff and elected officials (issue 14, item 3).
--
-- trainings            courses: name, topic (basics, incidents,
--                      classification, risk, phishing, privacy, other) and
--                      the audience they are for
-- training_sessions    a course given on a date, with its attendees
-- training_attendees   link table session -> person, indexed both ways
--                      (a session's attendees; a person's sessions)
-- terms_of_office      mandatperioder: start and end date; the current
--                      term is the one containing today
-- training_requirements  per audience (all_staff, elected_officials,
--                      owners): the topics that satisfy it (empty: any
--                      course for that audience), how often it is renewed
--                      (interval_months, 0: never; elected officials: each
--                      term) and the months allowed after registration
-- *_fts               the search index of each (as 0002_search_index.sql)
-- training_state       derived (model/derived.c, store/sqlite_derived_
--                      training.c): per person and audience that applies,
--                      the last day the person meets the requirement (due;
--                      '' not now, '9999-12-31' for good; within the
--                      months allowed after registration counts) — the
--                      same date as the person's gap — and the last day
--                      the sessions attended satisfy it (trained_until,
--                      the months allowed left out; '' never); coverage
--                      counts read them by unit and audience, compared
--                      with today

CREATE TABLE trainings (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	name TEXT NOT NULL,
	topic TEXT NOT NULL,
	audience TEXT NOT NULL,
	description TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX trainings_org ON trainings(org_id, name COLLATE sv);

CREATE TABLE training_sessions (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	training_id INTEGER NOT NULL REFERENCES trainings(id),
	session_date TEXT NOT NULL,
	place TEXT,
	notes TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX training_sessions_training ON training_sessions(training_id, session_date);
CREATE INDEX training_sessions_org ON training_sessions(org_id, session_date);

CREATE TABLE training_attendees (
	from_id INTEGER NOT NULL REFERENCES training_sessions(id),
	to_id INTEGER NOT NULL REFERENCES people(id),
	PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX training_attendees_to ON training_attendees(to_id, from_id);

CREATE TABLE terms_of_office (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	name TEXT NOT NULL,
	start_date TEXT NOT NULL,
	end_date TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX terms_of_office_org ON terms_of_office(org_id, start_date);

CREATE TABLE training_requirements (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	audience TEXT NOT NULL,
	topics TEXT,
	interval_months INTEGER NOT NULL DEFAULT 0,
	grace_months INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX training_requirements_org ON training_requirements(org_id, audience);

CREATE TABLE training_state (
	person_id INTEGER NOT NULL,
	audience TEXT NOT NULL,
	org_id INTEGER NOT NULL,
	unit_id INTEGER,
	due TEXT NOT NULL,
	trained_until TEXT NOT NULL,
	PRIMARY KEY (person_id, audience)
) WITHOUT ROWID;
CREATE INDEX training_state_coverage ON training_state(org_id, audience, unit_id, due, trained_until);
CREATE INDEX training_state_due ON training_state(org_id, due);

CREATE INDEX people_kind ON people(org_id, kind);

-- The search index, as for every entity (0002_search_index.sql).
CREATE VIRTUAL TABLE trainings_fts USING fts5(search, content='trainings', content_rowid='id', tokenize='trigram');
INSERT INTO trainings_fts(trainings_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER trainings_fts_insert AFTER INSERT ON trainings BEGIN
	INSERT INTO trainings_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER trainings_fts_delete AFTER DELETE ON trainings BEGIN
	INSERT INTO trainings_fts(trainings_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER trainings_fts_update AFTER UPDATE OF search ON trainings BEGIN
	INSERT INTO trainings_fts(trainings_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO trainings_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE VIRTUAL TABLE training_sessions_fts USING fts5(search, content='training_sessions', content_rowid='id', tokenize='trigram');
INSERT INTO training_sessions_fts(training_sessions_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER training_sessions_fts_insert AFTER INSERT ON training_sessions BEGIN
	INSERT INTO training_sessions_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER training_sessions_fts_delete AFTER DELETE ON training_sessions BEGIN
	INSERT INTO training_sessions_fts(training_sessions_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER training_sessions_fts_update AFTER UPDATE OF search ON training_sessions BEGIN
	INSERT INTO training_sessions_fts(training_sessions_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO training_sessions_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE VIRTUAL TABLE terms_of_office_fts USING fts5(search, content='terms_of_office', content_rowid='id', tokenize='trigram');
INSERT INTO terms_of_office_fts(terms_of_office_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER terms_of_office_fts_insert AFTER INSERT ON terms_of_office BEGIN
	INSERT INTO terms_of_office_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER terms_of_office_fts_delete AFTER DELETE ON terms_of_office BEGIN
	INSERT INTO terms_of_office_fts(terms_of_office_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER terms_of_office_fts_update AFTER UPDATE OF search ON terms_of_office BEGIN
	INSERT INTO terms_of_office_fts(terms_of_office_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO terms_of_office_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE VIRTUAL TABLE training_requirements_fts USING fts5(search, content='training_requirements', content_rowid='id', tokenize='trigram');
INSERT INTO training_requirements_fts(training_requirements_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER training_requirements_fts_insert AFTER INSERT ON training_requirements BEGIN
	INSERT INTO training_requirements_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER training_requirements_fts_delete AFTER DELETE ON training_requirements BEGIN
	INSERT INTO training_requirements_fts(training_requirements_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER training_requirements_fts_update AFTER UPDATE OF search ON training_requirements BEGIN
	INSERT INTO training_requirements_fts(training_requirements_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO training_requirements_fts(rowid, search) VALUES (new.id, new.search);
END;

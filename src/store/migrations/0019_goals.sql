-- 0019: the governance cycle's follow-up (issue 14, items 5-8): goals with
-- indicators and their kept quarter values, the security function and its
-- resources, meetings (forums and management reviews) with their
-- decisions, and internal control (control points and their results).
--
-- goals                 a goal from the policy: owner, period
-- indicators            a goal's indicator: a kind computed from Tillit's own
--                       records or manual, a target with a direction (at
--                       least / at most) and a unit
-- indicator_values      manual values, one per indicator and quarter
-- indicator_history     computed values kept per quarter: the current
--                       quarter's row is updated when computed, a past
--                       quarter's never changes (store/sqlite_indicators.c)
-- security_function     a role in the security function: person, share of
--                       a full-time position, budget for a year, mandate
-- meetings              a forum, a management review (ledningens genomgång)
--                       or another meeting; participants; agenda; minutes
-- meeting_files         the minutes file(s) of a meeting (checked as
--                       evidence files: core/evidence.h)
-- meeting_decisions     a decision of a meeting, linking to a risk (an
--                       accepted residual risk), a measure, a goal
-- control_points        internal control (internkontroll): year, what is
--                       checked, how, by whom, when
-- control_results       a control point's result: ok or deviation
-- measures              control_result_id: a deviation becomes a measure

CREATE TABLE goals (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	title TEXT NOT NULL,
	description TEXT,
	policy TEXT,
	owner_id INTEGER REFERENCES people(id),
	period_start TEXT,
	period_end TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX goals_org ON goals(org_id, title);
CREATE INDEX goals_owner ON goals(owner_id);

CREATE TABLE indicators (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	goal_id INTEGER NOT NULL REFERENCES goals(id),
	title TEXT NOT NULL,
	kind TEXT NOT NULL DEFAULT 'manual',
	direction TEXT NOT NULL DEFAULT 'at_least',
	target INTEGER,
	unit TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX indicators_goal ON indicators(goal_id);
CREATE INDEX indicators_org ON indicators(org_id, title);

CREATE TABLE indicator_values (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	indicator_id INTEGER NOT NULL REFERENCES indicators(id),
	period TEXT NOT NULL,
	value INTEGER NOT NULL,
	comment TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX indicator_values_period ON indicator_values(indicator_id, period);

CREATE TABLE indicator_history (
	org_id INTEGER NOT NULL,
	indicator_id INTEGER NOT NULL,
	quarter TEXT NOT NULL,
	value REAL,
	numerator INTEGER,
	denominator INTEGER,
	computed_at TEXT NOT NULL,
	PRIMARY KEY (indicator_id, quarter)
) WITHOUT ROWID;

CREATE TABLE security_function (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	role TEXT NOT NULL,
	person_id INTEGER REFERENCES people(id),
	fte_percent INTEGER,
	budget_year INTEGER,
	budget_sek INTEGER,
	mandate TEXT,
	description TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX security_function_person ON security_function(person_id);
CREATE INDEX security_function_org ON security_function(org_id, role);

CREATE TABLE meetings (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	body TEXT NOT NULL,
	kind TEXT NOT NULL DEFAULT 'forum',
	meeting_date TEXT,
	agenda TEXT,
	minutes TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meetings_org ON meetings(org_id, meeting_date);

CREATE TABLE meeting_participants (
	from_id INTEGER NOT NULL REFERENCES meetings(id),
	to_id INTEGER NOT NULL REFERENCES people(id),
	PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX meeting_participants_to ON meeting_participants(to_id);

CREATE TABLE meeting_files (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	meeting_id INTEGER NOT NULL REFERENCES meetings(id),
	filename TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	content BLOB NOT NULL,
	uploaded_by TEXT,
	uploaded_at TEXT NOT NULL
);
CREATE INDEX meeting_files_meeting ON meeting_files(meeting_id);

CREATE TABLE meeting_decisions (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	meeting_id INTEGER NOT NULL REFERENCES meetings(id),
	decision TEXT NOT NULL,
	owner_id INTEGER REFERENCES people(id),
	due_date TEXT,
	status TEXT NOT NULL DEFAULT 'open',
	risk_id INTEGER REFERENCES risks(id),
	measure_id INTEGER REFERENCES measures(id),
	goal_id INTEGER REFERENCES goals(id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meeting_decisions_meeting ON meeting_decisions(meeting_id);
CREATE INDEX meeting_decisions_risk ON meeting_decisions(risk_id);
CREATE INDEX meeting_decisions_measure ON meeting_decisions(measure_id);
CREATE INDEX meeting_decisions_goal ON meeting_decisions(goal_id);
CREATE INDEX meeting_decisions_owner ON meeting_decisions(owner_id);
CREATE INDEX meeting_decisions_due ON meeting_decisions(org_id, due_date);

CREATE TABLE control_points (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	year INTEGER NOT NULL,
	title TEXT NOT NULL,
	method TEXT,
	owner_id INTEGER REFERENCES people(id),
	check_date TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX control_points_org ON control_points(org_id, check_date);
CREATE INDEX control_points_owner ON control_points(owner_id);
CREATE INDEX control_points_year ON control_points(org_id, year);

CREATE TABLE control_results (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	control_point_id INTEGER NOT NULL REFERENCES control_points(id),
	result_date TEXT NOT NULL,
	result TEXT NOT NULL DEFAULT 'ok',
	description TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX control_results_point ON control_results(control_point_id);

ALTER TABLE measures ADD COLUMN control_result_id INTEGER REFERENCES control_results(id);
CREATE INDEX measures_control_result ON measures(control_result_id);

-- The indicators count running and retired systems per organisation.
CREATE INDEX system_state_org ON system_state(org_id, retired, running);

CREATE VIRTUAL TABLE goals_fts USING fts5(search, content='goals', content_rowid='id', tokenize='trigram');
INSERT INTO goals_fts(goals_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER goals_fts_insert AFTER INSERT ON goals BEGIN
	INSERT INTO goals_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER goals_fts_delete AFTER DELETE ON goals BEGIN
	INSERT INTO goals_fts(goals_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER goals_fts_update AFTER UPDATE OF search ON goals BEGIN
	INSERT INTO goals_fts(goals_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO goals_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE indicators_fts USING fts5(search, content='indicators', content_rowid='id', tokenize='trigram');
INSERT INTO indicators_fts(indicators_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER indicators_fts_insert AFTER INSERT ON indicators BEGIN
	INSERT INTO indicators_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER indicators_fts_delete AFTER DELETE ON indicators BEGIN
	INSERT INTO indicators_fts(indicators_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER indicators_fts_update AFTER UPDATE OF search ON indicators BEGIN
	INSERT INTO indicators_fts(indicators_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO indicators_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE indicator_values_fts USING fts5(search, content='indicator_values', content_rowid='id', tokenize='trigram');
INSERT INTO indicator_values_fts(indicator_values_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER indicator_values_fts_insert AFTER INSERT ON indicator_values BEGIN
	INSERT INTO indicator_values_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER indicator_values_fts_delete AFTER DELETE ON indicator_values BEGIN
	INSERT INTO indicator_values_fts(indicator_values_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER indicator_values_fts_update AFTER UPDATE OF search ON indicator_values BEGIN
	INSERT INTO indicator_values_fts(indicator_values_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO indicator_values_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE security_function_fts USING fts5(search, content='security_function', content_rowid='id', tokenize='trigram');
INSERT INTO security_function_fts(security_function_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER security_function_fts_insert AFTER INSERT ON security_function BEGIN
	INSERT INTO security_function_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER security_function_fts_delete AFTER DELETE ON security_function BEGIN
	INSERT INTO security_function_fts(security_function_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER security_function_fts_update AFTER UPDATE OF search ON security_function BEGIN
	INSERT INTO security_function_fts(security_function_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO security_function_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE meetings_fts USING fts5(search, content='meetings', content_rowid='id', tokenize='trigram');
INSERT INTO meetings_fts(meetings_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER meetings_fts_insert AFTER INSERT ON meetings BEGIN
	INSERT INTO meetings_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER meetings_fts_delete AFTER DELETE ON meetings BEGIN
	INSERT INTO meetings_fts(meetings_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER meetings_fts_update AFTER UPDATE OF search ON meetings BEGIN
	INSERT INTO meetings_fts(meetings_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO meetings_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE meeting_decisions_fts USING fts5(search, content='meeting_decisions', content_rowid='id', tokenize='trigram');
INSERT INTO meeting_decisions_fts(meeting_decisions_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER meeting_decisions_fts_insert AFTER INSERT ON meeting_decisions BEGIN
	INSERT INTO meeting_decisions_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER meeting_decisions_fts_delete AFTER DELETE ON meeting_decisions BEGIN
	INSERT INTO meeting_decisions_fts(meeting_decisions_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER meeting_decisions_fts_update AFTER UPDATE OF search ON meeting_decisions BEGIN
	INSERT INTO meeting_decisions_fts(meeting_decisions_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO meeting_decisions_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE control_points_fts USING fts5(search, content='control_points', content_rowid='id', tokenize='trigram');
INSERT INTO control_points_fts(control_points_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER control_points_fts_insert AFTER INSERT ON control_points BEGIN
	INSERT INTO control_points_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER control_points_fts_delete AFTER DELETE ON control_points BEGIN
	INSERT INTO control_points_fts(control_points_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER control_points_fts_update AFTER UPDATE OF search ON control_points BEGIN
	INSERT INTO control_points_fts(control_points_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO control_points_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE control_results_fts USING fts5(search, content='control_results', content_rowid='id', tokenize='trigram');
INSERT INTO control_results_fts(control_results_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER control_results_fts_insert AFTER INSERT ON control_results BEGIN
	INSERT INTO control_results_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER control_results_fts_delete AFTER DELETE ON control_results BEGIN
	INSERT INTO control_results_fts(control_results_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER control_results_fts_update AFTER UPDATE OF search ON control_results BEGIN
	INSERT INTO control_results_fts(control_results_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO control_results_fts(rowid, search) VALUES (new.id, new.search);
END;

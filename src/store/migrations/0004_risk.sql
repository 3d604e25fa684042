-- 0004: risk analysis (issue 4).
--
-- risk_methods     the organisation's risk method, one row per version:
--                  scales and bands as the text people write (parsed by
--                  core/risk.c); an analysis keeps the version it used
-- risk_analyses    an analysis with its scope (a system, a process, a
--                  unit, the shared IT environment or the IT
--                  infrastructure), date, participants, method version,
--                  risk owner and decision
-- risks            a risk in an analysis: scenario, vulnerability, harm,
--                  affected assets and aspects, likelihood x consequence
--                  (value and band stored for lists and sorting),
--                  treatment, residual risk and its acceptance
-- risk_assets      the information assets a risk affects
-- measures         what is done about a risk: owner, due date, status, and
--                  the requirements and controls it implements

ALTER TABLE organisations ADD COLUMN risk_high_level INTEGER NOT NULL DEFAULT 3;
ALTER TABLE organisations ADD COLUMN risk_high_months INTEGER NOT NULL DEFAULT 12;
ALTER TABLE organisations ADD COLUMN risk_other_months INTEGER NOT NULL DEFAULT 36;

CREATE TABLE risk_methods (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	version INTEGER NOT NULL,
	name TEXT NOT NULL,
	likelihood_scale TEXT NOT NULL,
	consequence_scale TEXT NOT NULL,
	bands TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX risk_methods_version ON risk_methods(org_id, version);

CREATE TABLE risk_analyses (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	title TEXT NOT NULL,
	scope TEXT NOT NULL,
	system_id INTEGER REFERENCES systems(id),
	process_id INTEGER REFERENCES processes(id),
	unit_id INTEGER REFERENCES units(id),
	method_id INTEGER NOT NULL REFERENCES risk_methods(id),
	analysed_on TEXT NOT NULL,
	participants TEXT,
	risk_owner_id INTEGER REFERENCES people(id),
	status TEXT NOT NULL DEFAULT 'draft',
	decided_by_id INTEGER REFERENCES people(id),
	decided_on TEXT,
	summary TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX risk_analyses_system ON risk_analyses(system_id, status, decided_on);
CREATE INDEX risk_analyses_process ON risk_analyses(process_id);
CREATE INDEX risk_analyses_unit ON risk_analyses(unit_id);
CREATE INDEX risk_analyses_scope ON risk_analyses(org_id, scope, status);
CREATE INDEX risk_analyses_owner ON risk_analyses(risk_owner_id);

CREATE TABLE risks (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	analysis_id INTEGER NOT NULL REFERENCES risk_analyses(id),
	title TEXT NOT NULL,
	vulnerability TEXT,
	harm TEXT,
	aspects TEXT,
	likelihood INTEGER NOT NULL,
	consequence INTEGER NOT NULL,
	value INTEGER NOT NULL DEFAULT 0,
	band TEXT,
	risk_owner_id INTEGER REFERENCES people(id),
	treatment TEXT NOT NULL DEFAULT 'reduce',
	treatment_reason TEXT,
	residual_likelihood INTEGER,
	residual_consequence INTEGER,
	residual_value INTEGER,
	residual_band TEXT,
	accepted_by_id INTEGER REFERENCES people(id),
	accepted_on TEXT,
	accepted_body TEXT,
	case_number TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX risks_analysis ON risks(analysis_id, value);
CREATE INDEX risks_value ON risks(org_id, value);
CREATE INDEX risks_owner ON risks(risk_owner_id);

CREATE TABLE risk_assets (
	from_id INTEGER NOT NULL REFERENCES risks(id),
	to_id INTEGER NOT NULL REFERENCES information_assets(id),
	PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX risk_assets_to ON risk_assets(to_id);

CREATE TABLE measures (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	risk_id INTEGER NOT NULL REFERENCES risks(id),
	title TEXT NOT NULL,
	description TEXT,
	owner_id INTEGER REFERENCES people(id),
	due_date TEXT,
	status TEXT NOT NULL DEFAULT 'planned',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX measures_risk ON measures(risk_id);
CREATE INDEX measures_due ON measures(org_id, status, due_date);
CREATE INDEX measures_owner ON measures(owner_id);

CREATE TABLE measure_requirements (
	from_id INTEGER NOT NULL REFERENCES measures(id),
	to_id INTEGER NOT NULL REFERENCES requirements(id),
	PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX measure_requirements_to ON measure_requirements(to_id);

CREATE TABLE measure_controls (
	from_id INTEGER NOT NULL REFERENCES measures(id),
	to_id INTEGER NOT NULL REFERENCES soa_entries(id),
	PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX measure_controls_to ON measure_controls(to_id);

CREATE VIRTUAL TABLE risk_methods_fts USING fts5(search, content='risk_methods', content_rowid='id', tokenize='trigram');
INSERT INTO risk_methods_fts(risk_methods_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER risk_methods_fts_insert AFTER INSERT ON risk_methods BEGIN
	INSERT INTO risk_methods_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER risk_methods_fts_delete AFTER DELETE ON risk_methods BEGIN
	INSERT INTO risk_methods_fts(risk_methods_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER risk_methods_fts_update AFTER UPDATE OF search ON risk_methods BEGIN
	INSERT INTO risk_methods_fts(risk_methods_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO risk_methods_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE risk_analyses_fts USING fts5(search, content='risk_analyses', content_rowid='id', tokenize='trigram');
INSERT INTO risk_analyses_fts(risk_analyses_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER risk_analyses_fts_insert AFTER INSERT ON risk_analyses BEGIN
	INSERT INTO risk_analyses_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER risk_analyses_fts_delete AFTER DELETE ON risk_analyses BEGIN
	INSERT INTO risk_analyses_fts(risk_analyses_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER risk_analyses_fts_update AFTER UPDATE OF search ON risk_analyses BEGIN
	INSERT INTO risk_analyses_fts(risk_analyses_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO risk_analyses_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE risks_fts USING fts5(search, content='risks', content_rowid='id', tokenize='trigram');
INSERT INTO risks_fts(risks_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER risks_fts_insert AFTER INSERT ON risks BEGIN
	INSERT INTO risks_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER risks_fts_delete AFTER DELETE ON risks BEGIN
	INSERT INTO risks_fts(risks_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER risks_fts_update AFTER UPDATE OF search ON risks BEGIN
	INSERT INTO risks_fts(risks_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO risks_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE measures_fts USING fts5(search, content='measures', content_rowid='id', tokenize='trigram');
INSERT INTO measures_fts(measures_fts, rank) VALUES ('automerge', 2);
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

-- 0011: continuity (issue 13, items 9-11): what a process can do without,
-- how quickly systems come back, what depends on what, continuity plans
-- and the exercises that test them.
--
-- processes      mtd_hours (maximum tolerable downtime, längsta acceptabla
--                avbrottstid), min_service_level, who decided it and when;
--                owner_id, the process owner (processägare), who keeps the
--                process's continuity records
-- systems        rto_hours and rpo_hours (recovery time and recovery point
--                objectives)
-- organisations  continuity_exercise_months: how often an adopted plan is
--                to be exercised (default 12)
-- dependencies   what a process (or a system) needs: a system, a supplier,
--                premises, power, staff, telecoms or something else, and how
--                long it copes without it
-- continuity_plans, exercises (with their participants and the plans they
--                exercise), exercise_findings
-- measures       finding_id: a measure belongs to a risk, an exercise
--                finding (or, with the incidents area, an incident), so
--                risk_id is no longer required by the schema; the rule
--                lives in model/risk.c (measures_validate).

ALTER TABLE processes ADD COLUMN owner_id INTEGER REFERENCES people(id);
ALTER TABLE processes ADD COLUMN mtd_hours INTEGER;
ALTER TABLE processes ADD COLUMN min_service_level TEXT;
ALTER TABLE processes ADD COLUMN mtd_decided_by INTEGER REFERENCES people(id);
ALTER TABLE processes ADD COLUMN mtd_decided_on TEXT;
CREATE INDEX processes_owner ON processes(owner_id);

ALTER TABLE systems ADD COLUMN rto_hours INTEGER;
ALTER TABLE systems ADD COLUMN rpo_hours INTEGER;

ALTER TABLE organisations ADD COLUMN continuity_exercise_months INTEGER NOT NULL DEFAULT 12;

-- risk_id loses NOT NULL. Done on the stored schema text rather than by
-- rebuilding the table, so that it is idempotent and commutes with other
-- migrations that add columns to measures (the incidents area adds
-- incident_id the same way): the change only relaxes a constraint, which
-- every stored row already meets.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'risk_id INTEGER NOT NULL REFERENCES risks(id)', 'risk_id INTEGER REFERENCES risks(id)')
	WHERE type = 'table' AND name = 'measures';
PRAGMA writable_schema = RESET;

CREATE TABLE dependencies (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	process_id INTEGER REFERENCES processes(id),
	dependent_system_id INTEGER REFERENCES systems(id),
	kind TEXT NOT NULL,
	system_id INTEGER REFERENCES systems(id),
	supplier_id INTEGER REFERENCES suppliers(id),
	description TEXT NOT NULL,
	tolerance_hours INTEGER,
	unit_id INTEGER REFERENCES units(id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dependencies_process ON dependencies(process_id);
CREATE INDEX dependencies_dependent_system ON dependencies(dependent_system_id);
CREATE INDEX dependencies_system ON dependencies(system_id);
CREATE INDEX dependencies_supplier ON dependencies(supplier_id);
CREATE INDEX dependencies_unit ON dependencies(unit_id);

CREATE TABLE continuity_plans (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	title TEXT NOT NULL,
	process_id INTEGER REFERENCES processes(id),
	system_id INTEGER REFERENCES systems(id),
	owner_id INTEGER REFERENCES people(id),
	status TEXT NOT NULL DEFAULT 'draft',
	adopted_on TEXT,
	review_date TEXT,
	fallback_routines TEXT,
	restore_steps TEXT,
	contacts TEXT,
	unit_id INTEGER REFERENCES units(id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX continuity_plans_org ON continuity_plans(org_id, title);
CREATE INDEX continuity_plans_process ON continuity_plans(process_id);
CREATE INDEX continuity_plans_system ON continuity_plans(system_id);
CREATE INDEX continuity_plans_owner ON continuity_plans(owner_id);
CREATE INDEX continuity_plans_unit ON continuity_plans(unit_id);

CREATE TABLE exercises (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	title TEXT NOT NULL,
	kind TEXT NOT NULL DEFAULT 'tabletop',
	status TEXT NOT NULL DEFAULT 'planned',
	exercise_date TEXT,
	scenario TEXT,
	result TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX exercises_org ON exercises(org_id, exercise_date);

CREATE TABLE exercise_participants (
	from_id INTEGER NOT NULL REFERENCES exercises(id),
	to_id INTEGER NOT NULL REFERENCES people(id),
	PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX exercise_participants_to ON exercise_participants(to_id);

CREATE TABLE exercise_plans (
	from_id INTEGER NOT NULL REFERENCES exercises(id),
	to_id INTEGER NOT NULL REFERENCES continuity_plans(id),
	PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX exercise_plans_to ON exercise_plans(to_id);

CREATE TABLE exercise_findings (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	exercise_id INTEGER NOT NULL REFERENCES exercises(id),
	title TEXT NOT NULL,
	description TEXT,
	owner_id INTEGER REFERENCES people(id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX exercise_findings_exercise ON exercise_findings(exercise_id);
CREATE INDEX exercise_findings_owner ON exercise_findings(owner_id);

ALTER TABLE measures ADD COLUMN finding_id INTEGER REFERENCES exercise_findings(id);
CREATE INDEX measures_finding ON measures(finding_id);

CREATE VIRTUAL TABLE dependencies_fts USING fts5(search, content='dependencies', content_rowid='id', tokenize='trigram');
INSERT INTO dependencies_fts(dependencies_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER dependencies_fts_insert AFTER INSERT ON dependencies BEGIN
	INSERT INTO dependencies_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER dependencies_fts_delete AFTER DELETE ON dependencies BEGIN
	INSERT INTO dependencies_fts(dependencies_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER dependencies_fts_update AFTER UPDATE OF search ON dependencies BEGIN
	INSERT INTO dependencies_fts(dependencies_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO dependencies_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE continuity_plans_fts USING fts5(search, content='continuity_plans', content_rowid='id', tokenize='trigram');
INSERT INTO continuity_plans_fts(continuity_plans_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER continuity_plans_fts_insert AFTER INSERT ON continuity_plans BEGIN
	INSERT INTO continuity_plans_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER continuity_plans_fts_delete AFTER DELETE ON continuity_plans BEGIN
	INSERT INTO continuity_plans_fts(continuity_plans_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER continuity_plans_fts_update AFTER UPDATE OF search ON continuity_plans BEGIN
	INSERT INTO continuity_plans_fts(continuity_plans_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO continuity_plans_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE exercises_fts USING fts5(search, content='exercises', content_rowid='id', tokenize='trigram');
INSERT INTO exercises_fts(exercises_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER exercises_fts_insert AFTER INSERT ON exercises BEGIN
	INSERT INTO exercises_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER exercises_fts_delete AFTER DELETE ON exercises BEGIN
	INSERT INTO exercises_fts(exercises_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER exercises_fts_update AFTER UPDATE OF search ON exercises BEGIN
	INSERT INTO exercises_fts(exercises_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO exercises_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE exercise_findings_fts USING fts5(search, content='exercise_findings', content_rowid='id', tokenize='trigram');
INSERT INTO exercise_findings_fts(exercise_findings_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER exercise_findings_fts_insert AFTER INSERT ON exercise_findings BEGIN
	INSERT INTO exercise_findings_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER exercise_findings_fts_delete AFTER DELETE ON exercise_findings BEGIN
	INSERT INTO exercise_findings_fts(exercise_findings_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER exercise_findings_fts_update AFTER UPDATE OF search ON exercise_findings BEGIN
	INSERT INTO exercise_findings_fts(exercise_findings_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO exercise_findings_fts(rowid, search) VALUES (new.id, new.search);
END;

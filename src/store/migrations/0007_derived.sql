-- 0007: derived state kept per change (issue 11).
--
-- Gaps, the Statement of Applicability's coverage, the risk picture and
-- the joint action plan used to be recomputed for the whole organisation
-- after any write. They are now rows, maintained inside the transaction of
-- the write that changes their inputs (model/derived.c decides what a
-- change reaches, core/ what a record's rows are), and rebuilt from
-- scratch by `tillit gaps rebuild`. Every table here is derived: deleting
-- its rows and rebuilding gives the same rows.
--
-- gaps             one row per gap: kind, the record it is about, the
--                  record that explains it, the unit it belongs to, the
--                  person expected to act, since when; due: a gap that
--                  depends on the date (overdue, review due, ended) is open
--                  when due < today, compared when read, so nothing is
--                  recomputed at midnight; NULL = open now
-- gap_counts       open-or-pending gaps per kind, entity and due date, for
--                  the overview's counts without a scan
-- system_state     a system's classification as it applies (derived from
--                  its information, raised by its decision) and whether it
--                  runs
-- asset_state      an asset's current classification
-- item_state       what an action-plan item counts for in the coverage
-- requirement_coverage  per requirement: running systems it applies to,
--                  how many fulfil it, how many find it not applicable
-- control_systems  per control and system: the active requirements of the
--                  control the system fulfils
-- analysis_state   whether an analysis is the current one of its subject,
--                  its unit, quarter and method size
-- risk_state       what a risk counts for in the heat map and the quarters
-- risk_heat        current risks per unit, method size and matrix cell;
--                  unit -1: the whole organisation's
-- risk_quarters    risks per unit, quarter and band; unit -1: the whole
--                  organisation's
-- plan_entries     the joint action plan: open measures and open items; due
--                  '9999-12-31' when there is none, so those come last
-- plan_due_counts  plan entries per kind and due date
-- generations      per organisation and table, a number that moves with
--                  every committed change of the table: caches keyed by the
--                  generations of the tables a page reads stay valid across
--                  changes of other tables
-- derived_built    the version of the rules the derived rows were built by
--                  (a newer binary rebuilds them when it starts)

CREATE TABLE gaps (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL,
	kind INTEGER NOT NULL,
	entity TEXT NOT NULL,
	record_id INTEGER NOT NULL,
	other_entity TEXT,
	other_id INTEGER NOT NULL DEFAULT 0,
	name TEXT,
	unit_id INTEGER,
	person_id INTEGER,
	due TEXT,
	since TEXT NOT NULL
);
CREATE UNIQUE INDEX gaps_record ON gaps(org_id, entity, record_id, kind, other_id);
CREATE INDEX gaps_list ON gaps(org_id, kind, name COLLATE sv, due);
CREATE INDEX gaps_due ON gaps(org_id, kind, due);
CREATE INDEX gaps_unit ON gaps(org_id, unit_id);
CREATE INDEX gaps_person ON gaps(org_id, person_id);
CREATE INDEX gaps_other ON gaps(other_entity, other_id);

CREATE TABLE gap_counts (
	org_id INTEGER NOT NULL,
	kind INTEGER NOT NULL,
	entity TEXT NOT NULL,
	due TEXT NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (org_id, kind, entity, due)
) WITHOUT ROWID;

CREATE TABLE system_state (
	system_id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL,
	running INTEGER NOT NULL,
	retired INTEGER NOT NULL,
	classified INTEGER NOT NULL,
	confidentiality INTEGER,
	integrity INTEGER,
	availability INTEGER,
	traceability INTEGER
);

CREATE TABLE asset_state (
	asset_id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL,
	confidentiality INTEGER,
	integrity INTEGER,
	availability INTEGER,
	traceability INTEGER
);
CREATE INDEX asset_state_org ON asset_state(org_id);

CREATE TABLE item_state (
	item_id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL,
	system_id INTEGER NOT NULL,
	requirement_id INTEGER NOT NULL,
	applies INTEGER NOT NULL,
	fulfilled INTEGER NOT NULL,
	not_applicable INTEGER NOT NULL
);
CREATE INDEX item_state_requirement ON item_state(requirement_id, fulfilled);

CREATE TABLE requirement_coverage (
	requirement_id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL,
	applies INTEGER NOT NULL,
	fulfilled INTEGER NOT NULL,
	not_applicable INTEGER NOT NULL
);
CREATE INDEX requirement_coverage_org ON requirement_coverage(org_id);

CREATE TABLE control_systems (
	control_id INTEGER NOT NULL,
	system_id INTEGER NOT NULL,
	org_id INTEGER NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (control_id, system_id)
) WITHOUT ROWID;
CREATE INDEX control_systems_system ON control_systems(system_id);

CREATE TABLE analysis_state (
	analysis_id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL,
	current INTEGER NOT NULL,
	decided INTEGER NOT NULL,
	unit_id INTEGER,
	quarter TEXT,
	nlikelihood INTEGER NOT NULL,
	nconsequence INTEGER NOT NULL,
	top_min INTEGER NOT NULL,
	owner_id INTEGER
);
CREATE INDEX analysis_state_unit ON analysis_state(org_id, current, unit_id);

CREATE TABLE risk_state (
	risk_id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL,
	analysis_id INTEGER NOT NULL,
	current INTEGER NOT NULL,
	unit_id INTEGER,
	nlikelihood INTEGER NOT NULL,
	nconsequence INTEGER NOT NULL,
	likelihood INTEGER NOT NULL,
	consequence INTEGER NOT NULL,
	quarter TEXT,
	band TEXT,
	value INTEGER NOT NULL,
	person_id INTEGER
);
CREATE INDEX risk_state_top ON risk_state(org_id, current, value DESC, risk_id);
CREATE INDEX risk_state_analysis ON risk_state(analysis_id);

CREATE TABLE risk_heat (
	org_id INTEGER NOT NULL,
	unit_id INTEGER NOT NULL,
	nlikelihood INTEGER NOT NULL,
	nconsequence INTEGER NOT NULL,
	likelihood INTEGER NOT NULL,
	consequence INTEGER NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (org_id, unit_id, nlikelihood, nconsequence, likelihood, consequence)
) WITHOUT ROWID;

CREATE TABLE risk_quarters (
	org_id INTEGER NOT NULL,
	unit_id INTEGER NOT NULL,
	quarter TEXT NOT NULL,
	band TEXT NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (org_id, unit_id, quarter, band)
) WITHOUT ROWID;

CREATE TABLE plan_entries (
	kind INTEGER NOT NULL,
	record_id INTEGER NOT NULL,
	org_id INTEGER NOT NULL,
	due TEXT NOT NULL,
	owner_id INTEGER,
	PRIMARY KEY (kind, record_id)
) WITHOUT ROWID;
CREATE INDEX plan_entries_order ON plan_entries(org_id, due, kind, record_id);
CREATE INDEX plan_entries_owner ON plan_entries(org_id, owner_id, due, kind, record_id);

CREATE TABLE plan_due_counts (
	org_id INTEGER NOT NULL,
	kind INTEGER NOT NULL,
	due TEXT NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (org_id, kind, due)
) WITHOUT ROWID;

CREATE TABLE generations (
	org_id INTEGER NOT NULL,
	name TEXT NOT NULL,
	gen INTEGER NOT NULL,
	PRIMARY KEY (org_id, name)
) WITHOUT ROWID;

CREATE TABLE derived_built (
	org_id INTEGER PRIMARY KEY,
	version INTEGER NOT NULL,
	built_at TEXT NOT NULL
);

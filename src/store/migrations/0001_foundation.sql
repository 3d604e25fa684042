-- 0001: the foundation. Organisation, units, people, roles, the inventory,
-- accounts, sessions, API tokens and the hash-chained audit trail.
--
-- Record ids are AUTOINCREMENT: a deleted record's number is never given to
-- a new one, so the audit trail of a number always means one record.
--
-- Every record table carries org_id (so one installation can serve a
-- federation and its members), created_at/updated_at (UTC, ISO 8601) and
-- search: the case- and diacritics-folded text of its searchable fields,
-- kept up to date by the store on every write. Text columns sorted in lists
-- are indexed with the Swedish collation "sv" that the store registers on
-- every connection.

CREATE TABLE organisations (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL DEFAULT 0,
	name TEXT NOT NULL DEFAULT '',
	kind TEXT NOT NULL DEFAULT 'municipality',
	org_number TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);

CREATE TABLE units (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	name TEXT NOT NULL,
	kind TEXT NOT NULL,
	parent_id INTEGER REFERENCES units(id),
	code TEXT,
	description TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX units_name ON units(org_id, name COLLATE sv);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE people (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	name TEXT NOT NULL,
	email TEXT,
	title TEXT,
	unit_id INTEGER REFERENCES units(id),
	kind TEXT NOT NULL,
	active INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX people_name ON people(org_id, name COLLATE sv);
CREATE INDEX people_email ON people(org_id, email);
CREATE INDEX people_unit ON people(unit_id);

CREATE TABLE role_assignments (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	person_id INTEGER NOT NULL REFERENCES people(id),
	role TEXT NOT NULL,
	scope TEXT NOT NULL,
	unit_id INTEGER REFERENCES units(id),
	record_entity TEXT,
	record_id INTEGER,
	note TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX role_assignments_person ON role_assignments(person_id);
CREATE INDEX role_assignments_unit ON role_assignments(unit_id);

CREATE TABLE processes (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	name TEXT NOT NULL,
	unit_id INTEGER REFERENCES units(id),
	critical INTEGER NOT NULL DEFAULT 0,
	description TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX processes_name ON processes(org_id, name COLLATE sv);
CREATE INDEX processes_unit ON processes(unit_id);

CREATE TABLE information_assets (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	name TEXT NOT NULL,
	unit_id INTEGER REFERENCES units(id),
	owner_id INTEGER REFERENCES people(id),
	personal_data TEXT NOT NULL DEFAULT 'none',
	legal_basis TEXT,
	description TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX information_assets_name ON information_assets(org_id, name COLLATE sv);
CREATE INDEX information_assets_unit ON information_assets(unit_id);
CREATE INDEX information_assets_owner ON information_assets(owner_id);

CREATE TABLE asset_processes (
	from_id INTEGER NOT NULL REFERENCES information_assets(id),
	to_id INTEGER NOT NULL REFERENCES processes(id),
	PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX asset_processes_to ON asset_processes(to_id);

CREATE TABLE suppliers (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	name TEXT NOT NULL,
	org_number TEXT,
	contact TEXT,
	email TEXT,
	phone TEXT,
	notes TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX suppliers_name ON suppliers(org_id, name COLLATE sv);

CREATE TABLE systems (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	name TEXT NOT NULL,
	purpose TEXT,
	unit_id INTEGER REFERENCES units(id),
	owner_id INTEGER REFERENCES people(id),
	administrator_id INTEGER REFERENCES people(id),
	supplier_id INTEGER REFERENCES suppliers(id),
	hosting TEXT,
	users_count INTEGER,
	lifecycle TEXT NOT NULL DEFAULT 'in_use',
	support_hours TEXT,
	after_hours_agreement INTEGER NOT NULL DEFAULT 0,
	ot INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX systems_name ON systems(org_id, name COLLATE sv);
CREATE INDEX systems_unit ON systems(unit_id);
CREATE INDEX systems_owner ON systems(owner_id);
CREATE INDEX systems_administrator ON systems(administrator_id);
CREATE INDEX systems_supplier ON systems(supplier_id);

CREATE TABLE system_information (
	from_id INTEGER NOT NULL REFERENCES systems(id),
	to_id INTEGER NOT NULL REFERENCES information_assets(id),
	PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX system_information_to ON system_information(to_id);

CREATE TABLE system_dependencies (
	from_id INTEGER NOT NULL REFERENCES systems(id),
	to_id INTEGER NOT NULL REFERENCES systems(id),
	PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX system_dependencies_to ON system_dependencies(to_id);

CREATE TABLE agreements (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	name TEXT NOT NULL,
	supplier_id INTEGER NOT NULL REFERENCES suppliers(id),
	kind TEXT NOT NULL,
	standard_contract INTEGER NOT NULL DEFAULT 0,
	support_hours TEXT,
	start_date TEXT,
	end_date TEXT,
	responsible_id INTEGER REFERENCES people(id),
	reference TEXT,
	notes TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX agreements_name ON agreements(org_id, name COLLATE sv);
CREATE INDEX agreements_supplier ON agreements(supplier_id);
CREATE INDEX agreements_responsible ON agreements(responsible_id);

CREATE TABLE agreement_systems (
	from_id INTEGER NOT NULL REFERENCES agreements(id),
	to_id INTEGER NOT NULL REFERENCES systems(id),
	PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX agreement_systems_to ON agreement_systems(to_id);

CREATE TABLE users (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	username TEXT NOT NULL,
	person_id INTEGER REFERENCES people(id),
	lang TEXT NOT NULL DEFAULT 'sv',
	disabled INTEGER NOT NULL DEFAULT 0,
	password_hash TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX users_username ON users(username);

-- A session is found by the SHA-256 of its cookie, never by the cookie.
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id),
	csrf TEXT NOT NULL,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id INTEGER NOT NULL REFERENCES users(id),
	name TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	revoked_at TEXT,
	last_used_at TEXT
);

-- Failed logins, for throttling per account and per address.
CREATE TABLE login_failures (
	key TEXT NOT NULL,
	at INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);

-- Uploaded files waiting for the user to confirm an import after the
-- dry run. Removed when imported or after a day.
CREATE TABLE pending_imports (
	id TEXT PRIMARY KEY,
	org_id INTEGER NOT NULL,
	user_id INTEGER NOT NULL,
	entity TEXT NOT NULL,
	filename TEXT,
	content BLOB NOT NULL,
	created_at TEXT NOT NULL
);

-- The audit trail. Each entry's hash covers its own content and the hash
-- of the entry before it, so changing, removing or inserting an entry
-- breaks the chain (see docs/internals/audit.md). audit_head holds the
-- last entry so that removing entries from the end is detected too.
CREATE TABLE audit (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL,
	at TEXT NOT NULL,
	user_id INTEGER,
	username TEXT NOT NULL,
	via TEXT NOT NULL,
	entity TEXT NOT NULL,
	record_id INTEGER,
	action TEXT NOT NULL,
	changes TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_record ON audit(entity, record_id, id);

CREATE TABLE audit_head (
	one INTEGER PRIMARY KEY CHECK (one = 1),
	last_id INTEGER NOT NULL,
	last_hash TEXT NOT NULL
);
INSERT INTO audit_head VALUES (1, 0, '');

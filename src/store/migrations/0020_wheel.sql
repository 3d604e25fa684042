-- 0020: the annual wheel (årshjul), calendar feeds and reminder digests
-- (issue 14, item 9).
--
-- recurring_activities  the organisation's own recurring activities: the
--                       annual report to kommunstyrelsen, the risk and
--                       vulnerability analysis to länsstyrelsen by 31
--                       October of the year after an election ...; rule
--                       (yearly, quarterly, monthly, after_election),
--                       month, day, first and last year (core/recur.h)
-- calendar_feeds        a calendar subscription: a person's (person_id) or
--                       the organisation's (NULL); made by user_id, whose
--                       rights decide what the feed shows; only the
--                       SHA-256 of its secret token is kept
-- reminder_digests      one row per person and day a reminder digest was
--                       queued: the unique key makes a second digest that
--                       day (a restart, two threads) impossible
-- organisations         reminder_days_before: how many days before a due
--                       date the digest names it (default 14; NULL counts as 14)
-- gaps, exercises       the wheel reads due dates by index ranges: the
--                       gaps already have gaps_due (org_id, kind, due) and
--                       exercises exercises_org (org_id, exercise_date);
--                       a person's gaps by due date get their own index

CREATE TABLE recurring_activities (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	title TEXT NOT NULL,
	description TEXT,
	owner_id INTEGER REFERENCES people(id),
	unit_id INTEGER REFERENCES units(id),
	rule TEXT NOT NULL DEFAULT 'yearly',
	month INTEGER,
	day INTEGER NOT NULL DEFAULT 1,
	first_year INTEGER NOT NULL,
	last_year INTEGER,
	recipient TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX recurring_activities_org ON recurring_activities(org_id, title);
CREATE INDEX recurring_activities_owner ON recurring_activities(owner_id);

CREATE TABLE calendar_feeds (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	label TEXT NOT NULL,
	person_id INTEGER REFERENCES people(id),
	created_by_id INTEGER REFERENCES people(id),
	user_id INTEGER REFERENCES users(id),
	token_hash TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX calendar_feeds_token ON calendar_feeds(token_hash);
CREATE INDEX calendar_feeds_person ON calendar_feeds(person_id);
CREATE INDEX calendar_feeds_creator ON calendar_feeds(created_by_id);

-- Search (0002_search_index.sql): every entity has its trigram index.
CREATE VIRTUAL TABLE recurring_activities_fts USING fts5(search, content='recurring_activities', content_rowid='id', tokenize='trigram');
INSERT INTO recurring_activities_fts(recurring_activities_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER recurring_activities_fts_insert AFTER INSERT ON recurring_activities BEGIN
	INSERT INTO recurring_activities_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER recurring_activities_fts_delete AFTER DELETE ON recurring_activities BEGIN
	INSERT INTO recurring_activities_fts(recurring_activities_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER recurring_activities_fts_update AFTER UPDATE OF search ON recurring_activities BEGIN
	INSERT INTO recurring_activities_fts(recurring_activities_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO recurring_activities_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE calendar_feeds_fts USING fts5(search, content='calendar_feeds', content_rowid='id', tokenize='trigram');
INSERT INTO calendar_feeds_fts(calendar_feeds_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER calendar_feeds_fts_insert AFTER INSERT ON calendar_feeds BEGIN
	INSERT INTO calendar_feeds_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER calendar_feeds_fts_delete AFTER DELETE ON calendar_feeds BEGIN
	INSERT INTO calendar_feeds_fts(calendar_feeds_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER calendar_feeds_fts_update AFTER UPDATE OF search ON calendar_feeds BEGIN
	INSERT INTO calendar_feeds_fts(calendar_feeds_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO calendar_feeds_fts(rowid, search) VALUES (new.id, new.search);
END;


CREATE TABLE reminder_digests (
	org_id INTEGER NOT NULL,
	person_id INTEGER NOT NULL,
	day TEXT NOT NULL,
	items INTEGER NOT NULL,
	mail_id INTEGER,
	created_at TEXT NOT NULL,
	PRIMARY KEY (org_id, person_id, day)
) WITHOUT ROWID;

ALTER TABLE organisations ADD COLUMN reminder_days_before INTEGER DEFAULT 14;

CREATE INDEX gaps_person_due ON gaps(org_id, person_id, kind, due);

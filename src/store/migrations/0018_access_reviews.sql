-- 0018: access reviews (behörighetsgenomgångar, issue 14 item 4).
--
-- access_reviews   a campaign per system: the reviewer (the system owner
--                  unless someone else is named), the due date, status
--                  (open; completed, set by Tillit with completed_on when
--                  every account has a decision) and notes
-- access_review_accounts  the accounts of a campaign as imported from the
--                  system (account, name, roles, last login) and the
--                  reviewer's decision on each (keep, remove, change) with
--                  a comment, who decided and when; an account name
--                  appears once per campaign
-- measures         access_review_id: a removal or change decided in a
--                  campaign becomes a measure for the system administrator
--                  (the rule that a measure names its source is
--                  model/risk.c measures_validate)
-- organisations    access_review_months: how often a system classified
--                  K >= 2 or R >= 2 is to be reviewed (default 12)

CREATE TABLE access_reviews (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	system_id INTEGER NOT NULL REFERENCES systems(id),
	reviewer_id INTEGER REFERENCES people(id),
	due_date TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'open',
	completed_on TEXT,
	notes TEXT,
	unit_id INTEGER REFERENCES units(id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX access_reviews_system ON access_reviews(system_id, status, completed_on);
CREATE INDEX access_reviews_reviewer ON access_reviews(reviewer_id, status, due_date);
CREATE INDEX access_reviews_due ON access_reviews(org_id, status, due_date);

CREATE TABLE access_review_accounts (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	review_id INTEGER NOT NULL REFERENCES access_reviews(id),
	account TEXT NOT NULL,
	name TEXT,
	roles TEXT,
	last_login TEXT,
	decision TEXT,
	comment TEXT,
	decided_by INTEGER REFERENCES people(id),
	decided_at TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX access_review_accounts_account ON access_review_accounts(review_id, account);
CREATE INDEX access_review_accounts_decision ON access_review_accounts(review_id, decision);
-- The list of every campaign's accounts, by account (its default order).
CREATE INDEX access_review_accounts_org ON access_review_accounts(org_id, account);

ALTER TABLE measures ADD COLUMN access_review_id INTEGER REFERENCES access_reviews(id);
CREATE INDEX measures_access_review ON measures(access_review_id);

ALTER TABLE organisations ADD COLUMN access_review_months INTEGER NOT NULL DEFAULT 12;

CREATE VIRTUAL TABLE access_reviews_fts USING fts5(search, content='access_reviews', content_rowid='id', tokenize='trigram');
INSERT INTO access_reviews_fts(access_reviews_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER access_reviews_fts_insert AFTER INSERT ON access_reviews BEGIN
	INSERT INTO access_reviews_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER access_reviews_fts_delete AFTER DELETE ON access_reviews BEGIN
	INSERT INTO access_reviews_fts(access_reviews_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER access_reviews_fts_update AFTER UPDATE OF search ON access_reviews BEGIN
	INSERT INTO access_reviews_fts(access_reviews_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO access_reviews_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE access_review_accounts_fts USING fts5(search, content='access_review_accounts', content_rowid='id', tokenize='trigram');
INSERT INTO access_review_accounts_fts(access_review_accounts_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER access_review_accounts_fts_insert AFTER INSERT ON access_review_accounts BEGIN
	INSERT INTO access_review_accounts_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER access_review_accounts_fts_delete AFTER DELETE ON access_review_accounts BEGIN
	INSERT INTO access_review_accounts_fts(access_review_accounts_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER access_review_accounts_fts_update AFTER UPDATE OF search ON access_review_accounts BEGIN
	INSERT INTO access_review_accounts_fts(access_review_accounts_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO access_review_accounts_fts(rowid, search) VALUES (new.id, new.search);
END;

-- 0006: participants of a risk analysis who have an account, and their
-- comments (issue 4: "the risk owner and the coordinator edit,
-- participants comment, revisor reads").
--
-- analysis_participants  the people named as participants of an analysis:
--                        they read it and comment on it
-- risk_comments          a comment on an analysis, or on one of its risks,
--                        by its author (set by Tillit); never edited

CREATE TABLE analysis_participants (
	from_id INTEGER NOT NULL REFERENCES risk_analyses(id),
	to_id INTEGER NOT NULL REFERENCES people(id),
	PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX analysis_participants_to ON analysis_participants(to_id);

CREATE TABLE risk_comments (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	analysis_id INTEGER NOT NULL REFERENCES risk_analyses(id),
	risk_id INTEGER REFERENCES risks(id),
	body TEXT NOT NULL,
	author_id INTEGER REFERENCES people(id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX risk_comments_analysis ON risk_comments(analysis_id, id);
CREATE INDEX risk_comments_risk ON risk_comments(risk_id);

CREATE VIRTUAL TABLE risk_comments_fts USING fts5(search, content='risk_comments', content_rowid='id', tokenize='trigram');
INSERT INTO risk_comments_fts(risk_comments_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER risk_comments_fts_insert AFTER INSERT ON risk_comments BEGIN
	INSERT INTO risk_comments_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER risk_comments_fts_delete AFTER DELETE ON risk_comments BEGIN
	INSERT INTO risk_comments_fts(risk_comments_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER risk_comments_fts_update AFTER UPDATE OF search ON risk_comments BEGIN
	INSERT INTO risk_comments_fts(risk_comments_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO risk_comments_fts(rowid, search) VALUES (new.id, new.search);
END;

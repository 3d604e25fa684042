-- 0005: what makes a risk analysis due now (issue 4, cadence).
--
-- risk_triggers    an event after which a system or information asset must
--                  be analysed again, whatever its cadence says: a system
--                  change marked significant, a serious incident linked to
--                  it (the incident area records these through the same
--                  entity), or another reason; with its date, what
--                  happened and a case or incident reference

CREATE TABLE risk_triggers (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	system_id INTEGER REFERENCES systems(id),
	asset_id INTEGER REFERENCES information_assets(id),
	kind TEXT NOT NULL DEFAULT 'significant_change',
	occurred_on TEXT NOT NULL,
	title TEXT NOT NULL,
	description TEXT,
	reference TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX risk_triggers_org ON risk_triggers(org_id, occurred_on);
CREATE INDEX risk_triggers_system ON risk_triggers(system_id);
CREATE INDEX risk_triggers_asset ON risk_triggers(asset_id);

CREATE VIRTUAL TABLE risk_triggers_fts USING fts5(search, content='risk_triggers', content_rowid='id', tokenize='trigram');
INSERT INTO risk_triggers_fts(risk_triggers_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER risk_triggers_fts_insert AFTER INSERT ON risk_triggers BEGIN
	INSERT INTO risk_triggers_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER risk_triggers_fts_delete AFTER DELETE ON risk_triggers BEGIN
	INSERT INTO risk_triggers_fts(risk_triggers_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER risk_triggers_fts_update AFTER UPDATE OF search ON risk_triggers BEGIN
	INSERT INTO risk_triggers_fts(risk_triggers_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO risk_triggers_fts(rowid, search) VALUES (new.id, new.search);
END;

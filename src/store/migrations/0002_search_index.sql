-- 0002: a trigram full-text index over every record table's search column.
--
-- The search column already holds the case- and diacritics-folded text of a
-- record's searchable fields. A substring search over it reads every row;
-- with an FTS5 trigram index a search word of three characters or more
-- finds its rows through the index instead (store_list), and Swedish
-- compounds still match inside words ("sakerhet" in
-- "informationssakerhetsplattform"). The index is an external-content table
-- kept in step by triggers, so every writer keeps it right. Segments are
-- merged eagerly (automerge 2: records are read far more than written, and
-- each segment is one more place a search must look); store_optimize()
-- merges them into one after an import and on 'tillit init'.

CREATE VIRTUAL TABLE organisations_fts USING fts5(search, content='organisations', content_rowid='id', tokenize='trigram');
INSERT INTO organisations_fts(organisations_fts) VALUES ('rebuild');
INSERT INTO organisations_fts(organisations_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER organisations_fts_insert AFTER INSERT ON organisations BEGIN
	INSERT INTO organisations_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER organisations_fts_delete AFTER DELETE ON organisations BEGIN
	INSERT INTO organisations_fts(organisations_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER organisations_fts_update AFTER UPDATE OF search ON organisations BEGIN
	INSERT INTO organisations_fts(organisations_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO organisations_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE units_fts USING fts5(search, content='units', content_rowid='id', tokenize='trigram');
INSERT INTO units_fts(units_fts) VALUES ('rebuild');
INSERT INTO units_fts(units_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER units_fts_insert AFTER INSERT ON units BEGIN
	INSERT INTO units_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER units_fts_delete AFTER DELETE ON units BEGIN
	INSERT INTO units_fts(units_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER units_fts_update AFTER UPDATE OF search ON units BEGIN
	INSERT INTO units_fts(units_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO units_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE people_fts USING fts5(search, content='people', content_rowid='id', tokenize='trigram');
INSERT INTO people_fts(people_fts) VALUES ('rebuild');
INSERT INTO people_fts(people_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER people_fts_insert AFTER INSERT ON people BEGIN
	INSERT INTO people_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER people_fts_delete AFTER DELETE ON people BEGIN
	INSERT INTO people_fts(people_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER people_fts_update AFTER UPDATE OF search ON people BEGIN
	INSERT INTO people_fts(people_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO people_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE role_assignments_fts USING fts5(search, content='role_assignments', content_rowid='id', tokenize='trigram');
INSERT INTO role_assignments_fts(role_assignments_fts) VALUES ('rebuild');
INSERT INTO role_assignments_fts(role_assignments_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER role_assignments_fts_insert AFTER INSERT ON role_assignments BEGIN
	INSERT INTO role_assignments_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER role_assignments_fts_delete AFTER DELETE ON role_assignments BEGIN
	INSERT INTO role_assignments_fts(role_assignments_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER role_assignments_fts_update AFTER UPDATE OF search ON role_assignments BEGIN
	INSERT INTO role_assignments_fts(role_assignments_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO role_assignments_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE processes_fts USING fts5(search, content='processes', content_rowid='id', tokenize='trigram');
INSERT INTO processes_fts(processes_fts) VALUES ('rebuild');
INSERT INTO processes_fts(processes_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER processes_fts_insert AFTER INSERT ON processes BEGIN
	INSERT INTO processes_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER processes_fts_delete AFTER DELETE ON processes BEGIN
	INSERT INTO processes_fts(processes_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER processes_fts_update AFTER UPDATE OF search ON processes BEGIN
	INSERT INTO processes_fts(processes_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO processes_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE information_assets_fts USING fts5(search, content='information_assets', content_rowid='id', tokenize='trigram');
INSERT INTO information_assets_fts(information_assets_fts) VALUES ('rebuild');
INSERT INTO information_assets_fts(information_assets_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER information_assets_fts_insert AFTER INSERT ON information_assets BEGIN
	INSERT INTO information_assets_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER information_assets_fts_delete AFTER DELETE ON information_assets BEGIN
	INSERT INTO information_assets_fts(information_assets_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER information_assets_fts_update AFTER UPDATE OF search ON information_assets BEGIN
	INSERT INTO information_assets_fts(information_assets_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO information_assets_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE suppliers_fts USING fts5(search, content='suppliers', content_rowid='id', tokenize='trigram');
INSERT INTO suppliers_fts(suppliers_fts) VALUES ('rebuild');
INSERT INTO suppliers_fts(suppliers_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER suppliers_fts_insert AFTER INSERT ON suppliers BEGIN
	INSERT INTO suppliers_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER suppliers_fts_delete AFTER DELETE ON suppliers BEGIN
	INSERT INTO suppliers_fts(suppliers_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER suppliers_fts_update AFTER UPDATE OF search ON suppliers BEGIN
	INSERT INTO suppliers_fts(suppliers_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO suppliers_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE systems_fts USING fts5(search, content='systems', content_rowid='id', tokenize='trigram');
INSERT INTO systems_fts(systems_fts) VALUES ('rebuild');
INSERT INTO systems_fts(systems_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER systems_fts_insert AFTER INSERT ON systems BEGIN
	INSERT INTO systems_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER systems_fts_delete AFTER DELETE ON systems BEGIN
	INSERT INTO systems_fts(systems_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER systems_fts_update AFTER UPDATE OF search ON systems BEGIN
	INSERT INTO systems_fts(systems_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO systems_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE agreements_fts USING fts5(search, content='agreements', content_rowid='id', tokenize='trigram');
INSERT INTO agreements_fts(agreements_fts) VALUES ('rebuild');
INSERT INTO agreements_fts(agreements_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER agreements_fts_insert AFTER INSERT ON agreements BEGIN
	INSERT INTO agreements_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER agreements_fts_delete AFTER DELETE ON agreements BEGIN
	INSERT INTO agreements_fts(agreements_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER agreements_fts_update AFTER UPDATE OF search ON agreements BEGIN
	INSERT INTO agreements_fts(agreements_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO agreements_fts(rowid, search) VALUES (new.id, new.search);
END;

CREATE VIRTUAL TABLE users_fts USING fts5(search, content='users', content_rowid='id', tokenize='trigram');
INSERT INTO users_fts(users_fts) VALUES ('rebuild');
INSERT INTO users_fts(users_fts, rank) VALUES ('automerge', 2);
CREATE TRIGGER users_fts_insert AFTER INSERT ON users BEGIN
	INSERT INTO users_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER users_fts_delete AFTER DELETE ON users BEGIN
	INSERT INTO users_fts(users_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER users_fts_update AFTER UPDATE OF search ON users BEGIN
	INSERT INTO users_fts(users_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO users_fts(rowid, search) VALUES (new.id, new.search);
END;

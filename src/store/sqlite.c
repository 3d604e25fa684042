/*
 * sqlite.c: the SQLite connection — opening, the statement cache,
 * transactions, migrations and backup. Records, the audit trail and
 * accounts are in sqlite_records.c, sqlite_audit.c and sqlite_accounts.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/embed.h"
#include "util/text.h"
#include "util/xalloc.h"

/* ---- helpers shared by the store's files ------------------------------ */

int sq_code(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return STORE_OK;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return STORE_BUSY;
	case SQLITE_CONSTRAINT:
		return STORE_CONFLICT;
	default:
		return STORE_ERROR;
	}
}

int sq_fail(struct store *st, const char *what)
{
	int rc = sqlite3_extended_errcode(st->db);
	snprintf(st->err, sizeof st->err, "%s: %s", what, sqlite3_errmsg(st->db));
	int code = sq_code(rc);
	return code == STORE_OK ? STORE_ERROR : code;
}

static unsigned sql_hash(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/*
 * The cache holds up to STMT_CACHE_SIZE statements and gives the least
 * recently used one up for a new one. A statement a caller is still
 * stepping (an outer row walk whose callback prepares others) is never
 * chosen: finalising it would leave the caller stepping freed memory. Nor
 * is it handed out again to a nested caller with the same SQL, which would
 * reset it under the outer one; that caller gets a copy of its own. When
 * every cached statement is running the cache grows past its size; the
 * excess goes as soon as those statements finish and new ones are
 * prepared, and store_close() finalises whatever is left, so nothing leaks.
 */
static void stmt_evict_one(struct store *st)
{
	size_t victim = st->ncached;
	for (size_t i = 0; i < st->ncached; i++)
		if (!sqlite3_stmt_busy(st->cache[i].stmt) &&
		    (victim == st->ncached || st->cache[i].used < st->cache[victim].used))
			victim = i;
	if (victim == st->ncached)
		return;
	sqlite3_finalize(st->cache[victim].stmt);
	free(st->cache[victim].sql);
	st->cache[victim] = st->cache[--st->ncached];
}

sqlite3_stmt *sq_prepare(struct store *st, const char *sql)
{
	unsigned h = sql_hash(sql);
	for (size_t i = 0; i < st->ncached; i++) {
		struct cached_stmt *c = &st->cache[i];
		if (c->hash == h && strcmp(c->sql, sql) == 0 && !sqlite3_stmt_busy(c->stmt)) {
			c->used = ++st->stmt_clock;
			sqlite3_reset(c->stmt);
			sqlite3_clear_bindings(c->stmt);
			return c->stmt;
		}
	}
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
		sq_fail(st, "prepare");
		return NULL;
	}
	/* One out per one in keeps the cache at its size once full; past it
	 * (everything was running), each new statement also takes one of the
	 * excess out. */
	for (int k = 0; k < 2 && st->ncached >= STMT_CACHE_SIZE; k++)
		stmt_evict_one(st);
	if (st->ncached == st->capcached) {
		st->capcached = st->capcached ? 2 * st->capcached : STMT_CACHE_SIZE;
		st->cache = xreallocarray(st->cache, st->capcached, sizeof *st->cache);
	}
	struct cached_stmt *c = &st->cache[st->ncached++];
	c->sql = xstrdup(sql);
	c->hash = h;
	c->stmt = s;
	c->used = ++st->stmt_clock;
	return s;
}

int sq_exec_stmt(struct store *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);
	int code = rc == SQLITE_DONE || rc == SQLITE_ROW ? STORE_OK : sq_fail(st, what);
	sqlite3_reset(s);
	return code;
}

int sq_exec(struct store *st, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(st->err, sizeof st->err, "%s", msg ? msg : "error");
		sqlite3_free(msg);
		return sq_code(sqlite3_extended_errcode(st->db)) ?: STORE_ERROR;
	}
	return STORE_OK;
}

void sq_bind_text(sqlite3_stmt *s, int i, const char *str)
{
	if (str)
		sqlite3_bind_text(s, i, str, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

const char *sq_col_text(struct arena *a, sqlite3_stmt *s, int i)
{
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return NULL;
	const unsigned char *t = sqlite3_column_text(s, i);
	return arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(s, i));
}

/* ---- SQL functions and collation ------------------------------------- */

static int collate_sv(void *ctx, int alen, const void *a, int blen, const void *b)
{
	(void)ctx;
	return text_collate_sv(a, (size_t)alen, b, (size_t)blen);
}

/* fold(text): the search form of text (see text_fold). */
static void fn_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	int n = sqlite3_value_bytes(argv[0]);
	struct buf b = BUF_INIT;
	text_fold(&b, s, (size_t)n);
	sqlite3_result_text(ctx, buf_str(&b), (int)b.len, SQLITE_TRANSIENT);
	buf_free(&b);
}

/* contains(text, part): 1 when part occurs in text, as instr(text, part) > 0.
 * A search tests every row of a list, and instr() tries a memcmp() at each
 * position of the text; memmem() is several times faster. */
static void fn_contains(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	const char *text = (const char *)sqlite3_value_text(argv[0]);
	size_t len = (size_t)sqlite3_value_bytes(argv[0]);
	const char *part = (const char *)sqlite3_value_text(argv[1]);
	size_t plen = (size_t)sqlite3_value_bytes(argv[1]);
	sqlite3_result_int(ctx, text && part && memmem(text, len, part, plen) != NULL);
}

/* TILLIT_SQL_TRACE=1 in the environment prints every statement with the
 * time it took to stderr: for finding what a slow page spends its time on. */
static int trace_profile(unsigned type, void *ctx, void *p, void *x)
{
	(void)ctx;
	if (type == SQLITE_TRACE_PROFILE) {
		char *sql = sqlite3_expanded_sql((sqlite3_stmt *)p);
		fprintf(stderr, "sql %8.3f ms  %s\n", (double)*(sqlite3_int64 *)x / 1e6, sql ? sql : "?");
		sqlite3_free(sql);
	}
	return 0;
}

/* SQLite's heap in all, for every connection of the process (bytes). */
#define STORE_HEAP_LIMIT (24LL << 20)

/* ---- opening ---------------------------------------------------------- */

int store_open(const char *path, int create, struct store **out, char *err, size_t errlen)
{
	/* All of SQLite's memory in the process, every connection's page
	 * cache and sorts together: past this, caches give pages back and
	 * sorts go to temporary files (temp_store=FILE below) rather than
	 * grow. Process-wide; setting it again changes nothing. */
	sqlite3_soft_heap_limit64(STORE_HEAP_LIMIT);
	struct store *st = xcalloc(1, sizeof *st);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
	int rc = sqlite3_open_v2(path, &st->db, flags, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s: %s", path,
			 st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		sqlite3_close(st->db);
		free(st);
		return STORE_ERROR;
	}
	st->path = xstrdup(path);
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 10000);
	if (getenv("TILLIT_SQL_TRACE"))
		sqlite3_trace_v2(st->db, SQLITE_TRACE_PROFILE, trace_profile, NULL);
	sqlite3_create_collation(st->db, "sv", SQLITE_UTF8, NULL, collate_sv);
	sqlite3_create_function(st->db, "fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
				NULL, fn_fold, NULL, NULL);
	sqlite3_create_function(st->db, "contains", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
				NULL, fn_contains, NULL, NULL);
	/* WAL lets the server read while a backup or import writes; NORMAL
	 * synchronous is durable across application crashes in WAL mode. */
	const char *pragmas = "PRAGMA journal_mode=WAL;"
			      "PRAGMA synchronous=NORMAL;"
			      "PRAGMA foreign_keys=ON;"
			      "PRAGMA temp_store=FILE;"
			      "PRAGMA cache_size=-2000;";
	if (sq_exec(st, pragmas) != STORE_OK) {
		snprintf(err, errlen, "cannot use %s: %s", path, st->err);
		store_close(st);
		return STORE_ERROR;
	}
	/* A file that is not a database fails here rather than later. */
	if (sq_exec(st, "SELECT count(*) FROM sqlite_schema") != STORE_OK) {
		snprintf(err, errlen, "%s is not a Tillit database: %s", path, st->err);
		store_close(st);
		return STORE_ERROR;
	}
	*out = st;
	return STORE_OK;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->ncached; i++) {
		sqlite3_finalize(st->cache[i].stmt);
		free(st->cache[i].sql);
	}
	free(st->cache);
	for (int i = 0; i < st->counts.n; i++)
		free(st->counts.items[i].key);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

const char *store_errmsg(struct store *st)
{
	return st->err;
}

const char *store_path(struct store *st)
{
	return st->path;
}

/* ---- transactions ----------------------------------------------------- */

int store_begin(struct store *st)
{
	sqlite3_stmt *s = sq_prepare(st, "BEGIN IMMEDIATE");
	return s ? sq_exec_stmt(st, s, "begin") : STORE_ERROR;
}

int store_commit(struct store *st)
{
	sqlite3_stmt *s = sq_prepare(st, "COMMIT");
	return s ? sq_exec_stmt(st, s, "commit") : STORE_ERROR;
}

void store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db)) {
		sqlite3_stmt *s = sq_prepare(st, "ROLLBACK");
		if (s)
			sq_exec_stmt(st, s, "rollback");
	}
}

int store_begin_read(struct store *st)
{
	sqlite3_stmt *s = sq_prepare(st, "BEGIN");
	return s ? sq_exec_stmt(st, s, "begin") : STORE_ERROR;
}

void store_end_read(struct store *st)
{
	store_rollback(st);
}

/* ---- migrations ------------------------------------------------------- */

#define MIGRATION_PREFIX "src/store/migrations/"

static int migration_number(const char *path)
{
	const char *name = path + strlen(MIGRATION_PREFIX);
	return atoi(name);
}

static int cmp_paths(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int store_schema_version(struct store *st)
{
	sqlite3_stmt *s = NULL;
	int v = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT max(version) FROM schema_migrations", -1, &s, NULL) ==
		    SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

int store_migrate(struct store *st, int *applied, char *err, size_t errlen)
{
	*applied = 0;
	if (sq_exec(st, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			"version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)") !=
	    STORE_OK) {
		snprintf(err, errlen, "%s", st->err);
		return STORE_ERROR;
	}
	const char *paths[256];
	size_t n = 0;
	for (const struct embedded_file *f = embedded_files; f->path; f++)
		if (strncmp(f->path, MIGRATION_PREFIX, strlen(MIGRATION_PREFIX)) == 0 && n < 256)
			paths[n++] = f->path;
	qsort(paths, n, sizeof *paths, cmp_paths);

	int current = store_schema_version(st);
	for (size_t i = 0; i < n; i++) {
		int num = migration_number(paths[i]);
		if (num <= current)
			continue;
		const struct embedded_file *f = embed_find(paths[i]);
		char now[CLOCK_ISO_LEN];
		clock_now_iso(now);
		if (sq_exec(st, "BEGIN IMMEDIATE") != STORE_OK || sq_exec(st, f->data) != STORE_OK) {
			snprintf(err, errlen, "migration %s failed: %s", paths[i], st->err);
			sq_exec(st, "ROLLBACK");
			return STORE_ERROR;
		}
		sqlite3_stmt *s = NULL;
		sqlite3_prepare_v2(st->db, "INSERT INTO schema_migrations VALUES (?, ?, ?)", -1, &s, NULL);
		sqlite3_bind_int(s, 1, num);
		sqlite3_bind_text(s, 2, paths[i] + strlen(MIGRATION_PREFIX), -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, now, -1, SQLITE_STATIC);
		int rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE || sq_exec(st, "COMMIT") != STORE_OK) {
			snprintf(err, errlen, "migration %s failed: %s", paths[i], sqlite3_errmsg(st->db));
			sq_exec(st, "ROLLBACK");
			return STORE_ERROR;
		}
		(*applied)++;
	}
	return STORE_OK;
}

/* ---- organisation ----------------------------------------------------- */

long long store_default_org(struct store *st)
{
	sqlite3_stmt *s = sq_prepare(st, "SELECT id FROM organisations ORDER BY id LIMIT 1");
	long long id = 0;
	if (s && sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	if (s)
		sqlite3_reset(s);
	return id;
}

int store_org_create(struct store *st, const char *name, const char *kind, long long *id)
{
	char now[CLOCK_ISO_LEN];
	clock_now_iso(now);
	struct buf folded = BUF_INIT;
	text_fold(&folded, name, strlen(name));
	sqlite3_stmt *s = sq_prepare(st, "INSERT INTO organisations (name, kind, created_at, updated_at, search)"
					 " VALUES (?, ?, ?, ?, ?)");
	if (!s) {
		buf_free(&folded);
		return STORE_ERROR;
	}
	sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 5, buf_str(&folded), -1, SQLITE_TRANSIENT);
	buf_free(&folded);
	int rc = sq_exec_stmt(st, s, "create organisation");
	if (rc)
		return rc;
	*id = sqlite3_last_insert_rowid(st->db);
	s = sq_prepare(st, "UPDATE organisations SET org_id = id WHERE id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, *id);
	return sq_exec_stmt(st, s, "create organisation");
}

/* ---- maintenance ------------------------------------------------------ */

/*
 * Statistics of a table with few rows mislead: ANALYZE of a database fresh
 * from init records two rows of gaps, and the planner then scans that
 * table rather than use its index — for every write, as the table grows to
 * hundreds of thousands of rows before the next ANALYZE (an import of
 * 10,000 systems took 17 s, growing with the square of its size). Without
 * statistics the planner assumes a large table and uses the indexes, which
 * is right for a table that is small now and cheap either way.
 */
#define STATS_MIN_ROWS 1000

static int forget_small_stats(struct store *st)
{
	sqlite3_stmt *s = sq_prepare(st, "SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'");
	if (!s)
		return STORE_ERROR;
	int have = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	if (!have)
		return STORE_OK;
	char sql[160];
	snprintf(sql, sizeof sql,
		 "DELETE FROM sqlite_stat1 WHERE CAST(stat AS INTEGER) < %d; ANALYZE sqlite_schema;",
		 STATS_MIN_ROWS);
	return sq_exec(st, sql);
}

int store_optimize(struct store *st)
{
	int rc = store_tidy_search(st);
	if (!rc)
		rc = sq_exec(st, "PRAGMA optimize;");
	return rc ? rc : forget_small_stats(st);
}

int store_tidy_search(struct store *st)
{
	struct buf sql = BUF_INIT;
	for (size_t i = 0; entity_all[i]; i++)
		buf_printf(&sql, "INSERT INTO %s_fts(%s_fts) VALUES ('optimize');", entity_all[i]->table,
			   entity_all[i]->table);
	int rc = sq_exec(st, buf_str(&sql));
	buf_free(&sql);
	return rc;
}

int store_analyze(struct store *st)
{
	/* analysis_limit keeps it to milliseconds on a large database: the
	 * planner needs the tables' sizes and index selectivity, not exact
	 * counts. */
	int rc = sq_exec(st, "PRAGMA analysis_limit = 1000; ANALYZE; PRAGMA analysis_limit = 0;");
	return rc ? rc : forget_small_stats(st);
}

/* ---- backup ----------------------------------------------------------- */

int store_backup(struct store *st, const char *dest, char *err, size_t errlen)
{
	sqlite3 *to = NULL;
	int rc = sqlite3_open_v2(dest, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot create %s: %s", dest, to ? sqlite3_errmsg(to) : sqlite3_errstr(rc));
		sqlite3_close(to);
		return STORE_ERROR;
	}
	/* Copy everything in one step: a step-wise copy restarts whenever
	 * another connection writes, and may never finish under load. One step
	 * holds a read snapshot, so writers carry on (WAL) and the copy is
	 * consistent. */
	sqlite3_backup *b = sqlite3_backup_init(to, "main", st->db, "main");
	if (!b) {
		snprintf(err, errlen, "cannot back up: %s", sqlite3_errmsg(to));
		sqlite3_close(to);
		return STORE_ERROR;
	}
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "backup failed: %s", sqlite3_errstr(rc));
		sqlite3_close(to);
		return STORE_ERROR;
	}
	/* A backup is one self-contained file: no WAL beside it. */
	sqlite3_exec(to, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	if (sqlite3_close(to) != SQLITE_OK) {
		snprintf(err, errlen, "cannot finish %s", dest);
		return STORE_ERROR;
	}
	return STORE_OK;
}

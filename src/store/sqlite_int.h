/*
 * sqlite_int.h: what the SQLite store's files share. Not for callers.
 */
#ifndef TILLIT_SQLITE_INT_H
#define TILLIT_SQLITE_INT_H

#include <sqlite3.h>

#include "store/store.h"

/* Statements kept prepared per connection (see sq_prepare): more only
 * while that many are running at once. */
#define STMT_CACHE_SIZE 256

struct cached_stmt {
	char *sql;
	unsigned hash;
	sqlite3_stmt *stmt;
	unsigned long long used; /* st->stmt_clock when last handed out */
};

#define COUNT_CACHE_SIZE 32

/* Record counts per entity and organisation, kept under the generation of
 * the table counted (see store_count in sqlite_records.c). */
struct count_cache {
	int n, next;             /* entries used; the next to replace when full */
	struct {
		char *key;       /* the count's SQL and its parameters */
		long long count;
	} items[COUNT_CACHE_SIZE];
};

struct store {
	sqlite3 *db;
	char *path;
	char err[512];
	struct cached_stmt *cache; /* ncached of capcached (see sq_prepare) */
	size_t ncached, capcached;
	unsigned long long stmt_clock;
	struct count_cache counts;
};

/* A prepared statement for sql, from the connection's cache, reset and
 * with its bindings cleared. NULL on error (message in st->err).
 *
 * The statement stays valid until it is reset or stepped to its end and
 * then STMT_CACHE_SIZE - 1 other statements are prepared: a statement that
 * is running (sqlite3_stmt_busy) is never finalised, nor handed out a
 * second time, so a caller may prepare anything while it steps one (a
 * row callback reading other tables). Step it soon after preparing: one
 * never stepped counts as not running. Callers never finalise; the
 * connection does, in store_close at the latest. */
sqlite3_stmt *sq_prepare(struct store *st, const char *sql);
/* Record the connection's current error with a prefix; returns the
 * matching STORE_ code. */
int sq_fail(struct store *st, const char *what);
/* Map an SQLite result code to a STORE_ code. */
int sq_code(int rc);
/* Step a statement that returns no rows; STORE_OK or an error code. */
int sq_exec_stmt(struct store *st, sqlite3_stmt *s, const char *what);
/* Run literal SQL (no parameters). */
int sq_exec(struct store *st, const char *sql);
/* Bind text, or NULL when s is NULL. */
void sq_bind_text(sqlite3_stmt *s, int i, const char *str);
/* The rules of which classification counts, as sub-selects giving an id
 * (`asset` and `system` are SQL expressions, e.g. "i.id" or "?"): an
 * asset's current classification is its latest decided one, and a system's
 * decision the latest one made (see core/classify.h). */
/* A requirement's trigger as systems see it: its aspect when it applies to
 * each system, NULL (applies to none) when it applies to the organisation
 * as a whole (requirements.scope). */
#define REQ_SYSTEM_ASPECT "CASE WHEN scope = 'system' THEN aspect END"
#define REQ_SYSTEM_ASPECT_Q "CASE WHEN q.scope = 'system' THEN q.aspect END"

#define SQL_CURRENT_CLASSIFICATION(asset)                                             \
	"(SELECT id FROM classifications WHERE asset_id = " asset " AND status = 'decided'" \
	" ORDER BY decided_on DESC, id DESC LIMIT 1)"
#define SQL_LATEST_SYSTEM_DECISION(system)                                            \
	"(SELECT id FROM system_classifications WHERE system_id = " system                \
	" ORDER BY decided_on DESC, id DESC LIMIT 1)"

/* Four columns from col on as classification levels (NULL: LEVEL_UNSET). */
struct levels;
void sq_col_levels(sqlite3_stmt *s, int col, struct levels *lv);
/* Column text as an arena copy, NULL when NULL. */
const char *sq_col_text(struct arena *a, sqlite3_stmt *s, int i);

#endif

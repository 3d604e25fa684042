/*
 * sqlite_audit.c: the hash-chained audit trail.
 *
 * Entry n's hash is SHA-256 over its own content and entry n-1's hash
 * (length-prefixed fields, see entry_hash), so any change to a stored entry,
 * a removed entry or one slipped in breaks the chain. Verification first
 * checks that each column holds exactly what the hash covers (its storage
 * class, and text without a NUL inside: see column_exact). audit_head remembers
 * the last entry, so removing entries from the end is detected as well.
 * Someone who can write the file can still rewrite the whole chain and the
 * head; docs/internals/audit.md says how to anchor the head outside.
 */
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/buf.h"
#include "util/check.h"
#include "util/clock.h"

struct entry {
	long long id, org_id, user_id, record_id;
	int has_user, has_record;
	const char *at, *username, *via, *entity, *action, *changes, *prev_hash;
};

static void put_field(struct buf *b, const char *s)
{
	buf_printf(b, "%zu:", strlen(s));
	buf_puts(b, s);
	buf_putc(b, '\n');
}

static void put_int(struct buf *b, long long v, int present)
{
	char tmp[32];
	if (present)
		snprintf(tmp, sizeof tmp, "%lld", v);
	else
		tmp[0] = 0;
	put_field(b, tmp);
}

/* hex SHA-256 of the entry's canonical form into out[65]. */
static void entry_hash(const struct entry *e, char out[65])
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "tillit-audit-1\n");
	put_int(&b, e->id, 1);
	put_field(&b, e->at);
	put_int(&b, e->org_id, 1);
	put_int(&b, e->user_id, e->has_user);
	put_field(&b, e->username);
	put_field(&b, e->via);
	put_field(&b, e->entity);
	put_int(&b, e->record_id, e->has_record);
	put_field(&b, e->action);
	put_field(&b, e->changes);
	put_field(&b, e->prev_hash);
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)buf_str(&b), b.len);
	buf_free(&b);
	sodium_bin2hex(out, 65, h, sizeof h);
}

int store_audit_append(struct store *st, long long org, const struct audit_actor *who,
		       const char *entity, long long record_id, const char *action,
		       const struct jval *changes)
{
	int own_tx = sqlite3_get_autocommit(st->db);
	if (own_tx && store_begin(st))
		return STORE_ERROR;
	int rc = STORE_ERROR;
	struct buf json = BUF_INIT;
	sqlite3_stmt *s = sq_prepare(st, "SELECT h.last_id, h.last_hash, a.at FROM audit_head h"
					 " LEFT JOIN audit a ON a.id = h.last_id");
	if (!s)
		goto out;
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = sq_fail(st, "audit head");
		sqlite3_reset(s);
		goto out;
	}
	long long last_id = sqlite3_column_int64(s, 0);
	char prev_hash[65], prev_at[CLOCK_ISO_LEN] = "";
	snprintf(prev_hash, sizeof prev_hash, "%s", (const char *)sqlite3_column_text(s, 1));
	if (sqlite3_column_type(s, 2) != SQLITE_NULL)
		snprintf(prev_at, sizeof prev_at, "%s", (const char *)sqlite3_column_text(s, 2));
	sqlite3_reset(s);

	char now[CLOCK_ISO_LEN];
	clock_now_iso(now);
	/* Keep the trail in time order even if the clock is set back. */
	if (strcmp(now, prev_at) < 0)
		memcpy(now, prev_at, sizeof now);
	json_write(&json, changes, 0);

	struct entry e = {
		.id = last_id + 1, .org_id = org, .user_id = who->user_id,
		.has_user = who->user_id != 0, .record_id = record_id,
		.has_record = record_id != 0, .at = now, .username = who->username,
		.via = who->via, .entity = entity, .action = action,
		.changes = buf_str(&json), .prev_hash = prev_hash,
	};
	char hash[65];
	entry_hash(&e, hash);

	s = sq_prepare(st, "INSERT INTO audit (id, org_id, at, user_id, username, via, entity,"
			   " record_id, action, changes, prev_hash, hash)"
			   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!s)
		goto out;
	sqlite3_bind_int64(s, 1, e.id);
	sqlite3_bind_int64(s, 2, org);
	sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT);
	if (e.has_user)
		sqlite3_bind_int64(s, 4, e.user_id);
	sqlite3_bind_text(s, 5, e.username, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 6, e.via, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 7, entity, -1, SQLITE_TRANSIENT);
	if (e.has_record)
		sqlite3_bind_int64(s, 8, record_id);
	sqlite3_bind_text(s, 9, action, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 10, e.changes, (int)json.len, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 11, prev_hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 12, hash, -1, SQLITE_TRANSIENT);
	rc = sq_exec_stmt(st, s, "audit");
	if (rc)
		goto out;
	s = sq_prepare(st, "UPDATE audit_head SET last_id = ?, last_hash = ?");
	if (!s) {
		rc = STORE_ERROR;
		goto out;
	}
	sqlite3_bind_int64(s, 1, e.id);
	sqlite3_bind_text(s, 2, hash, -1, SQLITE_TRANSIENT);
	rc = sq_exec_stmt(st, s, "audit head");
out:
	buf_free(&json);
	if (own_tx) {
		if (rc == STORE_OK)
			rc = store_commit(st);
		if (rc != STORE_OK)
			store_rollback(st);
	}
	return rc;
}

/* Entries of one record (entity, record_id), or of the organisation
 * limited to the entities named in only (NULL: every entry). */
/* Binds the filter's values from parameter number n on, in the order
 * audit_where writes them: entity, login, then the range of ids. */
static void bind_filter(sqlite3_stmt *s, int n, const struct audit_filter *f, const long long *ids)
{
	const char *v[] = { f->entity, f->username };
	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		if (v[i])
			sqlite3_bind_text(s, n++, v[i], -1, SQLITE_TRANSIENT);
	if (ids) {
		sqlite3_bind_int64(s, n++, ids[0]);
		sqlite3_bind_int64(s, n++, ids[1]);
	}
}

/* The entries of days [from, to] (either may be NULL) as a range of ids,
 * ids[0]..ids[1], found on the index of "at": the trail is appended in
 * time order, so the list then walks the ids of that range newest first
 * instead of sorting every entry of the period. An empty range when no
 * entry falls in it. */
static int day_range(struct store *st, long long org, const struct audit_filter *f, long long ids[2])
{
	ids[0] = 0;
	ids[1] = LLONG_MAX;
	const char *sql[2] = {
		"SELECT id FROM audit WHERE org_id = ?1 AND at >= ?2 ORDER BY at, id LIMIT 1",
		"SELECT id FROM audit WHERE org_id = ?1 AND at < date(?2, '+1 day') ORDER BY at DESC, id DESC LIMIT 1",
	};
	const char *day[2] = { f->from, f->to };
	for (int i = 0; i < 2; i++) {
		if (!day[i])
			continue;
		sqlite3_stmt *s = sq_prepare(st, sql[i]);
		if (!s)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, org);
		sqlite3_bind_text(s, 2, day[i], -1, SQLITE_TRANSIENT);
		int rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			ids[i] = sqlite3_column_int64(s, 0);
		} else if (rc == SQLITE_DONE) {
			ids[0] = 1, ids[1] = 0; /* none */
		} else {
			sqlite3_reset(s);
			return sq_fail(st, "audit day range");
		}
		sqlite3_reset(s);
	}
	return STORE_OK;
}

/* The WHERE of audit_list into w; its parameters: ?1 org, ?2 ?3 entity and
 * record, ?4.. the kinds the reader may read, then the filter's (bind_filter).
 * For the list (list 1) no index may serve but the one that keeps the
 * entries in id order (a filter's: org, entity or login, then id; else the
 * ids themselves), so that it walks the newest first and stops at the page
 * instead of sorting every entry it matches; the count may use any. */
static void audit_where(struct buf *w, const char *entity, const char *const *only, const struct audit_filter *f,
			int range, int list, size_t *nonly, size_t *nf)
{
	const char *plus = list ? "+" : "";
	int keyed = entity || f->entity || f->username;
	if (entity)
		buf_printf(w, " WHERE org_id = ?1 AND entity = ?2 AND record_id = ?3");
	else
		buf_printf(w, " WHERE %sorg_id = ?1", keyed ? "" : plus);
	*nonly = 0;
	if (!entity && only) {
		buf_printf(w, " AND %sentity IN (''", plus);
		for (; only[*nonly]; (*nonly)++)
			buf_printf(w, ", ?%zu", *nonly + 4);
		buf_printf(w, ")");
	}
	/* The filter's values follow the list's, each numbered in turn;
	 * "at" is an ISO 8601 UTC timestamp, so a day compares as a prefix. */
	*nf = *nonly + 4;
	if (f->entity)
		buf_printf(w, " AND entity = ?%zu", (*nf)++);
	if (f->username)
		buf_printf(w, " AND username = ?%zu", (*nf)++);
	/* Days are the range of ids day_range found (the trail is appended
	 * in time order): the count and the list agree, and neither reads
	 * "at" from the table for every entry of a long period. */
	if (range) {
		buf_printf(w, " AND id BETWEEN ?%zu AND ?%zu", *nf, *nf + 1);
		*nf += 2;
	}
}

static int audit_list(struct store *st, struct arena *a, long long org, const char *entity, long long record_id,
		      const char *const *only, const struct audit_filter *f, long long page, long long limit,
		      struct jval **rows, long long *total)
{
	struct buf where = BUF_INIT, sql = BUF_INIT;
	static const struct audit_filter none = { 0 };
	if (!f)
		f = &none;
	long long ids[2];
	const long long *range = NULL;
	if (f->from || f->to) {
		if (day_range(st, org, f, ids) != STORE_OK)
			return STORE_ERROR;
		range = ids;
	}
	size_t nonly, nf;
	audit_where(&where, entity, only, f, range != NULL, 0, &nonly, &nf);
	buf_printf(&sql, "SELECT count(*) FROM audit%s", buf_str(&where));
	sqlite3_stmt *s = sq_prepare(st, buf_str(&sql));
	int rc = STORE_ERROR;
	if (!s)
		goto out;
	sqlite3_bind_int64(s, 1, org);
	if (entity) {
		sqlite3_bind_text(s, 2, entity, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 3, record_id);
	}
	for (size_t k = 0; k < nonly; k++)
		sqlite3_bind_text(s, (int)k + 4, only[k], -1, SQLITE_TRANSIENT);
	bind_filter(s, (int)nonly + 4, f, range);
	*total = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);

	buf_reset(&sql);
	buf_reset(&where);
	audit_where(&where, entity, only, f, range != NULL, 1, &nonly, &nf);
	buf_printf(&sql, "SELECT id, at, username, via, entity, record_id, action, changes FROM audit%s"
			 " ORDER BY id DESC LIMIT ?%zu OFFSET ?%zu", buf_str(&where), nf, nf + 1);
	s = sq_prepare(st, buf_str(&sql));
	if (!s)
		goto out;
	sqlite3_bind_int64(s, 1, org);
	if (entity) {
		sqlite3_bind_text(s, 2, entity, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 3, record_id);
	}
	for (size_t k = 0; k < nonly; k++)
		sqlite3_bind_text(s, (int)k + 4, only[k], -1, SQLITE_TRANSIENT);
	bind_filter(s, (int)nonly + 4, f, range);
	int i = (int)nf;
	if (page < 1)
		page = 1;
	sqlite3_bind_int64(s, i++, limit);
	sqlite3_bind_int64(s, i++, (page - 1) * limit);
	*rows = jv_arr(a);

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct jval *o = jv_push(*rows, jv_obj(a));
		jv_set(o, "id", jv_int(a, sqlite3_column_int64(s, 0)));
		jv_set(o, "at", jv_str(a, sq_col_text(a, s, 1)));
		jv_set(o, "username", jv_str(a, sq_col_text(a, s, 2)));
		jv_set(o, "via", jv_str(a, sq_col_text(a, s, 3)));
		jv_set(o, "entity", jv_str(a, sq_col_text(a, s, 4)));
		if (sqlite3_column_type(s, 5) == SQLITE_NULL)
			jv_set(o, "record_id", jv_null(a));
		else
			jv_set(o, "record_id", jv_int(a, sqlite3_column_int64(s, 5)));
		jv_set(o, "action", jv_str(a, sq_col_text(a, s, 6)));
		const char *ch = (const char *)sqlite3_column_text(s, 7);
		struct json_error jerr;
		struct jval *parsed = json_parse(a, ch, (size_t)sqlite3_column_bytes(s, 7), &jerr);
		jv_set(o, "changes", parsed ? parsed : jv_obj(a));
	}
	sqlite3_reset(s);
	rc = rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "audit list");
out:
	buf_free(&where);
	buf_free(&sql);
	return rc;
}

int store_audit_list(struct store *st, struct arena *a, long long org, const char *entity,
		     long long record_id, long long page, long long limit, struct jval **rows,
		     long long *total)
{
	return audit_list(st, a, org, entity, record_id, NULL, NULL, page, limit, rows, total);
}

int store_audit_list_of(struct store *st, struct arena *a, long long org, const char *const *entities,
			const struct audit_filter *f, long long page, long long limit,
			struct jval **rows, long long *total)
{
	return audit_list(st, a, org, NULL, 0, entities, f, page, limit, rows, total);
}

static void problem(struct audit_problem *p, long long id, const char *kind, const char *detail)
{
	p->id = id;
	p->kind = kind;
	snprintf(p->detail, sizeof p->detail, "%s", detail);
}

/* What the columns of the verify query (audit's, in table order) must
 * hold, as SQLite's storage class. */
static const struct {
	const char *name;
	int type;
	int nullable;
} audit_columns[] = {
	{ "id", SQLITE_INTEGER, 0 },     { "org_id", SQLITE_INTEGER, 0 },   { "at", SQLITE_TEXT, 0 },
	{ "user_id", SQLITE_INTEGER, 1 }, { "username", SQLITE_TEXT, 0 },   { "via", SQLITE_TEXT, 0 },
	{ "entity", SQLITE_TEXT, 0 },    { "record_id", SQLITE_INTEGER, 1 }, { "action", SQLITE_TEXT, 0 },
	{ "changes", SQLITE_TEXT, 0 },   { "prev_hash", SQLITE_TEXT, 0 },   { "hash", SQLITE_TEXT, 0 },
};

static const char *type_name(int type)
{
	switch (type) {
	case SQLITE_INTEGER: return "an integer";
	case SQLITE_FLOAT: return "a real number";
	case SQLITE_TEXT: return "text";
	case SQLITE_BLOB: return "a blob";
	default: return "NULL";
	}
}

/*
 * 1 when column i of s holds exactly what the hash covers, else 0 with why
 * in msg. The hash reads integers as integers and text up to its first NUL,
 * and so does everything that shows or searches the trail; but an INTEGER
 * column keeps '5x', 5.5 or a blob as they are (and reads each back as 5),
 * and text may carry a NUL and more after it. Such an entry would hash as
 * intact while lists that compare the stored value (a record's history,
 * the organisation's trail) pass over it or show it blank. Call before
 * anything converts the column.
 */
static int column_exact(sqlite3_stmt *s, int i, const char *name, int type, int nullable,
			char *msg, size_t msglen)
{
	int have = sqlite3_column_type(s, i);
	if (have != type && !(nullable && have == SQLITE_NULL)) {
		snprintf(msg, msglen, "%s holds %s where %s belongs", name, type_name(have), type_name(type));
		return 0;
	}
	if (have == SQLITE_TEXT) {
		const char *t = (const char *)sqlite3_column_text(s, i);
		size_t bytes = (size_t)sqlite3_column_bytes(s, i);
		if (!t || strlen(t) != bytes) {
			snprintf(msg, msglen, "%s has a NUL byte inside (%zu of its %zu bytes are before it)",
				 name, t ? strlen(t) : 0, bytes);
			return 0;
		}
	}
	return 1;
}

int store_audit_verify(struct store *st, long long *checked, struct audit_problem *p)
{
	*checked = 0;
	memset(p, 0, sizeof *p);
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT id, org_id, at, user_id, username, via, entity, record_id, action,"
			       " changes, prev_hash, hash FROM audit ORDER BY id",
			       -1, &s, NULL) != SQLITE_OK)
		return sq_fail(st, "audit verify");
	char prev[65] = "", prev_at[64] = "";
	long long expect = 1, last = 0;
	int rc, result = STORE_OK;
	char msg[sizeof p->detail];
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(s, 0); /* INTEGER PRIMARY KEY: always one */
		char why[120];
		int exact = 1;
		for (int i = 0; exact && i < (int)(sizeof audit_columns / sizeof audit_columns[0]); i++)
			exact = column_exact(s, i, audit_columns[i].name, audit_columns[i].type,
					     audit_columns[i].nullable, why, sizeof why);
		if (!exact) {
			snprintf(msg, sizeof msg, "entry %lld was changed: %s", id, why);
			problem(p, id, "changed", msg);
			result = STORE_CONFLICT;
			break;
		}
		struct entry e = {
			.id = sqlite3_column_int64(s, 0),
			.org_id = sqlite3_column_int64(s, 1),
			.at = (const char *)sqlite3_column_text(s, 2),
			.has_user = sqlite3_column_type(s, 3) != SQLITE_NULL,
			.user_id = sqlite3_column_int64(s, 3),
			.username = (const char *)sqlite3_column_text(s, 4),
			.via = (const char *)sqlite3_column_text(s, 5),
			.entity = (const char *)sqlite3_column_text(s, 6),
			.has_record = sqlite3_column_type(s, 7) != SQLITE_NULL,
			.record_id = sqlite3_column_int64(s, 7),
			.action = (const char *)sqlite3_column_text(s, 8),
			.changes = (const char *)sqlite3_column_text(s, 9),
			.prev_hash = (const char *)sqlite3_column_text(s, 10),
		};
		const char *stored = (const char *)sqlite3_column_text(s, 11);
		if (NEVER(!e.at || !e.username || !e.via || !e.entity || !e.action || !e.changes ||
			  !e.prev_hash || !stored)) {
			/* column_exact let no NULL through: out of memory */
			result = sq_fail(st, "audit verify");
			break;
		}
		if (e.id != expect) {
			snprintf(msg, sizeof msg, "entry %lld is missing (the next entry is %lld)", expect, e.id);
			problem(p, expect, "removed", msg);
			result = STORE_CONFLICT;
			break;
		}
		char h[65];
		entry_hash(&e, h);
		if (strcmp(h, stored) != 0) {
			snprintf(msg, sizeof msg, "entry %lld was changed: its content does not match its hash", e.id);
			problem(p, e.id, "changed", msg);
			result = STORE_CONFLICT;
			break;
		}
		if (strcmp(e.prev_hash, prev) != 0) {
			snprintf(msg, sizeof msg,
				 "entry %lld was changed: entry %lld no longer carries its hash", last, e.id);
			problem(p, last ? last : e.id, "changed", msg);
			result = STORE_CONFLICT;
			break;
		}
		if (strcmp(e.at, prev_at) < 0) {
			snprintf(msg, sizeof msg, "entry %lld is out of order: its time %s is before %s", e.id,
				 e.at, prev_at);
			problem(p, e.id, "out_of_order", msg);
			result = STORE_CONFLICT;
			break;
		}
		snprintf(prev, sizeof prev, "%s", stored);
		snprintf(prev_at, sizeof prev_at, "%s", e.at);
		last = e.id;
		expect++;
		(*checked)++;
	}
	sqlite3_finalize(s);
	if (result != STORE_OK)
		return result;
	if (rc != SQLITE_DONE)
		return sq_fail(st, "audit verify");

	s = NULL;
	if (sqlite3_prepare_v2(st->db, "SELECT last_id, last_hash FROM audit_head", -1, &s, NULL) !=
		    SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		problem(p, 0, "removed", "the audit head is missing");
		return STORE_CONFLICT;
	}
	char why[120];
	if (!column_exact(s, 0, "last_id", SQLITE_INTEGER, 0, why, sizeof why) ||
	    !column_exact(s, 1, "last_hash", SQLITE_TEXT, 0, why, sizeof why)) {
		sqlite3_finalize(s);
		snprintf(msg, sizeof msg, "entry %lld was changed: the head's %s", last, why);
		problem(p, last, "changed", msg);
		return STORE_CONFLICT;
	}
	long long head_id = sqlite3_column_int64(s, 0);
	char head_hash[65];
	snprintf(head_hash, sizeof head_hash, "%s", (const char *)sqlite3_column_text(s, 1));
	sqlite3_finalize(s);
	if (head_id > last) {
		snprintf(msg, sizeof msg, "entries %lld to %lld were removed from the end", last + 1, head_id);
		problem(p, last + 1, "removed", msg);
		return STORE_CONFLICT;
	}
	if (head_id < last) {
		snprintf(msg, sizeof msg, "entry %lld was inserted after the last recorded entry %lld",
			 head_id + 1, head_id);
		problem(p, head_id + 1, "inserted", msg);
		return STORE_CONFLICT;
	}
	if (strcmp(head_hash, prev) != 0) {
		snprintf(msg, sizeof msg, "entry %lld was changed: the head no longer carries its hash", last);
		problem(p, last, "changed", msg);
		return STORE_CONFLICT;
	}
	return STORE_OK;
}

long long store_generation(struct store *st)
{
	sqlite3_stmt *s = sq_prepare(st, "SELECT last_id FROM audit_head");
	long long g = 0;
	if (s && sqlite3_step(s) == SQLITE_ROW)
		g = sqlite3_column_int64(s, 0);
	if (s)
		sqlite3_reset(s);
	return g;
}

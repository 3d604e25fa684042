/*
 * sqlite_evidence.c: the Statement of Applicability's own reads — its
 * entries as the SoA pages show them — and the evidence files on them.
 * The content lives in the database with its SHA-256, so a backup of the
 * database file holds the evidence too. Adding and removing a file are
 * changes of the entry and are audited as such (field "evidence_files").
 */
#include <string.h>

#include "store/derived.h"
#include "store/sqlite_int.h"
#include "util/json.h"

#define EVIDENCE_COLS "e.id, e.entry_id, e.filename, e.content_type, e.size, e.sha256, e.uploaded_by, e.uploaded_at"

static struct jval *evidence_row(struct arena *a, sqlite3_stmt *s)
{
	struct jval *o = jv_obj(a);
	jv_set_int(a, o, "id", sqlite3_column_int64(s, 0));
	jv_set_int(a, o, "entry_id", sqlite3_column_int64(s, 1));
	jv_set_str(a, o, "filename", sq_col_text(a, s, 2));
	jv_set_str(a, o, "content_type", sq_col_text(a, s, 3));
	jv_set_int(a, o, "size", sqlite3_column_int64(s, 4));
	jv_set_str(a, o, "sha256", sq_col_text(a, s, 5));
	jv_set_str(a, o, "uploaded_by", sq_col_text(a, s, 6));
	jv_set_str(a, o, "uploaded_at", sq_col_text(a, s, 7));
	return o;
}

int store_evidence_list(struct store *st, struct arena *a, long long org, long long entry_id,
			const char *framework, struct jval **rows)
{
	*rows = jv_arr(a);
	sqlite3_stmt *s = sq_prepare(st,
		"SELECT " EVIDENCE_COLS " FROM evidence_files e JOIN soa_entries x ON x.id = e.entry_id"
		" WHERE e.org_id = ?1 AND (?2 = 0 OR e.entry_id = ?2) AND (?3 IS NULL OR x.framework = ?3)"
		" ORDER BY e.entry_id, e.filename COLLATE sv, e.id");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, entry_id);
	sq_bind_text(s, 3, framework);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		jv_push(*rows, evidence_row(a, s));
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "evidence");
}

int store_evidence_get(struct store *st, struct arena *a, long long org, long long id,
		       struct jval **row, const void **content, size_t *len)
{
	sqlite3_stmt *s = sq_prepare(st, "SELECT " EVIDENCE_COLS ", e.content FROM evidence_files e"
					 " WHERE e.id = ? AND e.org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, org);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*row = evidence_row(a, s);
		if (content) {
			*len = (size_t)sqlite3_column_bytes(s, 8);
			void *p = arena_alloc(a, *len ? *len : 1);
			if (*len)
				memcpy(p, sqlite3_column_blob(s, 8), *len);
			*content = p;
		}
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	return rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "evidence");
}

int store_soa_entries(struct store *st, struct arena *a, long long org, const char *framework,
		      struct jval **rows, long long *n)
{
	static const char *const cols[] = { "id", "code", "theme", "title_sv", "title_en", "applicable",
					    "justification", "implementation", "evidence_links" };
	*rows = jv_arr(a);
	*n = 0;
	sqlite3_stmt *s = sq_prepare(st, "SELECT id, code, theme, title_sv, title_en, applicable, justification,"
					 " implementation, evidence_links FROM soa_entries"
					 " WHERE org_id = ? AND framework = ? ORDER BY position, id");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sq_bind_text(s, 2, framework);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct jval *o = jv_push(*rows, jv_obj(a));
		for (int i = 0; i < 9; i++) {
			int t = sqlite3_column_type(s, i);
			if (t == SQLITE_NULL)
				jv_set(o, cols[i], jv_null(a));
			else if (t == SQLITE_INTEGER)
				jv_set_int(a, o, cols[i], sqlite3_column_int64(s, i));
			else
				jv_set(o, cols[i], jv_strn(a, (const char *)sqlite3_column_text(s, i),
							     (size_t)sqlite3_column_bytes(s, i)));
		}
		(*n)++;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "soa entries");
}

/* The audit entry of an evidence change on its entry: "name (sha256)". */
static int audit_change(struct store *st, struct arena *a, long long org, const struct audit_actor *who,
			long long entry_id, const char *before, const char *after)
{
	struct jval *changes = jv_obj(a);
	struct jval *pair = jv_set(changes, "evidence_files", jv_arr(a));
	jv_push(pair, before ? jv_str(a, before) : jv_null(a));
	jv_push(pair, after ? jv_str(a, after) : jv_null(a));
	int rc = store_audit_append(st, org, who, "soa-entries", entry_id, "update", changes);
	/* The SoA pages list the files: their cache follows this. */
	return rc ? rc : store_generation_bump(st, org, "evidence");
}

int store_evidence_add(struct store *st, struct arena *a, long long org, const struct audit_actor *who,
		       long long entry_id, const char *filename, const char *content_type,
		       const char *sha256, const void *content, size_t len, const char *now, long long *id)
{
	if (store_begin(st))
		return STORE_ERROR;
	int rc = STORE_ERROR;
	sqlite3_stmt *s = sq_prepare(st, "SELECT 1 FROM soa_entries WHERE id = ? AND org_id = ?");
	if (!s)
		goto out;
	sqlite3_bind_int64(s, 1, entry_id);
	sqlite3_bind_int64(s, 2, org);
	int found = sqlite3_step(s);
	sqlite3_reset(s);
	if (found != SQLITE_ROW) {
		rc = found == SQLITE_DONE ? STORE_NOTFOUND : sq_fail(st, "evidence");
		goto out;
	}
	s = sq_prepare(st, "INSERT INTO evidence_files (org_id, entry_id, filename, content_type, size,"
			   " sha256, content, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!s)
		goto out;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, entry_id);
	sq_bind_text(s, 3, filename);
	sq_bind_text(s, 4, content_type);
	sqlite3_bind_int64(s, 5, (long long)len);
	sq_bind_text(s, 6, sha256);
	sqlite3_bind_blob64(s, 7, content, len, SQLITE_STATIC);
	sq_bind_text(s, 8, who->username);
	sq_bind_text(s, 9, now);
	rc = sq_exec_stmt(st, s, "evidence");
	if (rc)
		goto out;
	*id = sqlite3_last_insert_rowid(st->db);
	rc = audit_change(st, a, org, who, entry_id, NULL, arena_printf(a, "%s (SHA-256 %s)", filename, sha256));
out:
	if (rc == STORE_OK)
		rc = store_commit(st);
	if (rc != STORE_OK)
		store_rollback(st);
	return rc;
}

int store_evidence_delete(struct store *st, struct arena *a, long long org, const struct audit_actor *who,
			  long long id)
{
	if (store_begin(st))
		return STORE_ERROR;
	struct jval *row;
	int rc = store_evidence_get(st, a, org, id, &row, NULL, NULL);
	if (rc)
		goto out;
	sqlite3_stmt *s = sq_prepare(st, "DELETE FROM evidence_files WHERE id = ? AND org_id = ?");
	if (!s) {
		rc = STORE_ERROR;
		goto out;
	}
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, org);
	rc = sq_exec_stmt(st, s, "evidence");
	if (rc)
		goto out;
	rc = audit_change(st, a, org, who, jv_get_int(row, "entry_id", 0),
			  arena_printf(a, "%s (SHA-256 %s)", jv_get_str(row, "filename"), jv_get_str(row, "sha256")),
			  NULL);
out:
	if (rc == STORE_OK)
		rc = store_commit(st);
	if (rc != STORE_OK)
		store_rollback(st);
	return rc;
}

/*
 * sqlite_evidence.c: the Statement of Applicability's own reads — its
 * entries as the SoA pages show them — and the evidence files on them.
 * The content lives in the database with its SHA-256, so a backup of the
 * database file holds the evidence too. Adding and removing a file are
 * changes of the entry and are audited as such (field "evidence_files").
 */
#include <stdio.h>
#include <string.h>

#include "store/derived.h"
#include "store/sqlite_int.h"
#include "util/json.h"

#define EVIDENCE_COLS "e.id, e.entry_id, e.filename, e.content_type, e.size, e.sha256, e.uploaded_by, e.uploaded_at"

/* Where the files of each kind of owner are kept (store.h enum
 * evidence_owner): the table, its column naming the owner, the owner's
 * table, and how a change is audited (on the owner, as a change of a
 * field of its own). One code path for every kind of file. */
static const struct {
	const char *files, *column, *owners, *entity, *field, *generation;
} owners[] = {
	[EV_SOA_ENTRY] = { "evidence_files", "entry_id", "soa_entries", "soa-entries", "evidence_files", "evidence" },
	[EV_MEETING] = { "meeting_files", "meeting_id", "meetings", "meetings", "minutes_files", "meetings" },
	[EV_ORG_ASSESSMENT] = { "org_assessment_files", "assessment_id", "org_assessments", "organisation-assessments",
				"evidence_files", "organisation-assessments" },
};

static struct jval *owner_row(struct arena *a, sqlite3_stmt *s, const char *key)
{
	struct jval *o = jv_obj(a);
	jv_set_int(a, o, "id", sqlite3_column_int64(s, 0));
	jv_set_int(a, o, key, sqlite3_column_int64(s, 1));
	jv_set_str(a, o, "filename", sq_col_text(a, s, 2));
	jv_set_str(a, o, "content_type", sq_col_text(a, s, 3));
	jv_set_int(a, o, "size", sqlite3_column_int64(s, 4));
	jv_set_str(a, o, "sha256", sq_col_text(a, s, 5));
	jv_set_str(a, o, "uploaded_by", sq_col_text(a, s, 6));
	jv_set_str(a, o, "uploaded_at", sq_col_text(a, s, 7));
	return o;
}

static struct jval *evidence_row(struct arena *a, sqlite3_stmt *s)
{
	return owner_row(a, s, "entry_id");
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

int store_files_get(struct store *st, struct arena *a, long long org, enum evidence_owner ow, long long id,
		    struct jval **row, const void **content, size_t *len)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT e.id, e.%s, e.filename, e.content_type, e.size, e.sha256, e.uploaded_by,"
		 " e.uploaded_at, e.content FROM %s e WHERE e.id = ? AND e.org_id = ?", owners[ow].column, owners[ow].files);
	sqlite3_stmt *s = sq_prepare(st, sql);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, org);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*row = owner_row(a, s, owners[ow].column);
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
	return rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "files");
}

int store_files_list(struct store *st, struct arena *a, long long org, enum evidence_owner ow, long long owner_id,
		     struct jval **rows)
{
	*rows = jv_arr(a);
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT e.id, e.%s, e.filename, e.content_type, e.size, e.sha256, e.uploaded_by,"
		 " e.uploaded_at FROM %s e WHERE e.org_id = ? AND e.%s = ? ORDER BY e.filename COLLATE sv, e.id",
		 owners[ow].column, owners[ow].files, owners[ow].column);
	sqlite3_stmt *s = sq_prepare(st, sql);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, owner_id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		jv_push(*rows, owner_row(a, s, owners[ow].column));
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "files");
}

int store_soa_entries(struct store *st, struct arena *a, long long org, const char *framework,
		      struct jval **rows, long long *n)
{
	static const char *const cols[] = { "id", "code", "theme", "title_sv", "title_en", "applicable",
					    "justification", "implementation", "evidence_links", "catalogue_note_sv",
					    "catalogue_note_en" };
	*rows = jv_arr(a);
	*n = 0;
	sqlite3_stmt *s = sq_prepare(st, "SELECT id, code, theme, title_sv, title_en, applicable, justification,"
					 " implementation, evidence_links, catalogue_note_sv, catalogue_note_en FROM soa_entries"
					 " WHERE org_id = ? AND framework = ? ORDER BY position, id");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sq_bind_text(s, 2, framework);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct jval *o = jv_push(*rows, jv_obj(a));
		for (int i = 0; i < 11; i++) {
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
			enum evidence_owner ow, long long entry_id, const char *before, const char *after)
{
	struct jval *changes = jv_obj(a);
	struct jval *pair = jv_set(changes, owners[ow].field, jv_arr(a));
	jv_push(pair, before ? jv_str(a, before) : jv_null(a));
	jv_push(pair, after ? jv_str(a, after) : jv_null(a));
	int rc = store_audit_append(st, org, who, owners[ow].entity, entry_id, "update", changes);
	/* The pages that list the files: their cache follows this. */
	return rc ? rc : store_generation_bump(st, org, owners[ow].generation);
}

int store_files_add(struct store *st, struct arena *a, long long org, const struct audit_actor *who,
		    enum evidence_owner ow, long long entry_id, const char *filename, const char *content_type,
		    const char *sha256, const void *content, size_t len, const char *now, long long *id)
{
	if (store_begin(st))
		return STORE_ERROR;
	int rc = STORE_ERROR;
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE id = ? AND org_id = ?", owners[ow].owners);
	sqlite3_stmt *s = sq_prepare(st, sql);
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
	snprintf(sql, sizeof sql, "INSERT INTO %s (org_id, %s, filename, content_type, size,"
		 " sha256, content, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		 owners[ow].files, owners[ow].column);
	s = sq_prepare(st, sql);
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
	rc = audit_change(st, a, org, who, ow, entry_id, NULL, arena_printf(a, "%s (SHA-256 %s)", filename, sha256));
out:
	if (rc == STORE_OK)
		rc = store_commit(st);
	if (rc != STORE_OK)
		store_rollback(st);
	return rc;
}

int store_evidence_add(struct store *st, struct arena *a, long long org, const struct audit_actor *who,
		       long long entry_id, const char *filename, const char *content_type,
		       const char *sha256, const void *content, size_t len, const char *now, long long *id)
{
	return store_files_add(st, a, org, who, EV_SOA_ENTRY, entry_id, filename, content_type, sha256, content, len,
			       now, id);
}

int store_files_delete(struct store *st, struct arena *a, long long org, const struct audit_actor *who,
		       enum evidence_owner ow, long long id)
{
	if (store_begin(st))
		return STORE_ERROR;
	struct jval *row;
	int rc = store_files_get(st, a, org, ow, id, &row, NULL, NULL);
	if (rc)
		goto out;
	char sql[128];
	snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = ? AND org_id = ?", owners[ow].files);
	sqlite3_stmt *s = sq_prepare(st, sql);
	if (!s) {
		rc = STORE_ERROR;
		goto out;
	}
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, org);
	rc = sq_exec_stmt(st, s, "evidence");
	if (rc)
		goto out;
	rc = audit_change(st, a, org, who, ow, jv_get_int(row, owners[ow].column, 0),
			  arena_printf(a, "%s (SHA-256 %s)", jv_get_str(row, "filename"), jv_get_str(row, "sha256")),
			  NULL);
out:
	if (rc == STORE_OK)
		rc = store_commit(st);
	if (rc != STORE_OK)
		store_rollback(st);
	return rc;
}


/*
 * sqlite_documents.c: see store/documents.h. The acknowledgement is kept
 * as one row per person and version asked (document_acks), materialised
 * when asked, so that a person's pending requests come from the index
 * (org_id, person_id, confirmed_at, closed_at) and coverage per unit from
 * (version_id, unit_id). Changes are audited here, as the SoA's evidence
 * files are (store/sqlite_evidence.c), and move the generation of
 * "document-acks" that "Mina uppgifter" reads.
 */
#include <string.h>

#include "core/date.h"
#include "store/derived.h"
#include "store/documents.h"
#include "store/sqlite_int.h"

#define ACKS "document-acks"

static int one_int(struct store *st, const char *sql, int n, const long long *v, long long *out, const char *what)
{
	sqlite3_stmt *s = sq_prepare(st, sql);
	if (!s)
		return STORE_ERROR;
	for (int i = 0; i < n; i++)
		sqlite3_bind_int64(s, i + 1, v[i]);
	int rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sq_fail(st, what);
}

int store_doc_version_asked(struct store *st, long long org, long long version, long long *n)
{
	long long v[] = { org, version };
	return one_int(st, "SELECT count(*) FROM document_acks WHERE org_id = ? AND version_id = ?", 2, v, n, "acks");
}

static long long current_version_id(struct store *st, long long org, long long doc, int *rc)
{
	long long v[] = { org, doc }, id = 0;
	*rc = one_int(st, "SELECT id FROM document_versions WHERE org_id = ? AND document_id = ?"
			  " ORDER BY version_date DESC, id DESC LIMIT 1", 2, v, &id, "versions");
	return id;
}

int store_doc_current_version(struct store *st, struct arena *a, long long org, long long doc, struct jval **version)
{
	sqlite3_stmt *s = sq_prepare(st, "SELECT id, label, version_date, filename, sha256, size FROM document_versions"
					 " WHERE org_id = ? AND document_id = ? ORDER BY version_date DESC, id DESC LIMIT 1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, doc);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		struct jval *o = *version = jv_obj(a);
		jv_set_int(a, o, "id", sqlite3_column_int64(s, 0));
		jv_set_str(a, o, "label", sq_col_text(a, s, 1));
		jv_set_str(a, o, "version_date", sq_col_text(a, s, 2));
		jv_set_str(a, o, "filename", sq_col_text(a, s, 3));
		jv_set_str(a, o, "sha256", sq_col_text(a, s, 4));
		if (sqlite3_column_type(s, 5) != SQLITE_NULL)
			jv_set_int(a, o, "size", sqlite3_column_int64(s, 5));
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	return rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "versions");
}

static int audit_text(struct store *st, struct arena *a, long long org, const struct audit_actor *who,
		      const char *entity, long long id, const char *action, const char *field, const char *before,
		      const char *after)
{
	struct jval *changes = jv_obj(a);
	struct jval *pair = jv_set(changes, field, jv_arr(a));
	jv_push(pair, before ? jv_str(a, before) : jv_null(a));
	jv_push(pair, after ? jv_str(a, after) : jv_null(a));
	return store_audit_append(st, org, who, entity, id, action, changes);
}

/* The people each audience names, as the SELECT that inserts their rows:
 * ?1 org, ?2 request, ?3 document, ?4 version, ?5 due, ?6 now, ?7 unit or
 * role. */
#define ACK_INSERT "INSERT OR IGNORE INTO document_acks (org_id, request_id, document_id, version_id, person_id," \
	" unit_id, due_date, asked_at) SELECT ?1, ?2, ?3, ?4, p.id, p.unit_id, ?5, ?6 FROM people p"
static const char *const audience_sql[] = {
	"WITH RECURSIVE sub(id) AS (SELECT id FROM units WHERE id = ?7 AND org_id = ?1"
	" UNION SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id) "
	ACK_INSERT " WHERE p.org_id = ?1 AND p.active = 1 AND p.unit_id IN (SELECT id FROM sub)",
	ACK_INSERT " WHERE p.org_id = ?1 AND p.active = 1 AND p.id IN"
	" (SELECT person_id FROM role_assignments WHERE org_id = ?1 AND role = ?7)",
	ACK_INSERT " WHERE p.org_id = ?1 AND p.active = 1",
};

int store_doc_ask(struct store *st, struct arena *a, long long org, const struct audit_actor *who, long long doc,
		  long long version, const char *audience, long long unit, const char *role, const char *due,
		  const char *today, const char *now, long long *asked)
{
	(void)today;
	int k = strcmp(audience, "unit") == 0 ? 0 : strcmp(audience, "role") == 0 ? 1 : 2;
	*asked = 0;
	if (store_begin(st))
		return STORE_ERROR;
	int rc = STORE_ERROR;
	sqlite3_stmt *s = sq_prepare(st, "INSERT INTO document_ack_requests (org_id, document_id, version_id, audience,"
					 " unit_id, role, due_date, asked_by, asked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!s)
		goto out;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, doc);
	sqlite3_bind_int64(s, 3, version);
	sq_bind_text(s, 4, audience);
	if (k == 0)
		sqlite3_bind_int64(s, 5, unit);
	else
		sqlite3_bind_null(s, 5);
	sq_bind_text(s, 6, k == 1 ? role : NULL);
	sq_bind_text(s, 7, due);
	sq_bind_text(s, 8, who->username);
	sq_bind_text(s, 9, now);
	if ((rc = sq_exec_stmt(st, s, "ack request")))
		goto out;
	long long req = sqlite3_last_insert_rowid(st->db);
	rc = STORE_ERROR;
	if (!(s = sq_prepare(st, audience_sql[k])))
		goto out;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, req);
	sqlite3_bind_int64(s, 3, doc);
	sqlite3_bind_int64(s, 4, version);
	sq_bind_text(s, 5, due);
	sq_bind_text(s, 6, now);
	if (k == 0)
		sqlite3_bind_int64(s, 7, unit);
	else if (k == 1)
		sq_bind_text(s, 7, role);
	if ((rc = sq_exec_stmt(st, s, "acks")))
		goto out;
	*asked = sqlite3_changes(st->db);
	const char *what = k == 0 ? arena_printf(a, "unit %lld", unit) : k == 1 ? arena_printf(a, "role %s", role) : "everyone";
	rc = audit_text(st, a, org, who, "governing-documents", doc, "acknowledgement_request", "acknowledgement_requested",
			NULL, arena_printf(a, "version %lld: %s, %lld people, due %s", version, what, *asked, due ? due : "-"));
	if (!rc)
		rc = store_generation_bump(st, org, ACKS);
out:
	if (rc == STORE_OK)
		rc = store_commit(st);
	if (rc != STORE_OK)
		store_rollback(st);
	return rc;
}

int store_doc_reask(struct store *st, struct arena *a, long long org, const struct audit_actor *who, long long doc,
		    long long new_version, const char *today, const char *now)
{
	int rc;
	if (current_version_id(st, org, doc, &rc) != new_version || rc)
		return rc;
	long long v[] = { org, doc, new_version }, prev = 0;
	if ((rc = one_int(st, "SELECT id FROM document_versions WHERE org_id = ? AND document_id = ? AND id <> ?"
			      " ORDER BY version_date DESC, id DESC LIMIT 1", 3, v, &prev, "versions")) || !prev)
		return rc;
	/* The open requests of the version before, read first. */
	struct req { long long id, unit; const char *audience, *role, *due, *asked; } *reqs = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *s = sq_prepare(st, "SELECT id, audience, unit_id, role, due_date, asked_at FROM document_ack_requests"
					 " WHERE org_id = ? AND version_id = ? AND closed_at IS NULL ORDER BY id");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, prev);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		void *grown = reqs;
		struct req *q = arena_push(a, &grown, &n, &cap, sizeof *q);
		reqs = grown;
		*q = (struct req){ sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 2), sq_col_text(a, s, 1),
				   sq_col_text(a, s, 3), sq_col_text(a, s, 4), sq_col_text(a, s, 5) };
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return sq_fail(st, "ack requests");
	if (!n)
		return STORE_OK;
	long long asked = 0;
	for (size_t i = 0; i < n; i++) {
		/* As many days to read it as the first request gave. */
		char due[11];
		const char *newdue = NULL;
		if (reqs[i].due && date_valid(reqs[i].due) && reqs[i].asked && strlen(reqs[i].asked) >= 10) {
			char asked_day[11];
			memcpy(asked_day, reqs[i].asked, 10);
			asked_day[10] = 0;
			long days = date_valid(asked_day) ? date_days_between(asked_day, reqs[i].due) : 0;
			if (date_add_days(today, days > 0 ? days : 0, due) == 0)
				newdue = due;
		}
		s = sq_prepare(st, "INSERT INTO document_ack_requests (org_id, document_id, version_id, audience, unit_id, role,"
				   " due_date, asked_by, asked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
		if (!s)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, org);
		sqlite3_bind_int64(s, 2, doc);
		sqlite3_bind_int64(s, 3, new_version);
		sq_bind_text(s, 4, reqs[i].audience);
		if (reqs[i].unit)
			sqlite3_bind_int64(s, 5, reqs[i].unit);
		else
			sqlite3_bind_null(s, 5);
		sq_bind_text(s, 6, reqs[i].role);
		sq_bind_text(s, 7, newdue);
		sq_bind_text(s, 8, who->username);
		sq_bind_text(s, 9, now);
		if ((rc = sq_exec_stmt(st, s, "ack request")))
			return rc;
		long long req = sqlite3_last_insert_rowid(st->db);
		/* The same people, those still active. */
		s = sq_prepare(st, "INSERT OR IGNORE INTO document_acks (org_id, request_id, document_id, version_id, person_id,"
				   " unit_id, due_date, asked_at) SELECT ?1, ?2, ?3, ?4, p.id, p.unit_id, ?5, ?6"
				   " FROM document_acks x JOIN people p ON p.id = x.person_id AND p.active = 1"
				   " WHERE x.request_id = ?7");
		if (!s)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, org);
		sqlite3_bind_int64(s, 2, req);
		sqlite3_bind_int64(s, 3, doc);
		sqlite3_bind_int64(s, 4, new_version);
		sq_bind_text(s, 5, newdue);
		sq_bind_text(s, 6, now);
		sqlite3_bind_int64(s, 7, reqs[i].id);
		if ((rc = sq_exec_stmt(st, s, "acks")))
			return rc;
		asked += sqlite3_changes(st->db);
	}
	s = sq_prepare(st, "UPDATE document_acks SET closed_at = ?3 WHERE org_id = ?1 AND version_id = ?2"
			   " AND confirmed_at IS NULL AND closed_at IS NULL");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, prev);
	sq_bind_text(s, 3, now);
	if ((rc = sq_exec_stmt(st, s, "acks")))
		return rc;
	s = sq_prepare(st, "UPDATE document_ack_requests SET closed_at = ?3 WHERE org_id = ?1 AND version_id = ?2"
			   " AND closed_at IS NULL");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, prev);
	sq_bind_text(s, 3, now);
	if ((rc = sq_exec_stmt(st, s, "ack requests")))
		return rc;
	rc = audit_text(st, a, org, who, "governing-documents", doc, "acknowledgement_request", "acknowledgement_requested",
			NULL, arena_printf(a, "version %lld replaces version %lld: %lld people asked again", new_version, prev,
					   asked));
	return rc ? rc : store_generation_bump(st, org, ACKS);
}

int store_doc_close(struct store *st, long long org, long long doc, const char *now)
{
	static const char *const sql[] = {
		"UPDATE document_acks SET closed_at = ?3 WHERE org_id = ?1 AND document_id = ?2"
		" AND confirmed_at IS NULL AND closed_at IS NULL",
		"UPDATE document_ack_requests SET closed_at = ?3 WHERE org_id = ?1 AND document_id = ?2 AND closed_at IS NULL",
	};
	for (size_t i = 0; i < 2; i++) {
		sqlite3_stmt *s = sq_prepare(st, sql[i]);
		if (!s)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, org);
		sqlite3_bind_int64(s, 2, doc);
		sq_bind_text(s, 3, now);
		int rc = sq_exec_stmt(st, s, "acks");
		if (rc)
			return rc;
	}
	return store_generation_bump(st, org, ACKS);
}

int store_doc_ack_confirm(struct store *st, struct arena *a, long long org, const struct audit_actor *who,
			  long long person, long long version, const char *now, int *outcome)
{
	*outcome = DOC_ACK_NOT_ASKED;
	if (store_begin(st))
		return STORE_ERROR;
	int rc = STORE_ERROR;
	sqlite3_stmt *s = sq_prepare(st, "SELECT a.id, a.confirmed_at IS NOT NULL, a.closed_at IS NOT NULL, d.status = 'adopted',"
					 " (SELECT v.id FROM document_versions v WHERE v.document_id = a.document_id"
					 " ORDER BY v.version_date DESC, v.id DESC LIMIT 1), (SELECT name FROM people WHERE id = a.person_id)"
					 " FROM document_acks a JOIN governing_documents d ON d.id = a.document_id"
					 " WHERE a.org_id = ? AND a.version_id = ? AND a.person_id = ?");
	if (!s)
		goto out;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, version);
	sqlite3_bind_int64(s, 3, person);
	int step = sqlite3_step(s);
	long long id = 0;
	int done = 0, closed = 0, in_force = 0;
	long long current = 0;
	const char *name = NULL;
	if (step == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		done = sqlite3_column_int(s, 1);
		closed = sqlite3_column_int(s, 2);
		in_force = sqlite3_column_int(s, 3);
		current = sqlite3_column_int64(s, 4);
		name = sq_col_text(a, s, 5);
	}
	sqlite3_reset(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		rc = sq_fail(st, "acks");
		goto out;
	}
	rc = STORE_OK;
	if (!id)
		goto out;
	if (done) {
		*outcome = DOC_ACK_DONE;
		goto out;
	}
	if (closed || !in_force || current != version) {
		*outcome = DOC_ACK_REPLACED;
		goto out;
	}
	rc = STORE_ERROR;
	if (!(s = sq_prepare(st, "UPDATE document_acks SET confirmed_at = ?, confirmed_by = ? WHERE id = ?")))
		goto out;
	sq_bind_text(s, 1, now);
	sq_bind_text(s, 2, who->username);
	sqlite3_bind_int64(s, 3, id);
	if ((rc = sq_exec_stmt(st, s, "acks")))
		goto out;
	*outcome = DOC_ACK_OK;
	rc = audit_text(st, a, org, who, "document-versions", version, "acknowledge", "acknowledged_by", NULL,
			arena_printf(a, "%s (person %lld)", name ? name : "", person));
	if (!rc)
		rc = store_generation_bump(st, org, ACKS);
out:
	if (rc == STORE_OK)
		rc = store_commit(st);
	if (rc != STORE_OK)
		store_rollback(st);
	return rc;
}

#define PENDING_WHERE " WHERE a.org_id = ?1 AND a.person_id = ?2 AND a.confirmed_at IS NULL AND a.closed_at IS NULL"

int store_doc_acks_pending(struct store *st, struct arena *a, long long org, long long person, size_t max,
			   struct doc_ack_pending **out, size_t *n, long long *total)
{
	*out = NULL;
	*n = 0;
	long long v[] = { org, person };
	int rc = one_int(st, "SELECT count(*) FROM document_acks a" PENDING_WHERE, 2, v, total, "acks");
	if (rc || !*total || !max)
		return rc;
	sqlite3_stmt *s = sq_prepare(st, "SELECT a.id, a.document_id, a.version_id, d.title, v.label, a.due_date, a.asked_at,"
					 " v.filename FROM document_acks a JOIN governing_documents d ON d.id = a.document_id"
					 " JOIN document_versions v ON v.id = a.version_id" PENDING_WHERE
					 " ORDER BY a.due_date IS NULL, a.due_date, a.id LIMIT ?3");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, person);
	sqlite3_bind_int64(s, 3, (long long)max);
	*out = arena_alloc(a, max * sizeof **out);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max) {
		struct doc_ack_pending *p = &(*out)[(*n)++];
		p->id = sqlite3_column_int64(s, 0);
		p->document_id = sqlite3_column_int64(s, 1);
		p->version_id = sqlite3_column_int64(s, 2);
		p->title = sq_col_text(a, s, 3);
		p->label = sq_col_text(a, s, 4);
		p->due = sq_col_text(a, s, 5);
		p->asked_at = sq_col_text(a, s, 6);
		p->filename = sq_col_text(a, s, 7);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "acks");
}

int store_doc_ack_coverage(struct store *st, struct arena *a, long long org, long long version,
			   struct doc_ack_coverage **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = sq_prepare(st, "SELECT a.unit_id, u.name, count(*), count(a.confirmed_at) FROM document_acks a"
					 " LEFT JOIN units u ON u.id = a.unit_id WHERE a.org_id = ? AND a.version_id = ?"
					 " GROUP BY a.unit_id ORDER BY u.name IS NULL, u.name COLLATE sv");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, version);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		void *v = *out;
		struct doc_ack_coverage *c = arena_push(a, &v, n, &cap, sizeof *c);
		*out = v;
		c->unit_id = sqlite3_column_int64(s, 0);
		c->unit = sq_col_text(a, s, 1);
		c->asked = sqlite3_column_int64(s, 2);
		c->confirmed = sqlite3_column_int64(s, 3);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "ack coverage");
}

int store_doc_file_set(struct store *st, struct arena *a, long long org, const struct audit_actor *who,
		       long long version, const char *filename, const char *content_type, const char *sha256,
		       const void *content, size_t len)
{
	if (store_begin(st))
		return STORE_ERROR;
	int rc = STORE_ERROR;
	sqlite3_stmt *s = sq_prepare(st, "SELECT filename, sha256 FROM document_versions WHERE id = ? AND org_id = ?");
	if (!s)
		goto out;
	sqlite3_bind_int64(s, 1, version);
	sqlite3_bind_int64(s, 2, org);
	int step = sqlite3_step(s);
	const char *before = NULL;
	if (step == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		before = arena_printf(a, "%s (SHA-256 %s)", sq_col_text(a, s, 0), sq_col_text(a, s, 1));
	sqlite3_reset(s);
	if (step != SQLITE_ROW) {
		rc = step == SQLITE_DONE ? STORE_NOTFOUND : sq_fail(st, "versions");
		goto out;
	}
	if (!(s = sq_prepare(st, "UPDATE document_versions SET filename = ?, content_type = ?, size = ?, sha256 = ?,"
				 " content = ? WHERE id = ? AND org_id = ?")))
		goto out;
	sq_bind_text(s, 1, filename);
	sq_bind_text(s, 2, content_type);
	sqlite3_bind_int64(s, 3, (long long)len);
	sq_bind_text(s, 4, sha256);
	sqlite3_bind_blob64(s, 5, content, len, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, version);
	sqlite3_bind_int64(s, 7, org);
	if ((rc = sq_exec_stmt(st, s, "versions")))
		goto out;
	rc = audit_text(st, a, org, who, "document-versions", version, "update", "file", before,
			arena_printf(a, "%s (SHA-256 %s)", filename, sha256));
	if (!rc)
		rc = store_generation_bump(st, org, "document-versions");
out:
	if (rc == STORE_OK)
		rc = store_commit(st);
	if (rc != STORE_OK)
		store_rollback(st);
	return rc;
}

int store_doc_file_get(struct store *st, struct arena *a, long long org, long long version, const char **filename,
		       const char **content_type, const void **content, size_t *len)
{
	sqlite3_stmt *s = sq_prepare(st, "SELECT filename, content_type, content FROM document_versions"
					 " WHERE id = ? AND org_id = ? AND content IS NOT NULL");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, version);
	sqlite3_bind_int64(s, 2, org);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*filename = sq_col_text(a, s, 0);
		*content_type = sq_col_text(a, s, 1);
		*len = (size_t)sqlite3_column_bytes(s, 2);
		void *p = arena_alloc(a, *len ? *len : 1);
		if (*len)
			memcpy(p, sqlite3_column_blob(s, 2), *len);
		*content = p;
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	return rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "versions");
}

int store_required_document_code(struct store *st, long long org, const char *code, long long *id)
{
	sqlite3_stmt *s = sq_prepare(st, "SELECT id FROM required_documents WHERE org_id = ? AND code = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sq_bind_text(s, 2, code);
	int rc = sqlite3_step(s);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "required documents");
}

int store_document_review_share(struct store *st, long long org, const char *today, long long *on_time,
				long long *total)
{
	sqlite3_stmt *s = sq_prepare(st, "SELECT count(*), count(CASE WHEN next_review IS NULL OR next_review >= ?2 THEN 1 END)"
					 " FROM governing_documents WHERE org_id = ?1 AND status = 'adopted'");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sq_bind_text(s, 2, today);
	int rc = sqlite3_step(s);
	*total = *on_time = 0;
	if (rc == SQLITE_ROW) {
		*total = sqlite3_column_int64(s, 0);
		*on_time = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "documents");
}

int store_doc_control_documents(struct store *st, struct arena *a, long long org, long long control, size_t max,
				long long **ids, size_t *n)
{
	*n = 0;
	*ids = arena_alloc(a, (max ? max : 1) * sizeof **ids);
	sqlite3_stmt *s = sq_prepare(st, "SELECT d.id FROM governing_document_controls l JOIN governing_documents d"
					 " ON d.id = l.from_id AND d.org_id = ? WHERE l.to_id = ? ORDER BY d.title COLLATE sv, d.id"
					 " LIMIT ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, control);
	sqlite3_bind_int64(s, 3, (long long)max);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max)
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "control documents");
}

/*
 * sqlite_accounts.c: accounts, role assignments for access checks,
 * sessions, API tokens, login throttling and pending imports.
 */
#include <string.h>

#include "store/sqlite_int.h"
#include "util/i18n.h"

static int read_user(struct store *st, struct arena *a, sqlite3_stmt *s, struct user *u)
{
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		int code = rc == SQLITE_DONE ? STORE_NOTFOUND : sq_fail(st, "user");
		sqlite3_reset(s);
		return code;
	}
	u->id = sqlite3_column_int64(s, 0);
	u->org_id = sqlite3_column_int64(s, 1);
	u->person_id = sqlite3_column_int64(s, 2);
	u->username = sq_col_text(a, s, 3);
	const char *lang = (const char *)sqlite3_column_text(s, 4);
	int l = i18n_lang_from_code(lang);
	u->lang = l < 0 ? LANG_SV : l;
	u->disabled = sqlite3_column_int(s, 5);
	u->password_hash = sq_col_text(a, s, 6);
	sqlite3_reset(s);
	return STORE_OK;
}

#define USER_COLUMNS "SELECT id, org_id, person_id, username, lang, disabled, password_hash FROM users"

int store_user_by_name(struct store *st, struct arena *a, const char *username, struct user *u)
{
	sqlite3_stmt *s = sq_prepare(st, USER_COLUMNS " WHERE username = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, username, -1, SQLITE_TRANSIENT);
	return read_user(st, a, s, u);
}

int store_user_by_id(struct store *st, struct arena *a, long long id, struct user *u)
{
	sqlite3_stmt *s = sq_prepare(st, USER_COLUMNS " WHERE id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	return read_user(st, a, s, u);
}

int store_user_set_password(struct store *st, long long user_id, const char *hash)
{
	sqlite3_stmt *s = sq_prepare(st, "UPDATE users SET password_hash = ? WHERE id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, user_id);
	return sq_exec_stmt(st, s, "password");
}

int store_assignments(struct store *st, struct arena *a, long long org, long long person_id,
		      struct assignment **as, size_t *n)
{
	*n = 0;
	*as = NULL;
	/* An inactive person holds no roles. */
	sqlite3_stmt *s = sq_prepare(st, "SELECT r.role, r.scope, r.unit_id, r.record_entity, r.record_id"
					 " FROM role_assignments r JOIN people p ON p.id = r.person_id"
					 " WHERE r.org_id = ? AND r.person_id = ? AND p.active = 1"
					 " ORDER BY r.id");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, person_id);
	size_t cap = 8;
	*as = arena_alloc_array(a, cap, sizeof **as);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		enum role r = access_role_from_code((const char *)sqlite3_column_text(s, 0));
		if (r == ROLE_NONE)
			continue;
		if (*n == cap) {
			struct assignment *bigger = arena_alloc_array(a, 2 * cap, sizeof *bigger);
			memcpy(bigger, *as, cap * sizeof *bigger);
			*as = bigger;
			cap *= 2;
		}
		struct assignment *x = &(*as)[(*n)++];
		const char *scope = (const char *)sqlite3_column_text(s, 1);
		x->role = r;
		x->scope = strcmp(scope, "unit") == 0 ? S_UNIT : strcmp(scope, "record") == 0 ? S_RECORD : S_ORG;
		x->unit_id = sqlite3_column_int64(s, 2);
		x->entity = sq_col_text(a, s, 3);
		x->record_id = sqlite3_column_int64(s, 4);
		/* A unit or record scope without its target grants nothing. */
		if ((x->scope == S_UNIT && !x->unit_id) ||
		    (x->scope == S_RECORD && (!x->entity || !x->record_id)))
			(*n)--;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "assignments");
}

/* ---- sessions ---------------------------------------------------------- */

int store_session_create(struct store *st, const char *token_hash, long long user_id,
			 const char *csrf, const char *expires_at)
{
	sqlite3_stmt *s = sq_prepare(st, "INSERT INTO sessions (token_hash, user_id, csrf, created_at,"
					 " expires_at, last_seen_at) VALUES (?, ?, ?,"
					 " strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?,"
					 " strftime('%Y-%m-%dT%H:%M:%fZ','now'))");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, token_hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, user_id);
	sqlite3_bind_text(s, 3, csrf, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, expires_at, -1, SQLITE_TRANSIENT);
	int rc = sq_exec_stmt(st, s, "session");
	if (rc)
		return rc;
	/* Sweep expired sessions now and then, on logins. */
	s = sq_prepare(st, "DELETE FROM sessions WHERE expires_at < strftime('%Y-%m-%dT%H:%M:%fZ','now')");
	return s ? sq_exec_stmt(st, s, "session sweep") : STORE_ERROR;
}

int store_session_find(struct store *st, struct arena *a, const char *token_hash, const char *now,
		       long long *user_id, const char **csrf)
{
	sqlite3_stmt *s = sq_prepare(st, "SELECT user_id, csrf FROM sessions WHERE token_hash = ? AND expires_at > ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, token_hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, now, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? STORE_NOTFOUND : sq_fail(st, "session");
	}
	*user_id = sqlite3_column_int64(s, 0);
	*csrf = sq_col_text(a, s, 1);
	sqlite3_reset(s);
	return STORE_OK;
}

int store_session_delete(struct store *st, const char *token_hash)
{
	sqlite3_stmt *s = sq_prepare(st, "DELETE FROM sessions WHERE token_hash = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, token_hash, -1, SQLITE_TRANSIENT);
	return sq_exec_stmt(st, s, "logout");
}

int store_sessions_delete_user(struct store *st, long long user_id)
{
	sqlite3_stmt *s = sq_prepare(st, "DELETE FROM sessions WHERE user_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, user_id);
	return sq_exec_stmt(st, s, "sessions");
}

/* ---- API tokens -------------------------------------------------------- */

int store_token_create(struct store *st, long long user_id, const char *name, const char *token_hash,
		       long long *id)
{
	sqlite3_stmt *s = sq_prepare(st, "INSERT INTO api_tokens (user_id, name, token_hash, created_at)"
					 " VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ','now'))");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, user_id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, token_hash, -1, SQLITE_TRANSIENT);
	int rc = sq_exec_stmt(st, s, "token");
	if (rc == STORE_OK)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int store_token_find(struct store *st, const char *token_hash, long long *user_id)
{
	sqlite3_stmt *s = sq_prepare(st, "SELECT user_id FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, token_hash, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*user_id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOTFOUND : sq_fail(st, "token");
}

int store_token_revoke(struct store *st, long long id, long long *user_id)
{
	sqlite3_stmt *s = sq_prepare(st, "SELECT user_id FROM api_tokens WHERE id = ? AND revoked_at IS NULL");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? STORE_NOTFOUND : sq_fail(st, "token");
	}
	*user_id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	s = sq_prepare(st, "UPDATE api_tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	return sq_exec_stmt(st, s, "revoke");
}

int store_token_list(struct store *st, struct arena *a, long long user_id, struct jval **rows)
{
	sqlite3_stmt *s = sq_prepare(st, "SELECT t.id, t.user_id, u.username, t.name, t.created_at,"
					 " t.revoked_at, t.last_used_at FROM api_tokens t"
					 " JOIN users u ON u.id = t.user_id"
					 " WHERE ? = 0 OR t.user_id = ? ORDER BY t.id");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, user_id);
	sqlite3_bind_int64(s, 2, user_id);
	*rows = jv_arr(a);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct jval *o = jv_push(*rows, jv_obj(a));
		jv_set(o, "id", jv_int(a, sqlite3_column_int64(s, 0)));
		jv_set(o, "user_id", jv_int(a, sqlite3_column_int64(s, 1)));
		jv_set(o, "username", jv_str(a, sq_col_text(a, s, 2)));
		jv_set(o, "name", jv_str(a, sq_col_text(a, s, 3)));
		jv_set(o, "created_at", jv_str(a, sq_col_text(a, s, 4)));
		jv_set(o, "revoked_at", jv_str(a, sq_col_text(a, s, 5)));
		jv_set(o, "last_used_at", jv_str(a, sq_col_text(a, s, 6)));
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "tokens");
}

/* ---- login throttling -------------------------------------------------- */

/* Failures of key after since, into *count; STORE_OK or an error. */
static int failures_since(struct store *st, const char *key, long long since, long long *count)
{
	sqlite3_stmt *s = sq_prepare(st, "SELECT count(*) FROM login_failures WHERE key = ? AND at > ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, since);
	if (sqlite3_step(s) != SQLITE_ROW) {
		int rc = sq_fail(st, "login failures");
		sqlite3_reset(s);
		return rc;
	}
	*count = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return STORE_OK;
}

int store_login_attempt(struct store *st, struct login_key *keys, size_t n, long long now,
			long long window, int *allowed)
{
	*allowed = 0;
	int own_tx = sqlite3_get_autocommit(st->db);
	int rc = own_tx ? store_begin(st) : STORE_OK;
	if (rc)
		return rc;
	int over = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		keys[i].id = 0;
		rc = failures_since(st, keys[i].key, now - window, &keys[i].count);
		if (!rc && keys[i].count >= keys[i].max)
			over = 1;
	}
	for (size_t i = 0; i < n && !rc && !over; i++) {
		sqlite3_stmt *s = sq_prepare(st, "INSERT INTO login_failures (key, at) VALUES (?, ?)");
		if (!s) {
			rc = STORE_ERROR;
			break;
		}
		sqlite3_bind_text(s, 1, keys[i].key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 2, now);
		rc = sq_exec_stmt(st, s, "login failure");
		keys[i].id = sqlite3_last_insert_rowid(st->db);
	}
	if (!rc && !over) {
		/* Nothing older than a day matters to any window we use. */
		sqlite3_stmt *s = sq_prepare(st, "DELETE FROM login_failures WHERE at < ?");
		if (!s)
			rc = STORE_ERROR;
		else {
			sqlite3_bind_int64(s, 1, now - 86400);
			rc = sq_exec_stmt(st, s, "login failure sweep");
		}
	}
	if (own_tx) {
		if (!rc)
			rc = store_commit(st);
		if (rc)
			store_rollback(st);
	}
	if (!rc)
		*allowed = !over;
	return rc;
}

int store_login_attempt_forget(struct store *st, const struct login_key *keys, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!keys[i].id)
			continue;
		sqlite3_stmt *s = sq_prepare(st, "DELETE FROM login_failures WHERE rowid = ? AND key = ?");
		if (!s)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, keys[i].id);
		sqlite3_bind_text(s, 2, keys[i].key, -1, SQLITE_TRANSIENT);
		int rc = sq_exec_stmt(st, s, "login failure");
		if (rc)
			return rc;
	}
	return STORE_OK;
}

int store_login_failures_clear(struct store *st, const char *key, long long *cleared)
{
	sqlite3_stmt *s = sq_prepare(st, "DELETE FROM login_failures WHERE key = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	int rc = sq_exec_stmt(st, s, "login failures");
	if (!rc && cleared)
		*cleared = sqlite3_changes64(st->db);
	return rc;
}

/* ---- pending imports --------------------------------------------------- */

int store_import_put(struct store *st, const char *id, long long org, long long user_id,
		     const char *entity, const char *filename, const char *content, size_t len,
		     const char *now)
{
	sqlite3_stmt *s = sq_prepare(st, "DELETE FROM pending_imports WHERE created_at < strftime('%Y-%m-%dT%H:%M:%fZ','now','-1 day')");
	if (!s || sq_exec_stmt(st, s, "import sweep"))
		return STORE_ERROR;
	s = sq_prepare(st, "INSERT INTO pending_imports (id, org_id, user_id, entity, filename, content, created_at)"
			   " VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, org);
	sqlite3_bind_int64(s, 3, user_id);
	sqlite3_bind_text(s, 4, entity, -1, SQLITE_TRANSIENT);
	sq_bind_text(s, 5, filename);
	/* Not copied (up to 10 MiB): content outlives the step, and the
	 * binding is cleared after it. */
	sqlite3_bind_blob(s, 6, content, (int)len, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, now, -1, SQLITE_TRANSIENT);
	int rc = sq_exec_stmt(st, s, "import");
	sqlite3_clear_bindings(s);
	return rc;
}

int store_import_get(struct store *st, struct arena *a, const char *id, long long org,
		     long long user_id, const char **entity, const char **filename,
		     const char **content, size_t *len)
{
	sqlite3_stmt *s = sq_prepare(st, content ? "SELECT entity, filename, content FROM pending_imports"
						   " WHERE id = ? AND org_id = ? AND user_id = ?"
						 : "SELECT entity, filename, length(content) FROM pending_imports"
						   " WHERE id = ? AND org_id = ? AND user_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, org);
	sqlite3_bind_int64(s, 3, user_id);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? STORE_NOTFOUND : sq_fail(st, "import");
	}
	*entity = sq_col_text(a, s, 0);
	*filename = sq_col_text(a, s, 1);
	if (content) {
		*len = (size_t)sqlite3_column_bytes(s, 2);
		*content = arena_strndup(a, sqlite3_column_blob(s, 2), *len);
	} else {
		*len = (size_t)sqlite3_column_int64(s, 2);
	}
	sqlite3_reset(s);
	return STORE_OK;
}

int store_import_delete(struct store *st, const char *id)
{
	sqlite3_stmt *s = sq_prepare(st, "DELETE FROM pending_imports WHERE id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
	return sq_exec_stmt(st, s, "import");
}

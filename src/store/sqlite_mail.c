/*
 * sqlite_mail.c: the mail queue (migration 0010). Rows are written by
 * whoever has something to say (an escalation rule, an administrator's
 * test message) inside their own transaction, and taken by the sender
 * thread (io/mail.c) in short transactions of its own: claim, then — with
 * no transaction open while the mail server is talked to — the result.
 * Nothing is ever deleted; the table is the delivery log. Each message's
 * queuing and its final result (sent, or failed for good) are in the audit
 * trail on entity "mail", record the message's id; every attempt is also
 * a log line of the sender. See docs/internals/mail.md.
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/buf.h"
#include "util/check.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/mailaddr.h"

/* The sender, as the audit trail names it. */
static const struct audit_actor mail_actor = { .user_id = 0, .username = "tillit", .via = "mail" };

/* Why a message is failed without a try (msgids: the pages translate
 * them; the table keeps the English). */
static const char *const no_address = N_("The recipient has no e-mail address.");
static const char *const bad_address = N_("The recipient's e-mail address is not valid.");

/* s with every CR, LF and other control character a space (a header
 * value must stay one line). NULL stays NULL. */
static char *one_line(struct arena *a, const char *s)
{
	if (!s)
		return NULL;
	char *o = arena_strdup(a, s);
	for (char *p = o; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return o;
}

static int audit_mail(struct store *st, struct arena *a, long long org, long long id, const char *action,
		      const char *to, const char *k1, struct jval *v1, const char *k2, struct jval *v2,
		      const char *k3, struct jval *v3)
{
	struct jval *ch = jv_obj(a);
	jv_set(ch, "to", jv_str(a, to));
	if (k1)
		jv_set(ch, k1, v1);
	if (k2)
		jv_set(ch, k2, v2);
	if (k3)
		jv_set(ch, k3, v3);
	return store_audit_append(st, org, &mail_actor, "mail", id, action, ch);
}

int store_mail_enqueue(struct store *st, long long org, const char *to_addr, const char *to_name, const char *subject,
		       const char *body, const char *entity, long long record_id, const char *reason, long long *id)
{
	int own_tx = sqlite3_get_autocommit(st->db);
	if (own_tx && store_begin(st))
		return STORE_ERROR;
	struct arena *a = arena_new();
	int rc = STORE_ERROR;
	*id = 0;
	const char *addr = to_addr && *to_addr ? to_addr : NULL;
	const char *problem = !addr ? no_address : !mailaddr_valid(addr) ? bad_address : NULL;
	char now[CLOCK_ISO_LEN];
	clock_now_iso(now);
	sqlite3_stmt *s = sq_prepare(st, "INSERT INTO mail_queue (org_id, to_addr, to_name, subject, body, entity,"
					 " record_id, reason, status, next_attempt_at, last_error, created_at, updated_at)"
					 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)");
	if (!s)
		goto out;
	sqlite3_bind_int64(s, 1, org);
	sq_bind_text(s, 2, addr);
	sq_bind_text(s, 3, one_line(a, to_name));
	sq_bind_text(s, 4, one_line(a, subject ? subject : ""));
	sq_bind_text(s, 5, body ? body : "");
	sq_bind_text(s, 6, entity && *entity ? entity : NULL);
	if (entity && *entity && record_id)
		sqlite3_bind_int64(s, 7, record_id);
	sq_bind_text(s, 8, reason && *reason ? one_line(a, reason) : NULL);
	sq_bind_text(s, 9, problem ? "failed" : "queued");
	sq_bind_text(s, 10, problem ? NULL : now);
	sq_bind_text(s, 11, problem);
	sq_bind_text(s, 12, now);
	if ((rc = sq_exec_stmt(st, s, "queue mail")))
		goto out;
	*id = sqlite3_last_insert_rowid(st->db);
	rc = audit_mail(st, a, org, *id, problem ? "mail_failed" : "mail_queued", addr, "subject",
			jv_str(a, one_line(a, subject ? subject : "")), "reason", jv_str(a, reason),
			problem ? "error" : "about",
			problem ? jv_str(a, problem)
				: entity && *entity ? jv_str(a, arena_printf(a, "%s #%lld", entity, record_id)) : jv_null(a));
	if (!rc && problem)
		fprintf(stderr, "tillit: mail %lld to %s not sent: %s\n", *id, addr ? addr : "(no address)", problem);
out:
	if (own_tx) {
		if (rc == STORE_OK)
			rc = store_commit(st);
		if (rc != STORE_OK)
			store_rollback(st);
	}
	arena_free(a);
	return rc;
}

#define MAIL_COLS                                                                                          \
	"id, to_addr, to_name, subject, reason, status, attempts, next_attempt_at, sent_at, last_error,"   \
	" created_at, entity, record_id"

static struct jval *mail_row(struct arena *a, sqlite3_stmt *s, int with_record)
{
	struct jval *o = jv_obj(a);
	jv_set(o, "id", jv_int(a, sqlite3_column_int64(s, 0)));
	jv_set(o, "to", jv_str(a, sq_col_text(a, s, 1)));
	jv_set(o, "to_name", jv_str(a, sq_col_text(a, s, 2)));
	jv_set(o, "subject", jv_str(a, sq_col_text(a, s, 3)));
	jv_set(o, "reason", jv_str(a, sq_col_text(a, s, 4)));
	jv_set(o, "status", jv_str(a, sq_col_text(a, s, 5)));
	jv_set(o, "attempts", jv_int(a, sqlite3_column_int64(s, 6)));
	jv_set(o, "next_attempt_at", jv_str(a, sq_col_text(a, s, 7)));
	jv_set(o, "sent_at", jv_str(a, sq_col_text(a, s, 8)));
	jv_set(o, "last_error", jv_str(a, sq_col_text(a, s, 9)));
	jv_set(o, "created_at", jv_str(a, sq_col_text(a, s, 10)));
	if (with_record) {
		jv_set(o, "entity", jv_str(a, sq_col_text(a, s, 11)));
		if (sqlite3_column_type(s, 12) == SQLITE_NULL)
			jv_set(o, "record_id", jv_null(a));
		else
			jv_set(o, "record_id", jv_int(a, sqlite3_column_int64(s, 12)));
	}
	return o;
}

int store_mail_for_record(struct store *st, struct arena *a, long long org, const char *entity, long long record_id,
			  struct jval *out)
{
	sqlite3_stmt *s = sq_prepare(st, "SELECT " MAIL_COLS " FROM mail_queue"
					 " WHERE org_id = ? AND entity = ? AND record_id = ? ORDER BY id DESC");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sq_bind_text(s, 2, entity ? entity : "");
	sqlite3_bind_int64(s, 3, record_id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		jv_push(out, mail_row(a, s, 0));
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "mail of a record");
}

int store_mail_list(struct store *st, struct arena *a, long long org, const char *status, long long page,
		    long long limit, struct jval **rows, long long *total)
{
	if (page < 1)
		page = 1;
	sqlite3_stmt *s = sq_prepare(st, status ? "SELECT count(*) FROM mail_queue WHERE org_id = ? AND status = ?"
						: "SELECT count(*) FROM mail_queue WHERE org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	if (status)
		sq_bind_text(s, 2, status);
	*total = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	s = sq_prepare(st, status ? "SELECT " MAIL_COLS " FROM mail_queue WHERE org_id = ?1 AND status = ?2"
				    " ORDER BY id DESC LIMIT ?3 OFFSET ?4"
				  : "SELECT " MAIL_COLS " FROM mail_queue WHERE org_id = ?1"
				    " ORDER BY id DESC LIMIT ?3 OFFSET ?4");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	if (status)
		sq_bind_text(s, 2, status);
	sqlite3_bind_int64(s, 3, limit);
	sqlite3_bind_int64(s, 4, (page - 1) * limit);
	*rows = jv_arr(a);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		jv_push(*rows, mail_row(a, s, 1));
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "mail list");
}

int store_mail_counts(struct store *st, long long org, long long counts[4])
{
	static const char *const names[4] = { "queued", "retrying", "sent", "failed" };
	memset(counts, 0, 4 * sizeof *counts);
	sqlite3_stmt *s = sq_prepare(st, "SELECT status, count(*) FROM mail_queue WHERE org_id = ? GROUP BY status");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *st_name = (const char *)sqlite3_column_text(s, 0);
		for (int i = 0; i < 4; i++)
			if (st_name && strcmp(st_name, names[i]) == 0)
				counts[i] = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "mail counts");
}

int store_mail_release_claims(struct store *st, long long *released)
{
	sqlite3_stmt *s = sq_prepare(st, "UPDATE mail_queue SET claimed_at = NULL WHERE claimed_at IS NOT NULL");
	if (!s)
		return STORE_ERROR;
	int rc = sq_exec_stmt(st, s, "release mail claims");
	if (released)
		*released = rc ? 0 : sqlite3_changes(st->db);
	return rc;
}

int store_mail_claim(struct store *st, struct arena *a, struct mail_msg *m)
{
	memset(m, 0, sizeof *m);
	if (store_begin(st))
		return STORE_ERROR;
	char now[CLOCK_ISO_LEN];
	clock_now_iso(now);
	int rc = STORE_ERROR;
	sqlite3_stmt *s = sq_prepare(st, "SELECT id, org_id, attempts, to_addr, to_name, subject, body, entity, reason,"
					 " record_id FROM mail_queue WHERE status IN ('queued', 'retrying')"
					 " AND next_attempt_at <= ? AND claimed_at IS NULL"
					 " ORDER BY next_attempt_at, id LIMIT 1");
	if (!s)
		goto out;
	sq_bind_text(s, 1, now);
	int step = sqlite3_step(s);
	if (step == SQLITE_DONE) {
		sqlite3_reset(s);
		rc = STORE_NOTFOUND;
		goto out;
	}
	if (step != SQLITE_ROW) {
		rc = sq_fail(st, "claim mail");
		sqlite3_reset(s);
		goto out;
	}
	m->id = sqlite3_column_int64(s, 0);
	m->org_id = sqlite3_column_int64(s, 1);
	m->attempts = sqlite3_column_int64(s, 2);
	m->to_addr = sq_col_text(a, s, 3);
	m->to_name = sq_col_text(a, s, 4);
	m->subject = sq_col_text(a, s, 5);
	m->body = sq_col_text(a, s, 6);
	m->entity = sq_col_text(a, s, 7);
	m->reason = sq_col_text(a, s, 8);
	m->record_id = sqlite3_column_int64(s, 9);
	sqlite3_reset(s);
	s = sq_prepare(st, "UPDATE mail_queue SET claimed_at = ? WHERE id = ?");
	if (!s)
		goto out;
	sq_bind_text(s, 1, now);
	sqlite3_bind_int64(s, 2, m->id);
	rc = sq_exec_stmt(st, s, "claim mail");
out:
	if (rc == STORE_OK)
		rc = store_commit(st);
	if (rc != STORE_OK)
		store_rollback(st);
	return rc;
}

int store_mail_sent(struct store *st, const struct mail_msg *m, const char *message_id)
{
	if (store_begin(st))
		return STORE_ERROR;
	struct arena *a = arena_new();
	char now[CLOCK_ISO_LEN];
	clock_now_iso(now);
	int rc = STORE_ERROR;
	sqlite3_stmt *s = sq_prepare(st, "UPDATE mail_queue SET status = 'sent', attempts = attempts + 1,"
					 " sent_at = ?1, updated_at = ?1, next_attempt_at = NULL, claimed_at = NULL,"
					 " last_error = NULL, message_id = ?2 WHERE id = ?3");
	if (!s)
		goto out;
	sq_bind_text(s, 1, now);
	sq_bind_text(s, 2, message_id);
	sqlite3_bind_int64(s, 3, m->id);
	if ((rc = sq_exec_stmt(st, s, "mail sent")))
		goto out;
	rc = audit_mail(st, a, m->org_id, m->id, "mail_sent", m->to_addr, "subject", jv_str(a, m->subject),
			"attempts", jv_int(a, m->attempts + 1), "message_id", jv_str(a, message_id));
out:
	if (rc == STORE_OK)
		rc = store_commit(st);
	if (rc != STORE_OK)
		store_rollback(st);
	arena_free(a);
	return rc;
}

int store_mail_attempt_failed(struct store *st, const struct mail_msg *m, const char *error, long long retry_in)
{
	if (store_begin(st))
		return STORE_ERROR;
	struct arena *a = arena_new();
	char now[CLOCK_ISO_LEN], next[CLOCK_ISO_LEN];
	clock_now_iso(now);
	int rc = STORE_ERROR;
	sqlite3_stmt *s;
	if (retry_in >= 0) {
		clock_iso_in(retry_in, next);
		s = sq_prepare(st, "UPDATE mail_queue SET status = 'retrying', attempts = attempts + 1,"
				   " updated_at = ?1, next_attempt_at = ?2, claimed_at = NULL, last_error = ?3"
				   " WHERE id = ?4");
	} else {
		s = sq_prepare(st, "UPDATE mail_queue SET status = 'failed', attempts = attempts + 1,"
				   " updated_at = ?1, next_attempt_at = NULL, claimed_at = NULL, last_error = ?3"
				   " WHERE id = ?4");
	}
	if (!s)
		goto out;
	sq_bind_text(s, 1, now);
	if (retry_in >= 0)
		sq_bind_text(s, 2, next);
	sq_bind_text(s, 3, error ? error : "");
	sqlite3_bind_int64(s, 4, m->id);
	if ((rc = sq_exec_stmt(st, s, "mail attempt")))
		goto out;
	/* A retry is a log line of the sender and the row itself; only the
	 * end of the road goes into the trail. */
	if (retry_in < 0)
		rc = audit_mail(st, a, m->org_id, m->id, "mail_failed", m->to_addr, "subject", jv_str(a, m->subject),
				"attempts", jv_int(a, m->attempts + 1), "error", jv_str(a, error));
out:
	if (rc == STORE_OK)
		rc = store_commit(st);
	if (rc != STORE_OK)
		store_rollback(st);
	arena_free(a);
	return rc;
}

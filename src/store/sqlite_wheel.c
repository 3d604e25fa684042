/*
 * sqlite_wheel.c: the annual wheel's reads, calendar feeds and reminder
 * digests (store/wheel.h).
 */
#include "store/wheel.h"

#include <string.h>

#include "store/sqlite_int.h"
#include "util/clock.h"
#include "util/i18n.h"

int store_wheel_rows(struct store *st, struct arena *a, const char *sql, long long org, const char *from,
		     const char *until, long long person, long long arg, long long limit, const char *entity,
		     struct wheel_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	if (limit <= 0)
		return STORE_OK;
	sqlite3_stmt *s = sq_prepare(st, sql);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sq_bind_text(s, 2, from);
	sq_bind_text(s, 3, until);
	if (person)
		sqlite3_bind_int64(s, 4, person);
	else
		sqlite3_bind_null(s, 4);
	sqlite3_bind_int64(s, 5, arg);
	sqlite3_bind_int64(s, 6, limit);
	sq_bind_text(s, 7, entity);
	size_t cap = 16;
	struct wheel_row *out = arena_alloc_array(a, cap, sizeof *out);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *due = sq_col_text(a, s, 0);
		if (!due || strlen(due) < 10)
			continue;
		if (*n == cap) {
			struct wheel_row *bigger = arena_alloc_array(a, cap * 2, sizeof *out);
			memcpy(bigger, out, cap * sizeof *out);
			out = bigger;
			cap *= 2;
		}
		struct wheel_row *w = &out[(*n)++];
		((char *)due)[10] = 0;
		w->due = due;
		w->id = sqlite3_column_int64(s, 1);
		w->title = sq_col_text(a, s, 2);
		w->person_id = sqlite3_column_int64(s, 3);
		w->unit_id = sqlite3_column_int64(s, 4);
		w->sub = sqlite3_column_count(s) > 5 ? sqlite3_column_int64(s, 5) : 0;
	}
	sqlite3_reset(s);
	*rows = out;
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "wheel");
}

int store_wheel_activities(struct store *st, struct arena *a, long long org, long long person, size_t max,
			   struct wheel_activity **out, size_t *n)
{
	*out = arena_alloc_array(a, max ? max : 1, sizeof **out);
	*n = 0;
	sqlite3_stmt *s = sq_prepare(st, "SELECT id, coalesce(owner_id, 0), coalesce(unit_id, 0), title, rule,"
					 " coalesce(month, 1), day, first_year, coalesce(last_year, 0)"
					 " FROM recurring_activities WHERE org_id = ?1 AND (?2 IS NULL OR owner_id = ?2)"
					 " ORDER BY id LIMIT ?3");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	if (person)
		sqlite3_bind_int64(s, 2, person);
	else
		sqlite3_bind_null(s, 2);
	sqlite3_bind_int64(s, 3, (long long)max);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max) {
		struct wheel_activity *w = &(*out)[(*n)++];
		w->id = sqlite3_column_int64(s, 0);
		w->owner_id = sqlite3_column_int64(s, 1);
		w->unit_id = sqlite3_column_int64(s, 2);
		w->title = sq_col_text(a, s, 3);
		w->rule = sq_col_text(a, s, 4);
		w->month = sqlite3_column_int(s, 5);
		w->day = sqlite3_column_int(s, 6);
		w->first_year = sqlite3_column_int(s, 7);
		w->last_year = sqlite3_column_int(s, 8);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "recurring activities");
}

int store_feed_by_hash(struct store *st, struct arena *a, const char *token_hash, struct wheel_feed *f)
{
	sqlite3_stmt *s = sq_prepare(st, "SELECT id, org_id, coalesce(person_id, 0), coalesce(user_id, 0), label"
					 " FROM calendar_feeds WHERE token_hash = ?1");
	if (!s)
		return STORE_ERROR;
	sq_bind_text(s, 1, token_hash);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		f->id = sqlite3_column_int64(s, 0);
		f->org_id = sqlite3_column_int64(s, 1);
		f->person_id = sqlite3_column_int64(s, 2);
		f->user_id = sqlite3_column_int64(s, 3);
		f->label = sq_col_text(a, s, 4);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return STORE_OK;
	return rc == SQLITE_DONE ? STORE_NOTFOUND : sq_fail(st, "calendar feed");
}

int store_feed_guesses(struct store *st, const char *key, long long since, long long *count)
{
	*count = 0;
	sqlite3_stmt *s = sq_prepare(st, "SELECT count(*) FROM login_failures WHERE key = ?1 AND at > ?2");
	if (!s)
		return STORE_ERROR;
	sq_bind_text(s, 1, key);
	sqlite3_bind_int64(s, 2, since);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "feed look-ups");
}

int store_wheel_people(struct store *st, struct arena *a, long long org, const long long *ids, size_t n,
		       struct wheel_person **out, size_t *nout)
{
	*out = arena_alloc_array(a, n ? n : 1, sizeof **out);
	*nout = 0;
	sqlite3_stmt *s = sq_prepare(st, "SELECT p.id, p.name, p.email,"
					 " (SELECT u.lang FROM users u WHERE u.person_id = p.id AND u.disabled = 0"
					 "  ORDER BY u.id LIMIT 1)"
					 " FROM people p WHERE p.id = ?1 AND p.org_id = ?2 AND p.active = 1"
					 " AND coalesce(p.email, '') <> ''");
	if (!s)
		return STORE_ERROR;
	for (size_t i = 0; i < n; i++) {
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, ids[i]);
		sqlite3_bind_int64(s, 2, org);
		int rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			struct wheel_person *p = &(*out)[(*nout)++];
			p->id = sqlite3_column_int64(s, 0);
			p->name = sq_col_text(a, s, 1);
			p->email = sq_col_text(a, s, 2);
			const char *lang = (const char *)sqlite3_column_text(s, 3);
			int l = lang ? i18n_lang_from_code(lang) : -1;
			p->lang = l < 0 ? LANG_SV : l;
		} else if (rc != SQLITE_DONE) {
			sqlite3_reset(s);
			return sq_fail(st, "reminder people");
		}
	}
	sqlite3_reset(s);
	return STORE_OK;
}

int store_digest_claim(struct store *st, long long org, long long person, const char *day, long long items,
		       int *claimed)
{
	*claimed = 0;
	sqlite3_stmt *s = sq_prepare(st, "INSERT INTO reminder_digests (org_id, person_id, day, items, created_at)"
					 " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING");
	if (!s)
		return STORE_ERROR;
	char now[CLOCK_ISO_LEN];
	clock_now_iso(now);
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, person);
	sq_bind_text(s, 3, day);
	sqlite3_bind_int64(s, 4, items);
	sq_bind_text(s, 5, now);
	int rc = sq_exec_stmt(st, s, "reminder digest");
	if (rc == STORE_OK)
		*claimed = sqlite3_changes(st->db) == 1;
	return rc;
}

int store_digest_mail(struct store *st, long long org, long long person, const char *day, long long mail_id)
{
	sqlite3_stmt *s = sq_prepare(st, "UPDATE reminder_digests SET mail_id = ?4"
					 " WHERE org_id = ?1 AND person_id = ?2 AND day = ?3");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, person);
	sq_bind_text(s, 3, day);
	sqlite3_bind_int64(s, 4, mail_id);
	return sq_exec_stmt(st, s, "reminder digest");
}

int store_wheel_orgs(struct store *st, struct arena *a, size_t max, long long **ids, size_t *n)
{
	*ids = arena_alloc_array(a, max ? max : 1, sizeof **ids);
	*n = 0;
	sqlite3_stmt *s = sq_prepare(st, "SELECT id FROM organisations ORDER BY id LIMIT ?1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, (long long)max);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max)
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "organisations");
}

int store_wheel_reminder_days(struct store *st, long long org, long long *days)
{
	*days = 14;
	sqlite3_stmt *s = sq_prepare(st, "SELECT coalesce(reminder_days_before, 14) FROM organisations WHERE id = ?1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*days = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "organisation");
}

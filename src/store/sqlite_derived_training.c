/*
 * sqlite_derived_training.c: a person's training gaps (elected_official_
 * untrained, staff_untrained, owner_untrained) and their training_state
 * rows, kept per change (store/derived.h; rules in core/training.h and
 * core/gaps.c gap_rules_person), and what a change reaches: a session its
 * attendees (old and new), a course the attendees of its sessions, a
 * person that person, an owner change of a system or an information asset
 * the old and the new owner, a term of office the elected officials, a
 * requirement the people of its audience. See docs/training.md.
 */
#include <stddef.h>
#include <string.h>

#include "core/training.h"
#include "store/derived.h"
#include "store/derived_int.h"
#include "store/sqlite_int.h"
#include "util/clock.h"

#define MAX_TERMS 64

int dr_reach_training(struct derived_run *run, const struct entity *e, long long id, const struct jval *old,
		      const struct jval *rec)
{
	const char *n = e->name;
	if (strcmp(n, "people") == 0) {
		dr_add_id(run, DK_PERSON, id);
		return STORE_OK;
	}
	if (strcmp(n, "systems") == 0 || strcmp(n, "information-assets") == 0) {
		if (dr_changed(old, rec, "owner_id") || (e == &entity_systems && dr_changed(old, rec, "lifecycle"))) {
			dr_add_id(run, DK_PERSON, dr_rec_id(old, "owner_id"));
			dr_add_id(run, DK_PERSON, dr_rec_id(rec, "owner_id"));
		}
		return STORE_OK;
	}
	if (strcmp(n, "training-sessions") == 0) {
		if (dr_changed(old, rec, "session_date") || dr_changed(old, rec, "training_id") ||
		    dr_changed(old, rec, "attendee_ids")) {
			dr_add_ids(run, DK_PERSON, old, "attendee_ids");
			dr_add_ids(run, DK_PERSON, rec, "attendee_ids");
		}
		return STORE_OK;
	}
	if (strcmp(n, "trainings") == 0) {
		if (old && (dr_changed(old, rec, "topic") || dr_changed(old, rec, "audience")))
			return dr_add_rows(run, DK_PERSON, "SELECT DISTINCT a.to_id FROM training_sessions s"
						     " JOIN training_attendees a ON a.from_id = s.id WHERE s.training_id = ?", id);
		return STORE_OK;
	}
	if (strcmp(n, "terms-of-office") == 0)
		return dr_add_rows(run, DK_PERSON, "SELECT id FROM people WHERE org_id = ? AND kind = 'elected'", run->org);
	if (strcmp(n, "training-requirements") == 0) {
		const char *aud[2] = { dr_rec_str(old, "audience"), dr_rec_str(rec, "audience") };
		int rc = STORE_OK;
		for (int i = 0; i < 2 && !rc; i++) {
			if (!aud[i] || (i == 1 && aud[0] && strcmp(aud[0], aud[1]) == 0))
				continue;
			if (strcmp(aud[i], "all_staff") == 0)
				rc = dr_add_rows(run, DK_PERSON, "SELECT id FROM people WHERE org_id = ? AND kind = 'employee'", run->org);
			else if (strcmp(aud[i], "elected_officials") == 0)
				rc = dr_add_rows(run, DK_PERSON, "SELECT id FROM people WHERE org_id = ? AND kind = 'elected'", run->org);
			else if (strcmp(aud[i], "owners") == 0)
				rc = dr_add_rows(run, DK_PERSON, "SELECT owner_id FROM systems WHERE org_id = ?1 AND owner_id IS NOT NULL"
								 " UNION SELECT owner_id FROM information_assets WHERE org_id = ?1"
								 " AND owner_id IS NOT NULL", run->org);
		}
		return rc;
	}
	return STORE_OK;
}

/* The organisation's requirements, by audience (set: 1 when there is one). */
struct reqs {
	int set[TA_COUNT];
	struct training_requirement r[TA_COUNT];
};

static int load_reqs(struct derived_run *run, struct reqs *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = sq_prepare(run->st, "SELECT audience, topics, interval_months, grace_months"
					      " FROM training_requirements WHERE org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, run->org);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int a = training_audience_from_code((const char *)sqlite3_column_text(s, 0));
		long bits = training_topics_bits((const char *)sqlite3_column_text(s, 1));
		if (a < 0 || bits < 0)
			continue;
		out->set[a] = 1;
		out->r[a] = (struct training_requirement){ .audience = a, .topics = (unsigned)bits,
							   .interval_months = sqlite3_column_int(s, 2),
							   .grace_months = sqlite3_column_int(s, 3) };
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(run->st, "training requirements");
}

/* The term of office containing today, into *term (arena strings); 0 when
 * none does. */
static int load_term(struct derived_run *run, const char *today, struct training_term *term, int *found)
{
	*found = 0;
	sqlite3_stmt *s = sq_prepare(run->st, "SELECT start_date, end_date FROM terms_of_office WHERE org_id = ?"
					      " ORDER BY start_date");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, run->org);
	struct training_term v[MAX_TERMS];
	size_t n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (n < MAX_TERMS) {
			v[n].start = sq_col_text(run->a, s, 0);
			v[n].end = sq_col_text(run->a, s, 1);
			n++;
		}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return sq_fail(run->st, "terms of office");
	int i = training_term_of(v, n, today);
	if (i >= 0) {
		*term = v[i];
		*found = 1;
	}
	return STORE_OK;
}

static int put_state(struct derived_run *run, long long person, long long unit, const char *audience, const char *due,
		     const char *until)
{
	sqlite3_stmt *s = sq_prepare(run->st, "INSERT INTO training_state (person_id, audience, org_id, unit_id, due, trained_until)"
					      " VALUES (?, ?, ?, ?, ?, ?)");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, person);
	sq_bind_text(s, 2, audience);
	sqlite3_bind_int64(s, 3, run->org);
	if (unit)
		sqlite3_bind_int64(s, 4, unit);
	else
		sqlite3_bind_null(s, 4);
	sq_bind_text(s, 5, due);
	sq_bind_text(s, 6, until);
	return sq_exec_stmt(run->st, s, "training state");
}

int dr_eval_person(struct derived_run *run, long long id)
{
	struct store *st = run->st;
	sqlite3_stmt *s = sq_prepare(st, "SELECT p.name, p.unit_id, p.kind = 'elected', p.active, substr(p.created_at, 1, 10),"
					 " EXISTS (SELECT 1 FROM systems y WHERE y.owner_id = p.id AND y.lifecycle <> 'retired')"
					 " OR EXISTS (SELECT 1 FROM information_assets i WHERE i.owner_id = p.id)"
					 " FROM people p WHERE p.id = ? AND p.org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, run->org);
	int rc = sqlite3_step(s);
	int exists = rc == SQLITE_ROW, elected = 0, active = 0, owner = 0;
	const char *name = NULL, *registered = NULL;
	long long unit = 0;
	if (exists) {
		name = sq_col_text(run->a, s, 0);
		unit = sqlite3_column_int64(s, 1);
		elected = sqlite3_column_int(s, 2);
		active = sqlite3_column_int(s, 3);
		registered = sq_col_text(run->a, s, 4);
		owner = sqlite3_column_int(s, 5);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(st, "derived person");
	/* The rows as they were, to tell whether they change (the coverage's
	 * kept responses move with the "training" generation). */
	const char *before = NULL;
	if ((rc = dr_text_of(run, "SELECT group_concat(audience || '|' || coalesce(unit_id, '') || '|' || due || '|' || trained_until, ';')"
				  " FROM (SELECT * FROM training_state WHERE person_id = ? ORDER BY audience)", id, &before)))
		return rc;
	if ((rc = dr_exec_ll(st, "DELETE FROM training_state WHERE person_id = ?", 1, &id)))
		return rc;
	struct gap_rows rows = { 0 };
	if (exists && active) {
		struct reqs rq;
		char today[11];
		clock_today(today);
		struct training_term term;
		int have_term = 0;
		if ((rc = load_reqs(run, &rq)) || (rc = load_term(run, today, &term, &have_term)))
			return rc;
		/* The sessions the person attended, the latest first. */
		struct training_attended v[64], *att = v;
		size_t n = 0, cap = sizeof v / sizeof *v;
		sqlite3_stmt *q = sq_prepare(st, "SELECT s.session_date, t.topic, t.audience FROM training_attendees a"
						 " JOIN training_sessions s ON s.id = a.from_id JOIN trainings t ON t.id = s.training_id"
						 " WHERE a.to_id = ? ORDER BY s.session_date DESC LIMIT " "2000");
		if (!q)
			return STORE_ERROR;
		sqlite3_bind_int64(q, 1, id);
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			if (n == cap) {
				struct training_attended *w = arena_alloc(run->a, 2 * cap * sizeof *w);
				memcpy(w, att, n * sizeof *w);
				att = w;
				cap *= 2;
			}
			att[n].date = sq_col_text(run->a, q, 0);
			att[n].topic = training_topic_from_code((const char *)sqlite3_column_text(q, 1));
			att[n].audience = training_audience_from_code((const char *)sqlite3_column_text(q, 2));
			n++;
		}
		sqlite3_reset(q);
		if (rc != SQLITE_DONE)
			return sq_fail(st, "derived person sessions");
		char edue[11], sdue[11], odue[11], until[3][11] = { "", "", "" };
		struct gap_person_facts f = { .id = id, .unit_id = unit };
		if (elected && rq.set[TA_ELECTED]) {
			training_due(&rq.r[TA_ELECTED], att, n, registered, have_term ? &term : NULL, edue, until[0]);
			f.elected_due = edue;
		}
		if (!elected && rq.set[TA_ALL_STAFF]) {
			training_due(&rq.r[TA_ALL_STAFF], att, n, registered, NULL, sdue, until[1]);
			f.staff_due = sdue;
		}
		if (owner && rq.set[TA_OWNERS]) {
			training_due(&rq.r[TA_OWNERS], att, n, registered, NULL, odue, until[2]);
			f.owner_due = odue;
		}
		static const struct {
			int audience;
			size_t off;
		} states[] = {
			{ TA_ELECTED, offsetof(struct gap_person_facts, elected_due) },
			{ TA_ALL_STAFF, offsetof(struct gap_person_facts, staff_due) },
			{ TA_OWNERS, offsetof(struct gap_person_facts, owner_due) },
		};
		for (size_t i = 0; i < sizeof states / sizeof *states; i++) {
			const char *due = *(const char *const *)((const char *)&f + states[i].off);
			if (due && (rc = put_state(run, id, unit, training_audience_code(states[i].audience), due, until[i])))
				return rc;
		}
		gap_rules_person(&f, &rows);
	}
	const char *after = NULL;
	if ((rc = dr_text_of(run, "SELECT group_concat(audience || '|' || coalesce(unit_id, '') || '|' || due || '|' || trained_until, ';')"
				  " FROM (SELECT * FROM training_state WHERE person_id = ? ORDER BY audience)", id, &after))) {
		gap_rows_free(&rows);
		return rc;
	}
	if (((before == NULL) != (after == NULL) || (before && strcmp(before, after) != 0)) &&
	    (rc = store_generation_bump(st, run->org, "training"))) {
		gap_rows_free(&rows);
		return rc;
	}
	rc = dr_gaps_put(run, "people", id, name, &rows);
	gap_rows_free(&rows);
	return rc;
}

/*
 * sqlite_views.c: reading the derived state back for the pages — the gap
 * list and its counts, a system's classification, a control's coverage,
 * the risk picture and the joint action plan (store/derived.h). Every
 * read is an index range or a sum over a few count rows: no page
 * computes anything for the whole organisation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/derived.h"
#include "store/sqlite_int.h"
#include "util/buf.h"

/* The units below unit, itself included, as an SQL list for IN (...):
 * bound as parameter p. */
#define SQL_SUBTREE(p)                                                                              \
	"(WITH RECURSIVE sub(id) AS (SELECT " p " UNION SELECT u.id FROM units u JOIN sub"           \
	" ON u.parent_id = sub.id) SELECT id FROM sub)"

static int readable(const char *const *list, const char *entity)
{
	if (!list)
		return 1;
	for (size_t i = 0; entity && list[i]; i++)
		if (strcmp(list[i], entity) == 0)
			return 1;
	return 0;
}

/* ---- gaps ----------------------------------------------------------------- */

/* The WHERE clause of a gap query (parameters numbered from ?1: org,
 * today, kind, entity, record, person, unit, due_before; unused ones stay
 * unbound, which SQLite allows). */
static void gap_where(struct buf *sql, const struct gap_query *q)
{
	if (q->due_before)
		buf_printf(sql, " WHERE g.org_id = ?1 AND g.due >= ?2 AND g.due < ?8");
	else
		buf_printf(sql, " WHERE g.org_id = ?1 AND (g.due IS NULL OR g.due < ?2)");
	if (q->kind >= 0)
		buf_printf(sql, " AND g.kind = ?3");
	if (q->entity && q->record_id)
		buf_printf(sql, " AND ((g.entity = ?4 AND g.record_id = ?5) OR (g.other_entity = ?4 AND g.other_id = ?5))");
	else if (q->entity)
		buf_printf(sql, " AND g.entity = ?4");
	if (q->person_id == GAP_NO_PERSON)
		buf_printf(sql, " AND g.person_id IS NULL");
	else if (q->person_id)
		buf_printf(sql, " AND g.person_id = ?6");
	if (q->unit_id)
		buf_printf(sql, " AND g.unit_id IN " SQL_SUBTREE("?7"));
	if (q->readable) {
		/* Entity names are the registry's own constants, but they are
		 * bound all the same. */
		buf_printf(sql, " AND g.entity IN (''");
		for (size_t i = 0; q->readable[i]; i++)
			buf_printf(sql, ", ?%zu", 20 + i);
		buf_printf(sql, ")");
	}
}

static void gap_bind(sqlite3_stmt *s, long long org, const struct gap_query *q)
{
	sqlite3_bind_int64(s, 1, org);
	sq_bind_text(s, 2, q->today);
	if (q->kind >= 0)
		sqlite3_bind_int(s, 3, q->kind);
	if (q->entity)
		sq_bind_text(s, 4, q->entity);
	if (q->entity && q->record_id)
		sqlite3_bind_int64(s, 5, q->record_id);
	if (q->person_id > 0)
		sqlite3_bind_int64(s, 6, q->person_id);
	if (q->unit_id)
		sqlite3_bind_int64(s, 7, q->unit_id);
	if (q->due_before)
		sq_bind_text(s, 8, q->due_before);
	for (size_t i = 0; q->readable && q->readable[i]; i++)
		sq_bind_text(s, (int)(20 + i), q->readable[i]);
}

/* The number of open gaps from the counts table, when q filters on
 * nothing the counts do not keep (else -1). */
static int gap_total_from_counts(struct store *st, long long org, const struct gap_query *q, long long *total)
{
	*total = -1;
	if (q->unit_id || q->person_id || q->record_id || q->due_before)
		return STORE_OK;
	long long counts[GAP_KIND_COUNT];
	int rc = store_gap_counts(st, org, q->readable, q->today, counts);
	if (rc)
		return rc;
	*total = 0;
	for (int k = 0; k < GAP_KIND_COUNT; k++)
		if (q->kind < 0 || q->kind == k)
			*total += counts[k];
	if (q->entity) {
		/* Per entity: counted again with the entity (analysis_overdue
		 * spans two). */
		sqlite3_stmt *s = sq_prepare(st, "SELECT coalesce(sum(n), 0) FROM gap_counts WHERE org_id = ?1"
						 " AND (due = '' OR due < ?2) AND entity = ?3 AND (?4 < 0 OR kind = ?4)");
		if (!s)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, org);
		sq_bind_text(s, 2, q->today);
		sq_bind_text(s, 3, q->entity);
		sqlite3_bind_int(s, 4, q->kind);
		rc = sqlite3_step(s);
		*total = rc == SQLITE_ROW && readable(q->readable, q->entity) ? sqlite3_column_int64(s, 0) : 0;
		sqlite3_reset(s);
		if (rc != SQLITE_ROW)
			return sq_fail(st, "gap counts");
	}
	return STORE_OK;
}

/* The SELECT of a gap query: every open gap matching q in q's order, a
 * page of them (q->limit > 0) or all. */
static void gap_select(struct buf *sql, const struct gap_query *q, int all)
{
	buf_printf(sql,
		   "SELECT g.kind, g.entity, g.record_id, g.name, g.other_entity, g.other_id,"
		   " CASE g.other_entity WHEN 'agreements' THEN (SELECT name FROM agreements WHERE id = g.other_id)"
		   " WHEN 'processes' THEN (SELECT name FROM processes WHERE id = g.other_id)"
		   " WHEN 'requirements' THEN (SELECT code FROM requirements WHERE id = g.other_id)"
		   " WHEN 'risk-triggers' THEN (SELECT title FROM risk_triggers WHERE id = g.other_id)"
		   " WHEN 'units' THEN (SELECT name FROM units WHERE id = g.other_id) END,"
		   " g.due, coalesce(g.due, g.since),"
		   " g.unit_id, g.person_id, p.name, u.name FROM gaps g%s LEFT JOIN people p ON p.id = g.person_id"
		   " LEFT JOIN units u ON u.id = g.unit_id",
		   /* One person's gaps (or no one's) from the person's index: a
		    * few hundred to sort, where the index of the list's order
		    * would walk every gap of the organisation to find a person
		    * with none (213 ms to 0.1 ms on the large municipality). */
		   q->person_id ? " INDEXED BY gaps_person" : "");
	gap_where(sql, q);
	const char *dir = q->desc ? " DESC" : "";
	switch (q->sort) {
	case GAP_SORT_NAME:
		buf_printf(sql, " ORDER BY g.name COLLATE sv%s, g.kind, g.id", dir);
		break;
	case GAP_SORT_SINCE:
		buf_printf(sql, " ORDER BY 9%s, g.kind, g.id", dir);
		break;
	case GAP_SORT_DUE:
		buf_printf(sql, " ORDER BY g.due IS NULL, g.due%s, g.kind, g.id", dir);
		break;
	default:
		buf_printf(sql, " ORDER BY g.kind%s, g.name COLLATE sv%s, g.id%s", dir, dir, dir);
		break;
	}
	if (!all && q->limit > 0)
		buf_printf(sql, " LIMIT %lld OFFSET %lld", q->limit, (q->page > 1 ? q->page - 1 : 0) * q->limit);
}

/* Hand the gaps q selects to fn: a page of them, in arena a; or, with
 * each set, every one, a reset after each row so that the walk holds one
 * at a time. */
static int gap_walk(struct store *st, struct arena *a, long long org, const struct gap_query *q, int each,
		    int (*fn)(void *ctx, const struct gap_item *g), void *ctx)
{
	struct buf sql = BUF_INIT;
	gap_select(&sql, q, each);
	sqlite3_stmt *s = sq_prepare(st, buf_str(&sql));
	buf_free(&sql);
	if (!s)
		return STORE_ERROR;
	gap_bind(s, org, q);
	int people = readable(q->readable, entity_people.name), units = readable(q->readable, entity_units.name);
	int rc, stop = 0;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct gap_item g;
		g.kind = (enum gap_kind)sqlite3_column_int(s, 0);
		g.entity = sq_col_text(a, s, 1);
		g.id = sqlite3_column_int64(s, 2);
		g.name = readable(q->readable, g.entity) ? sq_col_text(a, s, 3) : NULL;
		g.other_entity = sq_col_text(a, s, 4);
		g.other_id = sqlite3_column_int64(s, 5);
		g.other_name = readable(q->readable, g.other_entity) ? sq_col_text(a, s, 6) : NULL;
		g.due = sq_col_text(a, s, 7);
		g.since = sq_col_text(a, s, 8);
		g.unit_id = sqlite3_column_int64(s, 9);
		g.person_id = people ? sqlite3_column_int64(s, 10) : 0;
		g.person_name = people ? sq_col_text(a, s, 11) : NULL;
		g.unit_name = units ? sq_col_text(a, s, 12) : NULL;
		stop = fn(ctx, &g);
		if (each)
			arena_reset(a);
	}
	sqlite3_reset(s);
	return stop ? stop : rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "gaps");
}

/* Collect the gaps of a walk into an arena array. */
struct gap_collect {
	struct arena *a;
	void *v;
	size_t *n, cap;
};

static int collect(void *ctx, const struct gap_item *g)
{
	struct gap_collect *c = ctx;
	*(struct gap_item *)arena_push(c->a, &c->v, c->n, &c->cap, sizeof *g) = *g;
	return 0;
}

int store_gap_list(struct store *st, struct arena *a, long long org, const struct gap_query *q,
		   struct gap_item **items, size_t *n, long long *total)
{
	*items = NULL;
	*n = 0;
	long long ignored = 0;
	int counted = total != NULL;
	int rc = total ? gap_total_from_counts(st, org, q, total) : STORE_OK;
	if (rc)
		return rc;
	if (!total)
		total = &ignored;
	struct buf sql = BUF_INIT;
	if (*total < 0) {
		buf_printf(&sql, "SELECT count(*) FROM gaps g");
		gap_where(&sql, q);
		sqlite3_stmt *s = sq_prepare(st, buf_str(&sql));
		if (!s) {
			buf_free(&sql);
			return STORE_ERROR;
		}
		gap_bind(s, org, q);
		rc = sqlite3_step(s);
		*total = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
		sqlite3_reset(s);
		if (rc != SQLITE_ROW) {
			buf_free(&sql);
			return sq_fail(st, "gaps");
		}
	}
	buf_free(&sql);
	/* None open: nothing to walk. The walk in name order would read every
	 * gap of the kind to find none when all are still to come (a
	 * training gap is kept with its due date from the day a person is
	 * registered: 47,000 index entries and 8 ms for the coverage page's
	 * list of staff missing training, none of them yet due). */
	if (counted && *total == 0)
		return STORE_OK;
	struct gap_collect c = { a, NULL, n, 0 };
	rc = gap_walk(st, a, org, q, 0, collect, &c);
	*items = c.v;
	return rc;
}

int store_gap_each(struct store *st, long long org, const struct gap_query *q,
		   int (*fn)(void *ctx, const struct gap_item *g), void *ctx)
{
	struct arena *a = arena_new();
	int rc = gap_walk(st, a, org, q, 1, fn, ctx);
	arena_free(a);
	return rc;
}

int store_gap_counts(struct store *st, long long org, const char *const *list, const char *today,
		     long long counts[GAP_KIND_COUNT])
{
	memset(counts, 0, GAP_KIND_COUNT * sizeof *counts);
	sqlite3_stmt *s = sq_prepare(st, "SELECT kind, entity, sum(n) FROM gap_counts WHERE org_id = ?"
					 " AND (due = '' OR due < ?) GROUP BY kind, entity");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sq_bind_text(s, 2, today);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int k = sqlite3_column_int(s, 0);
		if (k >= 0 && k < GAP_KIND_COUNT && readable(list, (const char *)sqlite3_column_text(s, 1)))
			counts[k] += sqlite3_column_int64(s, 2);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "gap counts");
}

/* ---- classification and coverage ----------------------------------------------- */

int store_system_levels(struct store *st, long long org, long long system, struct levels *lv, int *classified)
{
	levels_unset(lv);
	*classified = 0;
	sqlite3_stmt *s = sq_prepare(st, "SELECT classified, confidentiality, integrity, availability, traceability"
					 " FROM system_state WHERE system_id = ? AND org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, system);
	sqlite3_bind_int64(s, 2, org);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*classified = sqlite3_column_int(s, 0);
		sq_col_levels(s, 1, lv);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "system levels");
}

int store_control_coverage(struct store *st, struct arena *a, long long org, long long control, size_t max_systems,
			   struct control_coverage *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = sq_prepare(st, "SELECT q.id, q.code, q.title_sv, q.title_en, coalesce(c.applies, 0),"
					 " coalesce(c.fulfilled, 0), coalesce(c.not_applicable, 0), q.scope = 'organisation',"
					 " o.id, o.assessment FROM requirement_controls rc"
					 " JOIN requirements q ON q.id = rc.from_id AND q.status = 'active' AND q.org_id = ?2"
					 " LEFT JOIN requirement_coverage c ON c.requirement_id = q.id"
					 " LEFT JOIN org_assessments o ON o.requirement_id = q.id AND q.scope = 'organisation'"
					 " WHERE rc.to_id = ?1 ORDER BY q.code COLLATE sv, q.id");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, control);
	sqlite3_bind_int64(s, 2, org);
	size_t cap = 0;
	void *reqs = NULL;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct req_coverage *q = arena_push(a, &reqs, &out->nreqs, &cap, sizeof *q);
		out->reqs = reqs;
		q->id = sqlite3_column_int64(s, 0);
		q->code = sq_col_text(a, s, 1);
		q->title[0] = sq_col_text(a, s, 2);
		q->title[1] = sq_col_text(a, s, 3);
		q->active = 1;
		q->applies = sqlite3_column_int64(s, 4);
		q->fulfilled = sqlite3_column_int64(s, 5);
		q->not_applicable = sqlite3_column_int64(s, 6);
		q->organisation = sqlite3_column_int(s, 7);
		q->assessment_id = sqlite3_column_int64(s, 8);
		q->assessment = sq_col_text(a, s, 9);
		q->implemented = soa_requirement_implemented(q->applies, q->fulfilled, q->not_applicable);
		out->implemented += (size_t)q->implemented;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return sq_fail(st, "coverage");
	out->cover = soa_control_cover(out->nreqs, out->implemented);
	s = sq_prepare(st, "SELECT count(*) FROM control_systems WHERE control_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, control);
	rc = sqlite3_step(s);
	out->nsystems = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return sq_fail(st, "coverage");
	if (!max_systems || !out->nsystems)
		return STORE_OK;
	/* The first by number: the index's order, so a control that many
	 * systems implement costs no sort. */
	s = sq_prepare(st, "SELECT y.id, y.name FROM control_systems cs JOIN systems y ON y.id = cs.system_id"
			   " WHERE cs.control_id = ? ORDER BY cs.system_id LIMIT ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, control);
	sqlite3_bind_int64(s, 2, (long long)max_systems);
	out->system_ids = arena_alloc_array(a, max_systems, sizeof *out->system_ids);
	out->system_names = arena_alloc_array(a, max_systems, sizeof *out->system_names);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && out->nshown < max_systems) {
		out->system_ids[out->nshown] = sqlite3_column_int64(s, 0);
		out->system_names[out->nshown++] = sq_col_text(a, s, 1);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "coverage");
}

int store_scope_assets(struct store *st, struct arena *a, long long org, const char *scope, long long subject,
		       size_t max, struct scope_asset **out, size_t *n, long long *total)
{
	*n = 0;
	*total = 0;
	*out = arena_alloc_array(a, max ? max : 1, sizeof **out);
	const char *from;
	if (scope && strcmp(scope, "system") == 0)
		from = " FROM system_information l JOIN information_assets i ON i.id = l.to_id"
		       " LEFT JOIN asset_state x ON x.asset_id = i.id WHERE l.from_id = ?2 AND i.org_id = ?1";
	else if (scope && strcmp(scope, "process") == 0)
		from = " FROM asset_processes l JOIN information_assets i ON i.id = l.from_id"
		       " LEFT JOIN asset_state x ON x.asset_id = i.id WHERE l.to_id = ?2 AND i.org_id = ?1";
	else if (scope && strcmp(scope, "unit") == 0)
		from = " FROM information_assets i LEFT JOIN asset_state x ON x.asset_id = i.id"
		       " WHERE i.org_id = ?1 AND i.unit_id = ?2";
	else
		return STORE_OK;
	struct buf sql = BUF_INIT;
	buf_printf(&sql, "SELECT count(*)%s", from);
	sqlite3_stmt *s = sq_prepare(st, buf_str(&sql));
	if (!s) {
		buf_free(&sql);
		return STORE_ERROR;
	}
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, subject);
	int rc = sqlite3_step(s);
	*total = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	buf_reset(&sql);
	buf_printf(&sql, "SELECT i.id, i.name, x.confidentiality, x.integrity, x.availability, x.traceability%s"
			 " ORDER BY i.name COLLATE sv, i.id LIMIT ?3", from);
	s = rc == SQLITE_ROW ? sq_prepare(st, buf_str(&sql)) : NULL;
	buf_free(&sql);
	if (!s)
		return rc == SQLITE_ROW ? STORE_ERROR : sq_fail(st, "scope");
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, subject);
	sqlite3_bind_int64(s, 3, (long long)max);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max) {
		struct scope_asset *x = &(*out)[(*n)++];
		x->id = sqlite3_column_int64(s, 0);
		x->name = sq_col_text(a, s, 1);
		sq_col_levels(s, 2, &x->lv);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "scope");
}

int store_asset_levels_max(struct store *st, long long org, struct levels *max)
{
	levels_unset(max);
	sqlite3_stmt *s = sq_prepare(st, "SELECT max(confidentiality), max(integrity), max(availability), max(traceability)"
					 " FROM asset_state WHERE org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		sq_col_levels(s, 0, max);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "levels");
}

/* ---- the risk picture -------------------------------------------------------------- */

int store_risk_heat(struct store *st, long long org, long long unit, int nl, int nc, struct riskview_heat *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = sq_prepare(st, unit ? "SELECT nlikelihood, nconsequence, likelihood, consequence, sum(n) FROM risk_heat"
						" WHERE org_id = ?1 AND unit_id IN " SQL_SUBTREE("?2") " GROUP BY 1, 2, 3, 4"
					      : "SELECT nlikelihood, nconsequence, likelihood, consequence, n FROM risk_heat"
						" WHERE org_id = ?1 AND unit_id = -1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	if (unit)
		sqlite3_bind_int64(s, 2, unit);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int ml = sqlite3_column_int(s, 0), mc = sqlite3_column_int(s, 1);
		int l = sqlite3_column_int(s, 2), c = sqlite3_column_int(s, 3);
		long long k = sqlite3_column_int64(s, 4);
		out->total += k;
		if (ml != nl || mc != nc || l < 1 || l > nl || c < 1 || c > nc || nl > RISK_LEVELS_MAX || nc > RISK_LEVELS_MAX)
			out->other += k;
		else
			out->n[l - 1][c - 1] += k;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "risk heat");
}

int store_risk_quarters(struct store *st, long long org, long long unit, const char *const *bands, int nbands,
			struct riskview_quarter *out, size_t max, size_t *n)
{
	*n = 0;
	sqlite3_stmt *s = sq_prepare(st, unit ? "SELECT quarter, band, sum(n) FROM risk_quarters WHERE org_id = ?1"
						" AND unit_id IN " SQL_SUBTREE("?2") " GROUP BY 1, 2 ORDER BY 1 DESC"
					      : "SELECT quarter, band, n FROM risk_quarters WHERE org_id = ?1 AND unit_id = -1"
						" ORDER BY 1 DESC");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	if (unit)
		sqlite3_bind_int64(s, 2, unit);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *label = (const char *)sqlite3_column_text(s, 0);
		const char *band = (const char *)sqlite3_column_text(s, 1);
		long long k = sqlite3_column_int64(s, 2);
		if (!label)
			continue;
		if (!*n || strcmp(out[*n - 1].label, label) != 0) {
			if (*n == max)
				break;
			memset(&out[*n], 0, sizeof *out);
			snprintf(out[*n].label, sizeof out[*n].label, "%s", label);
			(*n)++;
		}
		struct riskview_quarter *q = &out[*n - 1];
		int b = 0;
		while (b < nbands && !(band && strcmp(band, bands[b]) == 0))
			b++;
		if (b < nbands)
			q->n[b] += k;
		else
			q->other += k;
		q->total += k;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "risk quarters");
}

int store_top_risks(struct store *st, struct arena *a, long long org, long long unit, size_t max,
		    struct top_risk **out, size_t *n)
{
	*n = 0;
	*out = arena_alloc_array(a, max ? max : 1, sizeof **out);
	sqlite3_stmt *s = sq_prepare(st, unit ? "SELECT r.id, r.title, r.band, r.value, r.analysis_id, y.title FROM risk_state x"
						" JOIN risks r ON r.id = x.risk_id JOIN risk_analyses y ON y.id = r.analysis_id"
						" WHERE x.org_id = ?1 AND x.current = 1 AND x.unit_id IN " SQL_SUBTREE("?2")
						" ORDER BY x.value DESC, x.risk_id LIMIT ?3"
					      : "SELECT r.id, r.title, r.band, r.value, r.analysis_id, y.title FROM risk_state x"
						" JOIN risks r ON r.id = x.risk_id JOIN risk_analyses y ON y.id = r.analysis_id"
						" WHERE x.org_id = ?1 AND x.current = 1 ORDER BY x.value DESC, x.risk_id LIMIT ?3");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	if (unit)
		sqlite3_bind_int64(s, 2, unit);
	sqlite3_bind_int64(s, 3, (long long)max);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max) {
		struct top_risk *t = &(*out)[(*n)++];
		t->id = sqlite3_column_int64(s, 0);
		t->title = sq_col_text(a, s, 1);
		t->band = sq_col_text(a, s, 2);
		t->value = sqlite3_column_int(s, 3);
		t->analysis_id = sqlite3_column_int64(s, 4);
		t->analysis = sq_col_text(a, s, 5);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "top risks");
}

/* ---- the joint action plan ---------------------------------------------------------- */

int store_plan_page(struct store *st, struct arena *a, long long org, const struct plan_query *q,
		    struct plan_entry **out, size_t *n, long long *total, long long *overdue)
{
	*n = 0;
	*total = *overdue = 0;
	*out = NULL;
	if (!q->measures && !q->items)
		return STORE_OK;
	int kind = q->measures && q->items ? -1 : q->measures ? AP_MEASURE : AP_REQUIREMENT;
	/* The totals: from the counts per due date, or for one person from
	 * the entries. */
	sqlite3_stmt *s = sq_prepare(st, q->owner_id
					     ? "SELECT count(*), coalesce(sum(due < ?2), 0) FROM plan_entries WHERE org_id = ?1"
					       " AND owner_id = ?4 AND (?3 < 0 OR kind = ?3)"
					     : "SELECT coalesce(sum(n), 0), coalesce(sum(CASE WHEN due < ?2 THEN n END), 0)"
					       " FROM plan_due_counts WHERE org_id = ?1 AND (?3 < 0 OR kind = ?3)");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sq_bind_text(s, 2, q->today);
	sqlite3_bind_int(s, 3, kind);
	if (q->owner_id)
		sqlite3_bind_int64(s, 4, q->owner_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*total = sqlite3_column_int64(s, 0);
		*overdue = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return sq_fail(st, "plan");

	struct buf sql = BUF_INIT;
	buf_printf(&sql, "SELECT e.kind, e.record_id, e.due, e.owner_id, p.name, m.title, m.status, m.risk_id, rk.title,"
			 " q.code, q.title_sv, q.title_en, i.assessment, i.system_id, y.name FROM plan_entries e"
			 " LEFT JOIN people p ON p.id = e.owner_id"
			 " LEFT JOIN measures m ON e.kind = 0 AND m.id = e.record_id LEFT JOIN risks rk ON rk.id = m.risk_id"
			 " LEFT JOIN plan_items i ON e.kind = 1 AND i.id = e.record_id"
			 " LEFT JOIN requirements q ON q.id = i.requirement_id LEFT JOIN systems y ON y.id = i.system_id"
			 " WHERE e.org_id = ?1");
	if (q->owner_id)
		buf_printf(&sql, " AND e.owner_id = ?2");
	if (kind >= 0)
		buf_printf(&sql, " AND e.kind = %d", kind);
	buf_printf(&sql, " ORDER BY e.due, e.kind, e.record_id LIMIT %lld OFFSET %lld", q->limit,
		   (q->page > 1 ? q->page - 1 : 0) * q->limit);
	s = sq_prepare(st, buf_str(&sql));
	buf_free(&sql);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	if (q->owner_id)
		sqlite3_bind_int64(s, 2, q->owner_id);
	*out = arena_alloc_array(a, (size_t)(q->limit > 0 ? q->limit : 1), sizeof **out);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && (long long)*n < q->limit) {
		struct plan_entry *e = &(*out)[(*n)++];
		e->kind = sqlite3_column_int(s, 0) == AP_MEASURE ? AP_MEASURE : AP_REQUIREMENT;
		e->id = sqlite3_column_int64(s, 1);
		const char *due = (const char *)sqlite3_column_text(s, 2);
		e->due = due && strcmp(due, AP_NO_DUE) != 0 ? arena_strdup(a, due) : NULL;
		e->owner_id = sqlite3_column_int64(s, 3);
		e->owner = sq_col_text(a, s, 4);
		if (e->kind == AP_MEASURE) {
			e->title = sq_col_text(a, s, 5);
			e->status = sq_col_text(a, s, 6);
			e->context_id = sqlite3_column_int64(s, 7);
			e->context = sq_col_text(a, s, 8);
		} else {
			e->title = sq_col_text(a, s, 9);
			e->req_title[0] = sq_col_text(a, s, 10);
			e->req_title[1] = sq_col_text(a, s, 11);
			e->status = sq_col_text(a, s, 12);
			e->context_id = sqlite3_column_int64(s, 13);
			e->context = sq_col_text(a, s, 14);
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "plan");
}

/*
 * sqlite_incident_stats.c: the incident statistics' reads
 * (store/incident_stats.h).
 */
#include <string.h>

#include "model/entity.h"
#include "store/incident_stats.h"
#include "store/sqlite_int.h"
#include "util/buf.h"
#include "util/check.h"

/* The reader's restriction as SQL on incidents i (" AND (...)"), the
 * person bound at *next on. Field names come from the registry (the
 * grants' owner and flag fields), never from a request. */
static void restrict_sql(struct buf *b, const struct list_query *q, int *nperson)
{
	*nperson = 0;
	if (!q || !q->restricted)
		return;
	buf_puts(b, " AND (0");
	for (size_t i = 0; i < q->nown && i < 4; i++) {
		const struct field *f = entity_field(&entity_incidents, q->own[i]);
		if (!ALWAYS(f && f->type == F_REF))
			continue;
		buf_printf(b, " OR i.%s = ?", f->name);
		(*nperson)++;
	}
	for (size_t i = 0; i < q->nflag && i < 4; i++) {
		const struct field *f = entity_field(&entity_incidents, q->flag[i]);
		if (ALWAYS(f && f->type == F_BOOL))
			buf_printf(b, " OR i.%s != 0", f->name);
	}
	buf_puts(b, ")");
}

static void bind_period(sqlite3_stmt *s, long long org, const char *from, const char *to,
			const struct list_query *q, int nperson, int at)
{
	sqlite3_bind_int64(s, 1, org);
	sq_bind_text(s, 2, from);
	sq_bind_text(s, 3, to);
	for (int i = 0; i < nperson; i++)
		sqlite3_bind_int64(s, at + i, q->person);
}

static const char *col(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

int store_incident_stats_each(struct store *st, long long org, const char *from, const char *to,
			      const struct list_query *limit, incident_stat_fn fn, void *ctx)
{
	struct buf sql = BUF_INIT;
	int nperson;
	buf_puts(&sql, "SELECT i.aware_at, i.triaged_at, i.closed_at, i.channel, i.category_id, i.severity_id,"
		       " i.supplier_id IS NOT NULL FROM incidents i INDEXED BY incidents_stats"
		       " WHERE i.org_id = ? AND i.aware_at >= ? AND i.aware_at < ?");
	restrict_sql(&sql, limit, &nperson);
	sqlite3_stmt *s = sq_prepare(st, buf_str(&sql));
	buf_free(&sql);
	if (!s)
		return STORE_ERROR;
	bind_period(s, org, from, to, limit, nperson, 4);
	int rc = SQLITE_DONE, stop = 0;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct incident_stat_row row = {
			.aware_at = col(s, 0), .triaged_at = col(s, 1), .closed_at = col(s, 2), .channel = col(s, 3),
			.category_id = sqlite3_column_int64(s, 4), .severity_id = sqlite3_column_int64(s, 5),
			.supplier = sqlite3_column_int(s, 6),
		};
		stop = fn(ctx, &row);
	}
	if (stop) {
		sqlite3_reset(s);
		return stop;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "incident statistics");
}

int store_incident_deadlines_each(struct store *st, long long org, const char *from, const char *to,
				  const struct list_query *limit, incident_deadline_fn fn, void *ctx)
{
	/* The first report of each kind with a deadline, one index seek each
	 * (incident_reports_incident: incident_id, kind, sent_at). */
	struct buf sql = BUF_INIT;
	buf_puts(&sql, "SELECT i.id, i.aware_at, i.significance, i.pd_breach, i.status, i.handled_at");
	for (int k = 0; k < DL_KIND_COUNT; k++)
		buf_printf(&sql, ", (SELECT min(sent_at) FROM incident_reports WHERE incident_id = i.id AND kind = ?%d)",
			   k + 4);
	buf_puts(&sql, " FROM incidents i INDEXED BY incidents_stats WHERE i.org_id = ?1 AND i.aware_at >= ?2"
		       " AND i.aware_at < ?3 AND (i.significance = 'significant' OR i.pd_breach = 'yes_report')");
	int nperson;
	restrict_sql(&sql, limit, &nperson);
	sqlite3_stmt *s = sq_prepare(st, buf_str(&sql));
	buf_free(&sql);
	if (!s)
		return STORE_ERROR;
	bind_period(s, org, from, to, limit, nperson, 4 + DL_KIND_COUNT);
	for (int k = 0; k < DL_KIND_COUNT; k++)
		sq_bind_text(s, 4 + k, deadline_kind_code((enum deadline_kind)k));
	int rc = SQLITE_DONE, stop = 0;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct incident_deadline_row row = {
			.id = sqlite3_column_int64(s, 0), .aware_at = col(s, 1), .significance = col(s, 2),
			.pd_breach = col(s, 3), .status = col(s, 4), .handled_at = col(s, 5),
		};
		for (int k = 0; k < DL_KIND_COUNT; k++)
			row.sent[k] = col(s, 6 + k);
		stop = fn(ctx, &row);
	}
	sqlite3_reset(s);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "incident deadlines");
}

/*
 * sqlite_tasks.c: one person's own records and drafts for "Mina uppgifter"
 * (store/tasks.h). Each list is one statement over the person's index
 * range; count(*) OVER () gives the total with the first rows.
 */
#include "store/tasks.h"

#include "core/gaps.h"
#include "store/sqlite_int.h"

/* ?1 org, ?2 person, ?3 limit, ?4 the residual gap's kind. Columns: id, name, other_id, other, date,
 * as, total. */
static const char *const task_sql[] = {
	[TASK_SYSTEMS] = "SELECT id, name, 0, NULL, NULL, (owner_id IS ?2) | ((administrator_id IS ?2) << 1),"
			 " count(*) OVER () FROM systems WHERE org_id = ?1 AND (owner_id = ?2 OR administrator_id = ?2)"
			 " AND coalesce(lifecycle, '') <> 'retired' ORDER BY name COLLATE sv, id LIMIT ?3",
	[TASK_ASSETS] = "SELECT id, name, 0, NULL, NULL, 1, count(*) OVER () FROM information_assets"
			" WHERE org_id = ?1 AND owner_id = ?2 ORDER BY name COLLATE sv, id LIMIT ?3",
	[TASK_CLASSIFICATIONS] = "SELECT c.id, i.name, i.id, i.name, c.classified_on, 0, count(*) OVER ()"
				 " FROM information_assets i JOIN classifications c ON c.asset_id = i.id"
				 " AND c.status = 'draft' WHERE i.org_id = ?1 AND i.owner_id = ?2"
				 " ORDER BY c.classified_on, c.id LIMIT ?3",
	/* From the person's analyses and systems (CROSS JOIN keeps that order:
	 * never the organisation's analyses one by one). */
	[TASK_ANALYSES] = "SELECT an.id, an.title, coalesce(an.system_id, 0), s.name, an.analysed_on, 0,"
			  " count(*) OVER () FROM (SELECT id FROM risk_analyses WHERE risk_owner_id = ?2"
			  " UNION SELECT r.id FROM systems y JOIN risk_analyses r ON r.system_id = y.id"
			  " WHERE y.owner_id = ?2 AND r.scope = 'system') x CROSS JOIN risk_analyses an ON an.id = x.id"
			  " LEFT JOIN systems s ON s.id = an.system_id"
			  " WHERE an.org_id = ?1 AND an.status = 'draft' ORDER BY an.analysed_on, an.id LIMIT ?3",
	[TASK_RESIDUAL] = "SELECT g.record_id, g.name, an.id, an.title, an.decided_on, 0, count(*) OVER ()"
			  " FROM gaps g JOIN risks k ON k.id = g.record_id JOIN risk_analyses an ON an.id = k.analysis_id"
			  " WHERE g.org_id = ?1 AND g.person_id = ?2 AND g.kind = ?4 AND g.entity = 'risks'"
			  " ORDER BY an.decided_on, an.id, g.name COLLATE sv, g.record_id LIMIT ?3",
	/* The person's notices (their index, newest first), each incident by
	 * its key. */
	[TASK_NOTICES] = "SELECT n.id, coalesce(i.receipt || ': ', '') || i.title, n.incident_id, n.rule_name,"
			 " n.created_at, n.read_at IS NOT NULL, count(*) OVER ()"
			 " FROM incident_notices n CROSS JOIN incidents i ON i.id = n.incident_id"
			 " WHERE n.person_id = ?2 AND n.org_id = ?1 AND i.status NOT IN ('closed', 'not_incident')"
			 " ORDER BY n.id DESC LIMIT ?3",
};

int store_tasks(struct store *st, struct arena *a, long long org, long long person, enum task_list which, size_t max,
		struct task_row **out, size_t *n, long long *total)
{
	*out = NULL;
	*n = 0;
	*total = 0;
	if ((size_t)which >= sizeof task_sql / sizeof *task_sql || !person || !max)
		return STORE_OK;
	sqlite3_stmt *s = sq_prepare(st, task_sql[which]);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, person);
	sqlite3_bind_int64(s, 3, (long long)max);
	if (which == TASK_RESIDUAL)
		sqlite3_bind_int(s, 4, GAP_RESIDUAL_NOT_ACCEPTED);
	*out = arena_alloc_array(a, max, sizeof **out);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max) {
		struct task_row *t = &(*out)[(*n)++];
		t->id = sqlite3_column_int64(s, 0);
		t->name = sq_col_text(a, s, 1);
		t->other_id = sqlite3_column_int64(s, 2);
		t->other = sq_col_text(a, s, 3);
		t->date = sq_col_text(a, s, 4);
		t->as = sqlite3_column_int(s, 5);
		*total = sqlite3_column_int64(s, 6);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "tasks");
}

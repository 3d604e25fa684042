/*
 * sqlite_incidents.c: what incidents need beyond the registry's generic
 * records (store/store.h, "incidents"): receipt numbers, the current
 * significance criteria version, the follow secret's lookup.
 */
#include <stdio.h>
#include <string.h>

#include "core/classify.h"
#include "store/sqlite_int.h"
#include "util/clock.h"

int store_significance_version(struct store *st, long long org, long long *version)
{
	*version = 0;
	sqlite3_stmt *s = sq_prepare(st, "SELECT max(version) FROM significance_criteria WHERE org_id = ? AND active != 0");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "significance version");
}

long long store_incident_by_follow_hash(struct store *st, long long org, const char *hash)
{
	sqlite3_stmt *s = sq_prepare(st, "SELECT id FROM incidents WHERE org_id = ? AND follow_hash = ?");
	if (!s)
		return 0;
	sqlite3_bind_int64(s, 1, org);
	sq_bind_text(s, 2, hash);
	long long id = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return id;
}

int store_incident_affected(struct store *st, struct arena *a, long long org, long long incident,
			    struct affected_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = sq_prepare(st,
		"SELECT 1, y.id, y.name, x.classified, x.confidentiality, x.integrity, x.availability, x.traceability"
		" FROM incident_systems l JOIN systems y ON y.id = l.to_id LEFT JOIN system_state x ON x.system_id = y.id"
		" WHERE l.from_id = ?1 AND y.org_id = ?2"
		" UNION ALL SELECT 0, i.id, i.name, x.asset_id IS NOT NULL, x.confidentiality, x.integrity, x.availability,"
		" x.traceability FROM incident_assets l JOIN information_assets i ON i.id = l.to_id"
		" LEFT JOIN asset_state x ON x.asset_id = i.id WHERE l.from_id = ?1 AND i.org_id = ?2"
		" ORDER BY 1 DESC, 3 COLLATE sv LIMIT 200");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, incident);
	sqlite3_bind_int64(s, 2, org);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct affected_row *nv = arena_alloc_array(a, ncap, sizeof *nv);
			if (*n)
				memcpy(nv, *out, *n * sizeof *nv);
			*out = nv;
			cap = ncap;
		}
		struct affected_row *r = &(*out)[(*n)++];
		r->system = sqlite3_column_int(s, 0);
		r->id = sqlite3_column_int64(s, 1);
		r->name = sq_col_text(a, s, 2);
		r->classified = sqlite3_column_int(s, 3);
		for (int k = 0; k < ASPECT_COUNT; k++)
			r->lv.v[k] = sqlite3_column_type(s, 4 + k) == SQLITE_NULL ? LEVEL_UNSET : sqlite3_column_int(s, 4 + k);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "affected");
}

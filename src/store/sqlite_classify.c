/*
 * sqlite_classify.c: what classification needs beyond plain records — the
 * current classification of an asset (the latest decided one), the levels
 * of a system's information, the latest decision on a system, and the
 * catalogue bookkeeping.
 */
#include <string.h>

#include "core/classify.h"
#include "store/sqlite_int.h"

int store_asset_classification(struct store *st, struct arena *a, long long org, long long asset,
			       struct levels *lv, long long *id, const char **decided_on)
{
	levels_unset(lv);
	*id = 0;
	*decided_on = NULL;
	sqlite3_stmt *s = sq_prepare(st,
		"SELECT id, confidentiality, integrity, availability, traceability, decided_on"
		" FROM classifications WHERE id = " SQL_CURRENT_CLASSIFICATION("?") " AND org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, asset);
	sqlite3_bind_int64(s, 2, org);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		sq_col_levels(s, 1, lv);
		*decided_on = sq_col_text(a, s, 5);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	return rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "classification");
}

int store_system_asset_levels(struct store *st, struct arena *a, long long org, long long system,
			      struct asset_levels **out, const char ***names, size_t *n)
{
	sqlite3_stmt *s = sq_prepare(st,
		"SELECT i.id, i.name, c.confidentiality, c.integrity, c.availability, c.traceability"
		" FROM system_information l JOIN information_assets i ON i.id = l.to_id"
		" LEFT JOIN classifications c ON c.id = " SQL_CURRENT_CLASSIFICATION("i.id")
		" WHERE l.from_id = ? AND i.org_id = ? ORDER BY i.name COLLATE sv, i.id");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, system);
	sqlite3_bind_int64(s, 2, org);
	size_t cap = 16, k = 0;
	struct asset_levels *v = arena_alloc_array(a, cap, sizeof *v);
	const char **nm = arena_alloc_array(a, cap, sizeof *nm);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (k == cap) {
			struct asset_levels *v2 = arena_alloc_array(a, 2 * cap, sizeof *v2);
			const char **nm2 = arena_alloc_array(a, 2 * cap, sizeof *nm2);
			memcpy(v2, v, cap * sizeof *v);
			memcpy(nm2, nm, cap * sizeof *nm);
			v = v2, nm = nm2, cap *= 2;
		}
		v[k].asset_id = sqlite3_column_int64(s, 0);
		nm[k] = sq_col_text(a, s, 1);
		sq_col_levels(s, 2, &v[k].lv);
		k++;
	}
	sqlite3_reset(s);
	*out = v;
	*names = nm;
	*n = k;
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "system levels");
}

int store_system_decision(struct store *st, long long org, long long system, struct levels *lv,
			  long long *id)
{
	levels_unset(lv);
	*id = 0;
	sqlite3_stmt *s = sq_prepare(st,
		"SELECT id, confidentiality, integrity, availability, traceability"
		" FROM system_classifications WHERE id = " SQL_LATEST_SYSTEM_DECISION("?") " AND org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, system);
	sqlite3_bind_int64(s, 2, org);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		sq_col_levels(s, 1, lv);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "system decision");
}

int store_catalogue_digest(struct store *st, struct arena *a, long long org, const char *name,
			   const char **digest)
{
	*digest = NULL;
	sqlite3_stmt *s = sq_prepare(st, "SELECT digest FROM catalogue_state WHERE org_id = ? AND name = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sq_bind_text(s, 2, name);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*digest = sq_col_text(a, s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "catalogue state");
}

int store_catalogue_set_digest(struct store *st, long long org, const char *name,
			       const char *digest, const char *now)
{
	sqlite3_stmt *s = sq_prepare(st,
		"INSERT INTO catalogue_state (org_id, name, digest, synced_at) VALUES (?, ?, ?, ?)"
		" ON CONFLICT (org_id, name) DO UPDATE SET digest = excluded.digest, synced_at = excluded.synced_at");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sq_bind_text(s, 2, name);
	sq_bind_text(s, 3, digest);
	sq_bind_text(s, 4, now);
	return sq_exec_stmt(st, s, "catalogue state");
}

void sq_col_levels(sqlite3_stmt *s, int col, struct levels *lv)
{
	for (int a = 0; a < ASPECT_COUNT; a++)
		lv->v[a] = sqlite3_column_type(s, col + a) == SQLITE_NULL ? LEVEL_UNSET
									  : sqlite3_column_int(s, col + a);
}

int store_requirements_applying(struct store *st, struct arena *a, long long org, const struct levels *eff,
				struct catalogue_req **out, size_t *n)
{
	*n = 0;
	*out = NULL;
	/* A requirement applies when the level on its aspect (any aspect,
	 * for "any") reaches its minimum (1-3), and always at minimum 0; an
	 * unset level (-1) reaches none (core/classify.h requirement_applies). */
	sqlite3_stmt *s = sq_prepare(st, "SELECT id, code, title_sv, title_en, current_sv, current_en, procurement_sv,"
					 " procurement_en, aspect, min_level, area FROM requirements WHERE org_id = ?1 AND status = 'active' AND scope = 'system'"
					 " AND aspect IN ('K', 'R', 'T', 'S', 'any') AND (min_level = 0 OR (min_level BETWEEN 1 AND 3 AND"
					 " ((aspect IN ('K', 'any') AND min_level <= ?2) OR (aspect IN ('R', 'any') AND min_level <= ?3)"
					 " OR (aspect IN ('T', 'any') AND min_level <= ?4) OR (aspect IN ('S', 'any') AND min_level <= ?5))))"
					 " ORDER BY code COLLATE sv, id");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	for (int k = 0; k < ASPECT_COUNT; k++)
		sqlite3_bind_int(s, 2 + k, eff->v[k]);
	size_t cap = 0;
	void *v = NULL;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct catalogue_req *q = arena_push(a, &v, n, &cap, sizeof *q);
		q->id = sqlite3_column_int64(s, 0);
		q->code = sq_col_text(a, s, 1);
		for (int l = 0; l < 2; l++) {
			q->title[l] = sq_col_text(a, s, 2 + l);
			q->current[l] = sq_col_text(a, s, 4 + l);
			q->procurement[l] = sq_col_text(a, s, 6 + l);
		}
		q->aspect = sq_col_text(a, s, 8);
		q->min_level = sqlite3_column_int(s, 9);
		q->area = sq_col_text(a, s, 10);
	}
	sqlite3_reset(s);
	*out = v;
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "requirements");
}

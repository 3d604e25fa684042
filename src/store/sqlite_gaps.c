/*
 * sqlite_gaps.c: load what the gap rules (core/gaps.c) look at.
 */
#include <string.h>

#include "core/gaps.h"
#include "store/sqlite_int.h"

/* Run sql (one parameter: org) and grow *arr with one element per row,
 * filled by fill(). */
static int load(struct store *st, struct arena *a, long long org, const char *sql, size_t size,
		void **arr, size_t *n, void (*fill)(struct arena *, sqlite3_stmt *, void *))
{
	sqlite3_stmt *s = sq_prepare(st, sql);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	size_t cap = 256;
	char *v = arena_alloc(a, cap * size);
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			char *bigger = arena_alloc(a, 2 * cap * size);
			memcpy(bigger, v, cap * size);
			v = bigger;
			cap *= 2;
		}
		fill(a, s, v + *n * size);
		(*n)++;
	}
	sqlite3_reset(s);
	*arr = v;
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "gaps");
}

static void fill_system(struct arena *a, sqlite3_stmt *s, void *p)
{
	struct gap_system *x = p;
	x->id = sqlite3_column_int64(s, 0);
	x->name = sq_col_text(a, s, 1);
	x->owner_id = sqlite3_column_int64(s, 2);
	x->administrator_id = sqlite3_column_int64(s, 3);
	const char *lc = (const char *)sqlite3_column_text(s, 4);
	x->lifecycle = !lc ? GL_IN_USE
		       : strcmp(lc, "planned") == 0 ? GL_PLANNED
		       : strcmp(lc, "retiring") == 0 ? GL_RETIRING
		       : strcmp(lc, "retired") == 0 ? GL_RETIRED : GL_IN_USE;
	const char *sh = (const char *)sqlite3_column_text(s, 5);
	x->office_hours = sh && strcmp(sh, "office") == 0;
}

static void fill_asset(struct arena *a, sqlite3_stmt *s, void *p)
{
	struct gap_asset *x = p;
	x->id = sqlite3_column_int64(s, 0);
	x->name = sq_col_text(a, s, 1);
	x->owner_id = sqlite3_column_int64(s, 2);
}

static void fill_process(struct arena *a, sqlite3_stmt *s, void *p)
{
	struct gap_process *x = p;
	x->id = sqlite3_column_int64(s, 0);
	x->name = sq_col_text(a, s, 1);
	x->critical = sqlite3_column_int(s, 2);
}

static void fill_agreement(struct arena *a, sqlite3_stmt *s, void *p)
{
	struct gap_agreement *x = p;
	x->id = sqlite3_column_int64(s, 0);
	x->name = sq_col_text(a, s, 1);
	x->end_date = sq_col_text(a, s, 2);
}

static void fill_link(struct arena *a, sqlite3_stmt *s, void *p)
{
	(void)a;
	struct gap_link *x = p;
	x->from = sqlite3_column_int64(s, 0);
	x->to = sqlite3_column_int64(s, 1);
}

int store_gap_input(struct store *st, struct arena *a, long long org, struct gap_input *in)
{
	memset(in, 0, sizeof *in);
	void *p;
	int rc;
#define LOAD(sql, type, fill, field, count)                                                   \
	do {                                                                                  \
		rc = load(st, a, org, sql, sizeof(type), &p, &in->count, fill);               \
		if (rc)                                                                       \
			return rc;                                                            \
		in->field = p;                                                                \
	} while (0)
	LOAD("SELECT id, name, owner_id, administrator_id, lifecycle, support_hours FROM systems"
	     " WHERE org_id = ? ORDER BY name COLLATE sv, id",
	     struct gap_system, fill_system, systems, nsystems);
	LOAD("SELECT id, name, owner_id FROM information_assets WHERE org_id = ? ORDER BY name COLLATE sv, id",
	     struct gap_asset, fill_asset, assets, nassets);
	LOAD("SELECT id, name, critical FROM processes WHERE org_id = ? ORDER BY name COLLATE sv, id",
	     struct gap_process, fill_process, processes, nprocesses);
	LOAD("SELECT id, name, end_date FROM agreements WHERE org_id = ? ORDER BY name COLLATE sv, id",
	     struct gap_agreement, fill_agreement, agreements, nagreements);
	LOAD("SELECT l.from_id, l.to_id FROM system_information l JOIN systems s ON s.id = l.from_id"
	     " WHERE s.org_id = ?",
	     struct gap_link, fill_link, system_assets, nsystem_assets);
	LOAD("SELECT l.from_id, l.to_id FROM asset_processes l JOIN information_assets s ON s.id = l.from_id"
	     " WHERE s.org_id = ?",
	     struct gap_link, fill_link, asset_processes, nasset_processes);
	LOAD("SELECT l.from_id, l.to_id FROM system_dependencies l JOIN systems s ON s.id = l.from_id"
	     " WHERE s.org_id = ?",
	     struct gap_link, fill_link, system_deps, nsystem_deps);
	LOAD("SELECT l.from_id, l.to_id FROM agreement_systems l JOIN agreements s ON s.id = l.from_id"
	     " WHERE s.org_id = ?",
	     struct gap_link, fill_link, agreement_systems, nagreement_systems);
#undef LOAD
	return STORE_OK;
}

/*
 * derived.c: see derived.h.
 */
#include "model/derived.h"

#include "store/derived.h"
#include "store/store.h"
#include "util/clock.h"

/* Evaluate what run->todo holds, kind by kind; an evaluation adds only
 * records of later kinds. */
static int walk(struct derived_run *run)
{
	for (int k = 0; k < DK_COUNT; k++) {
		derived_set_unique(&run->todo, (enum derived_kind)k);
		for (size_t i = 0; i < run->todo.n[k]; i++) {
			int rc = store_derived_eval(run, (enum derived_kind)k, run->todo.ids[k][i]);
			if (rc)
				return rc;
		}
	}
	return STORE_OK;
}

/* Move the generations of the derived areas the walk changed (the
 * table written moves its own: store_insert and the others do that). */
static int bump(struct derived_run *run)
{
	static const struct {
		unsigned flag;
		const char *name;
	} areas[] = { { DT_GAPS, "gaps" }, { DT_COVERAGE, "coverage" }, { DT_PICTURE, "picture" }, { DT_PLAN, "plan" } };
	int rc = STORE_OK;
	for (size_t i = 0; i < sizeof areas / sizeof *areas && !rc; i++)
		if (run->touched & areas[i].flag)
			rc = store_generation_bump(run->st, run->org, areas[i].name);
	return rc;
}

int derived_after_write(struct rctx *c, const struct entity *e, long long id, const struct jval *old,
			const struct jval *rec)
{
	struct derived_run run;
	derived_run_init(&run, c->st, c->who->org_id);
	int rc = store_derived_reach(&run, e, id, old, rec);
	if (!rc)
		rc = walk(&run);
	if (!rc)
		rc = bump(&run);
	derived_run_free(&run);
	return rc ? REC_ERROR : REC_OK;
}

static int rebuild_in_tx(struct store *st, long long org, long long *evaluated)
{
	struct derived_run run;
	derived_run_init(&run, st, org);
	int rc = store_derived_clear(st, org);
	for (int k = 0; k < DK_COUNT && !rc; k++)
		rc = store_derived_all(&run, (enum derived_kind)k);
	if (!rc)
		rc = walk(&run);
	if (!rc) {
		run.touched = DT_GAPS | DT_COVERAGE | DT_PICTURE | DT_PLAN;
		rc = bump(&run);
	}
	/* A rebuild follows writes made around Tillit: whatever was kept
	 * under the tables' generations is dropped too. */
	for (size_t i = 0; entity_all[i] && !rc; i++)
		rc = store_generation_bump(st, org, entity_all[i]->name);
	if (!rc)
		rc = store_derived_set_version(st, org, DERIVED_VERSION, run.now);
	if (evaluated)
		*evaluated = run.evaluated;
	derived_run_free(&run);
	return rc;
}

int derived_rebuild(struct store *st, long long org, long long *evaluated)
{
	int rc = store_begin(st);
	if (rc)
		return rc;
	rc = rebuild_in_tx(st, org, evaluated);
	if (!rc)
		rc = store_commit(st);
	if (rc)
		store_rollback(st);
	return rc;
}

int derived_ensure(struct store *st, int *rebuilt)
{
	long long orgs[1024];
	size_t n;
	*rebuilt = 0;
	int rc = store_org_ids(st, orgs, sizeof orgs / sizeof *orgs, &n);
	for (size_t i = 0; i < n && !rc; i++) {
		int version;
		if ((rc = store_derived_version(st, orgs[i], &version)) || version == DERIVED_VERSION)
			continue;
		if (!(rc = derived_rebuild(st, orgs[i], NULL)))
			(*rebuilt)++;
	}
	return rc;
}

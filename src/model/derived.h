/*
 * derived (model): keeping the derived state — gaps, the SoA's coverage,
 * the risk picture, the joint action plan — in step with every change,
 * and rebuilding it (docs/internals/derived.md).
 *
 * record.c calls derived_after_write() inside the transaction of each
 * create, update and delete: the store says which records the change
 * reaches, and each of them is evaluated again, kind by kind
 * (store/derived.h). The generations of the changed table and of the
 * derived areas that moved are bumped, so that caches keyed by them stay
 * valid across every other change.
 */
#ifndef TILLIT_MODEL_DERIVED_H
#define TILLIT_MODEL_DERIVED_H

#include "model/record.h"

struct store;

/* The version of the rules: rows built by another version are rebuilt
 * when the program starts (derived_ensure). Bump it with every change to
 * a rule in core/ or to what a record's evaluation writes. */
#define DERIVED_VERSION 5

/* After record id of e changed (old: as it was, NULL when new; rec: as it
 * is, NULL when deleted), inside the write's transaction. A REC_ code. */
int derived_after_write(struct rctx *c, const struct entity *e, long long id, const struct jval *old,
			const struct jval *rec);

/* Recompute every derived row of org from scratch, in one transaction.
 * *evaluated (may be NULL) gets the number of records evaluated. STORE_
 * code. */
int derived_rebuild(struct store *st, long long org, long long *evaluated);

/* Rebuild every organisation whose rows were built by another version of
 * the rules (or never). STORE_ code; *rebuilt gets how many were. */
int derived_ensure(struct store *st, int *rebuilt);

#endif

/*
 * risk (model): the risk-analysis entities (risk-methods, risk-analyses,
 * risks, measures) and what code needs from them.
 */
#ifndef TILLIT_MODEL_RISK_H
#define TILLIT_MODEL_RISK_H

#include "core/risk.h"
#include "util/arena.h"

struct store;

/* The id of the organisation's latest method version, or 0. */
long long risk_method_latest(struct store *st, struct arena *a, long long org);
/* Method version id parsed into *m; 0, or -1 when missing or unparsable. */
int risk_method_load(struct store *st, struct arena *a, long long org, long long id, struct risk_method *m);
/* How many analyses use method version id (-1 on a store error). */
/* The method risk rec (as a form holds it: analysis_id may be missing) is
 * scored with: its analysis's, or without one the latest. 0 when loaded. */
struct jval;
int risk_record_method(struct store *st, struct arena *a, long long org, const struct jval *rec,
		       struct risk_method *m);
long long risk_method_uses(struct store *st, struct arena *a, long long org, long long id);

#endif

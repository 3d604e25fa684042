/*
 * gaps (model): the gap list of an organisation, computed by core/gaps.c
 * from what the store holds, cached until the data changes (the audit
 * generation moves) or the date does, and worded in the user's language.
 * The Statement of Applicability's coverage is computed with it, from the
 * same snapshot of the data.
 */
#ifndef TILLIT_MODEL_GAPS_H
#define TILLIT_MODEL_GAPS_H

#include "core/gaps.h"
#include "core/riskview.h"
#include "core/soa.h"
#include "util/arena.h"
#include "util/json.h"

struct store;

/* A computed gap list, with what it was computed from and the SoA
 * coverage (core/soa.h) of the same data, shared read-only between
 * requests. */
struct gap_snapshot {
	struct gap_list list;
	long long counts[GAP_KIND_COUNT];
	struct gap_input in;
	struct soa_coverage soa;
	struct action_plan plan; /* core/riskview.h */
};

/* The current gaps of org (computing them if the cache is stale), or NULL
 * when the store fails. Release with gaps_release(). */
const struct gap_snapshot *gaps_get(struct store *st, long long org);
void gaps_release(const struct gap_snapshot *s);

/* The gap as text in lang (arena memory). */
const char *gaps_message(struct arena *a, int lang, const struct gap *g);
/* A heading for a kind, in lang: "Systems without a system owner". */
const char *gaps_kind_label(int lang, enum gap_kind k);
/* The gap as a JSON object: kind, entity, id, message (+ related). */
struct jval *gaps_json(struct arena *a, int lang, const struct gap *g);

#endif

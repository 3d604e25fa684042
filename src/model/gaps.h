/*
 * gaps (model): the gap list in the user's language. The gaps themselves
 * are rows kept per change (model/derived.h, store/derived.h); this words
 * them.
 */
#ifndef TILLIT_MODEL_GAPS_H
#define TILLIT_MODEL_GAPS_H

#include "store/derived.h"
#include "util/arena.h"
#include "util/json.h"

/* The gap as text in lang (arena memory). Names the reader may not read
 * are NULL in g and are left out of the wording. */
const char *gaps_message(struct arena *a, int lang, const struct gap_item *g);
/* A heading for a kind, in lang: "Systems without a system owner". */
const char *gaps_kind_label(int lang, enum gap_kind k);
/* The gap as a JSON object: kind, entity, id, message, due, since, unit_id,
 * person_id (+ related). */
struct jval *gaps_json(struct arena *a, int lang, const struct gap_item *g);

#endif

/*
 * classify (model): a system's classification as the store holds it —
 * derived from its information's current classifications and raised by the
 * latest decision — and the requirements that follow from it.
 */
#ifndef TILLIT_MODEL_CLASSIFY_H
#define TILLIT_MODEL_CLASSIFY_H

#include <stddef.h>

#include "core/classify.h"
#include "model/entity.h"
#include "util/arena.h"

struct store;
struct store_requirement;

struct system_class {
	struct derived d;
	/* The assets the system processes, their names and levels. */
	struct asset_levels *assets;
	const char **names;
	size_t nassets;
	struct levels decision; /* the latest decision; all unset when none */
	long long decision_id;  /* 0 when none */
};

/* Load and derive the classification of system (arena memory). */
int classify_system(struct store *st, struct arena *a, long long org, long long system,
		    struct system_class *out);

/* The aspects K, R, T and S as options (values "K".."T"), for fields that
 * name one or a set of them. */
extern const struct option classify_aspect_options[];
/* How a requirement is assessed: fulfilled, partly, not fulfilled, not
 * applicable (an action plan item, an organisation's assessment). */
extern const struct option classify_assessment_options[];

/* The name of the asset with id among sc's assets, or NULL. */
const char *classify_asset_name(const struct system_class *sc, long long id);


/* The systems entity's validate hook (entity_validate_fn): a system moving
 * from planned to in use without a decided classification needs the
 * user's confirmation (verr_confirm). */
struct entity;
struct verrors;
struct jval;
void classify_systems_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			       const struct jval *rec, const struct jval *old, struct verrors *errs, int lang);

#endif

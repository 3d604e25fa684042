/*
 * escalation.c: escalation matching (core/escalation.h).
 */
#include "core/escalation.h"

void esc_rule_init(struct esc_rule *r)
{
	*r = (struct esc_rule){ .class_level = LEVEL_UNSET, .class_aspect = ASPECT_COUNT };
}

void esc_incident_init(struct esc_incident *i)
{
	*i = (struct esc_incident){ 0 };
	levels_unset(&i->classified);
}

/* Is something affected classified at least level on aspect (or, for
 * ASPECT_COUNT, on any aspect)? */
static int classified_at_least(const struct levels *lv, int aspect, int level)
{
	for (int a = 0; a < ASPECT_COUNT; a++) {
		if (aspect != ASPECT_COUNT && a != aspect)
			continue;
		if (lv->v[a] != LEVEL_UNSET && lv->v[a] >= level)
			return 1;
	}
	return 0;
}

int escalation_matches(const struct esc_rule *r, const struct esc_incident *i)
{
	if (r->min_severity > 0 && (i->severity <= 0 || i->severity < r->min_severity))
		return 0;
	if (r->category_id && r->category_id != i->category_id)
		return 0;
	if (r->significant && !i->significant)
		return 0;
	if (r->personal_data && !i->personal_data)
		return 0;
	if (r->supplier && !i->supplier)
		return 0;
	if (r->class_level != LEVEL_UNSET && !classified_at_least(&i->classified, r->class_aspect, r->class_level))
		return 0;
	return 1;
}

void escalation_levels_max(struct levels *acc, const struct levels *lv)
{
	for (int a = 0; a < ASPECT_COUNT; a++)
		if (lv->v[a] != LEVEL_UNSET && (acc->v[a] == LEVEL_UNSET || lv->v[a] > acc->v[a]))
			acc->v[a] = lv->v[a];
}

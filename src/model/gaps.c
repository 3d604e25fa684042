#include "model/gaps.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/xalloc.h"

struct cached {
	struct gap_snapshot snap; /* first: callers get a pointer to it */
	struct arena *a;          /* names the gaps point to */
	long long org, generation;
	char today[11];
	int refs;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
/* Held while one thread computes, so that the threads that find the cache
 * stale at the same moment wait for that result instead of each computing
 * it (a few hundred milliseconds for a large municipality). */
static pthread_mutex_t computing = PTHREAD_MUTEX_INITIALIZER;
static struct cached *current;

/* The cached list if it is for org, gen and today (a reference is taken). */
static const struct gap_snapshot *cached_for(long long org, long long gen, const char *today)
{
	const struct gap_snapshot *snap = NULL;
	pthread_mutex_lock(&lock);
	if (current && current->org == org && current->generation == gen &&
	    strcmp(current->today, today) == 0) {
		current->refs++;
		snap = &current->snap;
	}
	pthread_mutex_unlock(&lock);
	return snap;
}

static void unref(struct cached *c)
{
	/* called with lock held */
	if (c && --c->refs == 0) {
		gap_list_free(&c->snap.list);
		soa_coverage_free(&c->snap.soa);
		action_plan_free(&c->snap.plan);
		arena_free(c->a);
		free(c);
	}
}

const struct gap_snapshot *gaps_get(struct store *st, long long org)
{
	char today[11];
	clock_today(today);
	long long gen = store_generation(st);
	const struct gap_snapshot *snap = cached_for(org, gen, today);
	if (snap)
		return snap;
	pthread_mutex_lock(&computing);
	snap = cached_for(org, gen, today);
	if (snap) {
		pthread_mutex_unlock(&computing);
		return snap;
	}

	struct cached *c = xcalloc(1, sizeof *c);
	c->a = arena_new();
	c->org = org;
	c->generation = gen;
	memcpy(c->today, today, sizeof today);
	struct gap_input in;
	/* One snapshot, so the lists agree with each other and with gen. */
	store_begin_read(st);
	c->generation = store_generation(st);
	int rc = store_gap_input(st, c->a, org, &in);
	store_end_read(st);
	if (rc != STORE_OK) {
		pthread_mutex_unlock(&computing);
		arena_free(c->a);
		free(c);
		return NULL;
	}
	in.today = c->today;
	gaps_compute(&in, &c->snap.list);
	soa_coverage_compute(&in, &c->snap.soa);
	action_plan_compute(&in, &c->snap.plan);
	c->snap.in = in;
	for (size_t i = 0; i < c->snap.list.n; i++)
		c->snap.counts[c->snap.list.items[i].kind]++;
	c->refs = 2; /* the cache's and the caller's */
	pthread_mutex_lock(&lock);
	unref(current);
	current = c;
	pthread_mutex_unlock(&lock);
	pthread_mutex_unlock(&computing);
	return &c->snap;
}

void gaps_release(const struct gap_snapshot *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&lock);
	unref((struct cached *)s);
	pthread_mutex_unlock(&lock);
}

const char *gaps_kind_label(int lang, enum gap_kind k)
{
	static const char *const labels[GAP_KIND_COUNT] = {
		[GAP_SYSTEM_NO_OWNER] = N_("Systems without a system owner"),
		[GAP_SYSTEM_NO_ADMINISTRATOR] = N_("Systems without a system administrator"),
		[GAP_ASSET_NO_OWNER] = N_("Information assets without an information owner"),
		[GAP_SYSTEM_NO_INFORMATION] = N_("Systems that process no registered information"),
		[GAP_CRITICAL_PROCESS_NO_SYSTEM] = N_("Essential processes without a supporting system"),
		[GAP_AGREEMENT_ENDED] = N_("Systems in use whose agreement has ended"),
		[GAP_OFFICE_HOURS_CRITICAL] = N_("Office-hours support for systems essential services depend on"),
		[GAP_ASSET_NOT_CLASSIFIED] = N_("Information assets never classified"),
		[GAP_CLASSIFICATION_OUTDATED] = N_("Classifications due for review"),
		[GAP_SYSTEM_NOT_CLASSIFIED] = N_("Systems without a decided classification"),
		[GAP_PROCUREMENT_NOT_CLASSIFIED] = N_("Systems in procurement without a classification"),
		[GAP_REQUIREMENT_OVERDUE] = N_("Requirements not fulfilled by their due date"),
		[GAP_ENCRYPTION_AT_REST] = N_("Confidential systems without encryption of stored information"),
		[GAP_CONTROL_UNJUSTIFIED] = N_("Annex A controls excluded without justification"),
		[GAP_SYSTEM_NOT_ANALYSED] = N_("Systems never risk analysed"),
		[GAP_ASSET_NOT_ANALYSED] = N_("Information assets never risk analysed"),
		[GAP_ANALYSIS_OVERDUE] = N_("Risk analyses overdue"),
		[GAP_RISK_NO_MEASURE] = N_("Risks in the highest level without a measure"),
		[GAP_MEASURE_OVERDUE] = N_("Measures past their due date"),
		[GAP_RESIDUAL_NOT_ACCEPTED] = N_("Residual risks not accepted"),
		[GAP_SHARED_IT_NOT_ANALYSED] = N_("Shared IT environment never risk analysed"),
		[GAP_INFRASTRUCTURE_NOT_ANALYSED] = N_("IT infrastructure never risk analysed"),
	};
	return k < GAP_KIND_COUNT ? tr(lang, labels[k]) : "";
}

const char *gaps_message(struct arena *a, int lang, const struct gap *g)
{
	switch (g->kind) {
	case GAP_SYSTEM_NO_OWNER:
		return arena_printf(a, tr(lang, "The system \"%s\" has no system owner."), g->name);
	case GAP_SYSTEM_NO_ADMINISTRATOR:
		return arena_printf(a, tr(lang, "The system \"%s\" has no system administrator."), g->name);
	case GAP_ASSET_NO_OWNER:
		return arena_printf(a, tr(lang, "The information asset \"%s\" has no information owner."), g->name);
	case GAP_SYSTEM_NO_INFORMATION:
		return arena_printf(a, tr(lang, "The system \"%s\" processes no registered information asset."), g->name);
	case GAP_CRITICAL_PROCESS_NO_SYSTEM:
		return arena_printf(a, tr(lang, "The essential process \"%s\" is supported by no registered system."), g->name);
	case GAP_AGREEMENT_ENDED:
		return arena_printf(a, tr(lang, "The agreement \"%s\" ended on %s, but the system \"%s\" is still in use."),
				    g->other_name, g->date, g->name);
	case GAP_OFFICE_HOURS_CRITICAL:
		return arena_printf(a, tr(lang, "The system \"%s\" has support during office hours only, but the essential process \"%s\" depends on it."),
				    g->name, g->other_name);
	case GAP_ASSET_NOT_CLASSIFIED:
		return arena_printf(a, tr(lang, "The information asset \"%s\" has never been classified."), g->name);
	case GAP_CLASSIFICATION_OUTDATED:
		return arena_printf(a, tr(lang, "The classification of \"%s\" was due for review on %s."), g->name, g->due);
	case GAP_SYSTEM_NOT_CLASSIFIED:
		return arena_printf(a, tr(lang, "The system \"%s\" has no decided classification: none of its information is classified."), g->name);
	case GAP_PROCUREMENT_NOT_CLASSIFIED:
		return arena_printf(a, tr(lang, "The system \"%s\" is being procured without a classification; classify its information before the requirements are set."), g->name);
	case GAP_REQUIREMENT_OVERDUE:
		return arena_printf(a, tr(lang, "The requirement %s for the system \"%s\" was due on %s and is not fulfilled."),
				    g->other_name, g->name, g->date);
	case GAP_ENCRYPTION_AT_REST:
		return arena_printf(a, tr(lang, "The system \"%s\" holds information at confidentiality level 3 or higher, but encryption of stored information (%s) is not fulfilled."),
				    g->name, g->other_name);
	case GAP_CONTROL_UNJUSTIFIED:
		return arena_printf(a, tr(lang, "The control %s is marked not applicable without a justification."), g->name);
	case GAP_SYSTEM_NOT_ANALYSED:
		return arena_printf(a, tr(lang, "The system \"%s\" has no decided risk analysis."), g->name);
	case GAP_ASSET_NOT_ANALYSED:
		return arena_printf(a, tr(lang, "The information asset \"%s\" is covered by no decided risk analysis."), g->name);
	case GAP_ANALYSIS_OVERDUE:
		if (strcmp(g->entity, "information-assets") == 0)
			return arena_printf(a, tr(lang, "A new risk analysis of the information asset \"%s\" was due on %s."), g->name, g->due);
		return arena_printf(a, tr(lang, "A new risk analysis of the system \"%s\" was due on %s."), g->name, g->due);
	case GAP_RISK_NO_MEASURE:
		return arena_printf(a, tr(lang, "The risk \"%s\" is in the highest level and has no measure."), g->name);
	case GAP_MEASURE_OVERDUE:
		return arena_printf(a, tr(lang, "The measure \"%s\" was due on %s and is not done."), g->name, g->date);
	case GAP_RESIDUAL_NOT_ACCEPTED:
		return arena_printf(a, tr(lang, "No one has accepted the residual risk of \"%s\"."), g->name);
	case GAP_SHARED_IT_NOT_ANALYSED:
		return tr(lang, "The shared IT environment has no decided risk analysis.");
	case GAP_INFRASTRUCTURE_NOT_ANALYSED:
		return tr(lang, "The IT infrastructure has no decided risk analysis.");
	default:
		return "";
	}
}

struct jval *gaps_json(struct arena *a, int lang, const struct gap *g)
{
	struct jval *o = jv_obj(a);
	jv_set_str(a, o, "kind", gap_kind_code(g->kind));
	jv_set_str(a, o, "entity", g->entity);
	jv_set_int(a, o, "id", g->id);
	jv_set_str(a, o, "message", gaps_message(a, lang, g));
	if (g->other_entity) {
		struct jval *r = jv_set(o, "related", jv_obj(a));
		jv_set_str(a, r, "entity", g->other_entity);
		jv_set_int(a, r, "id", g->other_id);
	}
	return o;
}

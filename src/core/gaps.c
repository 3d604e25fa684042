#include "core/gaps.h"

#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/graph.h"
#include "core/risk.h"
#include "util/xalloc.h"

static const char *const kind_codes[GAP_KIND_COUNT] = {
	[GAP_SYSTEM_NO_OWNER] = "system_without_owner",
	[GAP_SYSTEM_NO_ADMINISTRATOR] = "system_without_administrator",
	[GAP_ASSET_NO_OWNER] = "asset_without_owner",
	[GAP_SYSTEM_NO_INFORMATION] = "system_without_information",
	[GAP_CRITICAL_PROCESS_NO_SYSTEM] = "critical_process_without_system",
	[GAP_AGREEMENT_ENDED] = "agreement_ended",
	[GAP_OFFICE_HOURS_CRITICAL] = "office_hours_for_critical",
	[GAP_ASSET_NOT_CLASSIFIED] = "asset_not_classified",
	[GAP_CLASSIFICATION_OUTDATED] = "classification_outdated",
	[GAP_SYSTEM_NOT_CLASSIFIED] = "system_not_classified",
	[GAP_PROCUREMENT_NOT_CLASSIFIED] = "procurement_not_classified",
	[GAP_REQUIREMENT_OVERDUE] = "requirement_overdue",
	[GAP_ENCRYPTION_AT_REST] = "encryption_at_rest_missing",
	[GAP_CONTROL_UNJUSTIFIED] = "control_excluded_unjustified",
	[GAP_SYSTEM_NOT_ANALYSED] = "system_not_analysed",
	[GAP_ASSET_NOT_ANALYSED] = "asset_not_analysed",
	[GAP_ANALYSIS_OVERDUE] = "analysis_overdue",
	[GAP_RISK_NO_MEASURE] = "risk_without_measure",
	[GAP_MEASURE_OVERDUE] = "measure_overdue",
	[GAP_RESIDUAL_NOT_ACCEPTED] = "residual_risk_not_accepted",
	[GAP_SHARED_IT_NOT_ANALYSED] = "shared_it_not_analysed",
	[GAP_INFRASTRUCTURE_NOT_ANALYSED] = "infrastructure_not_analysed",
};

static const char *const trigger_codes[] = {
	[GT_CLASSIFICATION_RAISED] = "classification_raised",
	[GT_SIGNIFICANT_CHANGE] = "significant_change",
	[GT_SERIOUS_INCIDENT] = "serious_incident",
	[GT_OTHER] = "other",
};

const char *gap_trigger_code(enum gap_trigger_kind k)
{
	return k > GT_NONE && k <= GT_OTHER ? trigger_codes[k] : NULL;
}

enum gap_trigger_kind gap_trigger_from_code(const char *code)
{
	for (int k = GT_NONE + 1; code && k <= GT_OTHER; k++)
		if (strcmp(trigger_codes[k], code) == 0)
			return (enum gap_trigger_kind)k;
	return GT_OTHER;
}

const char *gap_kind_code(enum gap_kind k)
{
	return k < GAP_KIND_COUNT ? kind_codes[k] : NULL;
}

static struct gap *add(struct gap_list *l, enum gap_kind kind, const char *entity, long long id,
		       const char *name)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->items = xrealloc(l->items, l->cap * sizeof *l->items);
	}
	struct gap *g = &l->items[l->n++];
	memset(g, 0, sizeof *g);
	g->kind = kind;
	g->entity = entity;
	g->id = id;
	g->name = name;
	return g;
}

void gap_list_free(struct gap_list *l)
{
	free(l->items);
	free(l->sys_cadence);
	free(l->asset_cadence);
	l->sys_cadence = l->asset_cadence = NULL;
	l->items = NULL;
	l->n = l->cap = 0;
}

/* ---- the rules -------------------------------------------------------- */

/* A system that runs: in use, or in use while being retired. Only these
 * support a process or carry a dependency; a planned system does not yet,
 * a retired one no longer. */
int gap_system_running(const struct gap_system *s)
{
	return s->lifecycle == GL_IN_USE || s->lifecycle == GL_RETIRING;
}

enum gap_assessment gap_assessment_from_code(const char *code)
{
	if (!code)
		return GA_NOT_FULFILLED;
	if (strcmp(code, "fulfilled") == 0)
		return GA_FULFILLED;
	if (strcmp(code, "partly") == 0)
		return GA_PARTLY;
	if (strcmp(code, "not_applicable") == 0)
		return GA_NOT_APPLICABLE;
	return GA_NOT_FULFILLED;
}

int gap_item_overdue(enum gap_assessment a, const char *due, const char *today)
{
	return a != GA_FULFILLED && a != GA_NOT_APPLICABLE && due && today &&
	       date_compare(due, today) < 0;
}

static int classified(const struct levels *lv)
{
	for (int a = 0; a < ASPECT_COUNT; a++)
		if (lv->v[a] != LEVEL_UNSET)
			return 1;
	return 0;
}

/* Each system's classification: derived from its information, raised by
 * its decision. */
static void system_levels(const struct gap_input *in, const struct adj *sys_assets, struct levels *eff,
			  int *has)
{
	size_t cap = 16;
	struct asset_levels *al = xmalloc(cap * sizeof *al);
	for (size_t i = 0; i < in->nsystems; i++) {
		size_t n = sys_assets->start[i + 1] - sys_assets->start[i];
		if (n > cap) {
			cap = n;
			al = xrealloc(al, cap * sizeof *al);
		}
		for (size_t k = 0; k < n; k++) {
			const struct gap_asset *x = &in->assets[sys_assets->to[sys_assets->start[i] + k]];
			al[k].asset_id = x->id;
			al[k].lv = x->lv;
		}
		struct derived d;
		const struct levels *dec = &in->systems[i].decision;
		classification_derive(al, n, classified(dec) ? dec : NULL, &d);
		eff[i] = d.effective;
		has[i] = d.classified;
	}
	free(al);
}

void gaps_system_levels(const struct gap_input *in, struct levels *eff, int *has)
{
	struct idmap sys, ast;
	IDMAP(sys, in->systems, in->nsystems);
	IDMAP(ast, in->assets, in->nassets);
	struct adj sys_assets;
	adj_build(&sys_assets, in->nsystems, in->system_assets, in->nsystem_assets, &sys, &ast, 0);
	system_levels(in, &sys_assets, eff, has);
	adj_free(&sys_assets);
	idmap_free(&sys);
	idmap_free(&ast);
}

/* Overdue requirements: by due date, then system, then requirement. */
static int cmp_overdue(const void *x, const void *y)
{
	const struct gap *a = x, *b = y;
	int c = strcmp(a->date, b->date);
	if (c)
		return c;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return (a->other_id > b->other_id) - (a->other_id < b->other_id);
}

static void classification_gaps(const struct gap_input *in, struct gap_list *out,
				const struct idmap *sys, const struct levels *eff, const int *has)
{
	int months = in->review_months > 0 ? in->review_months : 12;
	for (size_t i = 0; i < in->nassets; i++)
		if (!classified(&in->assets[i].lv))
			add(out, GAP_ASSET_NOT_CLASSIFIED, "information-assets", in->assets[i].id,
			    in->assets[i].name);
	for (size_t i = 0; i < in->nassets; i++) {
		const struct gap_asset *x = &in->assets[i];
		char due[11];
		if (!classified(&x->lv) || !x->decided_on || !in->today ||
		    classification_review_date(x->decided_on, months, due) != 0 ||
		    date_compare(due, in->today) >= 0)
			continue;
		struct gap *g = add(out, GAP_CLASSIFICATION_OUTDATED, "information-assets", x->id, x->name);
		memcpy(g->due, due, sizeof due);
	}

	for (size_t i = 0; i < in->nsystems; i++) {
		const struct gap_system *s = &in->systems[i];
		if (has[i] || s->lifecycle == GL_RETIRED || s->lifecycle == GL_PLANNED)
			continue;
		add(out, GAP_SYSTEM_NOT_CLASSIFIED, "systems", s->id, s->name);
	}
	for (size_t i = 0; i < in->nsystems; i++) {
		const struct gap_system *s = &in->systems[i];
		if (!has[i] && s->lifecycle == GL_PLANNED)
			add(out, GAP_PROCUREMENT_NOT_CLASSIFIED, "systems", s->id, s->name);
	}
	/* Overdue items, oldest due date first (the items come in no
	 * particular order: sorting the few overdue ones here is cheaper than
	 * reading all of them in order). */
	size_t first = out->n;
	for (size_t i = 0; i < in->nplan_items; i++) {
		const struct gap_plan_item *p = &in->plan_items[i];
		size_t si = idmap_find(sys, p->system_id);
		if (si == (size_t)-1 || in->systems[si].lifecycle == GL_RETIRED || !p->requirement_active ||
		    !gap_item_overdue(p->assessment, p->due_date, in->today))
			continue;
		struct gap *g = add(out, GAP_REQUIREMENT_OVERDUE, "systems", in->systems[si].id,
				    in->systems[si].name);
		g->other_entity = "requirements";
		g->other_id = p->requirement_id;
		g->other_name = p->requirement;
		g->date = p->due_date;
	}
	if (out->n > first)
		qsort(out->items + first, out->n - first, sizeof *out->items, cmp_overdue);
	if (in->encryption_requirement_id) {
		/* Systems whose encryption item is fulfilled. */
		char *done = xcalloc(in->nsystems ? in->nsystems : 1, 1);
		for (size_t i = 0; i < in->nplan_items; i++) {
			const struct gap_plan_item *p = &in->plan_items[i];
			size_t si = idmap_find(sys, p->system_id);
			if (si != (size_t)-1 && p->requirement_id == in->encryption_requirement_id &&
			    p->assessment == GA_FULFILLED)
				done[si] = 1;
		}
		for (size_t i = 0; i < in->nsystems; i++) {
			const struct gap_system *s = &in->systems[i];
			if (done[i] || s->lifecycle == GL_RETIRED || eff[i].v[ASPECT_K] < 3)
				continue;
			struct gap *g = add(out, GAP_ENCRYPTION_AT_REST, "systems", s->id, s->name);
			g->other_entity = "requirements";
			g->other_id = in->encryption_requirement_id;
			g->other_name = REQ_ENCRYPTION_AT_REST;
		}
		free(done);
	}
	for (size_t i = 0; i < in->ncontrols; i++) {
		const struct gap_control *c = &in->controls[i];
		if (c->framework && strcmp(c->framework, "iso27001") == 0 && !c->applicable && !c->justified)
			add(out, GAP_CONTROL_UNJUSTIFIED, "soa-entries", c->id, c->name);
	}
}

/* The top band's first value for a method version (0: unknown). */
static int top_min(const struct gap_input *in, long long method_id)
{
	for (size_t i = 0; i < in->nmethods; i++)
		if (in->methods[i].id == method_id)
			return in->methods[i].top_min;
	return 0;
}

/* Keep date as c's last analysis when it is later. */
static void note_analysis(struct gap_cadence *c, const char *date)
{
	if (date && (!c->last || date_compare(date, c->last) > 0))
		c->last = date;
}

/* A trigger counts from the day after the last analysis; the first such
 * one makes the next analysis due (ties: the first recorded). */
static void note_trigger(struct gap_cadence *c, const char *date, enum gap_trigger_kind why, long long id)
{
	if (!c->last || !date || !date_valid(date) || date_compare(date, c->last) <= 0 ||
	    (c->trigger && date_compare(date, c->trigger) >= 0))
		return;
	c->trigger = date;
	c->why = why;
	c->trigger_id = id;
}

static void next_due(const struct gap_input *in, struct gap_cadence *c, const struct levels *lv)
{
	struct risk_cadence rc = {
		.last = c->last, .trigger = c->trigger, .lv = lv, .high_level = in->risk_high_level,
		.high_months = in->risk_high_months, .other_months = in->risk_other_months, .today = in->today,
	};
	if (!c->last || risk_next_analysis(&rc, c->due) != 0)
		c->due[0] = 0;
}

/* An analysis_overdue gap when c's next analysis is past, naming the
 * trigger's record that brought it forward. */
static void overdue(const struct gap_input *in, struct gap_list *out, const struct gap_cadence *c,
		    const char *entity, long long id, const char *name)
{
	if (!c->due[0] || !in->today || date_compare(c->due, in->today) >= 0)
		return;
	struct gap *g = add(out, GAP_ANALYSIS_OVERDUE, entity, id, name);
	memcpy(g->due, c->due, sizeof g->due);
	if (c->trigger_id) {
		g->other_entity = "risk-triggers";
		g->other_id = c->trigger_id;
	}
}

static void risk_gaps(const struct gap_input *in, struct gap_list *out, const struct idmap *sys,
		      const struct idmap *ast, const struct adj *sys_assets, const struct levels *eff)
{
	size_t ns = in->nsystems, na = in->nassets;
	/* The last decided analysis of each system and of each asset: one of
	 * a system that processes it, or one with a risk that names it. A
	 * list computed into again holds the cadence of the last input. */
	free(out->sys_cadence);
	free(out->asset_cadence);
	struct gap_cadence *sc = out->sys_cadence = xcalloc(ns ? ns : 1, sizeof *sc);
	struct gap_cadence *ac = out->asset_cadence = xcalloc(na ? na : 1, sizeof *ac);
	int shared = 0, infra = 0;
	struct idmap ana;
	IDMAP(ana, in->analyses, in->nanalyses);
	for (size_t i = 0; i < in->nanalyses; i++) {
		const struct gap_analysis *x = &in->analyses[i];
		if (!x->decided)
			continue;
		shared |= x->scope == GS_SHARED_IT;
		infra |= x->scope == GS_INFRASTRUCTURE;
		size_t si = x->scope == GS_SYSTEM ? idmap_find(sys, x->system_id) : (size_t)-1;
		if (si == (size_t)-1)
			continue;
		note_analysis(&sc[si], x->date);
		for (size_t k = sys_assets->start[si]; k < sys_assets->start[si + 1]; k++)
			note_analysis(&ac[sys_assets->to[k]], x->date);
	}
	struct idmap rsk;
	IDMAP(rsk, in->risks, in->nrisks);
	for (size_t i = 0; i < in->nrisk_assets; i++) {
		size_t ri = idmap_find(&rsk, in->risk_assets[i].from), ai = idmap_find(ast, in->risk_assets[i].to);
		if (ri == (size_t)-1 || ai == (size_t)-1)
			continue;
		size_t an = idmap_find(&ana, in->risks[ri].analysis_id);
		if (an != (size_t)-1 && in->analyses[an].decided)
			note_analysis(&ac[ai], in->analyses[an].date);
	}
	/* Triggers: a raised classification, then the recorded ones. */
	for (size_t i = 0; i < ns; i++)
		note_trigger(&sc[i], in->systems[i].last_raise, GT_CLASSIFICATION_RAISED, 0);
	for (size_t i = 0; i < na; i++)
		note_trigger(&ac[i], in->assets[i].raised_on, GT_CLASSIFICATION_RAISED, 0);
	for (size_t i = 0; i < in->ntriggers; i++) {
		const struct gap_trigger *t = &in->triggers[i];
		size_t si = t->system_id ? idmap_find(sys, t->system_id) : (size_t)-1;
		size_t ai = t->asset_id ? idmap_find(ast, t->asset_id) : (size_t)-1;
		if (si != (size_t)-1)
			note_trigger(&sc[si], t->date, t->kind, t->id);
		if (ai != (size_t)-1)
			note_trigger(&ac[ai], t->date, t->kind, t->id);
	}
	for (size_t i = 0; i < ns; i++)
		next_due(in, &sc[i], &eff[i]);
	for (size_t i = 0; i < na; i++)
		next_due(in, &ac[i], &in->assets[i].lv);

	for (size_t i = 0; i < ns; i++)
		if (gap_system_running(&in->systems[i]) && !sc[i].last)
			add(out, GAP_SYSTEM_NOT_ANALYSED, "systems", in->systems[i].id, in->systems[i].name);
	for (size_t i = 0; i < na; i++)
		if (!ac[i].last)
			add(out, GAP_ASSET_NOT_ANALYSED, "information-assets", in->assets[i].id, in->assets[i].name);
	for (size_t i = 0; i < ns; i++)
		if (gap_system_running(&in->systems[i]))
			overdue(in, out, &sc[i], "systems", in->systems[i].id, in->systems[i].name);
	for (size_t i = 0; i < na; i++)
		overdue(in, out, &ac[i], "information-assets", in->assets[i].id, in->assets[i].name);
	/* Risks in the top band to be reduced, with no measure. */
	char *measured = xcalloc(in->nrisks ? in->nrisks : 1, 1);
	for (size_t i = 0; i < in->nmeasures; i++) {
		size_t ri = idmap_find(&rsk, in->measures[i].risk_id);
		if (ri != (size_t)-1 && in->measures[i].counts)
			measured[ri] = 1;
	}
	for (size_t i = 0; i < in->nrisks; i++) {
		const struct gap_risk *k = &in->risks[i];
		int top = top_min(in, k->method_id);
		if (k->reduce && top && k->value >= top && !measured[i])
			add(out, GAP_RISK_NO_MEASURE, "risks", k->id, k->name);
	}
	for (size_t i = 0; i < in->nmeasures; i++) {
		const struct gap_measure *m = &in->measures[i];
		if (m->open && m->due_date && in->today && date_compare(m->due_date, in->today) < 0) {
			struct gap *g = add(out, GAP_MEASURE_OVERDUE, "measures", m->id, m->name);
			g->date = m->due_date;
		}
	}
	for (size_t i = 0; i < in->nrisks; i++) {
		const struct gap_risk *k = &in->risks[i];
		size_t an = idmap_find(&ana, k->analysis_id);
		if (an != (size_t)-1 && in->analyses[an].decided && !k->avoid && !k->accepted)
			add(out, GAP_RESIDUAL_NOT_ACCEPTED, "risks", k->id, k->name);
	}
	if (!shared)
		add(out, GAP_SHARED_IT_NOT_ANALYSED, "risk-analyses", 0, NULL);
	if (!infra)
		add(out, GAP_INFRASTRUCTURE_NOT_ANALYSED, "risk-analyses", 0, NULL);
	free(measured);
	idmap_free(&ana);
	idmap_free(&rsk);
}

void gaps_compute(const struct gap_input *in, struct gap_list *out)
{
	struct idmap sys, ast, proc, agr;
	IDMAP(sys, in->systems, in->nsystems);
	IDMAP(ast, in->assets, in->nassets);
	IDMAP(proc, in->processes, in->nprocesses);
	IDMAP(agr, in->agreements, in->nagreements);

	/* systems -> assets, process -> assets (reverse of asset -> process),
	 * asset -> systems (reverse), system -> systems it depends on,
	 * agreement -> systems. */
	struct adj sys_assets, proc_assets, asset_systems, deps, agr_systems;
	adj_build(&sys_assets, in->nsystems, in->system_assets, in->nsystem_assets, &sys, &ast, 0);
	adj_build(&asset_systems, in->nassets, in->system_assets, in->nsystem_assets, &ast, &sys, 1);
	adj_build(&proc_assets, in->nprocesses, in->asset_processes, in->nasset_processes, &proc, &ast, 1);
	adj_build(&deps, in->nsystems, in->system_deps, in->nsystem_deps, &sys, &sys, 0);
	adj_build(&agr_systems, in->nagreements, in->agreement_systems, in->nagreement_systems, &agr, &sys, 0);

	for (size_t i = 0; i < in->nsystems; i++) {
		const struct gap_system *s = &in->systems[i];
		if (s->lifecycle != GL_RETIRED && !s->owner_id)
			add(out, GAP_SYSTEM_NO_OWNER, "systems", s->id, s->name);
	}
	for (size_t i = 0; i < in->nsystems; i++) {
		const struct gap_system *s = &in->systems[i];
		if (s->lifecycle != GL_RETIRED && !s->administrator_id)
			add(out, GAP_SYSTEM_NO_ADMINISTRATOR, "systems", s->id, s->name);
	}
	for (size_t i = 0; i < in->nassets; i++)
		if (!in->assets[i].owner_id)
			add(out, GAP_ASSET_NO_OWNER, "information-assets", in->assets[i].id, in->assets[i].name);
	for (size_t i = 0; i < in->nsystems; i++) {
		const struct gap_system *s = &in->systems[i];
		if (s->lifecycle != GL_RETIRED && sys_assets.start[i] == sys_assets.start[i + 1])
			add(out, GAP_SYSTEM_NO_INFORMATION, "systems", s->id, s->name);
	}

	/* Which systems each essential process rests on: the running systems
	 * that process its information, then the running systems those depend
	 * on. The first
	 * process (in input order) to reach a system is the one named. */
	size_t *reached_by = xmalloc((in->nsystems ? in->nsystems : 1) * sizeof *reached_by);
	for (size_t i = 0; i < in->nsystems; i++)
		reached_by[i] = (size_t)-1;
	size_t *stack = xmalloc((in->nsystems ? in->nsystems : 1) * sizeof *stack);
	for (size_t p = 0; p < in->nprocesses; p++) {
		if (!in->processes[p].critical)
			continue;
		size_t top = 0, direct = 0;
		for (size_t k = proc_assets.start[p]; k < proc_assets.start[p + 1]; k++) {
			size_t a = proc_assets.to[k];
			for (size_t j = asset_systems.start[a]; j < asset_systems.start[a + 1]; j++) {
				size_t s = asset_systems.to[j];
				if (!gap_system_running(&in->systems[s]))
					continue;
				direct++;
				if (reached_by[s] == (size_t)-1) {
					reached_by[s] = p;
					stack[top++] = s;
				}
			}
		}
		if (!direct)
			add(out, GAP_CRITICAL_PROCESS_NO_SYSTEM, "processes", in->processes[p].id,
			    in->processes[p].name);
		while (top) {
			size_t s = stack[--top];
			for (size_t k = deps.start[s]; k < deps.start[s + 1]; k++) {
				size_t d = deps.to[k];
				if (reached_by[d] == (size_t)-1 && gap_system_running(&in->systems[d])) {
					reached_by[d] = p;
					stack[top++] = d;
				}
			}
		}
	}

	for (size_t a = 0; a < in->nagreements; a++) {
		const struct gap_agreement *g = &in->agreements[a];
		if (!g->end_date || !in->today || date_compare(g->end_date, in->today) >= 0)
			continue;
		for (size_t k = agr_systems.start[a]; k < agr_systems.start[a + 1]; k++) {
			const struct gap_system *s = &in->systems[agr_systems.to[k]];
			if (s->lifecycle != GL_IN_USE)
				continue;
			struct gap *x = add(out, GAP_AGREEMENT_ENDED, "systems", s->id, s->name);
			x->other_entity = "agreements";
			x->other_id = g->id;
			x->other_name = g->name;
			x->date = g->end_date;
		}
	}

	for (size_t i = 0; i < in->nsystems; i++) {
		const struct gap_system *s = &in->systems[i];
		if (s->lifecycle != GL_IN_USE || !s->office_hours || reached_by[i] == (size_t)-1)
			continue;
		const struct gap_process *p = &in->processes[reached_by[i]];
		struct gap *x = add(out, GAP_OFFICE_HOURS_CRITICAL, "systems", s->id, s->name);
		x->other_entity = "processes";
		x->other_id = p->id;
		x->other_name = p->name;
	}

	struct levels *eff = xmalloc((in->nsystems ? in->nsystems : 1) * sizeof *eff);
	int *has = xcalloc(in->nsystems ? in->nsystems : 1, sizeof *has);
	system_levels(in, &sys_assets, eff, has);
	classification_gaps(in, out, &sys, eff, has);
	risk_gaps(in, out, &sys, &ast, &sys_assets, eff);
	free(eff);
	free(has);

	free(reached_by);
	free(stack);
	adj_free(&sys_assets);
	adj_free(&asset_systems);
	adj_free(&proc_assets);
	adj_free(&deps);
	adj_free(&agr_systems);
	idmap_free(&sys);
	idmap_free(&ast);
	idmap_free(&proc);
	idmap_free(&agr);
}

/*
 * ui_riskview.c: the organisation's risk picture (/risk: the heat map of
 * the current analyses, for the whole organisation or one unit, the top
 * risks and the risks by band per quarter) and the one action plan
 * (/action-plan: every open measure and every open requirement of the
 * systems' action plans, by due date, overdue first). Both are computed
 * from the gap snapshot (model/gaps.h, core/riskview.h).
 */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/riskview.h"
#include "model/gaps.h"
#include "model/risk.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/xalloc.h"
#include "view/view.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

#define TOP_RISKS 10
#define QUARTERS 12
#define PLAN_PAGE 50
#define BODY_MARK "<!--body-->"

/* ---- the risk picture ---------------------------------------------------------- */

static void overview_body(struct request *r, const struct gap_snapshot *snap, const struct risk_method *m,
			  long long unit, struct jval *ctx)
{
	struct arena *a = r->a;
	const struct gap_input *in = &snap->in;
	char *sel = xmalloc(in->nrisks ? in->nrisks : 1);
	riskview_select(in, unit, sel);
	struct riskview_heat heat;
	riskview_heat(in, sel, m->nlikelihood, m->nconsequence, &heat);
	jv_set(ctx, "matrix", risk_matrix_ctx(r, m, &heat, "matrix", T(r, "Risk matrix")));
	if (heat.other)
		jv_set_str(a, ctx, "other",
			   arena_printf(a, T(r, "%lld risks are analysed with a method of another size and are not in the matrix."),
					heat.other));
	jv_set_bool(a, ctx, "none", heat.total == 0);

	/* The top risks: the snapshot's risks come highest value first. */
	struct idmap ana;
	IDMAP(ana, in->analyses, in->nanalyses);
	const struct entity *re = entity_find("risks"), *ae = entity_find("risk-analyses");
	struct jval *top = jv_set(ctx, "top", jv_arr(a));
	size_t shown = 0;
	for (size_t i = 0; i < in->nrisks && shown < TOP_RISKS; i++) {
		if (!sel[i])
			continue;
		const struct gap_risk *k = &in->risks[i];
		struct jval *o = jv_push(top, jv_obj(a));
		jv_set_str(a, o, "title", k->name);
		jv_set_str(a, o, "href", recview_href(r, re, k->id));
		jv_set_int(a, o, "value", k->value);
		jv_set_str(a, o, "band", k->band ? k->band : "");
		int b = risk_band_of(m, k->value);
		jv_set_str(a, o, "fill", b >= 0 && k->band && strcmp(k->band, m->bands[b].name) == 0 ? m->bands[b].color
												       : "#ffffff");
		size_t ai = idmap_find(&ana, k->analysis_id);
		if (ai != (size_t)-1) {
			jv_set_str(a, o, "analysis", in->analyses[ai].name);
			jv_set_str(a, o, "analysis_href", recview_href(r, ae, in->analyses[ai].id));
		}
		shown++;
	}
	idmap_free(&ana);
	free(sel);

	/* Risks by band per quarter, newest first. */
	const char *names[RISK_BANDS_MAX];
	for (int b = 0; b < m->nbands; b++)
		names[b] = m->bands[b].name;
	struct riskview_quarter q[QUARTERS];
	size_t nq = riskview_quarters(in, unit, names, m->nbands, q, QUARTERS);
	struct jval *bands = jv_set(ctx, "band_names", jv_arr(a));
	for (int b = 0; b < m->nbands; b++)
		jv_push(bands, jv_str(a, names[b]));
	struct jval *rows = jv_set(ctx, "quarters", jv_arr(a));
	for (size_t i = 0; i < nq; i++) {
		struct jval *o = jv_push(rows, jv_obj(a));
		jv_set_str(a, o, "label", q[i].label);
		struct jval *cells = jv_set(o, "counts", jv_arr(a));
		for (int b = 0; b < m->nbands; b++)
			jv_push(cells, jv_int(a, q[i].n[b]));
		jv_set_int(a, o, "other", q[i].other);
		jv_set_int(a, o, "total", q[i].total);
	}
}

void h_risk_overview(struct request *r)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	if (!record_allows(&c, entity_find("risks"), A_READ, NULL)) {
		page_forbidden(r);
		return;
	}
	long long unit = recview_query_id(r, "unit");
	/* The generation before the snapshot: a body kept under it is never
	 * older than the data it was made from. */
	long long gen = store_generation(r->st);
	const struct gap_snapshot *snap = page_gaps(r);
	if (!snap)
		return;
	const struct gap_input *in = &snap->in;
	const char *unit_name = NULL;
	struct jval *ctx = page_ctx(r, T(r, "Risk overview"));
	struct jval *units = jv_set(ctx, "units", jv_arr(a));
	for (size_t i = 0; i < in->nunits; i++) {
		struct jval *o = jv_push(units, jv_obj(a));
		jv_set_int(a, o, "id", in->units[i].id);
		jv_set_str(a, o, "name", in->units[i].name);
		if (in->units[i].id == unit) {
			jv_set_bool(a, o, "selected", 1);
			unit_name = in->units[i].name;
		}
	}
	if (unit && !unit_name) {
		gaps_release(snap);
		page_error(r, 400, T(r, "There is no such unit."));
		return;
	}
	jv_set_str(a, ctx, "scope_label", unit_name ? unit_name : T(r, "The whole organisation"));
	const char *key = arena_printf(a, "risk/%lld", unit);
	struct buf body = BUF_INIT;
	if (!page_body_get(r, key, gen, &body)) {
		struct risk_method m;
		struct jval *b = jv_obj(a);
		if (risk_method_load(r->st, a, r->org_id, risk_method_latest(r->st, a, r->org_id), &m) != 0)
			jv_set_str(a, b, "problem", T(r, "The risk method cannot be read."));
		else
			overview_body(r, snap, &m, unit, b);
		jv_set_str(a, b, "scope_label", jv_get_str(ctx, "scope_label"));
		view_render("risk_overview_body", b, r->lang, &body);
		page_body_put(r, key, gen, &body);
	}
	gaps_release(snap);
	page_render_body(r, "risk_overview", ctx, BODY_MARK, &body);
	buf_free(&body);
}

/* ---- the action plan --------------------------------------------------------------- */

static struct jval *plan_row(struct request *r, const struct gap_input *in, const struct ap_entry *e,
			     const char *today)
{
	struct arena *a = r->a;
	struct jval *o = jv_obj(a);
	const char *due = action_plan_due(in, e);
	uint32_t owner = riskview_person(in, action_plan_owner(in, e));
	if (e->kind == AP_MEASURE) {
		const struct gap_measure *m = &in->measures[e->at];
		jv_set_str(a, o, "kind", T(r, "Measure"));
		jv_set_str(a, o, "title", m->name);
		jv_set_str(a, o, "href", recview_href(r, entity_find("measures"), m->id));
		jv_set_str(a, o, "status", m->in_progress ? T(r, "In progress") : T(r, "Planned"));
		if (e->of != AP_NONE) {
			jv_set_str(a, o, "context", in->risks[e->of].name);
			jv_set_str(a, o, "context_href", recview_href(r, entity_find("risks"), in->risks[e->of].id));
		}
	} else {
		const struct gap_plan_item *p = &in->plan_items[e->at];
		const struct gap_requirement *q = e->req != AP_NONE ? &in->requirements[e->req] : NULL;
		jv_set_str(a, o, "kind", T(r, "Requirement"));
		jv_set_str(a, o, "title", q ? arena_printf(a, "%s %s", p->requirement, page_text_sv_en(r, q->title))
					    : p->requirement);
		jv_set_str(a, o, "href", recview_href(r, entity_find("action-plan-items"), p->id));
		jv_set_str(a, o, "status", p->assessment == GA_PARTLY ? T(r, "Partly fulfilled") : T(r, "Not fulfilled"));
		jv_set_str(a, o, "context", in->systems[e->of].name);
		jv_set_str(a, o, "context_href", arena_printf(a, "/systems/%lld/plan", in->systems[e->of].id));
	}
	jv_set_str(a, o, "due", due ? due : "");
	if (due && date_compare(due, today) < 0)
		jv_set_bool(a, o, "late", 1);
	if (owner != AP_NONE) {
		jv_set_str(a, o, "owner", in->people[owner].name);
		jv_set_str(a, o, "owner_href", arena_printf(a, "/action-plan?owner=%lld", in->people[owner].id));
	}
	return o;
}

void h_action_plan(struct request *r)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	int measures = record_allows(&c, entity_find("measures"), A_READ, NULL) != 0;
	int items = record_allows(&c, entity_find("action-plan-items"), A_READ, NULL) != 0;
	if (!measures && !items) {
		page_forbidden(r);
		return;
	}
	long long owner = recview_query_id(r, "owner");
	if (owner < 0) {
		page_error(r, 400, T(r, "There is no such person."));
		return;
	}
	long long page = recview_page(r);
	const struct gap_snapshot *snap = page_gaps(r);
	if (!snap)
		return;
	const struct gap_input *in = &snap->in;
	const struct action_plan *plan = &snap->plan;
	char today[11];
	clock_today(today);
	struct jval *ctx = page_ctx(r, T(r, "Action plan"));
	/* Whose plan: everyone's, mine, or the person chosen by a click on
	 * a name in the list (a list of every person responsible would be
	 * thousands of options on a large municipality's page). */
	jv_set(ctx, "owner_name", jv_null(a));
	if (owner) {
		uint32_t p = riskview_person(in, owner);
		if (p == AP_NONE) {
			gaps_release(snap);
			page_error(r, 400, T(r, "There is no such person."));
			return;
		}
		jv_set_str(a, ctx, "owner_name", in->people[p].name);
	}
	if (r->actor.person_id && r->actor.person_id != owner)
		jv_set_str(a, ctx, "mine_href", arena_printf(a, "/action-plan?owner=%lld", r->actor.person_id));
	/* Without a person chosen, the counts are the plan's own and the
	 * walk stops at the end of the page. */
	long long skip = (page - 1) * PLAN_PAGE, seen = 0, total = 0, overdue = 0;
	int kinds[2] = { [AP_MEASURE] = measures, [AP_REQUIREMENT] = items };
	for (int k = 0; k < 2 && !owner; k++)
		if (kinds[k]) {
			total += (long long)plan->count[k];
			overdue += (long long)plan->overdue[k];
		}
	struct jval *rows = jv_set(ctx, "rows", jv_arr(a));
	for (size_t i = 0; i < plan->n && (owner || seen < skip + PLAN_PAGE); i++) {
		const struct ap_entry *e = &plan->v[i];
		if (!kinds[e->kind] || (owner && action_plan_owner(in, e) != owner))
			continue;
		seen++;
		if (owner) {
			const char *due = action_plan_due(in, e);
			total++;
			overdue += due && date_compare(due, today) < 0;
		}
		if (seen > skip && seen <= skip + PLAN_PAGE)
			jv_push(rows, plan_row(r, in, e, today));
	}
	gaps_release(snap);
	jv_set_int(a, ctx, "total", total);
	jv_set_int(a, ctx, "overdue", overdue);
	jv_set_bool(a, ctx, "empty", total == 0);
	const char *base = owner ? arena_printf(a, "?owner=%lld&", owner) : "?";
	if (page > 1)
		jv_set_str(a, ctx, "prev_href", arena_printf(a, "%spage=%lld", base, page - 1));
	if (page * PLAN_PAGE < total)
		jv_set_str(a, ctx, "next_href", arena_printf(a, "%spage=%lld", base, page + 1));
	page_render(r, 200, "action_plan", ctx);
}

/*
 * ui_riskview.c: the organisation's risk picture (/risk: the heat map of
 * the current analyses, for the whole organisation or one unit, the top
 * risks and the risks by band per quarter) and the one action plan
 * (/action-plan: every open measure and every open requirement of the
 * systems' action plans, by due date, overdue first). Both read counts
 * and entries kept per change (store/derived.h, core/riskview.h).
 */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/riskview.h"
#include "model/risk.h"
#include "store/derived.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "view/view.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

#define TOP_RISKS 10
#define QUARTERS 12
#define PLAN_PAGE 50
#define BODY_MARK "<!--body-->"

/* ---- the risk picture ---------------------------------------------------------- */

static int overview_body(struct request *r, const struct risk_method *m, long long unit, struct jval *ctx)
{
	struct arena *a = r->a;
	struct riskview_heat heat;
	if (store_risk_heat(r->st, r->org_id, unit, m->nlikelihood, m->nconsequence, &heat) != STORE_OK)
		return -1;
	jv_set(ctx, "matrix", risk_matrix_ctx(r, m, &heat, "matrix", T(r, "Risk matrix")));
	if (heat.other)
		jv_set_str(a, ctx, "other",
			   arena_printf(a, T(r, "%lld risks are analysed with a method of another size and are not in the matrix."),
					heat.other));
	jv_set_bool(a, ctx, "none", heat.total == 0);

	/* The top risks, highest value first. */
	struct top_risk *tops;
	size_t ntop;
	if (store_top_risks(r->st, a, r->org_id, unit, TOP_RISKS, &tops, &ntop) != STORE_OK)
		return -1;
	const struct entity *re = &entity_risks, *ae = &entity_risk_analyses;
	struct jval *top = jv_set(ctx, "top", jv_arr(a));
	for (size_t i = 0; i < ntop; i++) {
		const struct top_risk *k = &tops[i];
		struct jval *o = jv_push(top, jv_obj(a));
		jv_set_str(a, o, "title", k->title);
		jv_set_str(a, o, "href", recview_href(r, re, k->id));
		jv_set_int(a, o, "value", k->value);
		jv_set_str(a, o, "band", k->band ? k->band : "");
		int b = risk_band_of(m, k->value);
		jv_set_str(a, o, "fill", b >= 0 && k->band && strcmp(k->band, m->bands[b].name) == 0 ? m->bands[b].color
												       : "#ffffff");
		jv_set_str(a, o, "analysis", k->analysis);
		jv_set_str(a, o, "analysis_href", recview_href(r, ae, k->analysis_id));
	}

	/* Risks by band per quarter, newest first. */
	const char *names[RISK_BANDS_MAX];
	for (int b = 0; b < m->nbands; b++)
		names[b] = m->bands[b].name;
	struct riskview_quarter q[QUARTERS];
	size_t nq;
	if (store_risk_quarters(r->st, r->org_id, unit, names, m->nbands, q, QUARTERS, &nq) != STORE_OK)
		return -1;
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
	return 0;
}

void h_risk_overview(struct request *r)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	if (!record_allows(&c, &entity_risks, A_READ, NULL)) {
		page_forbidden(r);
		return;
	}
	long long unit = recview_query_id(r, "unit");
	/* The generation before the data: a body kept under it is never
	 * older than the data it was made from. */
	static const char *const reads[] = { "picture", "risks", "risk-analyses", "risk-methods", "units" };
	long long gen = page_gen(r, reads, sizeof reads / sizeof *reads);
	struct jval *units;
	long long nunits;
	if (unit < 0 || store_choices(r->st, a, &entity_units, r->org_id, 100000, &units, &nunits) != STORE_OK) {
		page_error(r, unit < 0 ? 400 : 500,
			   unit < 0 ? T(r, "There is no such unit.") : T(r, "The database could not be read."));
		return;
	}
	const char *unit_name = NULL;
	struct jval *ctx = page_ctx(r, T(r, "Risk overview"));
	struct jval *opts = jv_set(ctx, "units", jv_arr(a));
	for (const struct jval *u = units->first; u; u = u->next) {
		struct jval *o = jv_push(opts, jv_obj(a));
		long long id = jv_get_int(u, "id", 0);
		jv_set_int(a, o, "id", id);
		jv_set_str(a, o, "name", jv_get_str(u, "label"));
		if (id == unit) {
			jv_set_bool(a, o, "selected", 1);
			unit_name = jv_get_str(u, "label");
		}
	}
	if (unit && !unit_name) {
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
		else if (overview_body(r, &m, unit, b) != 0) {
			page_error(r, 500, T(r, "The database could not be read."));
			return;
		}
		jv_set_str(a, b, "scope_label", jv_get_str(ctx, "scope_label"));
		view_render("risk_overview_body", b, r->lang, &body);
		page_body_put(r, key, gen, &body);
	}
	page_render_body(r, "risk_overview", ctx, BODY_MARK, &body);
	buf_free(&body);
}

/* ---- the action plan --------------------------------------------------------------- */

struct jval *plan_entry_row(struct request *r, const struct plan_entry *e, const char *today, int people)
{
	struct arena *a = r->a;
	struct jval *o = jv_obj(a);
	if (e->kind == AP_MEASURE) {
		jv_set_str(a, o, "kind", T(r, "Measure"));
		jv_set_str(a, o, "title", e->title);
		jv_set_str(a, o, "href", recview_href(r, &entity_measures, e->id));
		jv_set_str(a, o, "status",
			   e->status && strcmp(e->status, "in_progress") == 0 ? T(r, "In progress") : T(r, "Planned"));
		if (e->context_id) {
			jv_set_str(a, o, "context", e->context);
			jv_set_str(a, o, "context_href", recview_href(r, &entity_risks, e->context_id));
		}
	} else {
		const char *title = page_text_sv_en(r, e->req_title);
		jv_set_str(a, o, "kind", T(r, "Requirement"));
		jv_set_str(a, o, "title", *title ? arena_printf(a, "%s %s", e->title, title) : e->title);
		jv_set_str(a, o, "href", recview_href(r, &entity_plan_items, e->id));
		jv_set_str(a, o, "status",
			   e->status && strcmp(e->status, "partly") == 0 ? T(r, "Partly fulfilled") : T(r, "Not fulfilled"));
		jv_set_str(a, o, "context", e->context);
		jv_set_str(a, o, "context_href", arena_printf(a, "/systems/%lld/plan", e->context_id));
	}
	jv_set_str(a, o, "due", e->due ? e->due : "");
	if (e->due && date_compare(e->due, today) < 0)
		jv_set_bool(a, o, "late", 1);
	if (e->owner && people) {
		jv_set_str(a, o, "owner", e->owner);
		jv_set_str(a, o, "owner_href", arena_printf(a, "/action-plan?owner=%lld", e->owner_id));
	}
	return o;
}

void h_action_plan(struct request *r)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	int measures = record_allows(&c, &entity_measures, A_READ, NULL) != 0;
	int items = record_allows(&c, &entity_plan_items, A_READ, NULL) != 0;
	if (!measures && !items) {
		page_forbidden(r);
		return;
	}
	const struct entity *pe = &entity_people;
	int people = record_allows(&c, pe, A_READ, NULL) != 0;
	long long owner = recview_query_id(r, "owner");
	/* Someone who may not read people may still ask for their own. */
	if (owner < 0 || (owner && owner != r->actor.person_id &&
			  (!people || !store_exists(r->st, pe, r->org_id, owner)))) {
		page_error(r, 400, T(r, "There is no such person."));
		return;
	}
	long long page = recview_page(r);
	char today[11];
	clock_today(today);
	struct plan_query q = { .measures = measures, .items = items, .owner_id = owner, .page = page,
				.limit = PLAN_PAGE, .today = today };
	struct plan_entry *v;
	size_t n;
	long long total, overdue;
	if (store_plan_page(r->st, a, r->org_id, &q, &v, &n, &total, &overdue) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	struct jval *ctx = page_ctx(r, T(r, "Action plan"));
	/* Whose plan: everyone's, mine, or the person chosen by a click on
	 * a name in the list (a list of every person responsible would be
	 * thousands of options on a large municipality's page). */
	jv_set(ctx, "owner_name", jv_null(a));
	if (owner) {
		const char *name = store_title(r->st, a, pe, r->org_id, owner);
		jv_set_str(a, ctx, "owner_name", name ? name : T(r, "(not shown)"));
	}
	if (r->actor.person_id && r->actor.person_id != owner)
		jv_set_str(a, ctx, "mine_href", arena_printf(a, "/action-plan?owner=%lld", r->actor.person_id));
	struct jval *rows = jv_set(ctx, "rows", jv_arr(a));
	for (size_t i = 0; i < n; i++)
		jv_push(rows, plan_entry_row(r, &v[i], today, people));
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

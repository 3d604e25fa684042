/*
 * ui_goals.c: the goals with their indicators (GET /goals/indicators, and
 * the panel on a goal's page): each indicator's value today, its target,
 * whether it meets it and its trend per quarter (a small bar chart with a
 * text alternative, and the values in a list beside it). Reading an
 * indicator computes it and keeps the current quarter's value
 * (model/goals.h indicator_evaluate). See docs/goals.md.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core/evidence.h"

#include "model/entity.h"
#include "model/goals.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

/* Quarters shown in a trend. */
#define TREND_MAX 8
#define TREND_W 12 /* a bar's width and gap, px */
#define TREND_H 32

/* A value as the reader writes numbers: one decimal when it has one, a
 * decimal comma in Swedish; with the unit. */
static const char *number(struct request *r, double v, const char *unit)
{
	const char *n = page_decimal(r, v, (double)(long long)v == v ? 0 : 1);
	return unit && *unit ? arena_printf(r->a, "%s %s", n, unit) : n;
}

/* One indicator as the pages show it. */
static struct jval *indicator_ctx(struct request *r, const struct jval *row, const char *today)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	struct indicator_now n;
	if (indicator_evaluate(&c, row, today, TREND_MAX, &n) != 0)
		return NULL;
	const char *unit = jv_get_str(row, "unit");
	long long id = jv_get_int(row, "id", 0);
	struct jval *o = jv_obj(a);
	jv_set_str(a, o, "title", jv_get_str(row, "title"));
	jv_set_str(a, o, "href", recview_href(r, &entity_indicators, id));
	jv_set_str(a, o, "dom_id", arena_printf(a, "ind-%lld", id));
	const struct indicator_kind_info *info = indicator_kind_info(n.kind);
	jv_set_str(a, o, "kind", T(r, info->label));
	if (!n.available)
		jv_set_str(a, o, "value", n.kind == IK_MANUAL ? T(r, "No value entered yet") : T(r, "Not computed yet"));
	else if (!n.has_value)
		jv_set_str(a, o, "value", T(r, "Nothing to count"));
	else {
		jv_set_str(a, o, "value", number(r, n.value, unit));
		if (n.share)
			jv_set_str(a, o, "detail", arena_printf(a, T(r, "%lld of %lld"), n.part, n.whole));
	}
	if (n.has_target)
		jv_set_str(a, o, "target", arena_printf(a, "%s %s", T(r, n.at_least ? N_("At least") : N_("At most")),
							number(r, n.target, unit)));
	if (n.has_value && n.has_target) {
		jv_set_bool(a, o, "judged", 1);
		jv_set_bool(a, o, "meets", n.meets);
	}
	char current[INDICATOR_QUARTER_LEN];
	indicator_quarter(today, current);
	/* A value for this quarter is offered until one is entered. */
	if (n.kind == IK_MANUAL && !(n.nhistory && strcmp(n.history[n.nhistory - 1].quarter, current) == 0)) {
		struct jval *probe = jv_obj(a);
		jv_set_int(a, probe, "indicator_id", id);
		if (record_allows(&c, &entity_indicator_values, A_CREATE, probe))
			jv_set_str(a, o, "add_value_href",
				   recview_with_return(r, arena_printf(a, "/indicator-values/new?indicator_id=%lld&period=%s", id, current)));
	}
	/* The trend: bars scaled to the largest value (100 for shares). */
	double top = n.share ? 100 : 0;
	for (size_t i = 0; i < n.nhistory; i++)
		if (n.history[i].has_value && n.history[i].value > top)
			top = n.history[i].value;
	struct jval *bars = jv_set(o, "bars", jv_arr(a));
	struct jval *points = jv_set(o, "points", jv_arr(a));
	struct buf alt = BUF_INIT;
	for (size_t i = 0; i < n.nhistory; i++) {
		const struct indicator_point *p = &n.history[i];
		double v = p->has_value ? p->value : 0;
		int h = top > 0 && v > 0 ? (int)(v * (TREND_H - 2) / top) + 1 : 1;
		struct jval *b = jv_push(bars, jv_obj(a));
		jv_set_int(a, b, "x", (long long)i * TREND_W);
		jv_set_int(a, b, "y", TREND_H - h);
		jv_set_int(a, b, "h", h);
		struct jval *pt = jv_push(points, jv_obj(a));
		const char *val = p->has_value ? number(r, p->value, unit) : T(r, "no value");
		jv_set_str(a, pt, "quarter", p->quarter);
		jv_set_str(a, pt, "value", val);
		buf_printf(&alt, "%s%s: %s", alt.len ? ", " : "", p->quarter, val);
	}
	if (n.nhistory) {
		jv_set_int(a, o, "chart_w", (long long)n.nhistory * TREND_W);
		jv_set_int(a, o, "chart_h", TREND_H);
		jv_set_str(a, o, "trend_alt", arena_printf(a, "%s %s", T(r, "Value per quarter:"), buf_str(&alt)));
	}
	buf_free(&alt);
	return o;
}

/* The indicators of goal (every goal's when 0) the reader may read, into
 * out, grouped under their goals when goals is set. -1 when the store fails. */
static int goals_ctx(struct request *r, long long goal, struct jval *out)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	char today[11];
	clock_today(today);
	struct list_query gq = { .page = 1, .limit = 500 };
	struct jval *goals, *inds;
	if (goal) {
		gq.nfilters = 0;
	}
	record_list_restrict(&c, &entity_goals, &gq);
	if (store_list(r->st, a, &entity_goals, r->org_id, &gq, &goals, NULL) != STORE_OK)
		return -1;
	struct list_query iq = { .page = 1, .limit = 2000 };
	if (goal) {
		iq.nfilters = 1;
		iq.filters[0].f = entity_field(&entity_indicators, "goal_id");
		iq.filters[0].value = arena_printf(a, "%lld", goal);
	}
	record_list_restrict(&c, &entity_indicators, &iq);
	if (store_list(r->st, a, &entity_indicators, r->org_id, &iq, &inds, NULL) != STORE_OK)
		return -1;
	for (struct jval *g = goals->first; g; g = g->next) {
		long long gid = jv_get_int(g, "id", 0);
		if (goal && gid != goal)
			continue;
		struct jval *o = jv_push(out, jv_obj(a));
		jv_set_str(a, o, "title", jv_get_str(g, "title"));
		jv_set_str(a, o, "href", recview_href(r, &entity_goals, gid));
		jv_set_str(a, o, "policy", jv_get_str(g, "policy"));
		jv_set_str(a, o, "dom_id", arena_printf(a, "goal-%lld", gid));
		struct jval *list = jv_set(o, "indicators", jv_arr(a));
		long long met = 0, judged = 0;
		for (struct jval *i = inds->first; i; i = i->next) {
			if (jv_get_int(i, "goal_id", 0) != gid)
				continue;
			struct jval *x = indicator_ctx(r, i, today);
			if (!x)
				return -1;
			jv_push(list, x);
			if (jv_get(x, "judged")) {
				judged++;
				met += jv_truthy(jv_get(x, "meets"));
			}
		}
		jv_set_str(a, o, "summary", arena_printf(a, T(r, "%lld of %lld indicators meet their target"), met,
							 (long long)list->len));
		(void)judged;
		struct jval *probe = jv_obj(a);
		jv_set_int(a, probe, "goal_id", gid);
		if (record_allows(&c, &entity_indicators, A_CREATE, probe))
			jv_set_str(a, o, "new_indicator_href",
				   recview_with_return(r, arena_printf(a, "/indicators/new?goal_id=%lld", gid)));
	}
	return 0;
}

void h_goals_overview(struct request *r)
{
	struct arena *a = r->a;
	struct jval *ctx = page_ctx(r, T(r, "Goals and indicators"));
	struct jval *goals = jv_set(ctx, "goals", jv_arr(a));
	if (goals_ctx(r, 0, goals) != 0) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	struct rctx c = page_rctx(r);
	if (record_allows(&c, &entity_goals, A_CREATE, NULL))
		jv_set_str(a, ctx, "new_goal_href", recview_with_return(r, "/goals/new"));
	page_render(r, 200, "goals_overview", ctx);
}

/* ---- record page panels ------------------------------------------------------------ */

static void goal_panel(struct request *r, const struct jval *row, struct jval *ctx)
{
	struct jval *goals = jv_arr(r->a);
	if (goals_ctx(r, jv_get_int(row, "id", 0), goals) != 0 || !goals->first)
		return;
	jv_set(ctx, "goal_panel", goals->first);
}

static void meeting_panel(struct request *r, const struct jval *row, struct jval *ctx)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	long long id = jv_get_int(row, "id", 0);
	struct jval *p = jv_set(ctx, "meeting_panel", jv_obj(a));
	jv_set_str(a, p, "decisions_href", arena_printf(a, "/meeting-decisions?meeting_id=%lld", id));
	struct jval *probe = jv_obj(a);
	jv_set_int(a, probe, "meeting_id", id);
	if (record_allows(&c, &entity_meeting_decisions, A_CREATE, probe))
		jv_set_str(a, p, "new_decision_href",
			   recview_with_return(r, arena_printf(a, "/meeting-decisions/new?meeting_id=%lld", id)));
	/* The minutes files: kept and checked as evidence files are. */
	files_panel(r, EV_MEETING, id, record_allows(&c, &entity_meetings, A_UPDATE, row), p);
	const char *kind = jv_get_str(row, "kind");
	if (kind && strcmp(kind, "management_review") == 0) {
		jv_set_bool(a, p, "review", 1);
		if (record_allows(&c, &entity_meetings, A_UPDATE, row))
			jv_set_str(a, p, "fill_action", arena_printf(a, "/meetings/%lld/fill-agenda", id));
	}
}

/* A control point: the way to record its result (for whoever may: the
 * person by whom, the coordinator, a manager) and to its results. */
static void control_point_panel(struct request *r, const struct jval *row, struct jval *ctx)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	long long id = jv_get_int(row, "id", 0);
	struct jval *p = jv_set(ctx, "control_panel", jv_obj(a));
	jv_set_str(a, p, "results_href", arena_printf(a, "/control-results?control_point_id=%lld", id));
	struct jval *probe = jv_obj(a);
	jv_set_int(a, probe, "control_point_id", id);
	if (record_allows(&c, &entity_control_results, A_CREATE, probe))
		jv_set_str(a, p, "new_result_href",
			   recview_with_return(r, arena_printf(a, "/control-results/new?control_point_id=%lld", id)));
}

void goals_panels(struct request *r, const struct entity *e, const struct jval *row, struct jval *ctx)
{
	if (e == &entity_control_points)
		control_point_panel(r, row, ctx);
	if (e == &entity_goals)
		goal_panel(r, row, ctx);
	if (e == &entity_meetings)
		meeting_panel(r, row, ctx);
}

/* ---- filling a management review's agenda -------------------------------------------- */

static int fill(struct request *r, struct verrors *errs)
{
	struct rctx c = page_rctx(r);
	return meeting_fill_agenda(&c, r->id, r->lang, errs);
}

void h_meeting_fill_agenda(struct request *r)
{
	struct verrors errs = { 0 };
	int rc = fill(r, &errs);
	if (rc == REC_NOTFOUND)
		page_not_found(r);
	else if (rc == REC_FORBIDDEN)
		page_forbidden(r);
	else if (rc == REC_INVALID)
		page_error(r, 400, errs.n ? errs.items[0].message : T(r, "The change could not be saved. Nothing was changed."));
	else if (rc != REC_OK)
		page_error(r, 500, T(r, "The change could not be saved. Nothing was changed."));
	else {
		page_flash_set(r, "agenda_filled", T(r, "The agenda was filled with the figures as of today."));
		res_redirect(r, arena_printf(r->a, "%s?done=agenda_filled", recview_href(r, &entity_meetings, r->id)));
	}
}

void api_meeting_fill_agenda(struct request *r)
{
	struct verrors errs = { 0 };
	int rc = fill(r, &errs);
	if (rc == REC_NOTFOUND)
		page_not_found(r);
	else if (rc == REC_FORBIDDEN)
		page_forbidden(r);
	else if (rc == REC_INVALID)
		page_problem(r, 422, T(r, "The agenda could not be filled"), &errs);
	else if (rc != REC_OK)
		page_error(r, 500, T(r, "The change could not be saved. Nothing was changed."));
	else {
		struct jval *row;
		if (store_get(r->st, r->a, &entity_meetings, r->org_id, r->id, &row) != STORE_OK)
			page_error(r, 500, T(r, "The database could not be read."));
		else
			page_json(r, 200, row);
	}
}

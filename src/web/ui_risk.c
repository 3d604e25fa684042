/*
 * ui_risk.c: the risk-analysis page beyond plain entity editing — the risk
 * matrix (a heat map as SVG with the same counts as a table beside it) and
 * the analysis's risks with their scores and measures.
 */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/riskview.h"
#include "model/entity.h"
#include "model/risk.h"
#include "model/visible.h"
#include "store/derived.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/xalloc.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

/* The SVG's geometry: cells and the margin for the axis numbers. */
#define CELL 48
#define MARGIN 40

/* The heat map and its table, as the template risk_matrix shows them. */
struct jval *risk_matrix_ctx(struct request *r, const struct risk_method *m, const struct riskview_heat *x,
			     const char *id, const char *caption)
{
	struct arena *a = r->a;
	struct jval *o = jv_obj(a);
	jv_set_str(a, o, "id", id);
	jv_set_str(a, o, "caption", caption);
	int w = MARGIN + m->nconsequence * CELL, h = m->nlikelihood * CELL + MARGIN;
	jv_set_int(a, o, "width", w);
	jv_set_int(a, o, "height", h);
	jv_set_int(a, o, "axis_x", MARGIN + m->nconsequence * CELL / 2);
	jv_set_int(a, o, "axis_y", h - 6);
	jv_set_int(a, o, "ylabel_y", m->nlikelihood * CELL / 2);
	jv_set_str(a, o, "consequence_label", T(r, "Consequence"));
	jv_set_str(a, o, "likelihood_label", T(r, "Likelihood"));
	struct jval *cells = jv_set(o, "cells", jv_arr(a));
	struct jval *rows = jv_set(o, "rows", jv_arr(a));
	struct jval *cols = jv_set(o, "columns", jv_arr(a));
	struct jval *ticks = jv_set(o, "ticks", jv_arr(a));
	long long total = 0;
	for (int c = 1; c <= m->nconsequence; c++) {
		struct jval *col = jv_push(cols, jv_obj(a));
		jv_set_int(a, col, "level", c);
		jv_set_str(a, col, "name", m->consequence[c - 1].name);
		struct jval *t = jv_push(ticks, jv_obj(a));
		jv_set_int(a, t, "x", MARGIN + (c - 1) * CELL + CELL / 2);
		jv_set_int(a, t, "y", m->nlikelihood * CELL + 18);
		jv_set_int(a, t, "text", c);
	}
	/* Highest likelihood on top, as a risk matrix is read. */
	for (int l = m->nlikelihood; l >= 1; l--) {
		int y = (m->nlikelihood - l) * CELL;
		struct jval *t = jv_push(ticks, jv_obj(a));
		jv_set_int(a, t, "x", MARGIN / 2);
		jv_set_int(a, t, "y", y + CELL / 2 + 5);
		jv_set_int(a, t, "text", l);
		struct jval *row = jv_push(rows, jv_obj(a));
		jv_set_int(a, row, "level", l);
		jv_set_str(a, row, "name", m->likelihood[l - 1].name);
		struct jval *rc = jv_set(row, "cells", jv_arr(a));
		for (int c = 1; c <= m->nconsequence; c++) {
			int v = l * c, b = risk_band_of(m, v);
			const char *fill = b >= 0 ? m->bands[b].color : "#ffffff";
			long long count = x->n[l - 1][c - 1];
			total += count;
			struct jval *cell = jv_push(cells, jv_obj(a));
			jv_set_int(a, cell, "x", MARGIN + (c - 1) * CELL);
			jv_set_int(a, cell, "y", y);
			jv_set_int(a, cell, "tx", MARGIN + (c - 1) * CELL + CELL / 2);
			jv_set_int(a, cell, "ty", y + CELL / 2 + 6);
			jv_set_str(a, cell, "fill", fill);
			jv_set_str(a, cell, "ink", risk_text_color(fill));
			if (count)
				jv_set_int(a, cell, "count", count);
			struct jval *tc = jv_push(rc, jv_obj(a));
			jv_set_int(a, tc, "count", count);
			jv_set_str(a, tc, "band", b >= 0 ? m->bands[b].name : "");
			jv_set_str(a, tc, "fill", fill);
		}
	}
	jv_set_str(a, o, "summary",
		   arena_printf(a, T(r, "%lld risks by likelihood (rows, highest first) and consequence (columns)."), total));
	struct jval *bands = jv_set(o, "bands", jv_arr(a));
	for (int b = 0; b < m->nbands; b++) {
		struct jval *bo = jv_push(bands, jv_obj(a));
		jv_set_str(a, bo, "name", m->bands[b].name);
		jv_set_str(a, bo, "fill", m->bands[b].color);
		jv_set_str(a, bo, "range", m->bands[b].min == m->bands[b].max ? arena_printf(a, "%d", m->bands[b].min)
					   : arena_printf(a, "%d–%d", m->bands[b].min, m->bands[b].max));
	}
	return o;
}

int risk_heat_add(const struct risk_method *m, const struct jval *risk, struct riskview_heat *before,
		  struct riskview_heat *after)
{
	int l = (int)jv_get_int(risk, "likelihood", 0), c = (int)jv_get_int(risk, "consequence", 0);
	if (l >= 1 && l <= m->nlikelihood && c >= 1 && c <= m->nconsequence)
		before->n[l - 1][c - 1]++;
	l = (int)jv_get_int(risk, "residual_likelihood", 0);
	c = (int)jv_get_int(risk, "residual_consequence", 0);
	if (l < 1 || l > m->nlikelihood || c < 1 || c > m->nconsequence)
		return 0;
	after->n[l - 1][c - 1]++;
	return 1;
}

#define SCOPE_ASSETS_MAX 200

/* One row of the information in scope: its levels, the consequence each
 * suggests, and a link that starts a risk with the information, the
 * aspects at its highest level and that level's suggested consequence. */
static void scope_row(struct request *r, const struct risk_method *m, long long analysis, const char *name,
		      const char *href, long long asset, const struct levels *lv, int may_add, struct jval *rows)
{
	struct arena *a = r->a;
	struct jval *o = jv_push(rows, jv_obj(a));
	jv_set_str(a, o, "name", name);
	jv_set(o, "href", href ? jv_str(a, href) : jv_null(a));
	struct jval *cells = jv_set(o, "levels", jv_arr(a));
	int top = LEVEL_UNSET;
	for (int k = 0; k < ASPECT_COUNT; k++)
		if (lv->v[k] > top)
			top = lv->v[k];
	char aspects[16] = "";
	for (int k = 0; k < ASPECT_COUNT; k++) {
		int c = risk_suggest_consequence(lv->v[k], m->nconsequence);
		jv_push(cells, jv_str(a, lv->v[k] == LEVEL_UNSET ? "–"
					  : arena_printf(a, "%s%d → %d", aspect_code((enum aspect)k), lv->v[k], c)));
		if (lv->v[k] == top && top > LEVEL_MIN) {
			if (*aspects)
				strcat(aspects, ", ");
			strcat(aspects, aspect_code((enum aspect)k));
		}
	}
	jv_set_bool(a, o, "classified", top != LEVEL_UNSET);
	jv_set(o, "add_href", jv_null(a));
	if (may_add && top > LEVEL_MIN) {
		int c = risk_suggest_consequence(top, m->nconsequence);
		const char *q = asset ? arena_printf(a, "&asset_ids=%lld", asset) : "";
		jv_set_str(a, o, "add_href",
			   recview_with_return(r, arena_printf(a, "/risks/new?analysis_id=%lld%s&aspects=%s&consequence=%d",
								    analysis, q, recview_urlencode(a, aspects), c)));
	}
}

/* The information the analysis covers: a system's, a process's or a
 * unit's information assets with their classification; for the shared IT
 * environment and the infrastructure, which carry all of it, the highest
 * levels of the organisation's information. */
static void scope_information(struct request *r, const struct jval *row, const struct risk_method *m, int may_add,
			      struct jval *p)
{
	struct arena *a = r->a;
	const char *scope = jv_get_str(row, "scope");
	long long id = jv_get_int(row, "id", 0);
	struct jval *rows = jv_set(p, "scope_assets", jv_arr(a));
	const struct entity *ie = &entity_information_assets;
	if (scope && (strcmp(scope, "shared_it") == 0 || strcmp(scope, "infrastructure") == 0)) {
		struct levels max;
		if (store_asset_levels_max(r->st, r->org_id, &max) == STORE_OK)
			scope_row(r, m, id, T(r, "All the organisation's information"), NULL, 0, &max, may_add, rows);
		return;
	}
	long long subject = scope && strcmp(scope, "process") == 0 ? jv_get_int(row, "process_id", 0)
			    : scope && strcmp(scope, "unit") == 0  ? jv_get_int(row, "unit_id", 0)
								   : jv_get_int(row, "system_id", 0);
	struct scope_asset *v;
	size_t n;
	long long total;
	if (!subject || store_scope_assets(r->st, a, r->org_id, scope, subject, SCOPE_ASSETS_MAX, &v, &n, &total) != STORE_OK)
		return;
	for (size_t i = 0; i < n; i++) {
		/* Named and linked only for those who may read the asset. */
		if (visible_record(recview_visible(r), ie, v[i].id))
			scope_row(r, m, id, v[i].name, recview_href(r, ie, v[i].id), v[i].id, &v[i].lv, may_add, rows);
		else
			scope_row(r, m, id, visible_hidden(r->lang), NULL, v[i].id, &v[i].lv, may_add, rows);
	}
	if (total > SCOPE_ASSETS_MAX)
		jv_set_str(a, p, "scope_more", arena_printf(a, T(r, "and %zu more"), (size_t)(total - SCOPE_ASSETS_MAX)));
}

/* The analysis's comments, oldest first, and the link to write one. */
static void comments(struct request *r, long long analysis, struct jval *p)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	const struct entity *ce = &entity_risk_comments;
	/* Decided on the analysis (scope_via): the same for every comment. */
	struct jval *probe = jv_obj(a);
	jv_set_int(a, probe, "analysis_id", analysis);
	if (!record_allows(&c, ce, A_READ, probe))
		return;
	struct list_query q = { .page = 1, .limit = 0, .nfilters = 1 };
	q.filters[0].f = entity_field(ce, "analysis_id");
	q.filters[0].value = arena_printf(a, "%lld", analysis);
	struct jval *rows;
	if (store_list(r->st, a, ce, r->org_id, &q, &rows, NULL) != STORE_OK)
		return;
	struct jval *list = jv_set(p, "comments", jv_arr(a));
	for (const struct jval *k = rows->first; k; k = k->next) {
		struct jval *o = jv_push(list, jv_obj(a));
		jv_set_str(a, o, "body", jv_get_str(k, "body"));
		const char *who = recview_text(r, entity_field(ce, "author_id"), k);
		jv_set_str(a, o, "author", *who ? who : T(r, "Tillit"));
		const char *at = jv_get_str(k, "created_at");
		jv_set_str(a, o, "when", at ? arena_strndup(a, at, 10) : "");
		const char *risk = recview_text(r, entity_field(ce, "risk_id"), k);
		if (*risk)
			jv_set_str(a, o, "risk", risk);
		jv_set_str(a, o, "href", recview_href(r, ce, jv_get_int(k, "id", 0)));
	}
	if (record_allows(&c, ce, A_CREATE, probe))
		jv_set_str(a, p, "comment_href",
			   recview_with_return(r, arena_printf(a, "/risk-comments/new?analysis_id=%lld", analysis)));
	jv_set_bool(a, p, "comments_shown", 1);
}

static void analysis_panel(struct request *r, const struct jval *row, struct jval *ctx)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	const struct entity *re = &entity_risks;
	if (!record_allows(&c, re, A_READ, NULL))
		return;
	long long id = jv_get_int(row, "id", 0);
	struct jval *p = jv_set(ctx, "risk_panel", jv_obj(a));
	struct risk_method m;
	if (risk_method_load(r->st, a, r->org_id, jv_get_int(row, "method_id", 0), &m) != 0) {
		jv_set_str(a, p, "problem", T(r, "The analysis's risk method cannot be read."));
		return;
	}
	risk_method_localise(&m, r->lang);
	struct list_query q = { .page = 1, .limit = 0, .nfilters = 1, .desc = 1 };
	q.filters[0].f = entity_field(re, "analysis_id");
	q.filters[0].value = arena_printf(a, "%lld", id);
	q.sort = entity_field(re, "value");
	struct jval *risks;
	if (store_list(r->st, a, re, r->org_id, &q, &risks, NULL) != STORE_OK) {
		jv_set_str(a, p, "problem", T(r, "The database could not be read."));
		return;
	}
	struct riskview_heat before = { 0 }, after = { 0 };
	int residual = 0;
	struct jval *list = jv_set(p, "risks", jv_arr(a));
	const struct field *tf = entity_field(re, "treatment");
	for (const struct jval *k = risks->first; k; k = k->next) {
		residual |= risk_heat_add(&m, k, &before, &after);
		int l = (int)jv_get_int(k, "likelihood", 0), cq = (int)jv_get_int(k, "consequence", 0);
		struct jval *o = jv_push(list, jv_obj(a));
		long long kid = jv_get_int(k, "id", 0);
		jv_set_str(a, o, "title", jv_get_str(k, "title"));
		jv_set_str(a, o, "href", recview_href(r, re, kid));
		jv_set_int(a, o, "likelihood", l);
		jv_set_int(a, o, "consequence", cq);
		jv_set_int(a, o, "value", jv_get_int(k, "value", 0));
		const char *band = jv_get_str(k, "band");
		jv_set_str(a, o, "band", band ? band : "");
		int b = risk_band_of(&m, (int)jv_get_int(k, "value", 0));
		jv_set_str(a, o, "fill", b >= 0 ? m.bands[b].color : "#ffffff");
		jv_set_str(a, o, "treatment", T(r, field_option_label(tf, jv_get_str(k, "treatment"))));
		const char *rb = jv_get_str(k, "residual_band");
		jv_set_str(a, o, "residual", rb ? arena_printf(a, "%lld %s", jv_get_int(k, "residual_value", 0), rb) : "");
		jv_set_bool(a, o, "accepted", jv_get_int(k, "accepted_by_id", 0) != 0);
		/* The residual risk, once assessed, is accepted in one step. */
		jv_set_str(a, o, "accept_href", rb ? decide_href(r, re, k) : NULL);
		/* Its measures, and the way to add one that comes back here. */
		risk_measures(r, kid, jv_set(o, "measures", jv_arr(a)));
		struct jval *probe = jv_obj(a);
		jv_set_int(a, probe, "risk_id", kid);
		jv_set(o, "add_measure_href", jv_null(a));
		if (record_allows(&c, &entity_measures, A_CREATE, probe))
			jv_set_str(a, o, "add_measure_href",
				   arena_printf(a, "/measures/new?risk_id=%lld&return=/risk-analyses/%lld", kid, id));
	}
	jv_set(p, "matrix", risk_matrix_ctx(r, &m, &before, "matrix", T(r, "Risk matrix")));
	if (residual)
		jv_set(p, "residual_matrix", risk_matrix_ctx(r, &m, &after, "residual", T(r, "Residual risk matrix")));
	struct jval *tmp = jv_obj(a);
	jv_set_int(a, tmp, "analysis_id", id);
	int may_add = record_allows(&c, re, A_CREATE, tmp) != 0;
	if (may_add) {
		jv_set_str(a, p, "new_href", recview_with_return(r, arena_printf(a, "/risks/new?analysis_id=%lld", id)));
		jv_set_str(a, p, "import_href", arena_printf(a, "/risk-analyses/%lld/import", id));
	}
	jv_set_str(a, p, "report_href", arena_printf(a, "/risk-analyses/%lld/report", id));
	jv_set_str(a, p, "report_pdf_href", arena_printf(a, "/risk-analyses/%lld/report.pdf", id));
	scope_information(r, row, &m, may_add, p);
	comments(r, id, p);
}

/* Why a trigger made the analysis due: the risk-triggers kind's label. */
static const char *trigger_why(struct request *r, enum gap_trigger_kind k)
{
	if (k == GT_CLASSIFICATION_RAISED)
		return T(r, "Classification raised");
	const char *label = field_option_label(entity_field(&entity_risk_triggers, "kind"), gap_trigger_code(k));
	return label ? T(r, label) : "";
}

/* A system's or an information asset's cadence: the last decided
 * analysis, the next one and, when a trigger brought it forward, why. */
static void cadence_panel(struct request *r, const struct entity *e, const struct jval *row, struct jval *ctx)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	const struct entity *ae = &entity_risk_analyses, *te = &entity_risk_triggers;
	if (!record_allows(&c, ae, A_READ, NULL))
		return;
	int is_sys = e == &entity_systems; /* else an information asset */
	long long id = jv_get_int(row, "id", 0);
	struct gap_cadence cadence, *cad = &cadence;
	if (store_derived_cadence(r->st, a, r->org_id, is_sys, id, cad) != STORE_OK)
		return;
	char today[11];
	clock_today(today);
	struct jval *p = jv_set(ctx, "cadence", jv_obj(a));
	if (cad->last)
		jv_set_str(a, p, "last", cad->last);
	if (cad->due[0]) {
		jv_set_str(a, p, "due", arena_strdup(a, cad->due));
		jv_set_bool(a, p, "overdue", date_compare(cad->due, today) < 0);
	}
	if (cad->trigger) {
		jv_set_str(a, p, "trigger", cad->trigger);
		jv_set_str(a, p, "why", trigger_why(r, cad->why));
		struct jval *t;
		if (cad->trigger_id && store_get(r->st, a, te, r->org_id, cad->trigger_id, &t) == STORE_OK &&
		    record_allows(&c, te, A_READ, t)) {
			jv_set_str(a, p, "trigger_title", jv_get_str(t, "title"));
			jv_set_str(a, p, "trigger_href", recview_href(r, te, cad->trigger_id));
		}
	}
	const char *field = is_sys ? "system_id" : "asset_id";
	struct jval *probe = jv_obj(a);
	jv_set_int(a, probe, field, id);
	if (record_allows(&c, te, A_CREATE, probe))
		jv_set_str(a, p, "trigger_new_href",
			   recview_with_return(r, arena_printf(a, "/risk-triggers/new?%s=%lld", field, id)));
	if (record_allows(&c, te, A_READ, NULL))
		jv_set_str(a, p, "triggers_href", arena_printf(a, "/risk-triggers?%s=%lld", field, id));
	if (is_sys) {
		jv_set_str(a, p, "analyses_href", arena_printf(a, "/risk-analyses?system_id=%lld", id));
		jv_set_int(a, probe, "system_id", id);
		jv_set_str(a, probe, "scope", "system");
		if (record_allows(&c, ae, A_CREATE, probe)) {
			/* Started from the system: titled after it, with its
			 * owner as risk owner and today's date (the form's
			 * fields from the query, as any new record's). */
			struct buf b = BUF_INIT;
			buf_printf(&b, "/risk-analyses/new?scope=system&system_id=%lld&analysed_on=%s&title=%s", id, today,
				   recview_urlencode(a, arena_printf(a, T(r, "Risk analysis: %s"), recview_title(r, e, row))));
			long long owner = jv_get_int(row, "owner_id", 0);
			if (owner)
				buf_printf(&b, "&risk_owner_id=%lld", owner);
			jv_set_str(a, p, "analysis_new_href", arena_strdup(a, buf_str(&b)));
			buf_free(&b);
		}
	}
}

void risk_panels(struct request *r, const struct entity *e, const struct jval *row, struct jval *ctx)
{
	if (e->panels & PANEL_ANALYSES)
		analysis_panel(r, row, ctx);
	if (e->panels & PANEL_CADENCE)
		cadence_panel(r, e, row, ctx);
}

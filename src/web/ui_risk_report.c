/*
 * ui_risk_report.c: the printable report of one risk analysis, for the risk
 * owner to sign or for the committee (nämnd): the analysis's facts, its
 * risk matrix before and after the measures, every risk with its
 * treatment, measures and acceptance, and lines for the decision.
 *
 * GET /risk-analyses/{id}/report      HTML (the browser prints it)
 * GET /risk-analyses/{id}/report.pdf  the same as a PDF (landscape A4)
 *
 * Both are made from one model (report_load): the jvals the template
 * shows are the cells the PDF writes. Readers of the analysis may see it;
 * risks the reader may not read are left out, as everywhere.
 */
#include <string.h>

#include "core/riskview.h"
#include "model/entity.h"
#include "model/risk.h"
#include "report/pdf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

/* More risks than a report is meant to carry: the rest are named, not
 * printed (an analysis has tens; a register belongs in the export). */
#define REPORT_RISKS_MAX 500

struct report {
	struct jval *analysis;
	struct risk_method m;
	const char *title;       /* "Risk analysis: <title>" */
	const char *org;         /* the organisation's name */
	struct jval *facts;      /* [{ label, text }] */
	struct jval *risks;      /* [{ number, title, ..., measures: [...] }] */
	struct jval *matrix, *residual_matrix; /* risk_matrix_ctx, or NULL */
	size_t more;             /* risks beyond REPORT_RISKS_MAX */
	char today[11];
};

static void fact(struct request *r, struct jval *facts, const char *label, const char *text)
{
	if (!text || !*text)
		return;
	struct jval *o = jv_push(facts, jv_obj(r->a));
	jv_set_str(r->a, o, "label", label);
	jv_set_str(r->a, o, "text", text);
}

static void field_fact(struct request *r, struct jval *facts, const struct entity *e, const struct jval *row,
		       const char *name)
{
	const struct field *f = entity_field(e, name);
	fact(r, facts, T(r, f->label), recview_text(r, f, row));
}

static void analysis_facts(struct request *r, struct report *rep)
{
	struct arena *a = r->a;
	const struct entity *ae = &entity_risk_analyses;
	const struct jval *row = rep->analysis;
	struct jval *facts = rep->facts = jv_arr(a);
	/* The scope and what it names: "System: Ekonomisystemet". */
	const char *scope = recview_text(r, entity_field(ae, "scope"), row);
	static const char *const subjects[] = { "system_id", "process_id", "unit_id" };
	for (size_t i = 0; i < sizeof subjects / sizeof subjects[0]; i++) {
		const char *s = recview_text(r, entity_field(ae, subjects[i]), row);
		if (*s) {
			scope = arena_printf(a, "%s: %s", scope, s);
			break;
		}
	}
	fact(r, facts, T(r, "Scope"), scope);
	field_fact(r, facts, ae, row, "analysed_on");
	field_fact(r, facts, ae, row, "participants");
	const struct entity *me = &entity_risk_methods;
	struct jval *method;
	if (store_get(r->st, a, me, r->org_id, jv_get_int(row, "method_id", 0), &method) == STORE_OK)
		fact(r, facts, T(r, "Risk method"),
		     arena_printf(a, T(r, "%s, version %lld"), jv_get_str(method, "name"), jv_get_int(method, "version", 0)));
	field_fact(r, facts, ae, row, "status");
	field_fact(r, facts, ae, row, "risk_owner_id");
	field_fact(r, facts, ae, row, "decided_by_id");
	field_fact(r, facts, ae, row, "decided_on");
	field_fact(r, facts, ae, row, "summary");
}

/* "Anna Berg, 2026-03-01, Kommunstyrelsen, KS 2026/12" */
static const char *acceptance(struct request *r, const struct entity *re, const struct jval *k)
{
	static const char *const parts[] = { "accepted_by_id", "accepted_on", "accepted_body", "case_number" };
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		const char *s = recview_text(r, entity_field(re, parts[i]), k);
		if (*s)
			buf_printf(&b, "%s%s", b.len ? ", " : "", s);
	}
	const char *s = arena_strdup(r->a, buf_str(&b));
	buf_free(&b);
	return s;
}

int risk_measures(struct request *r, long long risk, struct jval *out)
{
	struct arena *a = r->a;
	const struct entity *me = &entity_measures;
	struct rctx c = page_rctx(r);
	/* Decided on the risk (scope_via): the same for each of its measures. */
	struct jval *probe = jv_obj(a);
	jv_set_int(a, probe, "risk_id", risk);
	if (!record_allows(&c, me, A_READ, probe))
		return 0;
	struct list_query q = { .page = 1, .limit = 0, .nfilters = 1 };
	q.filters[0].f = entity_field(me, "risk_id");
	q.filters[0].value = arena_printf(a, "%lld", risk);
	q.sort = entity_field(me, "due_date");
	struct jval *rows;
	if (store_list(r->st, a, me, r->org_id, &q, &rows, NULL) != STORE_OK)
		return -1;
	for (const struct jval *k = rows->first; k; k = k->next) {
		struct jval *o = jv_push(out, jv_obj(a));
		jv_set_str(a, o, "title", jv_get_str(k, "title"));
		jv_set_str(a, o, "href", recview_href(r, me, jv_get_int(k, "id", 0)));
		jv_set_str(a, o, "owner", recview_text(r, entity_field(me, "owner_id"), k));
		jv_set_str(a, o, "due", recview_text(r, entity_field(me, "due_date"), k));
		jv_set_str(a, o, "status", recview_text(r, entity_field(me, "status"), k));
	}
	return 0;
}

/* One risk as the report shows it; its heat counted into before/after. */
static int risk_entry(struct report *rep, struct request *r, const struct jval *k, struct riskview_heat *before,
		      struct riskview_heat *after, int *residual)
{
	struct arena *a = r->a;
	const struct entity *re = &entity_risks;
	*residual |= risk_heat_add(&rep->m, k, before, after);
	struct jval *o = jv_push(rep->risks, jv_obj(a));
	long long id = jv_get_int(k, "id", 0);
	jv_set_int(a, o, "number", (long long)rep->risks->len);
	jv_set_str(a, o, "href", recview_href(r, re, id));
	jv_set_str(a, o, "title", jv_get_str(k, "title"));
	static const char *const texts[] = { "vulnerability", "harm", "aspects", "treatment_reason" };
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		jv_set_str(a, o, texts[i], recview_text(r, entity_field(re, texts[i]), k));
	jv_set_str(a, o, "assets", recview_text(r, entity_field(re, "asset_ids"), k));
	jv_set_int(a, o, "likelihood", jv_get_int(k, "likelihood", 0));
	jv_set_int(a, o, "consequence", jv_get_int(k, "consequence", 0));
	const char *band = jv_get_str(k, "band");
	jv_set_str(a, o, "value", arena_printf(a, "%lld %s", jv_get_int(k, "value", 0), band ? band : ""));
	int b = risk_band_of(&rep->m, (int)jv_get_int(k, "value", 0));
	jv_set_str(a, o, "fill", b >= 0 ? rep->m.bands[b].color : "#ffffff");
	jv_set_str(a, o, "ink", risk_text_color(b >= 0 ? rep->m.bands[b].color : "#ffffff"));
	jv_set_str(a, o, "treatment", recview_text(r, entity_field(re, "treatment"), k));
	const char *owner = recview_text(r, entity_field(re, "risk_owner_id"), k);
	if (!*owner)
		owner = recview_text(r, entity_field(&entity_risk_analyses, "risk_owner_id"), rep->analysis);
	jv_set_str(a, o, "owner", owner);
	const char *rb = jv_get_str(k, "residual_band");
	jv_set_str(a, o, "residual",
		   rb ? arena_printf(a, "%lld×%lld = %lld %s", jv_get_int(k, "residual_likelihood", 0),
				     jv_get_int(k, "residual_consequence", 0), jv_get_int(k, "residual_value", 0), rb)
		      : "");
	jv_set_str(a, o, "accepted", acceptance(r, re, k));
	return risk_measures(r, id, jv_set(o, "measures", jv_arr(a)));
}

/* Everything the report shows, or -1 with the error page sent. */
static int report_load(struct request *r, struct report *rep)
{
	struct arena *a = r->a;
	memset(rep, 0, sizeof *rep);
	r->entity = &entity_risk_analyses;
	if (!recview_load(r, &rep->analysis))
		return -1;
	const struct entity *re = &entity_risks;
	struct rctx c = page_rctx(r);
	/* Risks are decided on their analysis (scope_via): one check for all. */
	struct jval *probe = jv_obj(a);
	jv_set_int(a, probe, "analysis_id", r->id);
	if (!record_allows(&c, re, A_READ, probe)) {
		page_forbidden(r);
		return -1;
	}
	if (risk_method_load(r->st, a, r->org_id, jv_get_int(rep->analysis, "method_id", 0), &rep->m) != 0) {
		page_error(r, 500, T(r, "The analysis's risk method cannot be read."));
		return -1;
	}
	risk_method_localise(&rep->m, r->lang);
	clock_today(rep->today);
	rep->title = arena_printf(a, T(r, "Risk analysis: %s"), recview_title(r, r->entity, rep->analysis));
	rep->org = page_org_name(r);
	analysis_facts(r, rep);
	/* Highest risk first, as the panel lists them. */
	struct list_query q = { .page = 1, .limit = 0, .nfilters = 1, .desc = 1 };
	q.filters[0].f = entity_field(re, "analysis_id");
	q.filters[0].value = arena_printf(a, "%lld", r->id);
	q.sort = entity_field(re, "value");
	struct jval *rows;
	if (store_list(r->st, a, re, r->org_id, &q, &rows, NULL) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return -1;
	}
	rep->risks = jv_arr(a);
	struct riskview_heat before = { 0 }, after = { 0 };
	int residual = 0;
	if (rows->len > REPORT_RISKS_MAX)
		rep->more = rows->len - REPORT_RISKS_MAX;
	for (const struct jval *k = rows->first; k && rep->risks->len < REPORT_RISKS_MAX; k = k->next) {
		/* The list gives the order; the record the names of the
		 * information affected. */
		struct jval *full;
		if (store_get(r->st, a, re, r->org_id, jv_get_int(k, "id", 0), &full) != STORE_OK ||
		    risk_entry(rep, r, full, &before, &after, &residual) != 0) {
			page_error(r, 500, T(r, "The database could not be read."));
			return -1;
		}
	}
	rep->matrix = risk_matrix_ctx(r, &rep->m, &before, "matrix", T(r, "Risk matrix"));
	if (residual)
		rep->residual_matrix = risk_matrix_ctx(r, &rep->m, &after, "residual", T(r, "Residual risk matrix"));
	return 0;
}

void h_risk_report(struct request *r)
{
	struct arena *a = r->a;
	struct report rep;
	if (report_load(r, &rep) != 0)
		return;
	struct jval *ctx = page_ctx(r, rep.title);
	jv_set_str(a, ctx, "heading", rep.title);
	jv_set_str(a, ctx, "org", rep.org);
	jv_set_str(a, ctx, "today", rep.today);
	jv_set_str(a, ctx, "analysis_href", recview_href(r, r->entity, r->id));
	jv_set_str(a, ctx, "pdf_href", arena_printf(a, "/risk-analyses/%lld/report.pdf", r->id));
	jv_set(ctx, "facts", rep.facts);
	jv_set(ctx, "risks", rep.risks);
	if (rep.more)
		jv_set_str(a, ctx, "more", arena_printf(a, T(r, "%zu more risks are not in the report; the risk register export has them all."), rep.more));
	jv_set(ctx, "matrix", rep.matrix);
	if (rep.residual_matrix)
		jv_set(ctx, "residual_matrix", rep.residual_matrix);
	jv_set_str(a, ctx, "owner", recview_text(r, entity_field(r->entity, "risk_owner_id"), rep.analysis));
	page_render(r, 200, "risk_report", ctx);
}

/* The matrix as a table of coloured cells, highest likelihood on top. */
static void pdf_matrix(struct request *r, struct pdf *doc, const struct jval *mx)
{
	struct arena *a = r->a;
	pdf_heading(doc, jv_get_str(mx, "caption"));
	const struct jval *cols = jv_get(mx, "columns");
	size_t n = cols->len + 1;
	const char **head = arena_alloc_array(a, n, sizeof *head);
	const char **cells = arena_alloc_array(a, n, sizeof *cells);
	const char **fills = arena_alloc_array(a, n, sizeof *fills);
	const char **inks = arena_alloc_array(a, n, sizeof *inks);
	double *widths = arena_alloc_array(a, n, sizeof *widths);
	head[0] = arena_printf(a, "%s \\ %s", T(r, "Likelihood"), T(r, "Consequence"));
	widths[0] = 2;
	size_t i = 1;
	for (const struct jval *c = cols->first; c; c = c->next, i++) {
		head[i] = arena_printf(a, "%lld %s", jv_get_int(c, "level", 0), jv_get_str(c, "name"));
		widths[i] = 1;
	}
	pdf_table_begin(doc, n, head, widths);
	for (const struct jval *row = jv_get(mx, "rows")->first; row; row = row->next) {
		cells[0] = arena_printf(a, "%lld %s", jv_get_int(row, "level", 0), jv_get_str(row, "name"));
		fills[0] = inks[0] = NULL;
		i = 1;
		for (const struct jval *c = jv_get(row, "cells")->first; c && i < n; c = c->next, i++) {
			fills[i] = jv_get_str(c, "fill");
			inks[i] = risk_text_color(fills[i]);
			cells[i] = arena_printf(a, "%lld\n%s", jv_get_int(c, "count", 0), jv_get_str(c, "band"));
		}
		pdf_table_row_colored(doc, cells, fills, inks);
	}
	pdf_table_end(doc);
	pdf_paragraph(doc, jv_get_str(mx, "summary"));
}

void h_risk_report_pdf(struct request *r)
{
	struct arena *a = r->a;
	struct report rep;
	if (report_load(r, &rep) != 0)
		return;
	struct pdf *doc = pdf_new(PDF_LANDSCAPE, rep.title, i18n_lang_code(r->lang));
	pdf_title(doc, rep.title);
	pdf_paragraph(doc, arena_printf(a, "%s\n%s: %s", rep.org, T(r, "Printed"), rep.today));
	pdf_table_begin(doc, 2, NULL, (const double[]){ 1, 4 });
	for (const struct jval *f = rep.facts->first; f; f = f->next)
		pdf_table_row(doc, (const char *const[]){ jv_get_str(f, "label"), jv_get_str(f, "text") });
	pdf_table_end(doc);
	pdf_matrix(r, doc, rep.matrix);
	if (rep.residual_matrix)
		pdf_matrix(r, doc, rep.residual_matrix);

	pdf_heading(doc, T(r, "Risks"));
	if (!rep.risks->len)
		pdf_paragraph(doc, T(r, "No risks yet."));
	const char *heads[] = { T(r, "No."), T(r, "Risk"), T(r, "Information affected"),
				T(r, "Risk value"), T(r, "Treatment"), T(r, "Risk owner"),
				T(r, "Residual risk"), T(r, "Accepted") };
	enum { NCOLS = sizeof heads / sizeof heads[0] };
	static const double widths[NCOLS] = { 0.6, 4.4, 2.2, 1.7, 2.6, 1.8, 2.1, 3.2 };
	if (rep.risks->len)
		pdf_table_begin(doc, NCOLS, heads, widths);
	for (const struct jval *k = rep.risks->first; k; k = k->next) {
		struct buf risk = BUF_INIT;
		buf_puts(&risk, jv_get_str(k, "title"));
		static const char *const more[][2] = {
			{ "vulnerability", N_("Vulnerability") }, { "harm", N_("Harm") },
		};
		for (size_t i = 0; i < 2; i++)
			if (*jv_get_str(k, more[i][0]))
				buf_printf(&risk, "\n%s: %s", T(r, more[i][1]), jv_get_str(k, more[i][0]));
		const char *info = jv_get_str(k, "assets"), *aspects = jv_get_str(k, "aspects");
		const char *treat = *jv_get_str(k, "treatment_reason")
					    ? arena_printf(a, "%s: %s", jv_get_str(k, "treatment"), jv_get_str(k, "treatment_reason"))
					    : jv_get_str(k, "treatment");
		const char *cells[NCOLS] = {
			arena_printf(a, "%lld", jv_get_int(k, "number", 0)), arena_strdup(a, buf_str(&risk)),
			*aspects ? arena_printf(a, "%s\n%s", info, aspects) : info,
			arena_printf(a, "%lld×%lld = %s", jv_get_int(k, "likelihood", 0), jv_get_int(k, "consequence", 0),
				     jv_get_str(k, "value")),
			treat, jv_get_str(k, "owner"), jv_get_str(k, "residual"), jv_get_str(k, "accepted"),
		};
		buf_free(&risk);
		const char *fills[NCOLS] = { [3] = jv_get_str(k, "fill") };
		const char *inks[NCOLS] = { [3] = jv_get_str(k, "ink") };
		pdf_table_row_colored(doc, cells, fills, inks);
	}
	if (rep.risks->len)
		pdf_table_end(doc);
	if (rep.more)
		pdf_paragraph(doc, arena_printf(a, T(r, "%zu more risks are not in the report; the risk register export has them all."), rep.more));

	pdf_heading(doc, T(r, "Measures"));
	const char *mh[] = { T(r, "No."), T(r, "Measure"), T(r, "Responsible"), T(r, "Due date"), T(r, "Status") };
	static const double mw[] = { 0.6, 7, 2.5, 1.5, 1.5 };
	int any = 0;
	for (const struct jval *k = rep.risks->first; k; k = k->next) {
		for (const struct jval *m = jv_get(k, "measures")->first; m; m = m->next) {
			if (!any++)
				pdf_table_begin(doc, 5, mh, mw);
			pdf_table_row(doc, (const char *const[]){ arena_printf(a, "%lld", jv_get_int(k, "number", 0)),
								 jv_get_str(m, "title"), jv_get_str(m, "owner"),
								 jv_get_str(m, "due"), jv_get_str(m, "status") });
		}
	}
	if (any)
		pdf_table_end(doc);
	else
		pdf_paragraph(doc, T(r, "No measures yet."));

	pdf_heading(doc, T(r, "Decision"));
	pdf_paragraph(doc, T(r, "The risk owner decides the analysis, its treatment of each risk and the residual risk accepted."));
	const char *sh[] = { T(r, "Name"), T(r, "Date"), T(r, "Signature") };
	pdf_table_begin(doc, 3, sh, (const double[]){ 2, 1, 3 });
	pdf_table_row(doc, (const char *const[]){
		arena_printf(a, "%s\n%s", recview_text(r, entity_field(r->entity, "risk_owner_id"), rep.analysis), T(r, "Risk owner")),
		"\n", "\n" });
	pdf_table_end(doc);
	page_send_pdf(r, doc, arena_printf(a, "attachment; filename=\"risk-analysis-%lld-%s.pdf\"", r->id, rep.today));
}

/*
 * ui_classify.c: the classification pages that are more than plain entity
 * editing — the classification panel on an information asset, the derived
 * classification on a system, the system's action plan, and its
 * procurement requirements (printable and XLSX).
 */
#include <string.h>

#include "core/classify.h"
#include "core/gaps.h"
#include "io/xlsx.h"
#include "model/classify.h"
#include "model/entity.h"
#include "model/visible.h"
#include "store/derived.h"
#include "report/pdf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

/* "3 – Allvarlig" with the organisation's level names; "–" for unset. */
static struct jval *level_names(struct request *r)
{
	struct list_query q = { .page = 1, .limit = 0 };
	struct jval *rows;
	if (store_list(r->st, r->a, &entity_classification_levels, r->org_id, &q, &rows, NULL) != STORE_OK)
		return jv_arr(r->a);
	return rows;
}

static const char *level_text(struct request *r, const struct jval *names, int level)
{
	if (level == LEVEL_UNSET)
		return T(r, "Not classified");
	for (const struct jval *n = names->first; n; n = n->next)
		if (jv_get_int(n, "level", -1) == level)
			return arena_printf(r->a, "%d – %s", level, jv_get_str(n, "name"));
	return arena_printf(r->a, "%d", level);
}

/* The aspect's name: the label of its field in the registry. */
static const char *aspect_label(struct request *r, enum aspect a)
{
	return T(r, entity_field(&entity_classifications, aspect_field(a))->label);
}

/* ---- the panel on an information asset ------------------------------- */

static void asset_panel(struct request *r, const struct jval *row, struct jval *ctx)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	const struct entity *ce = &entity_classifications;
	if (!record_allows(&c, ce, A_READ, NULL))
		return;
	long long id = jv_get_int(row, "id", 0);
	struct jval *p = jv_set(ctx, "classification", jv_obj(a));
	struct jval *names = level_names(r);
	struct levels lv;
	long long cid;
	const char *decided_on;
	int rc = store_asset_classification(r->st, a, r->org_id, id, &lv, &cid, &decided_on);
	struct jval *aspects = jv_set(p, "aspects", jv_arr(a));
	if (rc == STORE_OK) {
		jv_set_str(a, p, "decided_on", decided_on);
		jv_set_str(a, p, "current_href", recview_href(r, ce, cid));
		for (int k = 0; k < ASPECT_COUNT; k++) {
			struct jval *o = jv_push(aspects, jv_obj(a));
			jv_set_str(a, o, "label", aspect_label(r, (enum aspect)k));
			jv_set_str(a, o, "level", level_text(r, names, lv.v[k]));
		}
		if (classification_needs_protective_analysis(&lv))
			jv_set_bool(a, p, "protective", 1);
		long long months = 12;
		struct jval *org;
		if (store_get(r->st, a, &entity_organisation, r->org_id, r->org_id, &org) == STORE_OK)
			months = jv_get_int(org, "classification_review_months", 12);
		char due[11];
		if (classification_review_date(decided_on, (int)months, due) == 0)
			jv_set_str(a, p, "review_due", arena_strdup(a, due));
	}
	struct jval *tmp = jv_obj(a);
	jv_set_int(a, tmp, "asset_id", id);
	if (record_allows(&c, ce, A_CREATE, tmp))
		jv_set_str(a, p, "new_href", arena_printf(a, "/classifications/new?asset_id=%lld", id));
	/* Every classification of the asset, newest first: the history. */
	struct list_query q = { .page = 1, .limit = 50, .nfilters = 1, .desc = 1 };
	q.filters[0].f = entity_field(ce, "asset_id");
	q.filters[0].value = arena_printf(a, "%lld", id);
	q.sort = entity_field(ce, "classified_on");
	struct jval *rows;
	struct jval *hist = jv_set(p, "history", jv_arr(a));
	if (store_list(r->st, a, ce, r->org_id, &q, &rows, NULL) == STORE_OK)
		for (struct jval *h = rows->first; h; h = h->next) {
			struct jval *o = jv_push(hist, jv_obj(a));
			long long hid = jv_get_int(h, "id", 0);
			jv_set_str(a, o, "href", recview_href(r, ce, hid));
			jv_set_str(a, o, "date", jv_get_str(h, "classified_on"));
			jv_set_str(a, o, "status", recview_text(r, entity_field(ce, "status"), h));
			jv_set_str(a, o, "krts", arena_printf(a, "%lld-%lld-%lld-%lld",
							     jv_get_int(h, "confidentiality", 0), jv_get_int(h, "integrity", 0),
							     jv_get_int(h, "availability", 0), jv_get_int(h, "traceability", 0)));
			jv_set_bool(a, o, "current", hid == cid);
			/* A draft is decided from here by whoever may. */
			jv_set_str(a, o, "decide_href", decide_href(r, ce, h));
		}
}

/* ---- the panel on a system --------------------------------------------- */

static void system_panel(struct request *r, const struct jval *row, struct jval *ctx)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	const struct entity *pe = &entity_plan_items;
	if (!record_allows(&c, pe, A_READ, NULL))
		return;
	long long id = jv_get_int(row, "id", 0);
	struct system_class sc;
	if (classify_system(r->st, a, r->org_id, id, &sc) != STORE_OK)
		return;
	struct jval *names = level_names(r);
	struct jval *p = jv_set(ctx, "system_class", jv_obj(a));
	jv_set_bool(a, p, "classified", sc.d.classified);
	struct jval *aspects = jv_set(p, "aspects", jv_arr(a));
	for (int k = 0; k < ASPECT_COUNT; k++) {
		struct jval *o = jv_push(aspects, jv_obj(a));
		jv_set_str(a, o, "label", aspect_label(r, (enum aspect)k));
		jv_set_str(a, o, "level", level_text(r, names, sc.d.effective.v[k]));
		const char *driver = classify_asset_name(&sc, sc.d.driver[k]);
		if (sc.d.raised[k]) {
			jv_set_str(a, o, "source", T(r, "Raised by decision"));
			jv_set_str(a, o, "source_href", recview_href(r, &entity_system_classifications, sc.decision_id));
		} else if (driver && !visible_record(recview_visible(r), &entity_information_assets, sc.d.driver[k])) {
			jv_set_str(a, o, "source", visible_hidden(r->lang));
			jv_set(o, "source_href", jv_null(a));
		} else if (driver) {
			jv_set_str(a, o, "source", driver);
			jv_set_str(a, o, "source_href", recview_href(r, &entity_information_assets, sc.d.driver[k]));
		} else {
			jv_set(o, "source", jv_null(a));
			jv_set(o, "source_href", jv_null(a));
		}
	}
	if (classification_needs_protective_analysis(&sc.d.effective))
		jv_set_bool(a, p, "protective", 1);
	jv_set_str(a, p, "plan_href", arena_printf(a, "/systems/%lld/plan", id));
	const char *lc = jv_get_str(row, "lifecycle");
	if (lc && strcmp(lc, "planned") == 0) {
		jv_set_str(a, p, "procurement_href", arena_printf(a, "/systems/%lld/procurement", id));
		jv_set_str(a, p, "procurement_xlsx_href", arena_printf(a, "/systems/%lld/procurement.xlsx", id));
	}
	struct jval *tmp = jv_obj(a);
	jv_set_int(a, tmp, "system_id", id);
	if (record_allows(&c, &entity_system_classifications, A_CREATE, tmp))
		jv_set_str(a, p, "raise_href", arena_printf(a, "/system-classifications/new?system_id=%lld", id));
}

void classify_panels(struct request *r, const struct entity *e, const struct jval *row, struct jval *ctx)
{
	/* The panels the registry names for the entity (model/entity.h). */
	if (e->panels & PANEL_CLASSIFICATION)
		asset_panel(r, row, ctx);
	if (e->panels & PANEL_SYSTEM_CLASS)
		system_panel(r, row, ctx);
	if (e->panels & PANEL_SOA)
		soa_entry_panel(r, row, ctx);
	risk_panels(r, e, row, ctx);
}

/* ---- the action plan --------------------------------------------------- */

/* One applicable requirement of a system, with its assessment (NULL when
 * not yet assessed). */
struct plan_row {
	const struct catalogue_req *req;
	const struct plan_item_row *item;
};

struct plan {
	struct jval *system;
	struct levels effective;          /* the system's classification */
	int classified;
	struct plan_row *rows;
	size_t n;
	size_t assessed, fulfilled, not_applicable;
};

/* Load system r->id and its plan: the active requirements its classification
 * makes apply, in code order: the system's classification as kept per
 * change (store/derived.h), the requirements that apply at it and the
 * system's items. 0, or -1 with the response already sent. */
static int plan_load(struct request *r, struct plan *p)
{
	struct arena *a = r->a;
	memset(p, 0, sizeof *p);
	r->entity = &entity_systems;
	if (!recview_load(r, &p->system))
		return -1;
	struct rctx c = page_rctx(r);
	const struct entity *pe = &entity_plan_items;
	const struct entity *re = &entity_requirements;
	if (!record_allows(&c, pe, A_READ, NULL) || !record_allows(&c, re, A_READ, NULL)) {
		page_forbidden(r);
		return -1;
	}
	struct plan_item_row *items;
	size_t ni;
	struct catalogue_req *reqs;
	size_t nreq;
	if (store_system_plan_items(r->st, a, r->org_id, r->id, &items, &ni) != STORE_OK ||
	    store_system_levels(r->st, r->org_id, r->id, &p->effective, &p->classified) != STORE_OK ||
	    store_requirements_applying(r->st, a, r->org_id, &p->effective, &reqs, &nreq) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return -1;
	}
	p->rows = arena_alloc_array(a, nreq ? nreq : 1, sizeof *p->rows);
	for (size_t k = 0; k < nreq; k++) {
		const struct catalogue_req *q = &reqs[k];
		struct plan_row *pr = &p->rows[p->n++];
		pr->req = q;
		pr->item = NULL;
		/* One item per requirement and system. */
		for (size_t j = 0; j < ni && !pr->item; j++)
			if (items[j].requirement_id == q->id)
				pr->item = &items[j];
		if (pr->item) {
			enum gap_assessment as = gap_assessment_from_code(pr->item->assessment);
			p->assessed++;
			p->fulfilled += as == GA_FULFILLED;
			p->not_applicable += as == GA_NOT_APPLICABLE;
		}
	}
	return 0;
}

void h_system_plan(struct request *r)
{
	struct arena *a = r->a;
	struct plan p;
	if (plan_load(r, &p))
		return;
	const struct entity *se = &entity_systems;
	const struct entity *pe = &entity_plan_items;
	const struct entity *re = &entity_requirements;
	struct rctx c = page_rctx(r);
	const char *name = recview_title(r, se, p.system);
	struct jval *ctx = page_ctx(r, arena_printf(a, T(r, "Action plan: %s"), name));
	jv_set_str(a, ctx, "heading", arena_printf(a, T(r, "Action plan: %s"), name));
	jv_set_str(a, ctx, "system_href", recview_href(r, se, r->id));
	jv_set_str(a, ctx, "system_name", name);
	jv_set_str(a, ctx, "history_href", arena_printf(a, "%s/history", recview_href(r, se, r->id)));
	jv_set_str(a, ctx, "plan_href", arena_printf(a, "/systems/%lld/plan", r->id));
	jv_set_bool(a, ctx, "classified", p.classified);
	size_t applicable = p.n - p.not_applicable;
	jv_set_int(a, ctx, "unassessed", (long long)(p.n - p.assessed));
	long long pct = applicable ? (long long)(p.fulfilled * 100 / applicable) : 0;
	jv_set_int(a, ctx, "percent", pct);
	jv_set_str(a, ctx, "progress_text",
		   arena_printf(a, T(r, "%lld of %lld applicable requirements fulfilled (%lld %%)."),
				(long long)p.fulfilled, (long long)applicable, pct));
	struct jval *tmp = jv_obj(a);
	jv_set_int(a, tmp, "system_id", r->id);
	/* Items belong to the system (scope_via), so one answer serves them all. */
	int can_create = record_allows(&c, pe, A_CREATE, tmp);
	int can_update = record_allows(&c, pe, A_UPDATE, tmp);
	/* The responsible person is named to readers of people. (By name:
	 * the store joined it; plan_item_row carries no number, and only
	 * readers of every person see names.) */
	int names = visible_entity(recview_visible(r), &entity_people) == VIS_ALL;
	const struct field *af = entity_field(pe, "assessment");
	struct jval *rows = jv_set(ctx, "rows", jv_arr(a));
	char today[11];
	clock_today(today);
	for (size_t i = 0; i < p.n; i++) {
		const struct catalogue_req *q = p.rows[i].req;
		const struct plan_item_row *it = p.rows[i].item;
		struct jval *o = jv_push(rows, jv_obj(a));
		long long qid = q->id;
		jv_set_str(a, o, "code", q->code);
		jv_set_str(a, o, "req_href", recview_href(r, re, qid));
		jv_set_str(a, o, "title", page_text_sv_en(r, q->title));
		jv_set_str(a, o, "text", page_text_sv_en(r, q->current));
		jv_set_str(a, o, "aspect", arena_printf(a, "%s%d", q->aspect ? q->aspect : "", q->min_level));
		jv_set(o, "responsible", jv_null(a));
		jv_set(o, "due", jv_null(a));
		jv_set_bool(a, o, "overdue", 0);
		if (it) {
			long long iid = it->id;
			const char *as = it->assessment;
			jv_set_str(a, o, "assessment", T(r, field_option_label(af, as)));
			jv_set_str(a, o, "state", as);
			if (it->responsible && *it->responsible)
				jv_set_str(a, o, "responsible", names ? it->responsible : visible_hidden(r->lang));
			const char *due = it->due_date;
			if (due)
				jv_set_str(a, o, "due", due);
			jv_set_bool(a, o, "overdue", gap_item_overdue(gap_assessment_from_code(as), due, today));
			jv_set_str(a, o, "item_href", recview_href(r, pe, iid));
			if (can_update)
				jv_set_str(a, o, "edit_href", arena_printf(a, "%s/edit", recview_href(r, pe, iid)));
		} else {
			jv_set_str(a, o, "assessment", T(r, "Not assessed"));
			jv_set_str(a, o, "state", "none");
			/* New: it came with a raised classification after the
			 * plan was begun. */
			jv_set_bool(a, o, "new", p.assessed > 0);
			if (can_create)
				jv_set_str(a, o, "edit_href",
					   arena_printf(a, "/action-plan-items/new?system_id=%lld&requirement_id=%lld", r->id, qid));
		}
	}
	page_render(r, 200, "plan", ctx);
}

/* ---- procurement requirements ----------------------------------------- */

void h_procurement(struct request *r)
{
	struct arena *a = r->a;
	struct plan p;
	if (plan_load(r, &p))
		return;
	const struct entity *se = &entity_systems;
	const char *name = recview_title(r, se, p.system);
	struct jval *ctx = page_ctx(r, arena_printf(a, T(r, "Procurement requirements: %s"), name));
	jv_set_str(a, ctx, "heading", arena_printf(a, T(r, "Procurement requirements: %s"), name));
	jv_set_str(a, ctx, "system_href", recview_href(r, se, r->id));
	jv_set_str(a, ctx, "xlsx_href", arena_printf(a, "/systems/%lld/procurement.xlsx", r->id));
	jv_set_str(a, ctx, "pdf_href", arena_printf(a, "/systems/%lld/procurement.pdf", r->id));
	jv_set_bool(a, ctx, "classified", p.classified);
	char today[11];
	clock_today(today);
	jv_set_str(a, ctx, "today", arena_strdup(a, today));
	struct jval *names = level_names(r);
	struct jval *aspects = jv_set(ctx, "aspects", jv_arr(a));
	for (int k = 0; k < ASPECT_COUNT; k++) {
		struct jval *o = jv_push(aspects, jv_obj(a));
		jv_set_str(a, o, "label", aspect_label(r, (enum aspect)k));
		jv_set_str(a, o, "level", level_text(r, names, p.effective.v[k]));
	}
	struct jval *rows = jv_set(ctx, "rows", jv_arr(a));
	for (size_t i = 0; i < p.n; i++) {
		struct jval *o = jv_push(rows, jv_obj(a));
		jv_set_str(a, o, "code", p.rows[i].req->code);
		jv_set_str(a, o, "title", page_text_sv_en(r, p.rows[i].req->title));
		jv_set_str(a, o, "text", page_text_sv_en(r, p.rows[i].req->procurement));
	}
	page_render(r, 200, "procurement", ctx);
}

void h_procurement_xlsx(struct request *r)
{
	struct plan p;
	if (plan_load(r, &p))
		return;
	struct xlsx *x = xlsx_new(T(r, "Requirements"));
	xlsx_row(x, 1);
	xlsx_cell_str(x, T(r, "Code"));
	xlsx_cell_str(x, T(r, "Requirement"));
	xlsx_cell_str(x, T(r, "Procurement wording"));
	xlsx_cell_str(x, T(r, "Aspect"));
	xlsx_cell_str(x, T(r, "From level"));
	for (size_t i = 0; i < p.n; i++) {
		const struct catalogue_req *q = p.rows[i].req;
		xlsx_row(x, 0);
		xlsx_cell_str(x, q->code);
		xlsx_cell_str(x, page_text_sv_en(r, q->title));
		xlsx_cell_str(x, page_text_sv_en(r, q->procurement));
		xlsx_cell_str(x, q->aspect);
		xlsx_cell_int(x, q->min_level);
	}
	xlsx_col_width(x, 0, 10);
	xlsx_col_width(x, 1, 40);
	xlsx_col_width(x, 2, 90);
	char today[11];
	clock_today(today);
	res_start(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	res_header(r, "Content-Disposition",
		   arena_printf(r->a, "attachment; filename=\"procurement-%lld-%s.xlsx\"", r->id, today));
	if (xlsx_finish(x, &r->res.body) != 0)
		page_file_failed(r);
}

void h_procurement_pdf(struct request *r)
{
	struct arena *a = r->a;
	struct plan p;
	if (plan_load(r, &p))
		return;
	const char *name = recview_title(r, &entity_systems, p.system);
	const char *title = arena_printf(a, T(r, "Procurement requirements: %s"), name);
	struct pdf *doc = pdf_new(PDF_PORTRAIT, title, i18n_lang_code(r->lang));
	pdf_title(doc, title);
	char today[11];
	clock_today(today);
	pdf_paragraph(doc, arena_printf(a, "%s: %s", T(r, "Date"), today));
	if (!p.classified) {
		pdf_paragraph(doc, T(r, "None of the information the system processes has a decided classification, so no requirements apply yet."));
	} else {
		pdf_heading(doc, T(r, "Classification"));
		struct jval *names = level_names(r);
		const char *heads[] = { T(r, "Aspect"), T(r, "Level") };
		static const double lw[] = { 1, 1 };
		pdf_table_begin(doc, 2, heads, lw);
		for (int k = 0; k < ASPECT_COUNT; k++) {
			const char *cells[] = { aspect_label(r, (enum aspect)k), level_text(r, names, p.effective.v[k]) };
			pdf_table_row(doc, cells);
		}
		pdf_table_end(doc);
		pdf_heading(doc, T(r, "Requirements"));
		const char *rh[] = { T(r, "Code"), T(r, "Requirement"), T(r, "Procurement wording") };
		static const double rw[] = { 1.2, 3, 7 };
		pdf_table_begin(doc, 3, rh, rw);
		for (size_t i = 0; i < p.n; i++) {
			const char *cells[] = { p.rows[i].req->code, page_text_sv_en(r, p.rows[i].req->title),
						page_text_sv_en(r, p.rows[i].req->procurement) };
			pdf_table_row(doc, cells);
		}
		pdf_table_end(doc);
	}
	page_send_pdf(r, doc, arena_printf(a, "attachment; filename=\"procurement-%lld-%s.pdf\"", r->id, today));
}

/*
 * ui_classify.c: the classification pages that are more than plain entity
 * editing — the classification panel on an information asset, the derived
 * classification on a system, the system's action plan, and its
 * procurement requirements (printable and XLSX).
 */
#include <stdlib.h>
#include <string.h>

#include "core/classify.h"
#include "core/gaps.h"
#include "io/xlsx.h"
#include "model/catalogue.h"
#include "model/classify.h"
#include "model/entity.h"
#include "model/visible.h"
#include "store/derived.h"
#include "report/pdf.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "web/form.h"
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
			return arena_printf(r->a, "%d – %s", level, catalogue_level_text(r->lang, jv_get_str(n, "name")));
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
		jv_set_str(a, p, "new_href", recview_with_return(r, arena_printf(a, "/classifications/new?asset_id=%lld", id)));
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
		jv_set_str(a, p, "raise_href",
			   recview_with_return(r, arena_printf(a, "/system-classifications/new?system_id=%lld", id)));
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
	continuity_panels(r, e, row, ctx);
	training_panels(r, e, row, ctx);
	goals_panels(r, e, row, ctx);
	documents_panels(r, e, row, ctx);
	if (e->panels & PANEL_ORG_ASSESSMENT)
		assessment_panel(r, row, ctx);
}

/* ---- the action plan --------------------------------------------------- */

/*
 * The plan is assessed where it is read: one form per page of PLAN_PAGE
 * requirements, each row with its assessment, reason, responsible person,
 * due date and comment. A save goes through the record layer row by row
 * inside one transaction (each changed row audited, its gaps kept), and is
 * undone whole when any row is refused. Unchanged rows are not written.
 */
#define PLAN_PAGE UI_PAGE_SIZE
/* Rows one save may carry: a page, with room for a page made longer. */
#define PLAN_POST_MAX (4 * PLAN_PAGE)

/* One applicable requirement of a system, with its assessment (a plan
 * item as store_list gives it; NULL when not yet assessed). */
struct plan_row {
	const struct catalogue_req *req;
	const struct jval *item;
};

struct plan {
	struct jval *system;
	struct levels effective;          /* the system's classification */
	int classified;
	struct plan_row *rows;
	size_t n;
	size_t assessed, fulfilled, not_applicable;
	int may[2];   /* may the reader create / update an item (-1: not asked) */
};

/* Load system r->id and its plan: the active requirements its classification
 * makes apply, in code order: the system's classification as kept per
 * change (store/derived.h), the requirements that apply at it and the
 * system's items. 0, or -1 with the response already sent. */
static int plan_load(struct request *r, struct plan *p)
{
	struct arena *a = r->a;
	memset(p, 0, sizeof *p);
	p->may[0] = p->may[1] = -1;
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
	/* Sorted on a plain column: no join, no collation. */
	struct list_query iq = { .page = 1, .limit = 0, .nfilters = 1, .sort = entity_field(pe, "due_date") };
	iq.filters[0].f = entity_field(pe, "system_id");
	iq.filters[0].value = arena_printf(a, "%lld", r->id);
	struct jval *items;
	struct catalogue_req *reqs;
	size_t nreq;
	if (store_list(r->st, a, pe, r->org_id, &iq, &items, NULL) != STORE_OK ||
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
		for (const struct jval *it = items->first; it && !pr->item; it = it->next)
			if (jv_get_int(it, "requirement_id", 0) == q->id)
				pr->item = it;
		if (pr->item) {
			enum gap_assessment as = gap_assessment_from_code(jv_get_str(pr->item, "assessment"));
			p->assessed++;
			p->fulfilled += as == GA_FULFILLED;
			p->not_applicable += as == GA_NOT_APPLICABLE;
		}
	}
	return 0;
}

/* What the plan shows: an area of the catalogue, an assessment ("none":
 * not yet assessed), a page. NULL: every one. */
struct plan_filter {
	const char *area;
	const char *status;
	long long page;
};

/* The filter from the values given (the query, or the form's hidden
 * fields); a value that is not an option is left out, with the reason
 * in errs. */
static void plan_filter_read(struct request *r, const char *area, const char *status, const char *page,
			     struct plan_filter *f, struct verrors *errs)
{
	memset(f, 0, sizeof *f);
	f->page = 1;
	if (area && *area) {
		if (field_option_label(entity_field(&entity_requirements, "area"), area))
			f->area = area;
		else
			verr_add(errs, NULL, T(r, "There is no such area. Every area is shown."));
	}
	if (status && *status) {
		if (strcmp(status, "none") == 0 || field_option_label(entity_field(&entity_plan_items, "assessment"), status))
			f->status = status;
		else
			verr_add(errs, NULL, T(r, "There is no such assessment. Every assessment is shown."));
	}
	long long n = 0;
	for (const char *s = page; s && *s >= '0' && *s <= '9' && n < 1000000; s++)
		n = n * 10 + (*s - '0');
	if (n > 0)
		f->page = n;
}

static int plan_matches(const struct plan_row *pr, const struct plan_filter *f)
{
	if (f->area && (!pr->req->area || strcmp(pr->req->area, f->area) != 0))
		return 0;
	if (!f->status)
		return 1;
	const char *as = pr->item ? jv_get_str(pr->item, "assessment") : NULL;
	if (strcmp(f->status, "none") == 0)
		return as == NULL;
	return as && strcmp(as, f->status) == 0;
}

/* The plan's address with filter f on page (1: no page), and the anchor. */
static const char *plan_href(struct request *r, const struct plan_filter *f, long long page, const char *extra,
			     const char *anchor)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "/systems/%lld/plan", r->id);
	char sep = '?';
	if (f->area)
		buf_printf(&b, "%carea=%s", sep, recview_urlencode(r->a, f->area)), sep = '&';
	if (f->status)
		buf_printf(&b, "%cstatus=%s", sep, recview_urlencode(r->a, f->status)), sep = '&';
	if (page > 1)
		buf_printf(&b, "%cpage=%lld", sep, page), sep = '&';
	if (extra)
		buf_printf(&b, "%c%s", sep, extra);
	if (anchor)
		buf_printf(&b, "#%s", anchor);
	const char *s = arena_strdup(r->a, buf_str(&b));
	buf_free(&b);
	return s;
}

/* The rows filter f shows, in code order, into *out (indices into p->rows);
 * their count. */
static size_t plan_matching(struct request *r, const struct plan *p, const struct plan_filter *f, size_t **out)
{
	*out = arena_alloc_array(r->a, p->n ? p->n : 1, sizeof **out);
	size_t n = 0;
	for (size_t i = 0; i < p->n; i++)
		if (plan_matches(&p->rows[i], f))
			(*out)[n++] = i;
	return n;
}

/* May the reader change row pr of plan p: its item, or a new one for the
 * system? As the record layer decides it for that record — which for a
 * plan item is decided on its system (scope_via), the same for every row
 * of the plan, so each answer is asked once and kept in p. */
static int plan_row_editable(struct request *r, struct rctx *c, struct plan *p, const struct plan_row *pr)
{
	const struct entity *pe = &entity_plan_items;
	int k = pr->item != NULL;
	if (p->may[k] < 0) {
		struct jval *tmp = jv_obj(r->a);
		jv_set_int(r->a, tmp, "system_id", r->id);
		jv_set_int(r->a, tmp, "requirement_id", pr->req->id);
		p->may[k] = record_allows(c, pe, k ? A_UPDATE : A_CREATE, pr->item ? pr->item : tmp) != 0;
	}
	return p->may[k];
}

/* The inputs of a row: the item's field, the prefix of its control's name
 * and id ("a-12"). */
static const struct plan_input {
	const char *field;
	const char *prefix;
} plan_inputs[] = {
	{ "assessment", "a" }, { "reason", "n" }, { "responsible_id", "p" }, { "due_date", "d" }, { "comment", "c" },
};
#define PLAN_INPUTS (sizeof plan_inputs / sizeof *plan_inputs)

static const char *plan_input_name(struct request *r, const struct plan_input *in, long long rid)
{
	return arena_printf(r->a, "%s-%lld", in->prefix, rid);
}

/* Append the options of enumeration f to opts as a select shows them,
 * the one whose value is cur marked; returns opts. */
static struct jval *plan_options(struct request *r, struct jval *opts, const struct field *f, const char *cur)
{
	for (const struct option *op = f->options; op->value; op++) {
		struct jval *x = jv_push(opts, jv_obj(r->a));
		jv_set_str(r->a, x, "value", op->value);
		jv_set_str(r->a, x, "label", T(r, op->label));
		jv_set_bool(r->a, x, "selected", cur && strcmp(cur, op->value) == 0);
	}
	return opts;
}

/* A first option of a select: value, label, marked when cur is value. */
static void plan_option(struct request *r, struct jval *opts, const char *value, const char *label, const char *cur)
{
	struct jval *o = jv_push(opts, jv_obj(r->a));
	jv_set_str(r->a, o, "value", value);
	jv_set_str(r->a, o, "label", label);
	jv_set_bool(r->a, o, "selected", cur && strcmp(cur, value) == 0);
}

/* What every row of a page shares. */
struct plan_page {
	struct plan *p;
	struct jval *levels;   /* the organisation's level names */
	int people;            /* the reader sees every person's name */
	char today[11];
	const struct form *posted;   /* the form sent back with errors, or NULL */
	struct verrors **errs;       /* per row of p (NULL: none) */
	const char *stale;           /* per row of p: changed by someone else
					meanwhile, shown as it is now (NULL: none) */
	const char *saved_code;      /* the row just saved, named in the message */
	long long saved;             /* rows just saved (-1: no save to report) */
};

/* The row's text for a value of the item (a reference: "#12 Name", as a
 * typed reference field shows it). */
static const char *plan_value_text(struct request *r, const struct plan_page *pp, const struct field *f,
				   const struct jval *item)
{
	const struct jval *v = item ? jv_get(item, f->name) : NULL;
	if (f->type != F_REF || !v || v->type != J_INT)
		return record_value_text(r->a, f, v);
	const char *label = jv_get_str(jv_get(item, "_labels"), f->name);
	return arena_printf(r->a, "#%lld %s", v->i, pp->people && label ? label : "");
}

static struct jval *plan_row_ctx(struct request *r, const struct plan_page *pp, size_t i, int editable)
{
	struct arena *a = r->a;
	const struct entity *pe = &entity_plan_items;
	const struct plan_row *pr = &pp->p->rows[i];
	const struct catalogue_req *q = pr->req;
	const struct jval *it = pr->item;
	const struct verrors *errs = pp->errs ? pp->errs[i] : NULL;
	long long rid = q->id;
	struct jval *o = jv_obj(a);
	jv_set_int(a, o, "rid", rid);
	jv_set_str(a, o, "code", q->code);
	jv_set_str(a, o, "anchor", arena_printf(a, "req-%s", q->code));
	jv_set_str(a, o, "req_href", recview_href(r, &entity_requirements, rid));
	jv_set_str(a, o, "title", page_text_sv_en(r, q->title));
	jv_set_str(a, o, "text", page_text_sv_en(r, q->current));
	const struct field *asp = entity_field(&entity_requirements, "aspect");
	const char *al = q->aspect ? field_option_label(asp, q->aspect) : NULL;
	jv_set_str(a, o, "aspect", al ? T(r, al) : q->aspect ? q->aspect : "");
	/* Level 0: the requirement always applies (a statutory duty). */
	jv_set_str(a, o, "level", q->min_level == 0 ? T(r, "Always") : level_text(r, pp->levels, q->min_level));
	jv_set_bool(a, o, "editable", editable);
	jv_set_bool(a, o, "saved", pp->saved > 0 && pp->saved_code && strcmp(pp->saved_code, q->code) == 0);
	const char *as = it ? jv_get_str(it, "assessment") : NULL;
	const char *due = it ? jv_get_str(it, "due_date") : NULL;
	jv_set_str(a, o, "state", as ? as : "none");
	/* New: it came with a raised classification after the plan was begun. */
	jv_set_bool(a, o, "new", !it && pp->p->assessed > 0);
	jv_set_bool(a, o, "overdue", it && gap_item_overdue(gap_assessment_from_code(as), due, pp->today));
	jv_set_str(a, o, "item_href", it ? recview_href(r, pe, jv_get_int(it, "id", 0)) : NULL);
	const struct field *af = entity_field(pe, "assessment");
	jv_set_str(a, o, "assessment", as ? T(r, field_option_label(af, as)) : T(r, "Not assessed"));
	jv_set_str(a, o, "due", due ? due : "");
	const char *who = it ? jv_get_str(jv_get(it, "_labels"), "responsible_id") : NULL;
	jv_set_str(a, o, "responsible", !who ? "" : pp->people ? who : visible_hidden(r->lang));
	jv_set_str(a, o, "comment", it ? jv_get_str(it, "comment") : NULL);
	jv_set_str(a, o, "reason", it ? jv_get_str(it, "reason") : NULL);
	jv_set_bool(a, o, "invalid", errs && errs->n);
	/* Every key the template tests is set, so that none is found in the
	 * page's context instead. */
	jv_set(o, "row_error", jv_null(a));
	jv_set(o, "form_href", jv_null(a));
	jv_set_bool(a, o, "selected", 0);
	if (!editable)
		return o;
	/* The row in the item's own form, which returns here when saved. */
	const char *back = recview_urlencode(a, arena_printf(a, "/systems/%lld/plan?at=%s#req-%s", r->id, q->code, q->code));
	jv_set_str(a, o, "form_href", it ? arena_printf(a, "%s/edit?return=%s", recview_href(r, pe, jv_get_int(it, "id", 0)), back)
					 : arena_printf(a, "/%s/new?system_id=%lld&requirement_id=%lld&return=%s", pe->name,
							r->id, rid, back));
	for (size_t k = 0; k < PLAN_INPUTS; k++) {
		const struct plan_input *in = &plan_inputs[k];
		const struct field *f = entity_field(pe, in->field);
		const char *name = plan_input_name(r, in, rid);
		const struct form *posted = pp->stale && pp->stale[i] ? NULL : pp->posted;
		const char *raw = posted ? form_get(posted, name) : NULL;
		const char *shown = posted ? form_get(posted, arena_printf(a, "o%s", name)) : NULL;
		const char *now = plan_value_text(r, pp, f, it);
		struct jval *c = jv_set(o, in->prefix, jv_obj(a));
		jv_set_str(a, c, "id", name);
		jv_set_str(a, c, "value", raw ? raw : now);
		/* What the row showed when it was first shown: see the save. */
		jv_set_str(a, c, "orig", shown ? shown : now);
		const char *err = verr_get(errs, in->field);
		jv_set_str(a, c, "error", err);
		/* A control shown folded (the reason) opens when it says something. */
		jv_set_bool(a, c, "open", err || jv_truthy(jv_get(c, "value")) || (as && strcmp(as, "not_applicable") == 0));
		if (f->type == F_ENUM) {
			const char *cur = raw ? raw : as ? as : "";
			struct jval *opts = jv_set(c, "options", jv_arr(a));
			if (!it)
				plan_option(r, opts, "", T(r, "Not assessed"), cur);
			plan_options(r, opts, f, cur);
		}
	}
	/* Errors that are not about one input (e.g. the requirement). */
	for (size_t k = 0; errs && k < errs->n; k++) {
		const char *fld = errs->items[k].field;
		int known = 0;
		for (size_t m = 0; m < PLAN_INPUTS && fld; m++)
			known |= strcmp(fld, plan_inputs[m].field) == 0;
		if (!known)
			jv_set_str(a, o, "row_error", errs->items[k].message);
	}
	return o;
}

/* The people suggested as responsible, each once: "#12 Name", as the
 * input takes them. */
struct plan_people {
	struct jval *out;
	long long seen[256];
	size_t n;
};

static void plan_person(struct request *r, struct plan_people *pp, long long id, const char *name)
{
	if (!id || !name || pp->n == sizeof pp->seen / sizeof *pp->seen)
		return;
	for (size_t k = 0; k < pp->n; k++)
		if (pp->seen[k] == id)
			return;
	pp->seen[pp->n++] = id;
	jv_push(pp->out, jv_str(r->a, arena_printf(r->a, "#%lld %s", id, name)));
}

/* Those connected to the system: its owner and administrator, the active
 * people of its unit (the first 100), and those already responsible in
 * its plan. */
static struct jval *plan_people(struct request *r, const struct plan *p)
{
	struct arena *a = r->a;
	struct plan_people pp = { .out = jv_arr(a) };
	const struct jval *labels = jv_get(p->system, "_labels");
	plan_person(r, &pp, jv_get_int(p->system, "owner_id", 0), jv_get_str(labels, "owner_id"));
	plan_person(r, &pp, jv_get_int(p->system, "administrator_id", 0), jv_get_str(labels, "administrator_id"));
	long long unit = jv_get_int(p->system, "unit_id", 0);
	struct jval *rows;
	struct list_query q = { .page = 1, .limit = 100, .nfilters = 2 };
	q.filters[0].f = entity_field(&entity_people, "unit_id");
	q.filters[0].value = arena_printf(a, "%lld", unit);
	q.filters[1].f = entity_field(&entity_people, "active");
	q.filters[1].value = "1";
	if (unit && store_list(r->st, a, &entity_people, r->org_id, &q, &rows, NULL) == STORE_OK)
		for (const struct jval *m = rows->first; m; m = m->next)
			plan_person(r, &pp, jv_get_int(m, "id", 0), jv_get_str(m, "name"));
	for (size_t i = 0; i < p->n; i++) {
		const struct jval *it = p->rows[i].item;
		if (it)
			plan_person(r, &pp, jv_get_int(it, "responsible_id", 0),
				    jv_get_str(jv_get(it, "_labels"), "responsible_id"));
	}
	return pp.out;
}

/* The plan page: rows idx[0..n) of p, pages of the filter f; with the form
 * sent back (pp->posted) and its errors when a save was refused. */
static void plan_render(struct request *r, struct plan_page *pp, const struct plan_filter *f, const size_t *idx,
			size_t n, long long total, long long pages, const struct verrors *top, int status)
{
	struct arena *a = r->a;
	struct plan *p = pp->p;
	const struct entity *se = &entity_systems;
	struct rctx c = page_rctx(r);
	const char *name = recview_title(r, se, p->system);
	struct jval *ctx = page_ctx(r, arena_printf(a, T(r, "Action plan: %s"), name));
	jv_set_str(a, ctx, "heading", arena_printf(a, T(r, "Action plan: %s"), name));
	jv_set_str(a, ctx, "system_href", recview_href(r, se, r->id));
	jv_set_str(a, ctx, "system_name", name);
	jv_set_str(a, ctx, "history_href", arena_printf(a, "%s/history", recview_href(r, se, r->id)));
	jv_set_str(a, ctx, "plan_href", arena_printf(a, "/systems/%lld/plan", r->id));
	/* Requirements that always apply (level 0) are there before any
	 * classification: the plan shows them, and says the rest will come. */
	jv_set_bool(a, ctx, "classified", p->classified || p->n > 0);
	jv_set_bool(a, ctx, "only_always", !p->classified && p->n > 0);
	size_t applicable = p->n - p->not_applicable;
	jv_set_int(a, ctx, "unassessed", (long long)(p->n - p->assessed));
	if (p->n > p->assessed) {
		struct plan_filter none = { .status = "none", .page = 1 };
		jv_set_str(a, ctx, "unassessed_href", plan_href(r, &none, 1, NULL, NULL));
	}
	long long pct = applicable ? (long long)(p->fulfilled * 100 / applicable) : 0;
	jv_set_int(a, ctx, "percent", pct);
	jv_set_str(a, ctx, "progress_text",
		   arena_printf(a, T(r, "%lld of %lld applicable requirements fulfilled (%lld %%)."),
				(long long)p->fulfilled, (long long)applicable, pct));

	/* The filters, from the registry's options. */
	const struct field *areaf = entity_field(&entity_requirements, "area");
	const struct field *af = entity_field(&entity_plan_items, "assessment");
	struct jval *areas = jv_set(ctx, "areas", jv_arr(a));
	plan_option(r, areas, "", T(r, "All"), NULL);
	plan_options(r, areas, areaf, f->area);
	struct jval *statuses = jv_set(ctx, "statuses", jv_arr(a));
	plan_option(r, statuses, "", T(r, "All"), NULL);
	plan_option(r, statuses, "none", T(r, "Not yet assessed"), f->status);
	plan_options(r, statuses, af, f->status);
	struct jval *o;
	jv_set_str(a, ctx, "area", f->area ? f->area : "");
	jv_set_str(a, ctx, "status", f->status ? f->status : "");
	jv_set_int(a, ctx, "page", f->page);
	jv_set_bool(a, ctx, "filtered", f->area || f->status);

	/* The rows of the page, and whether the reader may change any. */
	struct jval *rows = jv_set(ctx, "rows", jv_arr(a));
	int any = 0;
	for (size_t k = 0; k < n; k++) {
		int editable = plan_row_editable(r, &c, p, &p->rows[idx[k]]);
		any |= editable;
		jv_push(rows, plan_row_ctx(r, pp, idx[k], editable));
	}
	jv_set_bool(a, ctx, "can_edit", any);
	jv_set_bool(a, ctx, "empty", n == 0);
	if (any && visible_entity(recview_visible(r), &entity_people) != VIS_NONE) {
		/* Suggestions while typing (tillit.js): the API's list of
		 * people, by the field that names them. */
		jv_set_str(a, ctx, "suggest", entity_people.name);
		jv_set_str(a, ctx, "suggest_title", entity_people.title_field);
	}
	if (any && pp->people)
		jv_set(ctx, "people", plan_people(r, p));
	if (n) {
		long long first = (f->page - 1) * PLAN_PAGE + 1;
		jv_set_str(a, ctx, "range", arena_printf(a, T(r, "Showing %lld–%lld of %lld"), first,
							 first + (long long)n - 1, total));
	}
	if (f->page > 1)
		jv_set_str(a, ctx, "prev_href", plan_href(r, f, f->page - 1, NULL, "plan-form"));
	if (f->page < pages) {
		jv_set_str(a, ctx, "next_href", plan_href(r, f, f->page + 1, NULL, "plan-form"));
		jv_set_bool(a, ctx, "has_next", 1);
	}
	/* The bulk action: the assessments a selection can be given. */
	const char *bulk_to = pp->posted ? form_get(pp->posted, "bulk_to") : NULL;
	plan_options(r, jv_set(ctx, "bulk", jv_arr(a)), af, bulk_to ? bulk_to : "fulfilled");
	if (pp->posted) {
		/* The selection is kept when the save is refused. */
		size_t ns = form_get_all(pp->posted, "sel", NULL, 0);
		const char **sel = arena_alloc_array(a, ns ? ns : 1, sizeof *sel);
		form_get_all(pp->posted, "sel", sel, ns);
		for (struct jval *row = rows->first; row; row = row->next)
			for (size_t k = 0; k < ns; k++)
				if (strtoll(sel[k], NULL, 10) == jv_get_int(row, "rid", 0))
					jv_set_bool(a, row, "selected", 1);
	}

	/* Messages: what was saved, or every problem with a link to its input. */
	if (pp->saved >= 0 && !pp->posted) {
		long long k = pp->saved;
		if (k == 0)
			jv_set_str(a, ctx, "flash", T(r, "Nothing was changed."));
		else if (k == 1 && pp->saved_code)
			jv_set_str(a, ctx, "flash", arena_printf(a, T(r, "The assessment of %s has been saved."), pp->saved_code));
		else
			jv_set_str(a, ctx, "flash", arena_printf(a, T(r, "%lld requirements have been assessed."), k));
	}
	struct jval *errors = jv_set(ctx, "errors", jv_arr(a));
	for (size_t k = 0; top && k < top->n; k++) {
		o = jv_push(errors, jv_obj(a));
		jv_set_str(a, o, "message", top->items[k].message);
	}
	for (size_t k = 0; pp->errs && k < n; k++) {
		const struct verrors *e = pp->errs[idx[k]];
		const struct catalogue_req *q = p->rows[idx[k]].req;
		for (size_t m = 0; e && m < e->n; m++) {
			const char *prefix = NULL;
			const struct field *fld = e->items[m].field ? entity_field(&entity_plan_items, e->items[m].field) : NULL;
			for (size_t i = 0; i < PLAN_INPUTS && e->items[m].field; i++)
				if (strcmp(e->items[m].field, plan_inputs[i].field) == 0)
					prefix = plan_inputs[i].prefix;
			o = jv_push(errors, jv_obj(a));
			jv_set_str(a, o, "message", e->items[m].message);
			jv_set_str(a, o, "label", fld ? arena_printf(a, "%s, %s", q->code, T(r, fld->label)) : q->code);
			jv_set_str(a, o, "anchor", prefix ? arena_printf(a, "#%s-%lld", prefix, q->id)
							  : arena_printf(a, "#req-%s", q->code));
		}
		if (e && e->truncated) {
			o = jv_push(errors, jv_obj(a));
			jv_set_str(a, o, "message", verr_more(r->lang));
		}
	}
	page_render(r, status, "plan", ctx);
}

void h_system_plan(struct request *r)
{
	struct plan p;
	if (plan_load(r, &p))
		return;
	struct plan_filter f;
	struct verrors errs = { 0 };
	plan_filter_read(r, req_query(r, "area"), req_query(r, "status"), req_query(r, "page"), &f, &errs);
	struct plan_page pp = { .p = &p, .levels = level_names(r), .saved = -1 };
	pp.people = visible_entity(recview_visible(r), &entity_people) == VIS_ALL;
	clock_today(pp.today);
	/* What was just saved: rows of this form (?saved=N), or one row from
	 * its own form (?done=, see recview.h recview_return). */
	const char *saved = req_query(r, "saved"), *done = req_query(r, "done");
	if (saved)
		pp.saved = strtoll(saved, NULL, 10) > 0 ? strtoll(saved, NULL, 10) : 0;
	else if (done && (strcmp(done, "created") == 0 || strcmp(done, "updated") == 0))
		pp.saved = 1;
	else if (done && strcmp(done, "nochange") == 0)
		pp.saved = 0;
	size_t *all;
	size_t total = plan_matching(r, &p, &f, &all);
	/* ?at=CODE (from the joint plan, or back from an item's own form):
	 * the page that has it, without filters that would hide it. */
	const char *at = req_query(r, "at");
	if (at) {
		size_t k = 0;
		while (k < total && strcmp(p.rows[all[k]].req->code, at) != 0)
			k++;
		if (k == total && (f.area || f.status)) {
			f.area = f.status = NULL;
			total = plan_matching(r, &p, &f, &all);
			k = 0;
			while (k < total && strcmp(p.rows[all[k]].req->code, at) != 0)
				k++;
		}
		if (k < total) {
			f.page = (long long)(k / PLAN_PAGE) + 1;
			pp.saved_code = pp.saved == 1 ? p.rows[all[k]].req->code : NULL;
		}
	}
	long long pages = total ? (long long)((total + PLAN_PAGE - 1) / PLAN_PAGE) : 1;
	if (f.page > pages)
		f.page = pages;
	size_t from = (size_t)(f.page - 1) * PLAN_PAGE;
	size_t n = total - from < PLAN_PAGE ? total - from : PLAN_PAGE;
	/* The message after a save of one row names it. */
	long long one = recview_query_id(r, "req");
	for (size_t i = 0; one > 0 && i < p.n && !pp.saved_code; i++)
		if (p.rows[i].req->id == one)
			pp.saved_code = p.rows[i].req->code;
	plan_render(r, &pp, &f, all + from, n, (long long)total, pages, &errs, 200);
}

/* The page after a save with "save and show the next page": the one with
 * the first row, after the last one saved, that the filter now shows. */
static long long plan_next_page(struct request *r, const struct plan_filter *f, long long last)
{
	struct plan p;
	if (plan_load(r, &p))
		return -1;
	size_t *all;
	size_t total = plan_matching(r, &p, f, &all);
	size_t after = 0;
	while (after < p.n && p.rows[after].req->id != last)
		after++;
	for (size_t k = 0; k < total; k++)
		if (all[k] > after)
			return (long long)(k / PLAN_PAGE) + 1;
	return total ? (long long)((total + PLAN_PAGE - 1) / PLAN_PAGE) : 1;
}

/* Are two values of a field the same (absent and null alike)? */
static int plan_same(const struct jval *x, const struct jval *y)
{
	int xn = !x || x->type == J_NULL, yn = !y || y->type == J_NULL;
	return xn || yn ? xn && yn : jv_equal(x, y);
}

void h_system_plan_save(struct request *r)
{
	struct arena *a = r->a;
	struct plan p;
	if (plan_load(r, &p))
		return;
	const struct entity *pe = &entity_plan_items;
	struct form *form = req_form(r);
	if (!form) {
		page_error(r, 400, T(r, "The form could not be read."));
		return;
	}
	struct plan_filter f;
	struct verrors top = { 0 }, dropped = { 0 };
	/* The hidden fields are the page's own: a bad one is dropped. */
	plan_filter_read(r, form_get(form, "area"), form_get(form, "status"), form_get(form, "page"), &f, &dropped);
	size_t nrows = form_get_all(form, "row", NULL, 0);
	if (nrows > PLAN_POST_MAX) {
		page_error(r, 400, T(r, "The form has more rows than one page. Nothing was saved."));
		return;
	}
	const char **vals = arena_alloc_array(a, nrows ? nrows : 1, sizeof *vals);
	form_get_all(form, "row", vals, nrows);
	size_t *idx = arena_alloc_array(a, nrows ? nrows : 1, sizeof *idx);
	struct rctx c = page_rctx(r);
	for (size_t k = 0; k < nrows; k++) {
		long long rid = strtoll(vals[k], NULL, 10);
		size_t i = 0;
		while (i < p.n && p.rows[i].req->id != rid)
			i++;
		for (size_t j = 0; j < k && i < p.n; j++)
			if (idx[j] == i)
				i = p.n; /* twice: not a form of this page */
		if (i == p.n) {
			page_error(r, 409, T(r, "The action plan has changed since the page was loaded (a requirement no longer applies to the system). Nothing was saved; open the plan again."));
			return;
		}
		/* Only rows the reader may change have inputs. */
		if (!plan_row_editable(r, &c, &p, &p.rows[i])) {
			page_forbidden(r);
			return;
		}
		idx[k] = i;
	}
	/* The selection for the bulk action: rows of this form only. */
	size_t nsel = form_get_all(form, "sel", NULL, 0);
	const char **sel = arena_alloc_array(a, nsel ? nsel : 1, sizeof *sel);
	form_get_all(form, "sel", sel, nsel);
	char *selected = arena_alloc_array(a, nrows ? nrows : 1, 1);
	memset(selected, 0, nrows ? nrows : 1);
	for (size_t k = 0; k < nsel; k++) {
		long long rid = strtoll(sel[k], NULL, 10);
		size_t j = 0;
		while (j < nrows && p.rows[idx[j]].req->id != rid)
			j++;
		if (j == nrows) {
			page_forbidden(r);
			return;
		}
		selected[j] = 1;
	}
	const char *action = form_get(form, "_do");
	/* "Every requirement on this page": the selection is every row
	 * of the form (each one the reader may change, as checked above). */
	int every = action && strcmp(action, "bulk_all") == 0;
	int bulk = every || (action && strcmp(action, "bulk") == 0);
	if (every) {
		memset(selected, 1, nrows ? nrows : 1);
		nsel = nrows;
	}
	int next = action && strcmp(action, "next") == 0;
	const char *bulk_to = NULL;
	if (bulk) {
		const char *v = form_get(form, "bulk_to");
		const struct field *af = entity_field(pe, "assessment");
		bulk_to = v && field_option_label(af, v) ? v : NULL;
		if (!bulk_to)
			verr_add(&top, NULL, T(r, "Choose what the selected requirements are to be marked as."));
		if (!nsel)
			verr_add(&top, NULL, T(r, "Select the requirements to mark, with the boxes in the first column."));
	}

	/* Every row through the record layer, in one transaction. */
	struct verrors **errs = arena_alloc_array(a, p.n ? p.n : 1, sizeof *errs);
	memset(errs, 0, (p.n ? p.n : 1) * sizeof *errs);
	char *stale = arena_alloc_array(a, p.n ? p.n : 1, 1);
	memset(stale, 0, p.n ? p.n : 1);
	int bad = top.n > 0, failed = 0, forbidden = 0;
	long long changed = 0, last_changed = 0;
	if (!bad && store_begin(r->st) != STORE_OK) {
		page_error(r, 500, T(r, "The change could not be saved. Nothing was changed."));
		return;
	}
	c.in_tx = 1;
	c.allow_names = 1;
	for (size_t k = 0; k < nrows && top.n == 0 && !failed && !forbidden; k++) {
		const struct plan_row *pr = &p.rows[idx[k]];
		long long rid = pr->req->id;
		struct verrors e = { 0 };
		struct jval *in = jv_obj(a);
		for (size_t m = 0; m < PLAN_INPUTS; m++) {
			const struct field *fld = entity_field(pe, plan_inputs[m].field);
			const char *name = plan_input_name(r, &plan_inputs[m], rid);
			struct jval *v = record_value_from_text(&c, pe, fld, form_get(form, name), &e);
			if (!v)
				continue;
			/* Only what the user changed from what the row showed
			 * (its hidden o-field) is written, so that a row left
			 * alone never undoes what someone else saved meanwhile;
			 * without it, what differs from the item as it is. */
			const struct jval *now = pr->item ? jv_get(pr->item, fld->name) : NULL;
			const char *shown = form_get(form, arena_printf(a, "o%s", name));
			struct verrors ignore = { 0 };
			const struct jval *was = shown ? record_value_from_text(&c, pe, fld, shown, &ignore) : now;
			if (plan_same(was, v))
				continue;
			if (!plan_same(was, now)) {
				verr_add(&e, fld->name, T(r, "Someone else has changed this since you opened the page. The row now shows what they saved: check it and save again."));
				stale[idx[k]] = 1;
				continue;
			}
			jv_set(in, fld->name, v);
		}
		if (bulk && selected[k]) {
			jv_set_str(a, in, "assessment", bulk_to);
			/* What was chosen in the row itself gives way to the mark. */
			struct verrors kept = { 0 };
			for (size_t m = 0; m < e.n; m++)
				if (!e.items[m].field || strcmp(e.items[m].field, "assessment") != 0)
					verr_add(&kept, e.items[m].field, e.items[m].message);
			e = kept;
		}
		int rc = REC_OK, write = 0;
		if (pr->item) {
			write = in->len > 0;
			if (write && !e.n)
				rc = record_update(&c, pe, jv_get_int(pr->item, "id", 0), in, &e);
		} else {
			const struct jval *as = jv_get(in, "assessment");
			int given = 0;
			for (const struct jval *m = in->first; m; m = m->next)
				given |= m->type != J_NULL;
			if (given && (!as || as->type == J_NULL) && !verr_get(&e, "assessment"))
				verr_add(&e, "assessment", T(r, "Choose an assessment to save the rest of the row."));
			write = given;
			if (write && !e.n) {
				jv_set_int(a, in, "system_id", r->id);
				jv_set_int(a, in, "requirement_id", rid);
				long long id;
				rc = record_create(&c, pe, in, &id, &e);
			}
		}
		if (rc == REC_FORBIDDEN || rc == REC_NOTFOUND)
			forbidden = 1;
		else if (rc == REC_ERROR)
			failed = 1;
		else if (e.n || rc != REC_OK) {
			if (!e.n)
				verr_add(&e, NULL, T(r, "The row could not be saved."));
			errs[idx[k]] = arena_alloc(a, sizeof e);
			*errs[idx[k]] = e;
			bad = 1;
		} else if (write) {
			changed++;
			last_changed = rid;
		}
	}
	if (top.n == 0) {
		if (bad || failed || forbidden)
			store_rollback(r->st);
		else if (store_commit(r->st) != STORE_OK) {
			store_rollback(r->st);
			failed = 1;
		}
	}
	if (forbidden) {
		page_forbidden(r);
		return;
	}
	if (failed) {
		page_error(r, 500, T(r, "The change could not be saved. Nothing was changed."));
		return;
	}
	if (bad) {
		struct plan_page pp = { .p = &p, .levels = level_names(r), .posted = form, .errs = errs, .stale = stale,
					.saved = -1 };
		pp.people = visible_entity(recview_visible(r), &entity_people) == VIS_ALL;
		clock_today(pp.today);
		size_t *all;
		size_t total = plan_matching(r, &p, &f, &all);
		long long pages = total ? (long long)((total + PLAN_PAGE - 1) / PLAN_PAGE) : 1;
		if (top.n == 0)
			verr_add(&top, NULL, T(r, "Nothing was saved. Correct the rows marked below and save again."));
		/* The rows as they were sent, whatever the filter shows now. */
		plan_render(r, &pp, &f, idx, nrows, (long long)total, pages, &top, 422);
		return;
	}
	long long page = f.page;
	if (next && nrows)
		page = plan_next_page(r, &f, p.rows[idx[nrows - 1]].req->id);
	if (page < 0)
		return;
	const char *extra = changed == 1 ? arena_printf(a, "saved=1&req=%lld", last_changed)
					 : arena_printf(a, "saved=%lld", changed);
	res_redirect(r, plan_href(r, &f, page, extra, "plan-form"));
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

/*
 * ui_org_requirements.c: the requirements on the organisation as a whole
 * (requirements.scope = 'organisation') on one page, grouped by area, each
 * with its assessment — state, responsible, due date, evidence — or the
 * way to assess it. An auditor reads here, from live records, which of the
 * organisation's duties are met and what shows it; the coordinator sees
 * what is left and assigns it. The assessments themselves are records of
 * model/org_requirements.c (the registry's form, page and API).
 */
#include <string.h>

#include "model/entity.h"
#include "model/org_requirements.h"
#include "model/visible.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "view/view.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

/* The evidence an assessment names, as links the reader may follow. */
static struct jval *evidence_ctx(struct request *r, const struct jval *it)
{
	struct arena *a = r->a;
	struct jval *out = jv_arr(a);
	const struct jval *labels = jv_get(it, "_labels");
	const struct entity *ae = &entity_org_assessments;
	for (size_t i = 0; i < ORG_EVIDENCE_REFS; i++) {
		long long id = jv_get_int(it, org_evidence_refs[i], 0);
		if (!id)
			continue;
		struct jval *o = jv_push(out, jv_obj(a));
		const struct field *f = entity_field(ae, org_evidence_refs[i]);
		jv_set_str(a, o, "kind", T(r, f->label));
		/* A title only to whoever may read that record (as its page
		 * would show it). */
		const char *href = recview_ref_href(r, f, id);
		if (href) {
			const char *l = jv_get_str(labels, org_evidence_refs[i]);
			jv_set_str(a, o, "label", l ? l : arena_printf(a, "#%lld", id));
			jv_set_str(a, o, "href", href);
		} else {
			jv_set_str(a, o, "label", visible_hidden(r->lang));
			jv_set(o, "href", jv_null(a));
		}
	}
	const char *link = jv_get_str(it, "link");
	if (link && *link) {
		struct jval *o = jv_push(out, jv_obj(a));
		jv_set_str(a, o, "kind", T(r, "Link"));
		jv_set_str(a, o, "label", link);
		jv_set_str(a, o, "href", link);
	}
	return out;
}

void h_org_requirements(struct request *r)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	const struct entity *re = &entity_requirements, *ae = &entity_org_assessments;
	if (!record_allows(&c, re, A_READ, NULL) || !record_allows(&c, ae, A_READ, NULL)) {
		page_forbidden(r);
		return;
	}
	struct list_query q = { .page = 1, .limit = 0, .nfilters = 2 };
	q.filters[0].f = entity_field(re, "scope");
	q.filters[0].value = "organisation";
	q.filters[1].f = entity_field(re, "status");
	q.filters[1].value = "active";
	q.sort = entity_field(re, "code");
	struct jval *reqs, *items;
	long long total, nitems;
	struct list_query qa = { .page = 1, .limit = 0 };
	if (store_list(r->st, a, re, r->org_id, &q, &reqs, &total) != STORE_OK ||
	    store_list(r->st, a, ae, r->org_id, &qa, &items, &nitems) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	int people = visible_entity(recview_visible(r), &entity_people) == VIS_ALL;
	int may_create = record_allows(&c, ae, A_CREATE, NULL);
	char today[11];
	clock_today(today);
	const struct field *area_f = entity_field(re, "area"), *role_f = entity_field(re, "assessor_role");
	const struct field *as_f = entity_field(ae, "assessment");
	struct jval *ctx = page_ctx(r, T(r, "Requirements on the organisation"));
	jv_set_str(a, ctx, "heading", T(r, "Requirements on the organisation"));
	struct jval *groups = jv_set(ctx, "groups", jv_arr(a));
	long long n = 0, st[5] = { 0 }, overdue = 0; /* fulfilled, partly, not fulfilled, n/a, not assessed */
	/* By area, in the order the catalogue lists its areas. */
	for (const struct option *ar = area_f->options; ar->value; ar++) {
		struct jval *rows = NULL;
		for (struct jval *q1 = reqs->first; q1; q1 = q1->next) {
			const char *q_area = jv_get_str(q1, "area");
			if (!q_area || strcmp(q_area, ar->value) != 0)
				continue;
			if (!rows) {
				struct jval *g = jv_push(groups, jv_obj(a));
				jv_set_str(a, g, "area", T(r, ar->label));
				jv_set_str(a, g, "id", arena_printf(a, "area-%s", ar->value));
				rows = jv_set(g, "rows", jv_arr(a));
			}
			long long rid = jv_get_int(q1, "id", 0);
			struct jval *it = NULL;
			for (struct jval *x = items->first; x && !it; x = x->next)
				if (jv_get_int(x, "requirement_id", 0) == rid)
					it = x;
			n++;
			struct jval *o = jv_push(rows, jv_obj(a));
			const char *code = jv_get_str(q1, "code");
			jv_set_str(a, o, "code", code);
			jv_set_str(a, o, "row_id", arena_printf(a, "req-%s", code));
			jv_set_str(a, o, "req_href", recview_href(r, re, rid));
			const char *title[2] = { jv_get_str(q1, "title_sv"), jv_get_str(q1, "title_en") };
			jv_set_str(a, o, "title", page_text_sv_en(r, title));
			const char *role = jv_get_str(q1, "assessor_role");
			const char *rl = role ? field_option_label(role_f, role) : NULL;
			jv_set_str(a, o, "role", rl ? T(r, rl) : NULL);
			const char *as = it ? jv_get_str(it, "assessment") : NULL;
			const char *due = it ? jv_get_str(it, "due_date") : NULL;
			int settled = as && (strcmp(as, "fulfilled") == 0 || strcmp(as, "not_applicable") == 0);
			int late = due && as && !settled && strcmp(due, today) < 0;
			st[!as ? 4 : strcmp(as, "fulfilled") == 0 ? 0 : strcmp(as, "partly") == 0 ? 1
			   : strcmp(as, "not_applicable") == 0 ? 3 : 2]++;
			overdue += late;
			jv_set_str(a, o, "state", as ? as : "none");
			jv_set_str(a, o, "assessment", as ? T(r, field_option_label(as_f, as)) : T(r, "Not assessed"));
			jv_set_bool(a, o, "overdue", late);
			jv_set_str(a, o, "due", due);
			const char *who = it ? jv_get_str(jv_get(it, "_labels"), "responsible_id") : NULL;
			jv_set_str(a, o, "responsible", !who ? NULL : people ? who : visible_hidden(r->lang));
			jv_set(o, "evidence", it ? evidence_ctx(r, it) : jv_arr(a));
			if (it) {
				long long iid = jv_get_int(it, "id", 0);
				jv_set_str(a, o, "item_href", recview_href(r, ae, iid));
				if (record_allows(&c, ae, A_UPDATE, it))
					jv_set_str(a, o, "edit_href",
						   recview_with_return(r, arena_printf(a, "%s/edit", recview_href(r, ae, iid))));
			} else if (may_create) {
				jv_set_str(a, o, "assess_href",
					   recview_with_return(r, arena_printf(a, "/organisation-assessments/new?requirement_id=%lld", rid)));
			} else if (role) {
				jv_set_bool(a, o, "awaits_coordinator", 1);
			}
		}
	}
	/* The counts, each with its label (no plural forms to get wrong). */
	static const char *const st_labels[5] = { N_("Fulfilled"), N_("Partly fulfilled"), N_("Not fulfilled"),
						  N_("Not applicable"), N_("Not assessed") };
	struct jval *counts = jv_set(ctx, "counts", jv_arr(a));
	for (int k = 0; k < 5; k++) {
		struct jval *x = jv_push(counts, jv_obj(a));
		jv_set_str(a, x, "label", T(r, st_labels[k]));
		jv_set_int(a, x, "n", st[k]);
	}
	struct jval *x = jv_push(counts, jv_obj(a));
	jv_set_str(a, x, "label", T(r, "Past the due date"));
	jv_set_int(a, x, "n", overdue);
	jv_set_str(a, ctx, "count_text", arena_printf(a, T(r, "of %lld requirements"), n));
	jv_set_str(a, ctx, "soa_href", "/soa");
	if (record_allows(&c, re, A_CREATE, NULL))
		jv_set_str(a, ctx, "new_requirement_href", recview_with_return(r, "/requirements/new?scope=organisation"));
	page_render(r, 200, "org_requirements", ctx);
}

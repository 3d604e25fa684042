/*
 * ui_decide.c: deciding as an action (GOV.UK's "check your answers"): the
 * page that shows what is about to be decided with one button, and the
 * change it makes — the entity's decision (model/entity.h struct
 * decision) with the user's person as who and today as when, through
 * record_update, so it is checked and audited like any change. Offered
 * only to those who may decide: the rights to change the record and the
 * decider rules of record_may_decide (the ones record_check_decider
 * holds a named decider to).
 */
#include <string.h>

#include "model/entity.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

int decide_offered(struct request *r, const struct entity *e, const struct jval *row)
{
	const struct decision *d = e->decision;
	if (!d || record_decided(e, row) || !r->actor.person_id)
		return 0;
	struct rctx c = page_rctx(r);
	return record_allows(&c, e, A_UPDATE, row) &&
	       record_may_decide(r->st, r->a, r->org_id, e, row, r->actor.person_id);
}

const char *decide_href(struct request *r, const struct entity *e, const struct jval *row)
{
	if (!decide_offered(r, e, row))
		return NULL;
	return arena_printf(r->a, "%s/decide", recview_href(r, e, jv_get_int(row, "id", 0)));
}

/* The decide page for row: its fields as a summary, who and when, and the
 * button; errs (the reasons a decision was refused) above it. */
static void decide_page(struct request *r, const struct jval *row, const struct verrors *errs, int status)
{
	struct arena *a = r->a;
	const struct entity *e = r->entity;
	const struct decision *d = e->decision;
	const char *title = recview_title(r, e, row);
	const char *href = recview_href(r, e, r->id);
	struct jval *ctx = page_ctx(r, arena_printf(a, "%s: %s", T(r, d->verb), title));
	jv_set_str(a, ctx, "heading", title);
	jv_set_str(a, ctx, "label", T(r, e->label));
	jv_set_str(a, ctx, "verb", T(r, d->verb));
	jv_set_str(a, ctx, "href", href);
	jv_set_str(a, ctx, "action", arena_printf(a, "%s/decide", href));
	/* Opened from "Mina uppgifter" or a list: back there afterwards. */
	const char *back = recview_return(r);
	jv_set_str(a, ctx, "return", back);
	jv_set_str(a, ctx, "cancel_href", back ? back : href);
	jv_set_str(a, ctx, "kept", T(r, d->kept));
	struct jval *fields = jv_set(ctx, "fields", jv_arr(a));
	for (const struct field *f = e->fields; f->name; f++) {
		if (f->hidden || (d->status && strcmp(f->name, d->status) == 0) || strcmp(f->name, d->by) == 0 ||
		    strcmp(f->name, d->on) == 0)
			continue;
		const char *text = recview_text(r, f, row);
		if (!*text)
			continue;
		struct jval *o = jv_push(fields, jv_obj(a));
		jv_set_str(a, o, "label", T(r, f->label));
		jv_set_str(a, o, "text", text);
		jv_set_bool(a, o, "long", f->type == F_LONGTEXT);
	}
	/* What the decision also takes in: an analysis's risks, with their
	 * treatment and residual risk (the panel its page shows). */
	risk_panels(r, e, row, ctx);
	const char *me = store_title(r->st, a, &entity_people, r->org_id, r->actor.person_id);
	jv_set_str(a, ctx, "by_label", T(r, entity_field(e, d->by)->label));
	jv_set_str(a, ctx, "by", me ? me : "");
	jv_set_str(a, ctx, "on_label", T(r, entity_field(e, d->on)->label));
	char today[11];
	clock_today(today);
	jv_set_str(a, ctx, "on", arena_strdup(a, today));
	/* What stops the decision is fixed in the form: the links lead to
	 * the field there. */
	page_set_errors(r, ctx, errs, e);
	const char *edit = arena_printf(a, "%s/edit", href);
	for (struct jval *m = jv_get(ctx, "errors") ? jv_get(ctx, "errors")->first : NULL; m; m = m->next) {
		const char *anchor = jv_get_str(m, "anchor");
		if (anchor)
			jv_set_str(a, m, "anchor", arena_printf(a, "%s%s", edit, anchor));
	}
	page_render(r, status, "decide", ctx);
}

/* Row r->entity/r->id when it can be decided by the user; else the
 * response is sent (a decided record: its page with the reason) and 0. */
static int decide_load(struct request *r, struct jval **row)
{
	if (!recview_load(r, row))
		return 0;
	const struct entity *e = r->entity;
	if (record_decided(e, *row)) {
		struct verrors errs = { 0 };
		verr_add(&errs, NULL, T(r, e->decision->kept));
		records_show(r, e, *row, &errs, 409);
		return 0;
	}
	if (!decide_offered(r, e, *row)) {
		page_forbidden(r);
		return 0;
	}
	return 1;
}

void h_decide_form(struct request *r)
{
	struct jval *row;
	if (decide_load(r, &row))
		decide_page(r, row, NULL, 200);
}

void h_decide(struct request *r)
{
	struct arena *a = r->a;
	struct jval *row;
	if (!decide_load(r, &row))
		return;
	const struct entity *e = r->entity;
	const struct decision *d = e->decision;
	struct jval *in = jv_obj(a);
	if (d->status)
		jv_set_str(a, in, d->status, "decided");
	jv_set_int(a, in, d->by, r->actor.person_id);
	char today[11];
	clock_today(today);
	jv_set_str(a, in, d->on, today);
	struct rctx c = page_rctx(r);
	struct verrors errs = { 0 };
	int rc = record_update(&c, e, r->id, in, &errs);
	if (rc == REC_INVALID) {
		decide_page(r, row, &errs, 422);
	} else if (rc == REC_FORBIDDEN) {
		page_forbidden(r);
	} else if (rc != REC_OK) {
		page_error(r, 500, T(r, "The change could not be saved. Nothing was changed."));
	} else {
		const char *back = recview_return(r);
		res_redirect(r, recview_done(r, back ? back : recview_href(r, e, r->id), "decided"));
	}
}

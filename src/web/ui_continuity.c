/*
 * ui_continuity.c: the continuity panels of record pages — on a system's
 * page, what its failure takes down (the processes resting on it through
 * the dependency graph, with their maximum tolerable downtime against the
 * system's recovery time objective); on an exercise finding's page, the way
 * to make the measure that answers it. See docs/continuity.md.
 */
#include <string.h>

#include "core/gaps.h"
#include "model/entity.h"
#include "model/visible.h"
#include "store/derived.h"
#include "util/i18n.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

/* At most this many processes are listed; the rest are counted. */
#define IMPACT_MAX 200

static void impact_panel(struct request *r, const struct jval *row, struct jval *ctx)
{
	struct arena *a = r->a;
	long long id = jv_get_int(row, "id", 0);
	struct impact_row *rows;
	size_t n;
	if (store_system_impact(r->st, a, r->org_id, id, IMPACT_MAX, &rows, &n) != STORE_OK)
		return;
	struct visible *vis = recview_visible(r);
	long long rto = jv_get_int(row, "rto_hours", -1);
	if (!jv_get(row, "rto_hours") || jv_get(row, "rto_hours")->type != J_INT)
		rto = -1;
	struct jval *p = jv_set(ctx, "impact", jv_obj(a));
	if (rto >= 0)
		jv_set_str(a, p, "rto", arena_printf(a, T(r, "%lld hours"), rto));
	struct jval *list = jv_set(p, "processes", jv_arr(a));
	long long hidden = 0, failing = 0;
	for (size_t i = 0; i < n; i++) {
		const struct impact_row *x = &rows[i];
		int fails = x->mtd_hours >= 0 && gap_rto_exceeds(rto, x->mtd_hours);
		failing += fails;
		/* A process the reader may not read is counted, not named. */
		if (!visible_record(vis, &entity_processes, x->process_id)) {
			hidden++;
			continue;
		}
		struct jval *o = jv_push(list, jv_obj(a));
		jv_set_str(a, o, "name", x->name);
		jv_set_str(a, o, "href", recview_href(r, &entity_processes, x->process_id));
		if (x->critical)
			jv_set_bool(a, o, "critical", 1);
		if (x->mtd_hours >= 0)
			jv_set_str(a, o, "mtd", arena_printf(a, T(r, "%lld hours"), x->mtd_hours));
		jv_set_bool(a, o, "fails", fails);
		if (x->via_id == id)
			jv_set_str(a, o, "how", x->by_dependency ? T(r, "Depends on the system directly")
								  : T(r, "Its information is processed in the system"));
		else
			jv_set_str(a, o, "how",
				   arena_printf(a, T(r, "Through the system \"%s\", which depends on this one"),
						visible_record(vis, &entity_systems, x->via_id) ? x->via_name
												 : visible_hidden(r->lang)));
	}
	jv_set_int(a, p, "total", (long long)n);
	if (hidden)
		jv_set_str(a, p, "hidden",
			   arena_printf(a, T(r, "%lld more processes that you may not read also depend on the system."), hidden));
	if (failing)
		jv_set_str(a, p, "failing",
			   rto >= 0 ? arena_printf(a, T(r, "The recovery time objective is longer than the maximum tolerable downtime of %lld of these processes."), failing)
				    : T(r, "The system has no recovery time objective, so it is not known whether it can be restored in time."));
}

static void finding_panel(struct request *r, const struct jval *row, struct jval *ctx)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	long long id = jv_get_int(row, "id", 0);
	struct jval *probe = jv_obj(a);
	jv_set_int(a, probe, "finding_id", id);
	struct jval *p = jv_set(ctx, "finding", jv_obj(a));
	jv_set_str(a, p, "measures_href", arena_printf(a, "/measures?finding_id=%lld", id));
	if (!record_allows(&c, &entity_measures, A_CREATE, probe))
		return;
	/* The new measure's form, with the finding, its title and its
	 * responsible filled in (form defaults come from the query). */
	const char *title = jv_get_str(row, "title");
	long long owner = jv_get_int(row, "owner_id", 0);
	const char *href = arena_printf(a, "/measures/new?finding_id=%lld&title=%s%s", id,
					recview_urlencode(a, title ? title : ""),
					owner ? arena_printf(a, "&owner_id=%lld", owner) : "");
	jv_set_str(a, p, "new_measure_href", recview_with_return(r, href));
}

void continuity_panels(struct request *r, const struct entity *e, const struct jval *row, struct jval *ctx)
{
	if (e->panels & PANEL_IMPACT)
		impact_panel(r, row, ctx);
	if (e->panels & PANEL_FINDING)
		finding_panel(r, row, ctx);
}

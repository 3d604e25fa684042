/*
 * ui_tasks.c: "Mina uppgifter" (/tasks) — what the person the user's
 * account is tied to is expected to do: the decisions waiting for them,
 * the gaps where they are the one to act, their open requirements and
 * measures in the action plan, what falls due in the coming months, and
 * the systems and information they answer for. Each task links straight
 * to the form that settles it.
 *
 * It is the start page (/) of everyone who is not a coordinator or an
 * administrator; they keep the organisation's overview there and reach
 * their own tasks here.
 *
 * Everything is read per person, from index ranges (store/tasks.h, the
 * gaps and plan rows of store/derived.h): nothing is computed for the
 * whole organisation. What the reader may not read is neither shown nor
 * counted: a list of records is shown only when the reader may read the
 * entity, each record checked (model/visible.h); the gaps and the plan
 * entries, as on the gap list and the action plan, only of the entities
 * the reader may read in full.
 */
#include <string.h>

#include "core/classify.h"
#include "model/gaps.h"
#include "model/visible.h"
#include "store/tasks.h"
#include "util/clock.h"
#include "core/deadline.h"
#include "util/i18n.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

/* How many of each list the page shows before "all ...". */
#define TASKS_SHOWN 10
/* How far ahead "coming up" looks. */
#define TASKS_AHEAD_MONTHS 3

int tasks_is_coordinator(const struct request *r)
{
	for (size_t i = 0; i < r->actor.nas; i++)
		if (r->actor.as[i].role == ROLE_COORDINATOR || r->actor.as[i].role == ROLE_ADMIN)
			return 1;
	return 0;
}

/* May the reader do action on some record of e? */
static int may(struct request *r, const struct entity *e, unsigned action)
{
	struct rctx c = page_rctx(r);
	return record_allows(&c, e, action, NULL) != 0;
}

/* The form that settles gap g — the record's edit form, a new
 * classification, analysis or measure for it, the system's action plan —
 * when the reader may use it; else the record's page. */
static const char *gap_form_href(struct request *r, const struct gap_item *g)
{
	struct arena *a = r->a;
	const struct entity *e = entity_find(g->entity);
	const struct entity *form = NULL;
	unsigned action = A_UPDATE;
	const char *href = NULL;
	switch (g->kind) {
	case GAP_SYSTEM_NO_OWNER:
	case GAP_SYSTEM_NO_ADMINISTRATOR:
	case GAP_ASSET_NO_OWNER:
	case GAP_SYSTEM_NO_INFORMATION:
	case GAP_OFFICE_HOURS_CRITICAL:
	case GAP_AGREEMENT_ENDED:
	case GAP_CONTROL_UNJUSTIFIED:
	case GAP_MEASURE_OVERDUE:
		form = e;
		if (e)
			href = arena_printf(a, "%s/edit", recview_href(r, e, g->id));
		break;
	case GAP_RESIDUAL_NOT_ACCEPTED:
		form = e;
		if (e)
			href = arena_printf(a, "%s/decide", recview_href(r, e, g->id));
		break;
	case GAP_ASSET_NOT_CLASSIFIED:
	case GAP_CLASSIFICATION_OUTDATED:
		form = &entity_classifications;
		action = A_CREATE;
		href = arena_printf(a, "/classifications/new?asset_id=%lld", g->id);
		break;
	case GAP_REQUIREMENT_OVERDUE:
	case GAP_ENCRYPTION_AT_REST:
		form = &entity_plan_items;
		action = A_READ;
		href = arena_printf(a, "/systems/%lld/plan", g->id);
		break;
	case GAP_SYSTEM_NOT_ANALYSED:
	case GAP_ANALYSIS_OVERDUE:
		if (strcmp(g->entity, entity_systems.name) == 0) {
			form = &entity_risk_analyses;
			action = A_CREATE;
			href = arena_printf(a, "/risk-analyses/new?scope=system&system_id=%lld", g->id);
		}
		break;
	case GAP_RISK_NO_MEASURE:
		form = &entity_measures;
		action = A_CREATE;
		href = arena_printf(a, "/measures/new?risk_id=%lld", g->id);
		break;
	case GAP_SHARED_IT_NOT_ANALYSED:
	case GAP_INFRASTRUCTURE_NOT_ANALYSED:
		form = &entity_risk_analyses;
		action = A_CREATE;
		href = arena_printf(a, "/risk-analyses/new?scope=%s",
				    g->kind == GAP_SHARED_IT_NOT_ANALYSED ? "shared_it" : "infrastructure");
		break;
	default:
		break;
	}
	if (href && form && may(r, form, action))
		return recview_with_return(r, href); /* the form comes back here */
	if (!e)
		return "/gaps";
	return g->id ? recview_href(r, e, g->id) : arena_printf(a, "/%s", e->name);
}

/* The edit form of record id of e when the reader may edit, else its page;
 * the form returns here when saved. */
static const char *edit_href(struct request *r, const struct entity *e, long long id)
{
	const char *page = recview_href(r, e, id);
	return may(r, e, A_UPDATE) ? recview_with_return(r, arena_printf(r->a, "%s/edit", page)) : page;
}

/* The decide page of record id of e when the reader may change it (the
 * page itself says whether this reader may decide), else its page; it
 * returns here. */
static const char *decide_link(struct request *r, const struct entity *e, long long id)
{
	const char *page = recview_href(r, e, id);
	return may(r, e, A_UPDATE) ? recview_with_return(r, arena_printf(r->a, "%s/decide", page)) : page;
}

/* The first rows of list which for the person, of entity e, into ctx[key]
 * as {name, href, ...} by fill; the total in ctx[key_total]. Nothing when
 * the reader may not read e; of an entity the reader may read only in part,
 * only the records the reader may read, counted. -1 when the store fails. */
static int task_section(struct request *r, struct jval *ctx, const char *key, enum task_list which,
			const struct entity *e,
			void (*fill)(struct request *r, const struct task_row *t, struct jval *o), long long *count)
{
	struct arena *a = r->a;
	struct visible *v = recview_visible(r);
	enum visibility vis = visible_entity(v, e);
	*count = 0;
	if (vis == VIS_NONE)
		return 0;
	struct task_row *rows;
	size_t n;
	long long total;
	if (store_tasks(r->st, a, r->org_id, r->actor.person_id, which, vis == VIS_ALL ? TASKS_SHOWN : 200, &rows, &n,
			&total) != STORE_OK)
		return -1;
	struct jval *arr = jv_set(ctx, key, jv_arr(a));
	long long shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (vis == VIS_SOME && !visible_record(v, e, rows[i].id))
			continue;
		if (++shown > TASKS_SHOWN)
			continue;
		struct jval *o = jv_push(arr, jv_obj(a));
		jv_set_str(a, o, "name", rows[i].name ? rows[i].name : "");
		fill(r, &rows[i], o);
	}
	*count = vis == VIS_ALL ? total : shown;
	jv_set_int(a, ctx, arena_printf(a, "%s_total", key), *count);
	if (*count > TASKS_SHOWN)
		jv_set_bool(a, ctx, arena_printf(a, "%s_more", key), 1);
	return 0;
}

static void fill_system(struct request *r, const struct task_row *t, struct jval *o)
{
	struct arena *a = r->a;
	jv_set_str(a, o, "href", recview_href(r, &entity_systems, t->id));
	jv_set_str(a, o, "role",
		   t->as == (TASK_OWNER | TASK_ADMINISTRATOR) ? T(r, "System owner and system administrator")
		   : t->as & TASK_OWNER			 ? T(r, "System owner")
							 : T(r, "System administrator"));
	if (may(r, &entity_plan_items, A_READ))
		jv_set_str(a, o, "plan_href", arena_printf(a, "/systems/%lld/plan", t->id));
}

static void fill_asset(struct request *r, const struct task_row *t, struct jval *o)
{
	jv_set_str(r->a, o, "href", recview_href(r, &entity_information_assets, t->id));
}

static void fill_classification(struct request *r, const struct task_row *t, struct jval *o)
{
	struct arena *a = r->a;
	jv_set_str(a, o, "what", T(r, "Classification to decide"));
	jv_set_str(a, o, "name", arena_printf(a, T(r, "Classification of \"%s\""), t->other ? t->other : ""));
	jv_set_str(a, o, "href", decide_link(r, &entity_classifications, t->id));
	if (t->date)
		jv_set_str(a, o, "date", t->date);
}

static void fill_analysis(struct request *r, const struct task_row *t, struct jval *o)
{
	struct arena *a = r->a;
	jv_set_str(a, o, "what", T(r, "Risk analysis to decide"));
	jv_set_str(a, o, "href", decide_link(r, &entity_risk_analyses, t->id));
	if (t->date)
		jv_set_str(a, o, "date", t->date);
}

static void fill_residual(struct request *r, const struct task_row *t, struct jval *o)
{
	struct arena *a = r->a;
	jv_set_str(a, o, "what", T(r, "Residual risk to accept"));
	jv_set_str(a, o, "href", decide_link(r, &entity_risks, t->id));
	if (t->other_id && visible_record(recview_visible(r), &entity_risk_analyses, t->other_id)) {
		jv_set_str(a, o, "context", t->other ? t->other : "");
		jv_set_str(a, o, "context_href", recview_href(r, &entity_risk_analyses, t->other_id));
	}
}

/* The escalation notices the person received about incidents not closed
 * (store/tasks.h TASK_NOTICES), into ctx["notices"]: the incident linked
 * when the reader may read it, else its receipt number and title alone
 * (being told of an incident gives no right to read it); a form to mark
 * each unread one read. *unread: how many shown are unread. -1 when the
 * store fails. */
static int notice_section(struct request *r, struct jval *ctx, long long *unread)
{
	struct arena *a = r->a;
	struct task_row *rows;
	size_t n;
	long long total;
	*unread = 0;
	if (store_tasks(r->st, a, r->org_id, r->actor.person_id, TASK_NOTICES, TASKS_SHOWN, &rows, &n, &total) !=
	    STORE_OK)
		return -1;
	struct rctx c = page_rctx(r);
	struct jval *arr = jv_set(ctx, "notices", jv_arr(a));
	for (size_t i = 0; i < n; i++) {
		struct jval *o = jv_push(arr, jv_obj(a));
		jv_set_str(a, o, "name", rows[i].name ? rows[i].name : "");
		jv_set_str(a, o, "rule", rows[i].other ? rows[i].other : "");
		if (rows[i].date)
			jv_set_str(a, o, "date", recview_time(r, rows[i].date));
		struct jval *inc;
		if (store_get(r->st, a, &entity_incidents, r->org_id, rows[i].other_id, &inc) == STORE_OK &&
		    record_allows(&c, &entity_incidents, A_READ, inc))
			jv_set_str(a, o, "href", recview_href(r, &entity_incidents, rows[i].other_id));
		if (rows[i].as) {
			jv_set_bool(a, o, "read", 1);
		} else {
			(*unread)++;
			jv_set_str(a, o, "read_action", arena_printf(a, "/incident-notices/%lld/read", rows[i].id));
		}
	}
	jv_set_int(a, ctx, "notices_total", total);
	return 0;
}

/* POST /incident-notices/{id}/read: the person the notice was sent to
 * marks it read (audited as their change); anyone else is refused. */
void h_notice_read(struct request *r)
{
	struct jval *row;
	int rc = store_get(r->st, r->a, &entity_incident_notices, r->org_id, r->id, &row);
	if (rc == STORE_NOTFOUND) {
		page_not_found(r);
		return;
	}
	if (rc != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	if (!r->actor.person_id || jv_get_int(row, "person_id", 0) != r->actor.person_id) {
		page_forbidden(r);
		return;
	}
	if (!jv_get_str(row, "read_at")) {
		/* Written with Tillit's authority for the recipient: the notice
		 * is read-only to everyone, its read mark the recipient's own. */
		struct actor self = r->actor;
		self.trusted = 1;
		struct rctx c = page_rctx(r);
		c.who = &self;
		struct jval *in = jv_obj(r->a);
		char t[21];
		ts_format(clock_unix(), t);
		jv_set_str(r->a, in, "read_at", arena_strdup(r->a, t));
		struct verrors errs = { 0 };
		if (record_update(&c, &entity_incident_notices, r->id, in, &errs) != REC_OK) {
			page_error(r, 500, T(r, "The change could not be saved. Nothing was changed."));
			return;
		}
	}
	res_redirect(r, "/tasks#notices-h");
}

/* What falls due: the kinds that open on a date and ask for more than a
 * plan entry does (those are listed with the plan). */
static const char *upcoming_what(struct request *r, const struct gap_item *g)
{
	struct arena *a = r->a;
	const char *name = g->name ? g->name : T(r, "(not shown)");
	switch (g->kind) {
	case GAP_ANALYSIS_OVERDUE:
		return arena_printf(a, T(r, "New risk analysis of \"%s\""), name);
	case GAP_CLASSIFICATION_OUTDATED:
		return arena_printf(a, T(r, "Review of the classification of \"%s\""), name);
	case GAP_AGREEMENT_ENDED:
		return arena_printf(a, T(r, "The agreement \"%s\" for \"%s\" ends"),
				    g->other_name ? g->other_name : T(r, "(not shown)"), name);
	case GAP_DOCUMENT_REVIEW_OVERDUE:
		return arena_printf(a, T(r, "Review of the governing document \"%s\""), name);
	default:
		return NULL;
	}
}

/* What upcoming_row returns to stop the walk once enough are shown (store
 * codes are 0 and negative). */
#define UPCOMING_FULL 1

struct upcoming {
	struct request *r;
	struct jval *rows;
	long long n;
};

static int upcoming_row(void *ctx, const struct gap_item *g)
{
	struct upcoming *u = ctx;
	struct request *r = u->r;
	const char *what = upcoming_what(r, g);
	if (!what)
		return 0;
	if (u->n >= TASKS_SHOWN)
		return UPCOMING_FULL;
	u->n++;
	struct jval *o = jv_push(u->rows, jv_obj(r->a));
	jv_set_str(r->a, o, "what", what);
	jv_set_str(r->a, o, "href", gap_form_href(r, g));
	jv_set_str(r->a, o, "due", g->due ? g->due : "");
	return 0;
}

/* The sections of the person's tasks into ctx; -1 when the store fails. */
static int tasks_ctx(struct request *r, struct jval *ctx)
{
	struct arena *a = r->a;
	long long me = r->actor.person_id;
	char today[11];
	clock_today(today);
	const char *const *readable = page_readable(r);
	long long open = 0, n_systems, n_assets, n_class, n_analyses;

	/* Incidents the person has been told of (escalation). */
	long long n_unread;
	if (notice_section(r, ctx, &n_unread) != 0)
		return -1;
	open += n_unread;
	/* For those who handle incidents: the ones to triage and to report. */
	long long n_triage;
	if (incident_tasks(r, ctx, &n_triage) != 0)
		return -1;
	open += n_triage;
	/* Access reviews the person is to decide. */
	long long n_reviews;
	if (access_review_tasks(r, ctx, &n_reviews) != 0)
		return -1;
	open += n_reviews;

	/* Governing documents the person is asked to read. */
	long long n_acks;
	if (documents_tasks(r, ctx, &n_acks) != 0)
		return -1;
	open += n_acks + jv_get_int(ctx, "doc_gaps_total", 0);

	/* Decisions: drafts the person decides, residual risks to accept. */
	if (task_section(r, ctx, "classifications", TASK_CLASSIFICATIONS, &entity_classifications, fill_classification,
			 &n_class) != 0 ||
	    task_section(r, ctx, "analyses", TASK_ANALYSES, &entity_risk_analyses, fill_analysis, &n_analyses) != 0)
		return -1;
	long long n_residual;
	if (task_section(r, ctx, "residual", TASK_RESIDUAL, &entity_risks, fill_residual, &n_residual) != 0)
		return -1;
	long long n_decisions = n_class + n_analyses + n_residual;
	jv_set_int(a, ctx, "decisions_total", n_decisions);
	if (n_residual > TASKS_SHOWN)
		jv_set_str(a, ctx, "residual_more_href", arena_printf(a, "/gaps?kind=%s&person_id=%lld",
								      gap_kind_code(GAP_RESIDUAL_NOT_ACCEPTED), me));
	open += n_decisions;

	/* The gaps where the person is expected to act. */
	struct gap_query gq = { .kind = -1, .person_id = me, .readable = readable, .page = 1, .limit = TASKS_SHOWN,
				.today = today };
	long long n_gaps;
	struct gap_item *items;
	size_t n;
	if (store_gap_list(r->st, a, r->org_id, &gq, &items, &n, &n_gaps) != STORE_OK)
		return -1;
	struct jval *gaps = jv_set(ctx, "gaps", jv_arr(a));
	for (size_t i = 0; i < n; i++) {
		struct jval *o = jv_push(gaps, jv_obj(a));
		jv_set_str(a, o, "message", gaps_message(a, r->lang, &items[i]));
		jv_set_str(a, o, "href", gap_form_href(r, &items[i]));
		jv_set_str(a, o, "kind", gaps_kind_label(r->lang, items[i].kind));
	}
	jv_set_int(a, ctx, "gaps_total", n_gaps);
	const char *mine = arena_printf(a, "?person_id=%lld", me);
	jv_set_str(a, ctx, "gaps_href", arena_printf(a, "/gaps%s", mine));
	jv_set_str(a, ctx, "gaps_csv_href", arena_printf(a, "/gaps.csv%s", mine));
	jv_set_str(a, ctx, "gaps_xlsx_href", arena_printf(a, "/gaps.xlsx%s", mine));
	open += n_gaps;

	/* The person's open requirements and measures, by due date. */
	struct visible *v = recview_visible(r);
	struct plan_query pq = { .measures = visible_entity(v, &entity_measures) == VIS_ALL,
				 .items = visible_entity(v, &entity_plan_items) == VIS_ALL, .owner_id = me, .page = 1,
				 .limit = TASKS_SHOWN, .today = today };
	struct plan_entry *pe;
	long long n_plan = 0, n_late = 0;
	if (pq.measures || pq.items) {
		if (store_plan_page(r->st, a, r->org_id, &pq, &pe, &n, &n_plan, &n_late) != STORE_OK)
			return -1;
		struct jval *plan = jv_set(ctx, "plan", jv_arr(a));
		for (size_t i = 0; i < n; i++) {
			/* As the action plan shows it, leading to its form. */
			struct jval *o = jv_push(plan, plan_entry_row(r, &pe[i], today, 0));
			jv_set_str(a, o, "href", edit_href(r, pe[i].kind == AP_MEASURE ? &entity_measures : &entity_plan_items,
							  pe[i].id));
		}
		jv_set_str(a, ctx, "plan_href", arena_printf(a, "/action-plan?owner=%lld", me));
	}
	jv_set_int(a, ctx, "plan_total", n_plan);
	jv_set_int(a, ctx, "plan_late", n_late);
	open += n_plan;

	/* What falls due in the coming months. */
	char until[11];
	if (classification_review_date(today, TASKS_AHEAD_MONTHS, until) == 0) {
		struct gap_query uq = { .kind = -1, .person_id = me, .readable = readable, .sort = GAP_SORT_DUE,
					.today = today, .due_before = until };
		struct upcoming u = { r, jv_set(ctx, "upcoming", jv_arr(a)), 0 };
		int rc = store_gap_each(r->st, r->org_id, &uq, upcoming_row, &u);
		if (rc != STORE_OK && rc != UPCOMING_FULL)
			return -1;
	}

	/* What the person answers for. */
	if (task_section(r, ctx, "systems", TASK_SYSTEMS, &entity_systems, fill_system, &n_systems) != 0 ||
	    task_section(r, ctx, "assets", TASK_ASSETS, &entity_information_assets, fill_asset, &n_assets) != 0)
		return -1;
	if (n_systems > TASKS_SHOWN)
		jv_set_str(a, ctx, "systems_more_href", arena_printf(a, "/systems?owner_id=%lld", me));
	if (n_assets > TASKS_SHOWN)
		jv_set_str(a, ctx, "assets_more_href", arena_printf(a, "/information-assets?owner_id=%lld", me));

	if (training_tasks(r, ctx) != 0)
		return -1;
	jv_set_bool(a, ctx, "nothing_open", open == 0);
	const char *summary = open == 0 ? T(r, "You have no open tasks.")
		: arena_printf(a, T(r, "Decisions: %lld. Gaps: %lld. In the action plan: %lld, of them overdue: %lld."),
			       n_decisions, n_gaps, n_plan, n_late);
	/* The incidents too, which the line would otherwise leave out. */
	if (n_triage || n_unread)
		summary = arena_printf(a, "%s %s", summary,
				       arena_printf(a, T(r, "Incidents to triage: %lld. Incident notices unread: %lld."),
						    n_triage, n_unread));
	if (n_acks)
		summary = arena_printf(a, "%s %s", summary, arena_printf(a, T(r, "Documents to read: %lld."), n_acks));
	jv_set_str(a, ctx, "summary", summary);
	return 0;
}

void h_tasks(struct request *r)
{
	struct arena *a = r->a;
	struct jval *ctx = page_ctx(r, T(r, "My tasks"));
	if (!r->actor.person_id) {
		jv_set_bool(a, ctx, "no_person", 1);
	} else {
		if (tasks_ctx(r, ctx) != 0) {
			page_error(r, 500, T(r, "The database could not be read."));
			return;
		}
	}
	if (!r->actor.nas)
		jv_set_bool(a, ctx, "no_roles", 1);
	/* The organisation's picture (the coordinator's start page, at
	 * /overview for everyone, so that every role reaches it by a link). */
	if (r->actor.nas)
		jv_set_str(a, ctx, "overview_href", "/overview");
	page_render(r, 200, "tasks", ctx);
}

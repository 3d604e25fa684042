/*
 * meetings.c (model): meetings — the security forum, a digitalisation
 * council, kommunstyrelsen, a management review (ledningens genomgång) —
 * with their decisions, and internal control (internkontroll): control
 * points per year and their results, a deviation becoming a measure
 * (issue 14, items 7 and 8). The management review's agenda is filled
 * from live data (meeting_fill_agenda). See docs/goals.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/gaps.h"
#include "model/entity.h"
#include "model/goals.h"
#include "model/record.h"
#include "store/derived.h"
#include "store/indicators.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/json.h"

/* ---- grants ----------------------------------------------------------------- */

#define GOV_READERS                                                                              \
	GRANT_READ(ROLE_SECURITY_CHIEF), GRANT_READ(ROLE_IT_CHIEF), GRANT_READ(ROLE_DPO),         \
	GRANT_READ(ROLE_AUDITOR), GRANT_READ(ROLE_ELECTED), GRANT_READ(ROLE_MANAGER)
static const struct grant meeting_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR), GRANT_SCOPED_WRITE(ROLE_MANAGER),
	GOV_READERS,
	GRANTS_END
};

/* Whoever a control point names as checking it reads it and records its
 * results, whatever role they hold. */
#define RESPONSIBLE(actions, field)                                                                    \
	GRANT_OWNED(ROLE_SECURITY_CHIEF, actions, field), GRANT_OWNED(ROLE_IT_CHIEF, actions, field),   \
	GRANT_OWNED(ROLE_DPO, actions, field), GRANT_OWNED(ROLE_INFO_OWNER, actions, field),            \
	GRANT_OWNED(ROLE_SYSTEM_OWNER, actions, field), GRANT_OWNED(ROLE_SYSTEM_ADMIN, actions, field), \
	GRANT_OWNED(ROLE_EMPLOYEE, actions, field)
/* The year's internal control plan is the organisation's adopted plan (a
 * public document in a municipality): everyone with an account reads it,
 * so that the person a point names finds it, and its gap, among their
 * tasks. Its results, which describe deviations, are read by the readers
 * of the governance records and the person responsible. */
static const struct grant point_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR), GRANT_SCOPED_WRITE(ROLE_MANAGER),
	GOV_READERS,
	GRANT_READ(ROLE_INFO_OWNER), GRANT_READ(ROLE_SYSTEM_OWNER), GRANT_READ(ROLE_SYSTEM_ADMIN),
	GRANT_READ(ROLE_EMPLOYEE),
	GRANTS_END
};
static const struct grant result_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR), GRANT_SCOPED_WRITE(ROLE_MANAGER),
	GOV_READERS,
	RESPONSIBLE(A_READ | A_WRITE, "owner_id"), /* the control point's (scope_via) */
	GRANTS_END
};

/* ---- meetings ------------------------------------------------------------------- */

static const struct option meeting_kinds[] = {
	{ "forum", N_("Security forum") },
	{ "management_review", N_("Management review") },
	{ "other", N_("Other meeting") },
	{ 0 }
};

static const struct field meeting_fields[] = {
	{ "body", F_TEXT, N_("Body"), N_("Who meets: the security forum, the digitalisation council, kommunstyrelsen, the management group."), .required = 1, .max = 200, .search = 1, .list = 1, .sort = 1 },
	{ "kind", F_ENUM, N_("Kind of meeting"), N_("A management review (ledningens genomgång) gets its agenda filled with the inputs ISO/IEC 27001 clause 9.3 names."), .required = 1, .options = meeting_kinds, .list = 1, .filter = 1, .sort = 1, .def = "forum" },
	{ "meeting_date", F_DATE, N_("Date"), .list = 1, .sort = 1 },
	{ "participant_ids", F_REFS, N_("Participants"), .ref = &entity_people, .link_table = "meeting_participants", .reverse = N_("Meetings they took part in") },
	{ "agenda", F_LONGTEXT, N_("Agenda"), N_("For a management review: Fill the agenda on the meeting's page puts today's figures here; they do not change afterwards."), .max = 64000, .search = 1 },
	{ "minutes", F_LONGTEXT, N_("Minutes"), N_("A summary of the minutes, or where they are kept (the minutes file itself can be attached on the meeting's page)."), .max = 16000, .search = 1 },
	{ 0 }
};

/* A meeting with its minutes file kept is not deleted: the file goes first. */
static void meetings_validate_delete(const struct entity *e, struct store *st, struct arena *a, long long org_id,
				     const struct jval *old, struct verrors *errs, int lang)
{
	(void)e;
	struct jval *files;
	if (store_files_list(st, a, org_id, EV_MEETING, jv_get_int(old, "id", 0), &files) == STORE_OK && files->first)
		verr_add(errs, NULL, tr(lang, "The meeting has a minutes file: remove the file first."));
}

const struct entity entity_meetings = {
	.name = "meetings", .table = "meetings",
	.label = N_("Meeting"), .plural = N_("Meetings"),
	.the = N_("the meeting"), .new_title = N_("New meeting"),
	.empty = N_("No meetings yet. Record the security forum's meetings and the management reviews, with their decisions."),
	.title_field = "body", .fields = meeting_fields, .grants = meeting_grants,
	.validate_delete = meetings_validate_delete,
	.default_sort = "meeting_date", .default_desc = 1,
	.menu = MENU_GOVERNANCE, .overview = 1,
};

/* ---- decisions ------------------------------------------------------------------ */

static const struct option decision_status[] = {
	{ "open", N_("Open") },
	{ "done", N_("Done") },
	{ 0 }
};

/* A decision links to the records it is about; another kind of record is
 * one more F_REF field here and a column in the migration (the governing
 * documents add document_id). */
static const struct field decision_fields[] = {
	{ "meeting_id", F_REF, N_("Meeting"), .required = 1, .ref = &entity_meetings, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Decisions") },
	{ "decision", F_TEXT, N_("Decision"), N_("What was decided, in one sentence."), .required = 1, .max = 1000, .search = 1, .list = 1, .sort = 1 },
	{ "owner_id", F_REF, N_("Responsible"), N_("Carries the decision out."), .ref = &entity_people, .list = 1, .filter = 1, .reverse = N_("Meeting decisions they are responsible for") },
	{ "due_date", F_DATE, N_("Due date"), .list = 1, .sort = 1 },
	{ "status", F_ENUM, N_("Status"), N_("The next management review follows up the open decisions."), .required = 1, .options = decision_status, .list = 1, .filter = 1, .def = "open" },
	{ "risk_id", F_REF, N_("Risk"), N_("A risk whose residual risk the meeting accepted, or that the decision is about."), .ref = &entity_risks, .filter = 1, .reverse = N_("Meeting decisions on the risk"), .section = N_("What it is about") },
	{ "measure_id", F_REF, N_("Measure"), .ref = &entity_measures, .filter = 1, .reverse = N_("Meeting decisions on the measure") },
	{ "goal_id", F_REF, N_("Goal"), .ref = &entity_goals, .filter = 1, .reverse = N_("Meeting decisions on the goal") },
	{ "document_id", F_REF, N_("Governing document"), N_("A document the meeting adopted or decided on."), .ref = &entity_governing_documents, .filter = 1, .reverse = N_("Meeting decisions on the document") },
	{ 0 }
};

const struct entity entity_meeting_decisions = {
	.name = "meeting-decisions", .table = "meeting_decisions",
	.label = N_("Meeting decision"), .plural = N_("Meeting decisions"),
	.the = N_("the meeting decision"), .new_title = N_("New meeting decision"),
	.empty = N_("No decisions yet. Open a meeting and record what it decided."),
	.title_field = "decision", .fields = decision_fields, .grants = meeting_grants,
	.scope_via = "meeting_id", .default_sort = "meeting_id", .default_desc = 1,
	.menu = MENU_GOVERNANCE,
};

/* ---- control points ----------------------------------------------------------------- */

static const struct field point_fields[] = {
	{ "year", F_INT, N_("Year"), N_("The year of the internal control plan."), .required = 1, .min = 2000, .max = 2100, .list = 1, .filter = 1, .sort = 1 },
	{ "title", F_TEXT, N_("What is checked"), N_("E.g. that accounts of people who have left are removed in the payroll system."), .required = 1, .max = 500, .search = 1, .list = 1, .sort = 1 },
	{ "method", F_LONGTEXT, N_("How"), N_("How it is checked: a sample, a report, a walk-through."), .max = 4000, .search = 1 },
	{ "owner_id", F_REF, N_("By whom"), N_("The person who performs the check and records its result."), .ref = &entity_people, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Internal control points they check") },
	{ "check_date", F_DATE, N_("When"), N_("The day by which the check is to be performed."), .list = 1, .sort = 1 },
	{ 0 }
};

static void points_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			    const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e, (void)st, (void)a, (void)org_id, (void)old;
	const char *on = jv_get_str(rec, "check_date");
	long long year = jv_get_int(rec, "year", 0);
	if (on && year && date_valid(on) && strtol(on, NULL, 10) != year)
		verr_add(errs, "check_date", tr(lang, "The date falls in another year than the control point's."));
}

const struct entity entity_control_points = {
	.name = "control-points", .table = "control_points",
	.label = N_("Internal control point"), .plural = N_("Internal control"),
	.the = N_("the internal control point"), .new_title = N_("New internal control point"),
	.empty = N_("No control points yet. Plan the year's internal control: what is checked, how, by whom and when."),
	.title_field = "title", .fields = point_fields, .grants = point_grants,
	.validate = points_validate, .default_sort = "check_date",
	.menu = MENU_GOVERNANCE, .overview = 1,
};

/* ---- control results ------------------------------------------------------------------ */

static const struct option result_kinds[] = {
	{ "ok", N_("No deviation") },
	{ "deviation", N_("Deviation") },
	{ 0 }
};

static const struct field result_fields[] = {
	{ "control_point_id", F_REF, N_("Control point"), .required = 1, .ref = &entity_control_points, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Results") },
	{ "result_date", F_DATE, N_("Date"), N_("The day the check was performed."), .required = 1, .list = 1, .sort = 1, .def = "today" },
	{ "result", F_ENUM, N_("Result"), N_("A deviation becomes a measure in the action plan."), .required = 1, .options = result_kinds, .list = 1, .filter = 1, .def = "ok" },
	{ "description", F_LONGTEXT, N_("Description"), N_("What was checked and found; for a deviation, what is wrong."), .max = 8000, .search = 1 },
	{ 0 }
};

static void results_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			     const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e, (void)st, (void)a, (void)org_id, (void)old;
	const char *on = jv_get_str(rec, "result_date"), *result = jv_get_str(rec, "result");
	char today[11];
	clock_today(today);
	if (on && date_valid(on) && date_compare(on, today) > 0)
		verr_add(errs, "result_date", tr(lang, "A check cannot have been performed on a date in the future."));
	const char *desc = jv_get_str(rec, "description");
	if (result && strcmp(result, "deviation") == 0 && (!desc || !*desc))
		verr_add(errs, "description", tr(lang, "Describe the deviation: it becomes a measure."));
}

/* A deviation becomes a measure (once): Tillit's change, made for whoever
 * recorded the result and audited with it as the cause, for the control
 * point's person, due in three months. */
static int results_after(struct rctx *c, const struct entity *e, long long id, const struct jval *rec,
			 const struct jval *old)
{
	(void)e;
	const char *result = jv_get_str(rec, "result");
	if (!result || strcmp(result, "deviation") != 0)
		return REC_OK;
	const char *was = old ? jv_get_str(old, "result") : NULL;
	if (was && strcmp(was, "deviation") == 0)
		return REC_OK;
	struct list_query q = { .page = 1, .limit = 1, .nfilters = 1 };
	q.filters[0].f = entity_field(&entity_measures, "control_result_id");
	q.filters[0].value = arena_printf(c->a, "%lld", id);
	struct jval *rows;
	if (store_list(c->st, c->a, &entity_measures, c->who->org_id, &q, &rows, NULL) != STORE_OK)
		return REC_ERROR;
	if (rows->first)
		return REC_OK;
	struct jval *point;
	if (store_get(c->st, c->a, &entity_control_points, c->who->org_id, jv_get_int(rec, "control_point_id", 0),
		      &point) != STORE_OK)
		return REC_ERROR;
	struct actor tillit;
	struct rctx sub = record_on_behalf(c, &tillit, arena_printf(c->a, "control-results/%lld", id));
	struct jval *m = jv_obj(c->a);
	const char *title = jv_get_str(point, "title");
	jv_set_str(c->a, m, "title", arena_printf(c->a, tr(c->who->lang, "Correct the deviation in internal control: %s"),
						  title ? title : ""));
	jv_set_str(c->a, m, "description", jv_get_str(rec, "description"));
	jv_set_int(c->a, m, "control_result_id", id);
	long long owner = record_active_person(c, jv_get_int(point, "owner_id", 0));
	if (owner)
		jv_set_int(c->a, m, "owner_id", owner);
	char today[11], due[11];
	clock_today(today);
	if (date_add_months(today, 3, due) == 0)
		jv_set_str(c->a, m, "due_date", due);
	long long mid;
	struct verrors errs = { 0 };
	return record_create(&sub, &entity_measures, m, &mid, &errs);
}

const struct entity entity_control_results = {
	.name = "control-results", .table = "control_results",
	.label = N_("Internal control result"), .plural = N_("Internal control results"),
	.the = N_("the internal control result"), .new_title = N_("New internal control result"),
	.empty = N_("No results yet. Open a control point and record what the check found."),
	.title_field = "result_date", .fields = result_fields, .grants = result_grants,
	.validate = results_validate, .after_write = results_after,
	.scope_via = "control_point_id", .default_sort = "result_date", .default_desc = 1,
	.title_prefix = "control_point_id",
	.menu = MENU_GOVERNANCE,
};

/* ---- the management review's agenda ------------------------------------------------------ */

static void heading(struct buf *b, int lang, const char *msgid)
{
	buf_printf(b, "\n%s\n", tr(lang, msgid));
}

static void prompt(struct buf *b, int lang, const char *msgid)
{
	buf_printf(b, "- %s\n", tr(lang, msgid));
}

/* A value with one decimal in lang's way, without one when whole. */
static const char *decimal(int lang, double x, char *b, size_t n)
{
	return i18n_decimal(lang, x, (double)(long long)x == x ? 0 : 1, b, n);
}

/* The indicators of every goal, evaluated as of today: lines under
 * monitoring and measurement, and per goal how many meet their target. */
static int agenda_indicators(struct rctx *c, int lang, const char *today, struct buf *ind, struct buf *goals)
{
	struct list_query q = { .page = 1, .limit = 500 };
	struct jval *grows, *irows;
	if (store_list(c->st, c->a, &entity_goals, c->who->org_id, &q, &grows, NULL) != STORE_OK)
		return -1;
	struct list_query iq = { .page = 1, .limit = 2000 };
	if (store_list(c->st, c->a, &entity_indicators, c->who->org_id, &iq, &irows, NULL) != STORE_OK)
		return -1;
	size_t nind = 0;
	for (struct jval *g = grows->first; g; g = g->next) {
		long long gid = jv_get_int(g, "id", 0), n = 0, met = 0;
		for (struct jval *i = irows->first; i; i = i->next) {
			if (jv_get_int(i, "goal_id", 0) != gid)
				continue;
			struct indicator_now now;
			if (indicator_evaluate(c, i, today, 4, &now) != 0)
				return -1;
			n++;
			met += now.meets;
			nind++;
			const char *title = jv_get_str(i, "title");
			if (!now.has_value)
				buf_printf(ind, "- %s: %s\n", title, tr(lang, "no value"));
			else {
				const char *unit = jv_get_str(i, "unit");
				char v[64], t[64];
				buf_printf(ind, "- %s: %s%s%s", title, decimal(lang, now.value, v, sizeof v), unit && *unit ? " " : "",
					   unit ? unit : "");
				if (now.has_target)
					buf_printf(ind, " (%s %s %s: %s)", tr(lang, "target"),
						   tr(lang, now.at_least ? N_("at least") : N_("at most")),
						   decimal(lang, now.target, t, sizeof t), tr(lang, now.meets ? N_("met") : N_("not met")));
				buf_puts(ind, "\n");
			}
		}
		buf_printf(goals, "- %s: ", jv_get_str(g, "title"));
		buf_printf(goals, tr(lang, "%lld of %lld indicators meet their target"), met, n);
		buf_puts(goals, "\n");
	}
	if (!nind)
		prompt(ind, lang, N_("No indicators are recorded."));
	if (!grows->first)
		prompt(goals, lang, N_("No goals are recorded."));
	return 0;
}

int meeting_fill_agenda(struct rctx *c, long long id, int lang, struct verrors *errs)
{
	struct jval *m;
	long long org = c->who->org_id;
	int rc = store_get(c->st, c->a, &entity_meetings, org, id, &m);
	if (rc == STORE_NOTFOUND)
		return REC_NOTFOUND;
	if (rc != STORE_OK)
		return REC_ERROR;
	if (!record_allows(c, &entity_meetings, A_UPDATE, m))
		return REC_FORBIDDEN;
	const char *kind = jv_get_str(m, "kind");
	if (!kind || strcmp(kind, "management_review") != 0) {
		verr_add(errs, "kind", tr(lang, "Only a management review's agenda is filled from Tillit's records."));
		return REC_INVALID;
	}
	char today[11];
	clock_today(today);
	long long year = strtol(today, NULL, 10);
	long long gaps[GAP_KIND_COUNT];
	long long open_m = 0, dec_open = 0, dec_done = 0, points = 0, performed = 0, deviations = 0;
	struct jval *decisions;
	if (store_gap_counts(c->st, org, NULL, today, gaps) != STORE_OK || store_open_measures(c->st, org, &open_m) != STORE_OK ||
	    store_review_decisions(c->st, c->a, org, id, jv_get_str(m, "meeting_date"), 30, &decisions, &dec_open, &dec_done) != STORE_OK ||
	    store_control_summary(c->st, org, year, &points, &performed, &deviations) != STORE_OK)
		return REC_ERROR;
	long long total_gaps = 0;
	for (int k = 0; k < GAP_KIND_COUNT; k++)
		total_gaps += gaps[k];
	struct buf b = BUF_INIT, ind = BUF_INIT, goals = BUF_INIT;
	if (agenda_indicators(c, lang, today, &ind, &goals) != 0) {
		buf_free(&ind);
		buf_free(&goals);
		return REC_ERROR;
	}
	buf_printf(&b, tr(lang, "Management review: inputs as of %s (ISO/IEC 27001:2022, clause 9.3.2)"), today);
	buf_puts(&b, "\n");

	heading(&b, lang, N_("a) Status of actions from previous management reviews"));
	buf_printf(&b, "- ");
	buf_printf(&b, tr(lang, "%lld decisions open, %lld done."), dec_open, dec_done);
	buf_puts(&b, "\n");
	for (struct jval *d = decisions->first; d; d = d->next) {
		const char *st = jv_get_str(d, "status"), *due = jv_get_str(d, "due_date");
		int open = st && strcmp(st, "open") == 0;
		buf_printf(&b, "- %s (%s%s%s)\n", jv_get_str(d, "decision"), tr(lang, open ? N_("open") : N_("done")),
			   due ? ", " : "", due ? due : "");
	}

	heading(&b, lang, N_("b) Changes in external and internal issues"));
	prompt(&b, lang, N_("Describe changes in laws and regulations, the threat picture, the organisation and its IT environment since the last review."));

	heading(&b, lang, N_("c) Changes in the needs and expectations of interested parties"));
	prompt(&b, lang, N_("Describe changed requirements from residents, politicians, authorities, suppliers and staff."));

	heading(&b, lang, N_("d) Feedback on the information security performance"));
	buf_printf(&b, "%s\n- ", tr(lang, "1. Nonconformities and corrective actions"));
	buf_printf(&b, tr(lang, "%lld open measures, %lld of them past their due date; %lld deviations found in internal control in %lld."),
		   open_m, gaps[GAP_MEASURE_OVERDUE], deviations, year);
	buf_printf(&b, "\n%s\n%s", tr(lang, "2. Monitoring and measurement results"), buf_str(&ind));
	buf_printf(&b, "%s\n- ", tr(lang, "3. Audit results (internal control)"));
	buf_printf(&b, tr(lang, "%lld control points in %lld: %lld performed, %lld not performed by their date."), points, year,
		   performed, gaps[GAP_CONTROL_NOT_PERFORMED]);
	buf_printf(&b, "\n%s\n%s", tr(lang, "4. Fulfilment of the information security objectives"), buf_str(&goals));

	heading(&b, lang, N_("e) Feedback from interested parties"));
	prompt(&b, lang, N_("Summarise feedback from the auditors (revisorerna), the supervisory authorities, the units and the suppliers."));

	heading(&b, lang, N_("f) Results of risk assessment and status of the risk treatment plan"));
	buf_printf(&b, "- ");
	buf_printf(&b, tr(lang, "%lld residual risks not accepted; %lld risks in the highest level without a measure; %lld systems and information assets due for a new analysis; %lld running systems never analysed."),
		   gaps[GAP_RESIDUAL_NOT_ACCEPTED], gaps[GAP_RISK_NO_MEASURE], gaps[GAP_ANALYSIS_OVERDUE],
		   gaps[GAP_SYSTEM_NOT_ANALYSED]);
	buf_printf(&b, "\n- ");
	buf_printf(&b, tr(lang, "%lld open gaps in all."), total_gaps);
	buf_puts(&b, "\n");

	heading(&b, lang, N_("g) Opportunities for continual improvement"));
	prompt(&b, lang, N_("What should be improved in the management system, its resources and its goals?"));

	struct jval *set = jv_obj(c->a);
	jv_set_str(c->a, set, "agenda", buf_str(&b));
	buf_free(&b);
	buf_free(&ind);
	buf_free(&goals);
	return record_update(c, &entity_meetings, id, set, errs);
}

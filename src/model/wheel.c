/*
 * wheel.c (model): the annual wheel's sources, the recurring activities
 * and the calendar feeds (see wheel.h and docs/annual-wheel.md).
 */
#include "model/wheel.h"

#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/gaps.h"
#include "core/recur.h"
#include "model/record.h"
#include "model/visible.h"
#include "store/store.h"
#include "store/wheel.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/json.h"

/* ---- recurring activities ------------------------------------------------ */

static const struct option recur_rules[] = {
	{ "yearly", N_("Every year") },
	{ "quarterly", N_("Every quarter") },
	{ "monthly", N_("Every month") },
	{ "after_election", N_("The year after each general election") },
	{ 0 }
};

/* The coordinator and the administrator keep the organisation's cycle; the
 * person responsible for an activity keeps it; those who work with
 * security read it. */
static const struct grant activity_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR),
	GRANT_OWNED(ROLE_SECURITY_CHIEF, A_READ | A_UPDATE, "owner_id"),
	GRANT_OWNED(ROLE_IT_CHIEF, A_READ | A_UPDATE, "owner_id"),
	GRANT_OWNED(ROLE_MANAGER, A_READ | A_UPDATE, "owner_id"),
	GRANT_OWNED(ROLE_EMPLOYEE, A_READ, "owner_id"),
	GRANT_READERS, GRANT_READ(ROLE_ELECTED),
	GRANTS_END
};

static const struct field activity_fields[] = {
	{ "title", F_TEXT, N_("Activity"), N_("What is to be done, e.g. the annual report on information security to the municipal executive board."), .required = 1, .max = 300, .search = 1, .list = 1, .sort = 1, .section = N_("The activity") },
	{ "description", F_LONGTEXT, N_("Description"), .max = 8000, .search = 1 },
	{ "recipient", F_TEXT, N_("To whom"), N_("The body or authority it goes to, e.g. kommunstyrelsen or länsstyrelsen."), .max = 200, .search = 1, .list = 1 },
	{ "owner_id", F_REF, N_("Responsible"), .ref = &entity_people, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Recurring activities they are responsible for") },
	{ "unit_id", F_REF, N_("Unit"), .ref = &entity_units, .filter = 1, .reverse = N_("Recurring activities of the unit") },
	{ "rule", F_ENUM, N_("Recurs"), N_("The year after each general election: general elections are held every four years on the second Sunday of September (2022, 2026, 2030 ...)."), .required = 1, .options = recur_rules, .list = 1, .filter = 1, .def = "yearly", .section = N_("When") },
	{ "month", F_INT, N_("Month"), N_("1 to 12. Every quarter: the month in the first quarter (1, 2 or 3) or any month of the cycle. Every month: leave empty."), .min = 1, .max = 12, .list = 1, .sort = 1 },
	{ "day", F_INT, N_("Day of the month"), N_("1 to 31. A day past the end of a month is the month's last day."), .required = 1, .min = 1, .max = 31, .def = "1", .list = 1 },
	{ "first_year", F_INT, N_("First year"), N_("Empty: this year."), .min = 1900, .max = 2999 },
	{ "last_year", F_INT, N_("Last year"), N_("Empty: no end."), .min = 1900, .max = 2999 },
	{ 0 }
};

static void activities_prepare(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			       struct jval *rec, const struct jval *old)
{
	(void)e, (void)st, (void)org_id, (void)old;
	if (!jv_get_int(rec, "first_year", 0)) {
		char today[11];
		clock_today(today);
		jv_set_int(a, rec, "first_year", atoi(today));
	}
}

static void activities_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
				const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e, (void)st, (void)a, (void)org_id, (void)old;
	enum recur_rule rule;
	if (recur_parse(jv_get_str(rec, "rule"), &rule) != 0)
		return; /* the enum's own error */
	long long month = jv_get_int(rec, "month", 0);
	if (rule != RECUR_MONTHLY && !month)
		verr_add(errs, "month", tr(lang, "Give the month (1 to 12) the activity falls due in."));
	long long first = jv_get_int(rec, "first_year", 0), last = jv_get_int(rec, "last_year", 0);
	if (last && first && last < first)
		verr_add(errs, "last_year", tr(lang, "The last year cannot be before the first year."));
}

const struct entity entity_recurring_activities = {
	.name = "recurring-activities", .table = "recurring_activities",
	.label = N_("Recurring activity"), .plural = N_("Recurring activities"),
	.the = N_("the recurring activity"), .new_title = N_("New recurring activity"),
	.empty = N_("No recurring activities yet. Add what the organisation does every year: the annual report to the municipal executive board, the risk and vulnerability analysis to the county administrative board."),
	.title_field = "title", .fields = activity_fields, .unit_field = "unit_id",
	.grants = activity_grants, .validate = activities_validate, .prepare = activities_prepare,
	.menu = MENU_GOVERNANCE,
};

/* The defaults every organisation starts with (catalogue_sync), in
 * Swedish: the annual report in March, when the year before is summed up
 * for the annual accounts; the RSA by 31 October of the year after an
 * election (MSBFS 2015:5). */
static const struct {
	const char *title, *description, *recipient, *rule;
	int month, day, first_year;
} default_activities[] = {
	{ "Årlig rapport om informationssäkerhet till kommunstyrelsen",
	  "Hur informationssäkerhetsarbetet har gått under året: mål och uppföljning, incidenter, risker, "
	  "klassningar och åtgärder. Underlaget hämtas ur Tillit.",
	  "Kommunstyrelsen", "yearly", 3, 31, 2024 },
	{ "Risk- och sårbarhetsanalys (RSA) till länsstyrelsen",
	  "Kommunens risk- och sårbarhetsanalys redovisas till länsstyrelsen senast den 31 oktober året efter "
	  "ordinarie val (MSBFS 2015:5).",
	  "Länsstyrelsen", "after_election", 10, 31, 2023 },
};

int wheel_defaults_sync(struct rctx *c)
{
	if (store_count(c->st, &entity_recurring_activities, c->who->org_id) > 0)
		return REC_OK;
	for (size_t i = 0; i < sizeof default_activities / sizeof *default_activities; i++) {
		struct jval *in = jv_obj(c->a);
		jv_set_str(c->a, in, "title", default_activities[i].title);
		jv_set_str(c->a, in, "description", default_activities[i].description);
		jv_set_str(c->a, in, "recipient", default_activities[i].recipient);
		jv_set_str(c->a, in, "rule", default_activities[i].rule);
		jv_set_int(c->a, in, "month", default_activities[i].month);
		jv_set_int(c->a, in, "day", default_activities[i].day);
		jv_set_int(c->a, in, "first_year", default_activities[i].first_year);
		struct verrors errs = { 0 };
		long long id;
		int rc = record_create(c, &entity_recurring_activities, in, &id, &errs);
		if (rc != REC_OK)
			return rc;
	}
	return REC_OK;
}

/* ---- calendar feeds -------------------------------------------------------- */

/* A feed is its maker's and the person's it is for: they read and revoke
 * it; the coordinator and the administrator every feed. Feeds are made
 * only through POST /api/v1/calendar-feeds and the wheel's feed page
 * (web/ui_wheel.c), which give the secret token once. */
#define FEED_OWN(r) GRANT_OWNED(r, A_READ | A_UPDATE | A_DELETE, "created_by_id"), \
		    GRANT_OWNED(r, A_READ | A_UPDATE | A_DELETE, "person_id")
static const struct grant feed_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR),
	FEED_OWN(ROLE_SECURITY_CHIEF), FEED_OWN(ROLE_IT_CHIEF), FEED_OWN(ROLE_DPO), FEED_OWN(ROLE_MANAGER),
	FEED_OWN(ROLE_INFO_OWNER), FEED_OWN(ROLE_SYSTEM_OWNER), FEED_OWN(ROLE_SYSTEM_ADMIN), FEED_OWN(ROLE_ELECTED),
	FEED_OWN(ROLE_EMPLOYEE), FEED_OWN(ROLE_AUDITOR),
	GRANTS_END
};

static const struct field feed_fields[] = {
	{ "label", F_TEXT, N_("Name"), N_("What the calendar is called in Outlook or Thunderbird."), .required = 1, .max = 200, .search = 1, .list = 1, .sort = 1 },
	{ "person_id", F_REF, N_("Whose due dates"), N_("Empty: the whole organisation's annual wheel."), .ref = &entity_people, .readonly = 1, .list = 1, .filter = 1, .reverse = N_("Calendar feeds of their due dates") },
	{ "created_by_id", F_REF, N_("Made by"), .ref = &entity_people, .readonly = 1, .author = 1, .list = 1, .filter = 1, .reverse = N_("Calendar feeds they made") },
	{ "user_id", F_INT, "user_id", .hidden = 1 },
	{ "token_hash", F_TEXT, "token_hash", .hidden = 1, .max = 64 },
	{ 0 }
};

const struct entity entity_calendar_feeds = {
	.name = "calendar-feeds", .table = "calendar_feeds",
	.label = N_("Calendar feed"), .plural = N_("Calendar feeds"),
	.the = N_("the calendar feed"), .new_title = N_("New calendar feed"),
	.empty = N_("No calendar feeds yet. Make one on the annual wheel's calendar page to see the due dates in Outlook or Thunderbird."),
	.title_field = "label", .fields = feed_fields, .grants = feed_grants,
	.no_create = 1, .no_import = 1,
};

/* ---- the sources ------------------------------------------------------------ */

/* Due dates kept with the gaps (store/derived.h): a gap that depends on the
 * date is written with its due date as soon as its record has one, so
 * the coming ones are there too. */
#define GAP_SQL(extra)                                                                               \
	"SELECT due, record_id, name, person_id, unit_id" extra " FROM gaps WHERE org_id = ?1 AND kind = ?5" \
	" AND entity = ?7 AND due >= ?2 AND due < ?3 AND ?4 IS NULL ORDER BY due, record_id LIMIT ?6"
/* The people with gaps of a kind due in the range (a person-only source's
 * people_sql). */
#define GAP_PEOPLE "SELECT min(due), person_id, '', person_id, NULL FROM gaps WHERE org_id = ?1 AND kind = ?5 AND entity = ?7" \
	" AND due >= ?2 AND due < ?3 AND person_id IS NOT NULL GROUP BY person_id LIMIT ?6"
/* One person's: the index gaps_person_due (org_id, person_id, kind, due). */
#define GAP_SQL_PERSON(extra)                                                                        \
	"SELECT due, record_id, name, person_id, unit_id" extra " FROM gaps WHERE org_id = ?1"              \
	" AND person_id = ?4 AND kind = ?5 AND entity = ?7 AND due >= ?2 AND due < ?3"                     \
	" ORDER BY due, record_id LIMIT ?6"

static int recurring_rows(struct rctx *c, const struct wheel_source *src, const char *from, const char *until,
			  long long person, long long limit, struct wheel_row **rows, size_t *n);

const struct wheel_source wheel_sources[] = {
	{ .code = "classification_reviews", .entity = &entity_information_assets, .label = N_("Classification review"),
	  .sql = GAP_SQL(""), .sql_person = GAP_SQL_PERSON(""), .arg = GAP_CLASSIFICATION_OUTDATED },
	{ .code = "system_analyses", .entity = &entity_systems, .label = N_("Risk analysis due"), .sql = GAP_SQL(""), .sql_person = GAP_SQL_PERSON(""),
	  .arg = GAP_ANALYSIS_OVERDUE },
	{ .code = "asset_analyses", .entity = &entity_information_assets, .label = N_("Risk analysis due"),
	  .sql = GAP_SQL(""), .sql_person = GAP_SQL_PERSON(""), .arg = GAP_ANALYSIS_OVERDUE },
	{ .code = "exercises", .entity = &entity_exercises, .label = N_("Planned exercise"),
	  .sql = "SELECT exercise_date, id, title, NULL, NULL FROM exercises WHERE org_id = ?1 AND status = 'planned'"
		 " AND exercise_date >= ?2 AND exercise_date < ?3 AND (?4 IS NULL OR EXISTS (SELECT 1 FROM"
		 " exercise_participants p WHERE p.from_id = exercises.id AND p.to_id = ?4))"
		 " ORDER BY exercise_date, id LIMIT ?6" },
	{ .code = "plan_reviews", .entity = &entity_continuity_plans, .label = N_("Continuity plan review"),
	  .sql = GAP_SQL(""), .sql_person = GAP_SQL_PERSON(""), .arg = GAP_PLAN_REVIEW_OVERDUE },
	{ .code = "incident_reports", .entity = &entity_incidents, .label = N_("Incident report deadline"),
	  .sql = GAP_SQL(""), .sql_person = GAP_SQL_PERSON(""), .arg = GAP_INCIDENT_REPORT_OVERDUE },
	{ .code = "measures", .entity = &entity_measures, .label = N_("Measure due"), .sql = GAP_SQL(""), .sql_person = GAP_SQL_PERSON(""),
	  .arg = GAP_MEASURE_OVERDUE },
	{ .code = "plan_items", .entity = &entity_systems, .label = N_("Action plan requirement due"),
	  .sql = GAP_SQL(", other_id"), .sql_person = GAP_SQL_PERSON(", other_id"), .arg = GAP_REQUIREMENT_OVERDUE, .path = "/systems/%lld/plan" },
	{ .code = "recurring", .entity = &entity_recurring_activities, .label = N_("Recurring activity"),
	  .fn = recurring_rows, .no_overdue = 1 },
	/* The governance cycle (issue 14). */
	{ .code = "document_reviews", .entity = &entity_governing_documents, .label = N_("Governing document review"),
	  .sql = GAP_SQL(""), .sql_person = GAP_SQL_PERSON(""), .arg = GAP_DOCUMENT_REVIEW_OVERDUE },
	/* A person's documents to read (only on their own wheel: the
	 * organisation's would list every person asked). */
	{ .code = "document_reading", .entity = &entity_governing_documents, .label = N_("Document to read"),
	  .sql = "SELECT a.due_date, a.document_id, d.title, a.person_id, a.unit_id, a.version_id FROM document_acks a"
		 " JOIN governing_documents d ON d.id = a.document_id WHERE a.org_id = ?1 AND a.person_id = ?4"
		 " AND a.confirmed_at IS NULL AND a.closed_at IS NULL AND a.due_date >= ?2 AND a.due_date < ?3"
		 " ORDER BY a.due_date, a.id LIMIT ?6",
	  .people_sql = "SELECT min(due_date), person_id, '', person_id, NULL FROM document_acks WHERE org_id = ?1"
			" AND confirmed_at IS NULL AND closed_at IS NULL AND due_date >= ?2 AND due_date < ?3"
			" GROUP BY person_id LIMIT ?6" },
	{ .code = "training_sessions", .entity = &entity_training_sessions, .label = N_("Training session"), .no_overdue = 1,
	  .sql = "SELECT s.session_date, s.id, t.name, NULL, NULL FROM training_sessions s JOIN trainings t ON t.id = s.training_id"
		 " WHERE s.org_id = ?1 AND s.session_date >= ?2 AND s.session_date < ?3 AND (?4 IS NULL OR EXISTS"
		 " (SELECT 1 FROM training_attendees x WHERE x.from_id = s.id AND x.to_id = ?4))"
		 " ORDER BY s.session_date, s.id LIMIT ?6" },
	/* When a person's training must be done (only on their own wheel). */
	{ .code = "staff_training", .entity = &entity_people, .label = N_("Basic training due"),
	  .sql = GAP_SQL_PERSON(""), .arg = GAP_STAFF_UNTRAINED, .people_sql = GAP_PEOPLE },
	{ .code = "elected_training", .entity = &entity_people, .label = N_("Training for elected officials due"),
	  .sql = GAP_SQL_PERSON(""), .arg = GAP_ELECTED_UNTRAINED, .people_sql = GAP_PEOPLE },
	{ .code = "owner_training", .entity = &entity_people, .label = N_("Classification and risk training due"),
	  .sql = GAP_SQL_PERSON(""), .arg = GAP_OWNER_UNTRAINED, .people_sql = GAP_PEOPLE },
	{ .code = "access_reviews", .entity = &entity_access_reviews, .label = N_("Access review due"),
	  .sql = "SELECT r.due_date, r.id, s.name, r.reviewer_id, r.unit_id FROM access_reviews r JOIN systems s ON s.id = r.system_id"
		 " WHERE r.org_id = ?1 AND r.status = 'open' AND r.due_date >= ?2 AND r.due_date < ?3"
		 " AND (?4 IS NULL OR r.reviewer_id = ?4) ORDER BY r.due_date, r.id LIMIT ?6",
	  .path = "/access-reviews/%lld/accounts" },
	{ .code = "system_access_reviews", .entity = &entity_systems, .label = N_("Next access review of a system"),
	  .sql = GAP_SQL(""), .sql_person = GAP_SQL_PERSON(""), .arg = GAP_ACCESS_REVIEW_OVERDUE },
	{ .code = "meetings", .entity = &entity_meetings, .label = N_("Meeting"), .no_overdue = 1,
	  .sql = "SELECT m.meeting_date, m.id, m.body, NULL, NULL FROM meetings m WHERE m.org_id = ?1"
		 " AND m.meeting_date >= ?2 AND m.meeting_date < ?3 AND (?4 IS NULL OR EXISTS (SELECT 1 FROM"
		 " meeting_participants p WHERE p.from_id = m.id AND p.to_id = ?4)) ORDER BY m.meeting_date, m.id LIMIT ?6" },
	{ .code = "meeting_decisions", .entity = &entity_meeting_decisions, .label = N_("Meeting decision to carry out"),
	  .sql = "SELECT d.due_date, d.id, d.decision, d.owner_id, NULL FROM meeting_decisions d WHERE d.org_id = ?1"
		 " AND d.status = 'open' AND d.due_date >= ?2 AND d.due_date < ?3 AND (?4 IS NULL OR d.owner_id = ?4)"
		 " ORDER BY d.due_date, d.id LIMIT ?6" },
	{ .code = "control_points", .entity = &entity_control_points, .label = N_("Internal control point"),
	  .sql = GAP_SQL(""), .sql_person = GAP_SQL_PERSON(""), .arg = GAP_CONTROL_NOT_PERFORMED },
	{ .code = "org_requirements", .entity = &entity_org_assessments, .label = N_("Requirement on the organisation due"),
	  .sql = GAP_SQL(""), .sql_person = GAP_SQL_PERSON(""), .arg = GAP_ORG_REQUIREMENT_OVERDUE },
	/* Other areas append their sources here, one entry each. */
	{ 0 }
};

const struct wheel_source *wheel_source_find(const char *code)
{
	for (const struct wheel_source *s = wheel_sources; code && s->code; s++)
		if (strcmp(s->code, code) == 0)
			return s;
	return NULL;
}

/* Recurring activities are few per organisation; their dates are computed
 * (core/recur.h), not stored. */
#define ACTIVITIES_MAX 500

static int recurring_rows(struct rctx *c, const struct wheel_source *src, const char *from, const char *until,
			  long long person, long long limit, struct wheel_row **rows, size_t *n)
{
	(void)src;
	*rows = NULL;
	*n = 0;
	struct wheel_activity *acts;
	size_t nacts;
	int rc = store_wheel_activities(c->st, c->a, c->who->org_id, person, ACTIVITIES_MAX, &acts, &nacts);
	if (rc != STORE_OK)
		return rc;
	char to[11];
	if (date_add_days(until, -1, to) != 0)
		return STORE_OK;
	size_t cap = 16, got = 0;
	struct wheel_row *out = arena_alloc_array(c->a, cap, sizeof *out);
	for (size_t i = 0; i < nacts; i++) {
		struct recur r = { .month = acts[i].month, .day = acts[i].day, .first_year = acts[i].first_year,
				   .last_year = acts[i].last_year };
		if (recur_parse(acts[i].rule, &r.rule) != 0)
			continue;
		char dates[64][11];
		size_t k = recur_between(&r, from, to, dates, 64);
		if (k > 64)
			k = 64;
		for (size_t j = 0; j < k; j++) {
			if (got == cap) {
				struct wheel_row *bigger = arena_alloc_array(c->a, cap * 2, sizeof *out);
				memcpy(bigger, out, cap * sizeof *out);
				out = bigger;
				cap *= 2;
			}
			out[got++] = (struct wheel_row){ .due = arena_strdup(c->a, dates[j]), .id = acts[i].id,
							 .title = acts[i].title, .person_id = acts[i].owner_id,
							 .unit_id = acts[i].unit_id };
		}
	}
	/* By date, then the first limit of them (the SQL sources' order). */
	for (size_t i = 1; i < got; i++)
		for (size_t j = i; j > 0 && strcmp(out[j - 1].due, out[j].due) > 0; j--) {
			struct wheel_row t = out[j];
			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	*rows = out;
	*n = got < (size_t)limit ? got : (size_t)limit;
	return STORE_OK;
}

static int item_cmp(const void *pa, const void *pb)
{
	const struct wheel_item *a = pa, *b = pb;
	int d = strcmp(a->due, b->due);
	if (d)
		return d;
	d = strcmp(a->title ? a->title : "", b->title ? b->title : "");
	if (d)
		return d;
	d = strcmp(a->src->code, b->src->code);
	if (d)
		return d;
	return a->id < b->id ? -1 : a->id > b->id;
}

int wheel_collect(struct rctx *c, const struct wheel_query *q, struct wheel_item **items, size_t *n, int *more)
{
	*items = NULL;
	*n = 0;
	*more = 0;
	char until[11], today[11];
	if (!date_valid(q->from) || !date_valid(q->to) || date_add_days(q->to, 1, until) != 0)
		return STORE_OK;
	clock_today(today);
	struct visible *v = visible_new(c);
	size_t cap = 64, got = 0;
	struct wheel_item *out = arena_alloc_array(c->a, cap, sizeof *out);
	long long limit = q->limit ? (long long)q->limit : 1000;
	for (const struct wheel_source *s = wheel_sources; s->code; s++) {
		if (q->source && strcmp(q->source, s->code) != 0)
			continue;
		enum visibility vis = visible_entity(v, s->entity);
		/* A person's training deadlines are about their own person
		 * record, which an employee may not read: their own wheel and
		 * feed show them those about themselves. */
		long long self = s->entity == &entity_people && c->who->person_id && q->person == c->who->person_id
					 ? c->who->person_id : 0;
		if (vis == VIS_NONE && !self)
			continue;
		struct wheel_row *rows;
		size_t nrows;
		int rc = s->fn ? s->fn(c, s, q->from, until, q->person, limit + 1, &rows, &nrows)
			       : store_wheel_rows(c->st, c->a, q->person && s->sql_person ? s->sql_person : s->sql, c->who->org_id, q->from, until, q->person, s->arg,
						  limit + 1, s->entity->name, &rows, &nrows);
		if (rc != STORE_OK)
			return rc;
		if ((long long)nrows > limit) {
			*more = 1;
			nrows = (size_t)limit;
		}
		for (size_t i = 0; i < nrows; i++) {
			if (rows[i].id != self && (vis == VIS_NONE || (vis == VIS_SOME && !visible_record(v, s->entity, rows[i].id))))
				continue;
			if (got == cap) {
				struct wheel_item *bigger = arena_alloc_array(c->a, cap * 2, sizeof *out);
				memcpy(bigger, out, cap * sizeof *out);
				out = bigger;
				cap *= 2;
			}
			out[got++] = (struct wheel_item){
				.src = s, .due = rows[i].due, .id = rows[i].id, .sub = rows[i].sub,
				.title = rows[i].title ? rows[i].title : "", .person_id = rows[i].person_id,
				.unit_id = rows[i].unit_id,
				.overdue = !s->no_overdue && strcmp(rows[i].due, today) < 0,
			};
		}
	}
	qsort(out, got, sizeof *out, item_cmp);
	*items = out;
	*n = got;
	return STORE_OK;
}

const char *wheel_item_path(struct arena *a, const struct wheel_item *it)
{
	if (it->src->path)
		return arena_printf(a, it->src->path, it->id);
	return arena_printf(a, "/%s/%lld", it->src->entity->name, it->id);
}

const char *wheel_item_uid(struct arena *a, long long org, const struct wheel_item *it)
{
	char d[9] = { 0 };
	memcpy(d, it->due, 4);
	memcpy(d + 4, it->due + 5, 2);
	memcpy(d + 6, it->due + 8, 2);
	return arena_printf(a, "%lld-%s-%lld-%lld-%s@tillit", org, it->src->code, it->id, it->sub, d);
}

static const char *base_url;

void wheel_set_base_url(const char *url)
{
	base_url = url && *url ? url : NULL;
}

const char *wheel_base_url(void)
{
	return base_url;
}

const char *wheel_link(struct arena *a, const char *path)
{
	if (!base_url)
		return path;
	size_t n = strlen(base_url);
	return arena_printf(a, "%.*s%s", (int)(n && base_url[n - 1] == '/' ? n - 1 : n), base_url, path);
}

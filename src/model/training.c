/*
 * training.c (model): training for staff and elected officials — courses
 * (trainings), the sessions they are given at with their attendees, the
 * terms of office (mandatperioder) that elected officials are trained per,
 * and the requirements per audience. The rules are in core/training.h, the
 * gaps they feed (elected_official_untrained, staff_untrained,
 * owner_untrained) in store/sqlite_derived_training.c, the coverage page
 * and the attendance import in web/ui_training.c. See docs/training.md.
 */
#include "model/training.h"

#include <string.h>
#include <strings.h>

#include "core/date.h"
#include "core/training.h"
#include "model/entity.h"
#include "model/record.h"
#include "io/csv.h"
#include "store/store.h"
#include "store/training.h"
#include "util/i18n.h"
#include "util/json.h"

static const struct option topic_options[] = {
	{ "basics", N_("Basics of information security") },
	{ "incidents", N_("Incidents and reporting") },
	{ "classification", N_("Information classification") },
	{ "risk", N_("Risk analysis") },
	{ "phishing", N_("Phishing and social engineering") },
	{ "privacy", N_("Data protection") },
	{ "other", N_("Other") },
	{ 0 }
};

static const struct option audience_options[] = {
	{ "all_staff", N_("All staff") },
	{ "managers", N_("Managers") },
	{ "owners", N_("System and information owners") },
	{ "elected_officials", N_("Elected officials") },
	{ "security_function", N_("The security function") },
	{ 0 }
};

/* The audiences a requirement can concern: those with a gap. */
static const struct option requirement_audiences[] = {
	{ "all_staff", N_("All staff") },
	{ "elected_officials", N_("Elected officials") },
	{ "owners", N_("System and information owners") },
	{ 0 }
};

/* The coordinator manages training; the readers of the security work and
 * the revisor read it; everyone reads the sessions they attended. */
static const struct grant training_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR),
	GRANT_READERS, GRANT_READ(ROLE_ELECTED), GRANT_READ(ROLE_EMPLOYEE),
	GRANTS_END
};

static const struct grant session_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR),
	GRANT_READERS,
	GRANT_OWNED(ROLE_ELECTED, A_READ, "attendee_ids"),
	GRANT_OWNED(ROLE_EMPLOYEE, A_READ, "attendee_ids"),
	GRANTS_END
};

static const struct grant settings_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR),
	GRANT_READERS,
	GRANTS_END
};

/* ---- courses ------------------------------------------------------------- */

static const struct field training_fields[] = {
	{ "name", F_TEXT, N_("Name"), .required = 1, .max = 200, .search = 1, .list = 1, .sort = 1 },
	{ "topic", F_ENUM, N_("Topic"), N_("Requirements name the topics that satisfy them: basics for all staff, classification and risk for owners."), .required = 1, .options = topic_options, .list = 1, .filter = 1, .sort = 1, .def = "basics" },
	{ "audience", F_ENUM, N_("Audience"), N_("Who the course is for. A course for elected officials counts for their training in the term of office it is given."), .required = 1, .options = audience_options, .list = 1, .filter = 1, .sort = 1, .def = "all_staff" },
	{ "description", F_LONGTEXT, N_("Description"), .max = 8000, .search = 1 },
	{ 0 }
};

const struct entity entity_trainings = {
	.name = "trainings", .table = "trainings",
	.label = N_("Training"), .plural = N_("Trainings"),
	.the = N_("the training"), .new_title = N_("New training"),
	.empty = N_("No trainings yet. Start with a basic course in information security for all staff and one for elected officials."),
	.title_field = "name", .fields = training_fields, .grants = training_grants,
	.menu = MENU_GOVERNANCE, .overview = 1,
};

/* ---- sessions ------------------------------------------------------------ */

static const struct field session_fields[] = {
	{ "training_id", F_REF, N_("Training"), .required = 1, .ref = &entity_trainings, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Sessions") },
	{ "session_date", F_DATE, N_("Date"), N_("The day the training was given."), .required = 1, .list = 1, .sort = 1, .def = "today" },
	{ "attendee_ids", F_REFS, N_("Attendees"), N_("Add people one at a time, or import an attendance list on the session's page."), .ref = &entity_people, .link_table = "training_attendees", .reverse = N_("Training sessions attended") },
	{ "place", F_TEXT, N_("Place"), N_("Where, or online."), .max = 200, .search = 1, .list = 1 },
	{ "notes", F_LONGTEXT, N_("Notes"), .max = 8000, .search = 1 },
	{ 0 }
};

const struct entity entity_training_sessions = {
	.name = "training-sessions", .table = "training_sessions",
	.label = N_("Training session"), .plural = N_("Training sessions"),
	.the = N_("the training session"), .new_title = N_("New training session"),
	.empty = N_("No training sessions yet. Record when a training was given and who attended."),
	.title_field = "session_date", .title_prefix = "training_id", .fields = session_fields,
	.grants = session_grants, .default_sort = "session_date", .default_desc = 1,
	.menu = MENU_GOVERNANCE, .panels = PANEL_ATTENDANCE,
};

/* ---- terms of office ----------------------------------------------------- */

static const struct field term_fields[] = {
	{ "name", F_TEXT, N_("Name"), N_("For example 2026–2030."), .required = 1, .max = 100, .search = 1, .list = 1, .sort = 1, .unique = 1 },
	{ "start_date", F_DATE, N_("First day"), N_("The term of the council begins on 15 October of the election year."), .required = 1, .list = 1, .sort = 1 },
	{ "end_date", F_DATE, N_("Last day"), .required = 1, .list = 1, .sort = 1 },
	{ 0 }
};

static void terms_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			   const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e, (void)st, (void)a, (void)org_id, (void)old;
	const char *s = jv_get_str(rec, "start_date"), *t = jv_get_str(rec, "end_date");
	if (s && t && date_valid(s) && date_valid(t) && date_compare(t, s) < 0)
		verr_add(errs, "end_date", tr(lang, "The last day of the term cannot be before its first day."));
}

const struct entity entity_terms_of_office = {
	.name = "terms-of-office", .table = "terms_of_office",
	.label = N_("Term of office"), .plural = N_("Terms of office"),
	.the = N_("the term of office"), .new_title = N_("New term of office"),
	.empty = N_("No terms of office. Elected officials are trained once per term: add the council's term, from 15 October of the election year."),
	.title_field = "name", .fields = term_fields, .grants = settings_grants,
	.validate = terms_validate, .default_sort = "start_date",
	.menu = MENU_GOVERNANCE,
};

/* ---- requirements -------------------------------------------------------- */

static const struct field requirement_fields[] = {
	{ "audience", F_ENUM, N_("Who must be trained"), N_("All staff: every active employee. Owners: everyone who owns a system or an information asset."), .required = 1, .options = requirement_audiences, .list = 1, .filter = 1, .sort = 1, .unique = 1 },
	{ "topics", F_TEXT, N_("Topics that satisfy it"), N_("Every topic ticked must be covered by a session the person attended. None ticked: any course for the audience counts."), .max = 200, .set = 1, .options = topic_options, .list = 1 },
	{ "interval_months", F_INT, N_("Renew every (months)"), N_("0: once is enough. Elected officials are trained once per term of office, whatever is set here."), .min = 0, .max = 120, .list = 1, .def = "0" },
	{ "grace_months", F_INT, N_("Months allowed after registration"), N_("How long a newly registered person (for elected officials: also a new term) has before the training is missing."), .min = 0, .max = 60, .list = 1, .def = "0" },
	{ 0 }
};

const struct entity entity_training_requirements = {
	.name = "training-requirements", .table = "training_requirements",
	.label = N_("Training requirement"), .plural = N_("Training requirements"),
	.the = N_("the training requirement"), .new_title = N_("New training requirement"),
	.empty = N_("No training requirements: no one is shown as missing training. Add what all staff, elected officials and owners must attend."),
	.title_field = "audience", .fields = requirement_fields, .grants = settings_grants,
	.menu = MENU_GOVERNANCE,
};

/* ---- defaults ------------------------------------------------------------ */

static const struct {
	const char *name, *start, *end;
} default_terms[] = {
	{ "2022–2026", "2022-10-15", "2026-10-14" },
	{ "2026–2030", "2026-10-15", "2030-10-14" },
};

static const struct {
	const char *audience, *topics;
	int interval, grace;
} default_requirements[] = {
	{ "all_staff", "basics", 24, 3 },
	{ "elected_officials", NULL, 0, 0 },
	{ "owners", "classification, risk", 0, 0 },
};

int training_defaults_sync(struct rctx *c)
{
	long long org = c->who->org_id;
	if (store_count(c->st, &entity_terms_of_office, org) == 0)
		for (size_t i = 0; i < sizeof default_terms / sizeof *default_terms; i++) {
			struct jval *in = jv_obj(c->a);
			jv_set_str(c->a, in, "name", default_terms[i].name);
			jv_set_str(c->a, in, "start_date", default_terms[i].start);
			jv_set_str(c->a, in, "end_date", default_terms[i].end);
			struct verrors errs = { 0 };
			long long id;
			int rc = record_create(c, &entity_terms_of_office, in, &id, &errs);
			if (rc != REC_OK)
				return rc;
		}
	if (store_count(c->st, &entity_training_requirements, org) == 0)
		for (size_t i = 0; i < sizeof default_requirements / sizeof *default_requirements; i++) {
			struct jval *in = jv_obj(c->a);
			jv_set_str(c->a, in, "audience", default_requirements[i].audience);
			if (default_requirements[i].topics)
				jv_set_str(c->a, in, "topics", default_requirements[i].topics);
			jv_set_int(c->a, in, "interval_months", default_requirements[i].interval);
			jv_set_int(c->a, in, "grace_months", default_requirements[i].grace);
			struct verrors errs = { 0 };
			long long id;
			int rc = record_create(c, &entity_training_requirements, in, &id, &errs);
			if (rc != REC_OK)
				return rc;
		}
	return REC_OK;
}

/* ---- the attendance list --------------------------------------------------- */

/* A header cell ("Namn", "E-post", ...): the first row is then skipped. */
static int header_word(const char *s)
{
	static const char *const words[] = { "name", "namn", "e-mail", "email", "e-post", "epost", "mail",
					     "deltagare", "attendee", "attendees", "person", "e-postadress",
					     "email address", "e-mail address", "namn och e-post", NULL };
	for (size_t i = 0; words[i]; i++)
		if (strcasecmp(s, words[i]) == 0)
			return 1;
	return 0;
}

/* s without leading and trailing white space (arena copy). */
static char *trimmed(struct arena *a, const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	return arena_strndup(a, s, n);
}

int training_attendance_import(struct rctx *c, long long session, const char *text, size_t len,
			       struct verrors *errs, long long *added, long long *present)
{
	struct arena *a = c->a;
	int lang = c->who->lang;
	long long org = c->who->org_id;
	*added = *present = 0;
	struct jval *row;
	int rc = store_get(c->st, a, &entity_training_sessions, org, session, &row);
	if (rc == STORE_NOTFOUND)
		return REC_NOTFOUND;
	if (rc != STORE_OK)
		return REC_ERROR;
	if (!record_allows(c, &entity_training_sessions, A_UPDATE, row))
		return REC_FORBIDDEN;
	if (len > TRAINING_ATTENDANCE_MAX_BYTES) {
		verr_add(errs, NULL, arena_printf(a, tr(lang, "The attendance list is too large: at most %d KB."),
						  TRAINING_ATTENDANCE_MAX_BYTES / 1024));
		return REC_INVALID;
	}
	struct csv csv;
	struct csv_error cerr;
	if (!text || len == 0 || csv_parse(a, text, len, &csv, &cerr) != 0) {
		if (!text || len == 0)
			verr_add(errs, NULL, tr(lang, "The attendance list is empty."));
		else if (cerr.line)
			verr_add(errs, NULL, arena_printf(a, tr(lang, "The attendance list could not be read: %s (row %zu)."),
							  tr(lang, cerr.msg), cerr.line));
		else
			verr_add(errs, NULL, arena_printf(a, tr(lang, "The attendance list could not be read: %s."), tr(lang, cerr.msg)));
		return REC_INVALID;
	}
	if (csv.nrows > TRAINING_ATTENDANCE_MAX_ROWS) {
		verr_add(errs, NULL, arena_printf(a, tr(lang, "The attendance list has too many rows: at most %d."),
						  TRAINING_ATTENDANCE_MAX_ROWS));
		return REC_INVALID;
	}
	/* The attendees now, then those the list adds. */
	struct jval *ids = jv_arr(a);
	const struct jval *have = jv_get(row, "attendee_ids");
	for (const struct jval *m = have ? have->first : NULL; m; m = m->next)
		jv_push(ids, jv_int(a, m->i));
	long long nhave = (long long)ids->len;
	for (size_t i = 0; i < csv.nrows; i++) {
		const struct csv_row *cr = &csv.rows[i];
		const char *name = NULL, *email = NULL;
		int header = 0;
		for (size_t k = 0; k < cr->nfields; k++) {
			char *f = trimmed(a, csv_unguard(cr->fields[k]));
			if (!*f)
				continue;
			if (i == 0 && header_word(f))
				header = 1;
			if (strchr(f, '@') && !email)
				email = f;
			else if (!name)
				name = f;
		}
		if (header || (!name && !email))
			continue;
		const char *what = email ? email : name;
		long long id;
		int n;
		if (store_training_match(c->st, org, what, email != NULL, &id, &n) != STORE_OK)
			return REC_ERROR;
		if (n == 0)
			verr_add(errs, NULL, arena_printf(a, email ? tr(lang, "Row %zu: no person has the e-mail address \"%s\".")
								  : tr(lang, "Row %zu: no person is named \"%s\"."),
							  cr->line, what));
		else if (n > 1)
			verr_add(errs, NULL, arena_printf(a, tr(lang, "Row %zu: more than one person is named \"%s\": give the e-mail address instead."),
							  cr->line, what));
		else {
			long long at = 0, dup = -1;
			for (const struct jval *m = ids->first; m && dup < 0; m = m->next, at++)
				if (m->i == id)
					dup = at;
			if (dup < 0)
				jv_push(ids, jv_int(a, id));
			else if (dup < nhave)
				(*present)++;
		}
	}
	if (errs->n)
		return REC_INVALID;
	*added = (long long)ids->len - nhave;
	if (!*added)
		return REC_OK;
	struct jval *in = jv_obj(a);
	jv_set(in, "attendee_ids", ids);
	return record_update(c, &entity_training_sessions, session, in, errs);
}

/*
 * continuity.c (model): continuity management — what processes and systems
 * depend on, continuity plans per process or system, and the exercises that
 * test the plans, with their findings (each of which becomes a measure).
 * The processes' maximum tolerable downtime and the systems' recovery
 * objectives are fields of those entities (model/inventory.c); the gaps
 * the records feed are in core/gaps.c, the impact view in
 * web/ui_continuity.c. See docs/continuity.md.
 */
#include <string.h>

#include "core/date.h"
#include "model/entity.h"
#include "model/record.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/json.h"

/* ---- options ---------------------------------------------------------- */

static const struct option dependency_kinds[] = {
	{ "system", N_("A system") },
	{ "supplier", N_("A supplier") },
	{ "premises", N_("Premises") },
	{ "power", N_("Electric power") },
	{ "staff", N_("Staff") },
	{ "telecom", N_("Telephony and data communication") },
	{ "other", N_("Other") },
	{ 0 }
};

static const struct option plan_status[] = {
	{ "draft", N_("Draft") },
	{ "adopted", N_("Adopted") },
	{ 0 }
};

static const struct option exercise_kinds[] = {
	{ "tabletop", N_("Tabletop exercise") },
	{ "technical", N_("Technical restore test") },
	{ "full_scale", N_("Full-scale exercise") },
	{ 0 }
};

static const struct option exercise_status[] = {
	{ "planned", N_("Planned") },
	{ "held", N_("Held") },
	{ 0 }
};

/* ---- grants ----------------------------------------------------------- */

/* A record about a process or a system: the coordinator, the IT manager and
 * the administrator keep all of them, a head of administration those of
 * their units (the record's unit is its process's or system's), the
 * process owner and the system owner their own; the others who work with
 * security read. An employee reads none: plans name people and routines. */
#define OWNED_VIA(field)                                                                           \
	GRANT_OWNED(ROLE_INFO_OWNER, A_WRITE, field), GRANT_OWNED(ROLE_SYSTEM_OWNER, A_WRITE, field), \
		GRANT_OWNED(ROLE_MANAGER, A_WRITE, field)
static const struct grant plan_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR), GRANT_ALL(ROLE_IT_CHIEF),
	GRANT_SCOPED_WRITE(ROLE_MANAGER),
	OWNED_VIA("process_id.owner_id"),
	GRANT_OWNED(ROLE_SYSTEM_OWNER, A_WRITE, "system_id.owner_id"),
	GRANT_READERS, GRANT_READ(ROLE_ELECTED),
	GRANTS_END
};

static const struct grant dependency_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR), GRANT_ALL(ROLE_IT_CHIEF),
	GRANT_SCOPED_WRITE(ROLE_MANAGER),
	OWNED_VIA("process_id.owner_id"),
	GRANT_OWNED(ROLE_SYSTEM_OWNER, A_WRITE, "dependent_system_id.owner_id"),
	GRANT_READERS, GRANT_READ(ROLE_ELECTED),
	GRANTS_END
};

/* Exercises are the organisation's: those who keep every continuity
 * record, and a head of administration assigned organisation-wide (an
 * exercise has no unit); their findings are decided on the exercise. */
static const struct grant exercise_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR), GRANT_ALL(ROLE_IT_CHIEF),
	GRANT_SCOPED_WRITE(ROLE_MANAGER),
	GRANT_READERS, GRANT_READ(ROLE_ELECTED),
	GRANTS_END
};

/* ---- shared rules ------------------------------------------------------- */

/* The unit of the record a continuity record is about: its process's, else
 * its system's (0: none). */
static long long unit_of(struct store *st, struct arena *a, long long org, long long process, long long system)
{
	struct jval *row;
	if (process && store_get(st, a, &entity_processes, org, process, &row) == STORE_OK)
		return jv_get_int(row, "unit_id", 0);
	if (system && store_get(st, a, &entity_systems, org, system, &row) == STORE_OK)
		return jv_get_int(row, "unit_id", 0);
	return 0;
}

static void set_unit(struct arena *a, struct jval *rec, long long unit)
{
	if (unit)
		jv_set_int(a, rec, "unit_id", unit);
	else
		jv_set(rec, "unit_id", jv_null(a));
}

/* ---- dependencies -------------------------------------------------------- */

static const struct field dependency_fields[] = {
	{ "process_id", F_REF, N_("Process that depends on it"), N_("The process that needs it. For a system's needs, choose the system below instead."), .ref = &entity_processes, .list = 1, .filter = 1, .sort = 1, .reverse = N_("What the process depends on"), .section = N_("Who depends on it") },
	{ "dependent_system_id", F_REF, N_("System that depends on it"), N_("Only when it is a system, not a process, that needs it (power, premises, a supplier). A system's need of another system is recorded on the system, under Depends on systems."), .ref = &entity_systems, .list = 1, .filter = 1, .reverse = N_("What the system depends on") },
	{ "kind", F_ENUM, N_("Depends on"), .required = 1, .options = dependency_kinds, .list = 1, .filter = 1, .sort = 1, .def = "system", .section = N_("What it depends on") },
	{ "system_id", F_REF, N_("System"), N_("Only when it depends on a system."), .ref = &entity_systems, .filter = 1, .reverse = N_("Processes that depend on the system") },
	{ "supplier_id", F_REF, N_("Supplier"), N_("Only when it depends on a supplier."), .ref = &entity_suppliers, .filter = 1, .reverse = N_("Processes and systems that depend on the supplier") },
	{ "description", F_TEXT, N_("Description"), N_("What it depends on, e.g. the premises at Storgatan 5 or the staff on call. Left empty for a system or a supplier: its name."), .max = 300, .search = 1, .list = 1, .sort = 1 },
	{ "tolerance_hours", F_INT, N_("Copes without it (hours)"), N_("How many hours the process copes without it before it can no longer keep its minimum level of service. Leave empty if not known."), .min = 0, .max = 87600, .list = 1, .sort = 1 },
	{ "unit_id", F_REF, N_("Unit"), N_("The unit of the process or system: set by Tillit."), .ref = &entity_units, .readonly = 1, .filter = 1, .reverse = N_("Dependencies of the unit's processes and systems") },
	{ 0 }
};

static void dependencies_prepare(const struct entity *e, struct store *st, struct arena *a, long long org_id,
				 struct jval *rec, const struct jval *old)
{
	(void)e, (void)old;
	const char *kind = jv_get_str(rec, "kind");
	const char *desc = jv_get_str(rec, "description");
	if (kind && (!desc || !*desc)) {
		/* Named by the system or supplier it names. */
		const struct entity *re = strcmp(kind, "system") == 0 ? &entity_systems
					  : strcmp(kind, "supplier") == 0 ? &entity_suppliers : NULL;
		long long rid = re ? jv_get_int(rec, re == &entity_systems ? "system_id" : "supplier_id", 0) : 0;
		struct jval *row;
		if (rid && store_get(st, a, re, org_id, rid, &row) == STORE_OK && jv_get_str(row, "name"))
			jv_set_str(a, rec, "description", jv_get_str(row, "name"));
	}
	set_unit(a, rec, unit_of(st, a, org_id, jv_get_int(rec, "process_id", 0), jv_get_int(rec, "dependent_system_id", 0)));
}

static void dependencies_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
				  const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e, (void)st, (void)a, (void)org_id, (void)old;
	long long process = jv_get_int(rec, "process_id", 0), dependent = jv_get_int(rec, "dependent_system_id", 0);
	if (!process && !dependent)
		verr_add(errs, "process_id", tr(lang, "Choose the process, or the system, that depends on it."));
	else if (process && dependent)
		verr_add(errs, "dependent_system_id", tr(lang, "Choose either a process or a system that depends on it, not both."));
	const char *kind = jv_get_str(rec, "kind");
	if (!kind)
		return;
	int is_system = strcmp(kind, "system") == 0, is_supplier = strcmp(kind, "supplier") == 0;
	long long system = jv_get_int(rec, "system_id", 0), supplier = jv_get_int(rec, "supplier_id", 0);
	if (is_system && !system)
		verr_add(errs, "system_id", tr(lang, "Choose the system it depends on."));
	if (!is_system && system)
		verr_add(errs, "system_id", tr(lang, "A system is named only when it depends on a system: leave it empty, or choose A system under Depends on."));
	if (is_supplier && !supplier)
		verr_add(errs, "supplier_id", tr(lang, "Choose the supplier it depends on."));
	if (!is_supplier && supplier)
		verr_add(errs, "supplier_id", tr(lang, "A supplier is named only when it depends on a supplier: leave it empty, or choose A supplier under Depends on."));
	if (is_system && dependent)
		verr_add(errs, "kind", tr(lang, "A system's dependency on another system is recorded on the system itself, under Depends on systems."));
	const char *desc = jv_get_str(rec, "description");
	if (!is_system && !is_supplier && (!desc || !*desc))
		verr_add(errs, "description", tr(lang, "Describe what it depends on."));
}

const struct entity entity_dependencies = {
	.name = "dependencies", .table = "dependencies",
	.label = N_("Dependency"), .plural = N_("Dependencies"),
	.the = N_("the dependency"), .new_title = N_("New dependency"),
	.empty = N_("No dependencies yet. Start with the essential processes: what systems, suppliers, premises, power and staff does each of them need?"),
	.title_field = "description", .fields = dependency_fields, .unit_field = "unit_id",
	.grants = dependency_grants, .validate = dependencies_validate, .prepare = dependencies_prepare,
	.default_sort = "process_id", .title_prefix = "process_id",
	.menu = MENU_CONTINUITY,
};

/* ---- continuity plans ------------------------------------------------------ */

static const struct field plan_fields[] = {
	{ "title", F_TEXT, N_("Title"), .required = 1, .max = 300, .search = 1, .list = 1, .sort = 1, .section = N_("The plan") },
	{ "process_id", F_REF, N_("Process"), N_("The process the plan keeps going. Choose a process or a system."), .ref = &entity_processes, .list = 1, .filter = 1, .reverse = N_("Continuity plans for the process") },
	{ "system_id", F_REF, N_("System"), N_("The system the plan restores, when the plan is for a system rather than a process."), .ref = &entity_systems, .list = 1, .filter = 1, .reverse = N_("Continuity plans for the system") },
	{ "owner_id", F_REF, N_("Responsible"), N_("Keeps the plan up to date and sees that it is exercised."), .ref = &entity_people, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Continuity plans they are responsible for") },
	{ "status", F_ENUM, N_("Status"), N_("An adopted plan is in force and is to be exercised regularly."), .required = 1, .options = plan_status, .list = 1, .filter = 1, .sort = 1, .def = "draft" },
	{ "adopted_on", F_DATE, N_("Adopted on"), N_("Set to today when the plan is adopted without a date."), .sort = 1 },
	{ "review_date", F_DATE, N_("Next review"), N_("When the plan is next to be reviewed."), .list = 1, .sort = 1 },
	{ "fallback_routines", F_LONGTEXT, N_("Manual fallback routines"), N_("How the work goes on without the system: paper forms, telephone lists, what can wait."), .max = 16000, .search = 1, .section = N_("What to do") },
	{ "restore_steps", F_LONGTEXT, N_("Restore steps"), N_("How the system or the service is brought back, in order, and by whom."), .max = 16000, .search = 1 },
	{ "contacts", F_LONGTEXT, N_("Contact list"), N_("Who to call, also outside office hours: names, roles and telephone numbers."), .max = 8000, .search = 1 },
	{ "unit_id", F_REF, N_("Unit"), N_("The unit of the process or system: set by Tillit."), .ref = &entity_units, .readonly = 1, .filter = 1, .reverse = N_("Continuity plans of the unit") },
	{ 0 }
};

static void plans_prepare(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			  struct jval *rec, const struct jval *old)
{
	(void)e, (void)old;
	const char *status = jv_get_str(rec, "status");
	if (status && strcmp(status, "adopted") == 0 && !jv_get_str(rec, "adopted_on")) {
		char today[11];
		clock_today(today);
		jv_set_str(a, rec, "adopted_on", today);
	}
	set_unit(a, rec, unit_of(st, a, org_id, jv_get_int(rec, "process_id", 0), jv_get_int(rec, "system_id", 0)));
}

static void plans_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			   const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e, (void)st, (void)a, (void)org_id, (void)old;
	long long process = jv_get_int(rec, "process_id", 0), system = jv_get_int(rec, "system_id", 0);
	if (!process && !system)
		verr_add(errs, "process_id", tr(lang, "Choose the process or the system the plan is for."));
	else if (process && system)
		verr_add(errs, "system_id", tr(lang, "A plan is for one process or one system: choose one of them."));
}

const struct entity entity_continuity_plans = {
	.name = "continuity-plans", .table = "continuity_plans",
	.label = N_("Continuity plan"), .plural = N_("Continuity plans"),
	.the = N_("the continuity plan"), .new_title = N_("New continuity plan"),
	.empty = N_("No continuity plans yet. Start with the essential processes with the shortest maximum tolerable downtime."),
	.title_field = "title", .fields = plan_fields, .unit_field = "unit_id",
	.grants = plan_grants, .validate = plans_validate, .prepare = plans_prepare,
	.menu = MENU_CONTINUITY, .overview = 1,
};

/* ---- exercises ----------------------------------------------------------- */

static const struct field exercise_fields[] = {
	{ "title", F_TEXT, N_("Title"), .required = 1, .max = 300, .search = 1, .list = 1, .sort = 1, .section = N_("The exercise") },
	{ "kind", F_ENUM, N_("Kind of exercise"), .required = 1, .options = exercise_kinds, .list = 1, .filter = 1, .sort = 1, .def = "tabletop" },
	{ "status", F_ENUM, N_("Status"), .required = 1, .options = exercise_status, .list = 1, .filter = 1, .sort = 1, .def = "planned" },
	{ "exercise_date", F_DATE, N_("Date"), N_("The day it is planned for, or the day it was held."), .list = 1, .sort = 1 },
	{ "plan_ids", F_REFS, N_("Plans exercised"), N_("An adopted plan counts as exercised on the day a held exercise of it took place."), .ref = &entity_continuity_plans, .link_table = "exercise_plans", .reverse = N_("Exercises of the plan") },
	{ "participant_ids", F_REFS, N_("Participants"), .ref = &entity_people, .link_table = "exercise_participants", .reverse = N_("Exercises they took part in") },
	{ "scenario", F_LONGTEXT, N_("Scenario"), N_("What the exercise assumes has happened."), .max = 8000, .search = 1, .section = N_("Scenario and result") },
	{ "result", F_LONGTEXT, N_("Result"), N_("How it went: what worked, what did not. Record each finding separately, so that it becomes a measure."), .max = 16000, .search = 1 },
	{ 0 }
};

static void exercises_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			       const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e, (void)st, (void)a, (void)org_id, (void)old;
	const char *status = jv_get_str(rec, "status");
	const char *on = jv_get_str(rec, "exercise_date");
	if (!status || strcmp(status, "held") != 0)
		return;
	char today[11];
	clock_today(today);
	if (!on)
		verr_add(errs, "exercise_date", tr(lang, "Give the date the exercise was held."));
	else if (date_compare(on, today) > 0)
		verr_add(errs, "exercise_date", tr(lang, "A held exercise cannot have a date in the future. Mark it planned until it has taken place."));
}

const struct entity entity_exercises = {
	.name = "exercises", .table = "exercises",
	.label = N_("Exercise"), .plural = N_("Exercises"),
	.the = N_("the exercise"), .new_title = N_("New exercise"),
	.empty = N_("No exercises yet. Plan a tabletop exercise of an adopted continuity plan."),
	.title_field = "title", .fields = exercise_fields, .grants = exercise_grants,
	.validate = exercises_validate, .default_sort = "exercise_date",
	.menu = MENU_CONTINUITY, .overview = 1,
};

/* ---- findings ------------------------------------------------------------ */

static const struct field finding_fields[] = {
	{ "exercise_id", F_REF, N_("Exercise"), .required = 1, .ref = &entity_exercises, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Findings") },
	{ "title", F_TEXT, N_("Finding"), N_("What the exercise showed needs to change."), .required = 1, .max = 500, .search = 1, .list = 1, .sort = 1 },
	{ "description", F_LONGTEXT, N_("Description"), .max = 8000, .search = 1 },
	{ "owner_id", F_REF, N_("Responsible"), N_("Sees that the finding gets a measure."), .ref = &entity_people, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Exercise findings they are responsible for") },
	{ 0 }
};

const struct entity entity_exercise_findings = {
	.name = "exercise-findings", .table = "exercise_findings",
	.label = N_("Exercise finding"), .plural = N_("Exercise findings"),
	.the = N_("the exercise finding"), .new_title = N_("New exercise finding"),
	.empty = N_("No findings yet. Record what an exercise showed needs to change, one finding at a time."),
	.title_field = "title", .fields = finding_fields, .grants = exercise_grants,
	.scope_via = "exercise_id", .default_sort = "exercise_id",
	.menu = MENU_CONTINUITY, .panels = PANEL_FINDING,
};

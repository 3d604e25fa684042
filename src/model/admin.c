/*
 * admin.c: the organisation itself and the accounts that log in.
 * Passwords are not fields: they are set through their own pages and
 * commands and stored only as Argon2id hashes (see web/auth.c).
 */
#include "model/entity.h"
#include "util/i18n.h"

static const struct option org_kinds[] = {
	{ "municipality", N_("Municipality (kommun)") },
	{ "federation", N_("Municipal federation (kommunalförbund)") },
	{ "company", N_("Municipal company (kommunalt bolag)") },
	{ 0 }
};

static const struct option languages[] = {
	{ "sv", N_("Swedish") },
	{ "en", N_("English") },
	{ 0 }
};

/* The zones core/deadline.h knows that a Swedish organisation or its
 * neighbours would use. */
static const struct option time_zones[] = {
	{ "Europe/Stockholm", N_("Swedish time (Europe/Stockholm)") },
	{ "Europe/Helsinki", N_("Finnish time (Europe/Helsinki)") },
	{ "Europe/Oslo", N_("Norwegian time (Europe/Oslo)") },
	{ "Europe/Copenhagen", N_("Danish time (Europe/Copenhagen)") },
	{ "Europe/London", N_("British time (Europe/London)") },
	{ "UTC", N_("Coordinated Universal Time (UTC)") },
	{ 0 }
};

static const struct grant org_grants[] = {
	{ ROLE_ADMIN, A_READ | A_UPDATE, G_ALL, NULL },
	GRANT_READ(ROLE_COORDINATOR),
	GRANT_READ(ROLE_SECURITY_CHIEF),
	GRANT_READ(ROLE_IT_CHIEF),
	GRANT_READ(ROLE_DPO),
	GRANT_READ(ROLE_MANAGER),
	GRANT_READ(ROLE_INFO_OWNER),
	GRANT_READ(ROLE_SYSTEM_OWNER),
	GRANT_READ(ROLE_SYSTEM_ADMIN),
	GRANT_READ(ROLE_ELECTED),
	GRANT_READ(ROLE_EMPLOYEE),
	GRANT_READ(ROLE_AUDITOR),
	GRANTS_END
};

/* Accounts are never deleted: a disabled account keeps its place in the
 * audit trail. */
static const struct grant user_grants[] = {
	{ ROLE_ADMIN, A_READ | A_CREATE | A_UPDATE, G_ALL, NULL },
	GRANT_READ(ROLE_AUDITOR),
	GRANTS_END
};

static const struct field org_fields[] = {
	{ "name", F_TEXT, N_("Name"), .required = 1, .max = 200, .search = 1, .list = 1, .sort = 1 },
	{ "kind", F_ENUM, N_("Kind of organisation"), .required = 1, .options = org_kinds, .list = 1, .def = "municipality" },
	{ "org_number", F_TEXT, N_("Organisation number"), N_("Ten digits, as NNNNNN-NNNN."), .max = 20, .orgnr = 1, .list = 1 },
	{ "time_zone", F_ENUM, N_("Time zone"), N_("Times without an offset are read in this zone, and the Cybersecurity Act's one-month deadlines keep its local time."), .required = 1, .options = time_zones, .def = "Europe/Stockholm", .section = N_("Incidents") },
	{ "public_reporting", F_BOOL, N_("Public incident reporting"), N_("Anyone, also without an account, can report an incident at /rapportera. Reports are limited per address and get a receipt and a follow link."), .def = "0" },
	{ "incident_follow_up_days", F_INT, N_("Days an incident may stay open"), N_("An incident open longer than this is listed among the gaps."), .required = 1, .min = 1, .max = 3650, .def = "90" },
	{ "continuity_exercise_months", F_INT, N_("Exercise interval for continuity plans (months)"), N_("An adopted continuity plan with no held exercise within this many months is a gap."), .min = 1, .max = 120, .def = "12", .section = N_("Continuity") },
	{ "reminder_days_before", F_INT, N_("Reminder days before a due date"), N_("Each person gets at most one e-mail a day listing what of theirs in the annual wheel falls due within this many days, or is overdue. 0: only when overdue."), .min = 0, .max = 365, .def = "14", .section = N_("Annual wheel") },
	{ "classification_model_document_id", F_REF, N_("Classification model adopted in"), N_("The governing document that adopts the organisation's classification model."), .ref = &entity_governing_documents, .reverse = N_("Classification model of the organisation"), .section = N_("Governing documents") },
	{ "classification_model_decision", F_TEXT, N_("Decision on the classification model"), N_("The decision that adopted it: body, date and case number."), .max = 200 },
	{ "access_review_months", F_INT, N_("Access review interval (months)"), N_("A system classified at level 2 or higher for confidentiality or integrity with no completed access review within this many months is a gap."), .required = 1, .min = 1, .max = 120, .def = "12", .section = N_("Access reviews") },
	{ 0 }
};

static const struct field user_fields[] = {
	{ "username", F_TEXT, N_("User name"), N_("Letters, digits, dot, hyphen and underscore; used to log in."), .required = 1, .min = 2, .max = 64, .search = 1, .list = 1, .sort = 1, .unique = 1 },
	{ "person_id", F_REF, N_("Person"), N_("The person whose roles the account carries."), .ref = &entity_people, .list = 1, .filter = 1, .sort = 1, .reverse = N_("User accounts") },
	{ "lang", F_ENUM, N_("Language"), .required = 1, .options = languages, .list = 1, .filter = 1, .def = "sv" },
	{ "disabled", F_BOOL, N_("Disabled"), N_("A disabled account cannot log in or use its API tokens."), .list = 1, .filter = 1, .def = "0" },
	{ 0 }
};

const struct entity entity_organisation = {
	.name = "organisation", .table = "organisations",
	.label = N_("Organisation"), .plural = N_("Organisation"),
	.the = N_("the organisation"),
	.title_field = "name", .fields = org_fields, .grants = org_grants,
	.no_create = 1, .no_delete = 1, .no_import = 1,
	.singleton = 1,
	.menu = MENU_ADMIN,
};

const struct entity entity_users = {
	.name = "users", .table = "users", .label = N_("User account"), .plural = N_("User accounts"),
	.the = N_("the user account"), .new_title = N_("New user account"),
	.empty = N_("No user accounts yet besides the one made at installation. Add an account for each person who is to log in, then give the person a role."),
	.title_field = "username", .fields = user_fields, .grants = user_grants,
	.no_delete = 1, .no_import = 1,
	.menu = MENU_ADMIN, .panels = PANEL_PASSWORD,
};

/* Who may read the organisation-wide audit trail (a record's own history is
 * shown to everyone who may read the record). */
const struct grant audit_log_grants[] = {
	GRANT_READ(ROLE_ADMIN),
	GRANT_READ(ROLE_COORDINATOR),
	GRANT_READ(ROLE_SECURITY_CHIEF),
	GRANT_READ(ROLE_DPO),
	GRANT_READ(ROLE_AUDITOR),
	GRANTS_END
};

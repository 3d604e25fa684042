/*
 * inventory.c: the organisation's units and people, role assignments, and
 * the inventory proper — processes, information assets, systems, suppliers
 * and agreements. See docs/inventory.md for what each field means.
 */
#include <string.h>

#include "core/date.h"
#include "model/classify.h"
#include "model/entity.h"
#include "model/record.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/json.h"

/* ---- options --------------------------------------------------------- */

static const struct option unit_kinds[] = {
	{ "committee", N_("Committee (nämnd)") },
	{ "administration", N_("Administration (förvaltning)") },
	{ "department", N_("Department (avdelning)") },
	{ "section", N_("Section (enhet)") },
	{ "company", N_("Company (bolag)") },
	{ "other", N_("Other") },
	{ 0 }
};

static const struct option person_kinds[] = {
	{ "employee", N_("Employee") },
	{ "elected", N_("Elected official") },
	{ 0 }
};

const struct option personal_data_options[] = {
	{ "none", N_("No personal data") },
	{ "personal", N_("Personal data") },
	{ "sensitive", N_("Sensitive personal data") },
	{ 0 }
};

static const struct option hosting_options[] = {
	{ "own_it", N_("Own IT department") },
	{ "other_municipality", N_("Another municipality") },
	{ "federation", N_("The municipal federation") },
	{ "supplier", N_("Supplier / cloud service") },
	{ 0 }
};

static const struct option lifecycle_options[] = {
	{ "planned", N_("Planned / in procurement") },
	{ "in_use", N_("In use") },
	{ "retiring", N_("Being retired") },
	{ "retired", N_("Retired") },
	{ 0 }
};

static const struct option support_options[] = {
	{ "office", N_("Office hours") },
	{ "extended", N_("Extended hours") },
	{ "always", N_("Around the clock (24/7)") },
	{ 0 }
};

static const struct option agreement_kinds[] = {
	{ "sla", N_("Service agreement / SLA") },
	{ "dpa", N_("Data processing agreement (PUB-avtal)") },
	{ "licence", N_("Licence") },
	{ "operation", N_("Operation") },
	{ 0 }
};

static const struct option scope_options[] = {
	{ "org", N_("The whole organisation") },
	{ "unit", N_("A unit and the units below it") },
	{ "record", N_("One record") },
	{ 0 }
};

const struct option entity_role_options[] = {
	{ "admin", N_("Administrator") },
	{ "coordinator", N_("Information security coordinator") },
	{ "security_chief", N_("Security manager") },
	{ "it_chief", N_("IT manager") },
	{ "dpo", N_("Data protection officer") },
	{ "manager", N_("Chief executive / head of administration") },
	{ "information_owner", N_("Information owner") },
	{ "system_owner", N_("System owner") },
	{ "system_administrator", N_("System administrator") },
	{ "elected", N_("Elected official") },
	{ "employee", N_("Employee") },
	{ "auditor", N_("Auditor") },
	{ 0 }
};

static const struct option scoped_entities[] = {
	{ "units", N_("Unit") },
	{ "processes", N_("Process") },
	{ "information-assets", N_("Information asset") },
	{ "systems", N_("System") },
	{ "suppliers", N_("Supplier") },
	{ "agreements", N_("Agreement") },
	{ 0 }
};

/* ---- grants ---------------------------------------------------------- */

#define READERS_OVERSIGHT                                                     \
	GRANT_READ(ROLE_SECURITY_CHIEF), GRANT_READ(ROLE_DPO), GRANT_READ(ROLE_AUDITOR)
#define READERS_OWNERS                                                        \
	GRANT_READ(ROLE_INFO_OWNER), GRANT_READ(ROLE_SYSTEM_OWNER), GRANT_READ(ROLE_SYSTEM_ADMIN)
/* A head of administration reads everything and writes within their units. */
#define MANAGER_SCOPED GRANT_READ(ROLE_MANAGER), GRANT_SCOPED_WRITE(ROLE_MANAGER)

/* Units and processes: the organisation's structure, read by everyone. */
static const struct grant structure_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR), MANAGER_SCOPED,
	GRANT_READ(ROLE_IT_CHIEF), READERS_OVERSIGHT, READERS_OWNERS,
	GRANT_READ(ROLE_ELECTED), GRANT_READ(ROLE_EMPLOYEE),
	GRANTS_END
};

static const struct grant people_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR), MANAGER_SCOPED,
	GRANT_READ(ROLE_IT_CHIEF), READERS_OVERSIGHT, READERS_OWNERS,
	GRANTS_END
};

static const struct grant role_grants[] = {
	GRANT_ALL(ROLE_ADMIN),
	GRANT_READ(ROLE_COORDINATOR), READERS_OVERSIGHT,
	GRANTS_END
};

static const struct grant asset_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR), MANAGER_SCOPED,
	GRANT_READ(ROLE_INFO_OWNER),
	GRANT_OWNED(ROLE_INFO_OWNER, A_UPDATE, "owner_id"),
	GRANT_READ(ROLE_IT_CHIEF), READERS_OVERSIGHT,
	GRANT_READ(ROLE_SYSTEM_OWNER), GRANT_READ(ROLE_SYSTEM_ADMIN), GRANT_READ(ROLE_ELECTED),
	GRANTS_END
};

static const struct grant system_grants[] = {
	GRANT_ALL(ROLE_ADMIN),
	GRANT_ALL(ROLE_COORDINATOR),
	GRANT_ALL(ROLE_IT_CHIEF),
	MANAGER_SCOPED,
	GRANT_READ(ROLE_SYSTEM_OWNER),
	GRANT_OWNED(ROLE_SYSTEM_OWNER, A_UPDATE, "owner_id"),
	GRANT_READ(ROLE_SYSTEM_ADMIN),
	GRANT_OWNED(ROLE_SYSTEM_ADMIN, A_UPDATE, "administrator_id"),
	READERS_OVERSIGHT, GRANT_READ(ROLE_INFO_OWNER), GRANT_READ(ROLE_ELECTED), GRANT_READ(ROLE_EMPLOYEE),
	GRANTS_END
};

/* Suppliers and agreements belong to IT and procurement, not to a unit. */
static const struct grant supplier_grants[] = {
	GRANT_ALL(ROLE_ADMIN),
	GRANT_ALL(ROLE_COORDINATOR),
	GRANT_ALL(ROLE_IT_CHIEF),
	GRANT_READ(ROLE_MANAGER), READERS_OVERSIGHT, READERS_OWNERS, GRANT_READ(ROLE_ELECTED),
	GRANTS_END
};

/* ---- cross-field rules ----------------------------------------------- */

static void units_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			   const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e, (void)old;
	long long id = jv_get_int(rec, "id", 0);
	long long parent = jv_get_int(rec, "parent_id", 0);
	if (!parent)
		return;
	/* The new place: the parent's chain up to the top, and how deep the
	 * unit's own sub-units reach below it. */
	long long *chain;
	size_t above;
	int below = 0;
	if (store_unit_chain(st, a, org_id, parent, &chain, &above) != STORE_OK ||
	    (id && store_unit_height(st, org_id, id, &below) != STORE_OK)) {
		verr_add(errs, "parent_id", tr(lang, "The database could not be read."));
		return;
	}
	for (size_t i = 0; i < above; i++)
		if (chain[i] == id) {
			verr_add(errs, "parent_id",
				 tr(lang, "A unit cannot be placed under itself or under one of its own sub-units."));
			return;
		}
	/* Refused here rather than cut short later: every scope check walks
	 * a unit's chain, which holds at most UNIT_MAX_DEPTH levels. */
	if (above + 1 + (size_t)below > UNIT_MAX_DEPTH)
		verr_add(errs, "parent_id",
			 arena_printf(a, tr(lang, "Units can be nested at most %d levels deep; placed here, the deepest would be at level %zu."),
				      UNIT_MAX_DEPTH, above + 1 + (size_t)below));
}

/* A system cannot depend on itself (it can on a system that depends on it:
 * two systems may well need each other). Then the classification rules. */
static void systems_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			     const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	long long id = jv_get_int(rec, "id", 0);
	const struct jval *deps = jv_get(rec, "depends_on_ids");
	for (const struct jval *d = id && deps ? deps->first : NULL; d; d = d->next)
		if (d->type == J_INT && d->i == id) {
			verr_add(errs, "depends_on_ids",
				 tr(lang, "Choose another system: a system cannot depend on itself."));
			break;
		}
	classify_systems_validate(e, st, a, org_id, rec, old, errs, lang);
}

static void agreements_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
				const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)a;
	(void)e, (void)st, (void)org_id, (void)old;
	const char *start = jv_get_str(rec, "start_date");
	const char *end = jv_get_str(rec, "end_date");
	if (start && end && date_compare(start, end) > 0)
		verr_add(errs, "end_date", tr(lang, "The end date is before the start date."));
}

static void roles_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			   const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)a;
	(void)e, (void)old;
	const char *scope = jv_get_str(rec, "scope");
	long long unit = jv_get_int(rec, "unit_id", 0);
	const char *ent = jv_get_str(rec, "record_entity");
	long long rid = jv_get_int(rec, "record_id", 0);
	if (!scope)
		return;
	if (strcmp(scope, "unit") == 0 && !unit)
		verr_add(errs, "unit_id", tr(lang, "Choose the unit the role applies to."));
	if (strcmp(scope, "unit") != 0 && unit)
		verr_add(errs, "unit_id", tr(lang, "A unit is only given when the role applies to a unit."));
	if (strcmp(scope, "record") == 0) {
		if (!ent)
			verr_add(errs, "record_entity", tr(lang, "Choose the kind of record the role applies to."));
		if (!rid)
			verr_add(errs, "record_id", tr(lang, "Give the number of the record the role applies to."));
		if (ent && rid) {
			const struct entity *target = entity_find(ent);
			if (!target || !store_exists(st, target, org_id, rid))
				verr_add(errs, "record_id", tr(lang, "There is no such record."));
		}
	} else if (ent || rid) {
		verr_add(errs, "record_id", tr(lang, "A record is only given when the role applies to one record."));
	}
}

/* ---- the entities ----------------------------------------------------- */

static const struct field unit_fields[] = {
	{ "name", F_TEXT, N_("Name"), .required = 1, .max = 200, .search = 1, .list = 1, .sort = 1, .unique = 0 },
	{ "kind", F_ENUM, N_("Kind of unit"), .required = 1, .options = unit_kinds, .list = 1, .filter = 1, .sort = 1, .def = "department" },
	{ "parent_id", F_REF, N_("Part of"), N_("The unit this one belongs to. Leave empty for a top-level unit."), .ref = &entity_units, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Subunits") },
	{ "code", F_TEXT, N_("Code"), N_("Short code or cost centre, if the organisation uses one."), .max = 40, .search = 1, .list = 1, .sort = 1 },
	{ "description", F_LONGTEXT, N_("Description"), .max = 4000, .search = 1 },
	{ 0 }
};

static const struct field people_fields[] = {
	{ "name", F_TEXT, N_("Name"), .required = 1, .max = 200, .search = 1, .list = 1, .sort = 1 },
	{ "email", F_EMAIL, N_("E-mail"), .max = 254, .search = 1, .list = 1, .sort = 1, .unique = 1 },
	{ "title", F_TEXT, N_("Title"), N_("Job title or assignment, e.g. head of social services."), .max = 200, .search = 1, .list = 1, .sort = 1 },
	{ "unit_id", F_REF, N_("Unit"), .ref = &entity_units, .list = 1, .filter = 1, .sort = 1, .reverse = N_("People in the unit") },
	{ "kind", F_ENUM, N_("Employee or elected official"), .required = 1, .options = person_kinds, .list = 1, .filter = 1, .sort = 1, .def = "employee" },
	{ "active", F_BOOL, N_("Active"), N_("Inactive people keep their history but cannot be given new responsibilities."), .list = 1, .filter = 1, .sort = 1, .def = "1" },
	{ 0 }
};

static const struct field role_fields[] = {
	{ "person_id", F_REF, N_("Person"), .required = 1, .ref = &entity_people, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Roles") },
	{ "role", F_ENUM, N_("Role"), .required = 1, .options = entity_role_options, .list = 1, .filter = 1, .sort = 1 },
	{ "scope", F_ENUM, N_("Applies to"), .required = 1, .options = scope_options, .list = 1, .filter = 1, .sort = 1, .def = "org" },
	{ "unit_id", F_REF, N_("Unit"), N_("Only when the role applies to a unit."), .ref = &entity_units, .list = 1, .filter = 1, .reverse = N_("Roles held for the unit") },
	{ "record_entity", F_ENUM, N_("Kind of record"), N_("Only when the role applies to one record."), .options = scoped_entities, .list = 1 },
	{ "record_id", F_INT, N_("Record number"), N_("Only when the role applies to one record: the number shown on the record."), .min = 1, .max = 9007199254740991LL, .list = 1 },
	{ "note", F_TEXT, N_("Decision or note"), N_("For example the decision that appointed the person."), .max = 500, .search = 1 },
	{ 0 }
};

static const struct field process_fields[] = {
	{ "name", F_TEXT, N_("Name"), .required = 1, .max = 200, .search = 1, .list = 1, .sort = 1 },
	{ "unit_id", F_REF, N_("Owning unit"), .ref = &entity_units, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Processes of the unit") },
	{ "critical", F_BOOL, N_("Essential public service (samhällsviktig)"), N_("A loss or severe disruption could quickly lead to a serious crisis, or the process is needed to manage one."), .list = 1, .filter = 1, .sort = 1, .def = "0" },
	{ "description", F_LONGTEXT, N_("Description"), .max = 8000, .search = 1 },
	{ "owner_id", F_REF, N_("Process owner"), N_("Answers for the process and keeps its continuity records: dependencies and continuity plans."), .ref = &entity_people, .reverse = N_("Processes they own"), .filter = 1, .sort = 1 },
	{ "mtd_hours", F_INT, N_("Maximum tolerable downtime (hours)"), N_("Längsta acceptabla avbrottstid (MTD): how many hours the process can be down before the consequences become unacceptable."), .min = 0, .max = 87600, .list = 1, .sort = 1, .section = N_("Continuity") },
	{ "min_service_level", F_LONGTEXT, N_("Minimum level of service"), N_("What the process must still deliver during a disruption, e.g. medication rounds on paper."), .max = 4000, .search = 1 },
	{ "mtd_decided_by", F_REF, N_("Downtime decided by"), .ref = &entity_people, .reverse = N_("Maximum tolerable downtimes they decided") },
	{ "mtd_decided_on", F_DATE, N_("Downtime decided on"), .sort = 1 },
	{ 0 }
};

static const struct field asset_fields[] = {
	{ "name", F_TEXT, N_("Name"), .required = 1, .max = 200, .search = 1, .list = 1, .sort = 1, .section = N_("About the information") },
	{ "unit_id", F_REF, N_("Owning unit"), .ref = &entity_units, .reverse = N_("Information the unit owns"), .list = 1, .filter = 1, .sort = 1, .section = N_("Responsibility") },
	{ "owner_id", F_REF, N_("Information owner"), N_("Accountable for the information: sets its protection through classification and owns its risks."), .ref = &entity_people, .reverse = N_("Information they own"), .list = 1, .filter = 1, .sort = 1 },
	{ "process_ids", F_REFS, N_("Processes"), N_("The processes in which the information is used."), .ref = &entity_processes, .reverse = N_("Information used in the process"), .link_table = "asset_processes", .section = N_("Use and protection") },
	{ "personal_data", F_ENUM, N_("Personal data"), .required = 1, .options = personal_data_options, .list = 1, .filter = 1, .sort = 1, .def = "none" },
	{ "legal_basis", F_TEXT, N_("Secrecy or legal basis"), N_("For example the chapter of the Public Access to Information and Secrecy Act (OSL) that applies."), .max = 500, .search = 1 },
	{ "description", F_LONGTEXT, N_("Description"), .max = 8000, .search = 1 },
	{ 0 }
};

static const struct field system_fields[] = {
	{ "name", F_TEXT, N_("Name"), .required = 1, .max = 200, .search = 1, .list = 1, .sort = 1, .section = N_("About the system") },
	{ "purpose", F_LONGTEXT, N_("Purpose"), .max = 4000, .search = 1 },
	{ "unit_id", F_REF, N_("Owning unit"), .ref = &entity_units, .reverse = N_("Systems the unit owns"), .list = 1, .filter = 1, .sort = 1, .section = N_("Responsibility") },
	{ "owner_id", F_REF, N_("System owner"), N_("Has overall responsibility for the system and its protection."), .ref = &entity_people, .reverse = N_("Systems they own"), .list = 1, .filter = 1, .sort = 1 },
	{ "administrator_id", F_REF, N_("System administrator"), N_("Runs the system day to day (systemförvaltare)."), .ref = &entity_people, .reverse = N_("Systems they administer"), .list = 1, .filter = 1, .sort = 1 },
	{ "supplier_id", F_REF, N_("Supplier"), .ref = &entity_suppliers, .reverse = N_("Systems from the supplier"), .filter = 1, .sort = 1 },
	{ "hosting", F_ENUM, N_("Hosting"), .options = hosting_options, .filter = 1, .sort = 1, .section = N_("Operation and support") },
	{ "users_count", F_INT, N_("Number of users"), .min = 0, .max = 10000000, .sort = 1 },
	{ "lifecycle", F_ENUM, N_("Lifecycle"), .required = 1, .options = lifecycle_options, .list = 1, .filter = 1, .sort = 1, .def = "in_use" },
	{ "support_hours", F_ENUM, N_("Support hours"), .options = support_options, .filter = 1, .sort = 1 },
	{ "after_hours_agreement", F_BOOL, N_("After-hours support agreement"), .filter = 1, .def = "0" },
	{ "ot", F_BOOL, N_("Industrial control system (OT)"), N_("Controls physical processes, e.g. water, heating or building automation."), .filter = 1, .def = "0" },
	{ "information_asset_ids", F_REFS, N_("Information processed"), .ref = &entity_information_assets, .reverse = N_("Systems that process the information"), .link_table = "system_information", .section = N_("Information and dependencies") },
	{ "depends_on_ids", F_REFS, N_("Depends on systems"), N_("Other systems this one needs in order to work."), .ref = &entity_systems, .reverse = N_("Systems that depend on this one"), .link_table = "system_dependencies" },
	{ "rto_hours", F_INT, N_("Recovery time objective (hours)"), N_("RTO: within how many hours the system is to be working again after a disruption. It must not exceed the maximum tolerable downtime of the processes that depend on it."), .min = 0, .max = 87600, .sort = 1, .section = N_("Continuity") },
	{ "rpo_hours", F_INT, N_("Recovery point objective (hours)"), N_("RPO: how many hours of data the organisation can afford to lose, which sets how often backups are taken."), .min = 0, .max = 87600, .sort = 1 },
	{ 0 }
};

static const struct field supplier_fields[] = {
	{ "name", F_TEXT, N_("Name"), .required = 1, .max = 200, .search = 1, .list = 1, .sort = 1 },
	{ "org_number", F_TEXT, N_("Organisation number"), N_("Ten digits, as NNNNNN-NNNN. Leave empty for a supplier without a Swedish organisation number."), .max = 20, .orgnr = 1, .search = 1, .list = 1, .sort = 1 },
	{ "contact", F_TEXT, N_("Contact person"), .max = 200, .search = 1, .list = 1 },
	{ "email", F_EMAIL, N_("E-mail"), .max = 254, .search = 1, .list = 1 },
	{ "phone", F_TEXT, N_("Telephone"), .max = 40 },
	{ "notes", F_LONGTEXT, N_("Notes"), .max = 4000, .search = 1 },
	{ 0 }
};

static const struct field agreement_fields[] = {
	{ "name", F_TEXT, N_("Name"), .required = 1, .max = 200, .search = 1, .list = 1, .sort = 1, .section = N_("The agreement") },
	{ "supplier_id", F_REF, N_("Supplier"), .required = 1, .ref = &entity_suppliers, .list = 1, .filter = 1, .sort = 1 },
	{ "kind", F_ENUM, N_("Type of agreement"), .required = 1, .options = agreement_kinds, .list = 1, .filter = 1, .sort = 1 },
	{ "standard_contract", F_BOOL, N_("Supplier's standard contract"), N_("The supplier's own terms rather than terms the organisation set."), .filter = 1, .def = "0" },
	{ "support_hours", F_ENUM, N_("Support hours"), .options = support_options, .filter = 1, .sort = 1, .section = N_("Terms and period") },
	{ "start_date", F_DATE, N_("Start date"), .sort = 1 },
	{ "end_date", F_DATE, N_("End date"), .list = 1, .sort = 1 },
	{ "responsible_id", F_REF, N_("Responsible"), .ref = &entity_people, .reverse = N_("Agreements they are responsible for"), .list = 1, .filter = 1, .sort = 1, .section = N_("Responsibility and scope") },
	{ "system_ids", F_REFS, N_("Systems covered"), .ref = &entity_systems, .reverse = N_("Agreements covering the system"), .link_table = "agreement_systems" },
	{ "reference", F_TEXT, N_("Reference number"), N_("Registration number (diarienummer) or the supplier's contract number."), .max = 100, .search = 1,
	  .section = N_("Reference and notes") },
	{ "notes", F_LONGTEXT, N_("Notes"), .max = 4000, .search = 1 },
	{ 0 }
};

const struct entity entity_units = {
	.name = "units", .table = "units", .label = N_("Unit"), .plural = N_("Units"),
	.the = N_("the unit"), .new_title = N_("New unit"),
	.empty = N_("No units yet. Start with the highest level, for example the municipal executive board, and add the units below it."),
	.title_field = "name", .fields = unit_fields, .unit_field = "id",
	.grants = structure_grants, .validate = units_validate,
	.menu = MENU_INVENTORY, .overview = 1, .tree_parent = "parent_id",
};

const struct entity entity_people = {
	.name = "people", .table = "people", .label = N_("Person"), .plural = N_("People"),
	.the = N_("the person"), .new_title = N_("New person"),
	.empty = N_("No people yet. Add the people who own systems and information, starting with the information security coordinator."),
	.title_field = "name", .fields = people_fields, .unit_field = "unit_id",
	.grants = people_grants,
	.menu = MENU_INVENTORY, .overview = 1, .active_field = "active",
};

const struct entity entity_role_assignments = {
	.name = "role-assignments", .table = "role_assignments",
	.label = N_("Role assignment"), .plural = N_("Role assignments"),
	.the = N_("the role assignment"), .new_title = N_("New role assignment"),
	.empty = N_("No roles given yet. Give the information security coordinator their role first, then the system and information owners theirs."),
	.title_field = "role", .fields = role_fields, .grants = role_grants,
	.validate = roles_validate, .default_sort = "person_id",
	.menu = MENU_ADMIN, .title_prefix = "person_id",
};

const struct entity entity_processes = {
	.name = "processes", .table = "processes", .label = N_("Process"), .plural = N_("Processes"),
	.the = N_("the process"), .new_title = N_("New process"),
	.empty = N_("No processes yet. Add the organisation's main processes, for example those of each administration."),
	.title_field = "name", .fields = process_fields, .unit_field = "unit_id",
	.grants = structure_grants,
	.menu = MENU_INVENTORY, .overview = 1,
};

const struct entity entity_information_assets = {
	.name = "information-assets", .table = "information_assets",
	.label = N_("Information asset"), .plural = N_("Information assets"),
	.the = N_("the information asset"), .new_title = N_("New information asset"),
	.empty = N_("No information assets yet. Add the information each unit handles, for example case files or personnel records."),
	.title_field = "name", .fields = asset_fields, .unit_field = "unit_id",
	.grants = asset_grants,
	.menu = MENU_INVENTORY, .overview = 1, .panels = PANEL_CLASSIFICATION | PANEL_CADENCE,
};

const struct entity entity_systems = {
	.name = "systems", .table = "systems", .label = N_("System"), .plural = N_("Systems"),
	.the = N_("the system"), .new_title = N_("New system"),
	.empty = N_("No systems yet. Add the systems the units use, with their system owner, or import them from a spreadsheet."),
	.title_field = "name", .fields = system_fields, .unit_field = "unit_id",
	.grants = system_grants, .validate = systems_validate,
	.menu = MENU_INVENTORY, .overview = 1, .panels = PANEL_SYSTEM_CLASS | PANEL_CADENCE | PANEL_IMPACT,
};

const struct entity entity_suppliers = {
	.name = "suppliers", .table = "suppliers", .label = N_("Supplier"), .plural = N_("Suppliers"),
	.the = N_("the supplier"), .new_title = N_("New supplier"),
	.empty = N_("No suppliers yet. Add the suppliers of your systems and services."),
	.title_field = "name", .fields = supplier_fields, .grants = supplier_grants,
	.menu = MENU_INVENTORY, .overview = 1,
};

const struct entity entity_agreements = {
	.name = "agreements", .table = "agreements", .label = N_("Agreement"), .plural = N_("Agreements"),
	.the = N_("the agreement"), .new_title = N_("New agreement"),
	.empty = N_("No agreements yet. Add the agreements with your suppliers, such as data processing agreements."),
	.title_field = "name", .fields = agreement_fields, .grants = supplier_grants,
	.validate = agreements_validate,
	.menu = MENU_INVENTORY, .overview = 1,
};

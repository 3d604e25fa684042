/*
 * entity: the registry. Each record type is declared once, as data, and the
 * list, detail page, form, JSON API, OpenAPI schema, CSV/XLSX columns, import
 * validation, audit diff and permission check are all derived from it.
 *
 * Every table also has the columns id, org_id, created_at, updated_at and
 * search (the folded text of the .search fields); those are not declared
 * here. See docs/internals/registry.md.
 */
#ifndef TILLIT_ENTITY_H
#define TILLIT_ENTITY_H

#include <stddef.h>

#include "core/access.h"

enum ftype {
	F_TEXT,     /* one line of text */
	F_LONGTEXT, /* several lines */
	F_INT,      /* integer within [min, max] */
	F_BOOL,     /* yes/no */
	F_ENUM,     /* one of .options */
	F_DATE,     /* YYYY-MM-DD */
	F_EMAIL,    /* an e-mail address */
	F_REF,      /* id of a record of entity .ref; column <name> */
	F_REFS,     /* ids of records of entity .ref, kept in a link table */
	F_DATETIME, /* an instant, stored in UTC as "YYYY-MM-DDTHH:MM:SSZ"; the API
		       takes RFC 3339 with any offset, forms and files also a
		       local time in the organisation's time zone */
};

/* What an F_INT field's numbers mean, for forms that show the level's
 * name and description rather than a bare number (web/ fetches the
 * names: the organisation's classification levels, or the scale of the
 * risk method a risk is analysed with). */
enum fscale {
	SCALE_NONE,
	SCALE_CLASSIFICATION, /* a classification level (core/classify.h) */
	SCALE_LIKELIHOOD,     /* a likelihood level of the analysis's risk method */
	SCALE_CONSEQUENCE,    /* a consequence level of the analysis's risk method */
};

struct option {
	const char *value; /* stored and used in the API */
	const char *label; /* msgid */
};

struct field {
	const char *name;  /* column and JSON name: English snake_case */
	enum ftype type;
	const char *label; /* msgid */
	const char *help;  /* msgid or NULL: shown under the form control */
	unsigned required : 1;
	unsigned search : 1; /* folded into the search column */
	unsigned list : 1;   /* a column in the list view */
	unsigned filter : 1; /* offered as a filter in lists and the API */
	unsigned sort : 1;   /* lists can sort on it */
	unsigned hidden : 1; /* not in forms, CSV or the API (set by code) */
	unsigned unique : 1; /* no two records in the organisation share a value */
	unsigned readonly : 1; /* shown and exported, never written by users
				  (set by code, e.g. from a shipped catalogue) */
	unsigned author : 1; /* F_REF to people, with readonly: set on create to
				the person of whoever creates the record */
	unsigned shipped : 1; /* text Tillit seeds in Swedish (the classification
				 levels, the default risk method): shown in the
				 reader's language while it is still the shipped
				 text (model/catalogue.h catalogue_shipped_text) */
	unsigned orgnr : 1;  /* F_TEXT: a Swedish organisationsnummer, checked
				with its check digit (core/ident.h) when given
				or changed */
	unsigned set : 1;    /* F_TEXT with .options: a set of the options'
				values, written "K, T" (forms: check boxes) */
	unsigned scale : 2;  /* F_INT: enum fscale (forms: named levels) */
	long long min, max;  /* F_TEXT/F_LONGTEXT: max characters; F_INT: range */
	const struct option *options; /* F_ENUM, ending with { 0 } */
	const struct entity *ref; /* F_REF/F_REFS: the entity referred to */
	/* F_REF: forms offer only the records whose field ref_where[0] has
	 * the value ref_where[1] (an assessment on the organisation offers the
	 * requirements on the organisation); validation decides the rest. */
	const char *ref_where[2];
	const char *link_table; /* F_REFS: table (from_id, to_id) */
	const char *def;        /* default for new records, as form text;
				   "today" for an F_DATE: the day it is made;
				   "now" for an F_DATETIME: the minute it is made */
	/* F_REF/F_REFS: msgid naming, on the referred record's page, the
	 * records that refer to it through this field ("Subunits", "Systems
	 * that process the information"); NULL: the entity's plural. */
	const char *reverse;
	/* msgid or NULL: forms put a heading before this field, and group it
	 * and the fields after it (up to the next .section) under it. */
	const char *section;
	/* With .readonly: the field records who or when the field named here
	 * was last changed (a decision's maker and time): an F_REF to people
	 * gets the acting person, an F_DATETIME the time, an F_DATE the day,
	 * whenever that field's value changes. */
	const char *stamp;
};

/* Grant table entries, for the registry's files. */
#define GRANT_ALL(r) { r, A_ALL, G_ALL, NULL }          /* every action on every record */
#define GRANT_READ(r) { r, A_READ, G_ALL, NULL }        /* reads every record */
#define GRANT_SCOPED_WRITE(r) { r, A_WRITE, G_SCOPED, NULL } /* writes inside its scope */
#define GRANT_OWNED(r, actions, field) { r, actions, G_OWNED, field } /* what it owns */
#define GRANT_FLAGGED(r, actions, field) { r, actions, G_FLAG, field } /* records whose yes/no field is yes */
#define GRANTS_END { ROLE_NONE, 0, G_ALL, NULL }
/* The roles that read the security work without changing it. */
#define GRANT_READERS                                                                              \
	GRANT_READ(ROLE_SECURITY_CHIEF), GRANT_READ(ROLE_IT_CHIEF), GRANT_READ(ROLE_DPO),           \
	GRANT_READ(ROLE_MANAGER), GRANT_READ(ROLE_INFO_OWNER), GRANT_READ(ROLE_SYSTEM_OWNER),       \
	GRANT_READ(ROLE_SYSTEM_ADMIN), GRANT_READ(ROLE_AUDITOR)

struct entity;

/* Cross-field rules for one record. rec holds the record as it would be
 * stored, old the record as it is (NULL for a new one); add an error for
 * each violated rule (messages in arena a, which outlives errs). Rules
 * live in core/. */
struct jval;
struct verrors;
struct store;
struct arena;
typedef void (*entity_validate_fn)(const struct entity *e, struct store *st, struct arena *a,
				   long long org_id, const struct jval *rec,
				   const struct jval *old, struct verrors *errs, int lang);

/* Reasons record old may not be deleted beyond other records referring to
 * it (a decision stays, as history): add an error for each. */
typedef void (*entity_validate_delete_fn)(const struct entity *e, struct store *st, struct arena *a,
					  long long org_id, const struct jval *old, struct verrors *errs,
					  int lang);

/* Fill the fields computed from others (a risk's value and band) into
 * rec, the record as it would be stored, before it is validated; old is
 * the record as it is (NULL for a new one). */
typedef void (*entity_prepare_fn)(const struct entity *e, struct store *st, struct arena *a,
				  long long org_id, struct jval *rec, const struct jval *old);

/* What a change sets off in other records (a measure marked done fulfils
 * its requirements), inside the same transaction, after the change itself
 * is written and audited. rec is the record as stored (with "id"), old as
 * it was (NULL for a new one). Returns a REC_ code; anything but REC_OK
 * undoes the whole change. */
struct rctx;
typedef int (*entity_after_fn)(struct rctx *c, const struct entity *e, long long id,
			       const struct jval *rec, const struct jval *old);

/* Where an entity's list is reached from the menu: the sections follow
 * the steps of the work (in entity_all order within a section; web/page.c
 * adds the pages that are not an entity's list, such as the overview and
 * the action plan). A new entity names its section here and lands in the
 * menu without any change in web/. */
enum menu_section {
	MENU_NONE,           /* not in the menu (reached from other pages) */
	MENU_OVERVIEW,       /* the overview and one's own tasks */
	MENU_INVENTORY,      /* the inventory: systems, information, processes, ... */
	MENU_CLASSIFICATION, /* classifications, decisions, requirements, levels */
	MENU_RISK,           /* risk analyses, risks, measures, methods */
	MENU_INCIDENTS,      /* incidents, their reports and escalation */
	MENU_CONTINUITY,     /* continuity plans, exercises, impact */
	MENU_GOVERNANCE,     /* governing documents, training, access reviews,
				goals, meetings, internal control, the annual wheel */
	MENU_FOLLOWUP,       /* gaps, the action plan, the SoA, the risk picture */
	MENU_ADMIN,          /* administration: accounts, roles, the organisation */
	MENU_COUNT
};

/* Panels a record page shows beside the record's fields (web/ draws
 * each; an entity names the ones that apply to it). */
enum {
	PANEL_CLASSIFICATION = 1, /* an asset's classification and its history */
	PANEL_SYSTEM_CLASS = 2,   /* a system's classification, decisions, plan */
	PANEL_SOA = 4,            /* an SoA entry's coverage and evidence */
	PANEL_ANALYSES = 8,       /* a risk analysis's risks, scope, comments */
	PANEL_CADENCE = 16,       /* when the record is next to be analysed */
	PANEL_PASSWORD = 32,      /* an account's password (set by an administrator) */
	PANEL_INCIDENT = 64,      /* an incident's deadlines, report texts, timeline, notices */
	PANEL_IMPACT = 128,       /* what a system's failure takes down (web/ui_continuity.c) */
	PANEL_FINDING = 256,      /* an exercise finding's measures, and making one */
	PANEL_ATTENDANCE = 2048,  /* a training session's attendance import (web/ui_training.c) */
	PANEL_DOCUMENT = 512,     /* a governing document's current version and
				     acknowledgement (web/ui_documents.c) */
	PANEL_DOC_VERSION = 1024, /* a document version's file */
	PANEL_ORG_ASSESSMENT = 4096, /* an organisation assessment: what is assessed, its evidence files (web/ui_files.c) */
};

/*
 * A record that is decided (a classification, an analysis, the acceptance
 * of a residual risk). The decide action (web/ui_decide.c) sets by to the
 * user's person, on to today and status to "decided"; a decided record
 * no longer changes and is never deleted (record.c refuses both, with
 * kept as the reason), so a later decision is a new record.
 */
struct decision {
	const char *status; /* F_ENUM field, decided when "decided"; NULL: decided once by is given */
	const char *by;     /* F_REF to people: who decided */
	const char *on;     /* F_DATE: when */
	const char *verb;   /* msgid: the action ("Decide", "Accept the residual risk") */
	const char *kept;   /* msgid: why a decided record no longer changes */
};

struct entity {
	const char *name;   /* URL segment and API name, e.g. "information-assets" */
	const char *table;  /* SQL table */
	const char *label;  /* msgid, singular: "System" */
	const char *plural; /* msgid: "Systems" */
	/* The words a sentence about one record needs (msgids), since Swedish
	 * inflects the noun by gender and definiteness: the definite form in
	 * lower case ("the system": "systemet", for "Systemet Lifecare har
	 * ändrats" and "Ändra systemet Lifecare"), and the title of the form
	 * for a new record ("New system": "Nytt system"). */
	const char *the;
	const char *new_title;
	/* What an empty list says to do first (msgid): "No units yet. Start
	 * with the highest level, ..." */
	const char *empty;
	const char *title_field; /* the field that names a record */
	const struct field *fields; /* ending with { 0 } */
	/* For unit-scoped grants: the field naming the owning unit; "id" for
	 * the units entity itself; NULL when records have no unit. */
	const char *unit_field;
	const struct grant *grants; /* ending with { .role = ROLE_NONE } */
	entity_validate_fn validate;
	entity_validate_delete_fn validate_delete;
	entity_prepare_fn prepare;
	entity_after_fn after_write;
	const char *default_sort; /* field name; NULL = title_field */
	unsigned default_desc : 1; /* lists start with default_sort descending (newest first) */
	/* For records that belong to another record (a classification to its
	 * information asset): the F_REF field naming that record. Permission
	 * is then decided on it — its owner fields, its unit, a role on it —
	 * under this entity's grants, and a G_OWNED grant may create. */
	const char *scope_via;
	unsigned no_create : 1;   /* records are not created through the UI/API */
	unsigned no_delete : 1;
	unsigned no_import : 1;
	/* What the web interface needs, declared here so that a new entity
	 * touches no file in web/. */
	unsigned menu : 4;        /* enum menu_section */
	unsigned overview : 1;    /* counted on the overview */
	unsigned singleton : 1;   /* one record per organisation (the organisation
				     itself): no list, pages at /<name> */
	unsigned panels;          /* PANEL_* */
	/* A yes/no field that, when no, keeps the record from being given new
	 * responsibilities (a person who has left), or NULL. */
	const char *active_field;
	/* The field naming the record above this one, when records form a
	 * tree (units): the list shows the tree. */
	const char *tree_parent;
	/* A reference field whose title goes before the record's own title
	 * ("Anna Andersson: System owner"), or NULL. */
	const char *title_prefix;
	/* How forms offer records of this entity to choose among: grouped by
	 * the options of this F_ENUM field (a fieldset per framework), or
	 * NULL; and a text shown after the title ("5.1 Policies for ..."),
	 * from this field, or its _en twin for English readers when given. */
	const char *choice_group;
	const char *choice_detail, *choice_detail_en;
	/* Records that are decided, and how (NULL: none are). */
	const struct decision *decision;
	/* What the API adds to one record it gives (an incident's deadlines),
	 * or NULL. row is the record as read, with "id". */
	void (*api_extra)(struct rctx *c, const struct entity *e, struct jval *row);
	/* Its OpenAPI description: a JSON object of the properties it adds
	 * (read-only), or NULL. */
	const char *api_extra_schema;
};

/* All entities, NULL-terminated, in menu order. */
extern const struct entity *const entity_all[];

/* Each entity by name, for references between them in code and in the
 * registry (.ref = &entity_people): a misspelt one fails to compile. */
extern const struct entity entity_organisation, entity_units, entity_people, entity_role_assignments,
	entity_processes, entity_information_assets, entity_systems, entity_suppliers, entity_agreements,
	entity_users, entity_classification_levels, entity_classifications, entity_system_classifications,
	entity_requirements, entity_soa_entries, entity_plan_items, entity_risk_methods, entity_risk_analyses,
	entity_risks, entity_measures, entity_risk_triggers, entity_risk_comments,
	entity_incident_categories, entity_incident_severities, entity_significance_criteria,
	entity_report_recipients, entity_incidents, entity_incident_events, entity_incident_reports;
extern const struct entity entity_escalation_rules, entity_incident_notices;
/* Continuity (model/continuity.c). */
extern const struct entity entity_dependencies, entity_continuity_plans, entity_exercises,
	entity_exercise_findings;
/* Training (model/training.c). */
extern const struct entity entity_trainings, entity_training_sessions, entity_terms_of_office,
	entity_training_requirements;
/* Goals, the security function, meetings and internal control (model/goals.c, model/meetings.c). */
extern const struct entity entity_goals, entity_indicators, entity_indicator_values, entity_security_function,
	entity_meetings, entity_meeting_decisions, entity_control_points, entity_control_results;
/* The annual wheel (model/wheel.c). */
extern const struct entity entity_recurring_activities, entity_calendar_feeds;
/* Governing documents (model/documents.c). */
extern const struct entity entity_governing_documents, entity_document_versions, entity_document_adoptions,
	entity_required_documents;
/* Assessments of the requirements on the organisation (model/org_requirements.c). */
extern const struct entity entity_org_assessments;
/* The roles, as the role field of an assignment lists them. */
struct option;
extern const struct option entity_role_options[];
/* Access reviews (model/access_review.c). */
extern const struct entity entity_access_reviews, entity_access_review_accounts;

/* The entity with that name (e.g. "systems"), or NULL. */
const struct entity *entity_find(const char *name);
/* The field with that name in e, or NULL. */
const struct field *entity_field(const struct entity *e, const char *name);
/* The label of enum value v of field f (msgid), or NULL when v is unknown. */
const char *field_option_label(const struct field *f, const char *v);

#endif

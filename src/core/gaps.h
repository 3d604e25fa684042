/*
 * gaps: what the inventory is missing, as the auditors would find it.
 *
 * Pure rules over plain arrays (loaded by model/gaps.c). Retired systems
 * are left out of every rule; "in use" means lifecycle in_use; a system
 * "runs" when it is in use or being retired — only running systems support
 * a process or carry a dependency (a planned one does not yet).
 *
 *  system_without_owner          a system (not retired) with no system owner
 *  system_without_administrator  a system (not retired) with no system administrator
 *  asset_without_owner           an information asset with no information owner
 *  system_without_information    a system (not retired) processing no registered information asset
 *  critical_process_without_system  an essential (samhällsviktig) process that no
 *                                running system supports (none processes its information)
 *  agreement_ended               a system in use covered by an agreement whose end
 *                                date has passed (one gap per system and agreement)
 *  office_hours_for_critical     a system in use with office-hours support that an
 *                                essential process depends on — directly (it
 *                                processes the process's information) or through
 *                                running systems that depend on it (Lessebo's finding)
 *
 * Classification (see core/classify.h; "classified" means a decided
 * classification):
 *  asset_not_classified          an information asset never classified
 *  classification_outdated       an asset whose current classification is older
 *                                than the review interval (date: when it was due)
 *  system_not_classified         a running system with no classified information
 *                                and no decision of its own
 *  procurement_not_classified    the same for a planned system (in procurement):
 *                                classify before procuring
 *  requirement_overdue           an action-plan item of a system that is not retired,
 *                                neither fulfilled nor not applicable, past its due
 *                                date, for an active requirement (other: the
 *                                requirement; date: the due date); oldest due
 *                                date first
 *  encryption_at_rest_missing    a system (not retired) at confidentiality 3 or
 *                                more whose encryption-at-rest requirement
 *                                (REQ_ENCRYPTION_AT_REST, if active) is not
 *                                assessed as fulfilled
 *  control_excluded_unjustified  an Annex A control marked not applicable with no
 *                                justification
 *
 * Risk analysis (a system or asset is "analysed" by a *decided* analysis):
 *  system_not_analysed           a running system with no decided analysis of it
 *  asset_not_analysed            an information asset that no decided analysis
 *                                covers: none of a system that processes it,
 *                                and no risk of a decided analysis names it
 *  analysis_overdue              a running system or an information asset whose
 *                                next analysis (core/risk.h risk_next_analysis:
 *                                12 months when classified 3 or more, else 36;
 *                                at once after a trigger: a raised
 *                                classification, a significant change, a serious
 *                                incident) is past (due: when; other: the
 *                                trigger's record, if any)
 *  risk_without_measure          a risk in its method's top band, to be reduced,
 *                                with no measure (cancelled ones do not count)
 *  measure_overdue               a planned or ongoing measure past its due date
 *  residual_risk_not_accepted    a risk of a decided analysis whose residual risk
 *                                no one has accepted (avoided risks excepted)
 *  shared_it_not_analysed        no decided analysis of the shared IT environment
 *  infrastructure_not_analysed   no decided analysis of the IT infrastructure
 *                                (these two: entity "risk-analyses", id 0)
 */
#ifndef TILLIT_GAPS_H
#define TILLIT_GAPS_H

#include <stddef.h>

#include "core/classify.h"
#include "core/graph.h"

/* The catalogue's encryption-at-rest requirement (data/requirements.csv). */
#define REQ_ENCRYPTION_AT_REST "CRY-02"

enum gap_kind {
	GAP_SYSTEM_NO_OWNER,
	GAP_SYSTEM_NO_ADMINISTRATOR,
	GAP_ASSET_NO_OWNER,
	GAP_SYSTEM_NO_INFORMATION,
	GAP_CRITICAL_PROCESS_NO_SYSTEM,
	GAP_AGREEMENT_ENDED,
	GAP_OFFICE_HOURS_CRITICAL,
	GAP_ASSET_NOT_CLASSIFIED,
	GAP_CLASSIFICATION_OUTDATED,
	GAP_SYSTEM_NOT_CLASSIFIED,
	GAP_PROCUREMENT_NOT_CLASSIFIED,
	GAP_REQUIREMENT_OVERDUE,
	GAP_ENCRYPTION_AT_REST,
	GAP_CONTROL_UNJUSTIFIED,
	GAP_SYSTEM_NOT_ANALYSED,
	GAP_ASSET_NOT_ANALYSED,
	GAP_ANALYSIS_OVERDUE,
	GAP_RISK_NO_MEASURE,
	GAP_MEASURE_OVERDUE,
	GAP_RESIDUAL_NOT_ACCEPTED,
	GAP_SHARED_IT_NOT_ANALYSED,
	GAP_INFRASTRUCTURE_NOT_ANALYSED,
	GAP_KIND_COUNT
};

enum gap_lifecycle { GL_PLANNED, GL_IN_USE, GL_RETIRING, GL_RETIRED };

struct gap_system {
	long long id;
	const char *name;
	long long owner_id, administrator_id; /* 0 = none */
	enum gap_lifecycle lifecycle;
	int office_hours; /* support hours are office hours */
	struct levels decision; /* the latest decision on it; all LEVEL_UNSET if none */
	const char *last_raise; /* the date of that decision, or NULL */
};

struct gap_asset {
	long long id;
	const char *name;
	long long owner_id;
	struct levels lv;       /* current classification; all LEVEL_UNSET if none */
	const char *decided_on; /* its date, or NULL */
	long long unit_id;      /* 0 = none */
	/* The date of the current classification when it raised an aspect
	 * over the decision before it (or was the first), else NULL. */
	const char *raised_on;
};

/* 1 when the system runs: in use, or in use while being retired. */
int gap_system_running(const struct gap_system *s);

enum gap_assessment { GA_NOT_FULFILLED, GA_PARTLY, GA_FULFILLED, GA_NOT_APPLICABLE };

/* An assessment as stored ("fulfilled", ...); GA_NOT_FULFILLED when NULL or
 * unknown. */
enum gap_assessment gap_assessment_from_code(const char *code);
/* 1 when an action-plan item is still open (neither fulfilled nor not
 * applicable) and its due date ("YYYY-MM-DD" or NULL) is before today. */
int gap_item_overdue(enum gap_assessment a, const char *due, const char *today);

struct gap_plan_item {
	long long system_id;
	long long requirement_id;
	const char *requirement; /* its code */
	int requirement_active;
	enum gap_assessment assessment;
	const char *due_date;    /* or NULL */
	long long responsible_id; /* 0 = none */
	long long id;
};

struct gap_control {
	long long id;
	const char *name; /* "5.23 …" */
	const char *framework; /* "iso27001", "cis8", "nis2" */
	int applicable;
	int justified;    /* a justification is written */
};

/* A requirement of the catalogue (for the SoA's coverage, core/soa.h). */
struct gap_requirement {
	long long id;
	const char *code;
	enum aspect aspect;
	int min_level;
	int active;
	/* Its wording, for the pages that list requirements from the
	 * snapshot (the action plan, procurement): [0] Swedish, [1]
	 * English (NULL when missing). */
	const char *title[2], *current[2], *procurement[2];
};

enum gap_scope { GS_SYSTEM, GS_PROCESS, GS_UNIT, GS_SHARED_IT, GS_INFRASTRUCTURE };

struct gap_analysis {
	long long id;
	const char *name;
	enum gap_scope scope;
	long long system_id; /* scope GS_SYSTEM, else 0 */
	int decided;
	const char *date;    /* the decision's date, else the analysis's */
	const char *analysed_on;
	long long subject;   /* what it analyses: the system, process or unit; 0
				for the shared IT environment and the infrastructure */
	long long unit_id;   /* its unit, the system's or the process's; 0 = none */
};

struct gap_risk {
	long long id;
	const char *name;
	long long analysis_id;
	long long method_id; /* the analysis's method version */
	int value;
	int reduce, avoid;   /* its treatment */
	int accepted;        /* its residual risk is accepted */
	int likelihood, consequence;
	const char *band;    /* its band's name in its method, or NULL */
};

/* Where each method version's top band starts. */
struct gap_method {
	long long id;
	int top_min; /* 0 when the method does not parse */
	int nlikelihood, nconsequence;
};

struct gap_measure {
	long long id;
	const char *name;
	long long risk_id;
	int open;      /* planned or in progress */
	int counts;    /* not cancelled */
	const char *due_date;
	int in_progress;
	long long owner_id; /* 0 = none */
};

/* A unit, for the risk picture per unit (its own and those below it). */
struct gap_unit {
	long long id;
	const char *name;
	long long parent_id; /* 0 = top */
};

/* A person, by id, for the names the action plan shows. */
struct gap_person {
	long long id;
	const char *name;
};

struct gap_process {
	long long id;
	const char *name;
	int critical;
};

struct gap_agreement {
	long long id;
	const char *name;
	const char *end_date; /* "YYYY-MM-DD" or NULL */
};

/* Why an analysis is due before its interval ends. */
enum gap_trigger_kind {
	GT_NONE,
	GT_CLASSIFICATION_RAISED,
	GT_SIGNIFICANT_CHANGE,
	GT_SERIOUS_INCIDENT,
	GT_OTHER,
};

/* The kind as stored in risk-triggers ("significant_change", ...; a raised
 * classification is "classification_raised", never stored) and back; an
 * unknown code is GT_OTHER. */
const char *gap_trigger_code(enum gap_trigger_kind k);
enum gap_trigger_kind gap_trigger_from_code(const char *code);

/* A recorded reason to analyse a system or an information asset again
 * (model: risk-triggers): a significant change, a serious incident (the
 * incident area records these), another reason. */
struct gap_trigger {
	long long id;
	long long system_id, asset_id; /* either may be 0 */
	const char *date;
	enum gap_trigger_kind kind;
};

/* When a system or an information asset is next to be analysed. */
struct gap_cadence {
	const char *last;     /* the last decided analysis covering it, or NULL */
	const char *trigger;  /* the first trigger after it, or NULL */
	enum gap_trigger_kind why; /* that trigger's kind, GT_NONE without one */
	long long trigger_id; /* the risk-trigger record, 0 for a raised classification */
	char due[11];         /* the next analysis, "" when never analysed */
};

struct gap_input {
	const struct gap_system *systems;
	size_t nsystems;
	const struct gap_asset *assets;
	size_t nassets;
	const struct gap_process *processes;
	size_t nprocesses;
	const struct gap_agreement *agreements;
	size_t nagreements;
	const struct id_link *system_assets;     /* system processes asset */
	size_t nsystem_assets;
	const struct id_link *asset_processes;   /* asset is used in process */
	size_t nasset_processes;
	const struct id_link *system_deps;       /* system depends on system */
	size_t nsystem_deps;
	const struct id_link *agreement_systems; /* agreement covers system */
	size_t nagreement_systems;
	const struct gap_plan_item *plan_items;
	size_t nplan_items;
	const struct gap_control *controls; /* every framework, in SoA order */
	size_t ncontrols;
	const struct gap_requirement *requirements; /* in code order */
	size_t nrequirements;
	const struct id_link *requirement_controls; /* requirement implements control */
	size_t nrequirement_controls;
	/* The encryption-at-rest requirement: its id, or 0 when the
	 * catalogue has none or it is retired. */
	long long encryption_requirement_id;
	int review_months; /* classification review interval; 0 = 12 */
	const struct gap_analysis *analyses;
	size_t nanalyses;
	const struct gap_risk *risks;
	size_t nrisks;
	const struct gap_method *methods;
	size_t nmethods;
	const struct gap_measure *measures;
	size_t nmeasures;
	const struct id_link *risk_assets; /* risk names asset */
	size_t nrisk_assets;
	const struct gap_unit *units; /* by name */
	size_t nunits;
	const struct gap_person *people; /* by id */
	size_t npeople;
	int risk_high_level, risk_high_months, risk_other_months; /* cadence; 0 = defaults */
	const char *today; /* "YYYY-MM-DD" */
	const struct gap_trigger *triggers; /* reasons to analyse again */
	size_t ntriggers;
};

struct gap {
	enum gap_kind kind;
	const char *entity; /* "systems", "information-assets", "processes" */
	long long id;
	const char *name;
	/* The record that explains the gap (the agreement that ended, the
	 * essential process that depends on the system), or NULL/0. */
	const char *other_entity;
	long long other_id;
	const char *other_name;
	const char *date; /* agreement_ended: the end date; requirement_overdue:
			     the due date */
	char due[11];     /* classification_outdated: when the review was due */
};

struct gap_list {
	struct gap *items;
	size_t n, cap;
	/* Per in->systems[i] and in->assets[i]: the last analysis, the
	 * first trigger after it and the next analysis (malloc'd; for the
	 * input of the last gaps_compute into the list). */
	struct gap_cadence *sys_cadence, *asset_cadence;
};

/* Append every gap in in to out (items malloc'd; names point into in).
 * Gaps come grouped by kind in enum order, records in input order. */
void gaps_compute(const struct gap_input *in, struct gap_list *out);
/* Each system's classification as it applies (derived from its information,
 * raised by its latest decision): eff[i] and classified[i] for
 * in->systems[i]. */
void gaps_system_levels(const struct gap_input *in, struct levels *eff, int *classified);
void gap_list_free(struct gap_list *l);
/* "system_without_owner" etc., as in the API. */
const char *gap_kind_code(enum gap_kind k);

#endif

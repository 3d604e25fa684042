/*
 * gaps: what the organisation's information security work is missing, as
 * the auditors would find it — one record at a time.
 *
 * Pure rules: each gap_rules_*() takes the facts about one record (loaded
 * by the store, see store/store.h "derived state") and appends that
 * record's gaps. The store keeps the result as rows and model/derived.c
 * decides which records a change reaches, so a change costs what it
 * touches (docs/internals/derived.md). The same functions rebuild every
 * gap from scratch (`tillit gaps rebuild`).
 *
 * A gap that depends on the date carries a due date and is open once
 * today is past it (gap_open); its row is written when the record changes,
 * never at midnight.
 *
 * Retired systems are left out of every rule; "in use" means lifecycle
 * in_use; a system "runs" when it is in use or being retired — only running
 * systems support a process or carry a dependency (a planned one does not
 * yet).
 *
 *  system_without_owner          a system (not retired) with no system owner
 *  system_without_administrator  a system (not retired) with no system administrator
 *  asset_without_owner           an information asset with no information owner
 *  system_without_information    a system (not retired) processing no registered information asset
 *  critical_process_without_system  an essential (samhällsviktig) process that no
 *                                running system supports (none processes its information)
 *  agreement_ended               a system in use covered by an agreement whose end
 *                                date has passed (one gap per system and agreement;
 *                                due: the end date)
 *  office_hours_for_critical     a system in use with office-hours support that an
 *                                essential process depends on — directly (it
 *                                processes the process's information) or through
 *                                running systems that depend on it (Lessebo's
 *                                finding); other: the essential process with the
 *                                lowest number among those that reach it
 *
 * Classification (see core/classify.h; "classified" means a decided
 * classification):
 *  asset_not_classified          an information asset never classified
 *  classification_outdated       an asset whose current classification is older
 *                                than the review interval (due: the review date)
 *  system_not_classified         a running system with no classified information
 *                                and no decision of its own
 *  procurement_not_classified    the same for a planned system (in procurement):
 *                                classify before procuring
 *  requirement_overdue           an action-plan item of a system that is not retired,
 *                                neither fulfilled nor not applicable, with a due
 *                                date, for an active requirement (other: the
 *                                requirement; due: the item's due date)
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
 *                                incident) is due (due: when; other: the
 *                                trigger's record, if any)
 *  risk_without_measure          a risk in its method's top band, to be reduced,
 *                                with no measure (cancelled ones do not count)
 *  measure_overdue               a planned or ongoing measure with a due date
 *                                (due: that date)
 *  residual_risk_not_accepted    a risk of a decided analysis whose residual risk
 *                                no one has accepted (avoided risks excepted)
 *  shared_it_not_analysed        no decided analysis of the shared IT environment
 *  infrastructure_not_analysed   no decided analysis of the IT infrastructure
 *                                (these two: entity "risk-analyses", id 0)
 *
 * Incidents (core/deadline.h for the clocks):
 *  incident_report_overdue       an incident with a report deadline (Cybersecurity
 *                                Act or GDPR) not met: due the local date of the
 *                                earliest report not yet sent (listed from the
 *                                day after; the incident's page counts the hours)
 *  incident_without_follow_up    an incident still open the organisation's
 *                                incident_follow_up_days after awareness (due:
 *                                that day); closing without root cause and lessons
 *                                learned is refused, so a closed one has them
 *
 * Continuity (docs/continuity.md; a process "rests on" a running system
 * that processes its information, or that it names in a dependency of kind
 * system, or that such a system depends on through running systems):
 *  process_without_mtd           an essential process with no maximum tolerable
 *                                downtime (mtd_hours)
 *  rto_exceeds_mtd               a running system whose recovery time objective
 *                                exceeds the MTD of a process resting on it, or
 *                                that has no RTO while such a process has an MTD
 *                                (an unknown recovery time is not shown to be
 *                                within it); other: the process with the
 *                                shortest MTD (ties: the lowest number)
 *  plan_not_exercised            an adopted continuity plan with no held exercise
 *                                within the organisation's interval (default 12
 *                                months); due: the latest of its last held
 *                                exercise and its adoption, plus the interval
 *  plan_review_overdue           an adopted plan whose next review date has
 *                                passed (due: the review date)
 *  exercise_finding_without_measure  a finding of an exercise with no measure
 *                                (cancelled ones do not count)
 *
 * Training (core/training.h; one gap per person and requirement, about the
 * person, who is expected to act; due: the last day they count as trained):
 *  elected_official_untrained    an active elected official with no
 *                                elected-officials training in the current term
 *  staff_untrained               an active employee without basic training within
 *                                the months allowed after registration, or whose
 *                                interval ran out
 *  owner_untrained               a system owner (system not retired) or information
 *                                owner without classification and risk training
 * Internal control (docs/goals.md):
 *  control_not_performed         a control point whose date has passed with no
 *                                result (due: its date; person: by whom)
 * Access reviews (docs/access-reviews.md):
 *  access_review_overdue         a system (not retired) whose classification as it
 *                                applies is K >= 2 or R >= 2 with no completed access
 *                                review within the organisation's interval (default
 *                                12 months): due the last completion plus the
 *                                interval, open now when never reviewed
 * office_hours_for_critical clears when the system has after-hours support:
 * its own after_hours_agreement, or an agreement covering it with extended
 * or around-the-clock support hours.
 *
 * Who is expected to act on a gap: a system's owner (for a system without
 * one, no one: the coordinator), an overdue item's responsible person (else
 * the system owner), an asset's information owner, a risk's risk owner
 * (else its analysis's), a measure's owner (else its risk's owner, else
 * its finding's), a process's owner, a plan's responsible, a finding's
 * responsible.
 */
#ifndef TILLIT_GAPS_H
#define TILLIT_GAPS_H

#include <stddef.h>

#include "core/classify.h"

/* The catalogue's encryption-at-rest requirement (data/requirements.csv). */
#define REQ_ENCRYPTION_AT_REST "CRY-02"

/* Kinds are stored as numbers: append new ones at the end (and bump
 * DERIVED_VERSION in model/derived.c whenever a rule changes). The order
 * is also the order of the gap list. */
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
	GAP_INCIDENT_REPORT_OVERDUE,
	GAP_INCIDENT_NO_FOLLOW_UP,
	GAP_PROCESS_NO_MTD,
	GAP_RTO_EXCEEDS_MTD,
	GAP_PLAN_NOT_EXERCISED,
	GAP_PLAN_REVIEW_OVERDUE,
	GAP_FINDING_NO_MEASURE,
	GAP_ELECTED_UNTRAINED,
	GAP_STAFF_UNTRAINED,
	GAP_OWNER_UNTRAINED,
	GAP_CONTROL_NOT_PERFORMED,
	GAP_DOCUMENT_REVIEW_OVERDUE,
	GAP_REQUIRED_DOCUMENT_MISSING,
	GAP_DOCUMENT_NOT_ADOPTED_FOR_COMPANY,
	GAP_ACCESS_REVIEW_OVERDUE,
	GAP_ORG_REQUIREMENT_OVERDUE,
	GAP_KIND_COUNT
};

/* "system_without_owner" etc., as in the API, and back (-1: unknown). */
const char *gap_kind_code(enum gap_kind k);
int gap_kind_from_code(const char *code);
/* The entity whose records a kind is about ("systems", ...); for
 * analysis_overdue, which is about systems and information assets alike,
 * "systems". */
const char *gap_kind_entity(enum gap_kind k);

/* 1 when a gap with due date due ("" or NULL: none) is open on today. */
int gap_open(const char *due, const char *today);

enum gap_lifecycle { GL_PLANNED, GL_IN_USE, GL_RETIRING, GL_RETIRED };
/* The stored lifecycle ("planned", ...; NULL or unknown: in use). */
enum gap_lifecycle gap_lifecycle_from_code(const char *code);
/* 1 when a system in lifecycle l runs: in use, or in use while being retired. */
int gap_lifecycle_running(enum gap_lifecycle l);

enum gap_assessment { GA_NOT_FULFILLED, GA_PARTLY, GA_FULFILLED, GA_NOT_APPLICABLE };

/* An assessment as stored ("fulfilled", ...); GA_NOT_FULFILLED when NULL or
 * unknown. */
enum gap_assessment gap_assessment_from_code(const char *code);
/* 1 when an action-plan item is still open (neither fulfilled nor not
 * applicable) and its due date ("YYYY-MM-DD" or NULL) is before today. */
int gap_item_overdue(enum gap_assessment a, const char *due, const char *today);

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
 * (model: risk-triggers), or a raised classification (id 0). */
struct gap_trigger {
	long long id;
	const char *date;
	enum gap_trigger_kind kind;
};

/* The organisation's settings the rules read. */
struct gap_settings {
	int review_months;   /* classification review interval; 0 = 12 */
	int risk_high_level, risk_high_months, risk_other_months; /* cadence; 0 = defaults */
	long long encryption_requirement_id; /* REQ_ENCRYPTION_AT_REST if active, else 0 */
	int exercise_months; /* continuity plans are exercised this often; 0 = 12 */
	int access_review_months; /* accounts of K/R >= 2 systems reviewed this often; 0 = 12 */
};

/* When a system or an information asset is next to be analysed. */
struct gap_cadence {
	const char *last;     /* the last decided analysis covering it, or NULL */
	const char *trigger;  /* the first trigger after it that made the next
				 analysis due earlier, or NULL */
	enum gap_trigger_kind why; /* that trigger's kind, GT_NONE without one */
	long long trigger_id; /* the risk-trigger record, 0 for a raised classification */
	char due[11];         /* the next analysis, "" when never analysed */
};

/* The cadence from the last decided analysis (NULL: never), the triggers
 * in the order recorded (a raised classification first) and the
 * classification lv that sets the interval. */
void gap_cadence_compute(const struct gap_settings *s, const char *last, const struct gap_trigger *t, size_t nt,
			 const struct levels *lv, struct gap_cadence *out);

/* One gap, as a rule finds it. */
struct gap_row {
	enum gap_kind kind;
	const char *entity;       /* the record it is about */
	long long id;
	const char *other_entity; /* the record that explains it, or NULL */
	long long other_id;
	char due[11];             /* "" = open now; else open when due < today */
	long long unit_id;        /* the unit the record belongs to, 0 = none */
	long long person_id;      /* who is expected to act, 0 = no one named */
};

struct gap_rows {
	struct gap_row *v;
	size_t n, cap;
};
void gap_rows_free(struct gap_rows *r);

/* ---- the facts about one record, and its rules ---------------------------- */

struct gap_plan_item {
	long long id, requirement_id;
	int requirement_active;
	enum gap_assessment assessment;
	const char *due_date;     /* or NULL */
	long long responsible_id; /* 0 = none */
};

struct gap_agreement_end {
	long long id;
	const char *end_date; /* or NULL */
};

/* A process that rests on a system (see "Continuity" above). */
struct gap_reached {
	long long id;
	int critical;
	long long mtd_hours; /* -1: none given */
};

struct gap_system_facts {
	long long id, unit_id, owner_id, administrator_id;
	enum gap_lifecycle lifecycle;
	int office_hours;                 /* support hours are office hours */
	const struct asset_levels *assets; /* the information it processes: each asset's
					      current levels (LEVEL_UNSET: never classified) */
	size_t nassets;
	struct levels decision;           /* its latest decision; all LEVEL_UNSET if none */
	const char *decided_on;           /* that decision's date, or NULL */
	const struct gap_agreement_end *agreements; /* the agreements that cover it */
	size_t nagreements;
	long long critical_process_id;    /* the lowest-numbered essential process that
					     rests on it (see office_hours_for_critical), 0 */
	const struct gap_plan_item *items;
	size_t nitems;
	const char *last_analysis;        /* the date of its latest decided analysis, or NULL */
	const struct gap_trigger *triggers; /* recorded about it, in the order recorded */
	size_t ntriggers;
	int after_hours;                  /* support outside office hours: its own
					     agreement flag, or an agreement covering
					     it with extended or 24/7 support */
	long long rto_hours;              /* -1: none given */
	const struct gap_reached *reached; /* the processes resting on it */
	size_t nreached;
	const char *last_access_review;   /* its latest completed access review's date, or NULL */
};

/* The process among reached whose MTD binds (the shortest; ties: the
 * lowest number), 0 when none has one; its MTD in *mtd. */
long long gap_binding_mtd(const struct gap_reached *reached, size_t n, long long *mtd);
/* 1 when a system with recovery time objective rto (-1: none) fails a
 * process with maximum tolerable downtime mtd. */
int gap_rto_exceeds(long long rto, long long mtd);

/* What a system's rules also derive: its classification as it applies. */
struct gap_system_state {
	int running, retired;
	int classified;
	struct levels effective;
};

/* Access reviews: 1 when a system not retired at levels lv (as they apply)
 * is to have its accounts reviewed (K >= 2 or R >= 2), with *due the day
 * the next review is due: last (the latest completion, NULL: never) plus
 * months (0: 12), clamped to the month's end; "" when never reviewed. */
int gap_access_review_due(const struct levels *lv, int retired, const char *last, int months, char due[11]);

void gap_rules_system(const struct gap_settings *s, const struct gap_system_facts *f, struct gap_system_state *state,
		      struct gap_cadence *cad, struct gap_rows *out);

struct gap_asset_facts {
	long long id, unit_id, owner_id;
	struct levels lv;         /* current classification; all LEVEL_UNSET if none */
	const char *decided_on;   /* its date, or NULL */
	/* The date of the current classification when it raised an aspect over
	 * the decision before it (or was the first), else NULL. */
	const char *raised_on;
	const char *last_analysis; /* the latest decided analysis that covers it, or NULL */
	const struct gap_trigger *triggers;
	size_t ntriggers;
};

void gap_rules_asset(const struct gap_settings *s, const struct gap_asset_facts *f, struct gap_cadence *cad,
		     struct gap_rows *out);

struct gap_process_facts {
	long long id, unit_id;
	int critical;
	int supported; /* a running system processes its information, or is
			  named in one of its dependencies */
	int mtd_set;   /* it has a maximum tolerable downtime */
	long long owner_id; /* its process owner, 0 = none */
};

void gap_rules_process(const struct gap_process_facts *f, struct gap_rows *out);

struct gap_control_facts {
	long long id;
	int iso27001, applicable, justified;
};

void gap_rules_control(const struct gap_control_facts *f, struct gap_rows *out);

struct gap_risk_facts {
	long long id, unit_id, person_id;
	int decided;  /* its analysis is decided */
	int value, top_min; /* top_min: where its method's top band starts (0: unknown) */
	int reduce, avoid, accepted;
	int measured; /* it has a measure that is not cancelled */
};

void gap_rules_risk(const struct gap_risk_facts *f, struct gap_rows *out);

struct gap_measure_facts {
	long long id, unit_id, person_id;
	int open; /* planned or in progress */
	const char *due_date;
};

void gap_rules_measure(const struct gap_measure_facts *f, struct gap_rows *out);

struct gap_incident_facts {
	long long id, person_id; /* person: its handler, 0 = none */
	int open;                /* not closed */
	const char *report_due;  /* local date of the earliest report deadline not met, or NULL */
	const char *follow_up_due; /* local date awareness + the organisation's days, or NULL */
};

void gap_rules_incident(const struct gap_incident_facts *f, struct gap_rows *out);

struct gap_plan_facts {
	long long id, unit_id, owner_id;
	int adopted;
	const char *adopted_on;    /* or NULL */
	const char *last_exercise; /* the date of its latest held exercise, or NULL */
	const char *review_date;   /* or NULL */
};

void gap_rules_plan(const struct gap_settings *s, const struct gap_plan_facts *f, struct gap_rows *out);

struct gap_finding_facts {
	long long id, owner_id;
	int measured; /* it has a measure that is not cancelled */
};

void gap_rules_finding(const struct gap_finding_facts *f, struct gap_rows *out);

/* A person's training gaps: for each requirement that applies (elected,
 * staff, owner; NULL when none applies or none is set) the due date
 * training_due gave (core/training.h): none when TRAINING_FOREVER. */
struct gap_person_facts {
	long long id, unit_id;
	const char *elected_due, *staff_due, *owner_due;
};

void gap_rules_person(const struct gap_person_facts *f, struct gap_rows *out);
/* Internal control (model/meetings.c): a control point whose date has
 * passed with no result (due: its date; person: by whom). */
struct gap_control_point_facts {
	long long id, owner_id;
	const char *check_date; /* "YYYY-MM-DD" or NULL */
	int performed;          /* it has a result */
};

void gap_rules_control_point(const struct gap_control_point_facts *f, struct gap_rows *out);

/* A requirement on the organisation (model/org_requirements.c): its
 * assessment's due date has passed and it is neither fulfilled nor
 * settled as not applicable, while the requirement is active and on the
 * organisation (org_requirement_overdue; due: the due date; person: the
 * responsible). */
struct gap_org_assessment_facts {
	long long id, person_id;
	const char *due_date; /* "YYYY-MM-DD" or NULL */
	int settled;          /* fulfilled or not applicable */
	int active;           /* the requirement active, on the organisation */
};

void gap_rules_org_assessment(const struct gap_org_assessment_facts *f, struct gap_rows *out);

/* The organisation's own gaps: whether a decided analysis of the shared IT
 * environment and of the infrastructure exists. */
void gap_rules_org(int shared_it_analysed, int infrastructure_analysed, struct gap_rows *out);

/* ---- governing documents (model/documents.c, docs/governance.md) ------------
 *  document_review_overdue       an adopted document whose next review has
 *                                passed (due: next_review; person: its owner)
 *  required_document_missing     a required document that no adopted document
 *                                fulfils (entity required-documents)
 *  document_not_adopted_for_company  an adopted document that applies to a
 *                                unit of kind company with no adoption by that
 *                                company's board (other and unit: the company)
 */
struct gap_document_facts {
	long long id, owner_id;
	int adopted;             /* status adopted */
	const char *next_review; /* or NULL */
	/* The companies it applies to, and whether each has adopted it. */
	const long long *companies;
	const int *company_adopted;
	size_t ncompanies;
};

void gap_rules_document(const struct gap_document_facts *f, struct gap_rows *out);

struct gap_required_document_facts {
	long long id;
	long long document_id; /* 0: none named */
	int document_adopted;  /* the document named is adopted */
	long long owner_id;    /* that document's owner, 0 = none */
};

void gap_rules_required_document(const struct gap_required_document_facts *f, struct gap_rows *out);

#endif

/*
 * derived (store): the derived state — gaps, the SoA's coverage, the risk
 * picture and the joint action plan — kept as rows per change, and read
 * back for the pages (docs/internals/derived.md).
 *
 * A write says what it reached (store_derived_reach: the records whose
 * derived rows may change), model/derived.c walks those records kind by
 * kind in the order below and has each evaluated (store_derived_eval:
 * load the record's facts, apply the rules of core/gaps.h, core/soa.h and
 * core/riskview.h, write its rows). An evaluation whose result feeds
 * records of a later kind adds them to the walk (a system whose
 * classification changes adds its action-plan items). Everything happens
 * inside the write's transaction; a rebuild evaluates every record.
 */
#ifndef TILLIT_STORE_DERIVED_H
#define TILLIT_STORE_DERIVED_H

#include <stddef.h>

#include "core/gaps.h"
#include "core/riskview.h"
#include "core/soa.h"
#include "model/entity.h"
#include "util/arena.h"
#include "util/json.h"

struct store;

/* The kinds of record with derived rows, in the order they are evaluated:
 * each reads only what the kinds before it have written. */
enum derived_kind {
	DK_ANALYSIS,    /* current of its subject, unit, quarter, method size */
	DK_ASSET,       /* its gaps; its current classification */
	DK_SYSTEM,      /* its gaps; its classification as it applies; where
			   requirements apply */
	DK_ITEM,        /* an action-plan item: coverage counts, plan entry */
	DK_REQUIREMENT, /* its coverage, counted afresh */
	DK_CONTROL,     /* its gap; the systems that implement it, afresh */
	DK_PROCESS,     /* its gap */
	DK_RISK,        /* its gaps; heat map and quarter counts */
	DK_MEASURE,     /* its gap; plan entry */
	DK_INCIDENT,    /* its gaps: reports overdue, open too long */
	DK_ORG,         /* the organisation's own gaps (id: the organisation) */
	DK_PLAN,        /* a continuity plan: its gaps */
	DK_FINDING,     /* an exercise finding: its gap */
	DK_PERSON,      /* a person: training gaps and training_state
			   (store/sqlite_derived_training.c) */
	DK_CONTROL_POINT, /* an internal control point: its gap (sqlite_derived_control.c) */
	DK_ORG_ASSESSMENT, /* an assessment of a requirement on the organisation: its gap (sqlite_derived_control.c) */
	DK_DOCUMENT,    /* a governing document: its gaps */
	DK_REQUIRED_DOCUMENT, /* a required document: its gap */
	DK_COUNT
};

/* Sets of record ids per kind. */
struct derived_set {
	long long *ids[DK_COUNT];
	size_t n[DK_COUNT], cap[DK_COUNT];
};
void derived_set_add(struct derived_set *s, enum derived_kind k, long long id);
/* Sort and drop repeats from kind k. */
void derived_set_unique(struct derived_set *s, enum derived_kind k);
void derived_set_free(struct derived_set *s);

/* Which derived tables a walk changed, for the generations. */
enum {
	DT_GAPS = 1,
	DT_COVERAGE = 2,
	DT_PICTURE = 4,
	DT_PLAN = 8,
};

/* One walk over the records a change reached. */
struct derived_run {
	struct store *st;
	long long org;
	char now[32];            /* when, for a gap's "since" */
	struct derived_set todo; /* later kinds are added to while walking */
	unsigned touched;        /* DT_ flags */
	struct arena *a;         /* scratch, reset per record */
	/* Loaded at first use, for the whole walk. */
	int have_settings;
	struct gap_settings settings;
	struct derived_req *reqs;
	size_t nreqs;
	int have_reqs;
	long long evaluated;     /* records evaluated (for tests and the log) */
};

void derived_run_init(struct derived_run *run, struct store *st, long long org);
void derived_run_free(struct derived_run *run);

/* Add to run->todo the records whose derived rows a change of record id of
 * e may change: old is the record as it was (NULL for a new one), rec as
 * it is now (NULL when deleted), both with their reference lists. */
int store_derived_reach(struct derived_run *run, const struct entity *e, long long id, const struct jval *old,
			const struct jval *rec);
/* Evaluate record id of kind k (a record that no longer exists has its
 * rows removed). */
int store_derived_eval(struct derived_run *run, enum derived_kind k, long long id);
/* Every record of kind k, into run->todo (for a rebuild). */
int store_derived_all(struct derived_run *run, enum derived_kind k);
/* Remove every derived row of the organisation (before a rebuild). */
int store_derived_clear(struct store *st, long long org);

/* When a system (system 1) or an information asset (0) is next to be
 * analysed (core/gaps.h gap_cadence), with the dates in arena a.
 * STORE_NOTFOUND when there is no such record. */
int store_derived_cadence(struct store *st, struct arena *a, long long org, int system, long long id,
			  struct gap_cadence *out);

/* The version of the rules the organisation's rows were built with (0:
 * never), and recording it. */
int store_derived_version(struct store *st, long long org, int *version);
int store_derived_set_version(struct store *st, long long org, int version, const char *now);
/* Every organisation's id (for the rebuild at start), at most max. */
int store_org_ids(struct store *st, long long *ids, size_t max, size_t *n);

/* ---- generations ---------------------------------------------------------- */

/* Move the generation of name (a table, or a derived area: "gaps",
 * "coverage", "picture", "plan", "training" — the training_state rows)
 * on, inside the current write. */
int store_generation_bump(struct store *st, long long org, const char *name);
/* The generations of names[0..n) into gens (0 for one never moved). */
int store_generations(struct store *st, long long org, const char *const *names, size_t n, long long *gens);

/* Training (store/sqlite_derived_training.c): a person's evaluation, what
 * a change of a training record, a person, or an owner field reaches. */
int dr_eval_person(struct derived_run *run, long long id);
int dr_reach_training(struct derived_run *run, const struct entity *e, long long id, const struct jval *old,
		      const struct jval *rec);

/* ---- reading: gaps --------------------------------------------------------- */

struct gap_item {
	enum gap_kind kind;
	const char *entity;
	long long id;
	const char *name;          /* the record's title, or NULL */
	const char *other_entity;  /* or NULL */
	long long other_id;
	const char *other_name;    /* or NULL */
	const char *due;           /* or NULL */
	const char *since;         /* when it opened: its due date (a gap that
				      depends on the date), else when it was found */
	long long unit_id, person_id;
	const char *unit_name;     /* or NULL */
	const char *person_name;   /* or NULL */
};

/* gap_query.person_id: the gaps for which no one is named to act (they
 * fall to the coordinator). */
#define GAP_NO_PERSON (-1LL)

enum gap_sort { GAP_SORT_KIND, GAP_SORT_NAME, GAP_SORT_SINCE, GAP_SORT_DUE };

struct gap_query {
	int kind;                  /* -1: every kind */
	const char *entity;        /* NULL: every entity */
	long long unit_id;         /* that unit and everything below it; 0: all */
	long long person_id;       /* the person expected to act; 0: anyone;
				      GAP_NO_PERSON: gaps no one is named for */
	long long record_id;       /* with entity: the gaps of one record (and
				      those it explains); 0: all */
	const char *const *readable; /* the entities the reader may read, NULL-
					terminated (NULL: every entity) */
	enum gap_sort sort;
	int desc;
	long long page, limit;     /* limit 0: every row (exports) */
	const char *today;
	const char *due_before;    /* set: instead of the open gaps, those that
				      open from today until (not on) this date */
};

/* The open gaps matching q, a page of them into *items (arena memory),
 * and how many match in all (total NULL: not counted). */
int store_gap_list(struct store *st, struct arena *a, long long org, const struct gap_query *q,
		   struct gap_item **items, size_t *n, long long *total);
/* Every open gap matching q (limit and page ignored), in q's order, handed
 * to fn one at a time (a gap lives only during its call; an export of any
 * size holds one). A non-zero return from fn stops the walk and is
 * returned. */
int store_gap_each(struct store *st, long long org, const struct gap_query *q,
		   int (*fn)(void *ctx, const struct gap_item *g), void *ctx);
/* Open gaps per kind (of the readable entities; NULL: all), into
 * counts[GAP_KIND_COUNT]. */
int store_gap_counts(struct store *st, long long org, const char *const *readable, const char *today,
		     long long counts[GAP_KIND_COUNT]);

/* ---- reading: the rest --------------------------------------------------------- */

/* A system's classification as it applies (*classified 0 and every level
 * LEVEL_UNSET when it has none). */
int store_system_levels(struct store *st, long long org, long long system, struct levels *lv, int *classified);

/* The information assets an analysis of scope ("system", "process",
 * "unit") covers — those the system processes, those used in the process,
 * those of the unit — by name, at most max, with their current levels;
 * *total gets how many there are. */
struct scope_asset {
	long long id;
	const char *name;
	struct levels lv;
};
int store_scope_assets(struct store *st, struct arena *a, long long org, const char *scope, long long subject,
		       size_t max, struct scope_asset **out, size_t *n, long long *total);
/* The highest current level per aspect over all the organisation's
 * information (LEVEL_UNSET where nothing is classified). */
int store_asset_levels_max(struct store *st, long long org, struct levels *max);

/* A requirement's coverage, for the SoA. */
struct req_coverage {
	long long id;
	const char *code;
	const char *title[2]; /* Swedish, English (or NULL) */
	int active;
	long long applies, fulfilled, not_applicable;
	int implemented;
	/* A requirement on the organisation: its assessment's id and state
	 * ("fulfilled", ...), 0/NULL while not assessed. */
	int organisation;
	long long assessment_id;
	const char *assessment;
};
/* The active requirements that implement control, in code order, with
 * their coverage; and the number of running systems that implement it,
 * with the first max_systems of them (id and name, by name). */
struct control_coverage {
	struct req_coverage *reqs;
	size_t nreqs, implemented;
	enum soa_cover cover;
	long long nsystems;
	long long *system_ids;
	const char **system_names;
	size_t nshown;
};
int store_control_coverage(struct store *st, struct arena *a, long long org, long long control, size_t max_systems,
			   struct control_coverage *out);

/* The risk picture of the whole organisation (unit 0) or of a unit and
 * everything below it: the heat map on nl x nc, risks by band per quarter
 * (newest first, at most max), the top risks. */
int store_risk_heat(struct store *st, long long org, long long unit, int nl, int nc, struct riskview_heat *out);
int store_risk_quarters(struct store *st, long long org, long long unit, const char *const *bands, int nbands,
			struct riskview_quarter *out, size_t max, size_t *n);
struct top_risk {
	long long id, analysis_id;
	const char *title, *band, *analysis;
	int value;
};
int store_top_risks(struct store *st, struct arena *a, long long org, long long unit, size_t max,
		    struct top_risk **out, size_t *n);

/* What a system's failure takes down (the impact view): each process that
 * rests on it (core/gaps.h, "Continuity"), shortest maximum tolerable
 * downtime first, once, by the most direct way: through the system itself
 * before a system that depends on it, a dependency before information.
 * At most max rows. */
struct impact_row {
	long long process_id;
	const char *name;
	int critical;
	long long mtd_hours;  /* -1: none given */
	long long via_id;     /* the system it rests on: system itself, or one
				 that depends on it */
	const char *via_name;
	int by_dependency;    /* named in a dependency, else through its information */
};
int store_system_impact(struct store *st, struct arena *a, long long org, long long system, size_t max,
			struct impact_row **out, size_t *n);

/* The joint action plan: a page of entries (of the kinds wanted, of one
 * owner or anyone), with the totals. */
struct plan_entry {
	enum ap_kind kind;
	long long id;
	const char *title;        /* the measure's title; the requirement's code */
	const char *req_title[2]; /* an item's requirement title (sv, en) */
	const char *due;          /* or NULL */
	const char *status;       /* as stored */
	long long context_id;     /* the measure's risk; the item's system */
	const char *context;      /* its name */
	long long owner_id;
	const char *owner;        /* or NULL */
};
struct plan_query {
	int measures, items; /* which kinds */
	long long owner_id;  /* 0: anyone */
	long long page, limit;
	const char *today;
};
int store_plan_page(struct store *st, struct arena *a, long long org, const struct plan_query *q,
		    struct plan_entry **out, size_t *n, long long *total, long long *overdue);

#endif

/*
 * indicators (store): the counts goals' indicators are computed from, and
 * the values kept per quarter (docs/goals.md). Every count reads an index
 * range or the kept gap counts (store/derived.h): nothing loads every
 * record of the organisation.
 */
#ifndef TILLIT_STORE_INDICATORS_H
#define TILLIT_STORE_INDICATORS_H

#include <stddef.h>

#include "core/indicators.h"
#include "util/arena.h"

struct store;

/* The part and the whole of a share kind (IK_SYSTEMS_WITH_OWNER,
 * IK_ASSETS_CLASSIFIED, IK_SYSTEMS_ANALYSED), or the count of a count kind
 * (IK_MEASURES_OVERDUE: *part, *whole 0), on today. STORE_NOTFOUND for a
 * kind the store does not count (IK_INCIDENT_REPORTS_ON_TIME is counted
 * in model/goals.c from the incident statistics; the training and
 * document kinds once those areas are merged; IK_MANUAL). */
int store_indicator_counts(struct store *st, long long org, enum indicator_kind k, const char *today,
			   long long *part, long long *whole);

/* Keep the value computed on today for quarter (its own quarter only:
 * core/indicators.h indicator_may_keep; otherwise nothing is written and
 * STORE_OK returned). has_value 0: no value (nothing to count). */
int store_indicator_keep(struct store *st, long long org, long long indicator, const char *quarter,
			 const char *today, int has_value, double value, long long part, long long whole,
			 const char *now);

/* One quarter's value. */
struct indicator_point {
	char quarter[INDICATOR_QUARTER_LEN];
	int has_value;
	double value;
};
/* The kept values of an indicator, oldest first, the last max quarters:
 * computed ones (indicator_history) or, for a manual indicator, the values
 * entered (indicator_values). */
int store_indicator_history(struct store *st, struct arena *a, long long org, long long indicator, int manual,
			    size_t max, struct indicator_point **out, size_t *n);

/* ---- the management review's inputs (model/meetings.c) ---------------- */

/* Open measures (those in the joint action plan), from the kept counts. */
int store_open_measures(struct store *st, long long org, long long *n);

/* The decisions of management reviews other than meeting (held on or
 * before date; NULL: any date), open ones first, at most max, as objects
 * with id, decision, status, due_date, meeting_id, meeting_date; and how
 * many are open and done in all. */
struct jval;
int store_review_decisions(struct store *st, struct arena *a, long long org, long long meeting, const char *date,
			   size_t max, struct jval **rows, long long *open, long long *done);

/* Internal control of year: control points, those with a result, results
 * that are deviations. */
int store_control_summary(struct store *st, long long org, long long year, long long *points,
			  long long *performed, long long *deviations);

#endif

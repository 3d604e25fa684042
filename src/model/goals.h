/*
 * goals (model): goals with indicators, the security function's resources,
 * meetings and internal control (issue 14, items 5-8; docs/goals.md).
 */
#ifndef TILLIT_MODEL_GOALS_H
#define TILLIT_MODEL_GOALS_H

#include "core/indicators.h"
#include "model/record.h"
#include "store/indicators.h"

extern const struct entity entity_goals, entity_indicators, entity_indicator_values, entity_security_function,
	entity_meetings, entity_meeting_decisions, entity_control_points, entity_control_results;

/* An indicator as of today. */
struct indicator_now {
	enum indicator_kind kind;
	int share;            /* the value is a share in per cent */
	int available;        /* 0: the kind is not counted (yet), or a manual
				 indicator with no value for any quarter */
	int has_value;        /* 0: nothing to count (no systems ...) */
	double value;
	long long part, whole;
	int has_target, at_least, meets;
	double target;
	char quarter[INDICATOR_QUARTER_LEN]; /* of the value (a manual one's latest period) */
	struct indicator_point *history;     /* oldest first */
	size_t nhistory;
};

/* Compute indicator row (as read) on today, keep the current quarter's
 * value (computed kinds), and read its history (at most max quarters).
 * Returns 0, or -1 when the store fails. */
int indicator_evaluate(struct rctx *c, const struct jval *row, const char *today, size_t max,
		       struct indicator_now *out);
/* Keep today's value of every computed indicator of organisation org (a
 * daily pass, io/reminders.c), so that each quarter has its value even
 * when no one reads the indicator in it. 0, or -1 when the store fails. */
int indicators_keep_all(struct store *st, long long org, const char *today);
/* The same as JSON: value, share, target_met, quarter, history [{quarter, value}]. */
struct jval *indicator_now_json(struct arena *a, const struct indicator_now *n);

/* Fill meeting id's agenda with the inputs of ISO/IEC 27001:2022 clause
 * 9.3.2 from live data as of today (in lang), through the record path (so
 * audited and permission-checked): the agenda then does not change. */
int meeting_fill_agenda(struct rctx *c, long long id, int lang, struct verrors *errs);

#endif

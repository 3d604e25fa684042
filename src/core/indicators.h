/*
 * indicators: the rules of a goal's indicators, pure (no I/O, no SQL).
 *
 * An indicator is of a kind computed from Tillit's own records (a share in
 * per cent, or a count) or manual (a number entered per quarter). It has
 * a target and a direction: the value meets the target when it is at
 * least (or at most) the target. Values are kept per quarter ("2026-Q4"):
 * the current quarter's value is updated whenever it is computed, a past
 * quarter's never changes (store/sqlite_indicators.c), so history does not
 * move when the data does. See docs/goals.md.
 */
#ifndef TILLIT_INDICATORS_H
#define TILLIT_INDICATORS_H

/* Stored as their code: append new kinds anywhere before IK_MANUAL is
 * harmless (the code, not the number, is stored). */
enum indicator_kind {
	IK_SYSTEMS_WITH_OWNER,     /* share of systems (not retired) with a system owner */
	IK_ASSETS_CLASSIFIED,      /* share of information assets classified */
	IK_SYSTEMS_ANALYSED,       /* share of running systems analysed within cadence */
	IK_INCIDENT_REPORTS_ON_TIME, /* reports sent by their deadline / reports due */
	IK_MEASURES_OVERDUE,       /* open measures past their due date (count) */
	/* Added after the merge of the other parts of issue 14: */
	IK_TRAINING_STAFF,         /* share of staff trained (store_training_coverage) */
	IK_TRAINING_ELECTED,       /* share of elected officials trained */
	IK_DOCUMENTS_REVIEWED,     /* share of governing documents reviewed on time
				      (store_document_review_share) */
	IK_MANUAL,                 /* entered by hand per quarter */
	IK_COUNT
};

struct indicator_kind_info {
	const char *code;   /* as stored and in the API */
	const char *label;  /* msgid */
	int share;          /* 1: a share in per cent; 0: a count or a number */
	int direction_up;   /* the natural direction: 1 at least, 0 at most */
};

/* The kind's facts; NULL for k out of range. */
const struct indicator_kind_info *indicator_kind_info(enum indicator_kind k);
/* The kind from its code; -1 when unknown. */
int indicator_kind_from_code(const char *code);

#define INDICATOR_QUARTER_LEN 8 /* "YYYY-Qn" + NUL */

/* The quarter of date ("YYYY-MM-DD") as "YYYY-Qn" into out; returns 0, or
 * -1 when date does not parse (out then ""). */
int indicator_quarter(const char *date, char out[INDICATOR_QUARTER_LEN]);
/* 1 when period is a quarter written "YYYY-Qn" (n 1..4, year 2000..2999). */
int indicator_period_valid(const char *period);
/* -1, 0, 1 as quarter a is before, the same as, after b (both valid). */
int indicator_quarter_compare(const char *a, const char *b);

/* A share in per cent of part over whole, rounded to one decimal; returns 0,
 * or -1 when whole is 0 (no value: nothing to count). */
int indicator_share(long long part, long long whole, double *percent);

/* 1 when value meets target in direction at_least (1) or at most (0). */
int indicator_meets(double value, double target, int at_least);

/* May a value computed on today be kept for quarter? Only today's own
 * quarter: a past quarter's kept value never changes, a future one is not
 * known yet. */
int indicator_may_keep(const char *quarter, const char *today);

#endif

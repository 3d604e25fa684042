/*
 * recur: when an organisation's own recurring activity falls due — yearly
 * on a month and day, quarterly, monthly, or yearly in the year after a
 * Swedish general election (held every four years on the second Sunday of
 * September: 2022, 2026, 2030 ...), e.g. the risk and vulnerability
 * analysis to the county administrative board by 31 October (MSBFS
 * 2015:5). Pure: dates in, dates out; the arithmetic is core/date.h's (a
 * day past the month's end is the month's last day: 29 February is 28
 * February in other years, the 31st of a monthly activity is the 30th in
 * April).
 */
#ifndef TILLIT_RECUR_H
#define TILLIT_RECUR_H

#include <stddef.h>

enum recur_rule {
	RECUR_YEARLY = 0,         /* every year on month/day */
	RECUR_QUARTERLY,          /* month, month+3, month+6, month+9 on day */
	RECUR_MONTHLY,            /* every month on day */
	RECUR_AFTER_ELECTION,     /* month/day of each year after an election year */
	RECUR_RULE_COUNT
};

struct recur {
	enum recur_rule rule;
	int month;      /* 1..12 (monthly: ignored) */
	int day;        /* 1..31, clamped to the month's length */
	int first_year; /* the first year it applies (1900..2999) */
	int last_year;  /* the last year it applies, or 0: no end */
};

/* The rule stored as text ("yearly", "quarterly", "monthly",
 * "after_election") into *r: 0, or -1 when unknown. */
int recur_parse(const char *s, enum recur_rule *r);
/* The stored text of rule r ("yearly" ...), or NULL. */
const char *recur_name(enum recur_rule r);
/* 1 when a Swedish general election is held in year (2022 + 4k, and the
 * earlier ones back to 1994 on the same cycle), else 0. */
int recur_election_year(int year);
/* The election day of year (the second Sunday of September) into out: 0,
 * or -1 when year is not an election year. */
int recur_election_day(int year, char out[11]);
/* 0 when r can be computed (month, day and years in range, last_year not
 * before first_year), else -1. */
int recur_check(const struct recur *r);
/* The occurrences of r from from to to (both "YYYY-MM-DD", inclusive), in
 * date order, into out (at most max of them); returns how many there are
 * in all (which may be more than max). */
size_t recur_between(const struct recur *r, const char *from, const char *to, char (*out)[11], size_t max);
/* The first occurrence of r on or after day, into out: 0, or -1 when there
 * is none (the rule has ended). */
int recur_next(const struct recur *r, const char *day, char out[11]);

#endif

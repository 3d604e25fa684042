/*
 * recur.c: recurring dates (see recur.h).
 */
#include "core/recur.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"

static const char *const names[RECUR_RULE_COUNT] = {
	[RECUR_YEARLY] = "yearly",
	[RECUR_QUARTERLY] = "quarterly",
	[RECUR_MONTHLY] = "monthly",
	[RECUR_AFTER_ELECTION] = "after_election",
};

int recur_parse(const char *s, enum recur_rule *r)
{
	for (int i = 0; s && i < RECUR_RULE_COUNT; i++)
		if (strcmp(s, names[i]) == 0) {
			*r = (enum recur_rule)i;
			return 0;
		}
	return -1;
}

const char *recur_name(enum recur_rule r)
{
	return (unsigned)r < RECUR_RULE_COUNT ? names[r] : NULL;
}

int recur_election_year(int year)
{
	/* Every fourth year since the 1994 election (three-year terms before). */
	return year >= 1994 && year <= 2999 && (year - 2022) % 4 == 0;
}

int recur_election_day(int year, char out[11])
{
	if (!recur_election_year(year))
		return -1;
	char first[32];
	snprintf(first, sizeof first, "%04d-09-01", year);
	int wd = date_weekday(first); /* 1 Monday .. 7 Sunday */
	/* The first Sunday, then a week on. */
	return date_add_days(first, (7 - wd) % 7 + 7, out);
}

int recur_check(const struct recur *r)
{
	if ((unsigned)r->rule >= RECUR_RULE_COUNT || r->day < 1 || r->day > 31)
		return -1;
	if (r->rule != RECUR_MONTHLY && (r->month < 1 || r->month > 12))
		return -1;
	if (r->first_year < 1900 || r->first_year > 2999)
		return -1;
	if (r->last_year && (r->last_year < r->first_year || r->last_year > 2999))
		return -1;
	return 0;
}

/* The day'th of month in year, clamped to the month's length: January has
 * every day 1..31, and date_add_months clamps. */
static int day_in(int year, int month, int day, char out[11])
{
	char jan[32];
	snprintf(jan, sizeof jan, "%04d-01-%02d", year, day);
	return date_add_months(jan, month - 1, out);
}

static int year_of(const char *d)
{
	return (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
}

/* Is the activity due in year at all? */
static int applies(const struct recur *r, int year)
{
	if (year < r->first_year || (r->last_year && year > r->last_year))
		return 0;
	return r->rule != RECUR_AFTER_ELECTION || recur_election_year(year - 1);
}

size_t recur_between(const struct recur *r, const char *from, const char *to, char (*out)[11], size_t max)
{
	if (recur_check(r) != 0 || !date_valid(from) || !date_valid(to) || date_compare(from, to) > 0)
		return 0;
	size_t n = 0;
	int y0 = year_of(from), y1 = year_of(to);
	for (int y = y0; y <= y1; y++) {
		if (!applies(r, y))
			continue;
		int months[12], nm = 0;
		switch (r->rule) {
		case RECUR_MONTHLY:
			for (int m = 1; m <= 12; m++)
				months[nm++] = m;
			break;
		case RECUR_QUARTERLY:
			for (int m = (r->month - 1) % 3 + 1; m <= 12; m += 3)
				months[nm++] = m;
			break;
		default:
			months[nm++] = r->month;
		}
		for (int i = 0; i < nm; i++) {
			char d[11];
			if (day_in(y, months[i], r->day, d) != 0)
				continue;
			if (date_compare(d, from) < 0 || date_compare(d, to) > 0)
				continue;
			if (n < max)
				memcpy(out[n], d, 11);
			n++;
		}
	}
	return n;
}

int recur_next(const struct recur *r, const char *day, char out[11])
{
	if (recur_check(r) != 0 || !date_valid(day))
		return -1;
	/* Within five years: the longest gap between two occurrences is four. */
	char to[11];
	if (date_add_months(day, 60, to) != 0)
		memcpy(to, "2999-12-31", 11);
	char one[1][11];
	if (recur_between(r, day, to, one, 1) == 0)
		return -1;
	memcpy(out, one[0], 11);
	return 0;
}

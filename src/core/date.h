/*
 * date: calendar dates as "YYYY-MM-DD" text, the form stored and exchanged.
 */
#ifndef TILLIT_DATE_H
#define TILLIT_DATE_H

/* 1 when s is exactly "YYYY-MM-DD" naming a real day (leap years included)
 * between 1900-01-01 and 2999-12-31, else 0. */
int date_valid(const char *s);
/* <0, 0, >0 as a is before, equal to or after b (both valid dates). */
int date_compare(const char *a, const char *b);

/* The day months calendar months after d (months may be negative), the
 * day clamped to the month's length (2024-01-31 + 1 = 2024-02-29,
 * 2023-01-31 + 1 = 2023-02-28, 2024-02-29 + 12 = 2025-02-28), into out.
 * 0, or -1 when d is not valid or the result falls outside date_valid's
 * range. Review dates, recurrences and intervals all count this way. */
int date_add_months(const char *d, int months, char out[11]);
/* The day days after d (negative: before), into out; 0 or -1 as above. */
int date_add_days(const char *d, long days, char out[11]);
/* The days from a to b (negative when b is before a); both valid. */
long date_days_between(const char *a, const char *b);
/* The day of the week of d: 1 Monday .. 7 Sunday (ISO 8601); d valid. */
int date_weekday(const char *d);

#endif

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

#endif

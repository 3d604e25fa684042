/*
 * test_deadline: the regulatory clocks of an incident (src/core/deadline.c)
 * — RFC 3339 offsets and malformed input, the EU daylight-saving changes,
 * local wall times (the skipped and the repeated hour), calendar months
 * clamped to the month's end, and the NIS2 / GDPR deadlines with
 * awareness moved, notifications sent early or late and progress reports.
 *
 * Expected instants are written by hand as UTC wall times and turned into
 * seconds by libc's timegm (U below), never by the code under test. The
 * zone table is also held against the system's tz database where it is
 * installed (the test reads it; core never does).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/deadline.h"

/* The instant of the UTC wall time y-mo-d h:mi:s. */
static long long U(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return (long long)timegm(&tm);
}

#define HOUR 3600LL
#define DAY 86400LL

static const struct tzone *sthlm(void)
{
	const struct tzone *z = tzone_find("Europe/Stockholm");
	assert_non_null(z);
	return z;
}

static long long parsed(const char *s)
{
	long long t = -777;
	if (ts_parse(s, &t) != 0)
		fail_msg("\"%s\" should parse", s);
	return t;
}

static long long from_local(const struct tzone *z, const char *s)
{
	long long t = -777;
	if (ts_from_local(z, s, &t) != 0)
		fail_msg("local \"%s\" should parse", s);
	return t;
}

/* ---- parsing and formatting --------------------------------------------- */

static void test_parse_offsets(void **state)
{
	(void)state;
	/* Literal seconds, computed outside (date -u -d ... +%s). */
	assert_int_equal(parsed("2026-01-01T00:00:00Z"), 1767225600LL);
	assert_int_equal(parsed("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(parsed("2026-03-28T12:00:00+01:00"), 1774695600LL);

	long long noon = U(2026, 3, 28, 11, 0, 0);
	assert_int_equal(parsed("2026-03-28T12:00+01:00"), noon);
	assert_int_equal(parsed("2026-03-28T13:00+02:00"), noon);
	assert_int_equal(parsed("2026-03-28T06:00-05:00"), noon);
	assert_int_equal(parsed("2026-03-28T11:00Z"), noon);
	assert_int_equal(parsed("2026-03-28T11:00:00Z"), noon);
	assert_int_equal(parsed("2026-03-28t11:00:00z"), noon);
	assert_int_equal(parsed("2026-03-28 11:00:00Z"), noon);
	assert_int_equal(parsed("2026-03-28T11:00:00+00:00"), noon);
	assert_int_equal(parsed("2026-03-28T11:00:00-00:00"), noon);
	assert_int_equal(parsed("2026-03-28T16:30:00+05:30"), noon);
	assert_int_equal(parsed("2026-03-28T02:15:00-08:45"), noon);
	/* Fractions are dropped, never rounded up. */
	assert_int_equal(parsed("2026-03-28T11:00:00.5Z"), noon);
	assert_int_equal(parsed("2026-03-28T11:00:00.999999999Z"), noon);
	assert_int_equal(parsed("2026-03-28T12:00:59.123+01:00"), noon + 59);
	assert_int_equal(parsed("2026-11-22T18:41:03.123Z"), U(2026, 11, 22, 18, 41, 3));
	/* The offset crosses a day, a month and a year. */
	assert_int_equal(parsed("2027-01-01T00:30+01:00"), U(2026, 12, 31, 23, 30, 0));
	assert_int_equal(parsed("2026-02-28T22:00-05:00"), U(2026, 3, 1, 3, 0, 0));
	/* The ends of the ranges. */
	assert_int_equal(parsed("2026-06-01T12:00+18:00"), U(2026, 5, 31, 18, 0, 0));
	assert_int_equal(parsed("2026-06-01T12:00-18:00"), U(2026, 6, 2, 6, 0, 0));
	assert_int_equal(parsed("2999-12-31T23:59:59Z"), U(2999, 12, 31, 23, 59, 59));
	assert_int_equal(parsed("1970-01-01T00:30+01:00"), -1800);
	assert_int_equal(parsed("2024-02-29T00:00Z"), U(2024, 2, 29, 0, 0, 0));
	assert_int_equal(parsed("2000-02-29T00:00Z"), U(2000, 2, 29, 0, 0, 0));
	assert_int_equal(parsed("2026-12-31T23:59:59Z"), 1767225599LL + 365 * DAY);
}

static void test_parse_malformed(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"",
		"garbage",
		"2026",
		"2026-03-28",
		"2026-03-28T",
		"2026-03-28T12",
		"2026-03-28T12:00",          /* no offset */
		"2026-03-28T12:00:00",       /* no offset */
		"2026-03-28T12:00:00.5",     /* no offset */
		"2026-02-31T12:00Z",         /* 31 Feb */
		"2026-02-29T12:00Z",         /* not a leap year */
		"2100-02-29T12:00Z",         /* a century, not a leap year */
		"2026-04-31T12:00Z",
		"2026-00-10T12:00Z",
		"2026-13-10T12:00Z",
		"2026-01-00T12:00Z",
		"2026-01-32T12:00Z",
		"2026-03-28T24:00Z",         /* 24:00 */
		"2026-03-28T23:60Z",
		"2026-03-28T23:59:60Z",      /* no leap seconds */
		"1969-12-31T23:59:59Z",      /* before 1970 */
		"3000-01-01T00:00Z",         /* after 2999 */
		"0000-01-01T00:00Z",
		"9999-12-31T23:59Z",
		"2026-03-28T12:00+18:01",    /* offset beyond ±18:00 */
		"2026-03-28T12:00-19:00",
		"2026-03-28T12:00+01:60",
		"2026-03-28T12:00+0100",
		"2026-03-28T12:00+01",
		"2026-03-28T12:00+1:00",
		"2026-03-28T12:00 +01:00",
		"2026-03-28T12:00Z ",
		" 2026-03-28T12:00Z",
		"2026-03-28T12:00ZZ",
		"2026-03-28T12:00+01:00x",
		"2026-03-28T12:00:00.Z",     /* a point without digits */
		"2026-03-28T12:00:0Z",
		"2026-03-28T12:0Z",
		"2026-3-28T12:00Z",
		"2026-03-8T12:00Z",
		"26-03-28T12:00Z",
		"2026/03/28T12:00Z",
		"2026-03-28X12:00Z",
		"2026-03-28T12.00Z",
		"+2026-03-28T12:00Z",
		"-2026-03-28T12:00Z",
		"2026-03-28T12:00UTC",
		"2026-03-28T12:00:00,5Z",
		"2026-03-28T12:00:00Z\n",
		"2O26-03-28T12:00Z",         /* letter O */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		long long t = 4242;
		if (ts_parse(bad[i], &t) != -1)
			fail_msg("\"%s\" should be refused", bad[i]);
		if (t != 4242)
			fail_msg("\"%s\" changed the result", bad[i]);
	}
	long long t = 4242;
	assert_int_equal(ts_parse(NULL, &t), -1);
	assert_int_equal(t, 4242);
	/* A short buffer is not read past its NUL (ASan holds us to it). */
	char *heap = malloc(11);
	assert_non_null(heap);
	memcpy(heap, "2026-03-28", 11);
	assert_int_equal(ts_parse(heap, &t), -1);
	memcpy(heap, "2026-03-2", 10);
	assert_int_equal(ts_parse(heap, &t), -1);
	free(heap);
}

static void test_format(void **state)
{
	(void)state;
	char out[TS_LEN];
	ts_format(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	ts_format(1767225600LL, out);
	assert_string_equal(out, "2026-01-01T00:00:00Z");
	ts_format(1774695600LL, out);
	assert_string_equal(out, "2026-03-28T11:00:00Z");
	ts_format(U(2024, 2, 29, 23, 59, 59), out);
	assert_string_equal(out, "2024-02-29T23:59:59Z");
	ts_format(-1, out);
	assert_string_equal(out, "1969-12-31T23:59:59Z");
	ts_format(U(2999, 12, 31, 23, 59, 59), out);
	assert_string_equal(out, "2999-12-31T23:59:59Z");
	/* Beyond four-digit years: the nearest end, never a longer string. */
	ts_format(253402300799LL + 1000, out);
	assert_string_equal(out, "9999-12-31T23:59:59Z");
	ts_format(-62167219200LL - 1000, out);
	assert_string_equal(out, "0000-01-01T00:00:00Z");
	/* Parse and format agree, every day of two years at odd times. */
	char in[TS_LEN];
	for (long long t = U(2027, 1, 1, 0, 0, 0); t < U(2029, 1, 1, 0, 0, 0); t += DAY + 3661) {
		ts_format(t, in);
		assert_int_equal(parsed(in), t);
	}
}

/* ---- zones -------------------------------------------------------------- */

static void test_zones(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		int std;
		int dst;
	} want[] = {
		{ "Europe/Stockholm", 60, 1 }, { "Europe/Helsinki", 120, 1 },
		{ "Europe/Oslo", 60, 1 },      { "Europe/Copenhagen", 60, 1 },
		{ "Europe/Berlin", 60, 1 },    { "Europe/London", 0, 1 },
		{ "UTC", 0, 0 },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const struct tzone *z = tzone_find(want[i].name);
		if (!z)
			fail_msg("%s should be known", want[i].name);
		assert_string_equal(z->name, want[i].name);
		assert_int_equal(z->std_min, want[i].std);
		assert_int_equal(z->eu_dst, want[i].dst);
	}
	assert_null(tzone_find(NULL));
	assert_null(tzone_find(""));
	assert_null(tzone_find("Europe/Atlantis"));
	assert_null(tzone_find("europe/stockholm"));
	assert_null(tzone_find("Europe/Stockholm "));
	assert_null(tzone_find("CET"));
	assert_string_equal(tzone_default()->name, "Europe/Stockholm");
}

static void test_offsets(void **state)
{
	(void)state;
	const struct tzone *z = sthlm();
	/* 2026: summer time from Sunday 29 March to Sunday 25 October,
	 * 01:00 UTC both times. */
	long long spring = U(2026, 3, 29, 1, 0, 0), autumn = U(2026, 10, 25, 1, 0, 0);
	assert_int_equal(tzone_offset(z, spring - 1), 60);
	assert_int_equal(tzone_offset(z, spring), 120);
	assert_int_equal(tzone_offset(z, autumn - 1), 120);
	assert_int_equal(tzone_offset(z, autumn), 60);
	assert_int_equal(tzone_offset(z, U(2026, 1, 15, 12, 0, 0)), 60);
	assert_int_equal(tzone_offset(z, U(2026, 7, 15, 12, 0, 0)), 120);
	assert_int_equal(tzone_offset(z, U(2026, 12, 31, 23, 59, 59)), 60);
	/* 2027: 28 March and 31 October. */
	assert_int_equal(tzone_offset(z, U(2027, 3, 28, 0, 59, 59)), 60);
	assert_int_equal(tzone_offset(z, U(2027, 3, 28, 1, 0, 0)), 120);
	assert_int_equal(tzone_offset(z, U(2027, 10, 31, 0, 59, 59)), 120);
	assert_int_equal(tzone_offset(z, U(2027, 10, 31, 1, 0, 0)), 60);
	/* 2024, a leap year: 31 March and 27 October. */
	assert_int_equal(tzone_offset(z, U(2024, 3, 31, 0, 59, 59)), 60);
	assert_int_equal(tzone_offset(z, U(2024, 3, 31, 1, 0, 0)), 120);
	assert_int_equal(tzone_offset(z, U(2024, 10, 27, 0, 59, 59)), 120);
	assert_int_equal(tzone_offset(z, U(2024, 10, 27, 1, 0, 0)), 60);
	/* The same instant everywhere in the EU, other offsets. */
	assert_int_equal(tzone_offset(tzone_find("Europe/Helsinki"), spring - 1), 120);
	assert_int_equal(tzone_offset(tzone_find("Europe/Helsinki"), spring), 180);
	assert_int_equal(tzone_offset(tzone_find("Europe/London"), spring - 1), 0);
	assert_int_equal(tzone_offset(tzone_find("Europe/London"), spring), 60);
	assert_int_equal(tzone_offset(tzone_find("UTC"), spring), 0);
	assert_int_equal(tzone_offset(tzone_find("UTC"), U(2026, 7, 1, 0, 0, 0)), 0);
	/* NULL is the default zone. */
	assert_int_equal(tzone_offset(NULL, spring), 120);
	assert_int_equal(tzone_offset(NULL, autumn), 60);
}

/* Every zone in the table against the system's tz database, at 00:59:59
 * and 01:00:00 UTC of every day 2003..2040 (the changes are at 01:00 UTC)
 * and at noon; before 2003 the Baltic states and Portugal had other rules. A zone whose file is not installed is left out; with none
 * installed the test is skipped. */
static void test_against_tzdata(void **state)
{
	(void)state;
	static const char *const names[] = {
		"Europe/Stockholm", "Europe/Helsinki", "Europe/Mariehamn", "Europe/Oslo",
		"Europe/Copenhagen", "Europe/Berlin", "Europe/Amsterdam", "Europe/Brussels",
		"Europe/Paris", "Europe/Vienna", "Europe/Warsaw", "Europe/Prague",
		"Europe/Rome", "Europe/Madrid", "Europe/Tallinn", "Europe/Riga",
		"Europe/Vilnius", "Europe/London", "Europe/Dublin", "Europe/Lisbon",
		"Atlantic/Reykjavik", "UTC", "Etc/UTC",
	};
	char *old = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
	int checked = 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const struct tzone *z = tzone_find(names[i]);
		if (!z)
			fail_msg("%s should be known", names[i]);
		char path[128];
		snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", names[i]);
		if (access(path, R_OK) != 0)
			continue;
		setenv("TZ", names[i], 1);
		tzset();
		for (long long day = U(2003, 1, 1, 0, 0, 0); day < U(2041, 1, 1, 0, 0, 0); day += DAY) {
			static const long long at[] = { HOUR - 1, HOUR, 12 * HOUR };
			for (size_t k = 0; k < 3; k++) {
				time_t t = (time_t)(day + at[k]);
				struct tm tm;
				localtime_r(&t, &tm);
				if (tzone_offset(z, t) * 60 != tm.tm_gmtoff)
					fail_msg("%s at %lld: %d min, tz database %ld s", names[i],
					         (long long)t, tzone_offset(z, t), (long)tm.tm_gmtoff);
			}
		}
		checked++;
	}
	if (old)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old);
	if (!checked)
		skip();
}

/* ---- local wall times --------------------------------------------------- */

static void test_local(void **state)
{
	(void)state;
	const struct tzone *z = sthlm();
	char out[TS_LOCAL_LEN];
	/* Winter and summer. */
	assert_int_equal(from_local(z, "2026-01-15T12:00"), U(2026, 1, 15, 11, 0, 0));
	assert_int_equal(from_local(z, "2026-07-15T12:00"), U(2026, 7, 15, 10, 0, 0));
	assert_int_equal(from_local(z, "2026-07-15T12:00:30"), U(2026, 7, 15, 10, 0, 30));
	assert_int_equal(from_local(z, "2026-07-15 12:00"), U(2026, 7, 15, 10, 0, 0));
	assert_int_equal(from_local(z, "2027-01-01T00:30"), U(2026, 12, 31, 23, 30, 0));
	assert_int_equal(from_local(NULL, "2026-07-15T12:00"), U(2026, 7, 15, 10, 0, 0));
	assert_int_equal(from_local(tzone_find("UTC"), "2026-07-15T12:00"), U(2026, 7, 15, 12, 0, 0));
	assert_int_equal(from_local(tzone_find("Europe/Helsinki"), "2026-07-15T12:00"),
	                 U(2026, 7, 15, 9, 0, 0));
	assert_int_equal(from_local(tzone_find("Europe/London"), "2026-07-15T12:00"),
	                 U(2026, 7, 15, 11, 0, 0));

	ts_to_local(z, U(2026, 1, 15, 11, 0, 0), out);
	assert_string_equal(out, "2026-01-15 12:00");
	ts_to_local(z, U(2026, 7, 15, 10, 0, 59), out);
	assert_string_equal(out, "2026-07-15 12:00");
	ts_to_local_input(z, U(2026, 7, 15, 10, 0, 0), out);
	assert_string_equal(out, "2026-07-15T12:00");
	ts_to_local(z, U(2026, 12, 31, 23, 30, 0), out);
	assert_string_equal(out, "2027-01-01 00:30");
	ts_to_local(tzone_find("UTC"), U(2026, 12, 31, 23, 30, 0), out);
	assert_string_equal(out, "2026-12-31 23:30");

	/* March 2026: 02:00..02:59 on the 29th does not exist. It is read
	 * with the offset before the change, +01:00, and so lands in summer
	 * time an hour later on the clock. */
	assert_int_equal(from_local(z, "2026-03-29T01:59"), U(2026, 3, 29, 0, 59, 0));
	assert_int_equal(from_local(z, "2026-03-29T02:00"), U(2026, 3, 29, 1, 0, 0));
	assert_int_equal(from_local(z, "2026-03-29T02:30"), U(2026, 3, 29, 1, 30, 0));
	assert_int_equal(from_local(z, "2026-03-29T02:59:59"), U(2026, 3, 29, 1, 59, 59));
	assert_int_equal(from_local(z, "2026-03-29T03:00"), U(2026, 3, 29, 1, 0, 0));
	assert_int_equal(from_local(z, "2026-03-29T03:30"), U(2026, 3, 29, 1, 30, 0));
	ts_to_local(z, U(2026, 3, 29, 1, 30, 0), out);
	assert_string_equal(out, "2026-03-29 03:30");
	ts_to_local(z, U(2026, 3, 29, 0, 59, 0), out);
	assert_string_equal(out, "2026-03-29 01:59");

	/* October 2026: 02:00..02:59 on the 25th happens twice, first in
	 * summer time (00:00..00:59 UTC), then in standard time (01:00..01:59
	 * UTC); the wall time is read as the first. */
	assert_int_equal(from_local(z, "2026-10-25T01:59"), U(2026, 10, 24, 23, 59, 0));
	assert_int_equal(from_local(z, "2026-10-25T02:00"), U(2026, 10, 25, 0, 0, 0));
	assert_int_equal(from_local(z, "2026-10-25T02:30"), U(2026, 10, 25, 0, 30, 0));
	assert_int_equal(from_local(z, "2026-10-25T02:59:59"), U(2026, 10, 25, 0, 59, 59));
	assert_int_equal(from_local(z, "2026-10-25T03:00"), U(2026, 10, 25, 2, 0, 0));
	ts_to_local(z, U(2026, 10, 25, 0, 30, 0), out);
	assert_string_equal(out, "2026-10-25 02:30");
	ts_to_local(z, U(2026, 10, 25, 1, 30, 0), out);
	assert_string_equal(out, "2026-10-25 02:30");

	/* Malformed local times change nothing. */
	static const char *const bad[] = {
		"", "2026-07-15", "2026-07-15T12", "2026-07-15T12:00Z", "2026-07-15T12:00+02:00",
		"2026-02-29T12:00", "2026-07-15T24:00", "2026-07-15T12:60", "1969-12-31T23:59",
		"3000-01-01T00:00", "2026-07-15T12:00 ", "15/07/2026 12:00", "nonsense",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		long long t = 4242;
		if (ts_from_local(z, bad[i], &t) != -1)
			fail_msg("local \"%s\" should be refused", bad[i]);
		assert_int_equal(t, 4242);
	}
	long long t = 4242;
	assert_int_equal(ts_from_local(z, NULL, &t), -1);
	assert_int_equal(t, 4242);
}

/* For every minute of 2026 and 2027, the datetime-local value read back
 * gives the same instant, except in the second pass of the repeated
 * October hour, which reads back as the first pass, an hour earlier. */
static void test_local_round_trip(void **state)
{
	(void)state;
	const struct tzone *z = sthlm();
	const long long repeated[] = { U(2026, 10, 25, 1, 0, 0), U(2027, 10, 31, 1, 0, 0) };
	char in[TS_LOCAL_LEN];
	long long n = 0, shifted = 0;
	for (long long t = U(2026, 1, 1, 0, 0, 0); t < U(2028, 1, 1, 0, 0, 0); t += 60, n++) {
		ts_to_local_input(z, t, in);
		long long back = -1;
		if (ts_from_local(z, in, &back) != 0)
			fail_msg("%s (from %lld) does not read back", in, t);
		long long want = t;
		for (size_t i = 0; i < 2; i++)
			if (t >= repeated[i] && t < repeated[i] + HOUR)
				want = t - HOUR;
		if (back != want)
			fail_msg("%lld -> %s -> %lld, want %lld", t, in, back, want);
		shifted += want != t;
	}
	assert_int_equal(n, (365 + 365) * 24 * 60);
	assert_int_equal(shifted, 2 * 60);
	/* Helsinki changes at the same instant, at other wall times. */
	const struct tzone *h = tzone_find("Europe/Helsinki");
	for (long long t = U(2026, 10, 24, 0, 0, 0); t < U(2026, 10, 26, 0, 0, 0); t += 60) {
		ts_to_local_input(h, t, in);
		long long back = -1;
		assert_int_equal(ts_from_local(h, in, &back), 0);
		assert_int_equal(back, t >= repeated[0] && t < repeated[0] + HOUR ? t - HOUR : t);
	}
}

/* ---- months ------------------------------------------------------------- */

static void test_add_month(void **state)
{
	(void)state;
	const struct tzone *z = sthlm();
	/* Same local date and time; the hour of UTC follows the offset. */
	assert_int_equal(ts_add_month(z, U(2026, 1, 15, 11, 0, 0)), U(2026, 2, 15, 11, 0, 0));
	assert_int_equal(ts_add_month(z, U(2026, 6, 15, 10, 0, 7)), U(2026, 7, 15, 10, 0, 7));
	/* Clamped to the end of the month. */
	assert_int_equal(ts_add_month(z, U(2026, 1, 31, 9, 0, 0)), U(2026, 2, 28, 9, 0, 0));
	assert_int_equal(ts_add_month(z, U(2028, 1, 31, 9, 0, 0)), U(2028, 2, 29, 9, 0, 0));
	assert_int_equal(ts_add_month(z, U(2028, 1, 29, 9, 0, 0)), U(2028, 2, 29, 9, 0, 0));
	/* 29 February 2028 10:00 +01:00 -> 29 March 10:00, summer time since
	 * the 26th. */
	assert_int_equal(ts_add_month(z, U(2028, 2, 29, 9, 0, 0)), U(2028, 3, 29, 8, 0, 0));
	assert_int_equal(ts_add_month(z, U(2026, 5, 31, 10, 0, 0)), U(2026, 6, 30, 10, 0, 0));
	assert_int_equal(ts_add_month(z, U(2026, 8, 31, 10, 0, 0)), U(2026, 9, 30, 10, 0, 0));
	/* 31 March 12:00 summer time -> 30 April 12:00 summer time. */
	assert_int_equal(ts_add_month(z, U(2026, 3, 31, 10, 0, 0)), U(2026, 4, 30, 10, 0, 0));
	/* 31 December -> 31 January of the next year. */
	assert_int_equal(ts_add_month(z, U(2026, 12, 31, 11, 0, 0)), U(2027, 1, 31, 11, 0, 0));
	/* The local date, not the UTC date: 1 March 00:30 local is still
	 * 28 February in UTC. */
	assert_int_equal(ts_add_month(z, U(2026, 2, 28, 23, 30, 0)), U(2026, 3, 31, 22, 30, 0));
	assert_int_equal(ts_add_month(tzone_find("UTC"), U(2026, 2, 28, 23, 30, 0)),
	                 U(2026, 3, 28, 23, 30, 0));
	/* Across the March change: 12:00 +01:00 -> 12:00 +02:00, 31 days less
	 * an hour. */
	assert_int_equal(ts_add_month(z, U(2026, 3, 15, 11, 0, 0)), U(2026, 4, 15, 10, 0, 0));
	/* Across the October change: 12:00 +02:00 -> 12:00 +01:00. */
	assert_int_equal(ts_add_month(z, U(2026, 10, 10, 10, 0, 0)), U(2026, 11, 10, 11, 0, 0));
	/* Into the skipped hour: 28 March 2027 02:30 does not exist, read as
	 * 03:30 summer time. */
	assert_int_equal(ts_add_month(z, U(2027, 2, 28, 1, 30, 0)), U(2027, 3, 28, 1, 30, 0));
	/* Into the repeated hour: 25 October 2026 02:30 is read as the first
	 * pass (summer time). */
	assert_int_equal(ts_add_month(z, U(2026, 9, 25, 0, 30, 0)), U(2026, 10, 25, 0, 30, 0));
	/* From the second pass of the repeated hour (02:30 +01:00). */
	assert_int_equal(ts_add_month(z, U(2026, 10, 25, 1, 30, 0)), U(2026, 11, 25, 1, 30, 0));
	/* NULL is the default zone. */
	assert_int_equal(ts_add_month(NULL, U(2026, 3, 15, 11, 0, 0)), U(2026, 4, 15, 10, 0, 0));
}

/* ---- deadlines ---------------------------------------------------------- */

static void test_kind_codes(void **state)
{
	(void)state;
	static const char *const codes[] = {
		"nis2_early_warning", "nis2_notification", "nis2_progress_report",
		"nis2_final_report", "gdpr_notification",
	};
	assert_int_equal(DL_KIND_COUNT, 5);
	for (int k = 0; k < DL_KIND_COUNT; k++) {
		assert_string_equal(deadline_kind_code((enum deadline_kind)k), codes[k]);
		assert_int_equal(deadline_kind_from_code(codes[k]), k);
	}
	assert_null(deadline_kind_code(DL_KIND_COUNT));
	assert_null(deadline_kind_code((enum deadline_kind)-1));
	assert_int_equal(deadline_kind_from_code(NULL), -1);
	assert_int_equal(deadline_kind_from_code(""), -1);
	assert_int_equal(deadline_kind_from_code("nis2_final"), -1);
	assert_int_equal(deadline_kind_from_code("NIS2_EARLY_WARNING"), -1);
	assert_int_equal(deadline_kind_from_code("gdpr_notification "), -1);
}

/* The deadlines f gives, checked against want[0..n-1]. */
static void expect(const struct deadline_facts *f, const struct deadline *want, size_t n)
{
	struct deadline got[DL_KIND_COUNT + 1];
	memset(got, 0xab, sizeof got);
	size_t m = deadline_compute(f, got);
	if (m != n)
		fail_msg("%zu deadlines, want %zu", m, n);
	for (size_t i = 0; i < n; i++) {
		if (got[i].kind != want[i].kind || got[i].due_at != want[i].due_at) {
			char a[TS_LEN], b[TS_LEN];
			ts_format(got[i].due_at, a);
			ts_format(want[i].due_at, b);
			fail_msg("deadline %zu: %s %s (%lld), want %s %s (%lld)", i,
			         deadline_kind_code(got[i].kind), a, got[i].due_at,
			         deadline_kind_code(want[i].kind), b, want[i].due_at);
		}
	}
}

/* Aware Monday 4 May 2026 10:00 local (08:00 UTC), summer time throughout. */
#define MAY_AWARE U(2026, 5, 4, 8, 0, 0)

static struct deadline_facts may_facts(void)
{
	return (struct deadline_facts){
		.aware_at = MAY_AWARE, .significant = 1, .now = MAY_AWARE + HOUR, .tz = sthlm(),
	};
}

static void test_nis2_and_gdpr(void **state)
{
	(void)state;
	struct deadline_facts f = may_facts();
	/* Notification due Thursday 7 May 10:00 local; the final report a
	 * month later, 7 June 10:00 local (08:00 UTC). */
	const struct deadline nis2[] = {
		{ DL_NIS2_EARLY_WARNING, U(2026, 5, 5, 8, 0, 0) },
		{ DL_NIS2_NOTIFICATION, U(2026, 5, 7, 8, 0, 0) },
		{ DL_NIS2_FINAL, U(2026, 6, 7, 8, 0, 0) },
		{ DL_GDPR, U(2026, 5, 7, 8, 0, 0) },
	};
	expect(&f, nis2, 3);
	/* A personal-data breach too: IMY within 72 h, after the NIS2 ones. */
	f.personal_data_breach = 1;
	expect(&f, nis2, 4);
	/* Not significant: GDPR only. */
	f.significant = 0;
	expect(&f, nis2 + 3, 1);
	/* Neither: nothing, whatever else is known. */
	f.personal_data_breach = 0;
	f.notification_sent = U(2026, 5, 5, 0, 0, 0);
	f.handled_at = U(2026, 7, 1, 0, 0, 0);
	f.now = U(2026, 8, 1, 0, 0, 0);
	expect(&f, NULL, 0);
	/* Awareness not known: the kinds, without dates. */
	f = may_facts();
	f.aware_at = 0;
	f.personal_data_breach = 1;
	const struct deadline unknown[] = {
		{ DL_NIS2_EARLY_WARNING, 0 }, { DL_NIS2_NOTIFICATION, 0 },
		{ DL_NIS2_FINAL, 0 }, { DL_GDPR, 0 },
	};
	expect(&f, unknown, 4);
	/* ... unless the notification was sent, which the final counts from. */
	f.notification_sent = U(2026, 5, 6, 8, 0, 0);
	const struct deadline sent[] = {
		{ DL_NIS2_EARLY_WARNING, 0 }, { DL_NIS2_NOTIFICATION, 0 },
		{ DL_NIS2_FINAL, U(2026, 6, 6, 8, 0, 0) }, { DL_GDPR, 0 },
	};
	expect(&f, sent, 4);
	/* A NULL zone is the default zone. */
	f = may_facts();
	f.tz = NULL;
	expect(&f, nis2, 3);
}

static void test_awareness_moved(void **state)
{
	(void)state;
	struct deadline_facts f = may_facts();
	f.personal_data_breach = 1;
	/* Five hours later: 15:00 local; every deadline moves with it. */
	f.aware_at = MAY_AWARE + 5 * HOUR;
	const struct deadline later[] = {
		{ DL_NIS2_EARLY_WARNING, U(2026, 5, 5, 13, 0, 0) },
		{ DL_NIS2_NOTIFICATION, U(2026, 5, 7, 13, 0, 0) },
		{ DL_NIS2_FINAL, U(2026, 6, 7, 13, 0, 0) },
		{ DL_GDPR, U(2026, 5, 7, 13, 0, 0) },
	};
	expect(&f, later, 4);
	/* Three days and two hours earlier: Friday 1 May 08:00 local. */
	f.aware_at = MAY_AWARE - 3 * DAY - 2 * HOUR;
	const struct deadline earlier[] = {
		{ DL_NIS2_EARLY_WARNING, U(2026, 5, 2, 6, 0, 0) },
		{ DL_NIS2_NOTIFICATION, U(2026, 5, 4, 6, 0, 0) },
		{ DL_NIS2_FINAL, U(2026, 6, 4, 6, 0, 0) },
		{ DL_GDPR, U(2026, 5, 4, 6, 0, 0) },
	};
	expect(&f, earlier, 4);
	/* Moved across the end of a month: aware 28 May 12:00 local, the
	 * notification due 31 May 12:00, the final report clamped to 30 June. */
	f.aware_at = U(2026, 5, 28, 10, 0, 0);
	f.now = f.aware_at;
	const struct deadline month_end[] = {
		{ DL_NIS2_EARLY_WARNING, U(2026, 5, 29, 10, 0, 0) },
		{ DL_NIS2_NOTIFICATION, U(2026, 5, 31, 10, 0, 0) },
		{ DL_NIS2_FINAL, U(2026, 6, 30, 10, 0, 0) },
		{ DL_GDPR, U(2026, 5, 31, 10, 0, 0) },
	};
	expect(&f, month_end, 4);
}

/* 24 h and 72 h are real elapsed hours, so across a change the wall clock
 * shows another hour. */
static void test_dst_deadlines(void **state)
{
	(void)state;
	char local[TS_LOCAL_LEN];
	struct deadline_facts f = {
		.aware_at = parsed("2026-03-28T12:00+01:00"), .significant = 1,
		.personal_data_breach = 1, .tz = sthlm(),
	};
	f.now = f.aware_at;
	/* Early warning 29 March 11:00 UTC = 13:00 summer time; notification
	 * 31 March 11:00 UTC = 13:00; the final report 30 April 13:00 local
	 * (31 April does not exist). */
	const struct deadline spring[] = {
		{ DL_NIS2_EARLY_WARNING, U(2026, 3, 29, 11, 0, 0) },
		{ DL_NIS2_NOTIFICATION, U(2026, 3, 31, 11, 0, 0) },
		{ DL_NIS2_FINAL, U(2026, 4, 30, 11, 0, 0) },
		{ DL_GDPR, U(2026, 3, 31, 11, 0, 0) },
	};
	expect(&f, spring, 4);
	ts_to_local(f.tz, U(2026, 3, 29, 11, 0, 0), local);
	assert_string_equal(local, "2026-03-29 13:00");

	/* Aware 24 October 12:00 summer time (10:00 UTC): early warning
	 * 25 October 10:00 UTC = 11:00 standard time; notification 27 October
	 * 11:00 local; final 27 November 11:00 local. */
	f.aware_at = parsed("2026-10-24T12:00+02:00");
	f.now = f.aware_at;
	const struct deadline autumn[] = {
		{ DL_NIS2_EARLY_WARNING, U(2026, 10, 25, 10, 0, 0) },
		{ DL_NIS2_NOTIFICATION, U(2026, 10, 27, 10, 0, 0) },
		{ DL_NIS2_FINAL, U(2026, 11, 27, 10, 0, 0) },
		{ DL_GDPR, U(2026, 10, 27, 10, 0, 0) },
	};
	expect(&f, autumn, 4);
	ts_to_local(f.tz, U(2026, 10, 25, 10, 0, 0), local);
	assert_string_equal(local, "2026-10-25 11:00");

	/* Aware in the repeated hour's second pass, 02:30 +01:00. */
	f.aware_at = parsed("2026-10-25T02:30+01:00");
	f.now = f.aware_at;
	const struct deadline repeated[] = {
		{ DL_NIS2_EARLY_WARNING, U(2026, 10, 26, 1, 30, 0) },
		{ DL_NIS2_NOTIFICATION, U(2026, 10, 28, 1, 30, 0) },
		{ DL_NIS2_FINAL, U(2026, 11, 28, 1, 30, 0) },
		{ DL_GDPR, U(2026, 10, 28, 1, 30, 0) },
	};
	expect(&f, repeated, 4);

	/* The same awareness written with another offset gives the same
	 * deadlines. */
	f.aware_at = parsed("2026-03-28T06:00-05:00");
	f.now = f.aware_at;
	expect(&f, spring, 4);

	/* The organisation's zone decides the final report's wall time: in
	 * UTC the month is counted from 31 March 11:00 UTC. */
	f.tz = tzone_find("UTC");
	const struct deadline utc[] = {
		{ DL_NIS2_EARLY_WARNING, U(2026, 3, 29, 11, 0, 0) },
		{ DL_NIS2_NOTIFICATION, U(2026, 3, 31, 11, 0, 0) },
		{ DL_NIS2_FINAL, U(2026, 4, 30, 11, 0, 0) },
		{ DL_GDPR, U(2026, 3, 31, 11, 0, 0) },
	};
	expect(&f, utc, 4);
	f.aware_at = U(2026, 3, 1, 12, 0, 0);
	f.now = f.aware_at;
	const struct deadline utc_march[] = {
		{ DL_NIS2_EARLY_WARNING, U(2026, 3, 2, 12, 0, 0) },
		{ DL_NIS2_NOTIFICATION, U(2026, 3, 4, 12, 0, 0) },
		{ DL_NIS2_FINAL, U(2026, 4, 4, 12, 0, 0) },
		{ DL_GDPR, U(2026, 3, 4, 12, 0, 0) },
	};
	expect(&f, utc_march, 4);
	/* In Stockholm 4 March 13:00 +01:00 becomes 4 April 13:00 +02:00. */
	f.tz = sthlm();
	const struct deadline sthlm_march[] = {
		{ DL_NIS2_EARLY_WARNING, U(2026, 3, 2, 12, 0, 0) },
		{ DL_NIS2_NOTIFICATION, U(2026, 3, 4, 12, 0, 0) },
		{ DL_NIS2_FINAL, U(2026, 4, 4, 11, 0, 0) },
		{ DL_GDPR, U(2026, 3, 4, 12, 0, 0) },
	};
	expect(&f, sthlm_march, 4);
}

static void test_notification_sent(void **state)
{
	(void)state;
	struct deadline_facts f = may_facts();
	/* Sent early, 4 May 22:00 local: the final report is due 4 June
	 * 22:00 local, before the one counted from the deadline. */
	f.notification_sent = U(2026, 5, 4, 20, 0, 0);
	const struct deadline early[] = {
		{ DL_NIS2_EARLY_WARNING, U(2026, 5, 5, 8, 0, 0) },
		{ DL_NIS2_NOTIFICATION, U(2026, 5, 7, 8, 0, 0) },
		{ DL_NIS2_FINAL, U(2026, 6, 4, 20, 0, 0) },
	};
	expect(&f, early, 3);
	/* Sent late, 9 May 08:30 local: due 9 June 08:30 local. The
	 * notification's own deadline does not move. */
	f.notification_sent = U(2026, 5, 9, 6, 30, 0);
	const struct deadline late[] = {
		{ DL_NIS2_EARLY_WARNING, U(2026, 5, 5, 8, 0, 0) },
		{ DL_NIS2_NOTIFICATION, U(2026, 5, 7, 8, 0, 0) },
		{ DL_NIS2_FINAL, U(2026, 6, 9, 6, 30, 0) },
	};
	expect(&f, late, 3);
	/* Sent on 31 July: due 31 August; on 31 August: due 30 September. */
	f.notification_sent = U(2026, 7, 31, 9, 0, 0);
	const struct deadline july[] = {
		{ DL_NIS2_EARLY_WARNING, U(2026, 5, 5, 8, 0, 0) },
		{ DL_NIS2_NOTIFICATION, U(2026, 5, 7, 8, 0, 0) },
		{ DL_NIS2_FINAL, U(2026, 8, 31, 9, 0, 0) },
	};
	expect(&f, july, 3);
	f.notification_sent = U(2026, 8, 31, 9, 0, 0);
	const struct deadline august[] = {
		{ DL_NIS2_EARLY_WARNING, U(2026, 5, 5, 8, 0, 0) },
		{ DL_NIS2_NOTIFICATION, U(2026, 5, 7, 8, 0, 0) },
		{ DL_NIS2_FINAL, U(2026, 9, 30, 9, 0, 0) },
	};
	expect(&f, august, 3);
}

static void test_progress_report(void **state)
{
	(void)state;
	const long long final = U(2026, 6, 7, 8, 0, 0); /* from may_facts */
	struct deadline_facts f = may_facts();

	/* Still being handled, the deadline not yet reached: the final report. */
	f.now = final - 1;
	const struct deadline before[] = {
		{ DL_NIS2_EARLY_WARNING, U(2026, 5, 5, 8, 0, 0) },
		{ DL_NIS2_NOTIFICATION, U(2026, 5, 7, 8, 0, 0) },
		{ DL_NIS2_FINAL, final },
	};
	expect(&f, before, 3);

	/* Still being handled at the deadline: a progress report due then,
	 * the final report's date not yet known. */
	const struct deadline handling[] = {
		{ DL_NIS2_EARLY_WARNING, U(2026, 5, 5, 8, 0, 0) },
		{ DL_NIS2_NOTIFICATION, U(2026, 5, 7, 8, 0, 0) },
		{ DL_NIS2_PROGRESS, final },
		{ DL_NIS2_FINAL, 0 },
		{ DL_GDPR, U(2026, 5, 7, 8, 0, 0) },
	};
	f.now = final;
	expect(&f, handling, 4);
	f.now = final + 40 * DAY;
	expect(&f, handling, 4);
	f.personal_data_breach = 1;
	expect(&f, handling, 5);
	f.personal_data_breach = 0;

	/* Handling ended after the deadline, 20 June 14:00 local: the
	 * progress report stays, the final report is due 20 July 14:00. */
	f.handled_at = U(2026, 6, 20, 12, 0, 0);
	f.now = f.handled_at + HOUR;
	const struct deadline after[] = {
		{ DL_NIS2_EARLY_WARNING, U(2026, 5, 5, 8, 0, 0) },
		{ DL_NIS2_NOTIFICATION, U(2026, 5, 7, 8, 0, 0) },
		{ DL_NIS2_PROGRESS, final },
		{ DL_NIS2_FINAL, U(2026, 7, 20, 12, 0, 0) },
	};
	expect(&f, after, 4);
	/* ... and it is the same whatever now is. */
	f.now = MAY_AWARE;
	expect(&f, after, 4);
	/* Handling ended on 31 October 2026 10:00 local, after the October
	 * change: the final report 30 November 10:00 (09:00 UTC). */
	f.handled_at = U(2026, 10, 31, 9, 0, 0);
	const struct deadline autumn[] = {
		{ DL_NIS2_EARLY_WARNING, U(2026, 5, 5, 8, 0, 0) },
		{ DL_NIS2_NOTIFICATION, U(2026, 5, 7, 8, 0, 0) },
		{ DL_NIS2_PROGRESS, final },
		{ DL_NIS2_FINAL, U(2026, 11, 30, 9, 0, 0) },
	};
	expect(&f, autumn, 4);

	/* Handling ended before the deadline (or exactly at it): no progress
	 * report, the final report at the deadline. */
	f.handled_at = U(2026, 6, 1, 0, 0, 0);
	f.now = final + 10 * DAY;
	expect(&f, before, 3);
	f.handled_at = final;
	expect(&f, before, 3);
	f.handled_at = final + 1;
	const struct deadline just_after[] = {
		{ DL_NIS2_EARLY_WARNING, U(2026, 5, 5, 8, 0, 0) },
		{ DL_NIS2_NOTIFICATION, U(2026, 5, 7, 8, 0, 0) },
		{ DL_NIS2_PROGRESS, final },
		{ DL_NIS2_FINAL, U(2026, 7, 7, 8, 0, 1) },
	};
	expect(&f, just_after, 4);

	/* The progress deadline counts from the notification as sent: sent
	 * 5 May 12:00 local, still handling on 5 June 12:00 local. */
	f.notification_sent = U(2026, 5, 5, 10, 0, 0);
	f.handled_at = 0;
	f.now = U(2026, 6, 5, 10, 0, 0);
	const struct deadline sent[] = {
		{ DL_NIS2_EARLY_WARNING, U(2026, 5, 5, 8, 0, 0) },
		{ DL_NIS2_NOTIFICATION, U(2026, 5, 7, 8, 0, 0) },
		{ DL_NIS2_PROGRESS, U(2026, 6, 5, 10, 0, 0) },
		{ DL_NIS2_FINAL, 0 },
	};
	expect(&f, sent, 4);
	f.now -= 1;
	const struct deadline sent_before[] = {
		{ DL_NIS2_EARLY_WARNING, U(2026, 5, 5, 8, 0, 0) },
		{ DL_NIS2_NOTIFICATION, U(2026, 5, 7, 8, 0, 0) },
		{ DL_NIS2_FINAL, U(2026, 6, 5, 10, 0, 0) },
	};
	expect(&f, sent_before, 3);
	/* Not significant: no progress report however long it goes on. */
	f.significant = 0;
	f.now = U(2027, 1, 1, 0, 0, 0);
	expect(&f, NULL, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_offsets),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_zones),
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_against_tzdata),
		cmocka_unit_test(test_local),
		cmocka_unit_test(test_local_round_trip),
		cmocka_unit_test(test_add_month),
		cmocka_unit_test(test_kind_codes),
		cmocka_unit_test(test_nis2_and_gdpr),
		cmocka_unit_test(test_awareness_moved),
		cmocka_unit_test(test_dst_deadlines),
		cmocka_unit_test(test_notification_sent),
		cmocka_unit_test(test_progress_report),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

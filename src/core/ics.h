/*
 * ics: an iCalendar (RFC 5545) writer for the calendar feeds. Pure: it
 * writes into a buffer. Lines end in CRLF and are folded at 75 octets
 * (never inside a UTF-8 character); TEXT values escape backslash,
 * semicolon, comma and newline. Events are all-day: DTSTART;VALUE=DATE
 * and DTEND the next day (DTEND is exclusive, RFC 5545 3.6.1).
 */
#ifndef TILLIT_ICS_H
#define TILLIT_ICS_H

#include "util/buf.h"

struct ics_event {
	const char *uid;         /* stable across requests: same event, same UID */
	const char *date;        /* "YYYY-MM-DD" */
	const char *summary;     /* TEXT */
	const char *description; /* TEXT or NULL */
	const char *url;         /* the record's address or NULL */
	int alarm_days;          /* a display alarm this many days before; <0: none */
};

/* BEGIN:VCALENDAR with VERSION, PRODID, CALSCALE, METHOD and the
 * calendar's name (X-WR-CALNAME). */
void ics_begin(struct buf *b, const char *prodid, const char *calname);
/* One VEVENT; dtstamp is UTC "YYYYMMDDTHHMMSSZ". 0, or -1 (nothing
 * written) when ev->date is not a valid date or uid is empty. */
int ics_event(struct buf *b, const struct ics_event *ev, const char *dtstamp);
/* END:VCALENDAR. */
void ics_end(struct buf *b);
/* One content line "name:value" (value already in its form: escaped
 * TEXT, a date ...), folded and ended with CRLF. */
void ics_line(struct buf *b, const char *name, const char *value);
/* value as an escaped TEXT value, appended to out. */
void ics_text(struct buf *out, const char *value);

#endif

/*
 * clock: the current time in the forms Tillit stores and shows. Stored times
 * are UTC ISO 8601 with milliseconds ("2026-11-22T18:41:03.123Z"); dates the
 * user sees ("today", deadlines) are in the organisation's time zone,
 * Europe/Stockholm unless TZ says otherwise.
 */
#ifndef TILLIT_CLOCK_H
#define TILLIT_CLOCK_H

#include <stddef.h>

#define CLOCK_ISO_LEN 25 /* "YYYY-MM-DDTHH:MM:SS.mmmZ" + NUL */

/* Set the local time zone to Europe/Stockholm unless TZ is set. Call once
 * at start-up, before threads. */
void clock_init(void);
/* Now, as stored. */
void clock_now_iso(char out[CLOCK_ISO_LEN]);
/* Now plus seconds, as stored. */
void clock_iso_in(long long seconds, char out[CLOCK_ISO_LEN]);
/* Seconds since the epoch. */
long long clock_unix(void);
/* Milliseconds on a monotonic clock, for timing. */
long long clock_millis(void);
/* Today's date in local time, "YYYY-MM-DD". */
void clock_today(char out[11]);
/* A stored UTC time as local "YYYY-MM-DD HH:MM" into out (size >= 17);
 * returns out, or the input unchanged when it does not parse. */
const char *clock_local(const char *iso, char *out, size_t size);

#endif

/*
 * deadline: the regulatory clocks of an incident (DOMAIN.md §3, issue 13)
 * and the time arithmetic they need.
 *
 *   NIS2 / cybersäkerhetslagen (SFS 2025:1506), a significant incident:
 *     early warning        aware_at + 24 h
 *     incident notification aware_at + 72 h
 *     final report         one calendar month after the notification was
 *                          sent (while it has not been: after its deadline);
 *                          a progress report instead when the incident is
 *                          still being handled then, and the final report
 *                          one month after handling ends
 *   GDPR art. 33, a personal-data breach:
 *     notification to IMY  aware_at + 72 h
 *
 * Hours are real elapsed time (instants, seconds since the epoch, UTC);
 * "one month" is the same local date and time in the organisation's zone.
 * Zones are a small built-in table with the EU daylight-saving rule
 * (last Sunday of March 01:00 UTC to last Sunday of October 01:00 UTC,
 * applied to every year): core never reads /usr/share/zoneinfo. See
 * docs/internals/deadlines.md.
 *
 * Pure: no I/O, no allocation, thread-safe.
 */
#ifndef TILLIT_DEADLINE_H
#define TILLIT_DEADLINE_H

#include <stddef.h>

/* A time zone with EU daylight-saving rules (last Sunday of March 01:00 UTC
 * to last Sunday of October 01:00 UTC) or none. std_min: minutes east of
 * UTC in standard time; summer time is std_min + 60. */
struct tzone {
	const char *name;
	int std_min;
	int eu_dst;
};

#define TS_LEN 21       /* "YYYY-MM-DDTHH:MM:SSZ" + NUL */
#define TS_LOCAL_LEN 17 /* "YYYY-MM-DD HH:MM" + NUL */

/* The zone named by its IANA name (case-sensitive): Europe/Stockholm,
 * Europe/Helsinki, Europe/Mariehamn, Europe/Oslo, Europe/Copenhagen,
 * Europe/Berlin, Europe/London and the other EU/EEA zones listed in
 * deadline.c, and UTC (also "Etc/UTC"). NULL when name is NULL or unknown. */
const struct tzone *tzone_find(const char *name);
/* Europe/Stockholm, the zone an organisation has unless it says otherwise.
 * Never NULL. */
const struct tzone *tzone_default(void);
/* Offset of z from UTC in minutes at instant t (seconds since the epoch):
 * std_min, or std_min + 60 while EU summer time is in force. z NULL means
 * tzone_default(). */
int tzone_offset(const struct tzone *z, long long t);

/* Parse an RFC 3339 timestamp "YYYY-MM-DDTHH:MM[:SS[.frac]](Z|±HH:MM)"
 * (also 't'/'z', and a space for T) into seconds since the epoch (fraction
 * dropped, never rounded) in *t. Returns 0 when it parses, -1 when s is
 * NULL, malformed or out of range (years 1970..2999 as written, real
 * calendar days, hours < 24, minutes and seconds < 60, offset within
 * ±18:00), and then *t is untouched. Nothing may follow the offset. */
int ts_parse(const char *s, long long *t);
/* t as UTC RFC 3339 "YYYY-MM-DDTHH:MM:SSZ" into out (TS_LEN bytes). An
 * instant outside years 0000..9999 is written as the nearest end. */
void ts_format(long long t, char out[TS_LEN]);

/* A local wall time "YYYY-MM-DDTHH:MM[:SS[.frac]]" (as an HTML
 * datetime-local input sends it; a space for T is also accepted, the
 * fraction dropped) in zone z (NULL: default) to an instant in *t. 0 ok,
 * -1 malformed or out of range (rules of ts_parse) and *t untouched. A time
 * that does not exist (the hour skipped in March) is read with the offset
 * before the change (02:30 -> 03:30 summer time); an ambiguous one (the
 * hour repeated in October) as the first (summer time). */
int ts_from_local(const struct tzone *z, const char *local, long long *t);
/* Instant t as local wall time in z (NULL: default): "YYYY-MM-DD HH:MM"
 * into out (TS_LOCAL_LEN bytes), seconds dropped. */
void ts_to_local(const struct tzone *z, long long t, char out[TS_LOCAL_LEN]);
/* The same as "YYYY-MM-DDTHH:MM", the value of a datetime-local input;
 * ts_from_local reads it back to t (to the minute) except for the second
 * pass of the repeated October hour, which it reads as the first. */
void ts_to_local_input(const struct tzone *z, long long t, char out[TS_LOCAL_LEN]);
/* One calendar month after t at the same local date and time in z (NULL:
 * default), the day clamped to the last day of the month (31 Jan -> 28/29
 * Feb; 31 Mar -> 30 Apr; 31 Dec -> 31 Jan), then back to an instant with
 * the rules of ts_from_local (seconds kept). */
long long ts_add_month(const struct tzone *z, long long t);

enum deadline_kind {
	DL_NIS2_EARLY_WARNING,
	DL_NIS2_NOTIFICATION,
	DL_NIS2_PROGRESS,
	DL_NIS2_FINAL,
	DL_GDPR,
	DL_KIND_COUNT
};

/* The stable code of k as the API and the database spell it:
 * "nis2_early_warning", "nis2_notification", "nis2_progress_report",
 * "nis2_final_report", "gdpr_notification"; NULL for anything else. */
const char *deadline_kind_code(enum deadline_kind k);
/* The kind a code names (exact, case-sensitive), -1 when code is NULL or
 * unknown. */
int deadline_kind_from_code(const char *code);

struct deadline_facts {
	long long aware_at;          /* when the organisation became aware, 0 = not known */
	int significant;             /* assessed significant under the Cybersecurity Act */
	int personal_data_breach;    /* assessed a personal-data breach (GDPR art. 33) */
	long long notification_sent; /* when the NIS2 incident notification was sent, 0 = not yet */
	long long handled_at;        /* when handling ended (incident closed/resolved), 0 = still being handled */
	long long now;
	const struct tzone *tz;      /* the organisation's zone, NULL = default */
};

struct deadline {
	enum deadline_kind kind;
	long long due_at; /* 0 = not yet known */
};

/* The reports f calls for, in enum order, into out (room for
 * DL_KIND_COUNT); returns how many (0..4).
 * - nis2_early_warning: aware_at + 24 h; nis2_notification: aware_at + 72 h
 *   (real elapsed hours, across DST changes) — only when significant.
 * - nis2_final_report: one calendar month (ts_add_month in tz) after the
 *   notification was sent, or, while it has not been, after the
 *   notification's deadline.
 * - If the incident is still being handled at that final deadline
 *   (handled_at == 0 and now >= that deadline, or handled_at > that
 *   deadline), a nis2_progress_report is due at that deadline instead, and
 *   nis2_final_report is due one month after handled_at (0 = not yet known
 *   while handling goes on).
 * - gdpr_notification: aware_at + 72 h, only for a personal-data breach.
 * With aware_at 0 (not known) every deadline counted from it is 0, and so
 * is a final deadline counted from the notification's deadline. */
size_t deadline_compute(const struct deadline_facts *f, struct deadline *out);

#endif

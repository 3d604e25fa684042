#include "core/deadline.h"

#include <string.h>

/* ---- zones -------------------------------------------------------------- */

/* The zones an organisation in the Nordic countries and the EU/EEA is likely
 * to name. Every one has followed the EU rule since 2003 at the latest
 * (Sweden, the Nordic countries, Germany and the UK since 1996; the Baltic
 * states from 2001-2003); Iceland has no summer time. Earlier times get
 * today's rule, which incidents never need. tests/unit/test_deadline.c
 * holds the table against the tz database for 2003..2040. */
static const struct tzone zones[] = {
	{ "Europe/Stockholm", 60, 1 },
	{ "Europe/Helsinki", 120, 1 },
	{ "Europe/Mariehamn", 120, 1 },
	{ "Europe/Oslo", 60, 1 },
	{ "Europe/Copenhagen", 60, 1 },
	{ "Europe/Berlin", 60, 1 },
	{ "Europe/Amsterdam", 60, 1 },
	{ "Europe/Brussels", 60, 1 },
	{ "Europe/Paris", 60, 1 },
	{ "Europe/Vienna", 60, 1 },
	{ "Europe/Warsaw", 60, 1 },
	{ "Europe/Prague", 60, 1 },
	{ "Europe/Rome", 60, 1 },
	{ "Europe/Madrid", 60, 1 },
	{ "Europe/Tallinn", 120, 1 },
	{ "Europe/Riga", 120, 1 },
	{ "Europe/Vilnius", 120, 1 },
	{ "Europe/London", 0, 1 },
	{ "Europe/Dublin", 0, 1 },
	{ "Europe/Lisbon", 0, 1 },
	{ "Atlantic/Reykjavik", 0, 0 },
	{ "UTC", 0, 0 },
	{ "Etc/UTC", 0, 0 },
};

const struct tzone *tzone_default(void)
{
	return &zones[0];
}

const struct tzone *tzone_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
		if (strcmp(zones[i].name, name) == 0)
			return &zones[i];
	return NULL;
}

/* ---- calendar arithmetic ------------------------------------------------ */

/* Floor division and modulo for a possibly negative a (b > 0). */
static long long floor_div(long long a, long long b)
{
	long long q = a / b;
	return (a % b != 0 && a < 0) ? q - 1 : q;
}

static long long floor_mod(long long a, long long b)
{
	return a - floor_div(a, b) * b;
}

static int leap_year(long long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(long long y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return mdays[m - 1] + (m == 2 && leap_year(y));
}

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d (Howard
 * Hinnant's days_from_civil). */
static long long days_from_civil(long long y, int m, int d)
{
	y -= m <= 2;
	long long era = floor_div(y, 400);
	long long yoe = y - era * 400;                                 /* [0, 399] */
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* [0, 365] */
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

/* The inverse: the date of day z since 1970-01-01. */
static void civil_from_days(long long z, long long *y, int *m, int *d)
{
	z += 719468;
	long long era = floor_div(z, 146097);
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* The instant 01:00 UTC on the last Sunday of month m of year y, when EU
 * summer time starts (March) or ends (October). */
static long long eu_change(long long y, int m)
{
	long long last = days_from_civil(y, m, month_days(y, m));
	long long weekday = floor_mod(last + 4, 7); /* 1970-01-01 was a Thursday; 0 = Sunday */
	return (last - weekday) * 86400 + 3600;
}

int tzone_offset(const struct tzone *z, long long t)
{
	if (!z)
		z = tzone_default();
	if (!z->eu_dst)
		return z->std_min;
	/* The UTC year is the right year for both changes: neither is near
	 * New Year. */
	long long y;
	int m, d;
	civil_from_days(floor_div(t, 86400), &y, &m, &d);
	if (t >= eu_change(y, 3) && t < eu_change(y, 10))
		return z->std_min + 60;
	return z->std_min;
}

/* ---- text --------------------------------------------------------------- */

/* The n digits at s as a number, -1 when any is not an ASCII digit. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Wall time read from text, before any offset is applied. */
struct wall {
	int y, mo, d, h, mi, s;
};

/* Parse "YYYY-MM-DD(T|t| )HH:MM[:SS[.frac]]" at s into *w, range-checked;
 * returns the first character after it, or NULL when malformed. */
static const char *parse_wall(const char *s, struct wall *w)
{
	if (!s)
		return NULL;
	/* Each fixed part is checked before the next is read, so a short
	 * string stops at its NUL and is never read past. */
	if ((w->y = digits(s, 4)) < 0 || s[4] != '-' ||
	    (w->mo = digits(s + 5, 2)) < 0 || s[7] != '-' ||
	    (w->d = digits(s + 8, 2)) < 0)
		return NULL;
	if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
		return NULL;
	if ((w->h = digits(s + 11, 2)) < 0 || s[13] != ':' || (w->mi = digits(s + 14, 2)) < 0)
		return NULL;
	const char *p = s + 16;
	w->s = 0;
	if (*p == ':') {
		if ((w->s = digits(p + 1, 2)) < 0)
			return NULL;
		p += 3;
		if (*p == '.') {
			p++;
			if (*p < '0' || *p > '9')
				return NULL;
			while (*p >= '0' && *p <= '9')
				p++;
		}
	}
	if (w->y < 1970 || w->y > 2999 || w->mo < 1 || w->mo > 12 || w->d < 1 ||
	    w->d > month_days(w->y, w->mo) || w->h > 23 || w->mi > 59 || w->s > 59)
		return NULL;
	return p;
}

/* The wall time as seconds since the epoch, as if it were UTC. */
static long long wall_seconds(long long y, int mo, int d, int h, int mi, int s)
{
	return days_from_civil(y, mo, d) * 86400 + h * 3600LL + mi * 60LL + s;
}

int ts_parse(const char *s, long long *t)
{
	struct wall w;
	const char *p = parse_wall(s, &w);
	if (!p)
		return -1;
	int off;
	if (*p == 'Z' || *p == 'z') {
		off = 0;
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh = digits(p + 1, 2), om = oh < 0 || p[3] != ':' ? -1 : digits(p + 4, 2);
		if (oh < 0 || om < 0 || om > 59 || oh * 60 + om > 18 * 60)
			return -1;
		off = (*p == '-' ? -1 : 1) * (oh * 60 + om);
		p += 6;
	} else {
		return -1;
	}
	if (*p)
		return -1;
	*t = wall_seconds(w.y, w.mo, w.d, w.h, w.mi, w.s) - off * 60LL;
	return 0;
}

/* Write v as n decimal digits at out (0 <= v < 10^n). */
static void put_digits(char *out, long long v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* Write the wall time L (seconds, as if UTC) as "YYYY-MM-DD?HH:MM", sep
 * between date and time, into out[0..15]; clamped to years 0000..9999. */
static void put_wall(long long L, char sep, char *out)
{
	static const long long lo = -62167219200LL; /* 0000-01-01T00:00:00 */
	static const long long hi = 253402300799LL; /* 9999-12-31T23:59:59 */
	if (L < lo)
		L = lo;
	if (L > hi)
		L = hi;
	long long y;
	int m, d;
	long long secs = floor_mod(L, 86400);
	civil_from_days(floor_div(L, 86400), &y, &m, &d);
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = sep;
	put_digits(out + 11, secs / 3600, 2);
	out[13] = ':';
	put_digits(out + 14, secs / 60 % 60, 2);
}

void ts_format(long long t, char out[TS_LEN])
{
	static const long long hi = 253402300799LL;
	static const long long lo = -62167219200LL;
	if (t < lo)
		t = lo;
	if (t > hi)
		t = hi;
	put_wall(t, 'T', out);
	out[16] = ':';
	put_digits(out + 17, floor_mod(t, 60), 2);
	out[19] = 'Z';
	out[20] = '\0';
}

/* The instant of wall time L (seconds, as if UTC) in z: the rules of
 * ts_from_local for the skipped and the repeated hour. */
static long long wall_to_instant(const struct tzone *z, long long L)
{
	if (!z)
		z = tzone_default();
	long long standard = L - z->std_min * 60LL;
	if (!z->eu_dst)
		return standard;
	long long summer = L - (z->std_min + 60) * 60LL;
	/* Summer first: in the repeated hour both readings hold, and the
	 * first pass is summer time. */
	if (tzone_offset(z, summer) == z->std_min + 60)
		return summer;
	/* Standard time holds, or neither does (the skipped hour): then
	 * the offset before the change, standard time, which lands the
	 * same distance past the change in summer time. */
	return standard;
}

int ts_from_local(const struct tzone *z, const char *local, long long *t)
{
	struct wall w;
	const char *p = parse_wall(local, &w);
	if (!p || *p)
		return -1;
	*t = wall_to_instant(z, wall_seconds(w.y, w.mo, w.d, w.h, w.mi, w.s));
	return 0;
}

void ts_to_local(const struct tzone *z, long long t, char out[TS_LOCAL_LEN])
{
	put_wall(t + tzone_offset(z, t) * 60LL, ' ', out);
	out[16] = '\0';
}

void ts_to_local_input(const struct tzone *z, long long t, char out[TS_LOCAL_LEN])
{
	put_wall(t + tzone_offset(z, t) * 60LL, 'T', out);
	out[16] = '\0';
}

long long ts_add_month(const struct tzone *z, long long t)
{
	long long L = t + tzone_offset(z, t) * 60LL;
	long long secs = floor_mod(L, 86400);
	long long y;
	int m, d;
	civil_from_days(floor_div(L, 86400), &y, &m, &d);
	if (++m > 12) {
		m = 1;
		y++;
	}
	if (d > month_days(y, m))
		d = month_days(y, m);
	return wall_to_instant(z, days_from_civil(y, m, d) * 86400 + secs);
}

/* ---- deadlines ---------------------------------------------------------- */

static const char *const kind_codes[DL_KIND_COUNT] = {
	[DL_NIS2_EARLY_WARNING] = "nis2_early_warning",
	[DL_NIS2_NOTIFICATION] = "nis2_notification",
	[DL_NIS2_PROGRESS] = "nis2_progress_report",
	[DL_NIS2_FINAL] = "nis2_final_report",
	[DL_GDPR] = "gdpr_notification",
};

const char *deadline_kind_code(enum deadline_kind k)
{
	if ((int)k < 0 || (int)k >= DL_KIND_COUNT)
		return NULL;
	return kind_codes[k];
}

int deadline_kind_from_code(const char *code)
{
	if (!code)
		return -1;
	for (int k = 0; k < DL_KIND_COUNT; k++)
		if (strcmp(kind_codes[k], code) == 0)
			return k;
	return -1;
}

#define HOURS(n) ((n) * 3600LL)

size_t deadline_compute(const struct deadline_facts *f, struct deadline *out)
{
	size_t n = 0;
	long long aware = f->aware_at;
	if (f->significant) {
		long long notification = aware ? aware + HOURS(72) : 0;
		out[n++] = (struct deadline){ DL_NIS2_EARLY_WARNING, aware ? aware + HOURS(24) : 0 };
		out[n++] = (struct deadline){ DL_NIS2_NOTIFICATION, notification };
		long long from = f->notification_sent ? f->notification_sent : notification;
		long long final = from ? ts_add_month(f->tz, from) : 0;
		int still_handling = final &&
			((f->handled_at == 0 && f->now >= final) || f->handled_at > final);
		if (still_handling) {
			out[n++] = (struct deadline){ DL_NIS2_PROGRESS, final };
			final = f->handled_at ? ts_add_month(f->tz, f->handled_at) : 0;
		}
		out[n++] = (struct deadline){ DL_NIS2_FINAL, final };
	}
	if (f->personal_data_breach)
		out[n++] = (struct deadline){ DL_GDPR, aware ? aware + HOURS(72) : 0 };
	return n;
}

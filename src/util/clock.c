#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void clock_init(void)
{
	if (!getenv("TZ"))
		setenv("TZ", "Europe/Stockholm", 1);
	tzset();
}

static void format_utc(const struct timespec *ts, char out[CLOCK_ISO_LEN])
{
	struct tm tm;
	gmtime_r(&ts->tv_sec, &tm);
	char date[24];
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, CLOCK_ISO_LEN, "%.19s.%03uZ", date, (unsigned)(ts->tv_nsec / 1000000) % 1000u);
}

void clock_now_iso(char out[CLOCK_ISO_LEN])
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	format_utc(&ts, out);
}

void clock_iso_in(long long seconds, char out[CLOCK_ISO_LEN])
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += (time_t)seconds;
	format_utc(&ts, out);
}

long long clock_millis(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long clock_unix(void)
{
	return (long long)time(NULL);
}

void clock_today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

const char *clock_local(const char *iso, char *out, size_t size)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (!iso || size < 17)
		return iso;
	const char *end = strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end)
		return iso;
	time_t t = timegm(&tm);
	struct tm lt;
	localtime_r(&t, &lt);
	strftime(out, size, "%Y-%m-%d %H:%M", &lt);
	return out;
}

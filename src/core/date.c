#include "core/date.h"

#include <string.h>

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

int date_valid(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
		return 0;
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int max = mdays[m - 1] + (m == 2 && leap);
	return d <= max;
}

int date_compare(const char *a, const char *b)
{
	/* ISO dates order as text. */
	return strcmp(a, b);
}

static int leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return mdays[m - 1] + (m == 2 && leap_year(y));
}

/* Days since 1970-01-01 of a civil date, and back (proleptic Gregorian). */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int put(int y, int m, int d, char out[11])
{
	if (y < 1900 || y > 2999)
		return -1;
	out[0] = (char)('0' + y / 1000), out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10), out[3] = (char)('0' + y % 10);
	out[4] = '-', out[5] = (char)('0' + m / 10), out[6] = (char)('0' + m % 10);
	out[7] = '-', out[8] = (char)('0' + d / 10), out[9] = (char)('0' + d % 10);
	out[10] = 0;
	return 0;
}

int date_add_months(const char *d, int months, char out[11])
{
	if (!date_valid(d) || months < -12000 || months > 12000)
		return -1;
	int y = digits(d, 4), m = digits(d + 5, 2), day = digits(d + 8, 2);
	long total = (long)y * 12 + (m - 1) + months;
	y = (int)(total / 12);
	m = (int)(total % 12) + 1;
	if (y < 1900 || y > 2999)
		return -1;
	int max = month_days(y, m);
	return put(y, m, day > max ? max : day, out);
}

int date_add_days(const char *d, long days, char out[11])
{
	if (!date_valid(d) || days < -1200000 || days > 1200000)
		return -1;
	int y, m, day;
	civil_from_days(days_from_civil(digits(d, 4), digits(d + 5, 2), digits(d + 8, 2)) + days, &y, &m, &day);
	return put(y, m, day, out);
}

long date_days_between(const char *a, const char *b)
{
	return days_from_civil(digits(b, 4), digits(b + 5, 2), digits(b + 8, 2)) -
	       days_from_civil(digits(a, 4), digits(a + 5, 2), digits(a + 8, 2));
}

int date_weekday(const char *d)
{
	long z = days_from_civil(digits(d, 4), digits(d + 5, 2), digits(d + 8, 2));
	/* 1970-01-01 was a Thursday (4). */
	long w = (z % 7 + 7 + 3) % 7;
	return (int)w + 1;
}

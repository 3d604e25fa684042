/*
 * indicators.c: see indicators.h.
 */
#include "core/indicators.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/i18n.h"

static const struct indicator_kind_info kinds[IK_COUNT] = {
	[IK_SYSTEMS_WITH_OWNER] = { "systems_with_owner", N_("Share of systems with a system owner"), 1, 1 },
	[IK_ASSETS_CLASSIFIED] = { "assets_classified", N_("Share of information assets classified"), 1, 1 },
	[IK_SYSTEMS_ANALYSED] = { "systems_analysed", N_("Share of running systems risk-analysed within their interval"), 1, 1 },
	[IK_INCIDENT_REPORTS_ON_TIME] = { "incident_reports_on_time", N_("Share of incident reports sent on time"), 1, 1 },
	[IK_MEASURES_OVERDUE] = { "measures_overdue", N_("Open measures past their due date"), 0, 0 },
	[IK_TRAINING_STAFF] = { "training_staff", N_("Share of staff trained"), 1, 1 },
	[IK_TRAINING_ELECTED] = { "training_elected", N_("Share of elected officials trained"), 1, 1 },
	[IK_DOCUMENTS_REVIEWED] = { "documents_reviewed", N_("Share of governing documents reviewed on time"), 1, 1 },
	[IK_MANUAL] = { "manual", N_("Entered by hand"), 0, 1 },
};

const struct indicator_kind_info *indicator_kind_info(enum indicator_kind k)
{
	return (int)k >= 0 && k < IK_COUNT ? &kinds[k] : NULL;
}

int indicator_kind_from_code(const char *code)
{
	if (!code)
		return -1;
	for (int k = 0; k < IK_COUNT; k++)
		if (strcmp(kinds[k].code, code) == 0)
			return k;
	return -1;
}

static int digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int indicator_quarter(const char *date, char out[INDICATOR_QUARTER_LEN])
{
	out[0] = 0;
	if (!date || strlen(date) < 7 || !digits(date, 4) || date[4] != '-' || !digits(date + 5, 2))
		return -1;
	int month = (date[5] - '0') * 10 + (date[6] - '0');
	if (month < 1 || month > 12)
		return -1;
	snprintf(out, INDICATOR_QUARTER_LEN, "%.4s-Q%d", date, (month - 1) / 3 + 1);
	return 0;
}

int indicator_period_valid(const char *p)
{
	return p && strlen(p) == 7 && digits(p, 4) && (p[0] == '2') && p[4] == '-' && p[5] == 'Q' &&
	       p[6] >= '1' && p[6] <= '4';
}

int indicator_quarter_compare(const char *a, const char *b)
{
	int c = strcmp(a, b);
	return c < 0 ? -1 : c > 0;
}

int indicator_share(long long part, long long whole, double *percent)
{
	if (whole <= 0)
		return -1;
	if (part < 0)
		part = 0;
	if (part > whole)
		part = whole;
	*percent = round(1000.0 * (double)part / (double)whole) / 10.0;
	return 0;
}

int indicator_meets(double value, double target, int at_least)
{
	return at_least ? value >= target : value <= target;
}

int indicator_may_keep(const char *quarter, const char *today)
{
	char q[INDICATOR_QUARTER_LEN];
	if (!indicator_period_valid(quarter) || indicator_quarter(today, q) != 0)
		return 0;
	return strcmp(q, quarter) == 0;
}

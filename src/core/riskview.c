/*
 * riskview.c: see riskview.h.
 */
#include "core/riskview.h"

#include <string.h>

#include "core/date.h"

int riskview_quarter_of(const char *date, char label[8])
{
	if (!date || !date_valid(date))
		return -1;
	int month = (date[5] - '0') * 10 + (date[6] - '0');
	memcpy(label, date, 4);
	label[4] = ' ';
	label[5] = 'Q';
	label[6] = (char)('1' + (month - 1) / 3);
	label[7] = 0;
	return 0;
}

int riskview_analysis_order(const char *date_a, long long id_a, const char *date_b, long long id_b)
{
	int d = strcmp(date_a ? date_a : "", date_b ? date_b : "");
	if (d)
		return d;
	return (id_a > id_b) - (id_a < id_b);
}

int action_plan_item_open(int system_retired, int requirement_active, int assessment_open)
{
	return !system_retired && requirement_active && assessment_open;
}

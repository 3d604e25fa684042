/*
 * document.c: see document.h.
 */
#include "core/document.h"

#include <stddef.h>

#include "core/date.h"

int document_next_review(const char *decided, const char *reviewed, int months, char out[11])
{
	out[0] = '\0';
	const char *from = decided && date_valid(decided) ? decided : NULL;
	if (reviewed && date_valid(reviewed) && (!from || date_compare(reviewed, from) > 0))
		from = reviewed;
	if (!from || months < 1)
		return -1;
	if (date_add_months(from, months, out) != 0) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

#include "core/classify.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"

static const char *const codes[ASPECT_COUNT] = { "K", "R", "T", "S" };
static const char *const fields[ASPECT_COUNT] = {
	"confidentiality", "integrity", "availability", "traceability"
};

void levels_unset(struct levels *l)
{
	for (int a = 0; a < ASPECT_COUNT; a++)
		l->v[a] = LEVEL_UNSET;
}

const char *aspect_code(enum aspect a)
{
	return a < ASPECT_COUNT ? codes[a] : NULL;
}

enum aspect aspect_from_code(const char *code)
{
	for (int a = 0; code && a < ASPECT_COUNT; a++)
		if (strcmp(codes[a], code) == 0)
			return (enum aspect)a;
	return ASPECT_COUNT;
}

const char *aspect_field(enum aspect a)
{
	return a < ASPECT_COUNT ? fields[a] : NULL;
}

static int valid_level(int v)
{
	return v >= LEVEL_MIN && v <= LEVEL_MAX;
}

void classification_derive(const struct asset_levels *assets, size_t n,
			   const struct levels *decision, struct derived *out)
{
	memset(out, 0, sizeof *out);
	levels_unset(&out->derived);
	levels_unset(&out->effective);
	for (size_t i = 0; i < n; i++) {
		for (int a = 0; a < ASPECT_COUNT; a++) {
			int v = assets[i].lv.v[a];
			if (!valid_level(v))
				continue;
			out->classified = 1;
			if (v > out->derived.v[a]) {
				out->derived.v[a] = v;
				out->driver[a] = assets[i].asset_id;
			}
		}
	}
	for (int a = 0; a < ASPECT_COUNT; a++) {
		int d = out->derived.v[a];
		int r = decision && valid_level(decision->v[a]) ? decision->v[a] : LEVEL_UNSET;
		if (r != LEVEL_UNSET)
			out->classified = 1;
		/* The higher wins: a decision never lowers what the
		 * information calls for. */
		out->effective.v[a] = r > d ? r : d;
		out->raised[a] = r > d;
	}
}

int classification_check_raise(const struct levels *derived, const struct levels *decision,
			       int bad[ASPECT_COUNT])
{
	int n = 0;
	for (int a = 0; a < ASPECT_COUNT; a++) {
		bad[a] = valid_level(decision->v[a]) && valid_level(derived->v[a]) &&
			 decision->v[a] < derived->v[a];
		n += bad[a];
	}
	return n;
}

static int blank(const char *s)
{
	if (!s)
		return 1;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

int classification_check_reasons(const struct levels *lv, const char *const reasons[ASPECT_COUNT],
				 int missing[ASPECT_COUNT])
{
	int n = 0;
	for (int a = 0; a < ASPECT_COUNT; a++) {
		missing[a] = lv->v[a] > 0 && blank(reasons[a]);
		n += missing[a];
	}
	return n;
}

enum aspect requirement_aspect_from_code(const char *code)
{
	return code && strcmp(code, "any") == 0 ? ASPECT_ANY : aspect_from_code(code);
}

int requirement_applies(enum aspect aspect, int min_level, const struct levels *effective)
{
	if (aspect != ASPECT_ANY && aspect >= ASPECT_COUNT)
		return 0;
	if (min_level == 0)
		return 1;
	if (min_level < 1 || min_level > REQUIREMENT_LEVEL_MAX)
		return 0;
	if (aspect == ASPECT_ANY) {
		for (int a = 0; a < ASPECT_COUNT; a++)
			if (effective->v[a] >= min_level)
				return 1;
		return 0;
	}
	return effective->v[aspect] >= min_level;
}

int classification_needs_protective_analysis(const struct levels *effective)
{
	for (int a = 0; a < ASPECT_COUNT; a++)
		if (effective->v[a] >= LEVEL_PROTECTIVE)
			return 1;
	return 0;
}

int classification_review_date(const char *decided, int months, char out[11])
{
	if (months < 0 || months > 1200)
		return -1;
	return date_add_months(decided, months, out);
}

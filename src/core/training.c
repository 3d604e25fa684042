/*
 * training.c: the training rules (see training.h).
 */
#include "core/training.h"

#include <string.h>

#include "core/date.h"

static const char *const topic_codes[TT_COUNT] = {
	[TT_BASICS] = "basics", [TT_INCIDENTS] = "incidents", [TT_CLASSIFICATION] = "classification",
	[TT_RISK] = "risk", [TT_PHISHING] = "phishing", [TT_PRIVACY] = "privacy", [TT_OTHER] = "other",
};

static const char *const audience_codes[TA_COUNT] = {
	[TA_ALL_STAFF] = "all_staff", [TA_MANAGERS] = "managers", [TA_OWNERS] = "owners",
	[TA_ELECTED] = "elected_officials", [TA_SECURITY_FUNCTION] = "security_function",
};

const char *training_topic_code(enum training_topic t)
{
	return (unsigned)t < TT_COUNT ? topic_codes[t] : NULL;
}

int training_topic_from_code(const char *code)
{
	for (int i = 0; code && i < TT_COUNT; i++)
		if (strcmp(code, topic_codes[i]) == 0)
			return i;
	return -1;
}

const char *training_audience_code(enum training_audience a)
{
	return (unsigned)a < TA_COUNT ? audience_codes[a] : NULL;
}

int training_audience_from_code(const char *code)
{
	for (int i = 0; code && i < TA_COUNT; i++)
		if (strcmp(code, audience_codes[i]) == 0)
			return i;
	return -1;
}

int training_term_of(const struct training_term *v, size_t n, const char *date)
{
	int best = -1;
	if (!date || !date_valid(date))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!v[i].start || !v[i].end || !date_valid(v[i].start) || !date_valid(v[i].end))
			continue;
		if (date_compare(v[i].start, date) > 0 || date_compare(date, v[i].end) > 0)
			continue;
		if (best < 0 || date_compare(v[i].start, v[best].start) > 0)
			best = (int)i;
	}
	return best;
}

long training_topics_bits(const char *text)
{
	long bits = 0;
	if (!text)
		return 0;
	const char *p = text;
	while (*p) {
		while (*p == ',' || *p == ';' || *p == ' ')
			p++;
		if (!*p)
			break;
		const char *s = p;
		while (*p && *p != ',' && *p != ';' && *p != ' ')
			p++;
		char word[32];
		size_t len = (size_t)(p - s);
		if (len >= sizeof word)
			return -1;
		memcpy(word, s, len);
		word[len] = 0;
		int t = training_topic_from_code(word);
		if (t < 0)
			return -1;
		bits |= 1L << t;
	}
	return bits;
}

/* d + months, or d itself when that falls outside the calendar's range. */
static void add_months(const char *d, int months, char out[11])
{
	if (date_add_months(d, months, out) != 0)
		memcpy(out, TRAINING_FOREVER, 11);
}

/* The later of a and b ("" counts as earliest). */
static void later(char a[11], const char *b)
{
	if (!*a || (*b && date_compare(b, a) > 0))
		memcpy(a, b, 11);
}

/* Does session s count toward r? */
static int counts(const struct training_requirement *r, const struct training_attended *s)
{
	if (!s->date || !date_valid(s->date))
		return 0;
	if (!r->topics)
		return s->audience == r->audience;
	return (unsigned)s->topic < TT_COUNT && (r->topics >> s->topic) & 1u;
}

void training_due(const struct training_requirement *r, const struct training_attended *v, size_t n,
		  const char *registered, const struct training_term *term, char due[11], char *until)
{
	due[0] = 0;
	char spare[11];
	if (!until)
		until = spare;
	until[0] = 0;
	int valid_reg = registered && date_valid(registered);
	if (r->audience == TA_ELECTED) {
		if (!term || !term->start || !term->end || !date_valid(term->start) || !date_valid(term->end)) {
			memcpy(due, TRAINING_FOREVER, 11);
			return;
		}
		/* Every topic named (or one course for elected officials)
		 * within the term. */
		unsigned need = r->topics ? r->topics : 1u, have = 0;
		for (size_t i = 0; i < n; i++) {
			if (!counts(r, &v[i]) || date_compare(v[i].date, term->start) < 0 ||
			    date_compare(v[i].date, term->end) > 0)
				continue;
			have |= r->topics ? 1u << v[i].topic : 1u;
		}
		if ((have & need) == need) {
			/* Trained for the term: the grace of the next one runs
			 * from its first day. */
			memcpy(until, term->end, 11);
			add_months(term->end, r->grace_months > 0 ? r->grace_months : 0, due);
			return;
		}
		if (r->grace_months > 0) {
			char base[11];
			memcpy(base, term->start, 11);
			if (valid_reg)
				later(base, registered);
			add_months(base, r->grace_months, due);
		}
		return;
	}
	/* The latest session of each topic needed; the earliest of those
	 * sets when the training runs out. */
	const char *latest[TT_COUNT + 1] = { 0 };
	for (size_t i = 0; i < n; i++) {
		if (!counts(r, &v[i]))
			continue;
		int slot = r->topics ? (int)v[i].topic : TT_COUNT;
		if (!latest[slot] || date_compare(v[i].date, latest[slot]) > 0)
			latest[slot] = v[i].date;
	}
	const char *oldest = NULL;
	int trained = 1;
	for (int t = 0; t <= TT_COUNT; t++) {
		int needed = r->topics ? t < TT_COUNT && ((r->topics >> t) & 1u) : t == TT_COUNT;
		if (!needed)
			continue;
		if (!latest[t]) {
			trained = 0;
			break;
		}
		if (!oldest || date_compare(latest[t], oldest) < 0)
			oldest = latest[t];
	}
	if (trained && oldest) {
		if (r->interval_months > 0)
			add_months(oldest, r->interval_months, due);
		else
			memcpy(due, TRAINING_FOREVER, 11);
		memcpy(until, due, 11);
	}
	if (r->grace_months > 0 && valid_reg) {
		char g[11];
		add_months(registered, r->grace_months, g);
		later(due, g);
	}
}

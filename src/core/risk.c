/*
 * risk.c: see risk.h.
 */
#include "core/risk.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/text.h"

const char *const risk_default_likelihood =
	"Mycket låg: Inträffar troligen inte, mer sällan än vart tionde år\n"
	"Låg: Kan inträffa någon gång på tio år\n"
	"Medel: Kan inträffa någon gång på några år\n"
	"Hög: Kan inträffa någon gång per år\n"
	"Mycket hög: Inträffar flera gånger per år\n";
const char *const risk_default_consequence =
	"Försumbar: Ingen eller obetydlig påverkan\n"
	"Lindrig: Begränsad påverkan som verksamheten själv hanterar\n"
	"Måttlig: Märkbar påverkan på verksamheten eller enskilda\n"
	"Allvarlig: Allvarlig påverkan på verksamheten, enskilda eller förtroendet\n"
	"Mycket allvarlig: Synnerligen allvarlig påverkan, till exempel fara för liv och hälsa\n";
const char *const risk_default_bands =
	"1-4 Låg #2e7d32\n"
	"5-9 Medel #f9a825\n"
	"10-16 Hög #ef6c00\n"
	"17-25 Kritisk #c62828\n";

/* The words of the defaults above and their English msgids (po/sv.po
 * gives back the Swedish), for risk_method_localise. */
static const struct {
	const char *sv, *msgid;
} default_words[] = {
	{ "Mycket låg", N_("Very low") },
	{ "Inträffar troligen inte, mer sällan än vart tionde år", N_("Probably does not happen: less often than once in ten years") },
	{ "Låg", N_("Low") },
	{ "Kan inträffa någon gång på tio år", N_("May happen once in ten years") },
	{ "Medel", N_("Medium") },
	{ "Kan inträffa någon gång på några år", N_("May happen once in a few years") },
	{ "Hög", N_("High") },
	{ "Kan inträffa någon gång per år", N_("May happen once a year") },
	{ "Mycket hög", N_("Very high") },
	{ "Inträffar flera gånger per år", N_("Happens several times a year") },
	{ "Försumbar", N_("Negligible") },
	{ "Ingen eller obetydlig påverkan", N_("No or insignificant impact") },
	{ "Lindrig", N_("Minor") },
	{ "Begränsad påverkan som verksamheten själv hanterar", N_("Limited impact that the organisation handles itself") },
	{ "Måttlig", N_("Moderate") },
	{ "Märkbar påverkan på verksamheten eller enskilda", N_("Noticeable impact on the organisation or on individuals") },
	{ "Allvarlig", N_("Serious") },
	{ "Allvarlig påverkan på verksamheten, enskilda eller förtroendet", N_("Serious impact on the organisation, on individuals or on public trust") },
	{ "Mycket allvarlig", N_("Very serious") },
	{ "Synnerligen allvarlig påverkan, till exempel fara för liv och hälsa", N_("Extremely serious impact, for example danger to life and health") },
	{ "Kritisk", N_("Critical") },
};

static const char *default_word(const char *s, int lang)
{
	for (size_t i = 0; s && i < sizeof default_words / sizeof default_words[0]; i++)
		if (strcmp(s, default_words[i].sv) == 0)
			return tr(lang, default_words[i].msgid);
	return s;
}

const char *risk_default_text(struct arena *a, int lang, const char *stored)
{
	if (lang == LANG_SV || !stored || (strcmp(stored, risk_default_likelihood) != 0 &&
					   strcmp(stored, risk_default_consequence) != 0 &&
					   strcmp(stored, risk_default_bands) != 0))
		return stored;
	/* Every word of the defaults is in default_words: replace each
	 * whole one in its line ("Mycket låg: Inträffar ...", "1-4 Låg #..."),
	 * longest first so that "Mycket låg" is not read as "Låg". */
	struct buf out = BUF_INIT;
	for (const char *p = stored; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		size_t i = 0;
		while (i < n) {
			size_t best = 0, k = 0;
			for (size_t w = 0; w < sizeof default_words / sizeof default_words[0]; w++) {
				size_t l = strlen(default_words[w].sv);
				if (l > best && l <= n - i && memcmp(p + i, default_words[w].sv, l) == 0 &&
				    (i + l == n || p[i + l] == ':' || p[i + l] == ' ')) {
					best = l;
					k = w;
				}
			}
			if (best) {
				buf_puts(&out, tr(lang, default_words[k].msgid));
				i += best;
			} else {
				buf_putc(&out, p[i++]);
			}
		}
		if (nl)
			buf_putc(&out, '\n');
		p += n + (nl ? 1 : 0);
	}
	const char *r = arena_strdup(a, buf_str(&out));
	buf_free(&out);
	return r;
}

void risk_method_localise(struct risk_method *m, int lang)
{
	if (lang == LANG_SV)
		return;
	struct risk_level *scales[2] = { m->likelihood, m->consequence };
	int n[2] = { m->nlikelihood, m->nconsequence };
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < n[k]; i++) {
			scales[k][i].name = default_word(scales[k][i].name, lang);
			scales[k][i].description = default_word(scales[k][i].description, lang);
		}
	for (int i = 0; i < m->nbands; i++)
		m->bands[i].name = default_word(m->bands[i].name, lang);
}

/* Used for bands given without a colour, lowest first. */
static const char *const default_colors[] = { "#2e7d32", "#f9a825", "#ef6c00", "#c62828", "#6a1b9a",
					      "#1565c0", "#4e342e", "#37474f", "#00838f", "#ad1457" };

#define NAME_MAX_LEN 80
#define DESC_MAX_LEN 500

static void problem(struct risk_problem *p, int max, int *n, enum risk_part part, int line,
		    const char *msgid, int a, int b, const char *name)
{
	if (*n >= max)
		return;
	p[*n] = (struct risk_problem){ part, line, msgid, a, b, name };
	(*n)++;
}

/* A gap of values a..b. */
static void uncovered(struct risk_problem *p, int max, int *n, int line, int a, int b)
{
	if (a == b)
		problem(p, max, n, RISK_PART_BANDS, line, N_("No band covers the risk value %d."), a, 0, NULL);
	else
		problem(p, max, n, RISK_PART_BANDS, line, N_("No band covers the risk values %d-%d."), a, b, NULL);
}

/* The next line of *s (without its '\n' and surrounding white space), its
 * length in *len; NULL at the end. */
static const char *next_line(const char **s, size_t *len)
{
	if (!**s)
		return NULL;
	const char *start = *s, *end = strchr(start, '\n');
	*s = end ? end + 1 : start + strlen(start);
	*len = text_trim(start, end ? (size_t)(end - start) : strlen(start), &start);
	return start;
}

static const char *trimmed(struct arena *a, const char *s, size_t n)
{
	n = text_trim(s, n, &s);
	return arena_strndup(a, s, n);
}

int risk_parse_scale(struct arena *a, enum risk_part part, const char *text, struct risk_level *out,
		     int *n, struct risk_problem *p, int max)
{
	int np = 0, line = 0;
	*n = 0;
	const char *s = text ? text : "";
	const char *l;
	size_t len;
	while ((l = next_line(&s, &len))) {
		line++;
		if (!len)
			continue;
		if (*n == RISK_LEVELS_MAX) {
			problem(p, max, &np, part, line, N_("A scale has at most %d levels."), RISK_LEVELS_MAX, 0, NULL);
			break;
		}
		const char *colon = memchr(l, ':', len);
		size_t nlen = colon ? (size_t)(colon - l) : len;
		const char *name = trimmed(a, l, nlen);
		const char *desc = colon ? trimmed(a, colon + 1, len - nlen - 1) : "";
		if (!*name)
			problem(p, max, &np, part, line, N_("Line %d has no name before the colon."), line, 0, NULL);
		else if (strlen(name) > NAME_MAX_LEN)
			problem(p, max, &np, part, line, N_("The name on line %d is longer than %d characters."), line,
				NAME_MAX_LEN, NULL);
		if (strlen(desc) > DESC_MAX_LEN)
			problem(p, max, &np, part, line, N_("The description on line %d is longer than %d characters."),
				line, DESC_MAX_LEN, NULL);
		out[*n].name = name;
		out[*n].description = desc;
		(*n)++;
	}
	if (*n < 2 && np == 0)
		problem(p, max, &np, part, 0, N_("A scale needs at least %d levels, one per line."), 2, 0, NULL);
	return np;
}

static int parse_int(const char **s, const char *end, int *v)
{
	const char *p = *s;
	long x = 0;
	if (p >= end || !isdigit((unsigned char)*p))
		return 0;
	while (p < end && isdigit((unsigned char)*p)) {
		x = x * 10 + (*p - '0');
		if (x > 100000)
			return 0;
		p++;
	}
	*v = (int)x;
	*s = p;
	return 1;
}

static int is_color(const char *s, size_t n)
{
	unsigned char rgb[3];
	return text_parse_color(s, n, rgb) == 0;
}

int risk_parse_bands(struct arena *a, const char *text, int max_value, struct risk_band *out, int *n,
		     struct risk_problem *p, int max)
{
	int np = 0, line = 0;
	int lines[RISK_BANDS_MAX];
	*n = 0;
	const char *s = text ? text : "";
	const char *l;
	size_t len;
	while ((l = next_line(&s, &len))) {
		line++;
		if (!len)
			continue;
		if (*n == RISK_BANDS_MAX) {
			problem(p, max, &np, RISK_PART_BANDS, line, N_("There are at most %d bands."), RISK_BANDS_MAX, 0, NULL);
			break;
		}
		const char *q = l, *end = l + len;
		int lo, hi;
		if (!parse_int(&q, end, &lo)) {
			problem(p, max, &np, RISK_PART_BANDS, line,
				N_("Line %d must start with the band's values, such as 5-9."), line, 0, NULL);
			continue;
		}
		hi = lo;
		while (q < end && *q == ' ')
			q++;
		if (q < end && (*q == '-' || (end - q >= 3 && memcmp(q, "\xe2\x80\x93", 3) == 0))) {
			q += *q == '-' ? 1 : 3;
			while (q < end && *q == ' ')
				q++;
			if (!parse_int(&q, end, &hi)) {
				problem(p, max, &np, RISK_PART_BANDS, line,
					N_("Line %d must start with the band's values, such as 5-9."), line, 0, NULL);
				continue;
			}
		}
		/* The rest: the name, and a colour at the end. */
		const char *rest = q;
		size_t rlen = (size_t)(end - q);
		const char *color = NULL;
		/* The last word is the colour when it starts with '#'. */
		const char *word = rest + rlen;
		while (word > rest && word[-1] != ' ')
			word--;
		const char *hash = *word == '#' ? word : NULL;
		if (hash) {
			size_t clen = (size_t)(end - hash);
			if (!is_color(hash, clen)) {
				problem(p, max, &np, RISK_PART_BANDS, line,
					N_("The colour on line %d must be written as #rrggbb, such as #c62828."), line, 0, NULL);
				continue;
			}
			char *c = arena_strndup(a, hash, clen);
			for (char *x = c; *x; x++)
				*x = (char)tolower((unsigned char)*x);
			color = c;
			rlen = (size_t)(hash - rest);
		}
		const char *name = trimmed(a, rest, rlen);
		if (!*name) {
			problem(p, max, &np, RISK_PART_BANDS, line, N_("The band on line %d has no name."), line, 0, NULL);
			continue;
		}
		if (strlen(name) > NAME_MAX_LEN) {
			problem(p, max, &np, RISK_PART_BANDS, line, N_("The name on line %d is longer than %d characters."),
				line, NAME_MAX_LEN, NULL);
			continue;
		}
		lines[*n] = line;
		out[*n] = (struct risk_band){ lo, hi, name, color ? color : default_colors[*n] };
		(*n)++;
	}
	if (np)
		return np;
	if (*n == 0) {
		problem(p, max, &np, RISK_PART_BANDS, 0, N_("Give at least one band, one per line."), 0, 0, NULL);
		return np;
	}
	/* Each band on its own, then the bands together: lowest first, no
	 * overlap, no gap, from 1 to the largest value. */
	for (int i = 0; i < *n; i++) {
		const struct risk_band *b = &out[i];
		if (b->max < b->min)
			problem(p, max, &np, RISK_PART_BANDS, lines[i], N_("Band %s ends before it starts."), 0, 0, b->name);
		else if (b->min < 1)
			problem(p, max, &np, RISK_PART_BANDS, lines[i], N_("Band %s starts below 1."), 0, 0, b->name);
		else if (b->max > max_value)
			problem(p, max, &np, RISK_PART_BANDS, lines[i],
				N_("Band %s goes beyond %d, the largest risk value of the scales."), max_value, 0, b->name);
	}
	if (np)
		return np;
	if (out[0].min > 1)
		uncovered(p, max, &np, lines[0], 1, out[0].min - 1);
	for (int i = 1; i < *n; i++) {
		const struct risk_band *prev = &out[i - 1], *b = &out[i];
		if (b->min <= prev->max)
			problem(p, max, &np, RISK_PART_BANDS, lines[i],
				N_("Band %s overlaps the band before it or is not in order, lowest first."), 0, 0, b->name);
		else if (b->min > prev->max + 1)
			uncovered(p, max, &np, lines[i], prev->max + 1, b->min - 1);
	}
	if (out[*n - 1].max < max_value)
		uncovered(p, max, &np, lines[*n - 1], out[*n - 1].max + 1, max_value);
	return np;
}

int risk_method_parse(struct arena *a, const char *likelihood, const char *consequence, const char *bands,
		      struct risk_method *m, struct risk_problem *p, int max)
{
	memset(m, 0, sizeof *m);
	int n = risk_parse_scale(a, RISK_PART_LIKELIHOOD, likelihood, m->likelihood, &m->nlikelihood, p, max);
	n += risk_parse_scale(a, RISK_PART_CONSEQUENCE, consequence, m->consequence, &m->nconsequence, p + n,
			      max - n);
	if (n)
		return n;
	return risk_parse_bands(a, bands, m->nlikelihood * m->nconsequence, m->bands, &m->nbands, p, max);
}

int risk_value(const struct risk_method *m, int likelihood, int consequence)
{
	if (likelihood < 1 || likelihood > m->nlikelihood || consequence < 1 || consequence > m->nconsequence)
		return 0;
	return likelihood * consequence;
}

int risk_suggest_consequence(int level, int n)
{
	if (level < LEVEL_MIN || level > LEVEL_MAX || n < 1)
		return 0;
	int c = (level * n + LEVEL_MAX - 1) / LEVEL_MAX;
	return c < 1 ? 1 : c;
}

int risk_guess_level(const struct risk_level *levels, int n, const char *value, int source_max)
{
	const char *v;
	size_t len = text_trim(value ? value : "", value ? strlen(value) : 0, &v);
	if (!len)
		return 0;
	char *end;
	long x = strtol(v, &end, 10);
	if (end == v + len) {
		if (x < 1 || (source_max <= n && x > n) || (source_max > n && x > source_max))
			return 0;
		return source_max > n ? (int)((x * n + source_max - 1) / source_max) : (int)x;
	}
	struct buf want = BUF_INIT, name = BUF_INIT;
	text_fold(&want, v, len);
	int found = 0;
	for (int i = 0; i < n && !found; i++) {
		buf_reset(&name);
		text_fold(&name, levels[i].name, strlen(levels[i].name));
		if (strcmp(buf_str(&name), buf_str(&want)) == 0)
			found = i + 1;
	}
	buf_free(&want);
	buf_free(&name);
	return found;
}

int risk_band_of(const struct risk_method *m, int value)
{
	for (int i = 0; i < m->nbands; i++)
		if (value >= m->bands[i].min && value <= m->bands[i].max)
			return i;
	return -1;
}

/* Of a colour is_color accepted. */
static double luminance(const char *c)
{
	unsigned char rgb[3] = { 0, 0, 0 };
	text_parse_color(c, strlen(c), rgb);
	double ch[3];
	for (int i = 0; i < 3; i++) {
		double v = rgb[i] / 255.0;
		ch[i] = v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
	}
	return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}

double risk_contrast(const char *c1, const char *c2)
{
	if (!c1 || !c2 || !is_color(c1, strlen(c1)) || !is_color(c2, strlen(c2)))
		return 0;
	double l1 = luminance(c1), l2 = luminance(c2);
	if (l1 < l2) {
		double t = l1;
		l1 = l2;
		l2 = t;
	}
	return (l1 + 0.05) / (l2 + 0.05);
}

const char *risk_text_color(const char *color)
{
	return risk_contrast(color, "#000000") >= risk_contrast(color, "#ffffff") ? "#000000" : "#ffffff";
}

int risk_next_analysis(const struct risk_cadence *c, char due[11])
{
	if (!c->today || !date_valid(c->today))
		return -1;
	if (!c->last) {
		memcpy(due, c->today, 11);
		return 0;
	}
	int high = 0;
	int level = c->high_level > 0 ? c->high_level : 3;
	for (int a = 0; c->lv && a < ASPECT_COUNT; a++)
		if (c->lv->v[a] != LEVEL_UNSET && c->lv->v[a] >= level)
			high = 1;
	int months = high ? (c->high_months > 0 ? c->high_months : 12) : (c->other_months > 0 ? c->other_months : 36);
	if (classification_review_date(c->last, months, due) != 0)
		return -1;
	/* A trigger after the last analysis makes it due at once. */
	if (c->trigger && date_valid(c->trigger) && date_compare(c->trigger, c->last) > 0 &&
	    date_compare(c->trigger, due) < 0)
		memcpy(due, c->trigger, 11);
	return 0;
}

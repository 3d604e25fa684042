#include "model/catalogue.h"
#include "model/escalation.h"
#include "model/incident.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/classify.h"
#include "core/risk.h"
#include "io/csv.h"
#include "model/entity.h"
#include "model/record.h"
#include "model/risk.h"
#include "model/wheel.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/clock.h"
#include "model/training.h"
#include "model/documents.h"
#include "util/embed.h"
#include "util/i18n.h"
#include "util/json.h"

/* The shipped files, and the framework each controls file holds. */
static const struct {
	const char *framework, *path, *column;
} frameworks[] = {
	{ "iso27001", "data/iso27001-annex-a.csv", "iso27001" },
	{ "cis8", "data/cis-controls-v8.csv", "cis" },
	{ "nis2", "data/nis2-art21.csv", "nis2" },
	{ "clauses", "data/iso27001-clauses.csv", "clauses" },
};
#define NFRAMEWORKS (sizeof frameworks / sizeof frameworks[0])
_Static_assert(NFRAMEWORKS == CATALOGUE_NFRAMEWORKS, "catalogue.h names the frameworks");
#define REQUIREMENTS_PATH "data/requirements.csv"
#define NOTES_PATH "data/control-notes.csv"

/* Default level names (DOMAIN.md §1, after SKR's KLASSA); the organisation
 * renames them. Bump DEFAULTS_VERSION when they change so that the digest
 * changes (existing levels are never overwritten). */
#define DEFAULTS_VERSION "levels-1 risk-method-1 incidents-2 training-1 wheel-1 documents-1"
static const struct {
	const char *name, *description;
	const char *name_msgid, *description_msgid; /* for English readers: catalogue_level_text */
} default_levels[LEVEL_MAX + 1] = {
	{ "Ingen eller försumbar", "En förlust ger ingen eller försumbar skada för verksamheten, enskilda eller samhället.",
	  N_("None or negligible"),
	  N_("A loss does no or negligible harm to the organisation, to individuals or to society.") },
	{ "Måttlig", "En förlust ger måttlig skada: störningar som verksamheten hanterar inom ramen för det vanliga arbetet.",
	  N_("Moderate"),
	  N_("A loss does moderate harm: disruptions that the organisation handles in its ordinary work.") },
	{ "Betydande", "En förlust ger betydande skada: en viktig uppgift försvåras, ekonomisk förlust eller kränkning av enskildas rättigheter.",
	  N_("Considerable"),
	  N_("A loss does considerable harm: an important task is made harder, a financial loss or a violation of individuals' rights.") },
	{ "Allvarlig", "En förlust ger allvarlig skada: verksamheten kan inte utföra en huvuduppgift, stor ekonomisk förlust eller allvarlig skada för enskildas liv, hälsa eller rättigheter.",
	  N_("Serious"),
	  N_("A loss does serious harm: the organisation cannot carry out a main task, a large financial loss or serious harm to individuals' life, health or rights.") },
	{ "Synnerligen allvarlig", "En förlust ger synnerligen allvarlig skada, t.ex. för Sveriges säkerhet. Kräver en särskild säkerhetsskyddsanalys; Tillit härleder inga krav för nivån.",
	  N_("Extremely serious"),
	  N_("A loss does extremely serious harm, for example to Sweden's security. Needs a separate protective security analysis; Tillit derives no requirements for the level.") },
};

static void fail(struct catalogue_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void fail(struct catalogue_error *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
}

/* ---- parsing ----------------------------------------------------------- */

static int parse_csv(struct arena *a, const char *text, size_t len, const char *const *header,
		     size_t ncols, struct csv *c, struct catalogue_error *err)
{
	struct csv_error ce;
	if (csv_parse(a, text, len, c, &ce) != 0) {
		fail(err, "line %zu: %s", ce.line, ce.msg);
		return -1;
	}
	const struct csv_row *h = &c->rows[0];
	for (size_t i = 0; i < ncols; i++)
		if (h->nfields != ncols || strcmp(h->fields[i], header[i]) != 0) {
			fail(err, "line 1: the header must be %s%s...", header[0], ncols > 1 ? "," : "");
			return -1;
		}
	for (size_t r = 1; r < c->nrows; r++)
		if (c->rows[r].nfields != ncols) {
			fail(err, "line %zu: %zu columns, expected %zu", c->rows[r].line,
			     c->rows[r].nfields, ncols);
			return -1;
		}
	return 0;
}

int catalogue_parse_controls(struct arena *a, const char *text, size_t len,
			     struct catalogue_control **out, size_t *n, struct catalogue_error *err)
{
	static const char *const header[] = { "code", "theme", "title_sv", "title_en" };
	struct csv c;
	if (parse_csv(a, text, len, header, 4, &c, err))
		return -1;
	struct catalogue_control *v = arena_alloc_array(a, c.nrows ? c.nrows : 1, sizeof *v);
	*n = 0;
	for (size_t r = 1; r < c.nrows; r++) {
		char **f = c.rows[r].fields;
		if (!*f[0] || strlen(f[0]) > 20) {
			fail(err, "line %zu, column code: a code of 1-20 characters is required", c.rows[r].line);
			return -1;
		}
		if (!*f[2]) {
			fail(err, "line %zu, column title_sv: a title is required", c.rows[r].line);
			return -1;
		}
		for (size_t k = 0; k < *n; k++)
			if (strcmp(v[k].code, f[0]) == 0) {
				fail(err, "line %zu, column code: %s is listed twice", c.rows[r].line, f[0]);
				return -1;
			}
		v[(*n)++] = (struct catalogue_control){ f[0], *f[1] ? f[1] : NULL, f[2], *f[3] ? f[3] : NULL };
	}
	*out = v;
	return 0;
}

int catalogue_parse_notes(struct arena *a, const char *text, size_t len, struct catalogue_note **out, size_t *n,
			  struct catalogue_error *err)
{
	static const char *const header[] = { "framework", "code", "note_sv", "note_en" };
	struct csv c;
	if (parse_csv(a, text, len, header, 4, &c, err))
		return -1;
	struct catalogue_note *v = arena_alloc_array(a, c.nrows ? c.nrows : 1, sizeof *v);
	*n = 0;
	for (size_t r = 1; r < c.nrows; r++) {
		char **f = c.rows[r].fields;
		size_t fw = catalogue_framework_index(f[0]);
		if (fw == CATALOGUE_NFRAMEWORKS) {
			fail(err, "line %zu, column framework: unknown framework '%s'", c.rows[r].line, f[0]);
			return -1;
		}
		if (!*f[1] || !*f[2] || !*f[3]) {
			fail(err, "line %zu: a code and the note in Swedish and English are required", c.rows[r].line);
			return -1;
		}
		v[(*n)++] = (struct catalogue_note){ frameworks[fw].framework, f[1], f[2], f[3], c.rows[r].line };
	}
	*out = v;
	return 0;
}

size_t catalogue_framework_index(const char *framework)
{
	size_t i = 0;
	while (i < NFRAMEWORKS && strcmp(frameworks[i].framework, framework) != 0)
		i++;
	return i;
}

static int in_options(const struct field *f, const char *v)
{
	return field_option_label(f, v) != NULL;
}

/* Codes separated by ';': each of 1-20 characters from [0-9a-z.]. */
static int codes_ok(const char *s)
{
	if (!*s)
		return 1;
	size_t run = 0;
	for (; *s; s++) {
		if (*s == ';') {
			if (!run)
				return 0;
			run = 0;
		} else if ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') || *s == '.') {
			if (++run > 20)
				return 0;
		} else {
			return 0;
		}
	}
	return run > 0;
}

int catalogue_parse_requirements(struct arena *a, const char *text, size_t len,
				 struct catalogue_requirement **out, size_t *n,
				 struct catalogue_error *err)
{
	static const char *const header[] = {
		"code", "area", "scope", "aspect", "min_level", "title_sv", "title_en", "current_sv",
		"current_en", "procurement_sv", "procurement_en", "iso27001", "cis", "nis2", "clauses"
	};
	struct csv c;
	if (parse_csv(a, text, len, header, 15, &c, err))
		return -1;
	const struct entity *e = &entity_requirements;
	struct catalogue_requirement *v = arena_alloc_array(a, c.nrows ? c.nrows : 1, sizeof *v);
	*n = 0;
	for (size_t r = 1; r < c.nrows; r++) {
		char **f = c.rows[r].fields;
		size_t line = c.rows[r].line;
		const char *code = f[0];
		int codeok = *code && strlen(code) <= 20;
		for (const char *p = code; *p && codeok; p++)
			codeok = (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-';
		if (!codeok) {
			fail(err, "line %zu, column code: '%s' is not a code such as ACC-01", line, code);
			return -1;
		}
		for (size_t k = 0; k < *n; k++)
			if (strcmp(v[k].code, code) == 0) {
				fail(err, "line %zu, column code: %s is listed twice", line, code);
				return -1;
			}
		if (!in_options(entity_field(e, "area"), f[1])) {
			fail(err, "line %zu, column area: unknown area '%s'", line, f[1]);
			return -1;
		}
		if (!in_options(entity_field(e, "scope"), f[2])) {
			fail(err, "line %zu, column scope: '%s' is not system or organisation", line, f[2]);
			return -1;
		}
		if (requirement_aspect_from_code(f[3]) == ASPECT_COUNT) {
			fail(err, "line %zu, column aspect: '%s' is not K, R, T, S or any", line, f[3]);
			return -1;
		}
		/* 0: always applies. */
		int lvl = (f[4][0] >= '0' && f[4][0] <= '0' + REQUIREMENT_LEVEL_MAX && !f[4][1]) ? f[4][0] - '0' : -1;
		if (lvl < 0) {
			fail(err, "line %zu, column min_level: '%s' is not a level from 0 (always) to %d", line,
			     f[4], REQUIREMENT_LEVEL_MAX);
			return -1;
		}
		/* The organisation's: applies once, the trigger unused. */
		if (strcmp(f[2], "organisation") == 0 && (strcmp(f[3], "any") != 0 || lvl != 0)) {
			fail(err, "line %zu, column aspect: a requirement on the organisation has aspect any and min_level 0", line);
			return -1;
		}
		if (!*f[5]) {
			fail(err, "line %zu, column title_sv: a title is required", line);
			return -1;
		}
		for (int k = 11; k < 15; k++)
			if (!codes_ok(f[k])) {
				fail(err, "line %zu, column %s: '%s' is not a list of codes separated by ';'",
				     line, header[k], f[k]);
				return -1;
			}
#define OPT(i) (*f[i] ? f[i] : NULL)
		v[(*n)++] = (struct catalogue_requirement){
			code, f[1], f[2], f[3], lvl, f[5], OPT(6), OPT(7), OPT(8), OPT(9), OPT(10),
			f[11], f[12], f[13], f[14], line
		};
#undef OPT
	}
	*out = v;
	return 0;
}

/* ---- synchronising ----------------------------------------------------- */

static const char *digest_of_shipped(struct arena *a)
{
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, (const unsigned char *)DEFAULTS_VERSION, strlen(DEFAULTS_VERSION));
	const struct embedded_file *f = embed_find(REQUIREMENTS_PATH);
	if (f)
		crypto_hash_sha256_update(&h, (const unsigned char *)f->data, f->len);
	for (size_t i = 0; i < NFRAMEWORKS; i++)
		if ((f = embed_find(frameworks[i].path)))
			crypto_hash_sha256_update(&h, (const unsigned char *)f->data, f->len);
	if ((f = embed_find(NOTES_PATH)))
		crypto_hash_sha256_update(&h, (const unsigned char *)f->data, f->len);
	unsigned char out[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&h, out);
	char *hex = arena_alloc(a, 2 * sizeof out + 1);
	sodium_bin2hex(hex, 2 * sizeof out + 1, out, sizeof out);
	return hex;
}

static void set_opt_str(struct arena *a, struct jval *o, const char *k, const char *v)
{
	jv_set(o, k, v ? jv_str(a, v) : jv_null(a));
}

static void errs_to(struct catalogue_error *err, const char *what, const struct verrors *errs)
{
	fail(err, "%s: %s%s%s", what, errs->n && errs->items[0].field ? errs->items[0].field : "",
	     errs->n && errs->items[0].field ? ": " : "", errs->n ? errs->items[0].message : "refused");
}

static int sync_levels(struct rctx *c, long long org, struct catalogue_error *err)
{
	const struct entity *e = &entity_classification_levels;
	struct list_query q = { .page = 1, .limit = 0 };
	struct jval *rows;
	long long total;
	if (store_list(c->st, c->a, e, org, &q, &rows, &total) != STORE_OK) {
		fail(err, "classification levels: %s", store_errmsg(c->st));
		return -1;
	}
	for (int l = LEVEL_MIN; l <= LEVEL_MAX; l++) {
		int have = 0;
		for (struct jval *r = rows->first; r && !have; r = r->next)
			have = jv_get_int(r, "level", -1) == l;
		if (have)
			continue;
		struct jval *in = jv_obj(c->a);
		jv_set_int(c->a, in, "level", l);
		jv_set_str(c->a, in, "name", default_levels[l].name);
		jv_set_str(c->a, in, "description", default_levels[l].description);
		struct verrors errs = { 0 };
		long long id;
		if (record_create(c, e, in, &id, &errs) != REC_OK) {
			errs_to(err, "classification levels", &errs);
			return -1;
		}
	}
	return 0;
}

/* A first risk method (DOMAIN.md §2: 1-5 x 1-5, four bands) when the
 * organisation has none; the coordinator changes it by making a new
 * version. */
static int sync_risk_method(struct rctx *c, long long org, struct catalogue_error *err)
{
	if (risk_method_latest(c->st, c->a, org))
		return 0;
	struct jval *in = jv_obj(c->a);
	jv_set_str(c->a, in, "name", "Riskmetod");
	jv_set_str(c->a, in, "likelihood_scale", risk_default_likelihood);
	jv_set_str(c->a, in, "consequence_scale", risk_default_consequence);
	jv_set_str(c->a, in, "bands", risk_default_bands);
	struct verrors errs = { 0 };
	long long id;
	if (record_create(c, &entity_risk_methods, in, &id, &errs) != REC_OK) {
		errs_to(err, "risk method", &errs);
		return -1;
	}
	return 0;
}

/* Every SoA entry of org: "framework:code" -> row. */
static struct jval *controls_by_code(struct rctx *c, long long org, struct jval **byid)
{
	const struct entity *e = &entity_soa_entries;
	struct list_query q = { .page = 1, .limit = 0 };
	struct jval *rows;
	long long total;
	if (store_list(c->st, c->a, e, org, &q, &rows, &total) != STORE_OK)
		return NULL;
	struct jval *map = jv_obj(c->a);
	*byid = jv_obj(c->a);
	for (struct jval *r = rows->first; r; r = r->next) {
		const char *key = arena_printf(c->a, "%s:%s", jv_get_str(r, "framework"), jv_get_str(r, "code"));
		jv_set(map, key, jv_clone(c->a, r)); /* r stays in rows */
		jv_set_str(c->a, *byid, arena_printf(c->a, "%lld", jv_get_int(r, "id", 0)), key);
	}
	return map;
}

static int sync_controls(struct rctx *c, long long org, struct catalogue_error *err)
{
	const struct entity *e = &entity_soa_entries;
	struct jval *byid;
	struct jval *have = controls_by_code(c, org, &byid);
	if (!have) {
		fail(err, "controls: %s", store_errmsg(c->st));
		return -1;
	}
	/* Why the catalogue has no requirement for a control. */
	const struct embedded_file *nf = embed_find(NOTES_PATH);
	struct catalogue_note *notes = NULL;
	size_t nnotes = 0;
	struct catalogue_error nerr;
	if (nf && catalogue_parse_notes(c->a, nf->data, nf->len, &notes, &nnotes, &nerr)) {
		fail(err, "%s, %s", NOTES_PATH, nerr.msg);
		return -1;
	}
	for (size_t i = 0; i < NFRAMEWORKS; i++) {
		const struct embedded_file *file = embed_find(frameworks[i].path);
		if (!file) {
			fail(err, "%s is missing from the build", frameworks[i].path);
			return -1;
		}
		struct catalogue_control *v;
		size_t n;
		struct catalogue_error perr;
		if (catalogue_parse_controls(c->a, file->data, file->len, &v, &n, &perr)) {
			fail(err, "%s, %s", frameworks[i].path, perr.msg);
			return -1;
		}
		for (size_t k = 0; k < n; k++) {
			struct jval *in = jv_obj(c->a);
			jv_set_int(c->a, in, "position", (long long)k + 1);
			set_opt_str(c->a, in, "theme", v[k].theme);
			jv_set_str(c->a, in, "title_sv", v[k].title_sv);
			set_opt_str(c->a, in, "title_en", v[k].title_en);
			const struct catalogue_note *note = NULL;
			for (size_t m = 0; m < nnotes && !note; m++)
				if (strcmp(notes[m].framework, frameworks[i].framework) == 0 && strcmp(notes[m].code, v[k].code) == 0)
					note = &notes[m];
			set_opt_str(c->a, in, "catalogue_note_sv", note ? note->note_sv : NULL);
			set_opt_str(c->a, in, "catalogue_note_en", note ? note->note_en : NULL);
			const struct jval *row = jv_get(have, arena_printf(c->a, "%s:%s", frameworks[i].framework, v[k].code));
			struct verrors errs = { 0 };
			int rc;
			if (!row) {
				jv_set_str(c->a, in, "framework", frameworks[i].framework);
				jv_set_str(c->a, in, "code", v[k].code);
				long long id;
				rc = record_create(c, e, in, &id, &errs);
			} else {
				/* An unchanged control is neither written nor audited. */
				rc = record_update(c, e, jv_get_int(row, "id", 0), in, &errs);
			}
			if (rc != REC_OK) {
				errs_to(err, frameworks[i].path, &errs);
				return -1;
			}
		}
	}
	return 0;
}

/* The shipped values of r as stored in `shipped` (controls as a sorted
 * array of "framework:code"). */
static struct jval *shipped_values(struct arena *a, const struct catalogue_requirement *r)
{
	struct jval *o = jv_obj(a);
	jv_set_str(a, o, "area", r->area);
	jv_set_str(a, o, "scope", r->scope);
	jv_set_str(a, o, "aspect", r->aspect);
	jv_set_int(a, o, "min_level", r->min_level);
	jv_set_str(a, o, "title_sv", r->title_sv);
	set_opt_str(a, o, "title_en", r->title_en);
	set_opt_str(a, o, "current_sv", r->current_sv);
	set_opt_str(a, o, "current_en", r->current_en);
	set_opt_str(a, o, "procurement_sv", r->procurement_sv);
	set_opt_str(a, o, "procurement_en", r->procurement_en);
	return o;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* ids of the controls r maps to, and their keys sorted (for `shipped`). */
static int mapped_controls(struct arena *a, const struct catalogue_requirement *r,
			   const struct jval *have, struct jval **ids, struct jval **keys,
			   struct catalogue_error *err)
{
	const char *lists[NFRAMEWORKS] = { r->iso27001, r->cis, r->nis2, r->clauses };
	*ids = jv_arr(a);
	const char *sorted[256];
	size_t ns = 0;
	for (size_t i = 0; i < NFRAMEWORKS; i++) {
		char *s = arena_strdup(a, lists[i]);
		for (char *tok = strtok(s, ";"); tok; tok = strtok(NULL, ";")) {
			const char *key = arena_printf(a, "%s:%s", frameworks[i].framework, tok);
			const struct jval *row = jv_get(have, key);
			if (!row) {
				fail(err, "%s, line %zu, column %s: there is no control %s", REQUIREMENTS_PATH,
				     r->line, frameworks[i].column, tok);
				return -1;
			}
			int dup = 0;
			for (size_t k = 0; k < ns; k++)
				dup |= strcmp(sorted[k], key) == 0;
			if (dup || ns == 256)
				continue;
			sorted[ns++] = key;
			jv_push(*ids, jv_int(a, jv_get_int(row, "id", 0)));
		}
	}
	qsort(sorted, ns, sizeof *sorted, cmp_str);
	*keys = jv_arr(a);
	for (size_t k = 0; k < ns; k++)
		jv_push(*keys, jv_str(a, sorted[k]));
	return 0;
}

/* The current control ids of a row as sorted keys. */
static struct jval *row_control_keys(struct arena *a, const struct jval *row, const struct jval *byid)
{
	const char *sorted[256];
	size_t ns = 0;
	const struct jval *ids = jv_get(row, "control_ids");
	for (const struct jval *m = ids ? ids->first : NULL; m && ns < 256; m = m->next) {
		const char *key = jv_get_str(byid, arena_printf(a, "%lld", m->i));
		if (key)
			sorted[ns++] = key;
	}
	qsort(sorted, ns, sizeof *sorted, cmp_str);
	struct jval *keys = jv_arr(a);
	for (size_t k = 0; k < ns; k++)
		jv_push(keys, jv_str(a, sorted[k]));
	return keys;
}

/* A shipped requirement the catalogue no longer lists (merged into
 * another, or withdrawn) is retired — its assessments and history stay —
 * unless the organisation has edited it since it was shipped: then it is
 * the organisation's to keep or retire. */
static int retire_removed(struct rctx *c, const struct catalogue_requirement *v, size_t n, const struct jval *rows,
			  struct catalogue_error *err)
{
	for (const struct jval *r = rows->first; r; r = r->next) {
		const char *code = jv_get_str(r, "code"), *origin = jv_get_str(r, "origin");
		const char *status = jv_get_str(r, "status"), *old_text = jv_get_str(r, "shipped");
		if (!code || !origin || strcmp(origin, "shipped") != 0 || !status || strcmp(status, "active") != 0 || !old_text)
			continue;
		int listed = 0;
		for (size_t i = 0; i < n && !listed; i++)
			listed = strcmp(v[i].code, code) == 0;
		if (listed)
			continue;
		struct jval *base = json_parse(c->a, old_text, strlen(old_text), NULL);
		int edited = !base || base->type != J_OBJ;
		for (const struct jval *m = base && base->type == J_OBJ ? base->first : NULL; m && !edited; m = m->next)
			if (strcmp(m->key, "controls") != 0)
				edited = !jv_equal(m, jv_get(r, m->key));
		if (edited)
			continue;
		struct jval *diff = jv_obj(c->a);
		jv_set_str(c->a, diff, "status", "retired");
		struct verrors errs = { 0 };
		if (record_update(c, &entity_requirements, jv_get_int(r, "id", 0), diff, &errs) != REC_OK) {
			errs_to(err, arena_printf(c->a, "%s, retiring %s", REQUIREMENTS_PATH, code), &errs);
			return -1;
		}
	}
	return 0;
}

static int sync_requirements(struct rctx *c, long long org, struct catalogue_error *err)
{
	const struct entity *e = &entity_requirements;
	const struct embedded_file *file = embed_find(REQUIREMENTS_PATH);
	if (!file) {
		fail(err, "%s is missing from the build", REQUIREMENTS_PATH);
		return -1;
	}
	struct catalogue_requirement *v;
	size_t n;
	struct catalogue_error perr;
	if (catalogue_parse_requirements(c->a, file->data, file->len, &v, &n, &perr)) {
		fail(err, "%s, %s", REQUIREMENTS_PATH, perr.msg);
		return -1;
	}
	struct jval *byid;
	struct jval *have = controls_by_code(c, org, &byid);
	struct list_query q = { .page = 1, .limit = 0, .with_links = 1 };
	struct jval *rows;
	long long total;
	if (!have || store_list(c->st, c->a, e, org, &q, &rows, &total) != STORE_OK) {
		fail(err, "requirements: %s", store_errmsg(c->st));
		return -1;
	}
	struct jval *bycode = jv_obj(c->a);
	for (struct jval *r = rows->first; r; r = r->next)
		jv_set(bycode, jv_get_str(r, "code"), jv_clone(c->a, r));

	for (size_t i = 0; i < n; i++) {
		struct jval *ids, *keys;
		if (mapped_controls(c->a, &v[i], have, &ids, &keys, err))
			return -1;
		struct jval *now = shipped_values(c->a, &v[i]);
		struct jval *snapshot = jv_clone(c->a, now);
		jv_set(snapshot, "controls", keys);
		struct buf b = BUF_INIT;
		json_write(&b, snapshot, 0);
		const char *shipped_text = arena_strdup(c->a, buf_str(&b));
		buf_free(&b);

		const struct jval *row = jv_get(bycode, v[i].code);
		struct verrors errs = { 0 };
		int rc;
		if (!row) {
			struct jval *in = now;
			jv_set_str(c->a, in, "code", v[i].code);
			jv_set(in, "control_ids", ids);
			jv_set_str(c->a, in, "origin", "shipped");
			jv_set_str(c->a, in, "shipped", shipped_text);
			long long id;
			rc = record_create(c, e, in, &id, &errs);
		} else {
			const char *origin = jv_get_str(row, "origin");
			if (!origin || strcmp(origin, "shipped") != 0) {
				/* The organisation's own, under the same code: it
				 * stays, and the administrator hears why the
				 * catalogue's is missing. */
				fprintf(stderr, "tillit: requirement %s is the organisation's own; the catalogue's %s (%s) was not loaded\n",
					v[i].code, v[i].code, v[i].title_en ? v[i].title_en : v[i].title_sv);
				continue;
			}
			const char *old_text = jv_get_str(row, "shipped");
			if (old_text && strcmp(old_text, shipped_text) == 0)
				continue;
			struct jval *base = old_text ? json_parse(c->a, old_text, strlen(old_text), NULL) : NULL;
			if (!base || base->type != J_OBJ)
				base = jv_obj(c->a);
			/* Three-way: take the new shipped value where the local
			 * one is still the last shipped one. */
			struct jval *diff = jv_obj(c->a);
			for (struct jval *m = now->first; m; m = m->next) {
				const struct jval *local = jv_get(row, m->key);
				const struct jval *was = jv_get(base, m->key);
				/* Shipped before there was a scope: every
				 * requirement was a system's. */
				if (!was && strcmp(m->key, "scope") == 0)
					was = jv_str(c->a, "system");
				if (jv_equal(m, local) || !was || !jv_equal(local, was))
					continue;
				jv_set(diff, m->key, jv_clone(c->a, m));
			}
			const struct jval *was_keys = jv_get(base, "controls");
			if (was_keys && !jv_equal(keys, was_keys) &&
			    jv_equal(row_control_keys(c->a, row, byid), was_keys))
				jv_set(diff, "control_ids", ids);
			jv_set_str(c->a, diff, "shipped", shipped_text);
			rc = record_update(c, e, jv_get_int(row, "id", 0), diff, &errs);
		}
		if (rc != REC_OK) {
			errs_to(err, arena_printf(c->a, "%s, line %zu", REQUIREMENTS_PATH, v[i].line), &errs);
			return -1;
		}
	}
	return retire_removed(c, v, n, rows, err);
}

/* The organisation's incident lists from the defaults (model/incident.h). */
static int sync_incident_lists(struct rctx *c, struct catalogue_error *err)
{
	if (incident_defaults_sync(c) == REC_OK && escalation_defaults_sync(c) == REC_OK &&
	    training_defaults_sync(c) == REC_OK && wheel_defaults_sync(c) == REC_OK &&
	    documents_defaults_sync(c) == REC_OK)
		return 0;
	fail(err, "incident lists: %s", store_errmsg(c->st));
	return -1;
}

int catalogue_sync(struct store *st, long long org, const struct actor *who, int *changed,
		   struct catalogue_error *err)
{
	*changed = 0;
	err->msg[0] = 0;
	struct arena *a = arena_new();
	int rc = -1;
	const char *digest = digest_of_shipped(a);
	const char *have = NULL;
	if (store_catalogue_digest(st, a, org, "shipped", &have) != STORE_OK) {
		fail(err, "%s", store_errmsg(st));
		goto out;
	}
	if (have && strcmp(have, digest) == 0) {
		rc = 0;
		goto out;
	}
	if (store_begin(st) != STORE_OK) {
		fail(err, "%s", store_errmsg(st));
		goto out;
	}
	struct actor as = *who;
	as.org_id = org;
	as.trusted = 1;
	struct rctx c = { .st = st, .a = a, .who = &as, .in_tx = 1, .seeding = 1 };
	char now[CLOCK_ISO_LEN];
	clock_now_iso(now);
	/* Each record added or changed leaves one audit entry. */
	long long before = store_generation(st);
	if (sync_levels(&c, org, err) || sync_risk_method(&c, org, err) || sync_controls(&c, org, err) ||
	    sync_requirements(&c, org, err) || sync_incident_lists(&c, err) ||
	    store_catalogue_set_digest(st, org, "shipped", digest, now) != STORE_OK ||
	    store_commit(st) != STORE_OK) {
		if (!err->msg[0])
			fail(err, "%s", store_errmsg(st));
		store_rollback(st);
		goto out;
	}
	*changed = (int)(store_generation(st) - before);
	rc = 0;
out:
	arena_free(a);
	return rc;
}

const char *catalogue_level_text(int lang, const char *stored)
{
	if (lang == LANG_SV || !stored)
		return stored;
	for (int i = 0; i <= LEVEL_MAX; i++) {
		if (strcmp(stored, default_levels[i].name) == 0)
			return tr(lang, default_levels[i].name_msgid);
		if (strcmp(stored, default_levels[i].description) == 0)
			return tr(lang, default_levels[i].description_msgid);
	}
	return stored;
}

static int field_of(const struct entity *e, const struct field *f)
{
	for (const struct field *g = e->fields; g->name; g++)
		if (g == f)
			return 1;
	return 0;
}

const char *catalogue_shipped_text(struct arena *a, int lang, const struct field *f, const char *stored)
{
	/* Each entity's own defaults only: an organisation that names a
	 * classification level "Hög" does not see the severity "High". */
	if (field_of(&entity_classification_levels, f))
		return catalogue_level_text(lang, stored);
	if (field_of(&entity_incident_categories, f) || field_of(&entity_incident_severities, f) ||
	    field_of(&entity_significance_criteria, f) || field_of(&entity_report_recipients, f))
		return incident_default_text(lang, stored);
	if (field_of(&entity_escalation_rules, f))
		return escalation_default_text(lang, stored);
	if (field_of(&entity_risk_methods, f))
		return risk_default_text(a, lang, stored);
	return stored;
}

/* ---- the catalogue check ------------------------------------------------- */

struct problems {
	struct arena *a;
	const char **v;
	size_t n, cap;
};

static void problem(struct problems *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct problems *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char msg[600];
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	void *v = p->v;
	const char **slot = arena_push(p->a, &v, &p->n, &p->cap, sizeof *slot);
	p->v = v;
	*slot = arena_strdup(p->a, msg);
}

/* A letter for word boundaries: ASCII letters and any byte of a UTF-8
 * sequence (å, ä, ö). */
static int word_byte(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch >= 0x80;
}

/* 1 when text has word (ASCII, matched without regard to case) as a whole word. */
static int has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = text; p && *p; p++) {
		if (strncasecmp(p, word, n) != 0)
			continue;
		if ((p == text || !word_byte((unsigned char)p[-1])) && !word_byte((unsigned char)p[n]))
			return 1;
	}
	return 0;
}

/* 1 when text has needle, matched without regard to ASCII case. */
static int has_text(const char *text, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *p = text; p && *p; p++)
		if (strncasecmp(p, needle, n) == 0)
			return 1;
	return 0;
}

static int same_title(const char *x, const char *y)
{
	return x && y && *x && strcasecmp(x, y) == 0;
}

size_t catalogue_check(struct arena *a, const struct catalogue_texts *t, const char ***msgs)
{
	struct problems p = { .a = a };
	struct catalogue_error err;
	struct catalogue_control *ctl[NFRAMEWORKS] = { 0 };
	size_t nctl[NFRAMEWORKS] = { 0 };
	for (size_t i = 0; i < NFRAMEWORKS; i++)
		if (!t->controls[i] || catalogue_parse_controls(a, t->controls[i], t->controls_len[i], &ctl[i], &nctl[i], &err))
			problem(&p, "%s: %s", frameworks[i].path, t->controls[i] ? err.msg : "missing");
	struct catalogue_note *notes = NULL;
	size_t nnotes = 0;
	if (t->notes && catalogue_parse_notes(a, t->notes, t->notes_len, &notes, &nnotes, &err))
		problem(&p, "%s: %s", NOTES_PATH, err.msg);
	struct catalogue_requirement *v = NULL;
	size_t n = 0;
	if (catalogue_parse_requirements(a, t->requirements, t->requirements_len, &v, &n, &err)) {
		problem(&p, "%s: %s", REQUIREMENTS_PATH, err.msg);
		*msgs = p.v;
		return p.n;
	}
	/* How many requirements implement each control. */
	size_t *used[NFRAMEWORKS];
	for (size_t i = 0; i < NFRAMEWORKS; i++)
		used[i] = arena_alloc_array(a, nctl[i] ? nctl[i] : 1, sizeof *used[i]);
	for (size_t r = 0; r < n; r++) {
		const struct catalogue_requirement *q = &v[r];
		const char *lists[NFRAMEWORKS] = { q->iso27001, q->cis, q->nis2, q->clauses };
		for (size_t i = 0; i < NFRAMEWORKS; i++) {
			char *s = arena_strdup(a, lists[i]);
			char *save = NULL;
			for (char *tok = strtok_r(s, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
				size_t k = 0;
				while (k < nctl[i] && strcmp(ctl[i][k].code, tok) != 0)
					k++;
				if (k == nctl[i])
					problem(&p, "%s, line %zu (%s), column %s: there is no control %s", REQUIREMENTS_PATH,
						q->line, q->code, frameworks[i].column, tok);
				else
					used[i][k]++;
			}
		}
		for (size_t o = 0; o < r; o++) {
			if (same_title(v[o].title_sv, q->title_sv))
				problem(&p, "%s, line %zu (%s): the Swedish title is also %s's", REQUIREMENTS_PATH, q->line,
					q->code, v[o].code);
			if (same_title(v[o].title_en, q->title_en))
				problem(&p, "%s, line %zu (%s): the English title is also %s's", REQUIREMENTS_PATH, q->line,
					q->code, v[o].code);
		}
		if (!q->title_en || !q->current_sv || !q->current_en)
			problem(&p, "%s, line %zu (%s): the English title and the current-state wording in both languages are required",
				REQUIREMENTS_PATH, q->line, q->code);
		int sys = strcmp(q->scope, "system") == 0;
		if (sys && (!q->procurement_sv || !q->procurement_en))
			problem(&p, "%s, line %zu (%s): a system's requirement needs procurement wording in both languages",
				REQUIREMENTS_PATH, q->line, q->code);
		if (q->procurement_sv && !has_word(q->procurement_sv, "ska"))
			problem(&p, "%s, line %zu (%s), column procurement_sv: no \"ska\"", REQUIREMENTS_PATH, q->line, q->code);
		if (q->procurement_en && !has_word(q->procurement_en, "shall"))
			problem(&p, "%s, line %zu (%s), column procurement_en: no \"shall\"", REQUIREMENTS_PATH, q->line, q->code);
		if ((q->procurement_sv && has_text(q->procurement_sv, "på begäran")) ||
		    (q->procurement_en && has_text(q->procurement_en, "on request")))
			problem(&p, "%s, line %zu (%s): procurement wording asks for something only \"on request\", which a tender evaluator cannot verify",
				REQUIREMENTS_PATH, q->line, q->code);
	}
	/* Every control of the three frameworks implemented or explained;
	 * the clauses are references, not controls to implement. */
	for (size_t i = 0; i < NFRAMEWORKS; i++) {
		if (strcmp(frameworks[i].framework, "clauses") == 0)
			continue;
		for (size_t k = 0; k < nctl[i]; k++) {
			int noted = 0;
			for (size_t m = 0; m < nnotes; m++)
				noted += strcmp(notes[m].framework, frameworks[i].framework) == 0 &&
					 strcmp(notes[m].code, ctl[i][k].code) == 0;
			if (!used[i][k] && !noted)
				problem(&p, "%s: control %s (%s) has no requirement and no note in %s", frameworks[i].path,
					ctl[i][k].code, ctl[i][k].title_en ? ctl[i][k].title_en : ctl[i][k].title_sv, NOTES_PATH);
			if (used[i][k] && noted)
				problem(&p, "%s: control %s has requirements and a note saying none fits", NOTES_PATH, ctl[i][k].code);
			if (noted > 1)
				problem(&p, "%s: control %s has %d notes", NOTES_PATH, ctl[i][k].code, noted);
		}
	}
	for (size_t m = 0; m < nnotes; m++) {
		size_t i = catalogue_framework_index(notes[m].framework), k = 0;
		while (i < NFRAMEWORKS && k < nctl[i] && strcmp(ctl[i][k].code, notes[m].code) != 0)
			k++;
		if (i < NFRAMEWORKS && k == nctl[i])
			problem(&p, "%s, line %zu: there is no control %s in %s", NOTES_PATH, notes[m].line, notes[m].code,
				notes[m].framework);
	}
	*msgs = p.v;
	return p.n;
}

size_t catalogue_check_shipped(struct arena *a, const char ***msgs)
{
	struct catalogue_texts t = { 0 };
	const struct embedded_file *f = embed_find(REQUIREMENTS_PATH);
	if (f) {
		t.requirements = f->data;
		t.requirements_len = f->len;
	} else {
		t.requirements = "";
	}
	for (size_t i = 0; i < NFRAMEWORKS; i++)
		if ((f = embed_find(frameworks[i].path))) {
			t.controls[i] = f->data;
			t.controls_len[i] = f->len;
		}
	if ((f = embed_find(NOTES_PATH))) {
		t.notes = f->data;
		t.notes_len = f->len;
	}
	return catalogue_check(a, &t, msgs);
}

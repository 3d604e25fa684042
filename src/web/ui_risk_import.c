/*
 * ui_risk_import.c: an existing risk spreadsheet into a risk analysis.
 *
 * Municipalities keep risk analyses in spreadsheets (Lessebo's: risk,
 * skadeverkan, sannolikhet, konsekvens, riskvärde, förslag på
 * åtgärder/kommentar). The user uploads one (CSV or XLSX); Tillit keeps the
 * file (pending_imports) and shows which column it takes for what and how
 * each value of their likelihood and consequence scales maps onto the
 * analysis's method, guessed from the headings and the values. The user
 * corrects the choices, checks (a dry run that lists every row problem)
 * and imports: every row becomes a risk (the risk value is computed again
 * on the method), a proposed measure a planned measure, all in one
 * transaction and only when no row has a problem.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/risk.h"
#include "io/csv.h"
#include "io/xlsx_read.h"
#include "model/account.h"
#include "model/risk.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/text.h"
#include "web/form.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

/* Distinct values of a scale column offered for mapping. */
#define SCALE_VALUES_MAX 30
#define ISSUES_MAX 500
#define PREVIEW_ROWS 5

enum target { T_TITLE, T_HARM, T_VULNERABILITY, T_LIKELIHOOD, T_CONSEQUENCE, T_MEASURE, NTARGETS };

static const struct {
	const char *name;  /* form control col_<name> and the risk field */
	const char *label; /* msgid */
	int required;
	const char *guess[4]; /* folded heading words that suggest it */
} targets[NTARGETS] = {
	[T_TITLE] = { "title", N_("Risk"), 1, { "risk", "hot", "scenario", "threat" } },
	[T_HARM] = { "harm", N_("Harm"), 0, { "skadeverkan", "harm", "skada", NULL } },
	[T_VULNERABILITY] = { "vulnerability", N_("Vulnerability"), 0, { "sarbarhet", "vulnerability", NULL, NULL } },
	[T_LIKELIHOOD] = { "likelihood", N_("Likelihood"), 1, { "sannolikhet", "likelihood", "probability", NULL } },
	[T_CONSEQUENCE] = { "consequence", N_("Consequence"), 1, { "konsekvens", "consequence", "impact", NULL } },
	[T_MEASURE] = { "measure", N_("Proposed measures"), 0, { "atgard", "kommentar", "measure", "comment" } },
};

/* A scale column's values and the level each maps to (0: none). */
struct scale_map {
	const char *value[SCALE_VALUES_MAX];
	int level[SCALE_VALUES_MAX];
	int n, too_many;
};

struct risk_import {
	struct jval *analysis;
	struct risk_method method;
	struct csv sheet;
	int col[NTARGETS]; /* column index, -1 for none */
	struct scale_map scale[2]; /* likelihood, consequence */
};

/* The bytes of s[0..len) that hold at most max characters. */
static size_t prefix_chars(const char *s, size_t len, size_t max)
{
	size_t at = 0;
	for (size_t n = 0; at < len && n < max; n++) {
		uint32_t cp;
		size_t k = text_utf8_decode(s + at, len - at, &cp);
		at += k ? k : 1;
	}
	return at;
}

static const char *cell(const struct csv_row *row, int col)
{
	return col >= 0 && (size_t)col < row->nfields ? row->fields[col] : "";
}

static const char *folded(struct arena *a, const char *s)
{
	struct buf b = BUF_INIT;
	text_fold(&b, s, strlen(s));
	const char *out = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return out;
}

/* The column whose heading suggests target t, or -1: a heading that is
 * one of its words, else one that contains one. "Riskvärde" is not the
 * risk: Tillit computes the value itself. */
static int guess_column(struct arena *a, const struct csv_row *head, enum target t)
{
	for (int exact = 1; exact >= 0; exact--)
		for (size_t c = 0; c < head->nfields; c++) {
			const char *h = folded(a, head->fields[c]);
			if (strstr(h, "riskvarde") || strstr(h, "risk value"))
				continue;
			for (int g = 0; g < 4 && targets[t].guess[g]; g++)
				if (exact ? strcmp(h, targets[t].guess[g]) == 0 : strstr(h, targets[t].guess[g]) != NULL)
					return (int)c;
		}
	return -1;
}

/* The distinct values of column col (in order of first appearance) and,
 * from the form (l_<i>/c_<i>) or else a guess, the level of each. */
static void scale_values(struct request *r, struct risk_import *im, int which, const struct form *form)
{
	struct scale_map *s = &im->scale[which];
	memset(s, 0, sizeof *s);
	int col = im->col[which ? T_CONSEQUENCE : T_LIKELIHOOD];
	if (col < 0)
		return;
	const struct risk_level *levels = which ? im->method.consequence : im->method.likelihood;
	int n = which ? im->method.nconsequence : im->method.nlikelihood;
	int source_max = 0;
	for (size_t i = 1; i < im->sheet.nrows; i++) {
		const char *v;
		const char *raw = cell(&im->sheet.rows[i], col);
		size_t len = text_trim(raw, strlen(raw), &v);
		if (!len)
			continue;
		const char *val = arena_strndup(r->a, v, len);
		long x = strtol(val, NULL, 10);
		if (x > source_max)
			source_max = (int)x;
		int k = 0;
		while (k < s->n && strcmp(s->value[k], val) != 0)
			k++;
		if (k < s->n)
			continue;
		if (s->n == SCALE_VALUES_MAX) {
			s->too_many = 1;
			continue;
		}
		s->value[s->n++] = val;
	}
	for (int k = 0; k < s->n; k++) {
		const char *chosen = form ? form_get(form, arena_printf(r->a, "%c_%d", which ? 'c' : 'l', k)) : NULL;
		if (chosen && *chosen) {
			long lv = strtol(chosen, NULL, 10);
			s->level[k] = lv >= 1 && lv <= n ? (int)lv : 0;
		} else if (!form) {
			s->level[k] = risk_guess_level(levels, n, s->value[k], source_max);
		}
	}
}

static int mapped_level(const struct scale_map *s, const char *raw, struct arena *a)
{
	const char *v;
	size_t len = text_trim(raw, strlen(raw), &v);
	const char *val = arena_strndup(a, v, len);
	for (int k = 0; k < s->n; k++)
		if (strcmp(s->value[k], val) == 0)
			return s->level[k];
	return 0;
}

/* Read the file and the choices (form NULL: guess them). 0, or -1 with
 * *message set. */
static int import_read(struct request *r, struct risk_import *im, const char *data, size_t len,
		       const struct form *form, const char **message)
{
	struct csv_error err = { 0 };
	int rc = xlsx_looks_like(data, len) ? xlsx_read(r->a, data, len, &im->sheet, &err)
					    : csv_parse(r->a, data, len, &im->sheet, &err);
	if (rc != 0) {
		*message = err.line ? arena_printf(r->a, T(r, "Row %zu: %s"), err.line, T(r, err.msg)) : T(r, err.msg);
		return -1;
	}
	if (im->sheet.nrows < 2) {
		*message = T(r, "The file has a heading row but no risks.");
		return -1;
	}
	const struct csv_row *head = &im->sheet.rows[0];
	for (int t = 0; t < NTARGETS; t++) {
		if (!form) {
			im->col[t] = guess_column(r->a, head, (enum target)t);
			continue;
		}
		const char *v = form_get(form, arena_printf(r->a, "col_%s", targets[t].name));
		long c = v && *v ? strtol(v, NULL, 10) : -1;
		im->col[t] = c >= 0 && (size_t)c < head->nfields ? (int)c : -1;
	}
	scale_values(r, im, 0, form);
	scale_values(r, im, 1, form);
	return 0;
}

struct import_outcome {
	size_t risks, measures;
	struct jval *issues; /* [{row, column, message}] */
	int truncated;
};

static void issue(struct request *r, struct import_outcome *o, size_t row, const char *column, const char *message)
{
	if (o->issues->len >= ISSUES_MAX) {
		o->truncated = 1;
		return;
	}
	struct jval *x = jv_push(o->issues, jv_obj(r->a));
	if (row)
		jv_set_int(r->a, x, "row", (long long)row);
	jv_set_str(r->a, x, "column", column ? column : "");
	jv_set_str(r->a, x, "message", message);
}

/* Every row through the same path as a form, in one transaction: kept
 * when commit is set and no row has a problem, else rolled back. 0, or
 * -1 when the store failed. */
static int import_run(struct request *r, struct risk_import *im, int commit, struct import_outcome *o)
{
	struct arena *a = r->a;
	memset(o, 0, sizeof *o);
	o->issues = jv_arr(a);
	const struct csv_row *head = &im->sheet.rows[0];
	for (int t = 0; t < NTARGETS; t++)
		if (targets[t].required && im->col[t] < 0)
			issue(r, o, 0, T(r, targets[t].label), T(r, "Choose the column for this."));
	for (int w = 0; w < 2; w++)
		if (im->scale[w].too_many)
			issue(r, o, 0, head->fields[im->col[w ? T_CONSEQUENCE : T_LIKELIHOOD]],
			      arena_printf(a, T(r, "The column has more than %d different values; write the levels as numbers."),
					   SCALE_VALUES_MAX));
	if (o->issues->len)
		return 0;
	if (store_begin(r->st) != STORE_OK)
		return -1;
	struct rctx c = page_rctx(r);
	c.in_tx = 1;
	c.allow_names = 1;
	const struct entity *re = &entity_risks, *me = &entity_measures;
	long long analysis = jv_get_int(im->analysis, "id", 0);
	int failed = 0;
	for (size_t i = 1; i < im->sheet.nrows && !failed; i++) {
		const struct csv_row *row = &im->sheet.rows[i];
		size_t line = row->line;
		struct jval *in = jv_obj(a);
		jv_set_int(a, in, "analysis_id", analysis);
		for (int t = T_TITLE; t <= T_VULNERABILITY; t++) {
			const char *v;
			const char *raw = cell(row, im->col[t]);
			size_t len = text_trim(raw, strlen(raw), &v);
			if (len)
				jv_set(in, targets[t].name, jv_strn(a, v, len));
		}
		int bad = 0;
		for (int w = 0; w < 2; w++) {
			enum target t = w ? T_CONSEQUENCE : T_LIKELIHOOD;
			const char *raw = cell(row, im->col[t]);
			int level = mapped_level(&im->scale[w], raw, a);
			if (!level) {
				issue(r, o, line, head->fields[im->col[t]],
				      *raw ? arena_printf(a, T(r, "The value %s is not mapped to a level of the method."), raw)
					   : T(r, "The value is missing."));
				bad = 1;
				continue;
			}
			jv_set_int(a, in, targets[t].name, level);
		}
		if (bad)
			continue;
		struct verrors errs = { 0 };
		long long id;
		int rc = record_create(&c, re, in, &id, &errs);
		if (rc == REC_ERROR) {
			failed = 1;
			break;
		}
		if (rc != REC_OK) {
			for (size_t k = 0; k < errs.n; k++) {
				const char *col = NULL;
				for (int t = 0; t < NTARGETS && !col; t++)
					if (errs.items[k].field && strcmp(errs.items[k].field, targets[t].name) == 0 && im->col[t] >= 0)
						col = head->fields[im->col[t]];
				issue(r, o, line, col, errs.items[k].message);
			}
			if (errs.truncated)
				issue(r, o, line, NULL, verr_more(r->lang));
			if (!errs.n)
				issue(r, o, line, NULL, T(r, "You may not add risks to this analysis."));
			continue;
		}
		o->risks++;
		const char *v;
		const char *raw = cell(row, im->col[T_MEASURE]);
		size_t len = text_trim(raw, strlen(raw), &v);
		if (!len)
			continue;
		/* The proposal becomes a planned measure: its first line, cut
		 * to the title's length, and the whole text. */
		size_t tl = 0;
		while (tl < len && v[tl] != '\n' && v[tl] != '\r')
			tl++;
		struct jval *m = jv_obj(a);
		jv_set_int(a, m, "risk_id", id);
		jv_set(m, "title", jv_strn(a, v, prefix_chars(v, tl, 500)));
		jv_set(m, "description", jv_strn(a, v, len));
		memset(&errs, 0, sizeof errs);
		rc = record_create(&c, me, m, &id, &errs);
		if (rc == REC_ERROR)
			failed = 1;
		else if (rc != REC_OK)
			issue(r, o, line, head->fields[im->col[T_MEASURE]], errs.n ? errs.items[0].message : T(r, "Not allowed."));
		else
			o->measures++;
	}
	if (failed) {
		store_rollback(r->st);
		return -1;
	}
	if (commit && !o->issues->len) {
		if (store_commit(r->st) != STORE_OK) {
			store_rollback(r->st);
			return -1;
		}
		return 0;
	}
	store_rollback(r->st);
	return 0;
}

/* ---- pages ------------------------------------------------------------------ */

/* The analysis (r->id) the user may add risks to; 0, or -1 with the
 * response sent. */
static int load_analysis(struct request *r, struct risk_import *im)
{
	memset(im, 0, sizeof *im);
	r->entity = &entity_risk_analyses;
	if (!recview_load(r, &im->analysis))
		return -1;
	struct rctx c = page_rctx(r);
	struct jval *probe = jv_obj(r->a);
	jv_set_int(r->a, probe, "analysis_id", r->id);
	if (!record_allows(&c, &entity_risks, A_CREATE, probe)) {
		page_forbidden(r);
		return -1;
	}
	if (risk_method_load(r->st, r->a, r->org_id, jv_get_int(im->analysis, "method_id", 0), &im->method) != 0) {
		page_error(r, 500, T(r, "The analysis's risk method cannot be read."));
		return -1;
	}
	return 0;
}

static struct jval *import_page(struct request *r, const struct risk_import *im)
{
	struct arena *a = r->a;
	const char *title = jv_get_str(im->analysis, "title");
	struct jval *ctx = page_ctx(r, arena_printf(a, T(r, "Import risks: %s"), title));
	jv_set_str(a, ctx, "analysis", title);
	jv_set_str(a, ctx, "analysis_href", recview_href(r, r->entity, r->id));
	jv_set_str(a, ctx, "action", arena_printf(a, "/risk-analyses/%lld/import", r->id));
	jv_set(ctx, "pending", jv_null(a));
	jv_set(ctx, "issues", jv_arr(a));
	return ctx;
}

/* The mapping form: a column for each target, a level for each value. */
static void mapping_ctx(struct request *r, const struct risk_import *im, const char *pending, struct jval *ctx)
{
	struct arena *a = r->a;
	const struct csv_row *head = &im->sheet.rows[0];
	jv_set_str(a, ctx, "pending", pending);
	jv_set_int(a, ctx, "rows", (long long)im->sheet.nrows - 1);
	struct jval *ts = jv_set(ctx, "targets", jv_arr(a));
	for (int t = 0; t < NTARGETS; t++) {
		struct jval *o = jv_push(ts, jv_obj(a));
		jv_set_str(a, o, "name", targets[t].name);
		jv_set_str(a, o, "label", T(r, targets[t].label));
		jv_set_bool(a, o, "required", targets[t].required);
		struct jval *opts = jv_set(o, "options", jv_arr(a));
		for (size_t c = 0; c < head->nfields; c++) {
			struct jval *op = jv_push(opts, jv_obj(a));
			jv_set_int(a, op, "value", (long long)c);
			jv_set_str(a, op, "label", *head->fields[c] ? head->fields[c] : arena_printf(a, T(r, "Column %zu"), c + 1));
			jv_set_bool(a, op, "selected", (int)c == im->col[t]);
		}
	}
	struct jval *scales = jv_set(ctx, "scales", jv_arr(a));
	for (int w = 0; w < 2; w++) {
		const struct scale_map *s = &im->scale[w];
		const struct risk_level *levels = w ? im->method.consequence : im->method.likelihood;
		int n = w ? im->method.nconsequence : im->method.nlikelihood;
		struct jval *o = jv_push(scales, jv_obj(a));
		jv_set_str(a, o, "label", w ? T(r, "Consequence") : T(r, "Likelihood"));
		jv_set_str(a, o, "id", w ? "c" : "l");
		struct jval *vals = jv_set(o, "values", jv_arr(a));
		for (int k = 0; k < s->n; k++) {
			struct jval *v = jv_push(vals, jv_obj(a));
			jv_set_str(a, v, "value", s->value[k]);
			jv_set_str(a, v, "control", arena_printf(a, "%c_%d", w ? 'c' : 'l', k));
			struct jval *opts = jv_set(v, "options", jv_arr(a));
			for (int l = 1; l <= n; l++) {
				struct jval *op = jv_push(opts, jv_obj(a));
				jv_set_int(a, op, "level", l);
				jv_set_str(a, op, "name", levels[l - 1].name);
				jv_set_bool(a, op, "selected", l == s->level[k]);
			}
		}
	}
	/* The first rows as the file has them. */
	struct jval *cols = jv_set(ctx, "head", jv_arr(a));
	for (size_t c = 0; c < head->nfields; c++)
		jv_push(cols, jv_str(a, head->fields[c]));
	struct jval *rows = jv_set(ctx, "preview", jv_arr(a));
	for (size_t i = 1; i < im->sheet.nrows && i <= PREVIEW_ROWS; i++) {
		struct jval *cells = jv_set(jv_push(rows, jv_obj(a)), "cells", jv_arr(a));
		for (size_t c = 0; c < head->nfields; c++)
			jv_push(cells, jv_str(a, cell(&im->sheet.rows[i], (int)c)));
	}
}

/* What a kept file is for: this analysis's import, so that it can be
 * neither confirmed into another analysis nor through the generic import
 * of risks. */
static const char *pending_kind(struct request *r)
{
	return arena_printf(r->a, "risk-analyses/%lld/import", r->id);
}

void h_risk_import_form(struct request *r)
{
	struct risk_import im;
	if (load_analysis(r, &im))
		return;
	page_render(r, 200, "risk_import", import_page(r, &im));
}

static void import_problem(struct request *r, struct risk_import *im, int status, const char *message)
{
	struct jval *ctx = import_page(r, im);
	struct verrors errs = { 0 };
	verr_add(&errs, NULL, message);
	page_set_errors(r, ctx, &errs, NULL);
	page_render(r, status, "risk_import", ctx);
}

void h_risk_import(struct request *r)
{
	struct arena *a = r->a;
	struct risk_import im;
	if (load_analysis(r, &im))
		return;
	struct form *form = req_form(r);
	const struct form_field *file = form ? form_field(form, "file") : NULL;
	const char *message;
	if (file && file->filename) {
		/* An upload: read it, keep it, and show the guessed mapping. */
		if (file->value_len == 0) {
			import_problem(r, &im, 400, T(r, "Choose a CSV or XLSX file to import."));
			return;
		}
		if (!page_heavy(r, file->value_len))
			return;
		if (import_read(r, &im, file->value, file->value_len, NULL, &message) != 0) {
			import_problem(r, &im, 400, message);
			return;
		}
		char id[ACCOUNT_TOKEN_MAX], now[CLOCK_ISO_LEN];
		account_random(id, NULL);
		clock_now_iso(now);
		if (store_import_put(r->st, id, r->org_id, r->user.id, pending_kind(r), file->filename, file->value,
				     file->value_len, now) != STORE_OK) {
			page_error(r, 500, T(r, "The file could not be kept for confirmation. Nothing was changed."));
			return;
		}
		struct jval *ctx = import_page(r, &im);
		mapping_ctx(r, &im, arena_strdup(a, id), ctx);
		page_render(r, 200, "risk_import", ctx);
		return;
	}
	/* The choices for a kept file: check, or import. */
	const char *id = form ? form_get(form, "import_id") : NULL;
	const char *entity, *filename, *content;
	size_t len;
	/* Its size first: a large kept file waits for the large-file slot
	 * before it is read whole again. */
	if (!id || strlen(id) > 64 ||
	    store_import_get(r->st, a, id, r->org_id, r->user.id, &entity, &filename, NULL, &len) != STORE_OK ||
	    strcmp(entity, pending_kind(r)) != 0) {
		import_problem(r, &im, 400, T(r, "The import was not found or has expired. Upload the file again."));
		return;
	}
	if (!page_heavy(r, len))
		return;
	if (store_import_get(r->st, a, id, r->org_id, r->user.id, &entity, &filename, &content, &len) != STORE_OK) {
		import_problem(r, &im, 400, T(r, "The import was not found or has expired. Upload the file again."));
		return;
	}
	if (import_read(r, &im, content, len, form, &message) != 0) {
		import_problem(r, &im, 400, message);
		return;
	}
	const char *action = form_get(form, "do");
	int commit = action && strcmp(action, "import") == 0;
	struct import_outcome o;
	if (import_run(r, &im, commit, &o) != 0) {
		page_error(r, 500, T(r, "The import failed. Nothing was changed."));
		return;
	}
	if (commit && !o.issues->len) {
		store_import_delete(r->st, id);
		res_redirect(r, arena_printf(a, "/risk-analyses/%lld?done=imported", r->id));
		return;
	}
	struct jval *ctx = import_page(r, &im);
	mapping_ctx(r, &im, id, ctx);
	jv_set(ctx, "issues", o.issues);
	jv_set_bool(a, ctx, "truncated", o.truncated);
	jv_set_bool(a, ctx, "clean", o.issues->len == 0);
	jv_set_int(a, ctx, "risks", (long long)o.risks);
	jv_set_int(a, ctx, "measures", (long long)o.measures);
	page_render(r, o.issues->len ? 422 : 200, "risk_import", ctx);
}

/*
 * ui_soa.c: the Statement of Applicability (uttalande om tillämplighet) —
 * one page per framework (ISO/IEC 27001:2022 Annex A, CIS Controls v8,
 * NIS2 article 21(2)) with each control's applicability, justification,
 * implementation, the requirements and systems that implement it and its
 * evidence; the same as XLSX and PDF; and evidence files on an entry
 * (upload, download, removal).
 *
 * Coverage comes from the counts kept per change (store/derived.h,
 * core/soa.h): a control's costs a few index reads.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/evidence.h"
#include "io/xlsx.h"
#include "model/entity.h"
#include "store/derived.h"
#include "report/pdf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/xalloc.h"
#include "view/view.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

/* Where the cached body goes in the page template. */
#define SOA_BODY_MARK "<!--soa-body-->"

/* The systems named per control on the page; the count is always given. */
#define SOA_SYSTEMS_SHOWN 5
/* ... and in the XLSX cell. */
#define SOA_SYSTEMS_EXPORTED 200

static const char *const frameworks[] = { "iso27001", "cis8", "nis2", "clauses" };
#define NFRAMEWORKS (sizeof frameworks / sizeof frameworks[0])

static const struct entity *soa_entity(void)
{
	return &entity_soa_entries;
}

static const char *framework_label(struct request *r, const char *fw)
{
	return T(r, field_option_label(entity_field(soa_entity(), "framework"), fw));
}

/* The entry's title in the user's language (Swedish when no English). */
static const char *entry_title(struct request *r, const struct jval *e)
{
	const char *en = jv_get_str(e, "title_en");
	if (r->lang == LANG_EN && en && *en)
		return en;
	const char *sv = jv_get_str(e, "title_sv");
	return sv ? sv : "";
}

static const char *cover_text(struct request *r, enum soa_cover c)
{
	switch (c) {
	case SOA_NO_REQUIREMENTS: return T(r, "No requirements");
	case SOA_NOT_COVERED: return T(r, "Not covered");
	case SOA_PARTLY: return T(r, "Partly covered");
	case SOA_COVERED: return T(r, "Covered");
	}
	return "";
}

static const char *const cover_codes[] = { "none", "not", "partly", "covered" };

/* ---- loading one framework ----------------------------------------------- */

struct soa_row {
	const struct jval *entry;
	const struct control_coverage *cov;
	struct jval *files;                /* evidence files (array) */
};

struct soa_view {
	const char *framework;
	struct soa_row *rows;
	size_t n;
	size_t applicable, impl[3], cover[4], reqs, reqs_implemented;
};

static int impl_index(const char *code)
{
	if (code && strcmp(code, "implemented") == 0)
		return 2;
	if (code && strcmp(code, "partly") == 0)
		return 1;
	return 0;
}

/* Load framework fw, with up to max_systems of the systems that implement
 * each control. 0, or -1 with the response sent. */
static int soa_load(struct request *r, const char *fw, size_t max_systems, struct soa_view *v)
{
	struct arena *a = r->a;
	memset(v, 0, sizeof *v);
	v->framework = fw;
	const struct entity *e = soa_entity();
	struct rctx c = page_rctx(r);
	if (!record_allows(&c, e, A_READ, NULL)) {
		page_forbidden(r);
		return -1;
	}
	struct jval *entries, *files;
	long long total;
	if (store_soa_entries(r->st, a, r->org_id, fw, &entries, &total) != STORE_OK ||
	    store_evidence_list(r->st, a, r->org_id, 0, fw, &files) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return -1;
	}
	v->rows = arena_alloc_array(a, (size_t)(total > 0 ? total : 1), sizeof *v->rows);
	const struct jval *f = files->first;
	for (const struct jval *x = entries->first; x; x = x->next) {
		struct soa_row *row = &v->rows[v->n++];
		long long id = jv_get_int(x, "id", 0);
		row->entry = x;
		struct control_coverage *cov = arena_alloc(a, sizeof *cov);
		if (store_control_coverage(r->st, a, r->org_id, id, max_systems, cov) != STORE_OK) {
			page_error(r, 500, T(r, "The database could not be read."));
			return -1;
		}
		row->cov = cov;
		row->files = jv_arr(a);
		/* Files come by entry id; entries by position: look them up. */
		for (f = files->first; f; f = f->next)
			if (jv_get_int(f, "entry_id", 0) == id)
				jv_push(row->files, jv_clone(a, f));
		int applicable = jv_truthy(jv_get(x, "applicable"));
		v->applicable += applicable != 0;
		if (applicable)
			v->impl[impl_index(jv_get_str(x, "implementation"))]++;
		enum soa_cover cv = row->cov ? row->cov->cover : SOA_NO_REQUIREMENTS;
		v->cover[cv]++;
		if (row->cov) {
			v->reqs += row->cov->nreqs;
			v->reqs_implemented += row->cov->implemented;
		}
	}
	return 0;
}

/* The index of framework fw, or NFRAMEWORKS. */
static size_t framework_index(const char *fw)
{
	size_t i = 0;
	while (i < NFRAMEWORKS && strcmp(frameworks[i], fw) != 0)
		i++;
	return i;
}

static int framework_known(const char *fw)
{
	return framework_index(fw) < NFRAMEWORKS;
}

/* "3 of 4" */
static const char *of_text(struct request *r, size_t k, size_t n)
{
	return arena_printf(r->a, T(r, "%zu of %zu"), k, n);
}

/* The lines of the evidence links field that are web addresses. */
static struct jval *evidence_links(struct request *r, const char *text)
{
	struct arena *a = r->a;
	struct jval *out = jv_arr(a);
	if (!text)
		return out;
	const char *p = text;
	while (*p) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		while (len && (p[len - 1] == '\r' || p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		while (len && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		if (len) {
			struct jval *o = jv_push(out, jv_obj(a));
			const char *line = arena_strndup(a, p, len);
			jv_set_str(a, o, "text", line);
			/* Only http(s) addresses become links; anything else
			 * (a document number, a path) is shown as text. */
			int web = strncmp(line, "https://", 8) == 0 || strncmp(line, "http://", 7) == 0;
			/* Set even when null, so the template does not find the
			 * enclosing row's href instead. */
			jv_set(o, "href", web ? jv_str(a, line) : jv_null(a));
		}
		if (!end)
			break;
		p = end + 1;
	}
	return out;
}

/* "46,0 kB" in Swedish, "46.0 kB" in English (kB = 1000 bytes, as both
 * languages' readers expect). */
const char *evidence_size_text(struct request *r, long long bytes)
{
	if (bytes < 1000)
		return arena_printf(r->a, "%s B", page_int(r, bytes));
	if (bytes < 1000 * 1000)
		return arena_printf(r->a, "%s kB", page_decimal(r, (double)bytes / 1000, 1));
	return arena_printf(r->a, "%s MB", page_decimal(r, (double)bytes / (1000 * 1000), 1));
}

/* Evidence files as the templates show them. */
static struct jval *files_ctx(struct request *r, const struct jval *files, int can_delete)
{
	struct arena *a = r->a;
	struct jval *out = jv_arr(a);
	for (const struct jval *f = files->first; f; f = f->next) {
		struct jval *o = jv_push(out, jv_obj(a));
		long long id = jv_get_int(f, "id", 0);
		jv_set_str(a, o, "name", jv_get_str(f, "filename"));
		jv_set_str(a, o, "href", arena_printf(a, "/evidence/%lld", id));
		jv_set_str(a, o, "size", evidence_size_text(r, jv_get_int(f, "size", 0)));
		jv_set_str(a, o, "sha256", jv_get_str(f, "sha256"));
		jv_set_str(a, o, "uploaded_by", jv_get_str(f, "uploaded_by"));
		char local[32];
		jv_set_str(a, o, "uploaded_at", arena_strdup(a, clock_local(jv_get_str(f, "uploaded_at"), local, sizeof local)));
		if (can_delete)
			jv_set_str(a, o, "delete_action", arena_printf(a, "/evidence/%lld/delete", id));
	}
	return out;
}

/* Why the catalogue has no requirement for the entry, in the reader's
 * language (NULL: it gives no reason). */
static const char *catalogue_note(struct request *r, const struct jval *entry)
{
	const char *sv = jv_get_str(entry, "catalogue_note_sv"), *en = jv_get_str(entry, "catalogue_note_en");
	return r->lang == LANG_EN && en && *en ? en : sv && *sv ? sv : NULL;
}

/* The requirements of a control, each with its state. */
static struct jval *reqs_ctx(struct request *r, const struct control_coverage *cov)
{
	struct arena *a = r->a;
	struct jval *out = jv_arr(a);
	const struct entity *re = &entity_requirements;
	for (size_t k = 0; cov && k < cov->nreqs; k++) {
		const struct req_coverage *rc = &cov->reqs[k];
		struct jval *o = jv_push(out, jv_obj(a));
		jv_set_str(a, o, "code", rc->code);
		jv_set_str(a, o, "href", recview_href(r, re, rc->id));
		jv_set_bool(a, o, "implemented", rc->implemented);
		if (rc->organisation) {
			/* Assessed once, for the organisation. */
			const struct field *af = entity_field(&entity_org_assessments, "assessment");
			const char *al = rc->assessment ? field_option_label(af, rc->assessment) : NULL;
			jv_set_str(a, o, "state", arena_printf(a, "%s: %s", T(r, "organisation"),
							      al ? T(r, al) : T(r, "Not assessed")));
			jv_set(o, "state_href", rc->assessment_id ? jv_str(a, recview_href(r, &entity_org_assessments, rc->assessment_id))
								    : jv_str(a, arena_printf(a, "/organisation-requirements#req-%s", rc->code)));
			continue;
		}
		jv_set(o, "state_href", jv_null(a));
		jv_set_str(a, o, "state", rc->implemented ? T(r, "implemented")
					  : rc->applies ? of_text(r, rc->fulfilled, rc->applies - rc->not_applicable)
					  : T(r, "applies to no system"));
	}
	return out;
}

/* Up to max systems of a control (name, href), and whether there are more. */
static struct jval *systems_ctx(struct request *r, const struct control_coverage *cov, size_t max)
{
	struct arena *a = r->a;
	struct jval *out = jv_arr(a);
	const struct entity *se = &entity_systems;
	for (size_t k = 0; cov && k < cov->nshown && k < max; k++) {
		struct jval *o = jv_push(out, jv_obj(a));
		jv_set_str(a, o, "name", cov->system_names[k]);
		jv_set_str(a, o, "href", recview_href(r, se, cov->system_ids[k]));
	}
	return out;
}

/* ---- the pages -------------------------------------------------------------- */

static void summary_ctx(struct request *r, const struct soa_view *v, struct jval *o)
{
	struct arena *a = r->a;
	jv_set_str(a, o, "framework", v->framework);
	jv_set_str(a, o, "label", framework_label(r, v->framework));
	jv_set_str(a, o, "href", arena_printf(a, "/soa/%s", v->framework));
	jv_set_int(a, o, "controls", (long long)v->n);
	jv_set_str(a, o, "applicable", of_text(r, v->applicable, v->n));
	jv_set_int(a, o, "impl_implemented", (long long)v->impl[2]);
	jv_set_int(a, o, "impl_partly", (long long)v->impl[1]);
	jv_set_int(a, o, "impl_not_started", (long long)v->impl[0]);
	jv_set_int(a, o, "covered", (long long)v->cover[SOA_COVERED]);
	jv_set_int(a, o, "partly", (long long)v->cover[SOA_PARTLY]);
	jv_set_int(a, o, "not_covered", (long long)v->cover[SOA_NOT_COVERED]);
	jv_set_int(a, o, "no_requirements", (long long)v->cover[SOA_NO_REQUIREMENTS]);
	size_t with = v->n - v->cover[SOA_NO_REQUIREMENTS];
	long long pct = with ? (long long)((v->cover[SOA_COVERED] * 100 + v->cover[SOA_PARTLY] * 50) / with) : 0;
	jv_set_int(a, o, "percent", pct);
	jv_set_str(a, o, "coverage_text",
		   arena_printf(a, T(r, "%zu of %zu controls with requirements are covered by implemented requirements, %zu partly."),
				v->cover[SOA_COVERED], with, v->cover[SOA_PARTLY]));
	jv_set_str(a, o, "reqs_text",
		   arena_printf(a, T(r, "%zu of %zu requirement links implemented."), v->reqs_implemented, v->reqs));
}

void h_soa_index(struct request *r)
{
	struct arena *a = r->a;
	struct jval *ctx = page_ctx(r, T(r, "Statement of Applicability"));
	jv_set_str(a, ctx, "heading", T(r, "Statement of Applicability"));
	struct jval *list = jv_set(ctx, "frameworks", jv_arr(a));
	for (size_t i = 0; i < NFRAMEWORKS; i++) {
		struct soa_view v;
		if (soa_load(r, frameworks[i], 0, &v))
			return;
		summary_ctx(r, &v, jv_push(list, jv_obj(a)));
	}
	page_render(r, 200, "soa_index", ctx);
}

/* Render the body of framework fw into out. 0, or -1 with the response
 * already sent. */
static int soa_body(struct request *r, const char *fw, int can_update, struct buf *out)
{
	struct arena *a = r->a;
	struct soa_view v;
	if (soa_load(r, fw, SOA_SYSTEMS_SHOWN, &v))
		return -1;
	const struct entity *e = soa_entity();
	const char *label = framework_label(r, fw);
	struct jval *ctx = jv_obj(a);
	summary_ctx(r, &v, jv_set(ctx, "summary", jv_obj(a)));
	jv_set_str(a, ctx, "xlsx_href", arena_printf(a, "/soa/%s.xlsx", fw));
	jv_set_str(a, ctx, "pdf_href", arena_printf(a, "/soa/%s.pdf", fw));
	/* Rows grouped by theme (Annex A's four; one group elsewhere). */
	const struct field *theme_f = entity_field(e, "theme");
	const struct field *impl_f = entity_field(e, "implementation");
	struct jval *groups = jv_set(ctx, "groups", jv_arr(a));
	struct jval *rows = NULL;
	const char *theme = NULL;
	for (size_t i = 0; i < v.n; i++) {
		const struct soa_row *row = &v.rows[i];
		const char *th = jv_get_str(row->entry, "theme");
		if (!rows || (th && (!theme || strcmp(th, theme) != 0))) {
			struct jval *g = jv_push(groups, jv_obj(a));
			jv_set_str(a, g, "id", arena_printf(a, "g%zu", i));
			jv_set_str(a, g, "theme", th ? T(r, field_option_label(theme_f, th)) : label);
			rows = jv_set(g, "rows", jv_arr(a));
			theme = th;
		}
		struct jval *o = jv_push(rows, jv_obj(a));
		long long id = jv_get_int(row->entry, "id", 0);
		jv_set_str(a, o, "code", jv_get_str(row->entry, "code"));
		jv_set_str(a, o, "title", entry_title(r, row->entry));
		jv_set_str(a, o, "href", recview_href(r, e, id));
		int applicable = jv_truthy(jv_get(row->entry, "applicable"));
		jv_set_str(a, o, "applicable", applicable ? T(r, "Yes") : T(r, "No"));
		jv_set_bool(a, o, "excluded", !applicable);
		jv_set_str(a, o, "justification", jv_get_str(row->entry, "justification"));
		const char *impl = jv_get_str(row->entry, "implementation");
		jv_set_str(a, o, "implementation", T(r, field_option_label(impl_f, impl)));
		jv_set_str(a, o, "impl_state", impl);
		enum soa_cover cv = row->cov ? row->cov->cover : SOA_NO_REQUIREMENTS;
		jv_set_str(a, o, "cover", cover_text(r, cv));
		jv_set_str(a, o, "cover_state", cover_codes[cv]);
		if (row->cov && row->cov->nreqs)
			jv_set_str(a, o, "cover_detail", of_text(r, row->cov->implemented, row->cov->nreqs));
		jv_set(o, "requirements", reqs_ctx(r, row->cov));
		const char *note = !row->cov || !row->cov->nreqs ? catalogue_note(r, row->entry) : NULL;
		jv_set(o, "catalogue_note", note ? jv_str(a, note) : jv_null(a));
		jv_set(o, "systems", systems_ctx(r, row->cov, SOA_SYSTEMS_SHOWN));
		size_t ns = row->cov ? (size_t)row->cov->nsystems : 0;
		jv_set_int(a, o, "nsystems", (long long)ns);
		if (ns > SOA_SYSTEMS_SHOWN)
			jv_set_str(a, o, "more_systems", arena_printf(a, T(r, "and %zu more"), ns - SOA_SYSTEMS_SHOWN));
		jv_set(o, "files", files_ctx(r, row->files, 0));
		jv_set(o, "links", evidence_links(r, jv_get_str(row->entry, "evidence_links")));
		if (can_update)
			jv_set_str(a, o, "edit_href", recview_with_return(r, arena_printf(a, "%s/edit", recview_href(r, e, id))));
	}
	int rc = view_render("soa_body", ctx, r->lang, out);
	if (rc != 0) {
		page_error(r, 500, T(r, "Something went wrong"));
		return -1;
	}
	return 0;
}

static void soa_page(struct request *r, const char *fw, size_t fi)
{
	struct arena *a = r->a;
	const struct entity *e = soa_entity();
	struct rctx c = page_rctx(r);
	if (!record_allows(&c, e, A_READ, NULL)) {
		page_forbidden(r);
		return;
	}
	int can_update = record_allows(&c, e, A_UPDATE, NULL) != 0;
	static const char *const reads[] = { "soa-entries", "requirements", "coverage", "systems", "evidence",
					    "organisation-assessments" };
	long long gen = page_gen(r, reads, sizeof reads / sizeof *reads);
	struct buf body = BUF_INIT;
	/* The body is the same for everyone with the same language and
	 * the same right to edit, until the data changes. */
	const char *key = arena_printf(a, "soa/%s/%d", fw, can_update);
	if (!page_body_get(r, key, gen, &body)) {
		if (soa_body(r, fw, can_update, &body) != 0) {
			buf_free(&body);
			return;
		}
		page_body_put(r, key, gen, &body);
	}
	const char *label = framework_label(r, fw);
	struct jval *ctx = page_ctx(r, arena_printf(a, "%s: %s", T(r, "Statement of Applicability"), label));
	jv_set_str(a, ctx, "heading", label);
	struct jval *tabs = jv_set(ctx, "tabs", jv_arr(a));
	for (size_t i = 0; i < NFRAMEWORKS; i++) {
		struct jval *t = jv_push(tabs, jv_obj(a));
		jv_set_str(a, t, "label", framework_label(r, frameworks[i]));
		jv_set_str(a, t, "href", arena_printf(a, "/soa/%s", frameworks[i]));
		jv_set_bool(a, t, "current", i == fi);
	}
	page_render_body(r, "soa", ctx, SOA_BODY_MARK, &body);
	buf_free(&body);
}

/* ---- exports --------------------------------------------------------------- */

/* The cells of one row, as text, for XLSX and PDF. */
struct soa_cells {
	const char *code, *title, *theme, *applicable, *justification, *implementation;
	const char *requirements, *coverage, *systems, *evidence;
	size_t nsystems;
};

static void row_cells(struct request *r, const struct soa_row *row, size_t max_systems,
		      struct soa_cells *out)
{
	struct arena *a = r->a;
	const struct entity *e = soa_entity();
	const char *th = jv_get_str(row->entry, "theme");
	out->code = jv_get_str(row->entry, "code");
	out->title = entry_title(r, row->entry);
	out->theme = th ? T(r, field_option_label(entity_field(e, "theme"), th)) : "";
	out->applicable = jv_truthy(jv_get(row->entry, "applicable")) ? T(r, "Yes") : T(r, "No");
	const char *j = jv_get_str(row->entry, "justification");
	out->justification = j ? j : "";
	out->implementation = T(r, field_option_label(entity_field(e, "implementation"),
						      jv_get_str(row->entry, "implementation")));
	const struct control_coverage *cov = row->cov;
	struct buf b = BUF_INIT;
	for (size_t k = 0; cov && k < cov->nreqs; k++)
		buf_printf(&b, "%s%s%s", k ? ", " : "", cov->reqs[k].code, cov->reqs[k].implemented ? " ✓" : "");
	out->requirements = arena_strdup(a, buf_str(&b));
	buf_reset(&b);
	enum soa_cover cv = cov ? cov->cover : SOA_NO_REQUIREMENTS;
	out->coverage = cov && cov->nreqs ? arena_printf(a, "%s (%s)", cover_text(r, cv), of_text(r, cov->implemented, cov->nreqs))
					  : cover_text(r, cv);
	out->nsystems = cov ? (size_t)cov->nsystems : 0;
	for (size_t k = 0; cov && k < cov->nshown && k < max_systems; k++)
		buf_printf(&b, "%s%s", k ? ", " : "", cov->system_names[k]);
	if (out->nsystems > max_systems)
		buf_printf(&b, " %s", arena_printf(a, T(r, "and %zu more"), out->nsystems - max_systems));
	out->systems = arena_strdup(a, buf_str(&b));
	buf_reset(&b);
	for (const struct jval *f = row->files->first; f; f = f->next)
		buf_printf(&b, "%s%s (SHA-256 %s)", b.len ? "\n" : "", jv_get_str(f, "filename"), jv_get_str(f, "sha256"));
	const char *links = jv_get_str(row->entry, "evidence_links");
	if (links && *links)
		buf_printf(&b, "%s%s", b.len ? "\n" : "", links);
	out->evidence = arena_strdup(a, buf_str(&b));
	buf_free(&b);
}

static const char *export_name(struct request *r, const char *fw, const char *ext)
{
	char today[11];
	clock_today(today);
	return arena_printf(r->a, "attachment; filename=\"soa-%s-%s.%s\"", fw, today, ext);
}

static void soa_xlsx(struct request *r, const char *fw)
{
	struct soa_view v;
	if (soa_load(r, fw, SOA_SYSTEMS_EXPORTED, &v))
		return;
	struct xlsx *x = xlsx_new(T(r, "Statement of Applicability"));
	static const char *const heads[] = {
		N_("Control"), N_("Title"), N_("Theme"), N_("Applicable"), N_("Justification"),
		N_("Implementation"), N_("Requirements"), N_("Coverage"), N_("Number of systems"),
		N_("Systems"), N_("Evidence"),
	};
	static const double widths[] = { 9, 40, 22, 11, 40, 18, 30, 24, 10, 50, 60 };
	xlsx_row(x, 1);
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		xlsx_cell_str(x, T(r, heads[i]));
	for (size_t i = 0; i < v.n; i++) {
		struct soa_cells c;
		row_cells(r, &v.rows[i], SOA_SYSTEMS_EXPORTED, &c);
		xlsx_row(x, 0);
		xlsx_cell_str(x, c.code);
		xlsx_cell_str(x, c.title);
		xlsx_cell_str(x, c.theme);
		xlsx_cell_str(x, c.applicable);
		xlsx_cell_str(x, c.justification);
		xlsx_cell_str(x, c.implementation);
		xlsx_cell_str(x, c.requirements);
		xlsx_cell_str(x, c.coverage);
		xlsx_cell_int(x, (long long)c.nsystems);
		xlsx_cell_str(x, c.systems);
		xlsx_cell_str(x, c.evidence);
	}
	for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++)
		xlsx_col_width(x, (int)i, widths[i]);
	res_start(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	res_header(r, "Content-Disposition", export_name(r, fw, "xlsx"));
	res_header(r, "Cache-Control", "no-store");
	if (xlsx_finish(x, &r->res.body) != 0)
		page_file_failed(r);
}

static void soa_pdf(struct request *r, const char *fw)
{
	struct arena *a = r->a;
	struct soa_view v;
	if (soa_load(r, fw, SOA_SYSTEMS_SHOWN, &v))
		return;
	const char *label = framework_label(r, fw);
	const char *title = arena_printf(a, "%s: %s", T(r, "Statement of Applicability"), label);
	struct pdf *p = pdf_new(PDF_LANDSCAPE, title, i18n_lang_code(r->lang));
	pdf_title(p, title);
	char today[11];
	clock_today(today);
	const char *org_name = page_org_name(r);
	struct jval *sum = jv_obj(a);
	summary_ctx(r, &v, sum);
	pdf_paragraph(p, arena_printf(a, "%s\n%s: %s\n%s: %s\n%s\n%s", org_name, T(r, "Date"), today,
				      T(r, "Applicable"), jv_get_str(sum, "applicable"), jv_get_str(sum, "coverage_text"),
				      jv_get_str(sum, "reqs_text")));
	static const char *const heads[] = {
		N_("Control"), N_("Title"), N_("Applicable"), N_("Justification"), N_("Implementation"),
		N_("Requirements"), N_("Coverage"), N_("Systems"), N_("Evidence"),
	};
	static const double widths[] = { 6.5, 16, 7, 17, 9, 12, 10, 11, 13 };
	const char *hd[sizeof heads / sizeof heads[0]];
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		hd[i] = T(r, heads[i]);
	const char *theme = NULL;
	int open = 0;
	for (size_t i = 0; i < v.n; i++) {
		struct soa_cells c;
		row_cells(r, &v.rows[i], SOA_SYSTEMS_SHOWN, &c);
		const char *th = jv_get_str(v.rows[i].entry, "theme");
		if (!open || (th && (!theme || strcmp(th, theme) != 0))) {
			if (open)
				pdf_table_end(p);
			pdf_heading(p, th ? c.theme : label);
			pdf_table_begin(p, sizeof heads / sizeof heads[0], hd, widths);
			open = 1;
			theme = th;
		}
		const char *systems = c.nsystems ? arena_printf(a, "%zu: %s", c.nsystems, c.systems) : "";
		const char *cells[] = { c.code, c.title, c.applicable, c.justification, c.implementation,
					c.requirements, c.coverage, systems, c.evidence };
		pdf_table_row(p, cells);
	}
	if (open)
		pdf_table_end(p);
	page_send_pdf(r, p, export_name(r, fw, "pdf"));
}

/* GET /soa/{framework}, /soa/{framework}.xlsx, /soa/{framework}.pdf */
void h_soa(struct request *r)
{
	const char *param = r->param ? r->param : "";
	const char *dot = strrchr(param, '.');
	const char *fw = dot ? arena_strndup(r->a, param, (size_t)(dot - param)) : param;
	if (!framework_known(fw)) {
		page_not_found(r);
		return;
	}
	if (!dot)
		soa_page(r, fw, framework_index(fw));
	else if (strcmp(dot, ".xlsx") == 0)
		soa_xlsx(r, fw);
	else if (strcmp(dot, ".pdf") == 0)
		soa_pdf(r, fw);
	else
		page_not_found(r);
}

/* ---- one entry: coverage and evidence ------------------------------------------ */

void soa_entry_panel(struct request *r, const struct jval *row, struct jval *ctx)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	const struct entity *e = soa_entity();
	long long id = jv_get_int(row, "id", 0);
	struct jval *p = jv_set(ctx, "soa_panel", jv_obj(a));
	struct control_coverage covered, *cov = &covered;
	if (store_control_coverage(r->st, a, r->org_id, id, 50, cov) == STORE_OK) {
		enum soa_cover cv = cov ? cov->cover : SOA_NO_REQUIREMENTS;
		jv_set_str(a, p, "cover", cover_text(r, cv));
		if (cov && cov->nreqs)
			jv_set_str(a, p, "cover_detail", of_text(r, cov->implemented, cov->nreqs));
		jv_set(p, "requirements", reqs_ctx(r, cov));
		jv_set(p, "systems", systems_ctx(r, cov, 50));
		size_t ns = (size_t)cov->nsystems;
		jv_set_int(a, p, "nsystems", (long long)ns);
		if (ns > 50)
			jv_set_str(a, p, "more_systems", arena_printf(a, T(r, "and %zu more"), ns - 50));
	}
	jv_set(p, "links", evidence_links(r, jv_get_str(row, "evidence_links")));
	if (!cov->nreqs && catalogue_note(r, row))
		jv_set_str(a, p, "catalogue_note", catalogue_note(r, row));
	jv_set(p, "documents", documents_of_control(r, id));
	int can_update = record_allows(&c, e, A_UPDATE, row);
	struct jval *files;
	if (store_evidence_list(r->st, a, r->org_id, id, NULL, &files) != STORE_OK)
		files = jv_arr(a);
	jv_set(p, "files", files_ctx(r, files, can_update));
	if (can_update) {
		jv_set_str(a, p, "upload_action", arena_printf(a, "/soa-entries/%lld/evidence", id));
		jv_set_str(a, p, "upload_hint",
			   arena_printf(a, T(r, "At most %d MiB; allowed types: %s."), EVIDENCE_MAX_BYTES / (1024 * 1024),
					evidence_extensions()));
	}
	jv_set_str(a, p, "soa_href", arena_printf(a, "/soa/%s", jv_get_str(row, "framework")));
}

const char *evidence_message(struct request *r, enum evidence_check c)
{
	switch (c) {
	case EVIDENCE_OK: return NULL;
	case EVIDENCE_EMPTY: return T(r, "Choose a file to upload. Empty files are not kept.");
	case EVIDENCE_TOO_LARGE:
		return arena_printf(r->a, T(r, "The file is too large. Evidence files may be at most %d MiB."),
				    EVIDENCE_MAX_BYTES / (1024 * 1024));
	case EVIDENCE_TYPE:
		return arena_printf(r->a, T(r, "That type of file is not accepted. Allowed types: %s."), evidence_extensions());
	case EVIDENCE_MISMATCH: return T(r, "The file's content does not match its name's type.");
	}
	return NULL;
}

int evidence_accept(struct request *r, const char *given, const void *data, size_t len, struct evidence_file *out,
		    const char **msg)
{
	_Static_assert(sizeof out->name == EVIDENCE_NAME_MAX + 1, "evidence_file.name fits a safe name");
	evidence_filename(given, out->name);
	enum evidence_check chk = evidence_check(given ? out->name : NULL, data, len, &out->type);
	if (chk != EVIDENCE_OK) {
		*msg = evidence_message(r, chk);
		return chk == EVIDENCE_TOO_LARGE ? 413 : chk == EVIDENCE_EMPTY ? 400 : 415;
	}
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)data, len);
	sodium_bin2hex(out->sha256, sizeof out->sha256, h, sizeof h);
	return 0;
}

/* Content-Disposition for a download named name (RFC 6266): an ASCII
 * fallback and the UTF-8 name percent-encoded. The name is already free
 * of quotes, ';' and control characters (evidence_filename). */
const char *evidence_attachment(struct request *r, const char *name)
{
	char *ascii = arena_strdup(r->a, name);
	for (char *p = ascii; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '_';
	return arena_printf(r->a, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii,
			    recview_urlencode(r->a, name));
}

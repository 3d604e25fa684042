/*
 * ui_files.c: files kept on a record as evidence — the minutes of a
 * meeting, the evidence of an organisation assessment — uploaded, fetched
 * and removed by one code path. Each is checked as an SoA evidence file
 * (evidence_accept: size, type by content, SHA-256), kept in the database
 * (store_files_*), and read or changed with the right to the record it is
 * on: a Statement of Applicability entry's evidence too (its list is drawn
 * by ui_soa.c, with who uploaded each file and when).
 */
#include <string.h>

#include "core/evidence.h"
#include "model/entity.h"
#include "model/org_requirements.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

/* One kind of record files are kept on. */
struct file_owner {
	enum evidence_owner ow;
	const struct entity *e;
	const char *column;  /* the file row's field naming the record */
	const char *href;    /* a file's address: href/<file id> */
	const char *upload;  /* the upload address, %lld the record's id */
	const char *anchor;  /* where the record's page shows its files */
	const char *done;    /* ?done= flash key after an upload */
	const char *removed; /* ?done= key after a removal, or NULL */
	const char *kept;    /* msgid of the flash */
	/* NULL, or why the file may not be removed (a msgid): the last
	 * evidence of a fulfilled assessment. */
	const char *(*keep)(struct request *r, const struct jval *owner, const struct jval *file);
	/* msgids for the list on the record's page, and its HTML id */
	const char *heading, *none, *add, *html_id;
};

/* The record id for a change: loaded, and allowed action. NULL with the
 * response sent. */
static struct jval *owner_for(struct request *r, const struct file_owner *o, long long id, unsigned action)
{
	r->entity = o->e;
	long long was = r->id;
	r->id = id;
	struct jval *row;
	int ok = recview_load(r, &row);
	r->id = was;
	if (!ok)
		return NULL;
	struct rctx c = page_rctx(r);
	if (!record_allows(&c, o->e, action, row)) {
		page_forbidden(r);
		return NULL;
	}
	return row;
}

static void file_upload(struct request *r, const struct file_owner *o)
{
	struct arena *a = r->a;
	struct jval *row = owner_for(r, o, r->id, A_UPDATE);
	if (!row)
		return;
	struct form *form = req_form(r);
	const struct form_field *file = form ? form_field(form, "file") : NULL;
	struct evidence_file ef;
	const char *msg;
	int status = evidence_accept(r, file ? file->filename : NULL, file ? file->value : NULL, file ? file->value_len : 0,
				     &ef, &msg);
	if (status) {
		struct verrors errs = { 0 };
		verr_add(&errs, NULL, msg);
		records_show(r, o->e, row, &errs, status);
		return;
	}
	char now[CLOCK_ISO_LEN];
	clock_now_iso(now);
	struct rctx c = page_rctx(r);
	struct audit_actor who = record_audit_actor(&c);
	long long fid;
	if (store_files_add(r->st, a, r->org_id, &who, o->ow, r->id, ef.name, ef.type, ef.sha256, file->value,
			    file->value_len, now, &fid) != STORE_OK) {
		page_error(r, 500, T(r, "The file could not be saved. Nothing was changed."));
		return;
	}
	page_flash_set(r, o->done, T(r, o->kept));
	res_redirect(r, arena_printf(a, "%s?done=%s%s", recview_href(r, o->e, r->id), o->done, o->anchor));
}

/* The file r->id and its record, with the right to the record. NULL with
 * the response sent. */
static struct jval *file_load(struct request *r, const struct file_owner *o, unsigned action, const void **content,
			      size_t *len, struct jval **owner)
{
	struct jval *f;
	int rc = store_files_get(r->st, r->a, r->org_id, o->ow, r->id, &f, content, len);
	if (rc == STORE_NOTFOUND) {
		page_not_found(r);
		return NULL;
	}
	if (rc != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return NULL;
	}
	struct jval *row = owner_for(r, o, jv_get_int(f, o->column, 0), action);
	if (owner)
		*owner = row;
	return row ? f : NULL;
}

static void file_get(struct request *r, const struct file_owner *o)
{
	const void *content;
	size_t len;
	struct jval *f = file_load(r, o, A_READ, &content, &len, NULL);
	if (!f)
		return;
	res_start(r, 200, jv_get_str(f, "content_type"));
	/* Always a download: the browser never renders it in our origin. */
	res_header(r, "Content-Disposition", evidence_attachment(r, jv_get_str(f, "filename")));
	res_header(r, "Cache-Control", "private, no-store");
	res_header(r, "Content-Security-Policy", "default-src 'none'; sandbox");
	buf_add(&r->res.body, content, len);
}

static void file_delete(struct request *r, const struct file_owner *o)
{
	struct jval *owner;
	struct jval *f = file_load(r, o, A_UPDATE, NULL, NULL, &owner);
	if (!f)
		return;
	const char *why = o->keep ? o->keep(r, owner, f) : NULL;
	if (why) {
		struct verrors errs = { 0 };
		verr_add(&errs, NULL, T(r, why));
		records_show(r, o->e, owner, &errs, 409);
		return;
	}
	struct rctx c = page_rctx(r);
	struct audit_actor who = record_audit_actor(&c);
	if (store_files_delete(r->st, r->a, r->org_id, &who, o->ow, r->id) != STORE_OK) {
		page_error(r, 500, T(r, "The file could not be removed. Nothing was changed."));
		return;
	}
	res_redirect(r, arena_printf(r->a, "%s%s%s%s", recview_href(r, o->e, jv_get_int(f, o->column, 0)),
				     o->removed ? "?done=" : "", o->removed ? o->removed : "", o->anchor));
}

/* ---- the minutes of a meeting ---------------------------------------------------------- */

static const struct file_owner minutes = {
	EV_MEETING, &entity_meetings, "meeting_id", "/minutes", "/meetings/%lld/minutes", "#meeting-h", "minutes_added", NULL,
	N_("The minutes file was kept."), NULL,
	N_("Minutes files"), N_("No minutes file."), N_("Add the minutes file"), "minutes",
};

void h_minutes_upload(struct request *r) { file_upload(r, &minutes); }
void h_minutes_get(struct request *r) { file_get(r, &minutes); }
void h_minutes_delete(struct request *r) { file_delete(r, &minutes); }

/* ---- the evidence of an organisation assessment ---------------------------------------- */

/* A fulfilled assessment keeps one piece of evidence at least (as its
 * validation asks): its last file goes only with other evidence named. */
static const char *assessment_keep(struct request *r, const struct jval *owner, const struct jval *file)
{
	(void)file;
	const char *as = jv_get_str(owner, "assessment");
	if (!as || strcmp(as, "fulfilled") != 0)
		return NULL;
	if (org_assessment_names_evidence(owner))
		return NULL;
	struct jval *files;
	if (store_files_list(r->st, r->a, r->org_id, EV_ORG_ASSESSMENT, jv_get_int(owner, "id", 0), &files) != STORE_OK ||
	    (files->first && files->first->next))
		return NULL;
	return N_("The file is the only evidence that the requirement is fulfilled. Name other evidence or change the assessment first.");
}

static const struct file_owner assessment_files = {
	EV_ORG_ASSESSMENT, &entity_org_assessments, "assessment_id", "/assessment-files", "/organisation-assessments/%lld/files",
	"#evidence-h", "evidence_added", NULL,
	N_("The file was saved as evidence."), assessment_keep,
	N_("Evidence files"), N_("No evidence file."), N_("Add an evidence file"), "evidence",
};

void h_assessment_file_upload(struct request *r) { file_upload(r, &assessment_files); }
void h_assessment_file_get(struct request *r) { file_get(r, &assessment_files); }
void h_assessment_file_delete(struct request *r) { file_delete(r, &assessment_files); }

/* ---- the evidence of a Statement of Applicability entry -------------------------------- */

static const struct file_owner soa_files = {
	EV_SOA_ENTRY, &entity_soa_entries, "entry_id", "/evidence", "/soa-entries/%lld/evidence", "#evidence-h",
	"evidence_added", "evidence_removed", N_("The file was saved as evidence."), NULL,
	N_("Evidence files"), N_("No evidence file."), N_("Add an evidence file"), "evidence",
};

void h_evidence_upload(struct request *r) { file_upload(r, &soa_files); }
void h_evidence_get(struct request *r) { file_get(r, &soa_files); }
void h_evidence_delete(struct request *r) { file_delete(r, &soa_files); }

static const struct file_owner *const file_owners[] = { &minutes, &assessment_files, &soa_files };

void files_panel(struct request *r, enum evidence_owner ow, long long id, int may, struct jval *p)
{
	struct arena *a = r->a;
	const struct file_owner *o = NULL;
	for (size_t i = 0; i < sizeof file_owners / sizeof *file_owners; i++)
		if (file_owners[i]->ow == ow)
			o = file_owners[i];
	struct jval *files;
	if (!o || store_files_list(r->st, a, r->org_id, ow, id, &files) != STORE_OK)
		return;
	jv_set_str(a, p, "files_heading", T(r, o->heading));
	jv_set_str(a, p, "files_none", T(r, o->none));
	jv_set_str(a, p, "files_add", T(r, o->add));
	jv_set_str(a, p, "files_id", o->html_id);
	struct jval *list = jv_set(p, "files", jv_arr(a));
	for (struct jval *f = files->first; f; f = f->next) {
		struct jval *x = jv_push(list, jv_obj(a));
		long long fid = jv_get_int(f, "id", 0);
		jv_set_str(a, x, "name", jv_get_str(f, "filename"));
		jv_set_str(a, x, "href", arena_printf(a, "%s/%lld", o->href, fid));
		jv_set_str(a, x, "size", evidence_size_text(r, jv_get_int(f, "size", 0)));
		jv_set_str(a, x, "sha256", jv_get_str(f, "sha256"));
		if (may)
			jv_set_str(a, x, "delete_action", arena_printf(a, "%s/%lld/delete", o->href, fid));
	}
	if (may) {
		jv_set_str(a, p, "upload_action", arena_printf(a, o->upload, id));
		jv_set_str(a, p, "upload_hint", arena_printf(a, T(r, "At most %d MiB. Allowed types: %s."),
							 EVIDENCE_MAX_BYTES / (1024 * 1024), evidence_extensions()));
	}
}

/* An organisation assessment's page: its evidence files
 * (ctx.assessment_panel). */
void assessment_panel(struct request *r, const struct jval *row, struct jval *ctx)
{
	struct rctx c = page_rctx(r);
	struct jval *p = jv_set(ctx, "assessment_panel", jv_obj(r->a));
	/* What is assessed: the requirement's title and what is in place
	 * when it is met, in the reader's language. */
	struct jval *q;
	long long qid = jv_get_int(row, "requirement_id", 0);
	if (qid && store_get(r->st, r->a, &entity_requirements, r->org_id, qid, &q) == STORE_OK) {
		const char *title[2] = { jv_get_str(q, "title_sv"), jv_get_str(q, "title_en") };
		const char *current[2] = { jv_get_str(q, "current_sv"), jv_get_str(q, "current_en") };
		jv_set_str(r->a, p, "req_code", jv_get_str(q, "code"));
		jv_set_str(r->a, p, "req_href", recview_href(r, &entity_requirements, qid));
		jv_set_str(r->a, p, "req_title", page_text_sv_en(r, title));
		jv_set_str(r->a, p, "req_current", page_text_sv_en(r, current));
	}
	files_panel(r, EV_ORG_ASSESSMENT, jv_get_int(row, "id", 0), record_allows(&c, &entity_org_assessments, A_UPDATE, row), p);
}

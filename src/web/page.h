/*
 * page: what every HTML page and every API error shares — the layout
 * context (navigation, user, language, CSRF token), rendering, error
 * responses in HTML or application/problem+json, and security headers.
 */
#ifndef TILLIT_PAGE_H
#define TILLIT_PAGE_H

#include "model/record.h"
#include "web/http.h"

/*
 * A message for the next page, after a change ("The unit X was added"):
 * kept for a minute in a cookie (HttpOnly, SameSite) rather than in the
 * URL, so that no link can make a page say what the server did not. The
 * page reached with that ?done=<done> shows it (page_ctx sets ctx.flash)
 * and clears it; page_flash reads it without clearing (NULL when there is
 * none for this page's ?done=). message NULL clears it.
 */
void page_flash_set(struct request *r, const char *done, const char *message);
const char *page_flash(struct request *r);

/* A number as the user's language writes it ("1 796", "46,0"): util/i18n.h. */
const char *page_int(struct request *r, long long n);
const char *page_decimal(struct request *r, double x, int decimals);

/* The base context for a page titled title (already translated). */
struct jval *page_ctx(struct request *r, const char *title);
/* Render template tmpl with ctx as the response (text/html). */
void page_render(struct request *r, int status, const char *tmpl, struct jval *ctx);
/* An error page (HTML) or problem+json (API routes) with a message in the
 * user's language. */
void page_error(struct request *r, int status, const char *message);
/* A validation error: HTML callers render their form again instead; API
 * callers get 400/422 problem+json listing every field error. */
void page_problem(struct request *r, int status, const char *title, const struct verrors *errs);
/* 404 / 403 with the standard wording. */
void page_not_found(struct request *r);
void page_forbidden(struct request *r);
/* 500 for a file (an export) whose temporary file could not be written or
 * read back; logged. */
void page_file_failed(struct request *r);
/* 503 with Retry-After: another request holds the large-file slot. */
void page_busy(struct request *r);
/* Before reading a file of len bytes whole: 1 when it is small (up to
 * the 1 MiB of a form) or this request holds the large-file slot
 * (req_heavy), else page_busy(r) and 0. */
int page_heavy(struct request *r, size_t len);
/* Add the headers every response carries (CSP, nosniff, ...). */
void page_security_headers(struct request *r);
/* The record context helpers used by several pages. */
struct rctx page_rctx(struct request *r);
/* The names of the entities the reader may read every record of
 * (model/visible.h VIS_ALL), NULL-terminated, worked out once per request;
 * and the same as a bit per entity of entity_all (for cache keys). */
const char *const *page_readable(struct request *r);
unsigned long long page_read_mask(struct request *r);
/* The user's label for an entity, in the user's language. */
const char *page_entity_label(struct request *r, const struct entity *e, int plural);
/* ctx.errors = [{message, label, anchor}] from errs; label and anchor
 * (link to the form control) only for fields of e. */
void page_set_errors(struct request *r, struct jval *ctx, const struct verrors *errs,
		     const struct entity *e);
/*
 * Page bodies kept until the data changes. A body that is the same for
 * everyone with the same language and the same key (the key names the
 * page and whatever else it depends on, such as the right to edit) is
 * rendered once per store generation gen and kept; page_body_get appends
 * it to out and returns 1 when it is kept. A few dozen bodies are kept,
 * the oldest making way.
 */
int page_body_get(struct request *r, const char *key, long long gen, struct buf *out);
/* A generation for a page that reads the tables (and derived areas)
 * names[0..n): it moves whenever one of them changes, and only then (the
 * sum of their generations, each of which only grows). -1 when the store
 * fails. */
long long page_gen(struct request *r, const char *const *names, size_t n);
void page_body_put(struct request *r, const char *key, long long gen, const struct buf *body);
/* Render template tmpl with ctx as the response, with body where the
 * template has the HTML comment mark ("<!--body-->"). */
void page_render_body(struct request *r, const char *tmpl, struct jval *ctx, const char *mark,
		      const struct buf *body);

/* A text kept in both languages (text[0] Swedish, text[1] English or
 * NULL) in the user's language: Swedish when there is no English. */
const char *page_text_sv_en(struct request *r, const char *const text[2]);

/* The organisation's name ("" when it cannot be read), for reports. */
const char *page_org_name(struct request *r);
/* Finish doc and send it as a download (disposition: the
 * Content-Disposition value), or a 500 page when it cannot be made. */
struct pdf;
void page_send_pdf(struct request *r, struct pdf *doc, const char *disposition);

/* For exports: move the body made so far to the response's file when it
 * is large (ctx: the request), and append bytes straight to it
 * (http.h res_spill, res_write). */
void page_spill(void *ctx);
void page_write(void *ctx, const void *data, size_t len);

/* Append a JSON document as the response. */
void page_json(struct request *r, int status, const struct jval *v);

#endif

/*
 * ui_mail.c: the administrator's view of the mail queue and log
 * (/admin/mail, with a form that queues a test message) and the same list
 * in the API (GET /api/v1/mail). Only administrators: the log names who
 * was told what about which record. See docs/internals/mail.md.
 */
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "io/mail.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/mailaddr.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

#define MAIL_PAGE_SIZE 50

/* Who may see the queue and send a test message. */
const struct grant mail_admin_grants[] = {
	{ ROLE_ADMIN, A_READ | A_CREATE, G_ALL, NULL },
	GRANTS_END
};

static int mail_admin(struct request *r)
{
	struct access_subject subj = { r->actor.person_id, r->actor.as, r->actor.nas };
	return access_allows(mail_admin_grants, &subj, A_READ, NULL);
}

static const char *const statuses[] = { "queued", "retrying", "sent", "failed", NULL };

/* The status as the pages say it. */
static const char *status_label(struct request *r, const char *s)
{
	if (!s)
		return "";
	if (strcmp(s, "queued") == 0) return TC(r, "mail", "Queued");
	if (strcmp(s, "retrying") == 0) return TC(r, "mail", "Waiting to retry");
	if (strcmp(s, "sent") == 0) return TC(r, "mail", "Sent");
	if (strcmp(s, "failed") == 0) return TC(r, "mail", "Failed");
	return s;
}

/* The ?status= filter: NULL for all, or one of statuses; -1 when it is
 * something else. */
static int status_filter(struct request *r, const char **out)
{
	const char *s = req_query(r, "status");
	*out = NULL;
	if (!s || !*s)
		return 0;
	for (size_t i = 0; statuses[i]; i++)
		if (strcmp(s, statuses[i]) == 0) {
			*out = statuses[i];
			return 0;
		}
	return -1;
}

/* An error the store keeps in English; the two it writes itself are
 * msgids (sqlite_mail.c), the server's are shown as they came. */
static const char *error_text(struct request *r, const char *e)
{
	return e ? T(r, e) : NULL;
}

static const char *local_time(struct request *r, const char *iso)
{
	if (!iso)
		return NULL;
	char buf[32];
	return arena_strdup(r->a, clock_local(iso, buf, sizeof buf));
}

/* The page, with errs (a test address refused) and the address typed. */
static void mail_page(struct request *r, int status, const char *error, const char *to)
{
	struct arena *a = r->a;
	const char *filter;
	if (status_filter(r, &filter) != 0) {
		page_error(r, 400, T(r, "There is no such status. Choose queued, retrying, sent or failed."));
		return;
	}
	long long page = recview_page(r);
	struct jval *rows;
	long long total, counts[4];
	if (store_mail_list(r->st, a, r->org_id, filter, page, MAIL_PAGE_SIZE, &rows, &total) != STORE_OK ||
	    store_mail_counts(r->st, r->org_id, counts) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	struct jval *ctx = page_ctx(r, T(r, "E-mail"));
	const struct mail_opts *mo = mail_options();
	if (mo->configured) {
		jv_set_str(a, ctx, "configured",
			   arena_printf(a, T(r, "Mail is sent through %s (encryption: %s) from %s."), mo->server,
					mo->tls_name, mo->smtp.from));
		jv_set_str(a, ctx, "retry_note",
			   arena_printf(a, T(r, "A message that cannot be delivered is tried again after %s seconds, "
						 "then twice as long each time (at most an hour), %s times in all."),
					page_int(r, mo->retry_base), page_int(r, mo->max_attempts)));
	}
	struct jval *sum = jv_set(ctx, "counts", jv_arr(a));
	for (int i = 0; i < 4; i++) {
		struct jval *o = jv_push(sum, jv_obj(a));
		jv_set_str(a, o, "label", status_label(r, statuses[i]));
		jv_set_str(a, o, "count", page_int(r, counts[i]));
		jv_set_str(a, o, "href", arena_printf(a, "/admin/mail?status=%s", statuses[i]));
	}
	struct jval *opts = jv_set(ctx, "statuses", jv_arr(a));
	struct jval *o = jv_push(opts, jv_obj(a));
	jv_set_str(a, o, "value", "");
	jv_set_str(a, o, "label", T(r, "All"));
	for (size_t i = 0; statuses[i]; i++) {
		o = jv_push(opts, jv_obj(a));
		jv_set_str(a, o, "value", statuses[i]);
		jv_set_str(a, o, "label", status_label(r, statuses[i]));
		if (filter == statuses[i])
			jv_set_bool(a, o, "selected", 1);
	}
	if (filter)
		jv_set_bool(a, ctx, "filtered", 1);
	struct jval *items = jv_set(ctx, "messages", jv_arr(a));
	for (struct jval *row = rows->first; row; row = row->next) {
		struct jval *m = jv_push(items, jv_obj(a));
		const char *st = jv_get_str(row, "status");
		jv_set_int(a, m, "id", jv_get_int(row, "id", 0));
		jv_set_str(a, m, "to", jv_get_str(row, "to"));
		jv_set_str(a, m, "to_name", jv_get_str(row, "to_name"));
		jv_set_str(a, m, "subject", jv_get_str(row, "subject"));
		jv_set_str(a, m, "reason", jv_get_str(row, "reason"));
		jv_set_str(a, m, "status", status_label(r, st));
		jv_set_str(a, m, "status_class", st);
		jv_set_str(a, m, "attempts", page_int(r, jv_get_int(row, "attempts", 0)));
		jv_set_str(a, m, "created", local_time(r, jv_get_str(row, "created_at")));
		jv_set_str(a, m, "sent", local_time(r, jv_get_str(row, "sent_at")));
		jv_set_str(a, m, "next", local_time(r, jv_get_str(row, "next_attempt_at")));
		jv_set_str(a, m, "error", error_text(r, jv_get_str(row, "last_error")));
		const char *ent = jv_get_str(row, "entity");
		long long rid = jv_get_int(row, "record_id", 0);
		const struct entity *e = ent ? entity_find(ent) : NULL;
		if (e && rid) {
			jv_set_str(a, m, "about", arena_printf(a, "%s #%lld", T(r, e->label), rid));
			jv_set_str(a, m, "about_href", recview_href(r, e, rid));
		}
	}
	jv_set_str(a, ctx, "total", page_int(r, total));
	if (page > 1)
		jv_set_str(a, ctx, "prev_href", recview_query_with(r, "page", arena_printf(a, "%lld", page - 1)));
	if (page * MAIL_PAGE_SIZE < total)
		jv_set_str(a, ctx, "next_href", recview_query_with(r, "page", arena_printf(a, "%lld", page + 1)));
	jv_set_str(a, ctx, "to", to ? to : "");
	if (error) {
		struct jval *errs = jv_set(ctx, "errors", jv_arr(a));
		struct jval *e = jv_push(errs, jv_obj(a));
		jv_set_str(a, e, "message", error);
		jv_set_str(a, e, "label", T(r, "Address to send the test message to"));
		jv_set_str(a, e, "anchor", "#mail-to");
		jv_set_str(a, ctx, "to_error", error);
	}
	page_render(r, status, "mail", ctx);
}

void h_mail_admin(struct request *r)
{
	if (!mail_admin(r)) {
		page_forbidden(r);
		return;
	}
	mail_page(r, 200, NULL, NULL);
}

void h_mail_test(struct request *r)
{
	if (!mail_admin(r)) {
		page_forbidden(r);
		return;
	}
	const char *to = req_post(r, "to");
	if (!to || !*to) {
		mail_page(r, 400, T(r, "Enter the e-mail address to send the test message to."), "");
		return;
	}
	if (!mailaddr_valid(to)) {
		mail_page(r, 400, T(r, "Enter an e-mail address like name@example.se, without spaces or angle brackets."),
			  to);
		return;
	}
	const char *subject = T(r, "Test message from Tillit");
	const char *body = arena_printf(r->a, "%s\n\n%s", T(r, "This is a test message from Tillit. If it has reached you, Tillit can send e-mail."),
					arena_printf(r->a, T(r, "Sent at the request of %s."), r->actor.username));
	struct audit_actor who = { r->actor.user_id, r->actor.username, r->actor.via };
	long long id = 0;
	int rc = store_begin(r->st);
	if (!rc)
		rc = store_mail_enqueue(r->st, r->org_id, to, NULL, subject, body, NULL, 0, T(r, "Test message"), &id);
	if (!rc) {
		/* Who asked for it: the queue entry is the sender's. */
		struct jval *ch = jv_obj(r->a);
		jv_set_str(r->a, ch, "to", to);
		rc = store_audit_append(r->st, r->org_id, &who, "mail", id, "mail_test", ch);
	}
	if (!rc)
		rc = store_commit(r->st);
	if (rc) {
		store_rollback(r->st);
		page_error(r, 500, T(r, "The change could not be saved. Nothing was changed."));
		return;
	}
	mail_wake();
	page_flash_set(r, "test",
		       mail_options()->configured
			       ? arena_printf(r->a, T(r, "A test message to %s has been queued. It is sent within a few seconds; its result is shown below."), to)
			       : arena_printf(r->a, T(r, "A test message to %s has been queued. Mail is not configured, so it stays in the queue until Tillit is started with --smtp."), to));
	res_redirect(r, "/admin/mail?done=test");
}

void api_mail(struct request *r)
{
	if (!mail_admin(r)) {
		page_forbidden(r);
		return;
	}
	const char *filter;
	if (status_filter(r, &filter) != 0) {
		page_error(r, 400, T(r, "There is no such status. Choose queued, retrying, sent or failed."));
		return;
	}
	long long limit = MAIL_PAGE_SIZE;
	const char *l = req_query(r, "limit");
	if (l && *l) {
		char *end;
		limit = strtoll(l, &end, 10);
		if (*end || limit < 1 || limit > LIST_MAX_LIMIT) {
			page_error(r, 400, arena_printf(r->a, T(r, "limit is a whole number from 1 to %d."), LIST_MAX_LIMIT));
			return;
		}
	}
	long long page = recview_page(r);
	struct jval *rows;
	long long total;
	if (store_mail_list(r->st, r->a, r->org_id, filter, page, limit, &rows, &total) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	struct jval *o = jv_obj(r->a);
	jv_set(o, "items", rows);
	jv_set_int(r->a, o, "total", total);
	jv_set_int(r->a, o, "page", page);
	jv_set_int(r->a, o, "limit", limit);
	jv_set_bool(r->a, o, "configured", mail_options()->configured);
	page_json(r, 200, o);
}

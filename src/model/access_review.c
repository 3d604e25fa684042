/*
 * access_review.c (model): access reviews (behörighetsgenomgångar). A
 * campaign (access-reviews) is for one system: its reviewer — the system
 * owner unless someone else is named — decides on each account imported
 * from the system (access-review-accounts: keep, remove or change, with a
 * comment for the last two). When every account has a decision Tillit
 * marks the campaign completed, with the day, and turns each removal and
 * change into a measure for the system administrator. Each change goes
 * through the record path (audited, permission-checked); what Tillit sets
 * off is written on behalf of whoever made the last decision. The gap a
 * missing review opens is a system rule (core/gaps.h
 * access_review_overdue). See docs/access-reviews.md.
 */
#include "model/access_review.h"

#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "io/csv.h"
#include "model/entity.h"
#include "store/access_review.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/json.h"
#include "util/text.h"

/* A measure made from a review is due this many days after completion. */
#define MEASURE_DAYS 30

/* ---- options and grants ------------------------------------------------- */

static const struct option review_status[] = {
	{ "open", N_("Open") },
	{ "completed", N_("Completed") },
	{ 0 }
};

static const struct option decisions[] = {
	{ "keep", N_("Keep") },
	{ "remove", N_("Remove") },
	{ "change", N_("Change") },
	{ 0 }
};

/* The reviewer decides their campaign, whatever role they hold it with;
 * the system owner reads the campaigns of their systems; the security
 * chief, the IT manager and the auditor read every one. Only the
 * administrator and the coordinator start, hand over or delete one. */
#define REVIEWER(role, actions) GRANT_OWNED(role, actions, "reviewer_id")
#define REVIEWERS(actions)                                                                          \
	REVIEWER(ROLE_SYSTEM_OWNER, actions), REVIEWER(ROLE_MANAGER, actions),                       \
		REVIEWER(ROLE_INFO_OWNER, actions), REVIEWER(ROLE_SYSTEM_ADMIN, actions),            \
		REVIEWER(ROLE_IT_CHIEF, actions), REVIEWER(ROLE_SECURITY_CHIEF, actions)
static const struct grant review_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR),
	REVIEWERS(A_READ | A_UPDATE),
	GRANT_OWNED(ROLE_SYSTEM_OWNER, A_READ, "system_id.owner_id"),
	GRANT_READ(ROLE_SECURITY_CHIEF), GRANT_READ(ROLE_IT_CHIEF), GRANT_READ(ROLE_AUDITOR),
	GRANTS_END
};

/* Accounts are decided on their campaign (scope_via): the reviewer
 * imports and decides them. */
static const struct grant account_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR),
	REVIEWERS(A_READ | A_CREATE | A_UPDATE),
	GRANT_OWNED(ROLE_SYSTEM_OWNER, A_READ, "system_id.owner_id"),
	GRANT_READ(ROLE_SECURITY_CHIEF), GRANT_READ(ROLE_IT_CHIEF), GRANT_READ(ROLE_AUDITOR),
	GRANTS_END
};

static int is(const char *s, const char *v)
{
	return s && strcmp(s, v) == 0;
}

static int completed(const struct jval *review)
{
	return review && is(jv_get_str(review, "status"), "completed");
}

/* ---- campaigns ------------------------------------------------------------ */

static const struct field review_fields[] = {
	{ "system_id", F_REF, N_("System"), N_("The system whose accounts are reviewed."), .required = 1, .ref = &entity_systems, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Access reviews") },
	{ "reviewer_id", F_REF, N_("Reviewer"), N_("Decides on each account. Left empty: the system owner."), .ref = &entity_people, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Access reviews they decide") },
	{ "due_date", F_DATE, N_("Due date"), N_("When every account is to have a decision."), .required = 1, .list = 1, .sort = 1 },
	{ "status", F_ENUM, N_("Status"), N_("Completed is set by Tillit when every account has a decision."), .required = 1, .options = review_status, .readonly = 1, .list = 1, .filter = 1, .sort = 1, .def = "open" },
	{ "completed_on", F_DATE, N_("Completed on"), N_("Set by Tillit when the last account is decided."), .readonly = 1, .list = 1, .sort = 1 },
	{ "notes", F_LONGTEXT, N_("Notes"), N_("How the account list was taken out, what the review covers, anything the next reviewer should know."), .max = 8000, .search = 1 },
	{ "unit_id", F_REF, N_("Unit"), N_("The system's unit: set by Tillit."), .ref = &entity_units, .readonly = 1, .filter = 1, .reverse = N_("Access reviews of the unit's systems") },
	{ 0 }
};

static void reviews_prepare(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			    struct jval *rec, const struct jval *old)
{
	(void)e, (void)old;
	struct jval *sys;
	if (store_get(st, a, &entity_systems, org_id, jv_get_int(rec, "system_id", 0), &sys) != STORE_OK)
		return;
	long long unit = jv_get_int(sys, "unit_id", 0);
	jv_set(rec, "unit_id", unit ? jv_int(a, unit) : jv_null(a));
	/* The system owner reviews unless someone else is named. */
	if (!jv_get_int(rec, "reviewer_id", 0) && jv_get_int(sys, "owner_id", 0))
		jv_set_int(a, rec, "reviewer_id", jv_get_int(sys, "owner_id", 0));
}

static void reviews_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			     const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e, (void)st, (void)a, (void)org_id;
	if (!jv_get_int(rec, "reviewer_id", 0))
		verr_add(errs, "reviewer_id", tr(lang, "Name the reviewer: the system has no system owner to review it."));
	if (completed(old)) {
		static const char *const kept[] = { "system_id", "reviewer_id", "due_date", "status", "completed_on" };
		for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
			if (!jv_equal(jv_get(old, kept[i]), jv_get(rec, kept[i])))
				verr_add(errs, kept[i], tr(lang, "A completed access review stays as it was completed. Start a new review instead."));
	}
}

static void reviews_validate_delete(const struct entity *e, struct store *st, struct arena *a, long long org_id,
				    const struct jval *old, struct verrors *errs, int lang)
{
	(void)e, (void)st, (void)a, (void)org_id;
	if (completed(old))
		verr_add(errs, NULL, tr(lang, "A completed access review is kept as the system's history."));
}

/* A completed campaign: each removal and change becomes a measure for the
 * system administrator (else the system owner), due MEASURE_DAYS later. */
static int reviews_after(struct rctx *c, const struct entity *e, long long id, const struct jval *rec,
			 const struct jval *old)
{
	(void)e;
	if (!completed(rec) || completed(old))
		return REC_OK;
	struct arena *a = c->a;
	long long org = c->who->org_id;
	struct jval *sys;
	if (store_get(c->st, a, &entity_systems, org, jv_get_int(rec, "system_id", 0), &sys) != STORE_OK)
		return REC_ERROR;
	/* A person who has left is given nothing new: then the owner, or no one. */
	long long admin = record_active_person(c, jv_get_int(sys, "administrator_id", 0));
	if (!admin)
		admin = record_active_person(c, jv_get_int(sys, "owner_id", 0));
	const char *system = jv_get_str(sys, "name") ? jv_get_str(sys, "name") : "";
	char today[11], due[11];
	clock_today(today);
	if (date_add_days(today, MEASURE_DAYS, due) != 0)
		due[0] = 0;
	struct actor tillit;
	struct rctx sub = record_on_behalf(c, &tillit, arena_printf(a, "access-reviews/%lld", id));
	int lang = c->who->lang;
	for (long long offset = 0;; offset += 500) {
		struct access_account *v;
		size_t n;
		if (store_access_accounts(c->st, a, org, id, AA_CHANGES, offset, 500, &v, &n, NULL) != STORE_OK)
			return REC_ERROR;
		for (size_t i = 0; i < n; i++) {
			int remove = is(v[i].decision, "remove");
			struct jval *in = jv_obj(a);
			jv_set_int(a, in, "access_review_id", id);
			jv_set_str(a, in, "title",
				   arena_printf(a, tr(lang, remove ? N_("Remove the account %s in %s") : N_("Change the rights of the account %s in %s")),
						v[i].account, system));
			struct buf d = { 0 };
			if (v[i].name)
				buf_printf(&d, "%s: %s\n", tr(lang, "Name"), v[i].name);
			if (v[i].roles)
				buf_printf(&d, "%s: %s\n", tr(lang, "Roles"), v[i].roles);
			if (v[i].comment)
				buf_printf(&d, "%s: %s\n", tr(lang, "Reviewer's comment"), v[i].comment);
			if (d.len)
				jv_set_str(a, in, "description", arena_strdup(a, buf_str(&d)));
			buf_free(&d);
			if (admin)
				jv_set_int(a, in, "owner_id", admin);
			if (due[0])
				jv_set_str(a, in, "due_date", due);
			jv_set_str(a, in, "status", "planned");
			struct verrors errs = { 0 };
			long long mid;
			int rc = record_create(&sub, &entity_measures, in, &mid, &errs);
			if (rc != REC_OK)
				return rc == REC_INVALID ? REC_ERROR : rc;
		}
		if (n < 500)
			break;
	}
	return REC_OK;
}

/* The API gives a campaign's progress with it. */
static void reviews_api_extra(struct rctx *c, const struct entity *e, struct jval *row)
{
	(void)e;
	long long total, undecided;
	if (store_access_review_counts(c->st, c->who->org_id, jv_get_int(row, "id", 0), &total, &undecided) != STORE_OK)
		return;
	jv_set_int(c->a, row, "accounts", total);
	jv_set_int(c->a, row, "undecided", undecided);
}

const struct entity entity_access_reviews = {
	.name = "access-reviews", .table = "access_reviews",
	.label = N_("Access review"), .plural = N_("Access reviews"),
	.the = N_("the access review"), .new_title = N_("New access review"),
	.empty = N_("No access reviews yet. Start with the systems classified at level 2 or higher for confidentiality or integrity: start a review, import the system's accounts and let the reviewer decide on each."),
	.title_field = "due_date", .title_prefix = "system_id", .fields = review_fields, .unit_field = "unit_id",
	.grants = review_grants, .validate = reviews_validate, .validate_delete = reviews_validate_delete,
	.prepare = reviews_prepare, .after_write = reviews_after,
	.default_sort = "due_date", .default_desc = 1,
	.menu = MENU_GOVERNANCE, .overview = 1,
	.api_extra = reviews_api_extra,
	.api_extra_schema = "{\"accounts\": {\"type\": \"integer\", \"readOnly\": true, \"description\": \"The campaign's accounts.\"},"
			    " \"undecided\": {\"type\": \"integer\", \"readOnly\": true, \"description\": \"Those without a decision.\"}}",
};

/* ---- accounts ---------------------------------------------------------------- */

static const struct field account_fields[] = {
	{ "review_id", F_REF, N_("Access review"), .required = 1, .ref = &entity_access_reviews, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Accounts") },
	{ "account", F_TEXT, N_("Account"), N_("The user name in the system."), .required = 1, .max = 200, .search = 1, .list = 1, .sort = 1 },
	{ "name", F_TEXT, N_("Name"), N_("Whose account it is, as the system names them."), .max = 200, .search = 1, .list = 1, .sort = 1 },
	{ "roles", F_TEXT, N_("Roles"), N_("The roles or permission groups the account has in the system."), .max = 2000, .search = 1, .list = 1 },
	{ "last_login", F_TEXT, N_("Last login"), N_("As the system gives it."), .max = 40, .list = 1, .sort = 1 },
	{ "decision", F_ENUM, N_("Decision"), N_("Keep the account as it is, remove it, or change its rights."), .options = decisions, .list = 1, .filter = 1, .sort = 1, .section = N_("Decision") },
	{ "comment", F_TEXT, N_("Comment"), N_("Required when the account is to be removed or changed: why, and what is to change."), .max = 2000, .search = 1 },
	{ "decided_by", F_REF, N_("Decided by"), .ref = &entity_people, .readonly = 1, .stamp = "decision", .reverse = N_("Account decisions they made") },
	{ "decided_at", F_DATETIME, N_("Decided at"), .readonly = 1, .stamp = "decision", .list = 1 },
	{ 0 }
};

static void accounts_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			      const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e;
	long long review = jv_get_int(rec, "review_id", 0);
	if (old && jv_get_int(old, "review_id", 0) != review) {
		verr_add(errs, "review_id", tr(lang, "An account stays in the access review it was imported into."));
		return;
	}
	struct jval *rv;
	if (review && store_get(st, a, &entity_access_reviews, org_id, review, &rv) == STORE_OK && completed(rv))
		verr_add(errs, NULL, tr(lang, "The access review is completed: its accounts and decisions no longer change."));
	const char *d = jv_get_str(rec, "decision");
	const char *comment = jv_get_str(rec, "comment");
	if ((is(d, "remove") || is(d, "change")) && (!comment || !*comment))
		verr_add(errs, "comment", is(d, "remove") ? tr(lang, "Say why the account is to be removed.")
							  : tr(lang, "Say what is to change in the account's rights."));
	const char *account = jv_get_str(rec, "account");
	long long other = 0;
	if (review && account && (!old || !jv_equal(jv_get(old, "account"), jv_get(rec, "account"))) &&
	    store_access_account_id(st, org_id, review, account, &other) == STORE_OK && other &&
	    other != jv_get_int(rec, "id", 0))
		verr_add(errs, "account", arena_printf(a, tr(lang, "The account %s is already in the access review."), account));
}

static void accounts_validate_delete(const struct entity *e, struct store *st, struct arena *a, long long org_id,
				     const struct jval *old, struct verrors *errs, int lang)
{
	(void)e;
	struct jval *rv;
	if (store_get(st, a, &entity_access_reviews, org_id, jv_get_int(old, "review_id", 0), &rv) == STORE_OK &&
	    completed(rv))
		verr_add(errs, NULL, tr(lang, "The access review is completed: its accounts and decisions no longer change."));
}

/* The last decision completes the campaign. */
static int accounts_after(struct rctx *c, const struct entity *e, long long id, const struct jval *rec,
			  const struct jval *old)
{
	(void)e;
	if (!jv_get_str(rec, "decision") || (old && jv_equal(jv_get(old, "decision"), jv_get(rec, "decision"))))
		return REC_OK;
	long long review = jv_get_int(rec, "review_id", 0);
	int any, open;
	if (store_access_review_open(c->st, c->who->org_id, review, &any, &open) != STORE_OK)
		return REC_ERROR;
	if (open || !any)
		return REC_OK;
	struct jval *rv;
	if (store_get(c->st, c->a, &entity_access_reviews, c->who->org_id, review, &rv) != STORE_OK)
		return REC_ERROR;
	if (completed(rv))
		return REC_OK;
	char today[11];
	clock_today(today);
	struct jval *set = jv_obj(c->a);
	jv_set_str(c->a, set, "status", "completed");
	jv_set_str(c->a, set, "completed_on", arena_strdup(c->a, today));
	struct actor tillit;
	struct rctx sub = record_on_behalf(c, &tillit, arena_printf(c->a, "access-review-accounts/%lld", id));
	struct verrors errs = { 0 };
	int rc = record_update(&sub, &entity_access_reviews, review, set, &errs);
	return rc == REC_INVALID ? REC_ERROR : rc;
}

const struct entity entity_access_review_accounts = {
	.name = "access-review-accounts", .table = "access_review_accounts",
	.label = N_("Reviewed account"), .plural = N_("Reviewed accounts"),
	.the = N_("the reviewed account"), .new_title = N_("New reviewed account"),
	.empty = N_("No accounts yet. Open an access review and import the system's accounts as a CSV file."),
	.title_field = "account", .fields = account_fields, .grants = account_grants,
	.validate = accounts_validate, .validate_delete = accounts_validate_delete, .after_write = accounts_after,
	.scope_via = "review_id", .default_sort = "account",
	/* In the menu too: which campaigns hold an account, searched across
	 * them (the auditor's question). */
	.menu = MENU_GOVERNANCE,
};

/* ---- import ---------------------------------------------------------------- */

void ar_problem_add(struct arena *a, struct ar_problems *p, size_t row, const char *account, const char *message)
{
	if (p->n >= AR_PROBLEMS_MAX) {
		p->more++;
		return;
	}
	struct ar_problem *x = arena_push(a, (void **)&p->v, &p->n, &p->cap, sizeof *x);
	x->row = row;
	x->account = account;
	x->message = message;
}

enum { C_ACCOUNT, C_NAME, C_ROLES, C_LOGIN, NCOLS };

/* The folded headings each column is known by. */
static const char *const headings[NCOLS][8] = {
	[C_ACCOUNT] = { "account", "konto", "anvandarnamn", "anvandar-id", "username", "user", "user name", "login" },
	[C_NAME] = { "name", "namn", "full name", "fullstandigt namn", "display name", NULL },
	[C_ROLES] = { "roles", "roller", "role", "roll", "behorigheter", "behorighet", "groups", "grupper" },
	[C_LOGIN] = { "last login", "senaste inloggning", "last_login", "lastlogin", "last logon", "senast inloggad", NULL },
};

static int heading_column(struct arena *a, const char *h)
{
	struct buf b = { 0 };
	text_fold(&b, h, strlen(h));
	const char *f = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	for (int k = 0; k < NCOLS; k++)
		for (size_t i = 0; i < 8 && headings[k][i]; i++)
			if (strcmp(f, headings[k][i]) == 0)
				return k;
	return -1;
}

/* A cell trimmed, NULL when empty or missing. */
static const char *cell(struct arena *a, const struct csv_row *row, int col)
{
	if (col < 0 || (size_t)col >= row->nfields)
		return NULL;
	const char *s = csv_unguard(row->fields[col]), *start;
	size_t n = text_trim(s, strlen(s), &start);
	return n ? arena_strndup(a, start, n) : NULL;
}

static int field_too_long(const struct entity *e, const char *name, const char *v)
{
	const struct field *f = entity_field(e, name);
	return v && f && f->max && (long long)text_utf8_length(v, strlen(v)) > f->max;
}

/* Compare two strings through pointers, for sorting account names. */
static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

int access_review_import(struct rctx *c, long long review, const char *text, size_t len, struct ar_problems *p,
			 long long *created)
{
	struct arena *a = c->a;
	int lang = c->who->lang;
	const struct entity *ae = &entity_access_review_accounts;
	*created = 0;
	struct jval *rv;
	int rc = store_get(c->st, a, &entity_access_reviews, c->who->org_id, review, &rv);
	if (rc == STORE_NOTFOUND)
		return REC_NOTFOUND;
	if (rc != STORE_OK)
		return REC_ERROR;
	struct jval *probe = jv_obj(a);
	jv_set_int(a, probe, "review_id", review);
	if (!record_allows(c, &entity_access_reviews, A_READ, rv) || !record_allows(c, ae, A_CREATE, probe))
		return REC_FORBIDDEN;
	if (completed(rv)) {
		ar_problem_add(a, p, 0, NULL, tr(lang, "The access review is completed: its accounts and decisions no longer change."));
		return REC_INVALID;
	}
	if (len > AR_IMPORT_MAX_BYTES) {
		ar_problem_add(a, p, 0, NULL, arena_printf(a, tr(lang, "The file is larger than %u MB. Split it, or leave out columns other than account, name, roles and last login."), AR_IMPORT_MAX_BYTES >> 20));
		return REC_INVALID;
	}
	struct csv sheet;
	struct csv_error err;
	if (csv_parse(a, text, len, &sheet, &err) != 0) {
		ar_problem_add(a, p, err.line, NULL, tr(lang, err.msg));
		return REC_INVALID;
	}
	if (sheet.nrows < 2) {
		ar_problem_add(a, p, 0, NULL, tr(lang, "The file has no accounts: give a heading row and one account per row."));
		return REC_INVALID;
	}
	if (sheet.nrows - 1 > AR_IMPORT_MAX_ROWS) {
		ar_problem_add(a, p, 0, NULL, arena_printf(a, tr(lang, "The file has more than %d accounts. Split it into several files."), AR_IMPORT_MAX_ROWS));
		return REC_INVALID;
	}
	/* Which column is which, from the heading row. */
	int col[NCOLS] = { -1, -1, -1, -1 };
	const struct csv_row *head = &sheet.rows[0];
	for (size_t i = 0; i < head->nfields; i++) {
		int k = heading_column(a, head->fields[i]);
		if (k >= 0 && col[k] < 0)
			col[k] = (int)i;
	}
	if (col[C_ACCOUNT] < 0) {
		ar_problem_add(a, p, head->line, NULL, tr(lang, "The heading row has no column account (konto). The columns are account, name, roles and last login."));
		return REC_INVALID;
	}
	/* Every row checked before anything is written. */
	size_t n = sheet.nrows - 1;
	const char **names = arena_alloc_array(a, n, sizeof *names);
	struct jval **in = arena_alloc_array(a, n, sizeof *in);
	for (size_t r = 1; r <= n; r++) {
		const struct csv_row *row = &sheet.rows[r];
		size_t line = row->line;
		const char *account = cell(a, row, col[C_ACCOUNT]);
		names[r - 1] = account ? account : "";
		in[r - 1] = NULL;
		if (row->nfields > head->nfields) {
			ar_problem_add(a, p, line, account, tr(lang, "The row has more cells than the heading row: check the separators and quotes."));
			continue;
		}
		if (!account) {
			ar_problem_add(a, p, line, NULL, tr(lang, "The account is empty."));
			continue;
		}
		const char *vals[NCOLS];
		static const char *const fields[NCOLS] = { "account", "name", "roles", "last_login" };
		int bad = 0;
		for (int k = 0; k < NCOLS; k++) {
			vals[k] = cell(a, row, col[k]);
			if (field_too_long(ae, fields[k], vals[k]) || (vals[k] && text_has_control(vals[k], strlen(vals[k]), 0))) {
				ar_problem_add(a, p, line, account,
					       arena_printf(a, tr(lang, "The %s is too long or holds control characters."), tr(lang, entity_field(ae, fields[k])->label)));
				bad = 1;
			}
		}
		long long existing = 0;
		if (store_access_account_id(c->st, c->who->org_id, review, account, &existing) != STORE_OK)
			return REC_ERROR;
		if (existing) {
			ar_problem_add(a, p, line, account, arena_printf(a, tr(lang, "The account %s is already in the access review."), account));
			bad = 1;
		}
		if (bad)
			continue;
		struct jval *o = jv_obj(a);
		jv_set_int(a, o, "review_id", review);
		for (int k = 0; k < NCOLS; k++)
			if (vals[k])
				jv_set_str(a, o, fields[k], vals[k]);
		in[r - 1] = o;
	}
	/* The same account twice in the file: every row after the first. */
	const char **sorted = arena_alloc_array(a, n, sizeof *sorted);
	memcpy(sorted, names, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, cmp_str);
	for (size_t i = 1; i < n; i++) {
		if (!*sorted[i] || strcmp(sorted[i], sorted[i - 1]) != 0)
			continue;
		if (i + 1 < n && strcmp(sorted[i + 1], sorted[i]) == 0)
			continue; /* reported once, at the last of a run */
		size_t seen = 0;
		for (size_t r = 0; r < n; r++)
			if (strcmp(names[r], sorted[i]) == 0 && seen++)
				ar_problem_add(a, p, sheet.rows[r + 1].line, sorted[i],
					       arena_printf(a, tr(lang, "The account %s is in the file more than once."), sorted[i]));
	}
	if (p->n || p->more)
		return REC_INVALID;
	/* Every account through the record path, in one transaction. */
	int own = !c->in_tx;
	if (own && store_begin(c->st) != STORE_OK)
		return REC_ERROR;
	struct rctx sub = *c;
	sub.in_tx = 1;
	rc = REC_OK;
	for (size_t r = 0; r < n && rc == REC_OK; r++) {
		struct verrors errs = { 0 };
		long long id;
		rc = record_create(&sub, ae, in[r], &id, &errs);
		if (rc == REC_INVALID)
			for (size_t k = 0; k < errs.n; k++)
				ar_problem_add(a, p, sheet.rows[r + 1].line, names[r], errs.items[k].message);
		if (rc == REC_OK)
			(*created)++;
	}
	if (own) {
		if (rc == REC_OK && store_commit(c->st) != STORE_OK)
			rc = REC_ERROR;
		if (rc != REC_OK)
			store_rollback(c->st);
	}
	if (rc != REC_OK)
		*created = 0;
	return rc;
}

/* ---- decisions ---------------------------------------------------------------- */

int access_review_decide(struct rctx *c, long long review, const struct ar_decision *d, size_t n,
			 struct ar_problems *p, long long *changed)
{
	struct arena *a = c->a;
	int lang = c->who->lang;
	const struct entity *ae = &entity_access_review_accounts;
	*changed = 0;
	struct jval *rv;
	int rc = store_get(c->st, a, &entity_access_reviews, c->who->org_id, review, &rv);
	if (rc == STORE_NOTFOUND)
		return REC_NOTFOUND;
	if (rc != STORE_OK)
		return REC_ERROR;
	if (!record_allows(c, &entity_access_reviews, A_READ, rv))
		return REC_NOTFOUND;
	struct jval *probe = jv_obj(a);
	jv_set_int(a, probe, "review_id", review);
	if (!record_allows(c, ae, A_UPDATE, probe))
		return REC_FORBIDDEN;
	if (completed(rv)) {
		ar_problem_add(a, p, 0, NULL, tr(lang, "The access review is completed: its accounts and decisions no longer change."));
		return REC_INVALID;
	}
	/* Every account named must be the campaign's, once. */
	long long *ids = arena_alloc_array(a, n ? n : 1, sizeof *ids);
	for (size_t i = 0; i < n; i++) {
		ids[i] = 0;
		if (!d[i].account || !*d[i].account) {
			ar_problem_add(a, p, i + 1, NULL, tr(lang, "Name the account."));
			continue;
		}
		if (d[i].decision && *d[i].decision && !field_option_label(entity_field(ae, "decision"), d[i].decision)) {
			ar_problem_add(a, p, i + 1, d[i].account, tr(lang, "The decision is keep, remove or change."));
			continue;
		}
		if (store_access_account_id(c->st, c->who->org_id, review, d[i].account, &ids[i]) != STORE_OK)
			return REC_ERROR;
		if (!ids[i]) {
			ar_problem_add(a, p, i + 1, d[i].account,
				       arena_printf(a, tr(lang, "The account %s is not in this access review."), d[i].account));
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (ids[j] == ids[i]) {
				ar_problem_add(a, p, i + 1, d[i].account,
					       arena_printf(a, tr(lang, "The account %s is decided twice."), d[i].account));
				break;
			}
	}
	if (p->n || p->more)
		return REC_INVALID;
	int own = !c->in_tx;
	if (own && store_begin(c->st) != STORE_OK)
		return REC_ERROR;
	struct rctx sub = *c;
	sub.in_tx = 1;
	rc = REC_OK;
	/* Accounts decided already first: the last undecided one to be
	 * decided completes the campaign, after which nothing changes. */
	for (int pass = 0; pass < 2; pass++)
	for (size_t i = 0; i < n && rc != REC_ERROR; i++) {
		struct jval *row;
		if (store_get(c->st, a, ae, c->who->org_id, ids[i], &row) != STORE_OK) {
			rc = REC_ERROR;
			break;
		}
		if ((jv_get_str(row, "decision") == NULL) != pass)
			continue;
		struct jval *in = jv_obj(a);
		const char *dec = d[i].decision && *d[i].decision ? d[i].decision : NULL;
		const char *com = d[i].comment && *d[i].comment ? d[i].comment : NULL;
		struct jval *dv = dec ? jv_str(a, dec) : jv_null(a), *cv = com ? jv_str(a, com) : jv_null(a);
		const struct jval *dw = jv_get(row, "decision"), *cw = jv_get(row, "comment");
		if (!jv_equal(dw ? dw : jv_null(a), dv))
			jv_set(in, "decision", dv);
		if (!jv_equal(cw ? cw : jv_null(a), cv))
			jv_set(in, "comment", cv);
		if (!in->first)
			continue;
		struct verrors errs = { 0 };
		int r = record_update(&sub, ae, ids[i], in, &errs);
		if (r == REC_OK) {
			(*changed)++;
			continue;
		}
		if (r == REC_INVALID)
			for (size_t k = 0; k < errs.n; k++)
				ar_problem_add(a, p, i + 1, d[i].account, errs.items[k].message);
		else if (r == REC_FORBIDDEN)
			ar_problem_add(a, p, i + 1, d[i].account, tr(lang, "You may not decide on this account."));
		if (rc == REC_OK)
			rc = r;
	}
	if (own) {
		if (rc == REC_OK && store_commit(c->st) != STORE_OK)
			rc = REC_ERROR;
		if (rc != REC_OK)
			store_rollback(c->st);
	}
	if (rc != REC_OK)
		*changed = 0;
	return rc;
}

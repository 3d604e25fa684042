/*
 * record.c: input, validation, permission, write and audit for every entity.
 */
#include "model/record.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/date.h"
#include "core/deadline.h"
#include "core/ident.h"
#include "model/derived.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/text.h"

static int ts_has_offset(const char *s);

#define MAX_REFS 5000

void verr_add(struct verrors *v, const char *field, const char *message)
{
	if (v->n == VERR_MAX) {
		v->truncated++;
		return;
	}
	v->items[v->n].field = field;
	v->items[v->n].message = message;
	v->items[v->n].confirm = 0;
	v->n++;
}

void verr_confirm(struct verrors *v, const char *field, const char *message)
{
	verr_add(v, field, message);
	if (v->n && !v->truncated)
		v->items[v->n - 1].confirm = 1;
}

size_t verr_total(const struct verrors *v)
{
	return v->n + v->truncated;
}

const char *verr_more(int lang)
{
	return tr(lang, "There are more errors than shown here.");
}

int verr_confirmable(const struct verrors *v)
{
	if (!v || !v->n || v->truncated)
		return 0;
	for (size_t i = 0; i < v->n; i++)
		if (!v->items[i].confirm)
			return 0;
	return 1;
}

const char *verr_get(const struct verrors *v, const char *field)
{
	if (!v)
		return NULL;
	for (size_t i = 0; i < v->n; i++)
		if (v->items[i].field && field && strcmp(v->items[i].field, field) == 0)
			return v->items[i].message;
	return NULL;
}

/* The empty value of field f: [] for references to several records. */
static struct jval *empty_value(struct arena *a, const struct field *f)
{
	return f->type == F_REFS ? jv_arr(a) : jv_null(a);
}

static int lang_of(struct rctx *c)
{
	return c->who->lang;
}

static const char *msg(struct rctx *c, const char *msgid)
{
	return tr(lang_of(c), msgid);
}

/* ---- from text -------------------------------------------------------- */

static int parse_ll(const char *s, long long *out)
{
	if (!*s)
		return 0;
	const char *p = s;
	if (*p == '-' || *p == '+')
		p++;
	if (!*p)
		return 0;
	for (const char *q = p; *q; q++)
		if (!isdigit((unsigned char)*q))
			return 0;
	errno = 0;
	long long v = strtoll(s, NULL, 10);
	if (errno)
		return 0;
	*out = v;
	return 1;
}

static int email_valid(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@'))
		return 0;
	const char *dot = strrchr(at + 1, '.');
	if (!dot || dot == at + 1 || !dot[1])
		return 0;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == ',' || *p == ';' || *p == '<' || *p == '>')
			return 0;
	return 1;
}

/* Option whose value or (translated) label matches text, ignoring case. */
static const char *option_match(struct rctx *c, const struct field *f, const char *text)
{
	for (const struct option *o = f->options; o->value; o++)
		if (strcmp(o->value, text) == 0)
			return o->value;
	if (!c->allow_names)
		return NULL;
	struct buf want = BUF_INIT, have = BUF_INIT;
	text_fold(&want, text, strlen(text));
	const char *found = NULL;
	for (const struct option *o = f->options; o->value && !found; o++) {
		for (int l = 0; l < LANG_COUNT && !found; l++) {
			buf_reset(&have);
			const char *label = tr(l, o->label);
			text_fold(&have, label, strlen(label));
			if (strcmp(buf_str(&have), buf_str(&want)) == 0)
				found = o->value;
		}
	}
	buf_free(&want);
	buf_free(&have);
	return found;
}

static long long resolve_one(struct rctx *c, const struct entity *e, const struct field *f,
			     const char *text, struct verrors *errs)
{
	const struct entity *target = f->ref;
	long long ids[2];
	size_t n = 0;
	const char *p = text;
	int numeric = 0;
	long long id;
	if (*p == '#') {
		/* "#12" or "#12 Some title": the number decides, the rest is the
		 * label forms and exports show beside it. */
		p++;
		size_t d = strspn(p, "0123456789");
		if (d && (p[d] == 0 || p[d] == ' '))
			p = arena_strndup(c->a, p, d);
		numeric = 1;
	}
	if (!c->allow_names || numeric || parse_ll(p, &id)) {
		if (!parse_ll(p, &id) || id <= 0) {
			verr_add(errs, f->name, msg(c, "Give the number of an existing record."));
			return -1;
		}
		if (!store_exists(c->st, target, c->who->org_id, id)) {
			verr_add(errs, f->name, arena_printf(c->a, msg(c, "There is no %s number %lld."),
							     msg(c, target->label), id));
			return -1;
		}
		return id;
	}
	(void)e;
	struct arena *na = c->names_a ? c->names_a : c->a;
	const char *key = c->names ? arena_printf(na, "%s\x1f%s", target->name, text) : NULL;
	if (key && jv_get(c->names, key))
		return jv_get_int(c->names, key, 0);
	if (store_resolve(c->st, target, c->who->org_id, text, ids, 2, &n) != STORE_OK) {
		verr_add(errs, f->name, msg(c, "The lookup failed."));
		return -1;
	}
	if (n == 0) {
		verr_add(errs, f->name, arena_printf(c->a, msg(c, "No %s is called \"%s\"."),
						     msg(c, target->label), text));
		return -1;
	}
	if (n > 1) {
		verr_add(errs, f->name, arena_printf(c->a, msg(c, "Several records are called \"%s\": give the number (e.g. #%lld) instead."),
						     text, ids[0]));
		return -1;
	}
	/* Only found names are kept: a later row may create what an earlier
	 * one could not find. */
	if (key)
		jv_set(c->names, key, jv_int(na, ids[0]));
	return ids[0];
}

static struct jval *text_value(struct rctx *c, const struct field *f, const char *raw,
			       struct verrors *errs)
{
	struct arena *a = c->a;
	if (!text_utf8_valid(raw, strlen(raw))) {
		verr_add(errs, f->name, msg(c, "The text is not valid UTF-8."));
		return NULL;
	}
	const char *s;
	size_t len = text_trim(raw, strlen(raw), &s);
	if (len == 0)
		return jv_null(a);
	if (text_has_control(s, len, f->type == F_LONGTEXT)) {
		verr_add(errs, f->name, msg(c, "The text contains control characters."));
		return NULL;
	}
	size_t chars = text_utf8_length(s, len);
	if (f->max && chars > (size_t)f->max) {
		verr_add(errs, f->name, arena_printf(a, msg(c, "Use at most %lld characters (now %zu)."),
						     f->max, chars));
		return NULL;
	}
	if (f->min && chars < (size_t)f->min) {
		verr_add(errs, f->name, arena_printf(a, msg(c, "Use at least %lld characters."), f->min));
		return NULL;
	}
	return jv_strn(a, s, len);
}

/* The index of f's option whose value is the n bytes at s (any case),
 * or -1. */
static int set_option(const struct field *f, const char *s, size_t n)
{
	for (int i = 0; f->options[i].value && i < 32; i++)
		if (strlen(f->options[i].value) == n && strncasecmp(f->options[i].value, s, n) == 0)
			return i;
	return -1;
}

int record_set_bits(const struct field *f, const char *text, unsigned long *bits)
{
	*bits = 0;
	for (const char *p = text ? text : ""; *p;) {
		size_t n = strcspn(p, ", ;\t\r\n");
		int i = n ? set_option(f, p, n) : -1;
		if (n && i < 0) {
			/* "KT": letters standing together, when each is a value. */
			for (size_t k = 0; k < n; k++) {
				int j = set_option(f, p + k, 1);
				if (j < 0)
					return -1;
				*bits |= 1UL << j;
			}
		} else if (n) {
			*bits |= 1UL << i;
		}
		p += n;
		p += strspn(p, ", ;\t\r\n");
	}
	return 0;
}

/* A set field's text in option order, "K, T"; NULL (with an error naming
 * the options) when it names something else. */
static struct jval *set_value(struct rctx *c, const struct field *f, const char *text, struct verrors *errs)
{
	unsigned long bits;
	struct buf b = BUF_INIT, all = BUF_INIT;
	for (int i = 0; f->options[i].value; i++)
		buf_printf(&all, "%s%s", i ? ", " : "", f->options[i].value);
	struct jval *v = NULL;
	if (record_set_bits(f, text, &bits)) {
		verr_add(errs, f->name, arena_printf(c->a, msg(c, "Use only %s, separated by commas."), buf_str(&all)));
	} else {
		for (int i = 0; f->options[i].value; i++)
			if (bits & (1UL << i))
				buf_printf(&b, "%s%s", b.len ? ", " : "", f->options[i].value);
		v = b.len ? jv_str(c->a, buf_str(&b)) : jv_null(c->a);
	}
	buf_free(&b);
	buf_free(&all);
	return v;
}

struct jval *record_value_from_text(struct rctx *c, const struct entity *e, const struct field *f,
				    const char *text, struct verrors *errs)
{
	struct arena *a = c->a;
	if (!text)
		text = "";
	if (f->type == F_TEXT && f->set && f->options) {
		struct jval *v = text_value(c, f, text, errs);
		return v && v->type == J_STR ? set_value(c, f, v->s, errs) : v;
	}
	if (f->type == F_TEXT || f->type == F_LONGTEXT)
		return text_value(c, f, text, errs);

	const char *s;
	size_t len = text_trim(text, strlen(text), &s);
	char *t = arena_strndup(a, s, len);
	if (f->type == F_REFS) {
		struct jval *arr = jv_arr(a);
		size_t n = 0;
		int bad = 0;
		for (char *save = NULL, *item = strtok_r(t, ";\n", &save); item;
		     item = strtok_r(NULL, ";\n", &save)) {
			const char *it;
			size_t il = text_trim(item, strlen(item), &it);
			if (il == 0)
				continue;
			if (++n > MAX_REFS) {
				verr_add(errs, f->name, msg(c, "Too many references."));
				return NULL;
			}
			long long id = resolve_one(c, e, f, arena_strndup(a, it, il), errs);
			if (id < 0) {
				bad = 1;
				continue;
			}
			int dup = 0;
			for (struct jval *m = arr->first; m; m = m->next)
				dup |= m->i == id;
			if (!dup) {
				jv_push(arr, jv_int(a, id));
			} else if (!bad) {
				/* Said, not dropped: "3;3" is a slip (a wrong number
				 * or a name typed twice) the user should see. */
				const char *title = store_title(c->st, a, f->ref, c->who->org_id, id);
				verr_add(errs, f->name, arena_printf(a, msg(c, "\"%s\" is in the list twice. List each record only once."),
								     title ? title : arena_printf(a, "#%lld", id)));
				bad = 1;
			}
		}
		return bad ? NULL : arr;
	}
	if (f->type == F_BOOL) {
		static const char *yes[] = { "1", "true", "on", "yes", "ja", "j", "y", "x", NULL };
		static const char *no[] = { "0", "false", "off", "no", "nej", "n", "", NULL };
		struct buf folded = BUF_INIT;
		text_fold(&folded, t, len);
		const char *v = buf_str(&folded);
		int r = -1;
		for (int i = 0; yes[i] && r < 0; i++)
			if (strcmp(v, yes[i]) == 0)
				r = 1;
		for (int i = 0; no[i] && r < 0; i++)
			if (strcmp(v, no[i]) == 0)
				r = 0;
		buf_free(&folded);
		if (r < 0) {
			verr_add(errs, f->name, msg(c, "Answer yes or no."));
			return NULL;
		}
		return jv_bool(a, r);
	}
	if (len == 0)
		return jv_null(a);
	if (text_has_control(t, len, 0) || !text_utf8_valid(t, len)) {
		verr_add(errs, f->name, msg(c, "The text contains control characters."));
		return NULL;
	}
	switch (f->type) {
	case F_INT: {
		long long v;
		if (!parse_ll(t, &v)) {
			verr_add(errs, f->name, msg(c, "Enter a whole number."));
			return NULL;
		}
		if (v < f->min || v > f->max) {
			verr_add(errs, f->name, arena_printf(a, msg(c, "Enter a number from %lld to %lld."),
							     f->min, f->max));
			return NULL;
		}
		return jv_int(a, v);
	}
	case F_ENUM: {
		const char *v = option_match(c, f, t);
		if (!v) {
			verr_add(errs, f->name, msg(c, "Choose one of the listed values."));
			return NULL;
		}
		return jv_str(a, v);
	}
	case F_DATE:
		if (!date_valid(t)) {
			verr_add(errs, f->name, msg(c, "Enter a date as YYYY-MM-DD."));
			return NULL;
		}
		return jv_str(a, t);
	case F_DATETIME: {
		/* With an offset as given; without one, as a local time in the
		 * organisation's zone (what a form's datetime-local sends). */
		long long at;
		if (ts_parse(t, &at) != 0 && ts_from_local(record_zone(c), t, &at) != 0) {
			verr_add(errs, f->name, msg(c, "Enter a date and time as YYYY-MM-DD HH:MM."));
			return NULL;
		}
		/* Kept to the minute, as a form shows and sends it: saving a
		 * form unchanged never moves a time (and the deadlines it
		 * starts) by its seconds. */
		char out[21];
		ts_format(at - at % 60, out);
		return jv_str(a, arena_strdup(a, out));
	}
	case F_EMAIL: {
		for (char *p = t; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (len > (size_t)(f->max ? f->max : 254) || !email_valid(t)) {
			verr_add(errs, f->name, msg(c, "Enter an e-mail address such as name@kommun.se."));
			return NULL;
		}
		return jv_str(a, t);
	}
	case F_REF: {
		long long id = resolve_one(c, e, f, t, errs);
		return id < 0 ? NULL : jv_int(a, id);
	}
	default:
		return jv_null(a);
	}
}

/* ---- from JSON -------------------------------------------------------- */

struct jval *record_value_from_json(struct rctx *c, const struct entity *e, const struct field *f,
				    const struct jval *v, struct verrors *errs)
{
	struct arena *a = c->a;
	if (v->type == J_NULL) {
		if (f->type == F_BOOL) {
			verr_add(errs, f->name, msg(c, "Expected true or false."));
			return NULL;
		}
		return empty_value(a, f);
	}
	switch (f->type) {
	case F_BOOL:
		if (v->type != J_BOOL) {
			verr_add(errs, f->name, msg(c, "Expected true or false."));
			return NULL;
		}
		return jv_bool(a, v->b);
	case F_INT:
	case F_REF:
		if (v->type != J_INT) {
			verr_add(errs, f->name, msg(c, "Expected a whole number."));
			return NULL;
		}
		return record_value_from_text(c, e, f, arena_printf(a, "%lld", v->i), errs);
	case F_REFS: {
		if (v->type != J_ARR) {
			verr_add(errs, f->name, msg(c, "Expected a list of record numbers."));
			return NULL;
		}
		if (v->len > MAX_REFS) {
			verr_add(errs, f->name, msg(c, "Too many references."));
			return NULL;
		}
		struct buf ids = BUF_INIT;
		for (const struct jval *m = v->first; m; m = m->next) {
			if (m->type != J_INT) {
				buf_free(&ids);
				verr_add(errs, f->name, msg(c, "Expected a list of record numbers."));
				return NULL;
			}
			buf_printf(&ids, "%lld;", m->i);
		}
		int names = c->allow_names;
		c->allow_names = 0;
		struct jval *r = record_value_from_text(c, e, f, buf_str(&ids), errs);
		c->allow_names = names;
		buf_free(&ids);
		return r;
	}
	default:
		if (v->type != J_STR) {
			verr_add(errs, f->name, msg(c, "Expected text."));
			return NULL;
		}
		if (f->type == F_DATETIME && v->s[0] && !ts_has_offset(v->s)) {
			/* A time without its offset means different instants to
			 * different programs: the API asks for it. */
			verr_add(errs, f->name, msg(c, "Give the time in RFC 3339 with its offset, e.g. 2026-03-29T13:00:00+02:00."));
			return NULL;
		}
		{
			int names = c->allow_names;
			c->allow_names = 0;
			struct jval *r = record_value_from_text(c, e, f, v->s, errs);
			c->allow_names = names;
			return r;
		}
	}
}

int record_from_json(struct rctx *c, const struct entity *e, const struct jval *body,
		     struct jval **out, struct verrors *errs)
{
	*out = jv_obj(c->a);
	if (!body || body->type != J_OBJ) {
		verr_add(errs, NULL, msg(c, "The body must be a JSON object."));
		return -1;
	}
	/* Counted with those left out: a list already full would otherwise
	 * take no more and look as if the body had none. */
	size_t before = verr_total(errs);
	for (const struct jval *m = body->first; m; m = m->next) {
		if (strcmp(m->key, "id") == 0 || strcmp(m->key, "created_at") == 0 ||
		    strcmp(m->key, "updated_at") == 0)
			continue;
		const struct field *f = entity_field(e, m->key);
		if (!f || f->hidden) {
			verr_add(errs, arena_strdup(c->a, m->key), msg(c, "Unknown field."));
			continue;
		}
		if (f->readonly) {
			/* Set from a shipped catalogue, not by users. */
			verr_add(errs, f->name, msg(c, "This field cannot be changed."));
			continue;
		}
		struct jval *v = record_value_from_json(c, e, f, m, errs);
		if (v)
			jv_set(*out, f->name, v);
	}
	return verr_total(errs) > before ? -1 : 0;
}

const char *record_value_text(struct arena *a, const struct field *f, const struct jval *v)
{
	if (!v || v->type == J_NULL)
		return "";
	switch (v->type) {
	case J_BOOL:
		return v->b ? "1" : "0";
	case J_INT:
		return arena_printf(a, "%lld", v->i);
	case J_STR:
		return v->s;
	case J_ARR: {
		struct buf b = BUF_INIT;
		for (const struct jval *m = v->first; m; m = m->next)
			buf_printf(&b, "%s%lld", m == v->first ? "" : ";", m->i);
		const char *r = arena_strdup(a, buf_str(&b));
		buf_free(&b);
		return r;
	}
	default:
		(void)f;
		return "";
	}
}

/* ---- permission ------------------------------------------------------- */

/* What access_object.rec points to: the row whose owner fields decide,
 * and what is needed to follow a reference for a field "ref.field". */
struct owner_row {
	struct rctx *c;
	const struct entity *e;
	const struct jval *row;
};

static int owns(const void *p, const char *field, long long person)
{
	const struct owner_row *o = p;
	const struct jval *rec = o->row;
	const char *dot = strchr(field, '.');
	if (dot) {
		/* Looked up only when a grant of a role the person holds asks. */
		const char *ref = arena_strndup(o->c->a, field, (size_t)(dot - field));
		const struct field *rf = entity_field(o->e, ref);
		long long id = jv_get_int(rec, ref, 0);
		struct jval *target;
		if (!rf || rf->type != F_REF || !id ||
		    store_get(o->c->st, o->c->a, rf->ref, o->c->who->org_id, id, &target) != STORE_OK)
			return 0;
		rec = target;
		field = dot + 1;
	}
	const struct jval *v = jv_get(rec, field);
	if (v && v->type == J_ARR) {
		for (const struct jval *m = v->first; m; m = m->next)
			if (m->type == J_INT && m->i == person)
				return 1;
		return 0;
	}
	return jv_get_int(rec, field, 0) == person;
}

static int flagged(const void *p, const char *field)
{
	const struct owner_row *o = p;
	return jv_truthy(jv_get(o->row, field));
}

/* The access object for row of e (owners read through *owner), decided on
 * the record row belongs to if e has scope_via. Returns the record the
 * object describes — row or that other record — and its entity in
 * *scoped. */
static const struct jval *access_object_of(struct rctx *c, const struct entity *e, const struct jval *row,
					   struct owner_row *owner, struct access_object *obj,
					   const struct entity **scoped)
{
	*owner = (struct owner_row){ c, e, row };
	*obj = (struct access_object){
		.entity = e->name, .id = jv_get_int(row, "id", 0),
		.owns = owns, .flag = flagged, .rec = owner,
	};
	*scoped = e;
	if (!e->scope_via)
		return row;
	/* Decided on the record this one belongs to. A missing one leaves
	 * nothing to decide on: only G_ALL grants reach. */
	const struct field *via = entity_field(e, e->scope_via);
	const struct entity *pe = via ? via->ref : NULL;
	long long pid = jv_get_int(row, e->scope_via, 0);
	struct jval *parent = NULL;
	if (!pe || !pid || store_get(c->st, c->a, pe, c->who->org_id, pid, &parent) != STORE_OK)
		parent = jv_obj(c->a);
	obj->entity = pe ? pe->name : e->name;
	obj->id = pid;
	owner->e = pe ? pe : e;
	owner->row = parent;
	obj->via_parent = 1;
	*scoped = pe ? pe : e;
	return parent;
}

/* 1 when an RFC 3339 time ends with its offset: Z or +HH:MM / -HH:MM. */
static int ts_has_offset(const char *s)
{
	size_t n = strlen(s);
	if (n && (s[n - 1] == 'Z' || s[n - 1] == 'z'))
		return 1;
	return n > 16 && (s[n - 6] == '+' || s[n - 6] == '-') && s[n - 3] == ':';
}

const struct tzone *record_zone(struct rctx *c)
{
	struct jval *org;
	const struct tzone *z = NULL;
	if (c->who && store_get(c->st, c->a, &entity_organisation, c->who->org_id, c->who->org_id, &org) == STORE_OK)
		z = tzone_find(jv_get_str(org, "time_zone"));
	return z ? z : tzone_find("Europe/Stockholm");
}

void record_list_restrict(struct rctx *c, const struct entity *e, struct list_query *q)
{
	const struct actor *who = c->who;
	struct access_subject subj = { who->person_id, who->as, who->nas };
	if (who->trusted || access_allows_every(e->grants, &subj, A_READ))
		return;
	q->restricted = 1;
	q->person = who->person_id;
	if (e->scope_via) {
		/* The grants' fields are the record's this one belongs to. */
		const struct field *via = entity_field(e, e->scope_via);
		q->via_entity = via ? via->ref : NULL;
		q->via_field = e->scope_via;
		if (!q->via_entity)
			return;
	}
	for (const struct grant *g = e->grants; g && g->role != ROLE_NONE; g++) {
		if (!(g->actions & A_READ) || !g->owner_field || strchr(g->owner_field, '.'))
			continue;
		int held = 0;
		for (size_t i = 0; i < who->nas && !held; i++)
			held = who->as[i].role == g->role;
		if (!held)
			continue;
		if (g->scope == G_OWNED && who->person_id && q->nown < 4)
			q->own[q->nown++] = g->owner_field;
		else if (g->scope == G_FLAG && q->nflag < 4)
			q->flag[q->nflag++] = g->owner_field;
	}
}

struct rctx record_on_behalf(const struct rctx *c, struct actor *tillit, const char *cause)
{
	*tillit = *c->who;
	tillit->trusted = 1;
	struct rctx sub = *c;
	sub.who = tillit;
	sub.in_tx = 1;
	sub.confirmed = 0;
	if (cause)
		sub.cause = cause;
	return sub;
}

int record_allows(struct rctx *c, const struct entity *e, unsigned action, const struct jval *row)
{
	const struct actor *who = c->who;
	if (who->trusted)
		return 1;
	struct access_subject subj = { who->person_id, who->as, who->nas };
	if (!row && e->scope_via) {
		struct access_object any = { .entity = e->name, .via_parent = 1, .any = 1 };
		return access_allows(e->grants, &subj, action, &any);
	}
	if (!row)
		return access_allows(e->grants, &subj, action, NULL);
	struct owner_row owner;
	struct access_object obj;
	const struct entity *scoped;
	row = access_object_of(c, e, row, &owner, &obj, &scoped);
	/* Units decide only for a role assigned to a unit: for others the
	 * chain is not read. */
	int unit_scoped = 0;
	for (size_t i = 0; i < who->nas; i++)
		unit_scoped |= who->as[i].scope == S_UNIT;
	if (!unit_scoped)
		return access_allows(e->grants, &subj, action, &obj);
	/* The unit is that of the first record up the chain with one: a
	 * measure's is its risk's analysis's (owners stay the parent's). */
	for (int depth = 0; depth < 3 && !scoped->unit_field && scoped->scope_via; depth++) {
		const struct field *via = entity_field(scoped, scoped->scope_via);
		const struct entity *ge = via ? via->ref : NULL;
		long long gid = jv_get_int(row, scoped->scope_via, 0);
		struct jval *g;
		if (!ge || !gid || store_get(c->st, c->a, ge, who->org_id, gid, &g) != STORE_OK)
			break;
		row = g;
		scoped = ge;
	}
	if (scoped->unit_field) {
		long long unit, self = 0;
		if (strcmp(scoped->unit_field, "id") == 0) {
			/* A unit lies in its own scope and in those above the
			 * parent the row names (for a change: the new parent, so
			 * that a move out of the user's scope is refused). */
			self = jv_get_int(row, "id", 0);
			unit = jv_get_int(row, "parent_id", 0);
		} else {
			unit = jv_get_int(row, scoped->unit_field, 0);
		}
		long long *chain = NULL;
		size_t n = 0;
		if (unit && store_unit_chain(c->st, c->a, who->org_id, unit, &chain, &n) != STORE_OK)
			return 0;
		if (self) {
			long long *with = arena_alloc_array(c->a, n + 1, sizeof *with);
			with[0] = self;
			if (n)
				memcpy(with + 1, chain, n * sizeof *chain);
			chain = with;
			n++;
		}
		obj.units = chain;
		obj.nunits = n;
	}
	return access_allows(e->grants, &subj, action, &obj);
}

int record_may_decide(struct store *st, struct arena *a, long long org, const struct entity *e,
		      const struct jval *row, long long person)
{
	struct assignment *as = NULL;
	size_t n = 0;
	if (!person || store_assignments(st, a, org, person, &as, &n) != STORE_OK)
		return 0;
	struct actor who = { .username = "", .via = "", .org_id = org, .person_id = person, .as = as, .nas = n };
	struct rctx c = { .st = st, .a = a, .who = &who };
	if (record_allows(&c, e, A_UPDATE, row))
		return 1;
	/* Named as owner, with the role or without it: the owners are who
	 * decides, whether or not they have an account. A record that
	 * belongs to another may name its own owner too (a risk's). */
	struct owner_row owner;
	struct access_object obj;
	const struct entity *scoped;
	access_object_of(&c, e, row, &owner, &obj, &scoped);
	if (access_names_owner(e->grants, A_UPDATE, &obj, person))
		return 1;
	struct owner_row self = { &c, e, row };
	obj.rec = &self;
	return e->scope_via && access_names_owner(e->grants, A_UPDATE, &obj, person);
}

int record_decided(const struct entity *e, const struct jval *row)
{
	const struct decision *d = e->decision;
	if (!d || !row)
		return 0;
	if (d->status) {
		const char *s = jv_get_str(row, d->status);
		return s && strcmp(s, "decided") == 0;
	}
	return !d->by || jv_get_int(row, d->by, 0) != 0;
}

/* A decided record stays as it was decided: say so in errs. */
static int kept_as_decided(struct rctx *c, const struct entity *e, const struct jval *row, struct verrors *errs)
{
	if (!record_decided(e, row))
		return 0;
	verr_add(errs, NULL, msg(c, e->decision->kept));
	return 1;
}

void record_check_decider(struct store *st, struct arena *a, long long org, const struct entity *e,
			  const struct jval *rec, const char *field, const char *msgid,
			  struct verrors *errs, int lang)
{
	long long person = jv_get_int(rec, field, 0);
	/* An unknown or inactive person has had their message already. */
	if (!person || verr_get(errs, field) || record_may_decide(st, a, org, e, rec, person))
		return;
	const char *name = store_title(st, a, &entity_people, org, person);
	verr_add(errs, field, arena_printf(a, tr(lang, msgid), name ? name : arena_printf(a, "#%lld", person)));
}

/* ---- validation ------------------------------------------------------- */

struct jval *record_defaults(struct rctx *c, const struct entity *e)
{
	struct jval *rec = jv_obj(c->a);
	struct verrors ignore = { 0 };
	for (const struct field *f = e->fields; f->name; f++) {
		struct jval *v = NULL;
		if (f->def) {
			/* A date field's "today": the day the record is made. */
			char today[11];
			const char *def = f->def;
			if (f->type == F_DATE && strcmp(def, "today") == 0) {
				clock_today(today);
				def = today;
			}
			char now[21];
			if (f->type == F_DATETIME && strcmp(def, "now") == 0) {
				ts_format(clock_unix() / 60 * 60, now);
				def = now;
			}
			v = record_value_from_text(c, e, f, def, &ignore);
		}
		if (!v)
			v = f->type == F_BOOL ? jv_bool(c->a, 0) : empty_value(c->a, f);
		jv_set(rec, f->name, v);
	}
	return rec;
}

void record_require(struct rctx *c, const struct entity *e, const struct jval *input,
		    struct verrors *errs)
{
	for (const struct field *f = e->fields; f->name; f++) {
		if (!f->required || f->def || verr_get(errs, f->name))
			continue;
		const struct jval *v = jv_get(input, f->name);
		if (!v || v->type == J_NULL)
			verr_add(errs, f->name, msg(c, "This field is required."));
	}
}

/* An organisation number as given or changed: ten digits with a correct
 * check digit. One already stored stays until it is changed. */
static void check_orgnr(struct rctx *c, const struct field *f, const struct jval *rec, const struct jval *old,
			struct verrors *errs)
{
	const struct jval *v = jv_get(rec, f->name);
	char norm[12];
	if (!v || v->type != J_STR || !*v->s || (old && jv_equal(jv_get(old, f->name), v)) ||
	    verr_get(errs, f->name))
		return;
	switch (ident_orgnr(v->s, norm)) {
	case IDENT_OK:
		break;
	case IDENT_FORMAT:
		verr_add(errs, f->name, msg(c, "Enter the organisation number as ten digits, such as 212000-0142."));
		break;
	case IDENT_CHECK:
		verr_add(errs, f->name, msg(c, "The organisation number is not valid: its last digit (the check digit) "
					       "does not match the others. Check the number."));
		break;
	}
}

/* A second record with the same name (the title field "name"): a warning
 * to confirm, not a refusal — two people may share a name, two units
 * rarely should. Only when the name is new or changed, so that a record
 * kept as a deliberate namesake does not ask again on every edit. */
static void same_name(struct rctx *c, const struct entity *e, const struct jval *rec,
		      const struct jval *old, struct verrors *errs)
{
	const struct field *f = e->title_field ? entity_field(e, e->title_field) : NULL;
	if (!c->same_name || !f || strcmp(f->name, "name") != 0 || f->type != F_TEXT || f->unique)
		return;
	const struct jval *v = jv_get(rec, f->name);
	if (!v || v->type != J_STR || !*v->s || (old && jv_equal(jv_get(old, f->name), v)))
		return;
	long long other = store_value_taken(c->st, e, c->who->org_id, f, v->s, jv_get_int(rec, "id", 0));
	if (!other)
		return;
	char *m = arena_printf(c->a, msg(c, "%s %s already exists (number %lld). Save anyway only if this is not the same one."),
			       msg(c, e->the ? e->the : e->label), v->s, other);
	text_upper_first(m);
	verr_confirm(errs, f->name, m);
}

/* Checks that need the whole record: required fields, unique values,
 * inactive people, then the entity's own rules. */
static void validate(struct rctx *c, const struct entity *e, const struct jval *rec,
		     const struct jval *old, struct verrors *errs)
{
	long long id = jv_get_int(rec, "id", 0);
	for (const struct field *f = e->fields; f->name; f++) {
		const struct jval *v = jv_get(rec, f->name);
		if (f->required && (!v || v->type == J_NULL) && !verr_get(errs, f->name))
			verr_add(errs, f->name, msg(c, "This field is required."));
		if (f->unique && v && v->type == J_STR &&
		    store_value_taken(c->st, e, c->who->org_id, f, v->s, id))
			verr_add(errs, f->name, msg(c, "Another record already has this value."));
		if (f->type == F_REF && v && v->type == J_INT && f->ref->active_field) {
			/* A record marked inactive (a person who has left) is
			 * given no new responsibilities. */
			const struct jval *was = old ? jv_get(old, f->name) : NULL;
			if (was && jv_equal(was, v))
				continue;
			struct jval *p = NULL;
			if (store_get(c->st, c->a, f->ref, c->who->org_id, v->i, &p) == STORE_OK &&
			    !jv_truthy(jv_get(p, f->ref->active_field)))
				verr_add(errs, f->name,
					 arena_printf(c->a, msg(c, "%s is inactive and cannot be given new responsibilities."),
						      jv_get_str(p, f->ref->title_field)));
		}
	}
	for (const struct field *f = e->fields; f->name; f++)
		if (f->orgnr)
			check_orgnr(c, f, rec, old, errs);
	same_name(c, e, rec, old, errs);
	if (e->validate)
		e->validate(e, c->st, c->a, c->who->org_id, rec, old, errs, lang_of(c));
}

/* After validate(): the warnings the user confirmed go into the audit
 * entry as "confirmed", and the change proceeds. 1 when it may. */
static int confirmed(struct rctx *c, struct verrors *errs, struct jval **warned)
{
	*warned = NULL;
	if (!errs->n)
		return 1;
	if (!c->confirmed || !verr_confirmable(errs))
		return 0;
	*warned = jv_arr(c->a);
	for (size_t i = 0; i < errs->n; i++) {
		jv_push(*warned, jv_str(c->a, errs->items[i].message));
		if (c->warnings)
			verr_confirm(c->warnings, errs->items[i].field, errs->items[i].message);
	}
	errs->n = 0;
	return 1;
}

/* ---- writing ---------------------------------------------------------- */

static int begin(struct rctx *c)
{
	return c->in_tx ? STORE_OK : store_begin(c->st);
}

static int finish(struct rctx *c, int rc)
{
	if (c->in_tx)
		return rc;
	if (rc == REC_OK && store_commit(c->st) != STORE_OK)
		rc = REC_ERROR;
	if (rc != REC_OK)
		store_rollback(c->st);
	return rc;
}

struct audit_actor record_audit_actor(const struct rctx *c)
{
	return (struct audit_actor){ c->who->user_id, c->who->username, c->who->via };
}

void record_change(struct arena *a, struct jval *changes, const char *field,
		   const struct jval *before, const struct jval *after)
{
	struct jval *pair = jv_set(changes, field, jv_arr(a));
	jv_push(pair, before ? jv_clone(a, before) : jv_null(a));
	jv_push(pair, after ? jv_clone(a, after) : jv_null(a));
}

/* Load record id of e into *row for action; a REC_ code. */
static int load_for(struct rctx *c, const struct entity *e, long long id, unsigned action,
		    struct jval **row)
{
	int src = store_get(c->st, c->a, e, c->who->org_id, id, row);
	if (src != STORE_OK)
		return src == STORE_NOTFOUND ? REC_NOTFOUND : REC_ERROR;
	return record_allows(c, e, action, *row) ? REC_OK : REC_FORBIDDEN;
}

/* The audit entry of a create or update (with the change that caused it,
 * if any), then what the change sets off (entity_after_fn). */
static int audit_and_after(struct rctx *c, const struct entity *e, long long id, const char *action,
			   struct jval *changes, const struct jval *rec, const struct jval *old)
{
	if (c->cause)
		record_change(c->a, changes, "cause", NULL, jv_str(c->a, c->cause));
	struct audit_actor who = record_audit_actor(c);
	if (store_audit_append(c->st, c->who->org_id, &who, e->name, id, action, changes) != STORE_OK)
		return REC_ERROR;
	return e->after_write ? e->after_write(c, e, id, rec, old) : REC_OK;
}

static int cmp_id_nodes(const void *x, const void *y)
{
	long long a = (*(struct jval *const *)x)->i, b = (*(struct jval *const *)y)->i;
	return a < b ? -1 : a > b;
}

/* Put an F_REFS value in the form the store keeps (ids ascending, each
 * once), in place, so that the same set in another order is no change. */
static void sort_ids(struct arena *a, struct jval *arr)
{
	if (!arr || arr->type != J_ARR || arr->len < 2)
		return;
	struct jval **v = arena_alloc_array(a, arr->len, sizeof *v);
	size_t n = 0;
	for (struct jval *m = arr->first; m; m = m->next)
		v[n++] = m;
	qsort(v, n, sizeof *v, cmp_id_nodes);
	arr->first = arr->last = NULL;
	arr->len = 0;
	for (size_t i = 0; i < n; i++)
		if (i == 0 || v[i]->i != v[i - 1]->i)
			jv_push(arr, v[i]);
}

/* Only the declared fields of a row (no id, timestamps or labels). */
static struct jval *fields_of(struct rctx *c, const struct entity *e, const struct jval *row)
{
	struct jval *rec = jv_obj(c->a);
	for (const struct field *f = e->fields; f->name; f++) {
		const struct jval *v = jv_get(row, f->name);
		jv_set(rec, f->name, v ? jv_clone(c->a, v) : empty_value(c->a, f));
	}
	return rec;
}

/* Fill the .stamp fields of rec whose watched field differs from old
 * (NULL: a new record, where a watched field that is given counts). */
static void stamp(struct rctx *c, const struct entity *e, struct jval *rec, const struct jval *old)
{
	for (const struct field *f = e->fields; f->name; f++) {
		if (!f->stamp)
			continue;
		const struct field *w = entity_field(e, f->stamp);
		const struct jval *now = jv_get(rec, f->stamp);
		/* A new record's default is no change (a significance not yet
		 * assessed names no one as having decided it). */
		const char *was = old ? record_value_text(c->a, w, jv_get(old, f->stamp)) : w && w->def ? w->def : "";
		const char *is = record_value_text(c->a, w, now);
		if (!w || strcmp(was, is) == 0)
			continue;
		if (f->type == F_REF) {
			jv_set(rec, f->name, c->who->person_id ? jv_int(c->a, c->who->person_id) : jv_null(c->a));
		} else if (f->type == F_DATETIME) {
			char t[21];
			ts_format(clock_unix() / 60 * 60, t);
			jv_set(rec, f->name, jv_str(c->a, arena_strdup(c->a, t)));
		} else if (f->type == F_DATE) {
			char d[11];
			clock_today(d);
			jv_set(rec, f->name, jv_str(c->a, arena_strdup(c->a, d)));
		}
	}
}

int record_create(struct rctx *c, const struct entity *e, const struct jval *input, long long *id,
		  struct verrors *errs)
{
	/* no_create entities are filled only by Tillit itself (c->seeding). */
	if ((e->no_create && !c->seeding) || !record_allows(c, e, A_CREATE, NULL))
		return REC_FORBIDDEN;
	struct jval *rec = record_defaults(c, e);
	for (const struct jval *m = input->first; m; m = m->next)
		jv_set(rec, m->key, jv_clone(c->a, m));
	for (const struct field *f = e->fields; f->name; f++)
		if (f->author)
			jv_set(rec, f->name, c->who->person_id ? jv_int(c->a, c->who->person_id) : jv_null(c->a));
	if (begin(c) != STORE_OK)
		return REC_ERROR;
	int rc = REC_OK;
	struct jval *warned;
	stamp(c, e, rec, NULL);
	if (e->prepare)
		e->prepare(e, c->st, c->a, c->who->org_id, rec, NULL);
	validate(c, e, rec, NULL, errs);
	if (!confirmed(c, errs, &warned)) {
		rc = REC_INVALID;
		goto out;
	}
	if (!record_allows(c, e, A_CREATE, rec)) {
		rc = REC_FORBIDDEN;
		goto out;
	}
	if (store_insert(c->st, e, c->who->org_id, rec, id) != STORE_OK) {
		rc = REC_ERROR;
		goto out;
	}
	if ((rc = derived_after_write(c, e, *id, NULL, rec)) != REC_OK)
		goto out;
	struct jval *changes = jv_obj(c->a);
	for (const struct field *f = e->fields; f->name; f++) {
		const struct jval *v = jv_get(rec, f->name);
		/* Fields only code sees (a follow secret's hash) stay out of
		 * the trail, which people read. */
		if (f->hidden || (!jv_truthy(v) && !(v && v->type == J_BOOL) && !(v && v->type == J_INT)))
			continue;
		record_change(c->a, changes, f->name, empty_value(c->a, f), v);
	}
	if (warned)
		record_change(c->a, changes, "confirmed", NULL, warned);
	rc = audit_and_after(c, e, *id, "create", changes, rec, NULL);
out:
	return finish(c, rc);
}

int record_update(struct rctx *c, const struct entity *e, long long id, const struct jval *input,
		  struct verrors *errs)
{
	if (!record_allows(c, e, A_UPDATE, NULL))
		return REC_FORBIDDEN;
	if (begin(c) != STORE_OK)
		return REC_ERROR;
	struct jval *row = NULL;
	int rc = load_for(c, e, id, A_UPDATE, &row);
	if (rc)
		goto out;
	/* A decision is followed by a new one, never changed (entity.h). */
	if (kept_as_decided(c, e, row, errs)) {
		rc = REC_INVALID;
		goto out;
	}
	struct jval *old = fields_of(c, e, row);
	struct jval *rec = fields_of(c, e, row);
	for (const struct jval *m = input->first; m; m = m->next)
		jv_set(rec, m->key, jv_clone(c->a, m));
	for (const struct field *f = e->fields; f->name; f++)
		if (f->type == F_REFS)
			sort_ids(c->a, jv_get(rec, f->name));
	jv_set(rec, "id", jv_int(c->a, id));
	struct jval *warned;
	stamp(c, e, rec, old);
	if (e->prepare)
		e->prepare(e, c->st, c->a, c->who->org_id, rec, old);
	validate(c, e, rec, old, errs);
	if (!confirmed(c, errs, &warned)) {
		rc = REC_INVALID;
		goto out;
	}
	/* Who a record names as owner is changed by a wider role than the
	 * one that owning gives (access.h, A_HANDOVER); said on the field, so
	 * that the form shows whom to ask. A record that belongs to another
	 * has its owners there. */
	for (const struct field *f = e->scope_via ? NULL : e->fields; f && f->name; f++)
		if (access_owner_field(e->grants, f->name) && !jv_equal(jv_get(old, f->name), jv_get(rec, f->name)) &&
		    !(record_allows(c, e, A_HANDOVER, row) && record_allows(c, e, A_HANDOVER, rec))) {
			verr_add(errs, f->name, msg(c, "You cannot change who is named here. Ask the information security coordinator or the head of the unit to hand it over."));
			rc = REC_INVALID;
		}
	if (rc)
		goto out;
	if (!record_allows(c, e, A_UPDATE, rec)) {
		rc = REC_FORBIDDEN;
		goto out;
	}
	struct jval *changes = jv_obj(c->a);
	for (const struct field *f = e->fields; f->name; f++) {
		const struct jval *before = jv_get(old, f->name), *after = jv_get(rec, f->name);
		if (!f->hidden && !jv_equal(before, after))
			record_change(c->a, changes, f->name, before, after);
	}
	if (changes->len == 0)
		goto out;
	if (warned)
		record_change(c->a, changes, "confirmed", NULL, warned);
	jv_del(rec, "id");
	if (store_update(c->st, e, c->who->org_id, id, rec) != STORE_OK) {
		rc = REC_ERROR;
		goto out;
	}
	jv_set(rec, "id", jv_int(c->a, id));
	if ((rc = derived_after_write(c, e, id, old, rec)) != REC_OK)
		goto out;
	rc = audit_and_after(c, e, id, "update", changes, rec, old);
out:
	return finish(c, rc);
}

int record_deletable(struct rctx *c, const struct entity *e, const struct jval *row, struct verrors *errs)
{
	size_t before = errs->n;
	kept_as_decided(c, e, row, errs);
	if (e->validate_delete)
		e->validate_delete(e, c->st, c->a, c->who->org_id, row, errs, lang_of(c));
	return errs->n == before && !errs->truncated;
}

int record_delete(struct rctx *c, const struct entity *e, long long id, struct verrors *errs)
{
	if (e->no_delete || !record_allows(c, e, A_DELETE, NULL))
		return REC_FORBIDDEN;
	if (begin(c) != STORE_OK)
		return REC_ERROR;
	struct jval *row = NULL;
	int rc = load_for(c, e, id, A_DELETE, &row);
	if (rc)
		goto out;
	if (!record_deletable(c, e, row, errs)) {
		rc = REC_CONFLICT;
		goto out;
	}
	struct store_refs *refs;
	size_t nrefs;
	if (store_references(c->st, c->a, e, c->who->org_id, id, &refs, &nrefs) != STORE_OK) {
		rc = REC_ERROR;
		goto out;
	}
	if (nrefs) {
		for (size_t i = 0; i < nrefs; i++)
			verr_add(errs, NULL,
				 arena_printf(c->a, msg(c, "Still referred to by %lld %s (%s)."), refs[i].count,
					      msg(c, refs[i].count == 1 ? refs[i].e->label : refs[i].e->plural),
					      msg(c, refs[i].f->label)));
		rc = REC_CONFLICT;
		goto out;
	}
	if (store_delete(c->st, e, c->who->org_id, id) != STORE_OK) {
		rc = REC_ERROR;
		goto out;
	}
	if ((rc = derived_after_write(c, e, id, row, NULL)) != REC_OK)
		goto out;
	struct jval *changes = jv_obj(c->a);
	for (const struct field *f = e->fields; f->name; f++) {
		const struct jval *v = jv_get(row, f->name);
		if (f->hidden || !v || v->type == J_NULL || (v->type == J_ARR && !v->len))
			continue;
		record_change(c->a, changes, f->name, v, empty_value(c->a, f));
	}
	struct audit_actor who = record_audit_actor(c);
	if (store_audit_append(c->st, c->who->org_id, &who, e->name, id, "delete", changes) != STORE_OK)
		rc = REC_ERROR;
out:
	return finish(c, rc);
}

long long record_active_person(struct rctx *c, long long person)
{
	const struct entity *pe = &entity_people;
	struct jval *p;
	if (!person || store_get(c->st, c->a, pe, c->who->org_id, person, &p) != STORE_OK)
		return 0;
	return !pe->active_field || jv_truthy(jv_get(p, pe->active_field)) ? person : 0;
}

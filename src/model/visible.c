/*
 * visible.c: which titles of referred records a reader may see, decided
 * once per entity (and, for entities a reader may read only in part, once
 * per record) for the length of a request.
 */
#include "model/visible.h"

#include "model/record.h"
#include "store/store.h"
#include "util/check.h"
#include "util/i18n.h"

/* More entities than the registry declares: the rest are decided afresh
 * each time (correct, only slower). */
#define VISIBLE_ENTITIES 64

struct visible {
	struct rctx c;
	size_t n;
	const struct entity *entity[VISIBLE_ENTITIES];
	enum visibility vis[VISIBLE_ENTITIES];
	struct jval *records; /* "entity\x1fid": true/false, for VIS_SOME */
	int actors;           /* visible_actors: -1 not yet decided */
};

struct visible *visible_new(const struct rctx *c)
{
	struct visible *v = arena_alloc(c->a, sizeof *v);
	*v = (struct visible){ .c = *c, .actors = -1 };
	return v;
}

static enum visibility decide(struct visible *v, const struct entity *e)
{
	const struct actor *who = v->c.who;
	if (who->trusted)
		return VIS_ALL;
	struct access_subject subj = { who->person_id, who->as, who->nas };
	if (access_allows_every(e->grants, &subj, A_READ))
		return VIS_ALL;
	return record_allows(&v->c, e, A_READ, NULL) ? VIS_SOME : VIS_NONE;
}

enum visibility visible_entity(struct visible *v, const struct entity *e)
{
	if (NEVER(!e))
		return VIS_NONE;
	for (size_t i = 0; i < v->n; i++)
		if (v->entity[i] == e)
			return v->vis[i];
	enum visibility vis = decide(v, e);
	if (v->n < VISIBLE_ENTITIES) {
		v->entity[v->n] = e;
		v->vis[v->n++] = vis;
	}
	return vis;
}

int visible_record(struct visible *v, const struct entity *e, long long id)
{
	enum visibility vis = visible_entity(v, e);
	if (vis != VIS_SOME)
		return vis == VIS_ALL;
	struct arena *a = v->c.a;
	const char *key = arena_printf(a, "%s\x1f%lld", e->name, id);
	if (!v->records)
		v->records = jv_obj(a);
	const struct jval *seen = jv_get(v->records, key);
	if (seen)
		return seen->b;
	struct jval *row;
	int ok = store_get(v->c.st, a, e, v->c.who->org_id, id, &row) == STORE_OK &&
		 record_allows(&v->c, e, A_READ, row);
	jv_set(v->records, key, jv_bool(a, ok));
	return ok;
}

int visible_actors(struct visible *v)
{
	if (v->actors < 0)
		v->actors = visible_entity(v, &entity_people) == VIS_ALL ||
			    visible_entity(v, &entity_users) == VIS_ALL;
	return v->actors;
}

const char *visible_hidden(int lang)
{
	/* TRANSLATORS: in place of the name of a record the reader may not read. */
	return tr(lang, N_("(hidden)"));
}

void visible_row(struct visible *v, const struct entity *e, struct jval *row)
{
	struct jval *labels = jv_get(row, "_labels");
	if (!labels || labels->type != J_OBJ)
		return;
	struct arena *a = v->c.a;
	for (const struct field *f = e->fields; f->name; f++) {
		if (f->type != F_REF && f->type != F_REFS)
			continue;
		const struct entity *t = f->ref;
		if (!t || visible_entity(v, t) == VIS_ALL)
			continue;
		if (f->type == F_REF) {
			const struct jval *id = jv_get(row, f->name);
			if (id && id->type == J_INT && !visible_record(v, t, id->i))
				jv_set(labels, f->name, jv_null(a));
			continue;
		}
		struct jval *items = jv_get(labels, f->name);
		for (struct jval *m = items && items->type == J_ARR ? items->first : NULL; m; m = m->next)
			if (!visible_record(v, t, jv_get_int(m, "id", 0)))
				jv_set(m, "label", jv_null(a));
	}
}

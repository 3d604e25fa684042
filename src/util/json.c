/*
 * json.c: building and reading value trees. Parsing lives in json_parse.c,
 * serialisation in json_write.c.
 */
#include "util/json.h"

#include <math.h>
#include <string.h>

static struct jval *jv_new(struct arena *a, enum jtype t)
{
	struct jval *v = arena_alloc(a, sizeof *v);
	v->type = t;
	return v;
}

struct jval *jv_null(struct arena *a)
{
	return jv_new(a, J_NULL);
}

struct jval *jv_bool(struct arena *a, int b)
{
	struct jval *v = jv_new(a, J_BOOL);
	v->b = b ? 1 : 0;
	return v;
}

struct jval *jv_int(struct arena *a, long long i)
{
	struct jval *v = jv_new(a, J_INT);
	v->i = i;
	v->n = (double)i;
	return v;
}

struct jval *jv_num(struct arena *a, double n)
{
	struct jval *v = jv_new(a, J_NUM);
	v->n = n;
	v->i = (n >= -9.2e18 && n <= 9.2e18) ? (long long)n : 0;
	return v;
}

struct jval *jv_strn(struct arena *a, const char *s, size_t n)
{
	struct jval *v = jv_new(a, J_STR);
	v->s = arena_strndup(a, s, n);
	v->len = n;
	return v;
}

struct jval *jv_str(struct arena *a, const char *s)
{
	if (!s)
		return jv_null(a);
	return jv_strn(a, s, strlen(s));
}

struct jval *jv_arr(struct arena *a)
{
	return jv_new(a, J_ARR);
}

struct jval *jv_obj(struct arena *a)
{
	return jv_new(a, J_OBJ);
}

struct jval *jv_push(struct jval *arr, struct jval *v)
{
	v->next = NULL;
	v->key = NULL;
	if (arr->last)
		arr->last->next = v;
	else
		arr->first = v;
	arr->last = v;
	arr->len++;
	return v;
}

struct jval *jv_set(struct jval *obj, const char *key, struct jval *v)
{
	struct jval *prev = NULL;
	for (struct jval *m = obj->first; m; prev = m, m = m->next) {
		if (strcmp(m->key, key) == 0) {
			v->key = m->key;
			v->next = m->next;
			if (prev)
				prev->next = v;
			else
				obj->first = v;
			if (obj->last == m)
				obj->last = v;
			return v;
		}
	}
	jv_push(obj, v);
	v->key = key;
	return v;
}

void jv_del(struct jval *obj, const char *key)
{
	if (!obj || obj->type != J_OBJ)
		return;
	struct jval *prev = NULL;
	for (struct jval *m = obj->first; m; prev = m, m = m->next) {
		if (strcmp(m->key, key) == 0) {
			if (prev)
				prev->next = m->next;
			else
				obj->first = m->next;
			if (obj->last == m)
				obj->last = prev;
			obj->len--;
			return;
		}
	}
}

struct jval *jv_get(const struct jval *obj, const char *key)
{
	if (!obj || obj->type != J_OBJ)
		return NULL;
	for (struct jval *m = obj->first; m; m = m->next)
		if (strcmp(m->key, key) == 0)
			return m;
	return NULL;
}

struct jval *jv_set_str(struct arena *a, struct jval *obj, const char *key, const char *s)
{
	return jv_set(obj, key, jv_str(a, s));
}

struct jval *jv_set_int(struct arena *a, struct jval *obj, const char *key, long long i)
{
	return jv_set(obj, key, jv_int(a, i));
}

struct jval *jv_set_bool(struct arena *a, struct jval *obj, const char *key, int b)
{
	return jv_set(obj, key, jv_bool(a, b));
}

const char *jv_get_str(const struct jval *obj, const char *key)
{
	const struct jval *v = jv_get(obj, key);
	return v && v->type == J_STR ? v->s : NULL;
}

long long jv_get_int(const struct jval *obj, const char *key, long long def)
{
	const struct jval *v = jv_get(obj, key);
	if (!v)
		return def;
	if (v->type == J_INT)
		return v->i;
	if (v->type == J_NUM && v->n == floor(v->n) && v->n >= -9.2e18 && v->n <= 9.2e18)
		return (long long)v->n;
	return def;
}

int jv_truthy(const struct jval *v)
{
	if (!v)
		return 0;
	switch (v->type) {
	case J_NULL:
		return 0;
	case J_BOOL:
		return v->b;
	case J_INT:
		return v->i != 0;
	case J_NUM:
		return v->n != 0;
	case J_STR:
	case J_ARR:
	case J_OBJ:
		return v->len != 0;
	}
	return 0;
}

struct jval *jv_clone(struct arena *a, const struct jval *v)
{
	struct jval *c = jv_new(a, v->type);
	c->b = v->b;
	c->i = v->i;
	c->n = v->n;
	if (v->type == J_STR) {
		c->s = arena_strndup(a, v->s, v->len);
		c->len = v->len;
	}
	if (v->type == J_ARR || v->type == J_OBJ) {
		for (const struct jval *m = v->first; m; m = m->next) {
			struct jval *cm = jv_clone(a, m);
			jv_push(c, cm);
			if (v->type == J_OBJ)
				cm->key = arena_strdup(a, m->key);
		}
	}
	return c;
}

int jv_equal(const struct jval *x, const struct jval *y)
{
	if (!x || !y)
		return x == y;
	int xn = x->type == J_INT || x->type == J_NUM;
	int yn = y->type == J_INT || y->type == J_NUM;
	if (xn && yn) {
		if (x->type == J_INT && y->type == J_INT)
			return x->i == y->i;
		return x->n == y->n;
	}
	if (x->type != y->type)
		return 0;
	switch (x->type) {
	case J_NULL:
		return 1;
	case J_BOOL:
		return x->b == y->b;
	case J_STR:
		return x->len == y->len && memcmp(x->s, y->s, x->len) == 0;
	case J_ARR: {
		if (x->len != y->len)
			return 0;
		const struct jval *p = x->first, *q = y->first;
		for (; p && q; p = p->next, q = q->next)
			if (!jv_equal(p, q))
				return 0;
		return 1;
	}
	case J_OBJ:
		if (x->len != y->len)
			return 0;
		for (const struct jval *m = x->first; m; m = m->next)
			if (!jv_equal(m, jv_get(y, m->key)))
				return 0;
		return 1;
	default:
		return 0;
	}
}

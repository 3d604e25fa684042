/*
 * openapi.c: the OpenAPI 3.1 description of the API, generated from the
 * entity registry (so it cannot drift from what the server does), built
 * once and served from memory.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "web/handlers.h"
#include "web/page.h"

static struct buf doc = BUF_INIT;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* "Information asset" -> "InformationAsset" */
static const char *schema_name(struct arena *a, const struct entity *e)
{
	char *s = arena_strdup(a, e->label);
	char *w = s;
	int up = 1;
	for (const char *p = s; *p; p++) {
		if (!isalnum((unsigned char)*p)) {
			up = 1;
			continue;
		}
		*w++ = up ? (char)toupper((unsigned char)*p) : *p;
		up = 0;
	}
	*w = 0;
	return s;
}

static struct jval *ref_schema(struct arena *a, const char *name)
{
	struct jval *o = jv_obj(a);
	jv_set_str(a, o, "$ref", arena_printf(a, "#/components/schemas/%s", name));
	return o;
}

static struct jval *type_or_null(struct arena *a, const char *type, int nullable)
{
	if (!nullable)
		return jv_str(a, type);
	struct jval *t = jv_arr(a);
	jv_push(t, jv_str(a, type));
	jv_push(t, jv_str(a, "null"));
	return t;
}

static struct jval *field_schema(struct arena *a, const struct field *f)
{
	struct jval *s = jv_obj(a);
	int nullable = !f->required;
	const char *desc = f->label;
	if (f->type == F_REF)
		desc = arena_printf(a, "%s (the id of a record in /api/v1/%s)", desc, f->ref->name);
	if (f->type == F_REFS)
		desc = arena_printf(a, "%s (ids of records in /api/v1/%s)", desc, f->ref->name);
	if (f->help)
		desc = arena_printf(a, "%s. %s", desc, f->help);
	switch (f->type) {
	case F_TEXT:
	case F_LONGTEXT:
		jv_set(s, "type", type_or_null(a, "string", nullable));
		if (f->max)
			jv_set_int(a, s, "maxLength", f->max);
		if (f->required)
			jv_set_int(a, s, "minLength", f->min ? f->min : 1);
		break;
	case F_EMAIL:
		jv_set(s, "type", type_or_null(a, "string", nullable));
		jv_set_str(a, s, "format", "email");
		break;
	case F_DATE:
		jv_set(s, "type", type_or_null(a, "string", nullable));
		jv_set_str(a, s, "format", "date");
		break;
	case F_DATETIME:
		jv_set(s, "type", type_or_null(a, "string", nullable));
		jv_set_str(a, s, "format", "date-time");
		break;
	case F_INT:
		jv_set(s, "type", type_or_null(a, "integer", nullable));
		jv_set_int(a, s, "minimum", f->min);
		jv_set_int(a, s, "maximum", f->max);
		break;
	case F_BOOL:
		jv_set_str(a, s, "type", "boolean");
		break;
	case F_ENUM: {
		jv_set(s, "type", type_or_null(a, "string", nullable));
		struct jval *en = jv_set(s, "enum", jv_arr(a));
		for (const struct option *o = f->options; o->value; o++)
			jv_push(en, jv_str(a, o->value));
		if (nullable)
			jv_push(en, jv_null(a));
		break;
	}
	case F_REF:
		jv_set(s, "type", type_or_null(a, "integer", nullable));
		break;
	case F_REFS: {
		jv_set_str(a, s, "type", "array");
		struct jval *it = jv_set(s, "items", jv_obj(a));
		jv_set_str(a, it, "type", "integer");
		jv_set_bool(a, s, "uniqueItems", 1);
		break;
	}
	}
	jv_set_str(a, s, "description", desc);
	return s;
}

static struct jval *response(struct arena *a, const char *desc, const char *media, struct jval *schema)
{
	struct jval *r = jv_obj(a);
	jv_set_str(a, r, "description", desc);
	if (schema) {
		struct jval *c = jv_set(r, "content", jv_obj(a));
		struct jval *m = jv_set(c, media, jv_obj(a));
		jv_set(m, "schema", schema);
	}
	return r;
}

static void problem_responses(struct arena *a, struct jval *responses, const char *const *codes)
{
	for (size_t i = 0; codes[i]; i++)
		jv_set(responses, codes[i], response(a, "Problem (RFC 9457)", "application/problem+json",
						     ref_schema(a, "Problem")));
}

static struct jval *param(struct arena *a, const char *name, const char *in, const char *type,
			  const char *desc, int required)
{
	struct jval *p = jv_obj(a);
	jv_set_str(a, p, "name", name);
	jv_set_str(a, p, "in", in);
	jv_set_str(a, p, "description", desc);
	if (required)
		jv_set_bool(a, p, "required", 1);
	struct jval *s = jv_set(p, "schema", jv_obj(a));
	jv_set_str(a, s, "type", type);
	return p;
}

static struct jval *operation(struct arena *a, const char *summary, const char *id, const char *tag)
{
	struct jval *op = jv_obj(a);
	jv_set_str(a, op, "summary", summary);
	jv_set_str(a, op, "operationId", id);
	struct jval *tags = jv_set(op, "tags", jv_arr(a));
	jv_push(tags, jv_str(a, tag));
	jv_set(op, "responses", jv_obj(a));
	return op;
}

static void build(void)
{
	struct arena *a = arena_new();
	struct jval *root = jv_obj(a);
	jv_set_str(a, root, "openapi", "3.1.0");
	struct jval *info = jv_set(root, "info", jv_obj(a));
	jv_set_str(a, info, "title", "Tillit API");
	jv_set_str(a, info, "version", "1");
	jv_set_str(a, info, "description",
		   "The records of Tillit, an information security management system. Authenticate with "
		   "'Authorization: Bearer TOKEN' (tokens from 'tillit token create' or the account page). "
		   "Errors are application/problem+json with an 'errors' list of {field, message}.");
	struct jval *servers = jv_set(root, "servers", jv_arr(a));
	jv_set_str(a, jv_push(servers, jv_obj(a)), "url", "/");
	struct jval *comp = jv_set(root, "components", jv_obj(a));
	struct jval *sec = jv_set(comp, "securitySchemes", jv_obj(a));
	struct jval *bearer = jv_set(sec, "bearer", jv_obj(a));
	jv_set_str(a, bearer, "type", "http");
	jv_set_str(a, bearer, "scheme", "bearer");
	struct jval *security = jv_set(root, "security", jv_arr(a));
	jv_set(jv_push(security, jv_obj(a)), "bearer", jv_arr(a));

	struct jval *schemas = jv_set(comp, "schemas", jv_obj(a));
	struct jval *problem = jv_set(schemas, "Problem", jv_obj(a));
	jv_set_str(a, problem, "type", "object");
	struct jval *pp = jv_set(problem, "properties", jv_obj(a));
	static const char *const pstr[] = { "type", "title", "detail", NULL };
	for (size_t i = 0; pstr[i]; i++)
		jv_set_str(a, jv_set(pp, pstr[i], jv_obj(a)), "type", "string");
	jv_set_str(a, jv_set(pp, "status", jv_obj(a)), "type", "integer");
	struct jval *perr = jv_set(pp, "errors", jv_obj(a));
	jv_set_str(a, perr, "type", "array");
	struct jval *perri = jv_set(perr, "items", jv_obj(a));
	jv_set_str(a, perri, "type", "object");
	struct jval *perrp = jv_set(perri, "properties", jv_obj(a));
	jv_set_str(a, jv_set(perrp, "field", jv_obj(a)), "type", "string");
	jv_set_str(a, jv_set(perrp, "message", jv_obj(a)), "type", "string");

	struct jval *gap = jv_set(schemas, "Gap", jv_obj(a));
	jv_set_str(a, gap, "type", "object");
	struct jval *gp = jv_set(gap, "properties", jv_obj(a));
	jv_set_str(a, jv_set(gp, "kind", jv_obj(a)), "type", "string");
	jv_set_str(a, jv_set(gp, "entity", jv_obj(a)), "type", "string");
	jv_set_str(a, jv_set(gp, "id", jv_obj(a)), "type", "integer");
	jv_set_str(a, jv_set(gp, "message", jv_obj(a)), "type", "string");
	struct jval *greq = jv_set(gap, "required", jv_arr(a));
	jv_push(greq, jv_str(a, "kind"));
	jv_push(greq, jv_str(a, "entity"));
	jv_push(greq, jv_str(a, "id"));
	jv_push(greq, jv_str(a, "message"));

	struct jval *paths = jv_set(root, "paths", jv_obj(a));
	static const char *const err_read[] = { "400", "401", "403", NULL };
	static const char *const err_one[] = { "401", "403", "404", NULL };
	static const char *const err_write[] = { "400", "401", "403", "413", "415", "422", NULL };
	static const char *const err_patch[] = { "400", "401", "403", "404", "413", "415", "422", NULL };
	static const char *const err_delete[] = { "401", "403", "404", "409", NULL };

	for (size_t i = 0; entity_all[i]; i++) {
		const struct entity *e = entity_all[i];
		if (e->singleton)
			continue;
		const char *name = schema_name(a, e);
		struct jval *rec = jv_set(schemas, name, jv_obj(a));
		jv_set_str(a, rec, "type", "object");
		jv_set_str(a, rec, "description", e->label);
		struct jval *props = jv_set(rec, "properties", jv_obj(a));
		struct jval *id = jv_set(props, "id", jv_obj(a));
		jv_set_str(a, id, "type", "integer");
		jv_set_bool(a, id, "readOnly", 1);
		struct jval *input = jv_set(schemas, arena_printf(a, "%sInput", name), jv_obj(a));
		jv_set_str(a, input, "type", "object");
		jv_set_bool(a, input, "additionalProperties", 0);
		struct jval *iprops = jv_set(input, "properties", jv_obj(a));
		struct jval *req = jv_arr(a);
		for (const struct field *f = e->fields; f->name; f++) {
			if (f->hidden)
				continue;
			jv_set(props, f->name, field_schema(a, f));
			if (f->readonly) {
				jv_set_bool(a, jv_get(props, f->name), "readOnly", 1);
				continue;
			}
			jv_set(iprops, f->name, field_schema(a, f));
			if (f->required)
				jv_push(req, jv_str(a, f->name));
		}
		if (e->api_extra_schema) {
			struct json_error jerr;
			struct jval *extra = json_parse(a, e->api_extra_schema, strlen(e->api_extra_schema), &jerr);
			if (!extra)
				abort(); /* the registry's schema text is not JSON */
			for (struct jval *m = extra->first; m; m = m->next)
				jv_set(props, m->key, m);
		}
		static const char *const stamps[] = { "created_at", "updated_at", NULL };
		for (size_t k = 0; stamps[k]; k++) {
			struct jval *t = jv_set(props, stamps[k], jv_obj(a));
			jv_set_str(a, t, "type", "string");
			jv_set_str(a, t, "format", "date-time");
			jv_set_bool(a, t, "readOnly", 1);
		}
		if (req->len)
			jv_set(input, "description", jv_str(a, "On create the required fields must be given; on update (PATCH) only the fields to change."));

		struct jval *list = jv_set(schemas, arena_printf(a, "%sList", name), jv_obj(a));
		jv_set_str(a, list, "type", "object");
		struct jval *lp = jv_set(list, "properties", jv_obj(a));
		struct jval *items = jv_set(lp, "items", jv_obj(a));
		jv_set_str(a, items, "type", "array");
		jv_set(items, "items", ref_schema(a, name));
		jv_set_str(a, jv_set(lp, "total", jv_obj(a)), "type", "integer");
		jv_set_str(a, jv_set(lp, "page", jv_obj(a)), "type", "integer");
		jv_set_str(a, jv_set(lp, "limit", jv_obj(a)), "type", "integer");

		struct jval *coll = jv_set(paths, arena_printf(a, "/api/v1/%s", e->name), jv_obj(a));
		struct jval *get = jv_set(coll, "get", operation(a, arena_printf(a, "List %s", e->plural),
							      arena_printf(a, "list%s", name), e->name));
		struct jval *params = jv_set(get, "parameters", jv_arr(a));
		jv_push(params, param(a, "q", "query", "string", "Search words (case and diacritics ignored).", 0));
		jv_push(params, param(a, "sort", "query", "string", "Field to sort on; '-' in front sorts descending.", 0));
		jv_push(params, param(a, "page", "query", "integer", "Page, from 1.", 0));
		jv_push(params, param(a, "limit", "query", "integer", "Records per page, 1 to 500 (default 50).", 0));
		for (const struct field *f = e->fields; f->name; f++)
			if (f->filter && !f->hidden)
				jv_push(params, param(a, f->name, "query", "string",
						      arena_printf(a, "Only records whose %s is this value ('-' or 'null': not given).", f->label), 0));
		jv_set(jv_get(get, "responses"), "200", response(a, "The matching records", "application/json",
								 ref_schema(a, arena_printf(a, "%sList", name))));
		problem_responses(a, jv_get(get, "responses"), err_read);
		if (!e->no_create) {
			struct jval *post = jv_set(coll, "post", operation(a, arena_printf(a, "Create a %s", e->label),
									    arena_printf(a, "create%s", name), e->name));
			struct jval *body = jv_set(post, "requestBody", jv_obj(a));
			jv_set_bool(a, body, "required", 1);
			struct jval *bc = jv_set(body, "content", jv_obj(a));
			struct jval *schema = jv_set(jv_set(bc, "application/json", jv_obj(a)), "schema", jv_obj(a));
			jv_set_str(a, schema, "$ref", arena_printf(a, "#/components/schemas/%sInput", name));
			jv_set(jv_get(post, "responses"), "201", response(a, "Created", "application/json", ref_schema(a, name)));
			problem_responses(a, jv_get(post, "responses"), err_write);
		}

		struct jval *one = jv_set(paths, arena_printf(a, "/api/v1/%s/{id}", e->name), jv_obj(a));
		struct jval *oparams = jv_set(one, "parameters", jv_arr(a));
		jv_push(oparams, param(a, "id", "path", "integer", "The record's id.", 1));
		struct jval *g1 = jv_set(one, "get", operation(a, arena_printf(a, "Get a %s", e->label),
							     arena_printf(a, "get%s", name), e->name));
		jv_set(jv_get(g1, "responses"), "200", response(a, "The record", "application/json", ref_schema(a, name)));
		problem_responses(a, jv_get(g1, "responses"), err_one);
		struct jval *patch = jv_set(one, "patch", operation(a, arena_printf(a, "Change a %s", e->label),
								  arena_printf(a, "update%s", name), e->name));
		struct jval *pbody = jv_set(patch, "requestBody", jv_obj(a));
		jv_set_bool(a, pbody, "required", 1);
		struct jval *pc = jv_set(pbody, "content", jv_obj(a));
		struct jval *ps = jv_set(jv_set(pc, "application/json", jv_obj(a)), "schema", jv_obj(a));
		jv_set_str(a, ps, "$ref", arena_printf(a, "#/components/schemas/%sInput", name));
		jv_set(jv_get(patch, "responses"), "200", response(a, "The changed record", "application/json", ref_schema(a, name)));
		problem_responses(a, jv_get(patch, "responses"), err_patch);
		if (!e->no_delete) {
			struct jval *del = jv_set(one, "delete", operation(a, arena_printf(a, "Delete a %s", e->label),
									 arena_printf(a, "delete%s", name), e->name));
			jv_set(jv_get(del, "responses"), "204", response(a, "Deleted", NULL, NULL));
			problem_responses(a, jv_get(del, "responses"), err_delete);
		}
		struct jval *hist = jv_set(paths, arena_printf(a, "/api/v1/%s/{id}/history", e->name), jv_obj(a));
		struct jval *hparams = jv_set(hist, "parameters", jv_arr(a));
		jv_push(hparams, param(a, "id", "path", "integer", "The record's id.", 1));
		struct jval *hg = jv_set(hist, "get", operation(a, arena_printf(a, "Audit trail of a %s", e->label),
							      arena_printf(a, "history%s", name), e->name));
		struct jval *hs = jv_obj(a);
		jv_set_str(a, hs, "type", "object");
		jv_set(jv_get(hg, "responses"), "200", response(a, "Audit entries, newest first", "application/json", hs));
		problem_responses(a, jv_get(hg, "responses"), err_one);
	}

	struct jval *gaps = jv_set(paths, "/api/v1/gaps", jv_obj(a));
	struct jval *gg = jv_set(gaps, "get", operation(a, "What the inventory is missing", "listGaps", "gaps"));
	struct jval *gparams = jv_set(gg, "parameters", jv_arr(a));
	jv_push(gparams, param(a, "kind", "query", "string", "Only gaps of this kind.", 0));
	jv_push(gparams, param(a, "entity", "query", "string", "Only gaps of records of this entity.", 0));
	jv_push(gparams, param(a, "unit_id", "query", "integer", "Only gaps of records of this unit and the units below it.", 0));
	jv_push(gparams, param(a, "person_id", "query", "string",
			       "Only gaps this person (a number) is expected to act on; none: those no one is named to act on.", 0));
	struct jval *gl = jv_obj(a);
	jv_set_str(a, gl, "type", "object");
	struct jval *glp = jv_set(gl, "properties", jv_obj(a));
	struct jval *gli = jv_set(glp, "items", jv_obj(a));
	jv_set_str(a, gli, "type", "array");
	jv_set(gli, "items", ref_schema(a, "Gap"));
	jv_set_str(a, jv_set(glp, "total", jv_obj(a)), "type", "integer");
	jv_set(jv_get(gg, "responses"), "200", response(a, "The gaps", "application/json", gl));
	problem_responses(a, jv_get(gg, "responses"), err_read);

	/* The incident statistics (model/incident_stats.h, docs/api.md). */
	struct jval *ist = jv_set(paths, "/api/v1/incidents/statistics", jv_obj(a));
	struct jval *isg = jv_set(ist, "get", operation(a, "Incident statistics for a period of months", "getIncidentStatistics", "incidents"));
	struct jval *isp = jv_set(isg, "parameters", jv_arr(a));
	jv_push(isp, param(a, "from", "query", "string", "First month, YYYY-MM (default: eleven months before the last).", 0));
	jv_push(isp, param(a, "to", "query", "string", "Last month, YYYY-MM (default: this month in the organisation's time zone). At most 120 months in all.", 0));
	struct jval *iss = jv_obj(a);
	jv_set_str(a, iss, "type", "object");
	struct jval *issp = jv_set(iss, "properties", jv_obj(a));
	static const char *const stat_props[][2] = {
		{ "from", "string" }, { "to", "string" }, { "time_zone", "string" }, { "restricted", "boolean" },
		{ "total", "integer" }, { "categories", "array" }, { "severities", "array" }, { "months", "array" },
		{ "time_to_triage", "object" }, { "time_to_close", "object" }, { "channels", "array" },
		{ "supplier", "object" }, { "deadlines", "array" },
	};
	for (size_t i = 0; i < sizeof stat_props / sizeof *stat_props; i++)
		jv_set_str(a, jv_set(issp, stat_props[i][0], jv_obj(a)), "type", stat_props[i][1]);
	jv_set(jv_get(isg, "responses"), "200", response(a, "The statistics", "application/json", iss));
	problem_responses(a, jv_get(isg, "responses"), err_read);

	/* Training (web/ui_training.c, docs/training.md): coverage read from
	 * the kept rows, and the attendance list of a session. */
	struct jval *tc = jv_set(paths, "/api/v1/training/coverage", jv_obj(a));
	struct jval *tcg = jv_set(tc, "get", operation(a, "Training coverage per audience and unit, with the people missing training", "getTrainingCoverage", "training"));
	struct jval *tcs = jv_obj(a);
	jv_set_str(a, tcs, "type", "object");
	struct jval *tcp = jv_set(tcs, "properties", jv_obj(a));
	static const char *const cov_props[][2] = {
		{ "audiences", "array" }, { "units", "array" }, { "missing", "array" }, { "missing_total", "integer" },
	};
	for (size_t i = 0; i < sizeof cov_props / sizeof *cov_props; i++)
		jv_set_str(a, jv_set(tcp, cov_props[i][0], jv_obj(a)), "type", cov_props[i][1]);
	jv_set(jv_get(tcg, "responses"), "200", response(a, "The coverage: each row trained, total and share (0 to 1)", "application/json", tcs));
	problem_responses(a, jv_get(tcg, "responses"), err_read);
	struct jval *ta = jv_set(paths, "/api/v1/training-sessions/{id}/attendance", jv_obj(a));
	struct jval *tap = jv_set(ta, "post", operation(a, "Add the people an attendance list names (CSV: a name or an e-mail address a row) to a session; nothing is added when a row names no one or someone ambiguous", "importTrainingAttendance", "training"));
	jv_push(jv_set(tap, "parameters", jv_arr(a)), param(a, "id", "path", "integer", "The training session.", 1));
	struct jval *tab = jv_set(tap, "requestBody", jv_obj(a));
	jv_set_bool(a, tab, "required", 1);
	struct jval *tabs = jv_obj(a);
	jv_set_str(a, tabs, "type", "string");
	jv_set(jv_set(jv_set(tab, "content", jv_obj(a)), "text/csv", jv_obj(a)), "schema", tabs);
	struct jval *tar = jv_obj(a);
	jv_set_str(a, tar, "type", "object");
	struct jval *tarp = jv_set(tar, "properties", jv_obj(a));
	jv_set_str(a, jv_set(tarp, "added", jv_obj(a)), "type", "integer");
	jv_set_str(a, jv_set(tarp, "already_present", jv_obj(a)), "type", "integer");
	jv_set_str(a, jv_set(tarp, "attendee_ids", jv_obj(a)), "type", "array");
	jv_set(jv_get(tap, "responses"), "200", response(a, "How many were added, and the attendees now", "application/json", tar));
	static const char *const err_attendance[] = { "401", "403", "404", "413", "415", "422", NULL };
	problem_responses(a, jv_get(tap, "responses"), err_attendance);

	struct jval *me = jv_set(paths, "/api/v1/me", jv_obj(a));
	struct jval *mg = jv_set(me, "get", operation(a, "The calling user and their roles", "getMe", "account"));
	struct jval *ms = jv_obj(a);
	jv_set_str(a, ms, "type", "object");
	jv_set(jv_get(mg, "responses"), "200", response(a, "The user", "application/json", ms));

	/* The mail queue and log (ui_mail.c): administrators only. */
	struct jval *mail = jv_set(paths, "/api/v1/mail", jv_obj(a));
	struct jval *mlg = jv_set(mail, "get", operation(a, "The mail queue and delivery log (administrators)", "listMail", "mail"));
	struct jval *mparams = jv_set(mlg, "parameters", jv_arr(a));
	jv_push(mparams, param(a, "status", "query", "string", "Only messages with this status: queued, retrying, sent or failed.", 0));
	jv_push(mparams, param(a, "page", "query", "integer", "Page number, from 1.", 0));
	jv_push(mparams, param(a, "limit", "query", "integer", "Messages per page, 1 to 500 (50).", 0));
	struct jval *mls = jv_obj(a);
	jv_set_str(a, mls, "type", "object");
	struct jval *mlp = jv_set(mls, "properties", jv_obj(a));
	struct jval *mli = jv_set(mlp, "items", jv_obj(a));
	jv_set_str(a, mli, "type", "array");
	struct jval *msg = jv_set(mli, "items", jv_obj(a));
	jv_set_str(a, msg, "type", "object");
	struct jval *mp = jv_set(msg, "properties", jv_obj(a));
	static const char *const mail_props[][2] = {
		{ "id", "integer" }, { "to", "string" }, { "to_name", "string" }, { "subject", "string" },
		{ "reason", "string" }, { "status", "string" }, { "attempts", "integer" },
		{ "next_attempt_at", "string" }, { "sent_at", "string" }, { "last_error", "string" },
		{ "created_at", "string" }, { "entity", "string" }, { "record_id", "integer" },
	};
	for (size_t i = 0; i < sizeof mail_props / sizeof *mail_props; i++)
		jv_set_str(a, jv_set(mp, mail_props[i][0], jv_obj(a)), "type", mail_props[i][1]);
	struct jval *men = jv_set(jv_get(mp, "status"), "enum", jv_arr(a));
	jv_push(men, jv_str(a, "queued"));
	jv_push(men, jv_str(a, "retrying"));
	jv_push(men, jv_str(a, "sent"));
	jv_push(men, jv_str(a, "failed"));
	jv_set_str(a, jv_set(mlp, "total", jv_obj(a)), "type", "integer");
	jv_set_str(a, jv_set(mlp, "configured", jv_obj(a)), "type", "boolean");
	jv_set(jv_get(mlg, "responses"), "200", response(a, "Messages, newest first", "application/json", mls));
	problem_responses(a, jv_get(mlg, "responses"), err_read);

	/* Who the escalation rules told about an incident, with each
	 * e-mail's delivery result (api_escalation.c). */
	struct jval *nt = jv_set(paths, "/api/v1/incidents/{id}/notices", jv_obj(a));
	struct jval *ng = jv_set(nt, "get", operation(a, "Who was notified about the incident, and what became of each e-mail", "listIncidentNotices", "incidents"));
	jv_push(jv_set(ng, "parameters", jv_arr(a)), param(a, "id", "path", "integer", "The incident.", 1));
	struct jval *ns = jv_obj(a);
	jv_set_str(a, ns, "type", "object");
	struct jval *nsp = jv_set(ns, "properties", jv_obj(a));
	struct jval *nsi = jv_set(nsp, "items", jv_obj(a));
	jv_set_str(a, nsi, "type", "array");
	struct jval *nso = jv_set(nsi, "items", jv_obj(a));
	jv_set_str(a, nso, "type", "object");
	struct jval *nop = jv_set(nso, "properties", jv_obj(a));
	static const char *const notice_props[][2] = {
		{ "id", "integer" }, { "person_id", "integer" }, { "person", "string" }, { "rule_id", "integer" },
		{ "rule", "string" }, { "created_at", "string" }, { "read_at", "string" }, { "mail_id", "integer" },
		{ "mail_to", "string" }, { "mail_status", "string" }, { "mail_error", "string" }, { "sent_at", "string" },
	};
	for (size_t i = 0; i < sizeof notice_props / sizeof *notice_props; i++)
		jv_set_str(a, jv_set(nop, notice_props[i][0], jv_obj(a)), "type", notice_props[i][1]);
	jv_set_str(a, jv_set(nsp, "total", jv_obj(a)), "type", "integer");
	jv_set(jv_get(ng, "responses"), "200", response(a, "The notices, oldest first", "application/json", ns));
	problem_responses(a, jv_get(ng, "responses"), err_one);

	/* A management review's agenda filled from live data (web/ui_goals.c,
	 * docs/goals.md). */
	struct jval *fa = jv_set(paths, "/api/v1/meetings/{id}/fill-agenda", jv_obj(a));
	struct jval *fap = jv_set(fa, "post", operation(a, "Fill a management review's agenda with the inputs of ISO/IEC 27001 clause 9.3.2, as of today", "fillMeetingAgenda", "meetings"));
	jv_push(jv_set(fap, "parameters", jv_arr(a)), param(a, "id", "path", "integer", "The meeting (of kind management_review).", 1));
	struct jval *fas = jv_obj(a);
	jv_set_str(a, fas, "type", "object");
	jv_set(jv_get(fap, "responses"), "200", response(a, "The meeting with its agenda", "application/json", fas));
	problem_responses(a, jv_get(fap, "responses"), err_patch);
	/* Governing documents: asking people to read a version, coverage,
	 * confirming, one's own requests, a version's file
	 * (web/ui_documents.c, docs/governance.md). */
	{
		static const char *const err_ask[] = { "400", "401", "403", "404", "409", "415", "422", NULL };
		static const char *const err_ack[] = { "401", "403", "404", "409", NULL };
		static const char *const err_file[] = { "400", "401", "403", "404", "413", "415", NULL };
		struct jval *obj = jv_obj(a);
		jv_set_str(a, obj, "type", "object");
		struct jval *rq = jv_set(paths, "/api/v1/governing-documents/{id}/acknowledgement-requests", jv_obj(a));
		struct jval *rqp = jv_set(rq, "post", operation(a, "Ask a unit (with its subunits), the holders of a role or everyone to read the document's current version", "askToReadDocument", "governing-documents"));
		jv_push(jv_set(rqp, "parameters", jv_arr(a)), param(a, "id", "path", "integer", "The governing document.", 1));
		struct jval *body = jv_set(rqp, "requestBody", jv_obj(a));
		jv_set_bool(a, body, "required", 1);
		struct jval *bs = jv_set(jv_set(jv_set(body, "content", jv_obj(a)), "application/json", jv_obj(a)), "schema", jv_obj(a));
		jv_set_str(a, bs, "type", "object");
		struct jval *bp = jv_set(bs, "properties", jv_obj(a));
		struct jval *aud = jv_set(bp, "audience", jv_obj(a));
		jv_set_str(a, aud, "type", "string");
		struct jval *audv = jv_set(aud, "enum", jv_arr(a));
		jv_push(audv, jv_str(a, "unit"));
		jv_push(audv, jv_str(a, "role"));
		jv_push(audv, jv_str(a, "everyone"));
		jv_set_str(a, jv_set(bp, "unit_id", jv_obj(a)), "type", "integer");
		jv_set_str(a, jv_set(bp, "role", jv_obj(a)), "type", "string");
		struct jval *due = jv_set(bp, "due_date", jv_obj(a));
		jv_set_str(a, due, "type", "string");
		jv_set_str(a, due, "format", "date");
		jv_push(jv_set(bs, "required", jv_arr(a)), jv_str(a, "audience"));
		jv_set(jv_get(rqp, "responses"), "201", response(a, "Asked: {document_id, version_id, asked}", "application/json", jv_clone(a, obj)));
		problem_responses(a, jv_get(rqp, "responses"), err_ask);

		struct jval *cv = jv_set(paths, "/api/v1/governing-documents/{id}/acknowledgements", jv_obj(a));
		struct jval *cvg = jv_set(cv, "get", operation(a, "Who has confirmed reading the current version, per unit", "getDocumentReading", "governing-documents"));
		jv_push(jv_set(cvg, "parameters", jv_arr(a)), param(a, "id", "path", "integer", "The governing document.", 1));
		jv_set(jv_get(cvg, "responses"), "200", response(a, "{version_id, asked, confirmed, share, units: [{unit_id, asked, confirmed, share}]}", "application/json", jv_clone(a, obj)));
		problem_responses(a, jv_get(cvg, "responses"), err_one);

		struct jval *ak = jv_set(paths, "/api/v1/document-versions/{id}/acknowledge", jv_obj(a));
		struct jval *akp = jv_set(ak, "post", operation(a, "Confirm having read the version (for oneself)", "acknowledgeDocumentVersion", "document-versions"));
		jv_push(jv_set(akp, "parameters", jv_arr(a)), param(a, "id", "path", "integer", "The document version.", 1));
		jv_set(jv_get(akp, "responses"), "200", response(a, "Confirmed", "application/json", jv_clone(a, obj)));
		problem_responses(a, jv_get(akp, "responses"), err_ack);

		struct jval *fl = jv_set(paths, "/api/v1/document-versions/{id}/file", jv_obj(a));
		struct jval *flp = jv_set(fl, "put", operation(a, "Set the version's file (multipart field file, or the file as the body with ?filename=)", "putDocumentVersionFile", "document-versions"));
		struct jval *flpar = jv_set(flp, "parameters", jv_arr(a));
		jv_push(flpar, param(a, "id", "path", "integer", "The document version.", 1));
		jv_push(flpar, param(a, "filename", "query", "string", "The file's name, when the body is the file.", 0));
		jv_set(jv_get(flp, "responses"), "200", response(a, "The version", "application/json", ref_schema(a, schema_name(a, &entity_document_versions))));
		problem_responses(a, jv_get(flp, "responses"), err_file);

		struct jval *mine = jv_set(paths, "/api/v1/acknowledgements", jv_obj(a));
		struct jval *mg2 = jv_set(mine, "get", operation(a, "The caller's documents to read", "listMyDocumentsToRead", "document-versions"));
		jv_set(jv_get(mg2, "responses"), "200", response(a, "{items: [{document_id, version_id, title, version, due_date, asked_at}], total}", "application/json", jv_clone(a, obj)));
		problem_responses(a, jv_get(mg2, "responses"), err_read);
	}
	/* Access reviews (web/ui_access_review.c): a campaign's accounts as
	 * CSV, and decisions in bulk; all or nothing. */
	{
		struct jval *st = jv_obj(a);
		jv_set_str(a, st, "type", "object");
		struct jval *sp = jv_set(st, "properties", jv_obj(a));
		static const char *const state_props[][2] = {
			{ "id", "integer" }, { "status", "string" }, { "completed_on", "string" }, { "accounts", "integer" },
			{ "undecided", "integer" }, { "created", "integer" }, { "changed", "integer" },
		};
		for (size_t i = 0; i < sizeof state_props / sizeof *state_props; i++)
			jv_set_str(a, jv_set(sp, state_props[i][0], jv_obj(a)), "type", state_props[i][1]);
		static const char *const err_bulk[] = { "400", "401", "403", "404", "413", "422", NULL };
		struct jval *ac = jv_set(paths, "/api/v1/access-reviews/{id}/accounts", jv_obj(a));
		struct jval *acp = jv_set(ac, "post", operation(a, "Import the accounts of an access review from CSV (account, name, roles, last login)", "importAccessReviewAccounts", "access-reviews"));
		jv_push(jv_set(acp, "parameters", jv_arr(a)), param(a, "id", "path", "integer", "The access review.", 1));
		jv_set_str(a, acp, "description", "A heading row naming account (konto), name (namn), roles (roller) and last login (senaste inloggning), ';' or ',' separated. Any bad row (listed by row in errors) and nothing is imported.");
		struct jval *acb = jv_set(acp, "requestBody", jv_obj(a));
		jv_set_bool(a, acb, "required", 1);
		jv_set_str(a, jv_set(jv_set(jv_set(acb, "content", jv_obj(a)), "text/csv", jv_obj(a)), "schema", jv_obj(a)), "type", "string");
		jv_set(jv_get(acp, "responses"), "201", response(a, "The accounts were imported", "application/json", st));
		problem_responses(a, jv_get(acp, "responses"), err_bulk);
		struct jval *dc = jv_set(paths, "/api/v1/access-reviews/{id}/decisions", jv_obj(a));
		struct jval *dcp = jv_set(dc, "post", operation(a, "Decide accounts of an access review in bulk", "decideAccessReviewAccounts", "access-reviews"));
		jv_push(jv_set(dcp, "parameters", jv_arr(a)), param(a, "id", "path", "integer", "The access review.", 1));
		jv_set_str(a, dcp, "description", "An account not in the campaign, a removal or change without a comment: 422 and nothing is changed. The last decision completes the campaign.");
		struct jval *ds = jv_obj(a);
		jv_set_str(a, ds, "type", "array");
		struct jval *di = jv_set(ds, "items", jv_obj(a));
		jv_set_str(a, di, "type", "object");
		jv_push(jv_set(di, "required", jv_arr(a)), jv_str(a, "account"));
		struct jval *dip = jv_set(di, "properties", jv_obj(a));
		jv_set_str(a, jv_set(dip, "account", jv_obj(a)), "type", "string");
		struct jval *dd = jv_set(dip, "decision", jv_obj(a));
		struct jval *ddt = jv_set(dd, "type", jv_arr(a));
		jv_push(ddt, jv_str(a, "string"));
		jv_push(ddt, jv_str(a, "null"));
		struct jval *dde = jv_set(dd, "enum", jv_arr(a));
		jv_push(dde, jv_str(a, "keep"));
		jv_push(dde, jv_str(a, "remove"));
		jv_push(dde, jv_str(a, "change"));
		jv_push(dde, jv_null(a));
		struct jval *dco = jv_set(dip, "comment", jv_obj(a));
		struct jval *dct = jv_set(dco, "type", jv_arr(a));
		jv_push(dct, jv_str(a, "string"));
		jv_push(dct, jv_str(a, "null"));
		struct jval *db = jv_set(dcp, "requestBody", jv_obj(a));
		jv_set_bool(a, db, "required", 1);
		jv_set(jv_set(jv_set(db, "content", jv_obj(a)), "application/json", jv_obj(a)), "schema", ds);
		jv_set(jv_get(dcp, "responses"), "200", response(a, "The decisions were saved", "application/json", jv_clone(a, st)));
		problem_responses(a, jv_get(dcp, "responses"), err_bulk);
	}

	struct jval *org = jv_set(paths, "/api/v1/organisation", jv_obj(a));
	struct jval *og = jv_set(org, "get", operation(a, "The organisation", "getOrganisation", "organisation"));
	struct jval *os = jv_obj(a);
	jv_set_str(a, os, "type", "object");
	jv_set(jv_get(og, "responses"), "200", response(a, "The organisation", "application/json", os));
	struct jval *op = jv_set(org, "patch", operation(a, "Change the organisation", "updateOrganisation", "organisation"));
	jv_set(jv_get(op, "responses"), "200", response(a, "The organisation", "application/json", jv_clone(a, os)));
	problem_responses(a, jv_get(op, "responses"), err_patch);

	/* Public reporting (web/ui_report.c): no token; 404 while the
	 * organisation has public reporting off. */
	struct jval *pub = jv_set(paths, "/api/v1/public/reports", jv_obj(a));
	struct jval *pubpost = jv_set(pub, "post", operation(a, "Report an incident without an account", "createPublicReport", "public"));
	jv_set(pubpost, "security", jv_arr(a));
	jv_set_str(a, pubpost, "description",
		   "Only while the organisation has public_reporting on (else 404). At most 16 KiB; 5 reports per 10 minutes "
		   "and 20 per day from one address, 30 a minute in all (429 with Retry-After). personal_data null means not known.");
	struct jval *prs = jv_obj(a);
	jv_set_str(a, prs, "type", "object");
	struct jval *prreq = jv_set(prs, "required", jv_arr(a));
	jv_push(prreq, jv_str(a, "description"));
	jv_push(prreq, jv_str(a, "discovered_at"));
	struct jval *prp = jv_set(prs, "properties", jv_obj(a));
	static const struct {
		const char *name, *type, *format, *desc;
		int max;
	} pubf[] = {
		{ "description", "string", NULL, "What happened", 8000 },
		{ "discovered_at", "string", "date-time", "When it was discovered (RFC 3339 with its offset, not in the future)", 0 },
		{ "occurred_at", "string", "date-time", "When it happened, if known", 0 },
		{ "title", "string", NULL, "A few words that name it", 200 },
		{ "contact", "string", NULL, "How to reach the reporter (leave out to stay anonymous)", 300 },
	};
	for (size_t i = 0; i < sizeof pubf / sizeof *pubf; i++) {
		struct jval *f = jv_set(prp, pubf[i].name, jv_obj(a));
		jv_set_str(a, f, "type", pubf[i].type);
		if (pubf[i].format)
			jv_set_str(a, f, "format", pubf[i].format);
		if (pubf[i].max)
			jv_set_int(a, f, "maxLength", pubf[i].max);
		jv_set_str(a, f, "description", pubf[i].desc);
	}
	struct jval *pdf = jv_set(prp, "personal_data", jv_obj(a));
	struct jval *pdt = jv_set(pdf, "type", jv_arr(a));
	jv_push(pdt, jv_str(a, "boolean"));
	jv_push(pdt, jv_str(a, "null"));
	jv_set_str(a, pdf, "description", "May personal data be affected? null: not known");
	struct jval *pubbody = jv_set(pubpost, "requestBody", jv_obj(a));
	jv_set_bool(a, pubbody, "required", 1);
	jv_set(jv_set(jv_set(pubbody, "content", jv_obj(a)), "application/json", jv_obj(a)), "schema", prs);
	struct jval *prr = jv_obj(a);
	jv_set_str(a, prr, "type", "object");
	struct jval *prrp = jv_set(prr, "properties", jv_obj(a));
	jv_set_str(a, jv_set(prrp, "receipt", jv_obj(a)), "type", "string");
	jv_set_str(a, jv_set(prrp, "follow_url", jv_obj(a)), "type", "string");
	jv_set(jv_get(pubpost, "responses"), "201", response(a, "The receipt number and the follow link (shown once)", "application/json", prr));
	static const char *const err_public[] = { "400", "404", "413", "415", "429", NULL };
	problem_responses(a, jv_get(pubpost, "responses"), err_public);

	struct jval *pst = jv_set(paths, "/api/v1/public/reports/{secret}", jv_obj(a));
	struct jval *pg = jv_set(pst, "get", operation(a, "The status of a report, by its follow secret", "getPublicReport", "public"));
	jv_set(pg, "security", jv_arr(a));
	jv_push(jv_set(pg, "parameters", jv_arr(a)), param(a, "secret", "path", "string", "The secret of the follow link.", 1));
	struct jval *pss = jv_obj(a);
	jv_set_str(a, pss, "type", "object");
	struct jval *pssp = jv_set(pss, "properties", jv_obj(a));
	jv_set_str(a, jv_set(pssp, "receipt", jv_obj(a)), "type", "string");
	struct jval *pra = jv_set(pssp, "received_at", jv_obj(a));
	jv_set_str(a, pra, "type", "string");
	jv_set_str(a, pra, "format", "date-time");
	struct jval *pse = jv_set(pssp, "status", jv_obj(a));
	jv_set_str(a, pse, "type", "string");
	struct jval *psen = jv_set(pse, "enum", jv_arr(a));
	jv_push(psen, jv_str(a, "new"));
	jv_push(psen, jv_str(a, "handling"));
	jv_push(psen, jv_str(a, "closed"));
	jv_push(psen, jv_str(a, "not_incident"));
	jv_set_str(a, jv_set(pssp, "status_text", jv_obj(a)), "type", "string");
	jv_set(jv_get(pg, "responses"), "200", response(a, "The report's status and nothing else", "application/json", pss));
	static const char *const err_status[] = { "404", NULL };
	problem_responses(a, jv_get(pg, "responses"), err_status);

	wheel_openapi(a, paths);

	struct jval *health = jv_set(paths, "/healthz", jv_obj(a));
	struct jval *hz = jv_set(health, "get", operation(a, "Health check", "health", "health"));
	jv_set(hz, "security", jv_arr(a));
	struct jval *hzs = jv_obj(a);
	jv_set_str(a, hzs, "type", "object");
	jv_set(jv_get(hz, "responses"), "200", response(a, "Serving", "application/json", hzs));

	json_write(&doc, root, JSON_PRETTY);
	buf_putc(&doc, '\n');
	arena_free(a);
}

void api_openapi(struct request *r)
{
	pthread_once(&once, build);
	res_start(r, 200, "application/json");
	res_header(r, "Cache-Control", "public, max-age=300");
	buf_add(&r->res.body, doc.data, doc.len);
}

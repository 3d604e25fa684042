/*
 * escalation.c: escalation paths (issue 13 item 3). The organisation's
 * rules say which incidents (severity at or above a level, category,
 * significant, personal data, the classification of what is affected, a
 * supplier involved) are made known to whom (roles held for the whole
 * organisation, the owners of what is affected, the supplier agreement's
 * responsible person, named people). escalation_apply runs in the
 * incident's after_write hook, inside the write's transaction: each
 * person a matching rule names is told once per incident, by a notice
 * row (incident-notices, read-only, audited) and an e-mail queued in the
 * same transaction (the mail queue sends it later and keeps its delivery
 * result). The matching is core/escalation.h. See docs/incidents.md.
 */
#include "model/escalation.h"

#include <string.h>

#include "core/escalation.h"
#include "model/classify.h"
#include "model/incident.h"
#include "store/escalation.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"

/* ---- options --------------------------------------------------------- */

static const struct option significant_options[] = {
	{ "any", N_("Whether significant or not") },
	{ "yes", N_("Only incidents assessed as significant") },
	{ 0 }
};

static const struct option personal_data_options[] = {
	{ "any", N_("Whether personal data is involved or not") },
	{ "yes", N_("Only when personal data is involved") },
	{ 0 }
};

static const struct option supplier_options[] = {
	{ "any", N_("Whether a supplier is involved or not") },
	{ "yes", N_("Only when a supplier is involved") },
	{ 0 }
};

static const struct option aspect_options[] = {
	{ "any", N_("Any aspect") },
	{ "K", N_("Confidentiality (K)") },
	{ "R", N_("Integrity (R)") },
	{ "T", N_("Availability (T)") },
	{ "S", N_("Traceability (S)") },
	{ 0 }
};

/* The roles a rule may notify, everyone holding one for the whole
 * organisation (the values are role-assignments' role codes). */
static const struct option notify_roles[] = {
	{ "security_chief", N_("Security manager") },
	{ "it_chief", N_("IT manager") },
	{ "manager", N_("Chief executive / head of administration") },
	{ "dpo", N_("Data protection officer") },
	{ "coordinator", N_("Information security coordinator") },
	{ 0 }
};

/* ---- grants ---------------------------------------------------------- */

/* Like the organisation's incident lists (model/incident.c). */
static const struct grant rule_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR), GRANT_ALL(ROLE_SECURITY_CHIEF),
	GRANT_READ(ROLE_DPO), GRANT_READ(ROLE_IT_CHIEF), GRANT_READ(ROLE_MANAGER), GRANT_READ(ROLE_AUDITOR),
	GRANTS_END
};

/* Notices are read by those who read the incident (scope_via): the data
 * protection officer those about incidents involving personal data
 * (lists are filtered by the incident's flag, record_list_restrict);
 * written only by Tillit. */
static const struct grant notice_grants[] = {
	GRANT_READ(ROLE_ADMIN), GRANT_READ(ROLE_COORDINATOR), GRANT_READ(ROLE_SECURITY_CHIEF),
	GRANT_FLAGGED(ROLE_DPO, A_READ, "personal_data_involved"),
	GRANT_READ(ROLE_IT_CHIEF), GRANT_READ(ROLE_MANAGER), GRANT_READ(ROLE_AUDITOR),
	GRANTS_END
};

/* ---- escalation rules -------------------------------------------------- */

static const struct field rule_fields[] = {
	{ "name", F_TEXT, N_("Name"), .required = 1, .max = 200, .search = 1, .list = 1, .sort = 1, .unique = 1, .shipped = 1, .section = N_("The rule") },
	{ "description", F_LONGTEXT, N_("Description"), .max = 2000, .search = 1, .shipped = 1 },
	{ "active", F_BOOL, N_("In use"), N_("Rules not in use notify no one."), .list = 1, .filter = 1, .def = "1" },
	{ "min_severity_id", F_REF, N_("Severity at least"), N_("The rule applies to incidents of this severity or higher. Leave empty for any severity."), .ref = &entity_incident_severities, .list = 1, .filter = 1, .reverse = N_("Escalation rules from this severity"), .section = N_("When the rule applies") },
	{ "category_id", F_REF, N_("Category"), N_("Leave empty for any category."), .ref = &entity_incident_categories, .list = 1, .filter = 1, .reverse = N_("Escalation rules for the category") },
	{ "significant", F_ENUM, N_("Significant incident"), N_("Assessed as significant under the Cybersecurity Act."), .required = 1, .options = significant_options, .filter = 1, .def = "any" },
	{ "personal_data", F_ENUM, N_("Personal data"), N_("Personal data may be affected, or the incident is assessed as a personal data breach."), .required = 1, .options = personal_data_options, .filter = 1, .def = "any" },
	{ "supplier", F_ENUM, N_("Supplier incident"), N_("A supplier is named on the incident."), .required = 1, .options = supplier_options, .filter = 1, .def = "any" },
	{ "class_aspect", F_ENUM, N_("Classification aspect"), .required = 1, .options = aspect_options, .filter = 1, .def = "any" },
	{ "class_level", F_INT, N_("Classified at least"), N_("The rule applies when an affected system or information asset is classified at this level or higher on the aspect. Leave empty for no condition on classification."), .min = LEVEL_MIN, .max = LEVEL_MAX, .scale = SCALE_CLASSIFICATION },
	{ "roles", F_TEXT, N_("Roles to notify"), N_("Everyone holding the role for the whole organisation."), .max = 200, .set = 1, .options = notify_roles, .list = 1, .section = N_("Who is notified") },
	{ "information_owners", F_BOOL, N_("The information owners"), N_("The owners of the affected information and of the information the affected systems process."), .def = "0" },
	{ "system_owners", F_BOOL, N_("The system owners"), N_("The owners of the affected systems."), .def = "0" },
	{ "agreement_responsible", F_BOOL, N_("The supplier agreement's responsible person"), N_("The responsible person of each agreement with the incident's supplier that has not ended."), .def = "0" },
	{ "person_ids", F_REFS, N_("Named people"), .ref = &entity_people, .link_table = "escalation_rule_people", .reverse = N_("Escalation rules that name them") },
	{ 0 }
};

static int is(const struct jval *rec, const char *field, const char *value)
{
	const char *v = jv_get_str(rec, field);
	return v && strcmp(v, value) == 0;
}

static void rules_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			   const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e, (void)st, (void)a, (void)org_id, (void)old;
	const struct jval *people = jv_get(rec, "person_ids");
	const char *roles = jv_get_str(rec, "roles");
	if ((!roles || !*roles) && !jv_truthy(jv_get(rec, "information_owners")) &&
	    !jv_truthy(jv_get(rec, "system_owners")) && !jv_truthy(jv_get(rec, "agreement_responsible")) &&
	    !(people && people->first))
		verr_add(errs, "roles", tr(lang, "Choose who is notified: a role, the owners, the agreement's responsible person or named people."));
	const struct jval *level = jv_get(rec, "class_level");
	if (!is(rec, "class_aspect", "any") && (!level || level->type != J_INT))
		verr_add(errs, "class_level", tr(lang, "Choose the level the aspect must reach, or set the aspect to any aspect."));
}

const struct entity entity_escalation_rules = {
	.name = "escalation-rules", .table = "escalation_rules",
	.label = N_("Escalation rule"), .plural = N_("Escalation rules"),
	.the = N_("the escalation rule"), .new_title = N_("New escalation rule"),
	.empty = N_("No escalation rules yet. Tillit adds its defaults when the organisation is set up."),
	.title_field = "name", .fields = rule_fields, .grants = rule_grants, .validate = rules_validate,
	.menu = MENU_INCIDENTS, .active_field = "active", .default_sort = "name",
};

/* ---- notices ----------------------------------------------------------- */

static void notices_api_extra(struct rctx *c, const struct entity *e, struct jval *row);

static const struct field notice_fields[] = {
	{ "incident_id", F_REF, N_("Incident"), .required = 1, .ref = &entity_incidents, .readonly = 1, .list = 1, .filter = 1, .reverse = N_("Escalation notices") },
	{ "person_id", F_REF, N_("Notified"), .required = 1, .ref = &entity_people, .readonly = 1, .list = 1, .filter = 1, .reverse = N_("Incident notices they received") },
	{ "rule_id", F_REF, N_("Escalation rule"), .ref = &entity_escalation_rules, .readonly = 1, .filter = 1, .reverse = N_("Notices sent by the rule") },
	{ "rule_name", F_TEXT, N_("Why"), N_("The escalation rule's name when the notice was sent."), .max = 200, .readonly = 1, .search = 1, .list = 1 },
	{ "mail_id", F_INT, N_("E-mail number"), N_("The e-mail in the mail log."), .min = 0, .max = 9007199254740991LL, .readonly = 1 },
	{ "read_at", F_DATETIME, N_("Marked as read"), .readonly = 1, .list = 1, .sort = 1 },
	{ 0 }
};

const struct entity entity_incident_notices = {
	.name = "incident-notices", .table = "incident_notices",
	.label = N_("Escalation notice"), .plural = N_("Escalation notices"),
	.the = N_("the escalation notice"), .new_title = N_("New escalation notice"),
	.empty = N_("No one has been notified. Notices are sent when an incident matches an escalation rule."),
	.title_field = "rule_name", .title_prefix = "person_id", .fields = notice_fields, .grants = notice_grants,
	.scope_via = "incident_id", .no_create = 1, .no_delete = 1, .no_import = 1,
	.api_extra = notices_api_extra,
};

int escalation_notices(struct store *st, struct arena *a, long long org, long long incident_id, struct jval *out)
{
	return store_notices_for_incident(st, a, org, incident_id, out);
}

/* One notice from the API also says what became of its e-mail. */
static void notices_api_extra(struct rctx *c, const struct entity *e, struct jval *row)
{
	(void)e;
	struct jval *all = jv_arr(c->a);
	long long id = jv_get_int(row, "id", 0);
	if (escalation_notices(c->st, c->a, c->who->org_id, jv_get_int(row, "incident_id", 0), all) != STORE_OK)
		return;
	for (const struct jval *n = all->first; n; n = n->next)
		if (jv_get_int(n, "id", 0) == id) {
			static const char *const keys[] = { "person", "mail_to", "mail_status", "mail_error", "sent_at" };
			for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
			{
				const struct jval *v = jv_get(n, keys[i]);
				jv_set(row, keys[i], v ? jv_clone(c->a, v) : jv_null(c->a));
			}
		}
}

/* ---- matching and telling ---------------------------------------------- */

/* The level of severity record id, 0 when none. */
static int severity_level(struct rctx *c, long long id)
{
	struct jval *row;
	if (!id || store_get(c->st, c->a, &entity_incident_severities, c->who->org_id, id, &row) != STORE_OK)
		return 0;
	return (int)jv_get_int(row, "level", 0);
}

/* The classification of what rec affects: per aspect the highest level
 * among its systems (effective: derived and raised) and its information
 * (current). -1 when the store fails. */
static int affected_levels(struct rctx *c, const struct jval *rec, struct levels *out)
{
	levels_unset(out);
	const struct jval *sys = jv_get(rec, "system_ids");
	for (const struct jval *s = sys ? sys->first : NULL; s; s = s->next) {
		struct system_class sc;
		if (s->type != J_INT || classify_system(c->st, c->a, c->who->org_id, s->i, &sc) != STORE_OK)
			return -1;
		escalation_levels_max(out, &sc.d.effective);
	}
	const struct jval *assets = jv_get(rec, "asset_ids");
	for (const struct jval *s = assets ? assets->first : NULL; s; s = s->next) {
		struct levels lv;
		long long cid;
		const char *on;
		if (s->type != J_INT)
			continue;
		int rc = store_asset_classification(c->st, c->a, c->who->org_id, s->i, &lv, &cid, &on);
		if (rc == STORE_OK)
			escalation_levels_max(out, &lv);
		else if (rc != STORE_NOTFOUND)
			return -1;
	}
	return 0;
}

static void rule_of(struct rctx *c, const struct jval *row, struct esc_rule *r)
{
	esc_rule_init(r);
	r->min_severity = severity_level(c, jv_get_int(row, "min_severity_id", 0));
	/* A severity condition whose level cannot be read still holds back
	 * incidents without a severity. */
	if (jv_get_int(row, "min_severity_id", 0) && !r->min_severity)
		r->min_severity = 1;
	r->category_id = jv_get_int(row, "category_id", 0);
	r->significant = is(row, "significant", "yes");
	r->personal_data = is(row, "personal_data", "yes");
	r->supplier = is(row, "supplier", "yes");
	const struct jval *level = jv_get(row, "class_level");
	if (level && level->type == J_INT) {
		r->class_level = (int)level->i;
		const char *asp = jv_get_str(row, "class_aspect");
		r->class_aspect = asp && strcmp(asp, "any") != 0 ? (int)aspect_from_code(asp) : ASPECT_COUNT;
	}
}

/* Yes / No / not assessed, in Swedish, for the e-mail. */
static const char *yes_no(int v)
{
	return v ? tr(LANG_SV, "Yes") : tr(LANG_SV, "No");
}

/* The e-mail telling person about the incident, in Swedish. With a
 * secrecy marking the description stays in Tillit, and the subject holds
 * only the receipt number. */
static void notice_mail(struct rctx *c, long long id, const struct jval *rec, const struct esc_incident *inc,
			const char *rule, const struct esc_person *p, const char **subject, const char **body)
{
	struct arena *a = c->a;
	int lang = LANG_SV;
	const char *receipt = jv_get_str(rec, "receipt") ? jv_get_str(rec, "receipt") : "";
	const char *title = jv_get_str(rec, "title") ? jv_get_str(rec, "title") : "";
	const char *secrecy = jv_get_str(rec, "secrecy_basis");
	int secret = secrecy && *secrecy;
	const char *severity = store_title(c->st, a, &entity_incident_severities, c->who->org_id,
					   jv_get_int(rec, "severity_id", 0));
	const char *category = store_title(c->st, a, &entity_incident_categories, c->who->org_id,
					   jv_get_int(rec, "category_id", 0));
	*subject = secret ? arena_printf(a, tr(lang, "[Tillit] Incident %s (secrecy marked)"), receipt)
			  : arena_printf(a, tr(lang, "[Tillit] Incident %s: %s"), receipt, title);
	struct buf b = BUF_INIT;
	buf_printf(&b, tr(lang, "Hello %s,"), p->name ? p->name : "");
	buf_printf(&b, "\n\n");
	buf_printf(&b, tr(lang, "You are notified of an incident under the escalation rule \"%s\"."), rule);
	buf_printf(&b, "\n\n");
	if (secret)
		buf_printf(&b, "%s: %s\n\n", trc(lang, "escalation e-mail", "Secrecy marking"), secrecy);
	buf_printf(&b, "%s: %s\n", trc(lang, "escalation e-mail", "Receipt number"), receipt);
	buf_printf(&b, "%s: %s\n", trc(lang, "escalation e-mail", "Title"), title);
	buf_printf(&b, "%s: %s\n", trc(lang, "escalation e-mail", "Severity"), severity ? severity : trc(lang, "escalation e-mail", "Not yet assessed"));
	buf_printf(&b, "%s: %s\n", trc(lang, "escalation e-mail", "Category"), category ? category : trc(lang, "escalation e-mail", "Not yet assessed"));
	buf_printf(&b, "%s: %s\n", trc(lang, "escalation e-mail", "Significant incident"), yes_no(inc->significant));
	buf_printf(&b, "%s: %s\n", trc(lang, "escalation e-mail", "Personal data"), yes_no(inc->personal_data));
	buf_printf(&b, "\n");
	if (secret) {
		buf_printf(&b, "%s\n", tr(lang, "The incident is marked as covered by secrecy: read what happened in Tillit."));
	} else {
		const char *desc = jv_get_str(rec, "description");
		buf_printf(&b, "%s:\n%s\n", trc(lang, "escalation e-mail", "What happened"), desc ? desc : "");
	}
	buf_printf(&b, "\n%s: /incidents/%lld\n", tr(lang, "The incident in Tillit"), id);
	buf_printf(&b, "\n%s\n", tr(lang, "This message was sent by Tillit. The notice is also in your tasks (Mina uppgifter)."));
	*body = arena_strdup(a, buf_str(&b));
	buf_free(&b);
}

/* The role codes of a rule's set field roles. */
static size_t rule_roles(const struct jval *row, const char **out)
{
	unsigned long bits = 0;
	const struct field *f = entity_field(&entity_escalation_rules, "roles");
	if (record_set_bits(f, jv_get_str(row, "roles"), &bits) != 0)
		return 0;
	size_t n = 0;
	for (int i = 0; notify_roles[i].value; i++)
		if (bits & (1UL << i))
			out[n++] = notify_roles[i].value;
	return n;
}

int escalation_apply(struct rctx *c, long long incident_id, const struct jval *rec, const struct jval *old)
{
	(void)old; /* who was told is in incident_notices: a rule that matched
		      before told its recipients then, and only those not yet
		      told are told now */
	struct arena *a = c->a;
	long long org = c->who->org_id;
	struct list_query q = { .page = 1, .limit = 0, .with_links = 1 };
	q.filters[q.nfilters++] = (struct list_filter){ entity_field(&entity_escalation_rules, "active"), "1" };
	struct jval *rules;
	long long total;
	if (store_list(c->st, a, &entity_escalation_rules, org, &q, &rules, &total) != STORE_OK)
		return REC_ERROR;
	if (!rules->first)
		return REC_OK;

	struct esc_incident inc;
	esc_incident_init(&inc);
	inc.severity = severity_level(c, jv_get_int(rec, "severity_id", 0));
	inc.category_id = jv_get_int(rec, "category_id", 0);
	inc.significant = is(rec, "significance", "significant");
	inc.personal_data = jv_truthy(jv_get(rec, "personal_data_involved"));
	inc.supplier = jv_get_int(rec, "supplier_id", 0) != 0;
	int need_levels = 0;
	for (const struct jval *r = rules->first; r; r = r->next) {
		const struct jval *level = jv_get(r, "class_level");
		need_levels |= level && level->type == J_INT;
	}
	if (need_levels && affected_levels(c, rec, &inc.classified) != 0)
		return REC_ERROR;

	char today[11];
	clock_today(today);
	struct rctx sub = *c;
	sub.seeding = 1; /* notices are no_create: only Tillit writes them */
	for (const struct jval *r = rules->first; r; r = r->next) {
		struct esc_rule rule;
		rule_of(c, r, &rule);
		if (!escalation_matches(&rule, &inc))
			continue;
		const char *roles[8];
		size_t nroles = rule_roles(r, roles);
		unsigned kinds = (jv_truthy(jv_get(r, "information_owners")) ? ESC_INFORMATION_OWNERS : 0) |
				 (jv_truthy(jv_get(r, "system_owners")) ? ESC_SYSTEM_OWNERS : 0) |
				 (jv_truthy(jv_get(r, "agreement_responsible")) ? ESC_AGREEMENT_RESPONSIBLE : 0);
		long long rule_id = jv_get_int(r, "id", 0);
		const char *rule_name = jv_get_str(r, "name") ? jv_get_str(r, "name") : "";
		struct esc_person *people;
		size_t n;
		if (store_escalation_recipients(c->st, a, org, incident_id, rule_id, roles, nroles, kinds, today, &people,
						&n) != STORE_OK)
			return REC_ERROR;
		for (size_t i = 0; i < n; i++) {
			int told = store_notice_exists(c->st, incident_id, people[i].id);
			if (told < 0)
				return REC_ERROR;
			if (told)
				continue;
			const char *subject, *body;
			notice_mail(c, incident_id, rec, &inc, rule_name, &people[i], &subject, &body);
			long long mail_id = 0;
			if (store_mail_enqueue(c->st, org, people[i].email, people[i].name, subject, body,
					       entity_incidents.name, incident_id, rule_name, &mail_id) != STORE_OK)
				return REC_ERROR;
			struct jval *in = jv_obj(a);
			jv_set_int(a, in, "incident_id", incident_id);
			jv_set_int(a, in, "person_id", people[i].id);
			jv_set_int(a, in, "rule_id", rule_id);
			jv_set_str(a, in, "rule_name", rule_name);
			jv_set_int(a, in, "mail_id", mail_id);
			struct verrors errs = { 0 };
			long long nid;
			int rc = record_create(&sub, &entity_incident_notices, in, &nid, &errs);
			if (rc != REC_OK)
				return rc;
		}
	}
	return REC_OK;
}

/* ---- the defaults ------------------------------------------------------ */

/* Seeded in Swedish; English readers see the msgid while the text is
 * still the shipped one (escalation_default_text). The issue's "severity
 * high or T >= 3" is two rules with the same recipients. */
struct default_rule {
	const char *name, *name_en, *desc, *desc_en;
	int severity;       /* min severity level, 0: none */
	const char *aspect; /* with level */
	int level;          /* -1: none */
	const char *significant, *personal_data, *supplier;
	const char *roles;
	int information_owners, agreement_responsible;
};

static const struct default_rule default_rules[] = {
	{ "Hög allvarlighet", N_("High severity"),
	  "Incidenter med allvarlighet Hög eller högre. Tillsammans med regeln för tillgänglighet: hög allvarlighet eller T ≥ 3.",
	  N_("Incidents of severity High or above. Together with the availability rule: high severity or T ≥ 3."),
	  3, "any", -1, "any", "any", "any", "security_chief, it_chief, manager", 1, 0 },
	{ "Tillgänglighet 3 eller högre", N_("Availability 3 or higher"),
	  "Något som berörs är klassat på nivå 3 eller högre för tillgänglighet (T). Tillsammans med regeln för hög allvarlighet: hög allvarlighet eller T ≥ 3.",
	  N_("Something affected is classified at level 3 or higher for availability (T). Together with the high severity rule: high severity or T ≥ 3."),
	  0, "T", 3, "any", "any", "any", "security_chief, it_chief, manager", 1, 0 },
	{ "Personuppgifter", N_("Personal data"),
	  "Personuppgifter kan vara berörda: dataskyddsombudet underrättas.",
	  N_("Personal data may be affected: the data protection officer is notified."),
	  0, "any", -1, "any", "yes", "any", "dpo", 0, 0 },
	{ "Leverantörsincident", N_("Supplier incident"),
	  "En leverantör är inblandad: den ansvarige för avtalen med leverantören underrättas.",
	  N_("A supplier is involved: the person responsible for the agreements with the supplier is notified."),
	  0, "any", -1, "any", "any", "yes", NULL, 0, 1 },
	{ "Betydande incident", N_("Significant incident"),
	  "Incidenten har bedömts som betydande enligt cybersäkerhetslagen.",
	  N_("The incident has been assessed as significant under the Cybersecurity Act."),
	  0, "any", -1, "yes", "any", "any", "security_chief, manager", 0, 0 },
};

const char *escalation_default_text(int lang, const char *stored)
{
	if (lang == LANG_SV || !stored)
		return stored;
	for (size_t i = 0; i < sizeof default_rules / sizeof *default_rules; i++) {
		if (strcmp(stored, default_rules[i].name) == 0)
			return tr(lang, default_rules[i].name_en);
		if (strcmp(stored, default_rules[i].desc) == 0)
			return tr(lang, default_rules[i].desc_en);
	}
	return stored;
}

/* The id of the organisation's severity with the lowest level at or above
 * level, or 0. */
static long long severity_at_least(struct rctx *c, int level)
{
	struct list_query q = { .page = 1, .limit = 0 };
	struct jval *rows;
	long long total, best = 0, best_level = 0;
	if (store_list(c->st, c->a, &entity_incident_severities, c->who->org_id, &q, &rows, &total) != STORE_OK)
		return 0;
	for (const struct jval *r = rows->first; r; r = r->next) {
		long long l = jv_get_int(r, "level", 0);
		if (l >= level && (!best || l < best_level))
			best = jv_get_int(r, "id", 0), best_level = l;
	}
	return best;
}

int escalation_defaults_sync(struct rctx *c)
{
	if (store_count(c->st, &entity_escalation_rules, c->who->org_id) > 0)
		return REC_OK;
	for (size_t i = 0; i < sizeof default_rules / sizeof *default_rules; i++) {
		const struct default_rule *d = &default_rules[i];
		struct jval *in = jv_obj(c->a);
		jv_set_str(c->a, in, "name", d->name);
		jv_set_str(c->a, in, "description", d->desc);
		if (d->severity) {
			long long sev = severity_at_least(c, d->severity);
			if (!sev)
				continue; /* no such level: the rule would match everything */
			jv_set_int(c->a, in, "min_severity_id", sev);
		}
		jv_set_str(c->a, in, "class_aspect", d->aspect);
		if (d->level >= 0)
			jv_set_int(c->a, in, "class_level", d->level);
		jv_set_str(c->a, in, "significant", d->significant);
		jv_set_str(c->a, in, "personal_data", d->personal_data);
		jv_set_str(c->a, in, "supplier", d->supplier);
		if (d->roles)
			jv_set_str(c->a, in, "roles", d->roles);
		jv_set_bool(c->a, in, "information_owners", d->information_owners);
		jv_set_bool(c->a, in, "agreement_responsible", d->agreement_responsible);
		struct verrors errs = { 0 };
		long long id;
		int rc = record_create(c, &entity_escalation_rules, in, &id, &errs);
		if (rc != REC_OK)
			return rc;
	}
	return REC_OK;
}

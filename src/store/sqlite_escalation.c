/*
 * sqlite_escalation.c: escalation's reads (store/escalation.h). The
 * recipients of a rule are one statement over the incident's link tables,
 * the role assignments, the agreements of its supplier and the rule's
 * named people; the notices are read by incident or by person through
 * their indexes (migration 0014).
 */
#include "store/escalation.h"

#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/json.h"

/* ?1 org, ?2 incident, ?3 rule, ?4 kinds (bits), ?5 today, ?6.. roles. */
#define RECIPIENTS_SQL                                                                                           \
	"WITH who(id) AS ("                                                                                      \
	" SELECT to_id FROM escalation_rule_people WHERE from_id = ?3"                                          \
	" UNION SELECT i.owner_id FROM incident_assets l JOIN information_assets i ON i.id = l.to_id"           \
	"  WHERE (?4 & 1) AND l.from_id = ?2 AND i.owner_id IS NOT NULL"                                         \
	" UNION SELECT i.owner_id FROM incident_systems l JOIN system_information si ON si.from_id = l.to_id"    \
	"  JOIN information_assets i ON i.id = si.to_id WHERE (?4 & 1) AND l.from_id = ?2 AND i.owner_id IS NOT NULL" \
	" UNION SELECT s.owner_id FROM incident_systems l JOIN systems s ON s.id = l.to_id"                     \
	"  WHERE (?4 & 2) AND l.from_id = ?2 AND s.owner_id IS NOT NULL"                                         \
	" UNION SELECT g.responsible_id FROM incidents n JOIN agreements g ON g.supplier_id = n.supplier_id"    \
	"  WHERE (?4 & 4) AND n.id = ?2 AND g.responsible_id IS NOT NULL"                                        \
	"  AND (g.end_date IS NULL OR g.end_date = '' OR g.end_date >= ?5)"                                      \
	" UNION SELECT person_id FROM role_assignments WHERE org_id = ?1 AND scope = 'org' AND role IN (%s))"   \
	" SELECT p.id, p.name, p.email FROM who JOIN people p ON p.id = who.id"                                  \
	" WHERE p.org_id = ?1 AND p.active != 0 ORDER BY p.id"

#define ROLES_MAX 16

int store_escalation_recipients(struct store *st, struct arena *a, long long org, long long incident, long long rule,
				const char *const *roles, size_t nroles, unsigned kinds, const char *today,
				struct esc_person **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (nroles > ROLES_MAX)
		nroles = ROLES_MAX;
	/* One statement per number of roles (kept by sq_prepare); "NULL"
	 * when none, which no role equals. */
	char in[ROLES_MAX * 4 + 8];
	size_t k = 0;
	if (!nroles)
		k = (size_t)snprintf(in, sizeof in, "NULL");
	for (size_t i = 0; i < nroles; i++)
		k += (size_t)snprintf(in + k, sizeof in - k, "%s?%zu", i ? "," : "", i + 6);
	sqlite3_stmt *s = sq_prepare(st, arena_printf(a, RECIPIENTS_SQL, in));
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, incident);
	sqlite3_bind_int64(s, 3, rule);
	sqlite3_bind_int64(s, 4, kinds);
	sq_bind_text(s, 5, today);
	for (size_t i = 0; i < nroles; i++)
		sq_bind_text(s, (int)i + 6, roles[i]);
	size_t cap = 8;
	struct esc_person *v = arena_alloc_array(a, cap, sizeof *v);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			struct esc_person *v2 = arena_alloc_array(a, 2 * cap, sizeof *v2);
			memcpy(v2, v, cap * sizeof *v);
			v = v2, cap *= 2;
		}
		struct esc_person *p = &v[(*n)++];
		p->id = sqlite3_column_int64(s, 0);
		p->name = sq_col_text(a, s, 1);
		p->email = sq_col_text(a, s, 2);
	}
	sqlite3_reset(s);
	*out = v;
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "escalation recipients");
}

int store_notice_exists(struct store *st, long long incident, long long person)
{
	sqlite3_stmt *s = sq_prepare(st, "SELECT 1 FROM incident_notices WHERE incident_id = ? AND person_id = ?");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, incident);
	sqlite3_bind_int64(s, 2, person);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	sq_fail(st, "notice");
	return -1;
}

static void set_text(struct arena *a, struct jval *o, const char *key, sqlite3_stmt *s, int col)
{
	const char *t = sq_col_text(a, s, col);
	jv_set(o, key, t ? jv_str(a, t) : jv_null(a));
}

int store_notices_for_incident(struct store *st, struct arena *a, long long org, long long incident,
			       struct jval *out)
{
	sqlite3_stmt *s = sq_prepare(st,
		"SELECT n.id, n.person_id, p.name, n.rule_id, n.rule_name, n.created_at, n.read_at, n.mail_id,"
		" m.status, m.last_error, m.sent_at, m.to_addr"
		" FROM incident_notices n JOIN people p ON p.id = n.person_id"
		" LEFT JOIN mail_queue m ON m.id = n.mail_id"
		" WHERE n.incident_id = ? AND n.org_id = ? ORDER BY n.id");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, incident);
	sqlite3_bind_int64(s, 2, org);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct jval *o = jv_push(out, jv_obj(a));
		jv_set(o, "id", jv_int(a, sqlite3_column_int64(s, 0)));
		jv_set(o, "person_id", jv_int(a, sqlite3_column_int64(s, 1)));
		set_text(a, o, "person", s, 2);
		jv_set(o, "rule_id", sqlite3_column_type(s, 3) == SQLITE_NULL ? jv_null(a)
									   : jv_int(a, sqlite3_column_int64(s, 3)));
		set_text(a, o, "rule", s, 4);
		set_text(a, o, "created_at", s, 5);
		set_text(a, o, "read_at", s, 6);
		jv_set(o, "mail_id", sqlite3_column_type(s, 7) == SQLITE_NULL ? jv_null(a)
									   : jv_int(a, sqlite3_column_int64(s, 7)));
		set_text(a, o, "mail_status", s, 8);
		set_text(a, o, "mail_error", s, 9);
		set_text(a, o, "sent_at", s, 10);
		set_text(a, o, "mail_to", s, 11);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "notices");
}

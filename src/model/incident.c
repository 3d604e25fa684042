/*
 * incident.c: incidents under the Cybersecurity Act (SFS 2025:1506) and
 * GDPR art. 33-34 — the report as made, triage, the significance and
 * personal-data breach assessments, the secrecy marking, the timeline,
 * the reports sent — and the organisation's lists they are judged
 * against: categories, severities, significance criteria and report
 * recipients. The clocks are core/deadline.h; model/incident.h says how
 * an incident's deadlines and report texts are made. See docs/incidents.md.
 */
#include "model/incident.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/deadline.h"
#include "model/escalation.h"
#include "model/entity.h"
#include "model/record.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/json.h"

/* ---- options --------------------------------------------------------- */

static const struct option channels[] = {
	{ "staff", N_("Reported by staff") },
	{ "public", N_("Reported through the public form") },
	{ "monitoring", N_("Found by monitoring") },
	{ "supplier", N_("Reported by a supplier") },
	{ "external", N_("Reported by an authority or someone outside") },
	{ "other", N_("Other") },
	{ 0 }
};

const struct option incident_statuses[] = {
	{ "new", N_("New, not yet triaged") },
	{ "handling", N_("Being handled") },
	{ "closed", N_("Closed") },
	{ "not_incident", N_("Closed: not an incident") },
	{ 0 }
};

static const struct option significance_options[] = {
	{ "not_assessed", N_("Not yet assessed") },
	{ "significant", N_("Significant incident") },
	{ "not_significant", N_("Not significant") },
	{ 0 }
};

static const struct option suspicion_options[] = {
	{ "unknown", N_("Not known") },
	{ "suspected", N_("Yes") },
	{ "not_suspected", N_("No") },
	{ 0 }
};

static const struct option cross_border_options[] = {
	{ "unknown", N_("Not known") },
	{ "possible", N_("Yes") },
	{ "no", N_("No") },
	{ 0 }
};

static const struct option breach_options[] = {
	{ "not_assessed", N_("Not yet assessed") },
	{ "no", N_("Not a personal data breach") },
	{ "yes_report", N_("A breach to report to IMY") },
	{ "yes_no_risk", N_("A breach unlikely to result in a risk: documented, not reported") },
	{ 0 }
};

static const struct option informed_options[] = {
	{ "not_decided", N_("Not yet decided") },
	{ "informed", N_("Informed") },
	{ "not_informed", N_("Not informed") },
	{ 0 }
};

static const struct option event_kinds[] = {
	{ "detection", N_("Detection") },
	{ "mitigation", N_("Mitigation") },
	{ "observation", N_("Observation") },
	{ "communication", N_("Communication") },
	{ "status_changed", N_("Status changed") },
	{ "severity_changed", N_("Severity changed") },
	{ "assessment", N_("Assessment") },
	{ "other", N_("Other") },
	{ 0 }
};

const struct option incident_report_kinds[] = {
	{ "nis2_early_warning", N_("Early warning (Cybersecurity Act)") },
	{ "nis2_notification", N_("Incident notification (Cybersecurity Act)") },
	{ "nis2_intermediate_report", N_("Intermediate report (Cybersecurity Act)") },
	{ "nis2_progress_report", N_("Progress report (Cybersecurity Act)") },
	{ "nis2_final_report", N_("Final report (Cybersecurity Act)") },
	{ "gdpr_notification", N_("Personal data breach notification to IMY") },
	{ "gdpr_supplement", N_("Supplement to IMY") },
	{ "police_report", N_("Police report") },
	{ "data_subjects_informed", N_("Information to the data subjects") },
	{ "other", N_("Other report") },
	{ 0 }
};

static const struct option recipient_kinds[] = {
	{ "nis2", N_("Cybersecurity Act (CSIRT)") },
	{ "gdpr", N_("Personal data breaches (IMY)") },
	{ "police", N_("Police") },
	{ "other", N_("Other") },
	{ 0 }
};

/* ---- grants ---------------------------------------------------------- */

/* The coordinator and the security manager handle incidents; the data
 * protection officer reads and assesses those that involve personal data
 * (a flag the incident keeps, G_FLAG); oversight reads. Reporting is not
 * a grant: anyone logged in reports through the report page
 * (incident_report_create), which writes only the reporter's fields. */
static const struct grant incident_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR), GRANT_ALL(ROLE_SECURITY_CHIEF),
	GRANT_FLAGGED(ROLE_DPO, A_READ | A_UPDATE, "personal_data_involved"),
	GRANT_READ(ROLE_IT_CHIEF), GRANT_READ(ROLE_MANAGER), GRANT_READ(ROLE_AUDITOR),
	GRANTS_END
};

/* The timeline belongs to its incident (scope_via) and is what was
 * recorded: added to, never changed (a correction is a new entry). */
static const struct grant incident_event_grants[] = {
	{ ROLE_ADMIN, A_READ | A_CREATE, G_ALL, NULL }, { ROLE_COORDINATOR, A_READ | A_CREATE, G_ALL, NULL },
	{ ROLE_SECURITY_CHIEF, A_READ | A_CREATE, G_ALL, NULL },
	GRANT_FLAGGED(ROLE_DPO, A_READ | A_CREATE, "personal_data_involved"),
	GRANT_READ(ROLE_IT_CHIEF), GRANT_READ(ROLE_MANAGER), GRANT_READ(ROLE_AUDITOR),
	GRANTS_END
};

/* The reports sent belong to their incident (scope_via); never deleted
 * (entity no_delete): a report sent stays sent. */
static const struct grant incident_part_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR), GRANT_ALL(ROLE_SECURITY_CHIEF),
	GRANT_FLAGGED(ROLE_DPO, A_READ | A_CREATE | A_UPDATE, "personal_data_involved"),
	GRANT_READ(ROLE_IT_CHIEF), GRANT_READ(ROLE_MANAGER), GRANT_READ(ROLE_AUDITOR),
	GRANTS_END
};

/* The lists incidents are judged against. */
static const struct grant incident_setting_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR), GRANT_ALL(ROLE_SECURITY_CHIEF),
	GRANT_READ(ROLE_DPO), GRANT_READ(ROLE_IT_CHIEF), GRANT_READ(ROLE_MANAGER), GRANT_READ(ROLE_AUDITOR),
	GRANTS_END
};

/* ---- the organisation's lists ------------------------------------------ */

static const struct field category_fields[] = {
	{ "name", F_TEXT, N_("Name"), .required = 1, .max = 200, .search = 1, .list = 1, .sort = 1, .unique = 1, .shipped = 1 },
	{ "description", F_LONGTEXT, N_("Description"), .max = 2000, .search = 1, .list = 1, .shipped = 1 },
	{ "active", F_BOOL, N_("In use"), N_("Categories no longer in use stay on the incidents that have them but are not offered for new ones."), .list = 1, .filter = 1, .def = "1" },
	{ 0 }
};

const struct entity entity_incident_categories = {
	.name = "incident-categories", .table = "incident_categories",
	.label = N_("Incident category"), .plural = N_("Incident categories"),
	.the = N_("the incident category"), .new_title = N_("New incident category"),
	.empty = N_("No incident categories yet. Tillit adds its defaults when the organisation is set up."),
	.title_field = "name", .fields = category_fields, .grants = incident_setting_grants,
	.menu = MENU_INCIDENTS, .active_field = "active", .default_sort = "name",
};

static const struct field severity_fields[] = {
	{ "level", F_INT, N_("Level"), N_("1 is the lowest. Escalation rules compare levels."), .required = 1, .min = 1, .max = 9, .list = 1, .sort = 1, .unique = 1 },
	{ "name", F_TEXT, N_("Name"), .required = 1, .max = 100, .search = 1, .list = 1, .sort = 1, .shipped = 1 },
	{ "description", F_LONGTEXT, N_("Description"), .max = 2000, .search = 1, .list = 1, .shipped = 1 },
	{ 0 }
};

const struct entity entity_incident_severities = {
	.name = "incident-severities", .table = "incident_severities",
	.label = N_("Severity level"), .plural = N_("Severity levels"),
	.the = N_("the severity level"), .new_title = N_("New severity level"),
	.empty = N_("No severity levels yet. Tillit adds its defaults when the organisation is set up."),
	.title_field = "name", .fields = severity_fields, .grants = incident_setting_grants,
	.menu = MENU_INCIDENTS, .default_sort = "level",
};

static const struct field criterion_fields[] = {
	{ "title", F_TEXT, N_("Criterion"), .required = 1, .max = 300, .search = 1, .list = 1, .sort = 1, .shipped = 1 },
	{ "description", F_LONGTEXT, N_("Description"), .max = 4000, .search = 1, .shipped = 1 },
	{ "version", F_INT, N_("Version"), N_("The version of the list the criterion belongs to. An assessment records the version it was made against; make a new version when the rules change (for example new regulations from the supervisory authority)."), .required = 1, .min = 1, .max = 1000, .list = 1, .filter = 1, .sort = 1, .def = "1" },
	{ "active", F_BOOL, N_("In use"), .list = 1, .filter = 1, .def = "1" },
	{ 0 }
};

const struct entity entity_significance_criteria = {
	.name = "significance-criteria", .table = "significance_criteria",
	.label = N_("Significance criterion"), .plural = N_("Significance criteria"),
	.the = N_("the significance criterion"), .new_title = N_("New significance criterion"),
	.empty = N_("No significance criteria yet. Tillit adds its defaults when the organisation is set up."),
	.title_field = "title", .fields = criterion_fields, .grants = incident_setting_grants,
	.menu = MENU_INCIDENTS, .active_field = "active", .default_sort = "version",
};

static const struct field recipient_fields[] = {
	{ "kind", F_ENUM, N_("Reports"), .required = 1, .options = recipient_kinds, .list = 1, .filter = 1, .sort = 1 },
	{ "name", F_TEXT, N_("Recipient"), .required = 1, .max = 300, .search = 1, .list = 1, .sort = 1, .shipped = 1 },
	{ "address", F_TEXT, N_("Where to report"), N_("The e-service, address or telephone number."), .max = 500, .search = 1, .list = 1 },
	{ "notes", F_LONGTEXT, N_("Notes"), .max = 4000, .search = 1, .shipped = 1 },
	{ "active", F_BOOL, N_("In use"), .list = 1, .filter = 1, .def = "1" },
	{ 0 }
};

const struct entity entity_report_recipients = {
	.name = "report-recipients", .table = "report_recipients",
	.label = N_("Report recipient"), .plural = N_("Report recipients"),
	.the = N_("the report recipient"), .new_title = N_("New report recipient"),
	.empty = N_("No report recipients yet. Tillit adds its defaults when the organisation is set up."),
	.title_field = "name", .fields = recipient_fields, .grants = incident_setting_grants,
	.menu = MENU_INCIDENTS, .active_field = "active", .default_sort = "kind",
};

/* ---- incidents ------------------------------------------------------- */

static void incidents_api_extra(struct rctx *c, const struct entity *e, struct jval *row);

static const struct field incident_fields[] = {
	{ "title", F_TEXT, N_("Title"), N_("A few words that name the incident."), .required = 1, .max = 200, .search = 1, .list = 1, .sort = 1, .section = N_("What happened") },
	{ "description", F_LONGTEXT, N_("What happened"), .required = 1, .max = 8000, .search = 1 },
	{ "occurred_at", F_DATETIME, N_("When it happened"), N_("Leave empty if not known."), .sort = 1 },
	{ "discovered_at", F_DATETIME, N_("When it was discovered"), .required = 1, .sort = 1, .def = "now" },
	{ "personal_data_possible", F_BOOL, N_("Personal data may be affected"), .filter = 1, .def = "0" },
	{ "channel", F_ENUM, N_("How it came to be known"), .required = 1, .options = channels, .filter = 1, .sort = 1, .def = "staff" },
	{ "reported_by_id", F_REF, N_("Reported by"), .ref = &entity_people, .readonly = 1, .author = 1, .filter = 1, .reverse = N_("Incidents they reported") },
	{ "reporter_contact", F_TEXT, N_("Reporter's contact details"), .max = 300, .search = 1 },
	{ "receipt", F_TEXT, N_("Receipt number"), .readonly = 1, .max = 20, .search = 1, .list = 1, .sort = 1 },
	{ "follow_hash", F_TEXT, "follow_hash", .hidden = 1, .max = 64 },

	{ "status", F_ENUM, N_("Status"), .required = 1, .options = incident_statuses, .list = 1, .filter = 1, .sort = 1, .def = "new", .section = N_("Triage") },
	{ "dismissal_reason", F_LONGTEXT, N_("Why it is not an incident"), N_("Only when closed as not an incident: spam, a test, a mistake …"), .max = 4000, .search = 1 },
	{ "aware_at", F_DATETIME, N_("Aware since"), N_("When the organisation became aware of the incident. The Cybersecurity Act's and GDPR's deadlines count from here."), .required = 1, .list = 1, .sort = 1, .def = "now" },
	{ "category_id", F_REF, N_("Category"), .ref = &entity_incident_categories, .filter = 1, .sort = 1, .reverse = N_("Incidents in the category") },
	{ "severity_id", F_REF, N_("Severity"), .ref = &entity_incident_severities, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Incidents of the severity") },
	{ "system_ids", F_REFS, N_("Affected systems"), .ref = &entity_systems, .link_table = "incident_systems", .reverse = N_("Incidents that affected the system") },
	{ "asset_ids", F_REFS, N_("Affected information"), .ref = &entity_information_assets, .link_table = "incident_assets", .reverse = N_("Incidents that affected the information") },
	{ "supplier_id", F_REF, N_("Supplier involved"), N_("A supplier whose service or staff the incident concerns: a supplier incident."), .ref = &entity_suppliers, .filter = 1, .reverse = N_("Incidents involving the supplier") },
	{ "handler_id", F_REF, N_("Handled by"), .ref = &entity_people, .filter = 1, .reverse = N_("Incidents they handle") },
	{ "triaged_at", F_DATETIME, N_("Triaged"), .readonly = 1, .sort = 1 },

	{ "significance", F_ENUM, N_("Significant incident?"), N_("Under the Cybersecurity Act: an incident that causes or can cause severe operational disruption or financial loss, or considerable damage to others, is significant and is reported to the national CSIRT (see the report recipients)."), .required = 1, .options = significance_options, .list = 1, .filter = 1, .sort = 1, .def = "not_assessed", .section = N_("Significance under the Cybersecurity Act") },
	{ "criterion_ids", F_REFS, N_("Criteria met"), .ref = &entity_significance_criteria, .link_table = "incident_criteria", .reverse = N_("Incidents that met the criterion") },
	{ "significance_reason", F_LONGTEXT, N_("Reason for the decision"), .max = 4000, .search = 1 },
	{ "significance_version", F_INT, N_("Criteria version"), .readonly = 1, .min = 0, .max = 1000 },
	{ "significance_by_id", F_REF, N_("Decided by"), .ref = &entity_people, .readonly = 1, .stamp = "significance", .reverse = N_("Significance decisions they made") },
	{ "significance_at", F_DATETIME, N_("Decided"), .readonly = 1, .stamp = "significance" },
	{ "malicious", F_ENUM, N_("Unlawful or malicious cause suspected?"), N_("Asked in the early warning."), .required = 1, .options = suspicion_options, .def = "unknown" },
	{ "cross_border", F_ENUM, N_("Possible cross-border impact?"), .required = 1, .options = cross_border_options, .def = "unknown" },
	{ "impact", F_LONGTEXT, N_("Severity and impact"), N_("The assessment of the incident's severity and impact, for the incident notification."), .max = 8000, .search = 1 },
	{ "indicators", F_LONGTEXT, N_("Indicators of compromise"), .max = 8000, .search = 1 },

	{ "pd_breach", F_ENUM, N_("Personal data breach?"), N_("GDPR art. 33: a breach is reported to IMY within 72 hours unless it is unlikely to result in a risk to people's rights and freedoms. Every breach is documented."), .required = 1, .options = breach_options, .filter = 1, .def = "not_assessed", .section = N_("Personal data breach (GDPR)") },
	{ "pd_nature", F_LONGTEXT, N_("Nature of the breach"), .max = 4000, .search = 1 },
	{ "pd_subject_categories", F_TEXT, N_("Categories of data subjects"), N_("For example pupils, patients, employees."), .max = 500 },
	{ "pd_subjects_count", F_INT, N_("Approximate number of data subjects"), .min = 0, .max = 100000000 },
	{ "pd_record_categories", F_TEXT, N_("Categories of personal data"), .max = 500 },
	{ "pd_records_count", F_INT, N_("Approximate number of records"), .min = 0, .max = 1000000000 },
	{ "pd_consequences", F_LONGTEXT, N_("Likely consequences"), .max = 4000 },
	{ "pd_measures", F_LONGTEXT, N_("Measures taken or proposed"), .max = 4000 },
	{ "pd_no_risk_reason", F_LONGTEXT, N_("Why it is not reported"), N_("Only for a breach unlikely to result in a risk."), .max = 4000 },
	{ "pd_subjects_informed", F_ENUM, N_("Data subjects informed? (art. 34)"), .required = 1, .options = informed_options, .def = "not_decided" },
	{ "pd_subjects_informed_on", F_DATE, N_("Informed on"), .sort = 1 },
	{ "pd_subjects_not_informed_reason", F_LONGTEXT, N_("Why they were not informed"), .max = 4000 },
	{ "personal_data_involved", F_BOOL, "personal_data_involved", .hidden = 1, .def = "0" },

	{ "secrecy_basis", F_TEXT, N_("Secrecy marking"), N_("The legal basis if the incident's information is covered by secrecy, e.g. \"OSL 18 kap. 8 §\". Shown on the incident, on every report text and in exports: what is sent to an authority becomes a public record unless marked."), .max = 300, .search = 1, .section = N_("Secrecy") },

	{ "mitigation", F_LONGTEXT, N_("What was done to limit it"), .max = 8000, .search = 1, .section = N_("Handling and follow-up") },
	{ "police_reference", F_TEXT, N_("Police report reference"), .max = 100, .search = 1 },
	{ "root_cause", F_LONGTEXT, N_("Root cause"), N_("Needed to close the incident."), .max = 8000, .search = 1 },
	{ "lessons", F_LONGTEXT, N_("Lessons learned"), N_("Needed to close the incident."), .max = 8000, .search = 1 },
	{ "risk_ids", F_REFS, N_("Risks it realised"), .ref = &entity_risks, .link_table = "incident_risks", .reverse = N_("Incidents that realised the risk") },
	{ "handled_at", F_DATETIME, N_("Handling ended"), N_("Set when the incident is closed unless given. A final report under the Cybersecurity Act is due one month after handling ends when it ran past the first deadline."), .sort = 1 },
	{ "closed_at", F_DATETIME, N_("Closed"), .readonly = 1, .sort = 1 },
	{ 0 }
};

/* Instant of a stored time, 0 when empty. */
static long long at_of(const struct jval *rec, const char *field)
{
	const char *s = jv_get_str(rec, field);
	long long t;
	return s && *s && ts_parse(s, &t) == 0 ? t : 0;
}

static int is(const struct jval *rec, const char *field, const char *value)
{
	const char *v = jv_get_str(rec, field);
	return v && strcmp(v, value) == 0;
}

static int empty(const struct jval *rec, const char *field)
{
	const char *v = jv_get_str(rec, field);
	return !v || !*v;
}

static void set_now(struct arena *a, struct jval *rec, const char *field)
{
	char t[21];
	ts_format(clock_unix() / 60 * 60, t);
	jv_set_str(a, rec, field, arena_strdup(a, t));
}

int incident_new_receipt(struct store *st, long long org, char out[INCIDENT_RECEIPT_LEN])
{
	/* The year and six characters drawn at random from 31 that are not
	 * mistaken for one another (no 0/O, 1/I/L): a reporter's number
	 * says nothing about how many incidents there are. */
	static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
	char today[11];
	clock_today(today);
	const struct field *f = entity_field(&entity_incidents, "receipt");
	for (int attempt = 0; attempt < 20; attempt++) {
		memcpy(out, today, 4);
		out[4] = '-';
		for (int i = 0; i < 6; i++)
			out[5 + i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
		out[11] = 0;
		if (!store_value_taken(st, &entity_incidents, org, f, out, 0))
			return 0;
	}
	return -1;
}

static void incidents_prepare(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			      struct jval *rec, const struct jval *old)
{
	(void)e;
	jv_set_bool(a, rec, "personal_data_involved",
		    jv_truthy(jv_get(rec, "personal_data_possible")) || is(rec, "pd_breach", "yes_report") ||
			    is(rec, "pd_breach", "yes_no_risk"));
	if (!old && empty(rec, "receipt")) {
		char r[INCIDENT_RECEIPT_LEN];
		if (incident_new_receipt(st, org_id, r) == 0)
			jv_set_str(a, rec, "receipt", arena_strdup(a, r));
	}
	if (empty(rec, "triaged_at") && !is(rec, "status", "new"))
		set_now(a, rec, "triaged_at");
	if (is(rec, "status", "closed") || is(rec, "status", "not_incident")) {
		if (empty(rec, "closed_at"))
			set_now(a, rec, "closed_at");
		if (empty(rec, "handled_at"))
			jv_set_str(a, rec, "handled_at", jv_get_str(rec, "closed_at"));
	} else if (!empty(rec, "closed_at")) {
		/* Opened again: closed when it is next closed. */
		jv_set(rec, "closed_at", jv_null(a));
	}
	/* The criteria version the decision was made against. */
	if (!is(rec, "significance", "not_assessed") &&
	    (!old || !is(old, "significance", jv_get_str(rec, "significance")) || !jv_get_int(rec, "significance_version", 0))) {
		long long v = 0;
		if (store_significance_version(st, org_id, &v) == STORE_OK && v)
			jv_set_int(a, rec, "significance_version", v);
	}
}

/* What closing leaves undone, as warnings the user confirms past: the
 * reports due before handling ends that were not recorded as sent, and a
 * personal-data question never answered. (The final report under the
 * Cybersecurity Act is due after handling ends: closing is not late for
 * it.) */
static void closing_warnings(struct store *st, struct arena *a, long long org, const struct jval *rec,
			     struct verrors *errs, int lang)
{
	if (jv_truthy(jv_get(rec, "personal_data_possible")) && is(rec, "pd_breach", "not_assessed"))
		verr_confirm(errs, "pd_breach", tr(lang, "Personal data may be affected, but no one has assessed whether it is a personal data breach."));
	long long id = jv_get_int(rec, "id", 0);
	struct deadline_facts f = {
		.aware_at = at_of(rec, "aware_at"),
		.significant = is(rec, "significance", "significant"),
		.personal_data_breach = is(rec, "pd_breach", "yes_report"),
		.now = clock_unix(),
	};
	struct jval *org_row;
	if (store_get(st, a, &entity_organisation, org, org, &org_row) == STORE_OK)
		f.tz = tzone_find(jv_get_str(org_row, "time_zone"));
	if (!f.aware_at || !(f.significant || f.personal_data_breach))
		return;
	int sent[DL_KIND_COUNT] = { 0 };
	struct list_query q = { .page = 1, .limit = 0, .nfilters = 1 };
	q.filters[0].f = entity_field(&entity_incident_reports, "incident_id");
	q.filters[0].value = arena_printf(a, "%lld", id);
	struct jval *rows;
	if (id && store_list(st, a, &entity_incident_reports, org, &q, &rows, NULL) == STORE_OK)
		for (struct jval *r = rows->first; r; r = r->next) {
			int k = deadline_kind_from_code(jv_get_str(r, "kind"));
			if (k >= 0)
				sent[k] = 1;
		}
	struct deadline d[DL_KIND_COUNT];
	size_t n = deadline_compute(&f, d);
	struct buf b = BUF_INIT;
	const struct field *kf = entity_field(&entity_incident_reports, "kind");
	for (size_t i = 0; i < n; i++) {
		if (d[i].kind == DL_NIS2_FINAL || d[i].kind == DL_NIS2_PROGRESS || sent[d[i].kind])
			continue;
		const char *l = field_option_label(kf, deadline_kind_code(d[i].kind));
		buf_printf(&b, "%s%s", b.len ? ", " : "", l ? tr(lang, l) : deadline_kind_code(d[i].kind));
	}
	if (b.len)
		verr_confirm(errs, "status", arena_printf(a, tr(lang, "These reports are not recorded as sent: %s."), buf_str(&b)));
	buf_free(&b);
}

static void incidents_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			       const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e, (void)st, (void)a, (void)org_id, (void)old;
	long long now = clock_unix() + 300; /* five minutes of clock skew */
	long long occurred = at_of(rec, "occurred_at"), discovered = at_of(rec, "discovered_at"),
		  aware = at_of(rec, "aware_at"), handled = at_of(rec, "handled_at");
	if (occurred > now)
		verr_add(errs, "occurred_at", tr(lang, "The time is in the future."));
	if (discovered > now)
		verr_add(errs, "discovered_at", tr(lang, "The time is in the future."));
	if (aware > now)
		verr_add(errs, "aware_at", tr(lang, "The organisation cannot have become aware of the incident in the future."));
	if (occurred && discovered && occurred > discovered)
		verr_add(errs, "occurred_at", tr(lang, "The incident cannot have happened after it was discovered."));
	if (handled && aware && handled < aware)
		verr_add(errs, "handled_at", tr(lang, "Handling cannot end before the organisation became aware of the incident."));
	if (handled > now)
		verr_add(errs, "handled_at", tr(lang, "The time is in the future."));
	if (!is(rec, "significance", "not_assessed") && empty(rec, "significance_reason"))
		verr_add(errs, "significance_reason", tr(lang, "Give the reason for the significance decision."));
	if (is(rec, "pd_breach", "yes_no_risk") && empty(rec, "pd_no_risk_reason"))
		verr_add(errs, "pd_no_risk_reason", tr(lang, "Say why the breach is unlikely to result in a risk: it is documented instead of reported."));
	if (is(rec, "pd_subjects_informed", "informed") && empty(rec, "pd_subjects_informed_on"))
		verr_add(errs, "pd_subjects_informed_on", tr(lang, "Give the date the data subjects were informed."));
	if (is(rec, "pd_subjects_informed", "not_informed") && empty(rec, "pd_subjects_not_informed_reason"))
		verr_add(errs, "pd_subjects_not_informed_reason", tr(lang, "Say why the data subjects were not informed."));
	if (is(rec, "status", "closed") && !(old && is(old, "status", "closed")))
		closing_warnings(st, a, org_id, rec, errs, lang);
	if (is(rec, "status", "not_incident")) {
		if (empty(rec, "dismissal_reason"))
			verr_add(errs, "dismissal_reason", tr(lang, "Say why it is not an incident."));
		if (is(rec, "significance", "significant") || strncmp(jv_get_str(rec, "pd_breach") ? jv_get_str(rec, "pd_breach") : "", "yes", 3) == 0)
			verr_add(errs, "status", tr(lang, "An incident assessed as significant or as a personal data breach is closed with its root cause and lessons learned, not as not an incident."));
	} else if (!empty(rec, "dismissal_reason")) {
		verr_add(errs, "dismissal_reason", tr(lang, "A reason is only given when the incident is closed as not an incident."));
	}
	if (is(rec, "status", "closed")) {
		if (empty(rec, "root_cause"))
			verr_add(errs, "root_cause", tr(lang, "Give the root cause before closing the incident."));
		if (empty(rec, "lessons"))
			verr_add(errs, "lessons", tr(lang, "Give the lessons learned before closing the incident."));
	}
}

/* A line on the timeline, written as Tillit on behalf of the actor. */
static int timeline(struct rctx *c, long long incident, const char *kind, const char *text)
{
	struct jval *in = jv_obj(c->a);
	jv_set_int(c->a, in, "incident_id", incident);
	jv_set_str(c->a, in, "kind", kind);
	jv_set_str(c->a, in, "description", text);
	set_now(c->a, in, "at");
	struct verrors errs = { 0 };
	long long id;
	return record_create(c, &entity_incident_events, in, &id, &errs);
}

static const char *option_text(int lang, const struct option *o, const char *v)
{
	for (; v && o->value; o++)
		if (strcmp(o->value, v) == 0)
			return tr(lang, o->label);
	return v ? v : "";
}

/* The level of severity record id, 0 when none. */
static long long severity_level(struct rctx *c, long long id)
{
	struct jval *row;
	if (!id || store_get(c->st, c->a, &entity_incident_severities, c->who->org_id, id, &row) != STORE_OK)
		return 0;
	return jv_get_int(row, "level", 0);
}

int incident_serious(struct rctx *c, const struct jval *rec)
{
	return is(rec, "significance", "significant") ||
	       severity_level(c, jv_get_int(rec, "severity_id", 0)) >= INCIDENT_SERIOUS_LEVEL;
}

/* A serious incident makes each affected system due for a new risk
 * analysis (the risk area's serious_incident trigger), once per system. */
static int trigger_analyses(struct rctx *c, long long id, const struct jval *rec, const struct jval *old)
{
	if (!incident_serious(c, rec))
		return REC_OK;
	const char *ref = arena_printf(c->a, "%s", jv_get_str(rec, "receipt") ? jv_get_str(rec, "receipt") : "");
	const struct jval *sys = jv_get(rec, "system_ids");
	const struct jval *was = old ? jv_get(old, "system_ids") : NULL;
	int was_serious = old && incident_serious(c, old);
	for (const struct jval *s = sys ? sys->first : NULL; s; s = s->next) {
		int had = 0;
		for (const struct jval *w = was_serious && was ? was->first : NULL; w && !had; w = w->next)
			had = w->i == s->i;
		if (had)
			continue;
		struct jval *in = jv_obj(c->a);
		jv_set_str(c->a, in, "kind", "serious_incident");
		char day[11];
		clock_today(day);
		const char *aware = jv_get_str(rec, "aware_at");
		jv_set_str(c->a, in, "occurred_on", aware && strlen(aware) >= 10 ? arena_strndup(c->a, aware, 10) : arena_strdup(c->a, day));
		jv_set_str(c->a, in, "title", arena_printf(c->a, "%s %s: %s", tr(LANG_SV, "Incident"), ref, jv_get_str(rec, "title")));
		jv_set_int(c->a, in, "system_id", s->i);
		jv_set_str(c->a, in, "reference", ref);
		struct verrors errs = { 0 };
		long long tid;
		int rc = record_create(c, &entity_risk_triggers, in, &tid, &errs);
		if (rc != REC_OK)
			return rc;
	}
	(void)id;
	return REC_OK;
}

/* The data protection officer reaches an incident through its personal
 * data (G_FLAG) to assess the breach: the personal-data fields and the
 * secrecy marking, not the triage or the significance decision. */
static int dpo_change_allowed(struct rctx *c, const struct entity *e, const struct jval *rec, const struct jval *old)
{
	struct access_subject who = { c->who->person_id, c->who->as, c->who->nas };
	if (!old || c->who->trusted || access_allows_every(e->grants, &who, A_UPDATE))
		return 1;
	for (const struct field *f = e->fields; f->name; f++) {
		if (f->hidden || f->readonly || strncmp(f->name, "pd_", 3) == 0 || strcmp(f->name, "secrecy_basis") == 0)
			continue;
		const char *was = record_value_text(c->a, f, jv_get(old, f->name));
		const char *is_now = record_value_text(c->a, f, jv_get(rec, f->name));
		if (strcmp(was, is_now) != 0)
			return 0;
	}
	return 1;
}

static int incidents_after(struct rctx *c, const struct entity *e, long long id, const struct jval *rec,
			   const struct jval *old)
{
	if (!dpo_change_allowed(c, e, rec, old))
		return REC_FORBIDDEN;
	struct actor tillit;
	struct rctx sub = record_on_behalf(c, &tillit, arena_printf(c->a, "incidents/%lld", id));
	sub.confirmed = 1;
	int lang = LANG_SV;
	int rc = REC_OK;
	if (!old)
		rc = timeline(&sub, id, "detection", tr(lang, "The incident was reported."));
	if (rc == REC_OK && old && !is(old, "status", jv_get_str(rec, "status")))
		rc = timeline(&sub, id, "status_changed",
			      arena_printf(c->a, "%s: %s → %s", tr(lang, "Status"),
					   option_text(lang, incident_statuses, jv_get_str(old, "status")),
					   option_text(lang, incident_statuses, jv_get_str(rec, "status"))));
	if (rc == REC_OK && old && jv_get_int(old, "severity_id", 0) != jv_get_int(rec, "severity_id", 0)) {
		const char *was = store_title(c->st, c->a, &entity_incident_severities, c->who->org_id, jv_get_int(old, "severity_id", 0));
		const char *now = store_title(c->st, c->a, &entity_incident_severities, c->who->org_id, jv_get_int(rec, "severity_id", 0));
		rc = timeline(&sub, id, "severity_changed",
			      arena_printf(c->a, "%s: %s → %s", tr(lang, "Severity"), was ? was : "–", now ? now : "–"));
	}
	if (rc == REC_OK && (old ? !is(old, "significance", jv_get_str(rec, "significance")) : !is(rec, "significance", "not_assessed")))
		rc = timeline(&sub, id, "assessment",
			      arena_printf(c->a, "%s: %s", tr(lang, "Significance under the Cybersecurity Act"),
					   option_text(lang, significance_options, jv_get_str(rec, "significance"))));
	if (rc == REC_OK && (old ? !is(old, "pd_breach", jv_get_str(rec, "pd_breach")) : !is(rec, "pd_breach", "not_assessed")))
		rc = timeline(&sub, id, "assessment",
			      arena_printf(c->a, "%s: %s", tr(lang, "Personal data breach (GDPR)"),
					   option_text(lang, breach_options, jv_get_str(rec, "pd_breach"))));
	if (rc == REC_OK && old && !is(old, "aware_at", jv_get_str(rec, "aware_at"))) {
		char was[17] = "", now[17] = "";
		long long t;
		if (ts_parse(jv_get_str(old, "aware_at"), &t) == 0)
			ts_to_local(record_zone(c), t, was);
		if (ts_parse(jv_get_str(rec, "aware_at"), &t) == 0)
			ts_to_local(record_zone(c), t, now);
		rc = timeline(&sub, id, "observation",
			      arena_printf(c->a, "%s: %s → %s (%s)", tr(lang, "Aware since"), was, now,
					   tr(lang, "every report deadline moves with it")));
	}
	if (rc == REC_OK)
		rc = trigger_analyses(&sub, id, rec, old);
	if (rc == REC_OK) rc = escalation_apply(&sub, id, rec, old);
	return rc;
}

const struct entity entity_incidents = {
	.name = "incidents", .table = "incidents",
	.label = N_("Incident"), .plural = N_("Incidents"),
	.the = N_("the incident"), .new_title = N_("New incident"),
	.empty = N_("No incidents yet. Anyone can report one from \"Report an incident\"."),
	.title_field = "title", .fields = incident_fields, .grants = incident_grants,
	.prepare = incidents_prepare, .validate = incidents_validate, .after_write = incidents_after,
	.default_sort = "aware_at", .default_desc = 1, .no_delete = 1, .no_import = 1,
	.menu = MENU_INCIDENTS, .overview = 1, .panels = PANEL_INCIDENT, .api_extra = incidents_api_extra,
	.api_extra_schema = "{\"deadlines\": {\"type\": \"array\", \"readOnly\": true,"
			    " \"description\": \"The reports the incident calls for now (docs/incidents.md).\","
			    " \"items\": {\"type\": \"object\", \"properties\": {"
			    "\"kind\": {\"type\": \"string\", \"enum\": [\"nis2_early_warning\", \"nis2_notification\","
			    " \"nis2_progress_report\", \"nis2_final_report\", \"gdpr_notification\"]},"
			    " \"due_at\": {\"type\": [\"string\", \"null\"], \"format\": \"date-time\"},"
			    " \"sent_at\": {\"type\": [\"string\", \"null\"], \"format\": \"date-time\"},"
			    " \"reference\": {\"type\": [\"string\", \"null\"]},"
			    " \"overdue\": {\"type\": \"boolean\"}}}}}",
};

/* ---- the timeline ------------------------------------------------------ */

static const struct field event_fields[] = {
	{ "incident_id", F_REF, N_("Incident"), .required = 1, .ref = &entity_incidents, .list = 1, .filter = 1, .reverse = N_("Timeline") },
	{ "at", F_DATETIME, N_("When"), .required = 1, .list = 1, .sort = 1, .def = "now" },
	{ "kind", F_ENUM, N_("What"), .required = 1, .options = event_kinds, .list = 1, .filter = 1, .def = "observation" },
	{ "description", F_LONGTEXT, N_("Description"), .required = 1, .max = 4000, .search = 1, .list = 1 },
	{ "author_id", F_REF, N_("Recorded by"), .ref = &entity_people, .readonly = 1, .author = 1, .list = 1, .reverse = N_("Timeline entries they recorded") },
	{ 0 }
};

static void events_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			    const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e, (void)st, (void)a, (void)org_id, (void)old;
	if (at_of(rec, "at") > clock_unix() + 300)
		verr_add(errs, "at", tr(lang, "The time is in the future."));
}

const struct entity entity_incident_events = {
	.name = "incident-events", .table = "incident_events",
	.label = N_("Timeline entry"), .plural = N_("Incident timeline"),
	.the = N_("the timeline entry"), .new_title = N_("New timeline entry"),
	.empty = N_("No timeline entries yet."),
	.title_field = "description", .fields = event_fields, .grants = incident_event_grants,
	.validate = events_validate, .scope_via = "incident_id", .default_sort = "at",
	.no_import = 1, .no_delete = 1,
};

/* ---- reports sent ------------------------------------------------------ */

static const struct field report_fields[] = {
	{ "incident_id", F_REF, N_("Incident"), .required = 1, .ref = &entity_incidents, .list = 1, .filter = 1, .reverse = N_("Reports sent") },
	{ "kind", F_ENUM, N_("Report"), .required = 1, .options = incident_report_kinds, .list = 1, .filter = 1, .sort = 1 },
	{ "sent_at", F_DATETIME, N_("Sent"), .required = 1, .list = 1, .sort = 1, .def = "now" },
	{ "recipient", F_TEXT, N_("Sent to"), .max = 300, .search = 1, .list = 1 },
	{ "reference", F_TEXT, N_("Reference"), N_("The recipient's case or report number."), .max = 200, .search = 1, .list = 1 },
	{ "body", F_LONGTEXT, N_("Text sent"), .max = 32000, .search = 1 },
	{ "author_id", F_REF, N_("Recorded by"), .ref = &entity_people, .readonly = 1, .author = 1, .reverse = N_("Incident reports they recorded") },
	{ 0 }
};

static void reports_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			     const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e, (void)old;
	long long sent = at_of(rec, "sent_at");
	if (sent > clock_unix() + 300)
		verr_add(errs, "sent_at", tr(lang, "The time is in the future."));
	struct jval *inc;
	if (sent && store_get(st, a, &entity_incidents, org_id, jv_get_int(rec, "incident_id", 0), &inc) == STORE_OK) {
		long long aware = at_of(inc, "aware_at");
		if (aware && sent < aware)
			verr_add(errs, "sent_at", tr(lang, "A report cannot be sent before the organisation became aware of the incident."));
	}
}

/* A report sent is on the incident's timeline. */
static int reports_after(struct rctx *c, const struct entity *e, long long id, const struct jval *rec,
			 const struct jval *old)
{
	if (old)
		return REC_OK;
	struct actor tillit;
	struct rctx sub = record_on_behalf(c, &tillit, arena_printf(c->a, "incident-reports/%lld", id));
	const struct field *kf = entity_field(e, "kind");
	const char *kl = field_option_label(kf, jv_get_str(rec, "kind"));
	const char *ref = jv_get_str(rec, "reference");
	const char *to = jv_get_str(rec, "recipient");
	return timeline(&sub, jv_get_int(rec, "incident_id", 0), "communication",
			arena_printf(c->a, "%s%s%s%s%s", tr(LANG_SV, kl ? kl : "Other report"), to ? " → " : "", to ? to : "",
				     ref ? ", " : "", ref ? ref : ""));
}

const struct entity entity_incident_reports = {
	.name = "incident-reports", .table = "incident_reports",
	.label = N_("Incident report"), .plural = N_("Incident reports"),
	.the = N_("the incident report"), .new_title = N_("Record a report sent"),
	.empty = N_("No reports recorded yet. Record each report when it has been sent."),
	.title_field = "kind", .fields = report_fields, .grants = incident_part_grants,
	.validate = reports_validate, .after_write = reports_after, .scope_via = "incident_id", .default_sort = "sent_at", .default_desc = 1,
	.no_import = 1, .no_delete = 1, .menu = MENU_INCIDENTS,
};

/* ---- deadlines --------------------------------------------------------- */

int incident_deadlines(struct rctx *c, const struct jval *inc, const struct jval *reports,
		       struct incident_deadline *out, size_t *n)
{
	*n = 0;
	struct deadline_facts f = {
		.aware_at = at_of(inc, "aware_at"),
		.significant = is(inc, "significance", "significant"),
		.personal_data_breach = is(inc, "pd_breach", "yes_report"),
		.handled_at = is(inc, "status", "closed") || !empty(inc, "handled_at") ? at_of(inc, "handled_at") : 0,
		.now = clock_unix(),
		.tz = record_zone(c),
	};
	if (!f.aware_at)
		return 0;
	/* The first report of each kind counts as sent. */
	const char *sent[DL_KIND_COUNT] = { 0 }, *ref[DL_KIND_COUNT] = { 0 };
	for (const struct jval *r = reports ? reports->first : NULL; r; r = r->next) {
		int k = deadline_kind_from_code(jv_get_str(r, "kind"));
		const char *s = jv_get_str(r, "sent_at");
		if (k < 0 || !s)
			continue;
		if (!sent[k] || strcmp(s, sent[k]) < 0) {
			sent[k] = s;
			ref[k] = jv_get_str(r, "reference");
		}
	}
	long long t;
	if (sent[DL_NIS2_NOTIFICATION] && ts_parse(sent[DL_NIS2_NOTIFICATION], &t) == 0)
		f.notification_sent = t;
	struct deadline d[DL_KIND_COUNT];
	size_t m = deadline_compute(&f, d);
	for (size_t i = 0; i < m; i++) {
		struct incident_deadline *o = &out[(*n)++];
		o->kind = d[i].kind;
		o->due_at = d[i].due_at;
		o->sent_at = sent[d[i].kind];
		o->reference = ref[d[i].kind];
		o->overdue = !o->sent_at && o->due_at && o->due_at < f.now;
	}
	return 0;
}

struct jval *incident_deadlines_json(struct rctx *c, const struct jval *inc, const struct jval *reports)
{
	struct incident_deadline d[DL_KIND_COUNT];
	size_t n;
	struct jval *arr = jv_arr(c->a);
	incident_deadlines(c, inc, reports, d, &n);
	for (size_t i = 0; i < n; i++) {
		struct jval *o = jv_push(arr, jv_obj(c->a));
		jv_set_str(c->a, o, "kind", deadline_kind_code(d[i].kind));
		char due[21];
		if (d[i].due_at) {
			ts_format(d[i].due_at, due);
			jv_set_str(c->a, o, "due_at", arena_strdup(c->a, due));
		} else {
			jv_set(o, "due_at", jv_null(c->a));
		}
		jv_set(o, "sent_at", d[i].sent_at ? jv_str(c->a, d[i].sent_at) : jv_null(c->a));
		jv_set(o, "reference", d[i].reference ? jv_str(c->a, d[i].reference) : jv_null(c->a));
		jv_set_bool(c->a, o, "overdue", d[i].overdue);
	}
	return arr;
}

static void incidents_api_extra(struct rctx *c, const struct entity *e, struct jval *row)
{
	(void)e;
	struct list_query q = { .page = 1, .limit = 0, .nfilters = 1 };
	q.filters[0].f = entity_field(&entity_incident_reports, "incident_id");
	q.filters[0].value = arena_printf(c->a, "%lld", jv_get_int(row, "id", 0));
	struct jval *reports = NULL;
	if (store_list(c->st, c->a, &entity_incident_reports, c->who->org_id, &q, &reports, NULL) != STORE_OK)
		reports = NULL;
	jv_set(row, "deadlines", incident_deadlines_json(c, row, reports));
}

/* ---- report texts ------------------------------------------------------ */

struct text {
	struct rctx *c;
	int lang;
	struct buf b;
};

static void line(struct text *t, const char *label, const char *value)
{
	if (!value || !*value)
		value = tr(t->lang, "(not given)");
	/* A question ("Misstänks …?") takes its answer without a colon. */
	const char *l = tr(t->lang, label);
	size_t n = strlen(l);
	buf_printf(&t->b, "%s%s %s\n", l, n && l[n - 1] == '?' ? "" : ":", value);
}

static void block(struct text *t, const char *label, const char *value)
{
	if (!value || !*value)
		value = tr(t->lang, "(not given)");
	buf_printf(&t->b, "\n%s\n%s\n", tr(t->lang, label), value);
}

static const char *local_time(struct text *t, const struct jval *rec, const char *field)
{
	long long at = at_of(rec, field);
	if (!at)
		return NULL;
	char out[17];
	ts_to_local(record_zone(t->c), at, out);
	return arena_printf(t->c->a, "%s (%s)", out, record_zone(t->c)->name);
}

static const char *title_of(struct text *t, const struct entity *e, long long id)
{
	return id ? store_title(t->c->st, t->c->a, e, t->c->who->org_id, id) : NULL;
}

static const char *titles_of(struct text *t, const struct entity *e, const struct jval *ids)
{
	struct buf b = BUF_INIT;
	for (const struct jval *m = ids ? ids->first : NULL; m; m = m->next) {
		const char *s = title_of(t, e, m->i);
		if (s)
			buf_printf(&b, "%s%s", b.len ? ", " : "", s);
	}
	const char *r = arena_strdup(t->c->a, buf_str(&b));
	buf_free(&b);
	return r;
}

/* The person with a role in the organisation (the first assigned), as
 * "Name, e-mail", or NULL. */
static const char *role_holder(struct text *t, const char *role)
{
	struct list_query q = { .page = 1, .limit = 1, .nfilters = 1 };
	q.filters[0].f = entity_field(&entity_role_assignments, "role");
	q.filters[0].value = role;
	struct jval *rows;
	if (store_list(t->c->st, t->c->a, &entity_role_assignments, t->c->who->org_id, &q, &rows, NULL) != STORE_OK ||
	    !rows->first)
		return NULL;
	struct jval *p;
	if (store_get(t->c->st, t->c->a, &entity_people, t->c->who->org_id, jv_get_int(rows->first, "person_id", 0), &p) != STORE_OK)
		return NULL;
	const char *mail = jv_get_str(p, "email");
	return mail ? arena_printf(t->c->a, "%s, %s", jv_get_str(p, "name"), mail) : jv_get_str(p, "name");
}

static const char *person_contact(struct text *t, long long id)
{
	struct jval *p;
	if (!id || store_get(t->c->st, t->c->a, &entity_people, t->c->who->org_id, id, &p) != STORE_OK)
		return NULL;
	const char *mail = jv_get_str(p, "email");
	return mail ? arena_printf(t->c->a, "%s, %s", jv_get_str(p, "name"), mail) : jv_get_str(p, "name");
}

static const char *enum_text(struct text *t, const char *field, const struct jval *rec)
{
	const struct field *f = entity_field(&entity_incidents, field);
	const char *v = jv_get_str(rec, field);
	const char *l = f ? field_option_label(f, v) : NULL;
	return l ? tr(t->lang, l) : v;
}

static const char *count_text(struct text *t, const struct jval *rec, const char *field)
{
	const struct jval *v = jv_get(rec, field);
	return v && v->type == J_INT ? arena_printf(t->c->a, "%lld", v->i) : NULL;
}

const char *incident_report_text(struct rctx *c, int lang, const struct jval *inc, const char *kind,
				 const struct jval *recipient)
{
	struct text t = { c, lang, BUF_INIT };
	struct jval *org = NULL;
	store_get(c->st, c->a, &entity_organisation, c->who->org_id, c->who->org_id, &org);
	const char *secrecy = jv_get_str(inc, "secrecy_basis");
	if (secrecy && *secrecy)
		buf_printf(&t.b, "%s: %s\n\n", tr(lang, "SECRECY"),
			   arena_printf(c->a, tr(lang, "the information is covered by secrecy under %s"), secrecy));
	const struct field *kf = entity_field(&entity_incident_reports, "kind");
	const char *kl = field_option_label(kf, kind);
	buf_printf(&t.b, "%s\n\n", kl ? tr(lang, kl) : kind);
	line(&t, N_("Organisation"), org ? jv_get_str(org, "name") : NULL);
	line(&t, N_("Organisation number"), org ? jv_get_str(org, "org_number") : NULL);
	if (recipient)
		line(&t, N_("Sent to"), arena_printf(c->a, "%s%s%s", jv_get_str(recipient, "name"),
						      jv_get_str(recipient, "address") ? ", " : "",
						      jv_get_str(recipient, "address") ? jv_get_str(recipient, "address") : ""));
	line(&t, N_("Our reference"), jv_get_str(inc, "receipt"));
	line(&t, N_("Contact person"), person_contact(&t, jv_get_int(inc, "handler_id", 0)));
	line(&t, N_("Title"), jv_get_str(inc, "title"));
	line(&t, N_("When it happened"), local_time(&t, inc, "occurred_at"));
	line(&t, N_("When it was discovered"), local_time(&t, inc, "discovered_at"));
	line(&t, N_("Aware since"), local_time(&t, inc, "aware_at"));
	const char *systems = titles_of(&t, &entity_systems, jv_get(inc, "system_ids"));
	const char *category = title_of(&t, &entity_incident_categories, jv_get_int(inc, "category_id", 0));
	const char *severity = title_of(&t, &entity_incident_severities, jv_get_int(inc, "severity_id", 0));
	const char *supplier = title_of(&t, &entity_suppliers, jv_get_int(inc, "supplier_id", 0));

	if (strncmp(kind, "nis2_", 5) == 0) {
		block(&t, N_("What happened"), jv_get_str(inc, "description"));
		line(&t, N_("Unlawful or malicious cause suspected?"), enum_text(&t, "malicious", inc));
		line(&t, N_("Possible cross-border impact?"), enum_text(&t, "cross_border", inc));
		if (strcmp(kind, "nis2_early_warning") != 0) {
			block(&t, N_("Assessment of significance"), jv_get_str(inc, "significance_reason"));
			line(&t, N_("Severity"), severity);
			block(&t, N_("Severity and impact"), jv_get_str(inc, "impact"));
			line(&t, N_("Affected systems"), systems);
			line(&t, N_("Supplier involved"), supplier);
			block(&t, N_("Indicators of compromise"), jv_get_str(inc, "indicators"));
			block(&t, N_("What was done to limit it"), jv_get_str(inc, "mitigation"));
		}
		if (strcmp(kind, "nis2_progress_report") == 0)
			line(&t, N_("Status"), enum_text(&t, "status", inc));
		if (strcmp(kind, "nis2_final_report") == 0) {
			line(&t, N_("Category"), category);
			block(&t, N_("Type of threat or root cause"), jv_get_str(inc, "root_cause"));
			block(&t, N_("Lessons learned"), jv_get_str(inc, "lessons"));
			line(&t, N_("Handling ended"), local_time(&t, inc, "handled_at"));
		}
	} else if (strcmp(kind, "gdpr_notification") == 0 || strcmp(kind, "gdpr_supplement") == 0) {
		/* GDPR art. 33(3) a-d, and what IMY's e-service asks beside. */
		block(&t, N_("What happened"), jv_get_str(inc, "description"));
		block(&t, N_("Nature of the breach"), jv_get_str(inc, "pd_nature"));
		line(&t, N_("Categories of data subjects"), jv_get_str(inc, "pd_subject_categories"));
		line(&t, N_("Approximate number of data subjects"), count_text(&t, inc, "pd_subjects_count"));
		line(&t, N_("Categories of personal data"), jv_get_str(inc, "pd_record_categories"));
		line(&t, N_("Approximate number of records"), count_text(&t, inc, "pd_records_count"));
		line(&t, N_("Data protection officer"), role_holder(&t, "dpo"));
		block(&t, N_("Likely consequences"), jv_get_str(inc, "pd_consequences"));
		block(&t, N_("Measures taken or proposed"), jv_get_str(inc, "pd_measures"));
		line(&t, N_("Data subjects informed? (art. 34)"), enum_text(&t, "pd_subjects_informed", inc));
		if (jv_get_str(inc, "pd_subjects_informed_on"))
			line(&t, N_("Informed on"), jv_get_str(inc, "pd_subjects_informed_on"));
		if (jv_get_str(inc, "pd_subjects_not_informed_reason"))
			block(&t, N_("Why they were not informed"), jv_get_str(inc, "pd_subjects_not_informed_reason"));
		long long aware = at_of(inc, "aware_at");
		if (aware && clock_unix() > aware + 72 * 3600)
			block(&t, N_("Reasons for the delay (notified later than 72 hours)"), NULL);
	} else if (strcmp(kind, "police_report") == 0) {
		block(&t, N_("What happened"), jv_get_str(inc, "description"));
		line(&t, N_("Affected systems"), systems);
		block(&t, N_("Indicators of compromise"), jv_get_str(inc, "indicators"));
	} else if (strcmp(kind, "data_subjects_informed") == 0) {
		block(&t, N_("What happened"), jv_get_str(inc, "description"));
		block(&t, N_("Likely consequences"), jv_get_str(inc, "pd_consequences"));
		block(&t, N_("Measures taken or proposed"), jv_get_str(inc, "pd_measures"));
		line(&t, N_("Data protection officer"), role_holder(&t, "dpo"));
	} else {
		block(&t, N_("What happened"), jv_get_str(inc, "description"));
		line(&t, N_("Status"), enum_text(&t, "status", inc));
	}
	const char *s = arena_strdup(c->a, buf_str(&t.b));
	buf_free(&t.b);
	return s;
}

/* ---- reporting --------------------------------------------------------- */

static void follow_hash(const char *secret, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)secret, strlen(secret));
	sodium_bin2hex(out, 65, h, sizeof h);
}

long long incident_by_secret(struct store *st, long long org, const char *secret)
{
	if (!secret || strlen(secret) != 43)
		return 0;
	char hash[65];
	follow_hash(secret, hash);
	return store_incident_by_follow_hash(st, org, hash);
}

int incident_report_create(struct rctx *c, const struct jval *in, const char *channel, long long *id,
			   char receipt[20], char secret[44], struct verrors *errs)
{
	static const char *const taken[] = { "title", "description", "occurred_at", "discovered_at",
					     "personal_data_possible", "reporter_contact", "system_ids",
					     "asset_ids" };
	struct jval *rec = jv_obj(c->a);
	for (size_t i = 0; i < sizeof taken / sizeof *taken; i++) {
		const struct jval *v = jv_get(in, taken[i]);
		if (v)
			jv_set(rec, taken[i], jv_clone(c->a, v));
	}
	jv_set_str(c->a, rec, "channel", channel);
	/* A title from the first words when the reporter gave none. */
	const char *title = jv_get_str(rec, "title");
	const char *desc = jv_get_str(rec, "description");
	if ((!title || !*title) && desc) {
		size_t n = 0, chars = 0;
		while (desc[n] && desc[n] != '\n' && chars < 80) {
			if (((unsigned char)desc[n] & 0xC0) != 0x80)
				chars++;
			n++;
		}
		while (desc[n] && ((unsigned char)desc[n] & 0xC0) == 0x80)
			n++;
		jv_set_str(c->a, rec, "title", arena_strndup(c->a, desc, n));
	}
	/* Aware from the moment the report arrives: the clocks run from here
	 * until triage says otherwise. */
	set_now(c->a, rec, "aware_at");
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(secret, 44, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char hash[65];
	follow_hash(secret, hash);
	jv_set_str(c->a, rec, "follow_hash", arena_strdup(c->a, hash));
	struct actor tillit = *c->who;
	tillit.trusted = 1;
	struct rctx sub = *c;
	sub.who = &tillit;
	int rc = record_create(&sub, &entity_incidents, rec, id, errs);
	if (rc != REC_OK)
		return rc;
	struct jval *row;
	if (store_get(c->st, c->a, &entity_incidents, c->who->org_id, *id, &row) != STORE_OK)
		return REC_ERROR;
	snprintf(receipt, 20, "%s", jv_get_str(row, "receipt") ? jv_get_str(row, "receipt") : "");
	return REC_OK;
}

/* ---- the defaults ------------------------------------------------------ */

/* Seeded in Swedish; English readers see the msgid while the text is
 * still the shipped one (incident_default_text). Sources: DOMAIN.md §3
 * (NIS2 art. 23(3), implementing regulation (EU) 2024/2690 art. 3 as
 * editable defaults; Tibro's categories). */
struct shipped {
	const char *sv, *en;
};

static const struct shipped default_categories[][2] = {
	{ { "Skadlig kod", N_("Malware") }, { "Virus, utpressningsprogram eller annan skadlig kod.", N_("Viruses, ransomware or other malicious code.") } },
	{ { "Obehörig åtkomst", N_("Unauthorised access") }, { "Någon har kommit åt information eller system utan behörighet.", N_("Someone has reached information or systems without authorisation.") } },
	{ { "Förlorad tillgänglighet", N_("Loss of availability") }, { "Ett system, en tjänst eller information går inte att använda.", N_("A system, a service or information cannot be used.") } },
	{ { "Felskickad eller röjd information", N_("Misdirected or disclosed information") }, { "Information har skickats till fel mottagare eller lämnats ut felaktigt.", N_("Information was sent to the wrong recipient or wrongly disclosed.") } },
	{ { "Förlorad eller stulen enhet", N_("Lost or stolen device") }, { "En dator, telefon, ett USB-minne eller handlingar har kommit bort eller stulits.", N_("A computer, phone, USB stick or papers were lost or stolen.") } },
	{ { "Incident hos leverantör", N_("Supplier incident") }, { "En incident hos en leverantör som påverkar organisationens system eller information.", N_("An incident at a supplier that affects the organisation's systems or information.") } },
	{ { "Övrigt", N_("Other") }, { "Annat som hotar informationens konfidentialitet, riktighet eller tillgänglighet.", N_("Anything else that threatens the confidentiality, integrity or availability of information.") } },
};

static const struct shipped default_severities[][2] = {
	{ { "Låg", N_("Low") }, { "Liten påverkan som hanteras i det vanliga arbetet.", N_("Little impact, handled in ordinary work.") } },
	{ { "Medel", N_("Medium") }, { "Märkbar påverkan på en verksamhet eller på enskilda.", N_("Noticeable impact on an operation or on individuals.") } },
	{ { "Hög", N_("High") }, { "Allvarlig påverkan: en viktig verksamhet störs eller många drabbas.", N_("Serious impact: an important operation is disrupted or many are affected.") } },
	{ { "Kritisk", N_("Critical") }, { "Samhällsviktig verksamhet eller liv och hälsa hotas.", N_("Essential services or life and health are threatened.") } },
};

static const struct shipped default_criteria[][2] = {
	{ { "Allvarlig driftstörning", N_("Severe operational disruption") }, { "Incidenten har orsakat eller kan orsaka allvarliga driftstörningar i de tjänster organisationen tillhandahåller (NIS2 art. 23.3 a).", N_("The incident has caused or can cause severe operational disruption of the services the organisation provides (NIS2 art. 23(3)(a)).") } },
	{ { "Betydande ekonomisk förlust", N_("Considerable financial loss") }, { "Incidenten har orsakat eller kan orsaka ekonomisk förlust för organisationen, t.ex. över 500 000 euro eller 5 procent av omsättningen (förordning (EU) 2024/2690 art. 3 som utgångspunkt).", N_("The incident has caused or can cause financial loss to the organisation, e.g. above EUR 500,000 or 5 per cent of turnover (regulation (EU) 2024/2690 art. 3 as a starting point).") } },
	{ { "Betydande skada för andra", N_("Considerable damage to others") }, { "Incidenten har påverkat eller kan påverka andra fysiska eller juridiska personer genom att orsaka betydande materiell eller immateriell skada (NIS2 art. 23.3 b).", N_("The incident has affected or can affect other natural or legal persons by causing considerable material or non-material damage (NIS2 art. 23(3)(b)).") } },
	{ { "Fara för liv eller hälsa", N_("Danger to life or health") }, { "Incidenten har orsakat eller kan orsaka dödsfall eller betydande skada på hälsa.", N_("The incident has caused or can cause death or considerable damage to health.") } },
	{ { "Avsiktligt obehörigt intrång", N_("Malicious unauthorised access") }, { "Lyckat, misstänkt avsiktligt och obehörigt intrång som kan orsaka allvarliga driftstörningar.", N_("Successful, suspectedly malicious and unauthorised access able to cause severe disruption.") } },
	{ { "Återkommande incidenter", N_("Recurring incidents") }, { "Incidenter med samma troliga grundorsak som tillsammans uppfyller något av kriterierna.", N_("Incidents with the same apparent root cause that together meet one of the criteria.") } },
};

static const struct shipped default_recipients[][3] = {
	{ { "nis2", NULL }, { "CERT-SE vid Nationellt cybersäkerhetscenter", N_("CERT-SE at the National Cyber Security Centre") }, { "https://www.cert.se/rapportera", NULL } },
	{ { "gdpr", NULL }, { "Integritetsskyddsmyndigheten (IMY)", N_("The Swedish Authority for Privacy Protection (IMY)") }, { "https://e-tjanster.imy.se/sv/anmalan", NULL } },
	{ { "police", NULL }, { "Polisen", N_("The Police") }, { "https://polisen.se/utsatt-for-brott/polisanmalan/", NULL } },
};

static const struct shipped default_recipient_note = {
	"Kontrollera mottagaren: ansvaret för incidentrapportering har omorganiserats under 2026.",
	N_("Check the recipient: who receives incident reports was reorganised in 2026."),
};

const char *incident_default_text(int lang, const char *stored)
{
	if (lang == LANG_SV || !stored)
		return stored;
	if (strcmp(stored, default_recipient_note.sv) == 0)
		return tr(lang, default_recipient_note.en);
#define LOOK(table, cols)                                                         \
	for (size_t i = 0; i < sizeof table / sizeof *table; i++)                 \
		for (size_t j = 0; j < cols; j++)                                  \
			if (table[i][j].en && strcmp(stored, table[i][j].sv) == 0) \
				return tr(lang, table[i][j].en);
	LOOK(default_categories, 2)
	LOOK(default_severities, 2)
	LOOK(default_criteria, 2)
	LOOK(default_recipients, 3)
#undef LOOK
	return stored;
}

/* Create each row of e from fill() when org has no record of e yet. */
static int seed(struct rctx *c, const struct entity *e, size_t n,
		void (*fill)(struct rctx *c, size_t i, struct jval *in))
{
	if (store_count(c->st, e, c->who->org_id) > 0)
		return REC_OK;
	for (size_t i = 0; i < n; i++) {
		struct jval *in = jv_obj(c->a);
		fill(c, i, in);
		struct verrors errs = { 0 };
		long long id;
		int rc = record_create(c, e, in, &id, &errs);
		if (rc != REC_OK)
			return rc;
	}
	return REC_OK;
}

static void fill_category(struct rctx *c, size_t i, struct jval *in)
{
	jv_set_str(c->a, in, "name", default_categories[i][0].sv);
	jv_set_str(c->a, in, "description", default_categories[i][1].sv);
}

static void fill_severity(struct rctx *c, size_t i, struct jval *in)
{
	jv_set_int(c->a, in, "level", (long long)i + 1);
	jv_set_str(c->a, in, "name", default_severities[i][0].sv);
	jv_set_str(c->a, in, "description", default_severities[i][1].sv);
}

static void fill_criterion(struct rctx *c, size_t i, struct jval *in)
{
	jv_set_int(c->a, in, "version", 1);
	jv_set_str(c->a, in, "title", default_criteria[i][0].sv);
	jv_set_str(c->a, in, "description", default_criteria[i][1].sv);
}

static void fill_recipient(struct rctx *c, size_t i, struct jval *in)
{
	jv_set_str(c->a, in, "kind", default_recipients[i][0].sv);
	jv_set_str(c->a, in, "name", default_recipients[i][1].sv);
	jv_set_str(c->a, in, "address", default_recipients[i][2].sv);
	/* The receiving authorities were reorganised in 2026 (DOMAIN.md §3). */
	jv_set_str(c->a, in, "notes", default_recipient_note.sv);
}

int incident_defaults_sync(struct rctx *c)
{
	int rc = seed(c, &entity_incident_categories, sizeof default_categories / sizeof *default_categories, fill_category);
	if (rc == REC_OK)
		rc = seed(c, &entity_incident_severities, sizeof default_severities / sizeof *default_severities, fill_severity);
	if (rc == REC_OK)
		rc = seed(c, &entity_significance_criteria, sizeof default_criteria / sizeof *default_criteria, fill_criterion);
	if (rc == REC_OK)
		rc = seed(c, &entity_report_recipients, sizeof default_recipients / sizeof *default_recipients, fill_recipient);
	return rc;
}

/*
 * handlers: every route handler, grouped by the file that defines it.
 */
#ifndef TILLIT_HANDLERS_H
#define TILLIT_HANDLERS_H

#include "store/store.h"
#include "web/http.h"

/* auth.c */
void auth_identify(struct request *r);
int auth_csrf_ok(struct request *r);
void h_login_form(struct request *r);
void h_login(struct request *r);
void h_logout(struct request *r);
void h_lang(struct request *r);

/* ui_records.c: the generic entity pages */
void h_list(struct request *r);
void h_new(struct request *r);
void h_create(struct request *r);
void h_show(struct request *r);
void h_edit(struct request *r);
void h_update(struct request *r);
void h_delete_form(struct request *r);
void h_delete(struct request *r);
void h_history(struct request *r);
void h_export_csv(struct request *r);
void h_export_xlsx(struct request *r);
void h_import_form(struct request *r);
void h_import(struct request *r);
void h_import_confirm(struct request *r);
void h_org_show(struct request *r);
void h_org_edit(struct request *r);
void h_org_update(struct request *r);
struct verrors;
struct jval;
/* The record page of row, with errs (or NULL) shown at the top. */
void records_show(struct request *r, const struct entity *e, struct jval *row, const struct verrors *errs,
		  int status);

/* ui_classify.c */
/* ui_incident.c */
void incident_panels(struct request *r, const struct entity *e, const struct jval *row, struct jval *ctx);
void h_incident_report(struct request *r);
void h_incident_report_save(struct request *r);
/* For whoever handles every incident: the incidents to triage and those
 * being handled, with their next report deadline, into ctx; *count how
 * many wait for triage. -1 when the store fails. */
int incident_tasks(struct request *r, struct jval *ctx, long long *count);
void classify_panels(struct request *r, const struct entity *e, const struct jval *row, struct jval *ctx);
void h_system_plan(struct request *r);
/* POST /systems/{id}/plan: the rows of one page of the plan, saved together. */
void h_system_plan_save(struct request *r);
void h_procurement(struct request *r);
void h_procurement_xlsx(struct request *r);
void h_procurement_pdf(struct request *r);

/* ui_decide.c */
void h_decide_form(struct request *r);
void h_decide(struct request *r);
/* 1 when the user may decide row of e now (it has a decision, is not yet
 * decided, and the user's person may decide it); its decide page's
 * address, or NULL when not. */
int decide_offered(struct request *r, const struct entity *e, const struct jval *row);
const char *decide_href(struct request *r, const struct entity *e, const struct jval *row);

/* ui_goals.c: the goals with their indicators; the panels of a goal's and
 * a meeting's page; filling a management review's agenda. */
void h_goals_overview(struct request *r);
void goals_panels(struct request *r, const struct entity *e, const struct jval *row, struct jval *ctx);
void h_meeting_fill_agenda(struct request *r);
void api_meeting_fill_agenda(struct request *r);
/* Files kept on a record as evidence (ui_files.c): the minutes of a
 * meeting, the evidence of an organisation assessment — upload, download,
 * removal; and the list of them with the upload form for a record's page
 * (p.files, p.upload_action, p.upload_hint; the form for whoever may). */
void h_minutes_upload(struct request *r);
void h_minutes_get(struct request *r);
void h_minutes_delete(struct request *r);
void h_assessment_file_upload(struct request *r);
void h_assessment_file_get(struct request *r);
void h_assessment_file_delete(struct request *r);
/* "46,0 kB" in Swedish, "46.0 kB" in English; bytes under 1000 as such. */
const char *evidence_size_text(struct request *r, long long bytes);
void files_panel(struct request *r, enum evidence_owner ow, long long id, int may, struct jval *p);
/* The requirements on the organisation, with their assessments (ui_org_requirements.c). */
void h_org_requirements(struct request *r);
void assessment_panel(struct request *r, const struct jval *row, struct jval *ctx);

/* ui_soa.c */
void h_soa_index(struct request *r);
void h_soa(struct request *r);
void soa_entry_panel(struct request *r, const struct jval *row, struct jval *ctx);
void h_evidence_upload(struct request *r);
void h_evidence_get(struct request *r);
void h_evidence_delete(struct request *r);
/* Why an uploaded file was refused, in the reader's language; and the
 * Content-Disposition of a download named name (shared by every kind of
 * file kept as evidence: the minutes of meetings too). */
enum evidence_check;
const char *evidence_message(struct request *r, enum evidence_check c);
const char *evidence_attachment(struct request *r, const char *name);
/* A file given as given (its name as sent, or NULL), data and len, checked
 * as evidence (core/evidence.h): 0 with *out filled — its safe name, the
 * content type stored and served, its SHA-256 in hex — or the HTTP status
 * (400 none or empty, 413 too large, 415 a type not allowed) with *msg
 * the reason in the reader's language. */
struct evidence_file {
	char name[201];
	const char *type;
	char sha256[65];
};
int evidence_accept(struct request *r, const char *given, const void *data, size_t len, struct evidence_file *out,
		    const char **msg);


/* ui_risk.c */
void risk_panels(struct request *r, const struct entity *e, const struct jval *row, struct jval *ctx);
/* The continuity panels of a record page (web/ui_continuity.c): what a
 * system's failure takes down, an exercise finding's measure. */
void continuity_panels(struct request *r, const struct entity *e, const struct jval *row, struct jval *ctx);
/* The heat map and its table of counts per likelihood and consequence
 * (x->n), as the template risk_matrix shows them. */
struct risk_method;
struct riskview_heat;
struct jval *risk_matrix_ctx(struct request *r, const struct risk_method *m, const struct riskview_heat *x,
			     const char *id, const char *caption);
/* Count a risk record into the matrices before (likelihood × consequence)
 * and after the measures (the residual ones); 1 when it has a residual
 * score. Scores outside m's scales are not counted. */
int risk_heat_add(const struct risk_method *m, const struct jval *risk, struct riskview_heat *before,
		  struct riskview_heat *after);
/* ui_risk_report.c */
void h_risk_report(struct request *r);
/* The measures of risk the user may read, by due date, into out as
 * {title, href, owner, due, status}; -1 when the store fails. */
int risk_measures(struct request *r, long long risk, struct jval *out);
void h_risk_report_pdf(struct request *r);
/* ui_risk_import.c */
void h_risk_import_form(struct request *r);
void h_risk_import(struct request *r);
/* ui_riskview.c */
void h_risk_overview(struct request *r);
void h_action_plan(struct request *r);
struct plan_entry;
/* An entry of the joint action plan as its rows show it: kind, title, href
 * (the record), status, context, due, late, and the owner when people is
 * set. */
struct jval *plan_entry_row(struct request *r, const struct plan_entry *e, const char *today, int people);

/* ui_misc.c */
/* The start page: the organisation's overview for a coordinator or an
 * administrator, "Mina uppgifter" (h_tasks) for everyone else. */
void h_dashboard(struct request *r);
/* /overview: the organisation's overview, whoever reads it. */
void h_overview(struct request *r);
/* ui_tasks.c */
/* "Mina uppgifter": what the reader's person is expected to do. */
void h_tasks(struct request *r);
/* 1 when the reader holds the coordinator's or the administrator's role. */
int tasks_is_coordinator(const struct request *r);
/* POST /incident-notices/{id}/read: the recipient marks a notice read. */
void h_notice_read(struct request *r);
/* api_escalation.c: GET /api/v1/incidents/{id}/notices. */
void api_incident_notices(struct request *r);
void h_gaps(struct request *r);
/* ui_gaps.c */
void h_gaps_csv(struct request *r);
void h_gaps_xlsx(struct request *r);
/* The overview's gap counts per kind and its first gaps into ctx; -1 when
 * the store fails. */
int gaps_overview_ctx(struct request *r, struct jval *ctx, size_t first);
/* The gaps of a record (and those it explains), worded, as an array. */
struct jval *gaps_of_record(struct request *r, const struct entity *e, long long id);
struct gap_item;
/* A gap as the pages show it: message, href, kind, unit, person, since. */
struct jval *gap_item_ctx(struct request *r, const struct gap_item *g);
void h_audit(struct request *r);
void h_account(struct request *r);
void h_account_save(struct request *r);
void h_account_password(struct request *r);
void h_token_create(struct request *r);
void h_token_revoke(struct request *r);
void h_user_password_form(struct request *r);
void h_user_password(struct request *r);
void h_static(struct request *r);
void h_healthz(struct request *r);

/* api.c */
void api_list(struct request *r);
void api_get(struct request *r);
void api_create(struct request *r);
void api_update(struct request *r);
void api_delete(struct request *r);
void api_history(struct request *r);
void api_gaps(struct request *r);
void api_me(struct request *r);
void api_organisation(struct request *r);
void api_organisation_update(struct request *r);
void api_openapi(struct request *r);

/* ui_mail.c: the mail queue and log, administrators only */
void h_mail_admin(struct request *r);
void h_mail_test(struct request *r);
void api_mail(struct request *r);
/* ui_report.c: reporting an incident, which anyone can do */
/* 1 when the organisation takes reports without an account (/rapportera). */
int report_public_open(struct request *r);
void h_report_form(struct request *r);
void h_report(struct request *r);
void h_report_mine(struct request *r);
void h_public_report_form(struct request *r);
void h_public_report(struct request *r);
void h_public_report_status(struct request *r);
void api_public_report(struct request *r);
void api_public_report_status(struct request *r);
/* ui_incident_stats.c: the incident statistics (issue 13, item 8) */
void h_incident_stats(struct request *r);
void h_incident_stats_csv(struct request *r);
void h_incident_stats_xlsx(struct request *r);
void api_incident_stats(struct request *r);
/* ui_wheel.c: the annual wheel and its calendar feeds (issue 14, item 9) */
void h_wheel(struct request *r);
void h_wheel_feeds(struct request *r);
void h_wheel_feed_create(struct request *r);
void h_wheel_feed_revoke(struct request *r);
void h_calendar_feed(struct request *r);
void api_wheel(struct request *r);
void api_calendar_feed_create(struct request *r);
/* POST /api/v1/calendar-feeds and GET /api/v1/wheel in the OpenAPI document. */
struct jval;
void wheel_openapi(struct arena *a, struct jval *paths);

/* Training (ui_training.c). */
void h_training_coverage(struct request *r);
/* 1 when the reader may read some training coverage (the menu). */
int training_coverage_may(struct request *r);
void api_training_coverage(struct request *r);
void h_training_attendance(struct request *r);
void api_training_attendance(struct request *r);
void training_panels(struct request *r, const struct entity *e, const struct jval *row, struct jval *ctx);
/* The reader's own training into ctx.training ("Mina uppgifter"); 0 or -1. */
int training_tasks(struct request *r, struct jval *ctx);

/* Governing documents (web/ui_documents.c): the panels of a document and
 * of a version, asking people to read a version, confirming it, the
 * version's file; the reader's pending requests for "Mina uppgifter"
 * (ctx "acks", "acks_total"; *count: how many), and for an owner who does
 * not read every document, the gaps of their own documents (ctx
 * "doc_gaps", "doc_gaps_total": the open ones). */
void documents_panels(struct request *r, const struct entity *e, const struct jval *row, struct jval *ctx);
void h_doc_ask(struct request *r);
void h_doc_ack(struct request *r);
void h_doc_file_upload(struct request *r);
void h_doc_file_get(struct request *r);
void api_doc_ask(struct request *r);
void api_doc_coverage(struct request *r);
void api_doc_ack(struct request *r);
void api_my_acks(struct request *r);
void api_doc_file_upload(struct request *r);
int documents_tasks(struct request *r, struct jval *ctx, long long *count);
/* The governing documents that implement SoA entry control and the reader
 * may read, as evidence on its panel: [{href, title, status}]. */
struct jval *documents_of_control(struct request *r, long long control);
/* The JSON object body of an API request (web/api.c): 1, or 0 with the
 * error answered. */
int api_json_body(struct request *r, struct jval **body);
/* ui_access_review.c: access reviews (issue 14, item 4) */
void h_access_review(struct request *r);
void h_access_review_save(struct request *r);
void h_access_review_import(struct request *r);
void api_access_review_accounts(struct request *r);
void api_access_review_decisions(struct request *r);
/* A campaign's progress on its page; a system's campaigns on the system's. */
void access_review_panels(struct request *r, const struct entity *e, const struct jval *row, struct jval *ctx);
/* The open campaigns the reader's person is to decide, into ctx
 * ("access_reviews"); *count how many. -1 when the store fails. */
int access_review_tasks(struct request *r, struct jval *ctx, long long *count);

#endif

/*
 * gaps.c: the gap list in words (see gaps.h).
 */
#include "model/gaps.h"

#include <string.h>

#include "util/i18n.h"

const char *gaps_kind_label(int lang, enum gap_kind k)
{
	static const char *const labels[GAP_KIND_COUNT] = {
		[GAP_SYSTEM_NO_OWNER] = N_("Systems without a system owner"),
		[GAP_SYSTEM_NO_ADMINISTRATOR] = N_("Systems without a system administrator"),
		[GAP_ASSET_NO_OWNER] = N_("Information assets without an information owner"),
		[GAP_SYSTEM_NO_INFORMATION] = N_("Systems that process no registered information"),
		[GAP_CRITICAL_PROCESS_NO_SYSTEM] = N_("Essential processes without a supporting system"),
		[GAP_AGREEMENT_ENDED] = N_("Systems in use whose agreement has ended"),
		[GAP_OFFICE_HOURS_CRITICAL] = N_("Office-hours support for systems essential services depend on"),
		[GAP_ASSET_NOT_CLASSIFIED] = N_("Information assets never classified"),
		[GAP_CLASSIFICATION_OUTDATED] = N_("Classifications due for review"),
		[GAP_SYSTEM_NOT_CLASSIFIED] = N_("Systems without a decided classification"),
		[GAP_PROCUREMENT_NOT_CLASSIFIED] = N_("Systems in procurement without a classification"),
		[GAP_REQUIREMENT_OVERDUE] = N_("Requirements not fulfilled by their due date"),
		[GAP_ENCRYPTION_AT_REST] = N_("Confidential systems without encryption of stored information"),
		[GAP_CONTROL_UNJUSTIFIED] = N_("Annex A controls excluded without justification"),
		[GAP_SYSTEM_NOT_ANALYSED] = N_("Systems never risk analysed"),
		[GAP_ASSET_NOT_ANALYSED] = N_("Information assets never risk analysed"),
		[GAP_ANALYSIS_OVERDUE] = N_("Risk analyses overdue"),
		[GAP_RISK_NO_MEASURE] = N_("Risks in the highest level without a measure"),
		[GAP_MEASURE_OVERDUE] = N_("Measures past their due date"),
		[GAP_RESIDUAL_NOT_ACCEPTED] = N_("Residual risks not accepted"),
		[GAP_SHARED_IT_NOT_ANALYSED] = N_("Shared IT environment never risk analysed"),
		[GAP_INFRASTRUCTURE_NOT_ANALYSED] = N_("IT infrastructure never risk analysed"),
		[GAP_INCIDENT_REPORT_OVERDUE] = N_("Incident reports past their deadline"),
		[GAP_INCIDENT_NO_FOLLOW_UP] = N_("Incidents open too long"),
		[GAP_PROCESS_NO_MTD] = N_("Essential processes without a maximum tolerable downtime"),
		[GAP_RTO_EXCEEDS_MTD] = N_("Systems that cannot be restored within the downtime their processes tolerate"),
		[GAP_PLAN_NOT_EXERCISED] = N_("Continuity plans not exercised"),
		[GAP_PLAN_REVIEW_OVERDUE] = N_("Continuity plans due for review"),
		[GAP_FINDING_NO_MEASURE] = N_("Exercise findings without a measure"),
		[GAP_ELECTED_UNTRAINED] = N_("Elected officials without training this term of office"),
		[GAP_STAFF_UNTRAINED] = N_("Staff without basic training"),
		[GAP_OWNER_UNTRAINED] = N_("Owners without classification and risk training"),
		[GAP_CONTROL_NOT_PERFORMED] = N_("Internal control points not performed"),
		[GAP_DOCUMENT_REVIEW_OVERDUE] = N_("Governing documents due for review"),
		[GAP_REQUIRED_DOCUMENT_MISSING] = N_("Required governing documents missing"),
		[GAP_DOCUMENT_NOT_ADOPTED_FOR_COMPANY] = N_("Governing documents not adopted by a company they apply to"),
		[GAP_ACCESS_REVIEW_OVERDUE] = N_("Systems due for an access review"),
		[GAP_ORG_REQUIREMENT_OVERDUE] = N_("Requirements on the organisation past their due date"),
	};
	return k < GAP_KIND_COUNT ? tr(lang, labels[k]) : "";
}

const char *gaps_message(struct arena *a, int lang, const struct gap_item *g)
{
	/* What the reader may not read, or what no longer has a name. */
	const char *hidden = tr(lang, "(not shown)");
	const char *name = g->name ? g->name : hidden;
	const char *other = g->other_name ? g->other_name : hidden;
	const char *due = g->due ? g->due : "";
	switch (g->kind) {
	case GAP_SYSTEM_NO_OWNER:
		return arena_printf(a, tr(lang, "The system \"%s\" has no system owner."), name);
	case GAP_SYSTEM_NO_ADMINISTRATOR:
		return arena_printf(a, tr(lang, "The system \"%s\" has no system administrator."), name);
	case GAP_ASSET_NO_OWNER:
		return arena_printf(a, tr(lang, "The information asset \"%s\" has no information owner."), name);
	case GAP_SYSTEM_NO_INFORMATION:
		return arena_printf(a, tr(lang, "The system \"%s\" processes no registered information asset."), name);
	case GAP_CRITICAL_PROCESS_NO_SYSTEM:
		return arena_printf(a, tr(lang, "The essential process \"%s\" is supported by no registered system."), name);
	case GAP_AGREEMENT_ENDED:
		return arena_printf(a, tr(lang, "The agreement \"%s\" ended on %s, but the system \"%s\" is still in use."),
				    other, due, name);
	case GAP_OFFICE_HOURS_CRITICAL:
		return arena_printf(a, tr(lang, "The system \"%s\" has support during office hours only, but the essential process \"%s\" depends on it."),
				    name, other);
	case GAP_ASSET_NOT_CLASSIFIED:
		return arena_printf(a, tr(lang, "The information asset \"%s\" has never been classified."), name);
	case GAP_CLASSIFICATION_OUTDATED:
		return arena_printf(a, tr(lang, "The classification of \"%s\" was due for review on %s."), name, due);
	case GAP_SYSTEM_NOT_CLASSIFIED:
		return arena_printf(a, tr(lang, "The system \"%s\" has no decided classification: none of its information is classified."), name);
	case GAP_PROCUREMENT_NOT_CLASSIFIED:
		return arena_printf(a, tr(lang, "The system \"%s\" is being procured without a classification; classify its information before the requirements are set."), name);
	case GAP_REQUIREMENT_OVERDUE:
		return arena_printf(a, tr(lang, "The requirement %s for the system \"%s\" was due on %s and is not fulfilled."),
				    other, name, due);
	case GAP_ENCRYPTION_AT_REST:
		return arena_printf(a, tr(lang, "The system \"%s\" holds information at confidentiality level 3 or higher, but encryption of stored information (%s) is not fulfilled."),
				    name, other);
	case GAP_CONTROL_UNJUSTIFIED:
		return arena_printf(a, tr(lang, "The control %s is marked not applicable without a justification."), name);
	case GAP_SYSTEM_NOT_ANALYSED:
		return arena_printf(a, tr(lang, "The system \"%s\" has no decided risk analysis."), name);
	case GAP_ASSET_NOT_ANALYSED:
		return arena_printf(a, tr(lang, "The information asset \"%s\" is covered by no decided risk analysis."), name);
	case GAP_ANALYSIS_OVERDUE:
		if (strcmp(g->entity, "information-assets") == 0)
			return arena_printf(a, tr(lang, "A new risk analysis of the information asset \"%s\" was due on %s."), name, due);
		return arena_printf(a, tr(lang, "A new risk analysis of the system \"%s\" was due on %s."), name, due);
	case GAP_RISK_NO_MEASURE:
		return arena_printf(a, tr(lang, "The risk \"%s\" is in the highest level and has no measure."), name);
	case GAP_MEASURE_OVERDUE:
		return arena_printf(a, tr(lang, "The measure \"%s\" was due on %s and is not done."), name, due);
	case GAP_RESIDUAL_NOT_ACCEPTED:
		return arena_printf(a, tr(lang, "No one has accepted the residual risk of \"%s\"."), name);
	case GAP_SHARED_IT_NOT_ANALYSED:
		return tr(lang, "The shared IT environment has no decided risk analysis.");
	case GAP_INFRASTRUCTURE_NOT_ANALYSED:
		return tr(lang, "The IT infrastructure has no decided risk analysis.");
	case GAP_INCIDENT_REPORT_OVERDUE:
		return arena_printf(a, tr(lang, "A report about the incident \"%s\" was due on %s and has not been recorded as sent."), name, due);
	case GAP_INCIDENT_NO_FOLLOW_UP:
		return arena_printf(a, tr(lang, "The incident \"%s\" has been open since before %s without being closed with its root cause and lessons learned."), name, due);
	case GAP_PROCESS_NO_MTD:
		return arena_printf(a, tr(lang, "The essential process \"%s\" has no maximum tolerable downtime."), name);
	case GAP_RTO_EXCEEDS_MTD:
		return arena_printf(a, tr(lang, "The system \"%s\" has no recovery time objective, or one longer than the maximum tolerable downtime of the process \"%s\", which depends on it."),
				    name, other);
	case GAP_PLAN_NOT_EXERCISED:
		if (*due)
			return arena_printf(a, tr(lang, "The continuity plan \"%s\" was to be exercised by %s."), name, due);
		return arena_printf(a, tr(lang, "The continuity plan \"%s\" has never been exercised."), name);
	case GAP_PLAN_REVIEW_OVERDUE:
		return arena_printf(a, tr(lang, "The continuity plan \"%s\" was due for review on %s."), name, due);
	case GAP_FINDING_NO_MEASURE:
		return arena_printf(a, tr(lang, "The exercise finding \"%s\" has no measure."), name);
	case GAP_ELECTED_UNTRAINED:
		return arena_printf(a, tr(lang, "The elected official %s has attended no training for elected officials in the current term of office."), name);
	case GAP_STAFF_UNTRAINED:
		if (*due)
			return arena_printf(a, tr(lang, "%s was to have attended basic training in information security by %s."), name, due);
		return arena_printf(a, tr(lang, "%s has not attended basic training in information security."), name);
	case GAP_OWNER_UNTRAINED:
		if (*due)
			return arena_printf(a, tr(lang, "%s owns systems or information and was to have attended classification and risk training by %s."), name, due);
		return arena_printf(a, tr(lang, "%s owns systems or information but has not attended classification and risk training."), name);
	case GAP_CONTROL_NOT_PERFORMED:
		return arena_printf(a, tr(lang, "The internal control point \"%s\" was to be checked on %s and has no result."), name, due);
	case GAP_DOCUMENT_REVIEW_OVERDUE:
		return arena_printf(a, tr(lang, "The governing document \"%s\" was due for review on %s."), name, due);
	case GAP_REQUIRED_DOCUMENT_MISSING:
		return arena_printf(a, tr(lang, "The required document \"%s\" is not fulfilled by an adopted governing document: choose the one that fulfils it on the required document's page (Fulfilled by)."), name);
	case GAP_DOCUMENT_NOT_ADOPTED_FOR_COMPANY:
		return arena_printf(a, tr(lang, "The governing document \"%s\" applies to the company \"%s\", whose board has not adopted it."), name, other);
	case GAP_ACCESS_REVIEW_OVERDUE:
		return due && *due ? arena_printf(a, tr(lang, "The accounts of the system \"%s\" were due for review on %s."), name, due)
				   : arena_printf(a, tr(lang, "The accounts of the system \"%s\" have never been reviewed."), name);
	case GAP_ORG_REQUIREMENT_OVERDUE:
		return arena_printf(a, tr(lang, "The requirement on the organisation \"%s\" was to be met by %s."), name, due);
	default:
		return "";
	}
}

struct jval *gaps_json(struct arena *a, int lang, const struct gap_item *g)
{
	struct jval *o = jv_obj(a);
	jv_set_str(a, o, "kind", gap_kind_code(g->kind));
	jv_set_str(a, o, "entity", g->entity);
	jv_set_int(a, o, "id", g->id);
	jv_set_str(a, o, "message", gaps_message(a, lang, g));
	jv_set_str(a, o, "since", g->since);
	if (g->due)
		jv_set_str(a, o, "due", g->due);
	else
		jv_set(o, "due", jv_null(a));
	if (g->unit_id)
		jv_set_int(a, o, "unit_id", g->unit_id);
	else
		jv_set(o, "unit_id", jv_null(a));
	if (g->person_id)
		jv_set_int(a, o, "person_id", g->person_id);
	else
		jv_set(o, "person_id", jv_null(a));
	if (g->other_entity) {
		struct jval *r = jv_set(o, "related", jv_obj(a));
		jv_set_str(a, r, "entity", g->other_entity);
		jv_set_int(a, r, "id", g->other_id);
	}
	return o;
}

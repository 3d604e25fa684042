/*
 * registry.c: the list of entities and lookups over it.
 */
#include <string.h>

#include "model/entity.h"

const struct entity *const entity_all[] = {
	&entity_systems,
	&entity_information_assets,
	&entity_processes,
	&entity_units,
	&entity_people,
	&entity_suppliers,
	&entity_agreements,
	&entity_classifications,
	&entity_system_classifications,
	&entity_plan_items,
	&entity_requirements,
	&entity_soa_entries,
	&entity_classification_levels,
	&entity_risk_analyses,
	&entity_risks,
	&entity_measures,
	&entity_risk_triggers,
	&entity_risk_comments,
	&entity_risk_methods,
	&entity_incidents,
	&entity_incident_reports,
	&entity_incident_events,
	&entity_incident_categories,
	&entity_incident_severities,
	&entity_significance_criteria,
	&entity_report_recipients,
	&entity_escalation_rules,
	&entity_incident_notices,
	&entity_role_assignments,
	&entity_users,
	&entity_organisation,
	&entity_continuity_plans,
	&entity_exercises,
	&entity_exercise_findings,
	&entity_dependencies,
	&entity_trainings,
	&entity_training_sessions,
	&entity_terms_of_office,
	&entity_training_requirements,
	&entity_goals,
	&entity_indicators,
	&entity_indicator_values,
	&entity_security_function,
	&entity_meetings,
	&entity_meeting_decisions,
	&entity_control_points,
	&entity_control_results,
	&entity_recurring_activities,
	&entity_calendar_feeds,
	&entity_governing_documents,
	&entity_document_versions,
	&entity_document_adoptions,
	&entity_required_documents,
	&entity_org_assessments,
	&entity_access_reviews,
	&entity_access_review_accounts,
	NULL
};

const struct entity *entity_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; entity_all[i]; i++)
		if (strcmp(entity_all[i]->name, name) == 0)
			return entity_all[i];
	return NULL;
}

const struct field *entity_field(const struct entity *e, const char *name)
{
	if (!name)
		return NULL;
	for (const struct field *f = e->fields; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

const char *field_option_label(const struct field *f, const char *v)
{
	if (!f->options || !v)
		return NULL;
	for (const struct option *o = f->options; o->value; o++)
		if (strcmp(o->value, v) == 0)
			return o->label;
	return NULL;
}

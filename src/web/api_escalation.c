/*
 * api_escalation.c: GET /api/v1/incidents/{id}/notices — who was told
 * about an incident by the escalation rules, and what became of each
 * e-mail (model/escalation.h escalation_notices): for whoever may read
 * the incident. The notices are also the read-only registry entity
 * incident-notices (/api/v1/incident-notices?incident_id=), whose list
 * has no delivery result.
 */
#include "model/escalation.h"
#include "util/i18n.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

void api_incident_notices(struct request *r)
{
	r->entity = &entity_incidents;
	struct jval *inc;
	if (!recview_load(r, &inc))
		return;
	struct jval *items = jv_arr(r->a);
	if (escalation_notices(r->st, r->a, r->org_id, r->id, items) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	struct jval *o = jv_obj(r->a);
	jv_set(o, "items", items);
	jv_set_int(r->a, o, "total", (long long)items->len);
	page_json(r, 200, o);
}

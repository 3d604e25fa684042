/*
 * escalation (model): the organisation's escalation rules and the notices
 * they send about incidents (model/escalation.c); the matching itself is
 * core/escalation.h. See docs/incidents.md, "Eskalering".
 */
#ifndef TILLIT_MODEL_ESCALATION_H
#define TILLIT_MODEL_ESCALATION_H

#include "model/entity.h"
#include "model/record.h"
#include "util/arena.h"
#include "util/json.h"

struct store;

/*
 * Tell the people the rules name about incident incident_id (rec: the
 * record as stored, with "system_ids" and "asset_ids"; old: as it was, or
 * NULL): for every active rule that matches rec now, every recipient the
 * rule names who has no notice about the incident yet gets one — a row
 * of incident-notices (audited, rule and e-mail named) and one e-mail
 * queued (store_mail_enqueue, audited in the mail log; a person without
 * an address still gets the row, and the mail log says why nothing was
 * sent). Each person is told once per incident, by the first matching
 * rule (by name) that names them. Runs inside the write's transaction (c
 * is the incident's trusted sub-context); a REC_ code.
 */
int escalation_apply(struct rctx *c, long long incident_id, const struct jval *rec, const struct jval *old);

/*
 * The notices about incident_id of org, oldest first, appended to array
 * out as objects {id, person_id, person, rule_id, rule, created_at,
 * read_at, mail_id, mail_to, mail_status ("queued", "sent", "retrying",
 * "failed" or null), mail_error (English msgid or the server's words, or
 * null), sent_at}. The caller checks that the reader may read the
 * incident. A STORE_ code.
 */
int escalation_notices(struct store *st, struct arena *a, long long org, long long incident_id, struct jval *out);

/* The organisation's escalation rules from Tillit's defaults, when it has
 * none yet; inside c's transaction, after the incident lists (the rule
 * "Hög allvarlighet" names the severity level 3). A REC_ code. */
int escalation_defaults_sync(struct rctx *c);
/* A default rule's text as stored (seeded in Swedish) in lang while it is
 * still the shipped text; else stored itself. */
const char *escalation_default_text(int lang, const char *stored);

#endif

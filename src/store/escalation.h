/*
 * escalation (store): what escalation needs beyond the registry's records
 * (model/escalation.c): who a rule's recipients are for one incident,
 * who has been told about it already, the notices with their e-mail's
 * delivery result, and one person's notices for "Mina uppgifter". Every
 * read is an index range over one incident, one rule or one person.
 */
#ifndef TILLIT_STORE_ESCALATION_H
#define TILLIT_STORE_ESCALATION_H

#include <stddef.h>

#include "util/arena.h"

struct store;
struct jval;

/* Kinds of recipient a rule names (bits). */
enum {
	ESC_INFORMATION_OWNERS = 1,   /* owners of the affected information, and of
					 the information the affected systems process */
	ESC_SYSTEM_OWNERS = 2,        /* owners of the affected systems */
	ESC_AGREEMENT_RESPONSIBLE = 4 /* the responsible person of each agreement with
					 the incident's supplier that has not ended */
};

/* A person to tell. */
struct esc_person {
	long long id;
	const char *name, *email; /* email NULL when the person has none */
};

/*
 * The active people of org a rule tells about incident: those holding one
 * of roles (role codes such as "security_chief", organisation-wide
 * assignments only; nroles may be 0), the owners and responsible people
 * the bits in kinds name, and the people the rule names (rule's
 * escalation_rule_people), each once, by id, into *out (arena a); today
 * is "YYYY-MM-DD" (agreements ended before it do not count).
 */
int store_escalation_recipients(struct store *st, struct arena *a, long long org, long long incident, long long rule,
				const char *const *roles, size_t nroles, unsigned kinds, const char *today,
				struct esc_person **out, size_t *n);

/* 1 when person has a notice about incident, else 0 (-1: the store failed). */
int store_notice_exists(struct store *st, long long incident, long long person);

/* The notices about incident of org, oldest first, as objects {id,
 * person_id, person, rule_id, rule, created_at, read_at, mail_id,
 * mail_status, mail_error, sent_at} (mail_status NULL when no e-mail was
 * queued) appended to array out. */
int store_notices_for_incident(struct store *st, struct arena *a, long long org, long long incident,
			       struct jval *out);

#endif

/*
 * escalation: whether an escalation rule matches an incident, as a rule
 * over plain values (model/escalation.c reads the rule and the incident
 * and tells the people the matching rules name). See docs/incidents.md,
 * "Eskalering".
 *
 * A rule matches when every condition it sets holds; a condition it does
 * not set holds for every incident, so a rule without conditions matches
 * every incident. "Severity high or T >= 3" is therefore two rules with
 * the same recipients: each rule is an AND of its conditions, the rules
 * together an OR.
 */
#ifndef TILLIT_CORE_ESCALATION_H
#define TILLIT_CORE_ESCALATION_H

#include "core/classify.h"

/* What a rule asks. */
struct esc_rule {
	int min_severity;     /* the incident's severity level must be at least
				 this; 0: no condition */
	long long category_id; /* the incident's category must be this; 0: any */
	int significant;      /* 1: the incident must be assessed significant */
	int personal_data;    /* 1: personal data must be involved */
	int supplier;         /* 1: a supplier must be named on the incident */
	int class_level;      /* LEVEL_UNSET: no condition; else 0-4: something
				 affected must be classified at least this on
				 class_aspect */
	int class_aspect;     /* enum aspect, or ASPECT_COUNT: any aspect */
};

/* What is known about the incident. */
struct esc_incident {
	int severity;         /* the level of its severity; 0: none given */
	long long category_id; /* 0: none */
	int significant;      /* assessed significant */
	int personal_data;    /* personal data involved (possible or a breach) */
	int supplier;         /* a supplier is named */
	/* Per aspect, the highest level among the affected systems (their
	 * effective classification) and information assets (their current
	 * one); LEVEL_UNSET when nothing affected is classified on it. */
	struct levels classified;
};

/* A rule with no conditions (every member "no condition"). */
void esc_rule_init(struct esc_rule *r);
/* An incident with nothing known (no severity, nothing classified). */
void esc_incident_init(struct esc_incident *i);

/* 1 when rule r matches incident i: every condition r sets holds. */
int escalation_matches(const struct esc_rule *r, const struct esc_incident *i);

/* Raise acc to the levels of lv, aspect by aspect (for gathering the
 * classification of everything an incident affects). */
void escalation_levels_max(struct levels *acc, const struct levels *lv);

#endif

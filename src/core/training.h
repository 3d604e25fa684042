/*
 * training: the rules for training of staff and elected officials, pure
 * (no I/O): which term of office contains a date, and until when a person
 * counts as trained under one requirement (docs/training.md).
 *
 * A requirement concerns an audience (all staff, elected officials, system
 * and information owners) and names the topics that satisfy it: every
 * topic named must be covered by a session the person attended (a course
 * has one topic); with no topics named, any course for that audience
 * counts. Elected officials are trained per term of office: a session in
 * the current term counts until the term ends. Others are trained until
 * the latest session of each topic plus the interval (0: for good). A
 * person is allowed grace months after being registered (elected
 * officials: after the later of registration and the start of the term).
 *
 * The result is a due date in the sense of core/gaps.h: the last day the
 * person counts as trained; the gap opens the day after, so it opens on
 * its day without a write. "" means untrained now, TRAINING_FOREVER that
 * no gap will open.
 */
#ifndef TILLIT_TRAINING_H
#define TILLIT_TRAINING_H

#include <stddef.h>

#define TRAINING_FOREVER "9999-12-31"

enum training_topic {
	TT_BASICS,
	TT_INCIDENTS,
	TT_CLASSIFICATION,
	TT_RISK,
	TT_PHISHING,
	TT_PRIVACY,
	TT_OTHER,
	TT_COUNT
};

enum training_audience {
	TA_ALL_STAFF,
	TA_MANAGERS,
	TA_OWNERS,
	TA_ELECTED,
	TA_SECURITY_FUNCTION,
	TA_COUNT
};

/* Codes as stored ("basics", "all_staff") and back (-1: unknown). */
const char *training_topic_code(enum training_topic t);
int training_topic_from_code(const char *code);
const char *training_audience_code(enum training_audience a);
int training_audience_from_code(const char *code);

struct training_term {
	const char *start, *end; /* YYYY-MM-DD, both days inside the term */
};

/* The index of the term in v[0..n) that contains date (start and end
 * included), or -1. When terms overlap, the one that started last. */
int training_term_of(const struct training_term *v, size_t n, const char *date);

struct training_requirement {
	enum training_audience audience;
	unsigned topics;     /* bit per enum training_topic; 0: any course for
				the audience */
	int interval_months; /* renewal; 0: never (ignored for elected officials) */
	int grace_months;    /* allowed after registration (or the term's start) */
};

/* A session a person attended. */
struct training_attended {
	const char *date;
	enum training_topic topic;
	enum training_audience audience; /* of the course */
};

/* The last day the person meets r, into due: "" when untrained now,
 * TRAINING_FOREVER when it never runs out (within the months allowed after
 * registration counts as meeting it). registered: the day the person was
 * registered (YYYY-MM-DD). term: the current term of office, used for
 * elected officials only (NULL: none contains today, and nothing is
 * required of them). until (NULL: not wanted): the last day the sessions
 * attended satisfy r, the months allowed left out: "" when they do not,
 * TRAINING_FOREVER when for good (no term: ""). */
void training_due(const struct training_requirement *r, const struct training_attended *v, size_t n,
		  const char *registered, const struct training_term *term, char due[11], char *until);

/* The topics of a stored set ("classification, risk") as bits; -1 when one
 * is unknown. */
long training_topics_bits(const char *text);

#endif

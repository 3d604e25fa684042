/*
 * wheel (model): the annual wheel (årshjul) — every due date Tillit knows,
 * from a table of sources, plus the organisation's own recurring
 * activities — and the entities recurring-activities and calendar-feeds.
 *
 * A source is one entry in wheel_sources[] (model/wheel.c): a code, the
 * entity whose record an item opens, a label and an SQL query for one
 * organisation and a date range, optionally for one person. Another area
 * adds its due dates with one entry there; nothing else changes. See
 * docs/annual-wheel.md.
 */
#ifndef TILLIT_MODEL_WHEEL_H
#define TILLIT_MODEL_WHEEL_H

#include <stddef.h>

#include "model/entity.h"

struct rctx;
struct arena;
struct wheel_row;

/*
 * A source's SQL selects, in this order: the due date (YYYY-MM-DD, or
 * text starting with one), the record's id, its title, the responsible
 * person's id or NULL, the unit's id or NULL, and optionally a sixth
 * number telling apart two due dates of one record on one day (the
 * requirement of an action-plan item). Parameters: ?1 the organisation,
 * ?2 the first day, ?3 the day AFTER the last one (due >= ?2 AND due < ?3,
 * so an index on the due date serves it), ?4 the person or NULL (then
 * every person's), ?5 the source's arg (a gap kind), ?6 the most rows to
 * return, ?7 the name of the source's entity. Order by due.
 */
struct wheel_source {
	const char *code;             /* stable: in UIDs and filters */
	const struct entity *entity;  /* the record an item opens */
	const char *label;            /* msgid: the kind of item ("Classification review") */
	const char *sql;              /* or NULL with fn */
	/* The same for one person (?4 given), when another index serves that
	 * better than the (?4 IS NULL OR ...) test in sql; NULL: sql. */
	const char *sql_person;
	long long arg;                /* ?5 */
	/* Instead of sql: compute the rows (the recurring activities). */
	int (*fn)(struct rctx *c, const struct wheel_source *src, const char *from, const char *until,
		  long long person, long long limit, struct wheel_row **rows, size_t *n);
	unsigned no_overdue : 1;      /* a date, not a task that can be late */
	/* For a source only a person's own wheel lists (sql gives nothing
	 * without ?4): the people it has items for between ?2 and ?3, as
	 * rows (their first due date, the person, '', the person, NULL), so
	 * that the reminders ask each of them (io/reminders.c). */
	const char *people_sql;
	const char *path;             /* printf pattern of the record's page with
					 %lld, or NULL: /<entity>/<id> */
};

/* The tables and derived areas the sources read: a kept wheel page or
 * calendar feed is valid while none of them changes (a source added
 * above adds its tables here). */
#define WHEEL_READ_NAMES                                                                          \
	"gaps", "exercises", "recurring-activities", "document-acks", "governing-documents",         \
		"training-sessions", "trainings", "access-reviews", "systems", "meetings", "meeting-decisions"

/* The sources, ending with { 0 }. */
extern const struct wheel_source wheel_sources[];
/* The source with that code, or NULL. */
const struct wheel_source *wheel_source_find(const char *code);

/* One item of the wheel. */
struct wheel_item {
	const struct wheel_source *src;
	const char *due; /* "YYYY-MM-DD" */
	long long id;    /* the record's */
	long long sub;
	const char *title;
	long long person_id, unit_id;
	int overdue;     /* due before today and the source's dates can be late */
};

struct wheel_query {
	const char *from, *to; /* both inclusive, "YYYY-MM-DD" */
	long long person;      /* 0: everyone's */
	const char *source;    /* a source's code, or NULL: all */
	size_t limit;          /* at most this many per source */
};

/*
 * The items of q that c's actor may read — each source's entity must be
 * readable, record by record where the reader's grants reach only some
 * records — sorted by date and title, into *items (c->a). *more is set
 * when a source had more than q->limit items.
 */
int wheel_collect(struct rctx *c, const struct wheel_query *q, struct wheel_item **items, size_t *n, int *more);
/* The path of an item's record page ("/information-assets/7"), in a. */
const char *wheel_item_path(struct arena *a, const struct wheel_item *it);
/* The item's UID in calendars: stable across requests for the same due
 * date of the same record ("12-measures-5-0-20260301@tillit"). */
const char *wheel_item_uid(struct arena *a, long long org, const struct wheel_item *it);

/* Seed the organisation's default recurring activities when it has none
 * (catalogue_sync). REC_ code. */
int wheel_defaults_sync(struct rctx *c);

/* The server's own address for links in feeds and mail (tillit serve
 * --base-url), set once at start; NULL: links are paths. */
void wheel_set_base_url(const char *url);
const char *wheel_base_url(void);
/* path made absolute with the base URL when there is one (arena a). */
const char *wheel_link(struct arena *a, const char *path);

extern const struct entity entity_recurring_activities, entity_calendar_feeds;

#endif

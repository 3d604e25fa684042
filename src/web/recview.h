/*
 * recview: what the record pages and the API share — reading list
 * parameters from the query string, loading a record the user may see, and
 * turning values into display text.
 */
#ifndef TILLIT_RECVIEW_H
#define TILLIT_RECVIEW_H

#include "model/entity.h"
#include "store/store.h"
#include "web/http.h"

#define UI_PAGE_SIZE 25

/* Fill q from ?q=, ?sort=[-]field, ?page=, ?limit= and ?<field>=value for
 * every filterable field ("-" or "null" for "empty"). Returns 0, or -1 with
 * errs naming the parameter at fault (a search of more than 200 characters
 * or LIST_MAX_SEARCH_WORDS words is left out of q). */
int recview_query(struct request *r, const struct entity *e, struct list_query *q,
		  long long default_limit, struct verrors *errs);
/* ?page= as a page number from 1 (1 when absent or not a positive number;
 * at most 10^9). For pages that only page, not search or filter. */
long long recview_page(struct request *r);
/* ?name= as a record id: 0 when absent or empty, -1 when not a positive
 * number. */
long long recview_query_id(struct request *r, const char *name);
/* Load r->entity's record r->id into *row when the user may read it;
 * otherwise answer 404/403 and return 0. The titles in its "_labels" of
 * records the user may not read are null (visible_row). */
int recview_load(struct request *r, struct jval **row);
/* What the user may see of the records others refer to (model/visible.h),
 * decided once per request. */
struct visible *recview_visible(struct request *r);
/* A value as the user reads it: option labels translated, yes/no, the
 * referred record's title. F_REFS: titles joined by ", ". A record the
 * user may not read is named by the placeholder visible_hidden() (for
 * F_REFS once, after the titles the user may see). */
const char *recview_text(struct request *r, const struct field *f, const struct jval *row);
/* May the user sort a list on field f? Not on a reference to records
 * they may not all read: the order would tell their titles apart. */
/* The organisation's time zone, looked up once per request. */
const struct tzone *recview_zone(struct request *r);
/* A stored UTC time as the reader sees it: local "YYYY-MM-DD HH:MM" in
 * the organisation's zone ("" for NULL). */
const char *recview_time(struct request *r, const char *stored);
int recview_sortable(struct request *r, const struct field *f);
/* The link to record id that reference field f names, or NULL when the
 * user may not read that record: no link to a page they cannot open. */
const char *recview_ref_href(struct request *r, const struct field *f, long long id);
/* The record's title (enum titles translated). */
const char *recview_title(struct request *r, const struct entity *e, const struct jval *row);
/* "/systems/12" */
const char *recview_href(struct request *r, const struct entity *e, long long id);
/* Percent-encode s for a query string. */
const char *recview_urlencode(struct arena *a, const char *s);

/*
 * Coming back after a form. A link that opens a form carries ?return= the
 * page it was on (recview_with_return); the form keeps it in a hidden
 * _return field; after saving, the handler goes there (recview_return) —
 * the list with its search, the plan, the analysis — instead of the record.
 */
/* The page the user is on as a path with its query ("/units?q=soc&page=2"),
 * without ?done= and ?return=. */
const char *recview_here(struct request *r);
/* href with return= the page the user is on added to its query. */
const char *recview_with_return(struct request *r, const char *href);
/* The form's _return, else the query's return, when it is a path on this
 * site (util/url.h url_local_path: never "//host", a scheme, CR or LF);
 * else NULL. */
const char *recview_return(struct request *r);
/* path with done=<done> added to its query (any done= already there
 * replaced), for the redirect after saving. */
const char *recview_done(struct request *r, const char *path, const char *done);

/* The query string of the current page with parameter name set to value
 * (left out when NULL), and without done= or verify=, starting with "?": for links
 * that keep the other filters (a pager, a sort). */
const char *recview_query_with(struct request *r, const char *name, const char *value);

#endif

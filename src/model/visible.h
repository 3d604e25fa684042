/*
 * visible: what one reader may see of the records a record refers to.
 *
 * A record names others: a system its owner and administrator (people),
 * the information it processes, its supplier. Pages, histories, exports
 * and the API show those by their titles ("_labels"). A reader who may not
 * read the entity referred to (an employee and people, say) sees neither
 * the title nor a link: pages and exports show the placeholder
 * visible_hidden() ("(dold)"), the API a null label. The number of the
 * record referred to stays: it is the record's own value (what an export
 * re-imports and the API writes back), and a number names no one.
 *
 * The decision is made once per entity and reader (struct visible lives
 * as long as the request); only where a grant would let the reader read
 * some records of an entity but not all of them is each record decided,
 * once. See docs/permissions.md, "What a reader sees of records they may
 * not read".
 */
#ifndef TILLIT_VISIBLE_H
#define TILLIT_VISIBLE_H

#include "model/entity.h"
#include "util/json.h"

struct rctx;
struct visible;

enum visibility {
	VIS_NONE = 0, /* no record of the entity */
	VIS_ALL = 1,  /* every record of the entity */
	VIS_SOME = 2, /* some records: decided record by record */
};

/* What c's actor may see, for as long as c->a lives (arena memory; c is
 * copied, c->who must outlive it). */
struct visible *visible_new(const struct rctx *c);
/* May the reader read the records of e: all, none or some of them? */
enum visibility visible_entity(struct visible *v, const struct entity *e);
/* May the reader read record id of e (and so see its title)? */
int visible_record(struct visible *v, const struct entity *e, long long id);
/* May the reader see who made a change (the account names in a
 * record's history)? Accounts are people's: yes for readers of every
 * person or every account. */
int visible_actors(struct visible *v);
/* The placeholder shown instead of a title the reader may not see. */
const char *visible_hidden(int lang);
/* Set to null the titles in row's "_labels" (row of e, as from store_get
 * or store_list) of records the reader may not read. */
void visible_row(struct visible *v, const struct entity *e, struct jval *row);

#endif

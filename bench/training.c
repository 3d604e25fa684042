/*
 * bench/training.c: add the training benchmark's records to a Tillit
 * database (issue 14: 2,000 training sessions with 100,000 attendances over
 * 50,000 people), through the store API, then rebuild the derived rows —
 * for timing the coverage page, "Mina uppgifter" and a session's change.
 *
 *   bench/training --db FILE [--people N]
 *
 * Adds N people (default 50,000: 48,000 employees in 200 units, 2,000
 * elected officials), 12 courses and 2,000 sessions of 50 attendees each
 * over the last three years, then derived_rebuild() (timed). Not audited
 * (the audit chain of such a database is not meant to verify).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/derived.h"
#include "model/entity.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/clock.h"
#include "util/json.h"

static unsigned long long rng = 88172645463325252ULL;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void die(struct store *st, const char *what)
{
	fprintf(stderr, "training: %s: %s\n", what, store_errmsg(st));
	exit(1);
}

int main(int argc, char **argv)
{
	const char *db = NULL;
	long long npeople = 50000;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (strcmp(argv[i], "--people") == 0 && i + 1 < argc)
			npeople = atoll(argv[++i]);
	}
	if (!db || npeople < 100) {
		fprintf(stderr, "usage: training --db FILE [--people N]\n");
		return 2;
	}
	clock_init();
	char err[512];
	int applied;
	struct store *st;
	if (store_open(db, 0, &st, err, sizeof err) != STORE_OK || store_migrate(st, &applied, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "training: %s\n", err);
		return 1;
	}
	long long org = store_default_org(st);
	struct arena *a = arena_new();
	long long *units = calloc(200, sizeof *units), *people = calloc((size_t)npeople, sizeof *people);
	if (store_begin(st) != STORE_OK)
		die(st, "begin");
	for (int i = 0; i < 200; i++) {
		struct jval *r = jv_obj(a);
		jv_set_str(a, r, "name", arena_printf(a, "Enhet %d", i + 1));
		jv_set_str(a, r, "kind", "section");
		if (store_insert(st, &entity_units, org, r, &units[i]) != STORE_OK)
			die(st, "units");
	}
	for (long long i = 0; i < npeople; i++) {
		arena_reset(a);
		struct jval *r = jv_obj(a);
		int elected = i % 25 == 0;
		jv_set_str(a, r, "name", arena_printf(a, "Person %lld", i + 1));
		jv_set_str(a, r, "email", arena_printf(a, "person%lld@storkoping.se", i + 1));
		jv_set_str(a, r, "kind", elected ? "elected" : "employee");
		jv_set(r, "active", jv_bool(a, 1));
		if (!elected)
			jv_set_int(a, r, "unit_id", units[rnd(200)]);
		if (store_insert(st, &entity_people, org, r, &people[i]) != STORE_OK)
			die(st, "people");
	}
	static const char *const topics[] = { "basics", "basics", "phishing", "classification", "risk", "incidents" };
	long long courses[12];
	for (int i = 0; i < 12; i++) {
		arena_reset(a);
		struct jval *r = jv_obj(a);
		jv_set_str(a, r, "name", arena_printf(a, "Kurs %d", i + 1));
		jv_set_str(a, r, "topic", topics[i % 6]);
		jv_set_str(a, r, "audience", i == 11 ? "elected_officials" : i >= 8 ? "owners" : "all_staff");
		if (store_insert(st, &entity_trainings, org, r, &courses[i]) != STORE_OK)
			die(st, "trainings");
	}
	char today[11];
	clock_today(today);
	for (int i = 0; i < 2000; i++) {
		arena_reset(a);
		struct jval *r = jv_obj(a);
		int c = rnd(12);
		jv_set_int(a, r, "training_id", courses[c]);
		jv_set_str(a, r, "session_date", arena_printf(a, "%d-%02d-%02d", atoi(today) - 2 + (int)rnd(3), 1 + rnd(12), 1 + rnd(28)));
		struct jval *ids = jv_arr(a);
		/* 50 different attendees; elected officials to their course. */
		long long base = rnd((unsigned)npeople);
		for (int k = 0; k < 50; k++) {
			long long p = c == 11 ? ((base + 25LL * k) / 25 * 25) % npeople : (base + 997LL * k) % npeople;
			int dup = 0;
			for (struct jval *m = ids->first; m && !dup; m = m->next)
				dup = m->i == people[p];
			if (!dup)
				jv_push(ids, jv_int(a, people[p]));
		}
		jv_set(r, "attendee_ids", ids);
		long long id;
		if (store_insert(st, &entity_training_sessions, org, r, &id) != STORE_OK)
			die(st, "sessions");
	}
	if (store_commit(st) != STORE_OK)
		die(st, "commit");
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	long long evaluated = 0;
	if (derived_rebuild(st, org, &evaluated) != STORE_OK)
		die(st, "rebuild");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("training: %lld people, 2000 sessions; rebuild of %lld records in %.1f s\n", npeople, evaluated,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	arena_free(a);
	free(units);
	free(people);
	store_close(st);
	return 0;
}

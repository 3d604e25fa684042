/*
 * catalogue: the catalogues Tillit ships in data/ — the requirement
 * catalogue and the controls of ISO/IEC 27001:2022 Annex A, CIS Controls
 * v8 and NIS2 article 21(2) — and the default classification levels,
 * brought into an organisation's database.
 *
 * Synchronising is idempotent and cheap when nothing changed (a digest of
 * the shipped files is kept per organisation). New shipped requirements
 * and controls are added. A shipped requirement the organisation has
 * edited keeps the edits: each field takes the new shipped value only
 * where the organisation's value is still the one last shipped (a
 * three-way merge against the copy kept in the hidden `shipped` field).
 * Requirements are never deleted; the organisation retires them.
 */
#ifndef TILLIT_CATALOGUE_H
#define TILLIT_CATALOGUE_H

#include <stddef.h>

#include "util/arena.h"

struct store;
struct actor;

/* One framework control as data/<framework>.csv lists it. */
struct catalogue_control {
	const char *code, *theme, *title_sv, *title_en;
};

/* One requirement as data/requirements.csv lists it. The mapping fields
 * hold codes separated by ';'. */
struct catalogue_requirement {
	const char *code, *area, *scope, *aspect;
	int min_level;
	const char *title_sv, *title_en, *current_sv, *current_en;
	const char *procurement_sv, *procurement_en;
	const char *iso27001, *cis, *nis2, *clauses;
	size_t line;
};

/* Why the catalogue has no requirement for a control, as
 * data/control-notes.csv says (header framework,code,note_sv,note_en). */
struct catalogue_note {
	const char *framework, *code, *note_sv, *note_en;
	size_t line;
};

/* Why a catalogue file was refused: English, names the line and column. */
struct catalogue_error {
	char msg[300];
};

/* The frameworks of the SoA in their order (iso27001, cis8, nis2,
 * clauses): the index of one by name (CATALOGUE_NFRAMEWORKS if unknown). */
#define CATALOGUE_NFRAMEWORKS 4
size_t catalogue_framework_index(const char *framework);

/* Parse a control notes file. 0 or -1. */
int catalogue_parse_notes(struct arena *a, const char *text, size_t len, struct catalogue_note **out, size_t *n,
			  struct catalogue_error *err);

/*
 * The catalogue check (docs/catalogue.md), run by make check on the
 * shipped files and by whoever keeps a catalogue of their own: every file
 * parses; every mapped code is a control of its framework; every control
 * of ISO/IEC 27001 Annex A, CIS Controls and NIS2 article 21(2) is
 * implemented by a requirement or has a note why none fits (not both);
 * codes, Swedish titles and English titles are unique; every requirement
 * has its English title and both current-state wordings; a system's
 * requirement has procurement wording in both languages that asks with
 * "ska"/"shall" for something verifiable (never "on request"). The texts
 * are the requirements file, the controls files by framework index, and
 * the notes (NULL: none). Returns the number of problems, their messages
 * (English, naming the line) in *msgs.
 */
struct catalogue_texts {
	const char *requirements;
	size_t requirements_len;
	const char *controls[CATALOGUE_NFRAMEWORKS];
	size_t controls_len[CATALOGUE_NFRAMEWORKS];
	const char *notes;
	size_t notes_len;
};
size_t catalogue_check(struct arena *a, const struct catalogue_texts *t, const char ***msgs);
/* The same over the files built into Tillit. */
size_t catalogue_check_shipped(struct arena *a, const char ***msgs);

/* Parse a controls file (header code,theme,title_sv,title_en). 0 or -1. */
int catalogue_parse_controls(struct arena *a, const char *text, size_t len,
			     struct catalogue_control **out, size_t *n, struct catalogue_error *err);
/* Parse a requirements file (the header in docs/internals/classification.md);
 * checks codes, areas, aspects, levels and that every mapped code is a
 * known control code. 0 or -1. */
int catalogue_parse_requirements(struct arena *a, const char *text, size_t len,
				 struct catalogue_requirement **out, size_t *n,
				 struct catalogue_error *err);

/*
 * Bring org up to date with the shipped catalogues, as who (recorded in the
 * audit trail), in one transaction. *changed gets the number of records
 * added or changed. Returns 0, or -1 with err filled (nothing written).
 */
/* A classification level's name or description as stored, in lang
 * (util/i18n.h) when it is still the shipped default (seeded in Swedish):
 * "Serious" for "Allvarlig" to an English reader; else stored itself. */
const char *catalogue_level_text(int lang, const char *stored);
/* Any text Tillit seeds in Swedish (field f marked .shipped: level names
 * and descriptions, the default risk method's scales and bands, the
 * incident lists, the escalation rules) in lang while it is still the
 * text shipped for that entity; else stored itself. */
struct arena;
struct field;
const char *catalogue_shipped_text(struct arena *a, int lang, const struct field *f, const char *stored);

int catalogue_sync(struct store *st, long long org, const struct actor *who, int *changed,
		   struct catalogue_error *err);

#endif

/*
 * i18n: gettext message catalogues (po/sv.po, po/en.po), compiled into the
 * binary and looked up per request, since the language is a per-user choice.
 *
 * Message ids are English. In C code a user-facing string is written
 * tr(lang, "English text") when translated on the spot, or N_("English text")
 * when stored in a table and translated later; in templates {{_ English text}}.
 * `make po` extracts all three into po/tillit.pot.
 */
#ifndef TILLIT_I18N_H
#define TILLIT_I18N_H

#include <stddef.h>

enum lang { LANG_SV = 0, LANG_EN = 1, LANG_COUNT };

#define N_(s) (s)
/* A message with a context, kept in a table: the key tr() looks up. */
#define NC_(c, s) (c "\004" s)

struct po_catalog;

/*
 * Parse the text of a .po file. Handles comments, msgctxt-less entries,
 * multi-line strings ("" continuation lines), the C escapes \n \t \" \\ and
 * octal/hex escapes, the header entry (msgid ""), and "#, fuzzy" entries
 * (skipped, as gettext does). Plural entries (msgid_plural) are read with
 * msgstr[0] as the translation. Returns 0, or -1 with "LINE: problem"
 * written to err.
 */
int po_parse(const char *text, size_t len, struct po_catalog **out, char *err, size_t errlen);
/* The translation of msgid, or NULL when absent or empty. */
const char *po_lookup(const struct po_catalog *c, const char *msgid);
/* Number of entries with a non-empty translation (header excluded). */
size_t po_count(const struct po_catalog *c);
/* Call fn for every entry (header excluded), in file order. */
void po_each(const struct po_catalog *c,
	     void (*fn)(void *ctx, const char *msgid, const char *msgstr), void *ctx);
void po_free(struct po_catalog *c);

/* Load the embedded po/sv.po and po/en.po. Returns 0 or -1 with err set.
 * Call once at start-up, before threads. */
int i18n_init(char *err, size_t errlen);
/* The translation of msgid for lang, or msgid itself when there is none. */
const char *tr(int lang, const char *msgid);
/* pgettext: the translation of msgid in message context ctxt (a po
 * entry with msgctxt "ctxt"), for a word that means different things in
 * different places ("New" as a button and as a tag); msgid itself when
 * there is none. In C write trc(lang, "context", "Text") or NC_("context",
 * "Text") in a table; in templates {{_[context] Text}}. */
const char *trc(int lang, const char *ctxt, const char *msgid);
/*
 * Numbers as the language writes them, into buf (len bytes, at least 32):
 * digits grouped by threes with a no-break space in Swedish ("1 796") and
 * a comma in English ("1,796"); i18n_decimal with d decimals (0..6) and the
 * decimal comma in Swedish ("46,0") or point in English ("46.0"). Return buf.
 */
const char *i18n_int(int lang, long long n, char *buf, size_t len);
const char *i18n_decimal(int lang, double x, int d, char *buf, size_t len);

/* "sv" -> LANG_SV, "en" -> LANG_EN (also "en-GB", "sv-SE"), else -1. */
int i18n_lang_from_code(const char *code);
/* LANG_SV -> "sv", LANG_EN -> "en". */
const char *i18n_lang_code(int lang);
/* The first supported language in an Accept-Language header, or LANG_SV. */
int i18n_lang_from_accept(const char *header);

#endif

/* fuzz-sources: src/util/i18n.c src/util/embed.c src/util/text.c src/util/buf.c src/util/arena.c src/util/xalloc.c */
/*
 * fuzz_po: the .po reader on arbitrary bytes. On success every entry must be
 * found again by po_lookup, and a few fixed ids are looked up.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/embed.h"
#include "util/i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* i18n.c refers to the generated table; this target never calls i18n_init. */
const struct embedded_file embedded_files[] = { { 0, 0, 0 } };

struct check {
	const struct po_catalog *c;
	size_t translated;
};

static void check_entry(void *ctx, const char *msgid, const char *msgstr)
{
	struct check *k = ctx;
	const char *got = po_lookup(k->c, msgid);
	if (msgstr[0]) {
		assert(got && strcmp(got, msgstr) == 0);
		k->translated++;
	} else {
		assert(got == NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct po_catalog *c = NULL;
	char err[128];
	if (po_parse((const char *)data, size, &c, err, sizeof err) != 0) {
		/* "LINE: problem" */
		assert(c == NULL);
		assert(err[0] >= '1' && err[0] <= '9' && strstr(err, ": "));
		return 0;
	}
	assert(c != NULL);
	struct check k = { c, 0 };
	po_each(c, check_entry, &k);
	assert(k.translated == po_count(c));
	static const char *const ids[] = { "", "Save", "a", "msgid", "\004" };
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
		(void)po_lookup(c, ids[i]);
	assert(po_lookup(c, "") == NULL);
	po_free(c);
	return 0;
}

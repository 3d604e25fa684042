/* fuzz-sources: src/core/evidence.c src/util/text.c src/util/buf.c src/util/xalloc.c */
/*
 * fuzz_evidence: the evidence file rules on arbitrary names and contents.
 * The input is a file name, a NUL, then the content. A cleaned name is
 * always valid UTF-8 of at most EVIDENCE_NAME_MAX bytes, with no path
 * separator, quote, ';' or control character (it goes into a
 * Content-Disposition header); an accepted file always has a type.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/evidence.h"
#include "util/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t nlen = nul ? (size_t)(nul - data) : size;
	char name[1024];
	if (nlen >= sizeof name)
		nlen = sizeof name - 1;
	memcpy(name, data, nlen);
	name[nlen] = 0;
	const uint8_t *content = nul ? nul + 1 : data + size;
	size_t clen = (size_t)(data + size - content);

	char clean[EVIDENCE_NAME_MAX + 1];
	evidence_filename(name, clean);
	size_t n = strlen(clean);
	assert(n > 0 && n <= EVIDENCE_NAME_MAX);
	assert(text_utf8_valid(clean, n));
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)clean[i];
		assert(c >= 0x20 && c != 0x7f && c != '"' && c != ';' && c != '/' && c != '\\');
	}

	const char *type = NULL;
	enum evidence_check r = evidence_check(clean, content, clen, &type);
	assert(r != EVIDENCE_OK || (type && *type && clen > 0));
	return 0;
}

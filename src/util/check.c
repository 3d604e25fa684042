/*
 * check.c: see check.h.
 */
#include "util/check.h"

#include <stdio.h>
#include <stdlib.h>

int check_failed(const char *cond, const char *file, int line)
{
	fprintf(stderr, "tillit: internal check failed: %s (%s:%d)\n", cond, file, line);
#ifdef TILLIT_STRICT
	abort();
#endif
	return 0;
}

/*
 * check: conditions that must hold, and that are never dropped silently
 * when they do not (SQLite's ALWAYS()/NEVER()).
 *
 *   if (!ALWAYS(n < max)) return error;
 *
 * ALWAYS(x) is x. When x is false, the sanitizer build (SAN=1, which
 * defines TILLIT_STRICT) prints the place and aborts, so that a test that
 * reaches it fails loudly; a production build writes one line to stderr
 * and lets the caller take its error path (a 500 for a request). NEVER(x)
 * is the same for a condition that must not hold.
 */
#ifndef TILLIT_CHECK_H
#define TILLIT_CHECK_H

/* Report a broken condition (abort under TILLIT_STRICT). Returns 0. */
int check_failed(const char *cond, const char *file, int line);

#define ALWAYS(x) ((x) ? 1 : check_failed(#x, __FILE__, __LINE__))
#define NEVER(x) ((x) ? !check_failed("!(" #x ")", __FILE__, __LINE__) : 0)

#endif

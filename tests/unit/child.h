/*
 * child.h: run part of a unit test in a forked child and tell how it
 * ended, for calls that must abort (xalloc_die, ALWAYS() under the
 * sanitizer build) without ending the test run. Included by the test files
 * that need it; everything here is static.
 */
#ifndef TILLIT_TEST_CHILD_H
#define TILLIT_TEST_CHILD_H

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct child_end {
	int signal;     /* the signal that ended it, or 0 */
	int status;     /* its exit status when no signal did */
	char err[4096]; /* the start of what it wrote to stderr */
};

/* Run fn(ctx) in a child whose stderr is captured; the child exits with
 * fn's return value (low 8 bits). Nothing the child does (a leak, a
 * half-written database file) reaches the parent: it ends with _exit. */
static inline struct child_end child_run(int (*fn)(void *ctx), void *ctx)
{
	struct child_end end = { 0 };
	int fds[2];
	if (pipe(fds) != 0)
		fail_msg("pipe failed");
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		fail_msg("fork failed");
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 2);
		_exit(fn(ctx) & 0xff);
	}
	close(fds[1]);
	size_t got = 0;
	char chunk[512];
	ssize_t n;
	/* Read to the end before waiting, so a chatty child never blocks. */
	while ((n = read(fds[0], chunk, sizeof chunk)) > 0) {
		size_t keep = (size_t)n < sizeof end.err - 1 - got ? (size_t)n : sizeof end.err - 1 - got;
		memcpy(end.err + got, chunk, keep);
		got += keep;
	}
	end.err[got] = 0;
	close(fds[0]);
	int st = 0;
	if (waitpid(pid, &st, 0) != pid)
		fail_msg("waitpid failed");
	if (WIFSIGNALED(st))
		end.signal = WTERMSIG(st);
	else
		end.status = WEXITSTATUS(st);
	return end;
}

/* The child ran out of memory the way xalloc_die() reports it. */
static inline void child_assert_died_of_size(const struct child_end *end)
{
	if (end->signal != SIGABRT || !strstr(end->err, "tillit: out of memory"))
		fail_msg("expected an abort by xalloc_die, got signal %d, status %d, stderr: %s",
			 end->signal, end->status, end->err);
}

/* An ALWAYS()/NEVER() fired: under TILLIT_STRICT (the sanitizer build) the
 * child aborted; in a production build it logged the broken condition and
 * went on to the caller's error path, whose code (low 8 bits) it exited
 * with. */
static inline void child_assert_check_failed(const struct child_end *end, int code)
{
	if (!strstr(end->err, "tillit: internal check failed"))
		fail_msg("no check failure logged (signal %d, status %d): %s", end->signal, end->status,
			 end->err);
#ifdef TILLIT_STRICT
	(void)code;
	if (end->signal != SIGABRT)
		fail_msg("expected an abort under TILLIT_STRICT, got signal %d, status %d", end->signal,
			 end->status);
#else
	if (end->signal || end->status != (code & 0xff))
		fail_msg("expected exit status %d, got signal %d, status %d", code & 0xff, end->signal,
			 end->status);
#endif
}

#endif

/*
 * stats.c: quantiles and shares (core/stats.h).
 */
#include "core/stats.h"

#include <math.h>
#include <stdlib.h>

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

void stats_sort(long long *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_ll);
}

double stats_quantile(const long long *sorted, size_t n, double p)
{
	if (n == 0)
		return 0;
	if (p <= 0)
		return (double)sorted[0];
	if (p >= 1)
		return (double)sorted[n - 1];
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)floor(h);
	if (lo + 1 >= n)
		return (double)sorted[n - 1];
	return (double)sorted[lo] + (h - (double)lo) * (double)(sorted[lo + 1] - sorted[lo]);
}

double stats_share(long long part, long long whole)
{
	return whole > 0 ? (double)part / (double)whole : -1;
}

/*
 * stats: the figures the statistics pages show, as pure rules: quantiles
 * of a set of durations and shares. No I/O, no allocation.
 */
#ifndef TILLIT_STATS_H
#define TILLIT_STATS_H

#include <stddef.h>

/* Sort v[0..n) ascending, in place. */
void stats_sort(long long *v, size_t n);
/* The p-quantile (0 <= p <= 1) of sorted[0..n) by linear interpolation
 * between the closest ranks (the "type 7" of Hyndman and Fan, what
 * spreadsheets' PERCENTILE/PERCENTILE.INC and numpy's default give):
 * h = (n - 1) p, the value at rank floor(h) plus (h - floor(h)) of the way
 * to the next. The median is p = 0.5 (the mean of the two middle values
 * for even n). 0 when n is 0. */
double stats_quantile(const long long *sorted, size_t n, double p);
/* part / whole, or -1 when whole is 0 (no share to give). */
double stats_share(long long part, long long whole);

#endif

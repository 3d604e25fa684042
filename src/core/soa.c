/*
 * soa.c: see soa.h.
 */
#include "core/soa.h"

int soa_requirement_implemented(long long applies, long long fulfilled, long long not_applicable)
{
	return applies > 0 && fulfilled > 0 && fulfilled + not_applicable >= applies;
}

enum soa_cover soa_control_cover(size_t nreqs, size_t implemented)
{
	return nreqs == 0 ? SOA_NO_REQUIREMENTS
	       : implemented == nreqs ? SOA_COVERED
	       : implemented ? SOA_PARTLY : SOA_NOT_COVERED;
}

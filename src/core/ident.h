/*
 * ident: Swedish identifiers, checked as the issuing authorities define
 * them. Pure: no I/O.
 *
 * An organisationsnummer (Bolagsverket, Skatteverket) is ten digits,
 * written NNNNNN-NNNN; the last is a check digit by the Luhn algorithm
 * (weights 2,1,2,1,... from the first digit), as in a personnummer, which a
 * sole trader uses as the organisation number.
 */
#ifndef TILLIT_IDENT_H
#define TILLIT_IDENT_H

enum ident_result {
	IDENT_OK = 0,
	IDENT_FORMAT, /* not ten digits with at most one hyphen after the sixth */
	IDENT_CHECK,  /* ten digits, but the check digit does not match */
};

/* Check s as an organisationsnummer ("212000-1355" or "2120001355");
 * on IDENT_OK out holds it as "NNNNNN-NNNN". */
enum ident_result ident_orgnr(const char *s, char out[12]);

#endif

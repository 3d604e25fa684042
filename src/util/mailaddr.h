/*
 * mailaddr: what Tillit accepts as an e-mail address to send to. Plain
 * addr-spec only (local@domain, no display name, no comments, no quoted
 * local part), so that an address can go into an SMTP command and a header
 * as it is: nothing in it can end a line or a command.
 */
#ifndef TILLIT_MAILADDR_H
#define TILLIT_MAILADDR_H

/* Longest address accepted (RFC 5321: a path is at most 256 octets). */
#define MAILADDR_MAX 254

/* 1 when s is such an address, else 0. */
int mailaddr_valid(const char *s);

#endif

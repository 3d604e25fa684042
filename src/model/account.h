/*
 * account: passwords, API tokens and sessions' secrets. Shared by the web
 * login, the account pages and the command line.
 *
 * Passwords are stored only as Argon2id hashes (libsodium, 2 passes over
 * 19 MiB: the OWASP minimum, cheap enough for a small server). Tokens and
 * session cookies are 256-bit random values; only their SHA-256 is stored.
 */
#ifndef TILLIT_ACCOUNT_H
#define TILLIT_ACCOUNT_H

#include <stddef.h>

#include "model/record.h"

#define ACCOUNT_HASH_MAX 128
#define ACCOUNT_TOKEN_MAX 64
#define PASSWORD_MIN 12
#define PASSWORD_MAX 256

/* Initialise libsodium. 0 or -1. */
int account_init(void);
/* NULL when pw is acceptable, else a msgid saying why not. */
const char *account_password_problem(const char *pw);
int account_hash_password(const char *pw, char out[ACCOUNT_HASH_MAX]);
/* 1 when pw matches hash. Takes as long for a NULL hash (unknown user). */
int account_check_password(const char *hash, const char *pw);
/* A fresh random secret, base64url, with an optional prefix ("tlt_"). */
void account_random(char out[ACCOUNT_TOKEN_MAX], const char *prefix);
/* A readable random password of 20 characters for first-time set-up. */
void account_generate_password(char out[32]);
/* Hex SHA-256 of s. */
void account_sha256_hex(const char *s, char out[65]);

/* Set a user's password (hash, store, audit entry without the password). */
int account_set_password(struct rctx *c, long long user_id, const char *pw, struct verrors *errs);
/* Create an API token for user_id; the secret goes to token (shown once). */
int account_token_create(struct rctx *c, long long user_id, const char *name,
			 char token[ACCOUNT_TOKEN_MAX], long long *id);
int account_token_revoke(struct rctx *c, long long token_id);

/* The login throttling key of an account ("user", its user name) or of a
 * client address ("addr", the address), as store_login_attempt counts. */
#define ACCOUNT_LOGIN_KEY_MAX 96
void account_login_key(char out[ACCOUNT_LOGIN_KEY_MAX], const char *kind, const char *value);
/*
 * Clear the failed logins of an account (the user of user_id, in the
 * actor's organisation), which ends its 15-minute lockout. *cleared gets
 * how many there were; when there were any, the audit trail records
 * "unlock" on the user in the same transaction. REC_NOTFOUND for no such
 * user.
 */
int account_unlock(struct rctx *c, long long user_id, long long *cleared);

#endif

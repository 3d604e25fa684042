#include "model/account.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "util/i18n.h"
#include "util/text.h"

#define OPSLIMIT 2
#define MEMLIMIT (19u * 1024 * 1024)

int account_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

const char *account_password_problem(const char *pw)
{
	size_t len = strlen(pw);
	if (!text_utf8_valid(pw, len))
		return N_("The password is not valid text.");
	size_t chars = text_utf8_length(pw, len);
	if (chars < PASSWORD_MIN)
		return N_("Use at least 12 characters in the password.");
	if (len > PASSWORD_MAX)
		return N_("Use at most 256 bytes in the password.");
	return NULL;
}

int account_hash_password(const char *pw, char out[ACCOUNT_HASH_MAX])
{
	return crypto_pwhash_str_alg(out, pw, strlen(pw), OPSLIMIT, MEMLIMIT,
				     crypto_pwhash_ALG_ARGON2ID13) == 0 ? 0 : -1;
}

int account_check_password(const char *hash, const char *pw)
{
	static char dummy[crypto_pwhash_STRBYTES];
	if (!hash || !*hash) {
		/* Spend the same time as a real check, so the answer does not
		 * tell whether the account exists. */
		if (!dummy[0])
			account_hash_password("not a real password, only for timing", dummy);
		if (crypto_pwhash_str_verify(dummy, pw, strlen(pw)) == 0)
			return 0;
		return 0;
	}
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

void account_random(char out[ACCOUNT_TOKEN_MAX], const char *prefix)
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	size_t p = prefix ? strlen(prefix) : 0;
	if (p)
		memcpy(out, prefix, p);
	sodium_bin2base64(out + p, ACCOUNT_TOKEN_MAX - p, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void account_generate_password(char out[32])
{
	/* No look-alikes (0/O, 1/l/I) so it can be read aloud or copied by hand. */
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	for (int i = 0; i < 20; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[20] = 0;
}

void account_sha256_hex(const char *s, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, 65, h, sizeof h);
}

/* Begin a write and load the user of user_id, who must be in the actor's
 * organisation (STORE_NOTFOUND when not). */
static int begin_with_user(struct rctx *c, long long user_id, struct user *u)
{
	int rc = store_begin(c->st);
	if (rc == STORE_OK)
		rc = store_user_by_id(c->st, c->a, user_id, u);
	if (rc == STORE_OK && u->org_id != c->who->org_id)
		rc = STORE_NOTFOUND;
	return rc;
}

/* Commit when rc is STORE_OK, else roll back; the REC_ code of the end. */
static int finish(struct rctx *c, int rc)
{
	if (rc == STORE_OK)
		rc = store_commit(c->st);
	if (rc != STORE_OK) {
		store_rollback(c->st);
		return rc == STORE_NOTFOUND ? REC_NOTFOUND : REC_ERROR;
	}
	return REC_OK;
}

int account_set_password(struct rctx *c, long long user_id, const char *pw, struct verrors *errs)
{
	const char *problem = account_password_problem(pw);
	if (problem) {
		verr_add(errs, "password", tr(c->who->lang, problem));
		return REC_INVALID;
	}
	char hash[ACCOUNT_HASH_MAX];
	if (account_hash_password(pw, hash) != 0)
		return REC_ERROR;
	struct user u;
	int rc = begin_with_user(c, user_id, &u);
	if (rc == STORE_OK)
		rc = store_user_set_password(c->st, user_id, hash);
	if (rc == STORE_OK) {
		/* Other sessions of the account end: a changed password should
		 * lock out whoever knew the old one. */
		rc = store_sessions_delete_user(c->st, user_id);
	}
	if (rc == STORE_OK) {
		struct jval *changes = jv_obj(c->a);
		struct jval *hidden = jv_str(c->a, "***");
		record_change(c->a, changes, "password", hidden, hidden);
		struct audit_actor who = record_audit_actor(c);
		rc = store_audit_append(c->st, c->who->org_id, &who, "users", user_id, "password", changes);
	}
	return finish(c, rc);
}

int account_token_create(struct rctx *c, long long user_id, const char *name,
			 char token[ACCOUNT_TOKEN_MAX], long long *id)
{
	account_random(token, "tlt_");
	char hash[65];
	account_sha256_hex(token, hash);
	if (store_begin(c->st) != STORE_OK)
		return REC_ERROR;
	int rc = store_token_create(c->st, user_id, name, hash, id);
	if (rc == STORE_OK) {
		struct jval *changes = jv_obj(c->a);
		record_change(c->a, changes, "token", NULL, jv_str(c->a, name));
		struct audit_actor who = record_audit_actor(c);
		rc = store_audit_append(c->st, c->who->org_id, &who, "users", user_id, "token_create", changes);
	}
	if (rc == STORE_OK)
		rc = store_commit(c->st);
	if (rc != STORE_OK) {
		store_rollback(c->st);
		return REC_ERROR;
	}
	return REC_OK;
}

int account_token_revoke(struct rctx *c, long long token_id)
{
	if (store_begin(c->st) != STORE_OK)
		return REC_ERROR;
	long long user_id = 0;
	int rc = store_token_revoke(c->st, token_id, &user_id);
	if (rc == STORE_OK) {
		struct jval *changes = jv_obj(c->a);
		jv_set(changes, "token_id", jv_int(c->a, token_id));
		struct audit_actor who = record_audit_actor(c);
		rc = store_audit_append(c->st, c->who->org_id, &who, "users", user_id, "token_revoke", changes);
	}
	return finish(c, rc);
}

void account_login_key(char out[ACCOUNT_LOGIN_KEY_MAX], const char *kind, const char *value)
{
	snprintf(out, ACCOUNT_LOGIN_KEY_MAX, "%s:%s", kind, value);
}

int account_unlock(struct rctx *c, long long user_id, long long *cleared)
{
	*cleared = 0;
	struct user u;
	int rc = begin_with_user(c, user_id, &u);
	char key[ACCOUNT_LOGIN_KEY_MAX];
	if (rc == STORE_OK) {
		account_login_key(key, "user", u.username);
		rc = store_login_failures_clear(c->st, key, cleared);
	}
	if (rc == STORE_OK && *cleared) {
		struct jval *changes = jv_obj(c->a);
		record_change(c->a, changes, "failed_logins", jv_int(c->a, *cleared), jv_int(c->a, 0));
		struct audit_actor who = record_audit_actor(c);
		rc = store_audit_append(c->st, c->who->org_id, &who, "users", user_id, "unlock", changes);
	}
	int res = finish(c, rc);
	if (res != REC_OK)
		*cleared = 0;
	return res;
}

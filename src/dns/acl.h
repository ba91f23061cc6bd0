/*
 * acl: access control by source address and TSIG key, for transfers
 * (provide-xfr:), NOTIFY (allow-notify:) and updates (allow-update:), and
 * the update policy: which names and types an updater may change.
 *
 * Grammar of one rule, the value of one configuration line (words are
 * separated by blanks; keywords in capitals are case-insensitive):
 *
 *   rule    = source [ key ] *option
 *   source  = "any"                 every address, IPv4 and IPv6
 *           | "none"                no address (a rule that never matches)
 *           | ADDRESS [ "/" LENGTH ] IPv4 (0-32) or IPv6 (0-128) prefix;
 *                                   no bit may be set after the prefix
 *   key     = "NOKEY"               only requests without a TSIG
 *           | "ANYKEY"              only requests signed with a known key
 *           | "BLOCKED"             every request: refuse it
 *           | KEYNAME               only requests signed with this key
 *             (no key word: requests signed or not)
 *   option  = "name=" PATTERN *( "," PATTERN )      exactly these names
 *           | "subdomain=" PATTERN *( "," PATTERN ) these names and below
 *           | "types=" TYPE *( "," TYPE )           these types (ANY: all)
 *
 * Options are accepted in update rules only (ACL_UPDATE) and never with
 * BLOCKED. A PATTERN is a domain name, absolute whether or not it ends in a
 * dot, in which a label "*" stands for any one label (a literal "*" label
 * included): "_acme-challenge.*.example.com" matches
 * _acme-challenge.www.example.com. but neither _acme-challenge.example.com.
 * nor _acme-challenge.a.b.example.com.; "subdomain=*.example.com" matches
 * a.example.com. and x.a.example.com. but not example.com. A rule without
 * name= or subdomain= covers every name; without types= every type. The
 * type ANY asked by acl_update_allowed (delete all RRsets at a name, RFC
 * 2136 §2.5.3) is covered only by a rule that covers every type.
 *
 * Examples:
 *   allow-update: 192.0.2.0/24 NOKEY
 *   allow-update: any acme-key name=_acme-challenge.*.example.com types=TXT
 *   allow-update: 2001:db8::/32 ops-key subdomain=lab.example.com
 *   provide-xfr: 127.0.0.1 xfr-key
 *   allow-notify: 192.0.2.53 NOKEY
 *   provide-xfr: 198.51.100.7 BLOCKED
 *
 * Rules are tried first to last. For acl_check the first rule whose source
 * and key match the request decides: BLOCKED refuses, any other allows; no
 * matching rule refuses. For acl_update_allowed a matching BLOCKED rule
 * refuses, a matching rule that also covers the name and the type allows,
 * and a matching rule that does not cover them is passed over (a later one
 * may); no rule refuses. An empty list refuses everything. So an unsigned
 * request is refused unless a rule without a key word, or with NOKEY,
 * matches its source address.
 */
#ifndef RD_ACL_H
#define RD_ACL_H

#include <stddef.h>
#include <stdint.h>

struct sockaddr;
struct tsig_keyset;
struct acl_rule;

/* A rule list. Zero-filled (or acl_init) is an empty list. */
struct acl {
	struct acl_rule *rules;
	size_t nrules;
	size_t cap;
};

/* acl_add flags. */
#define ACL_UPDATE 0x01 /* an update rule: name=, subdomain=, types= */

void acl_init(struct acl *a);

/* Release the list's memory; a is empty after. */
void acl_free(struct acl *a);

/*
 * Parse one rule text (the value of the configuration line, without the
 * "allow-update:" word) and append it to a. flags: ACL_UPDATE or 0. ks,
 * when not NULL, is the key set a KEYNAME must belong to. where (may be
 * NULL; copied) names the rule in the reasons given later, such as
 * "radixd.conf:42". On error nothing is added and err (when not NULL)
 * holds "what is wrong; what to do", without file and line (the caller
 * puts them first), e.g. "prefix length 33 is over 32 in
 * \"192.0.2.0/33\"; an IPv4 prefix is 0 to 32 bits".
 * Returns 0, RD_ESYNTAX, RD_ENOTFOUND (a key not in ks) or RD_ENOMEM.
 */
int acl_add(struct acl *a, const char *text, unsigned flags,
    const struct tsig_keyset *ks, const char *where, char *err, size_t errmax);

/* Number of rules. */
size_t acl_count(const struct acl *a);

/*
 * May a request from src (AF_INET or AF_INET6; an IPv4-mapped IPv6
 * address counts as IPv4; any other family matches only "any"), signed
 * with keyname (verified, wire form; NULL when unsigned), go on? For
 * transfers and NOTIFY, and before an update is processed at all. Returns
 * 1 (allowed) or 0 (refused); why (when not NULL) gets a NUL-terminated
 * reason for the log, e.g. "allowed by radixd.conf:12", "198.51.100.7 is
 * blocked by radixd.conf:14", "no rule allows key xfr-key from
 * 192.0.2.1".
 */
int acl_check(const struct acl *a, const struct sockaddr *src,
    const uint8_t *keyname, char *why, size_t whymax);

/*
 * Update policy (RFC 2136 §3.3): may the requester (src, keyname as for
 * acl_check) change the RRs of type at name (wire form)? Called for each
 * RR of the update section before any change. Returns 1 or 0 with a reason
 * in why, e.g. "key acme-key may not change TXT at www.example.com.",
 * "unsigned updates from 192.0.2.1 may not change A at www.example.com."
 */
int acl_update_allowed(const struct acl *a, const struct sockaddr *src,
    const uint8_t *keyname, const uint8_t *name, uint16_t type, char *why,
    size_t whymax);

#endif

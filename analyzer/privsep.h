/*
 * Dropping root after the capture and the sockets are open, in a fixed
 * order (setgroups, chroot, setresgid, setresuid), then verifying that
 * the old ids cannot be regained and forbidding new privileges.
 */
#ifndef SYNPRINT_PRIVSEP_H
#define SYNPRINT_PRIVSEP_H

#include <stddef.h>

/*
 * Becomes user (and chroots to dir unless NULL). 0, or -1 with err set:
 * the caller must not go on running then.
 */
int privsep_drop(const char *user, const char *dir, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/*
 * Checks, without changing anything, what privsep_drop() will need: that
 * user exists and is not root, and that dir (unless NULL) is a directory
 * other than "/". For start-up, before detaching, and for -n. 0, or -1
 * with err set.
 */
int privsep_check(const char *user, const char *dir, char *err,
    size_t errlen) __attribute__((warn_unused_result));

/* Sets no_new_privs for the process (the sandbox we can always have). */
int privsep_no_new_privs(void);

#endif

/* Privilege drop with verification. */
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "privsep.h"

int
privsep_no_new_privs(void)
{
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

int
privsep_check(const char *user, const char *dir, char *err, size_t errlen)
{
	struct passwd *pw;
	struct stat st;

	if (user == NULL) {
		if (dir != NULL) {
			snprintf(err, errlen, "chroot needs user");
			return -1;
		}
		return 0;
	}
	if ((pw = getpwnam(user)) == NULL) {
		snprintf(err, errlen, "no user %s", user);
		return -1;
	}
	if (pw->pw_uid == 0) {
		snprintf(err, errlen, "user %s is root: nothing dropped", user);
		return -1;
	}
	if (dir != NULL) {
		if (strcmp(dir, "/") == 0) {
			snprintf(err, errlen, "refusing to chroot to /");
			return -1;
		}
		if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "chroot %s: %s", dir,
			    errno ? strerror(errno) : "not a directory");
			return -1;
		}
	}
	return 0;
}

int
privsep_drop(const char *user, const char *dir, char *err, size_t errlen)
{
	struct passwd *pw;
	uid_t uid, ru, eu, su;
	gid_t gid, rg, eg, sg;

	if ((pw = getpwnam(user)) == NULL) {
		snprintf(err, errlen, "no user %s", user);
		return -1;
	}
	uid = pw->pw_uid;
	gid = pw->pw_gid;
	if (uid == 0) {
		snprintf(err, errlen, "user %s is root: nothing dropped", user);
		return -1;
	}
	if (setgroups(1, &gid) < 0) {
		snprintf(err, errlen, "setgroups: %s", strerror(errno));
		return -1;
	}
	if (dir != NULL) {
		if (strcmp(dir, "/") == 0) {
			snprintf(err, errlen, "refusing to chroot to /");
			return -1;
		}
		if (chroot(dir) < 0 || chdir("/") < 0) {
			snprintf(err, errlen, "chroot %s: %s", dir,
			    strerror(errno));
			return -1;
		}
	}
	if (setresgid(gid, gid, gid) < 0) {
		snprintf(err, errlen, "setresgid: %s", strerror(errno));
		return -1;
	}
	if (setresuid(uid, uid, uid) < 0) {
		snprintf(err, errlen, "setresuid: %s", strerror(errno));
		return -1;
	}
	/* Verify: every id is the new one and root cannot come back. */
	if (getresuid(&ru, &eu, &su) < 0 || ru != uid || eu != uid ||
	    su != uid || getresgid(&rg, &eg, &sg) < 0 || rg != gid ||
	    eg != gid || sg != gid) {
		snprintf(err, errlen, "ids not changed as asked");
		return -1;
	}
	if (setuid(0) != -1 || seteuid(0) != -1 || setgid(0) != -1) {
		snprintf(err, errlen, "root privileges could be regained");
		return -1;
	}
	if (privsep_no_new_privs() < 0) {
		snprintf(err, errlen, "no_new_privs: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* The one logging module: stderr for tools, syslog for the daemon. */
#ifndef SYNPRINT_LOG_H
#define SYNPRINT_LOG_H

#include <stdarg.h>

/* Start logging as "ident". to_syslog != 0 sends lines to syslog(3). */
void log_init(const char *ident, int to_syslog, int verbose);
/* 1 when debug messages are wanted. */

/* log_warn appends ": strerror(errno)"; log_warnx does not. */
void log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
/* Start-up failures only: log and exit(2). */
void fatal(const char *, ...)
    __attribute__((format(printf, 1, 2), noreturn));
void fatalx(const char *, ...)
    __attribute__((format(printf, 1, 2), noreturn));

#endif

/*
 * synprint-analyzer as a daemon: live capture and pcap streams on a
 * libuv loop feeding the engine and the result cache, the lookup
 * services, signals (HUP reloads the signatures, TERM/INT stop), and
 * the privilege drop of STYLE.md section 11.
 */
#ifndef SYNPRINT_DAEMON_H
#define SYNPRINT_DAEMON_H

/* Runs the daemon; returns the exit status (0, 1 runtime, 2 config). */
int daemon_main(int argc, char **argv);

#endif

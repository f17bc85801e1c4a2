/*
 * synprint-query's sockets: addresses and endpoints from the command line,
 * and client connections whose every wait is a poll() bounded by one
 * deadline for the whole exchange. Functions that fail log the reason
 * (log.h) and return -1; nothing here allocates except qnet_resolve().
 */
#ifndef SYNPRINT_QNET_H
#define SYNPRINT_QNET_H

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* An address asked about, or the server side of a connection. */
struct qnet_target {
	int	 family;			/* AF_INET or AF_INET6 */
	uint8_t	 addr[16];			/* network order, IPv4 first */
	char	 text[INET6_ADDRSTRLEN];	/* canonical text form */
	int	 port;				/* -1 when not given */
};

/* Decimal "0".."65535", digits only: the number, or -1 (nothing logged). */
int	qnet_port(const char *s);

/*
 * Parses a numeric address: dotted IPv4 or IPv6, optionally in brackets
 * or after "IPv6:"; an IPv4-mapped IPv6 address becomes the IPv4 one (as
 * amavisd and p0f key it). Sets family, addr and text, not port.
 * Returns 0 or -1 (nothing logged).
 */
int	qnet_addr(const char *s, struct qnet_target *t);

/* "IP:PORT" or "[IPv6]:PORT", numeric: 0 or -1 (nothing logged). */
int	qnet_endpoint(const char *s, struct qnet_target *t);

/*
 * Splits "HOST:PORT", "[IPv6]:PORT" or, when defhost is not NULL, a bare
 * "PORT" (host defhost) into NUL-terminated host and port; the port must
 * be 1-65535. Returns 0 or -1 (nothing logged).
 */
int	qnet_split(const char *s, const char *defhost, char *host,
	    size_t hostlen, char *port, size_t portlen);

/* Resolves a qnet_split() spec; the caller freeaddrinfo()s *res. */
int	qnet_resolve(const char *spec, const char *defhost, int socktype,
	    struct addrinfo **res) __attribute__((warn_unused_result));

/* A deadline ms milliseconds from now, and the milliseconds left of one
 * (rounded up; 0 once it has passed). */
void	qnet_deadline(struct timespec *dl, int ms);
int	qnet_left_ms(const struct timespec *dl);

/* Waits for events on fd: 1 ready, 0 deadline passed, -1 error (errno,
 * nothing logged). */
int	qnet_wait(int fd, short events, const struct timespec *dl);

/*
 * A connected non-blocking stream socket (TCP or unix), or -1. "what"
 * names the service in messages. The caller closes the descriptor.
 */
int	qnet_connect(const struct sockaddr *sa, socklen_t salen,
	    const struct timespec *dl, const char *what)
	    __attribute__((warn_unused_result));
int	qnet_connect_unix(const char *path, const struct timespec *dl)
	    __attribute__((warn_unused_result));

/* Writes all of buf (never raising SIGPIPE): 0 or -1. */
int	qnet_send(int fd, const void *buf, size_t len,
	    const struct timespec *dl, const char *what)
	    __attribute__((warn_unused_result));

/*
 * Reads into buf until it holds len bytes, the peer closes, or done(buf,
 * n) (when not NULL, asked after every read) says the reply is complete;
 * bytes that came with the last read are kept. Returns the bytes read
 * (fewer than len: the peer closed or done() said so), or -1 on an error
 * or when the deadline passes first.
 */
ssize_t	qnet_recv(int fd, uint8_t *buf, size_t len,
	    const struct timespec *dl, const char *what,
	    int (*done)(const uint8_t *, size_t))
	    __attribute__((warn_unused_result));

/* Fills buf from the kernel's random source: 0 or -1. */
int	qnet_random(void *buf, size_t len) __attribute__((warn_unused_result));

#endif

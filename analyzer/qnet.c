/* synprint-query's command-line addresses and deadline-bounded sockets. */
#include <sys/types.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "qnet.h"

#define PORT_DIGITS_MAX	5	/* "65535" */

int
qnet_port(const char *s)
{
	size_t i, n = strlen(s);
	long v = 0;

	if (n == 0 || n > PORT_DIGITS_MAX)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v <= 65535 ? (int)v : -1;
}

int
qnet_addr(const char *s, struct qnet_target *t)
{
	char buf[INET6_ADDRSTRLEN];
	size_t n;
	struct in6_addr a6;

	n = strlen(s);
	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		s++;
		n -= 2;
	}
	if (n >= 5 && strncasecmp(s, "IPv6:", 5) == 0) {
		s += 5;
		n -= 5;
	}
	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	memset(t->addr, 0, sizeof(t->addr));
	if (inet_pton(AF_INET, buf, t->addr) == 1)
		t->family = AF_INET;
	else if (inet_pton(AF_INET6, buf, &a6) == 1) {
		if (IN6_IS_ADDR_V4MAPPED(&a6)) {
			t->family = AF_INET;
			memcpy(t->addr, a6.s6_addr + 12, 4);
		} else {
			t->family = AF_INET6;
			memcpy(t->addr, a6.s6_addr, 16);
		}
	} else
		return -1;
	if (inet_ntop(t->family, t->addr, t->text, sizeof(t->text)) == NULL)
		return -1;
	return 0;
}

/*
 * Finds the host (brackets stripped) and the port of "HOST:PORT" or
 * "[HOST]:PORT": 0, or -1 when neither form fits.
 */
static int
hostport(const char *s, const char **h, size_t *hn, const char **p)
{
	const char *colon;

	if (s[0] == '[') {
		if ((colon = strchr(s, ']')) == NULL || colon[1] != ':')
			return -1;
		*h = s + 1;
		*hn = (size_t)(colon - *h);
		*p = colon + 2;
		return 0;
	}
	if ((colon = strchr(s, ':')) == NULL || strchr(colon + 1, ':') != NULL)
		return -1;
	*h = s;
	*hn = (size_t)(colon - s);
	*p = colon + 1;
	return 0;
}

int
qnet_endpoint(const char *s, struct qnet_target *t)
{
	char host[INET6_ADDRSTRLEN + 5];	/* may start "IPv6:" */
	const char *h, *p;
	size_t hn;

	if (hostport(s, &h, &hn, &p) < 0 || hn >= sizeof(host))
		return -1;
	memcpy(host, h, hn);
	host[hn] = '\0';
	if (qnet_addr(host, t) < 0 || (t->port = qnet_port(p)) < 0)
		return -1;
	return 0;
}

int
qnet_split(const char *s, const char *defhost, char *host, size_t hostlen,
    char *port, size_t portlen)
{
	const char *h, *p;
	size_t hn;

	if (defhost != NULL && qnet_port(s) >= 0) {
		h = defhost;
		hn = strlen(defhost);
		p = s;
	} else if (hostport(s, &h, &hn, &p) < 0)
		return -1;
	if (hn == 0 || hn >= hostlen || strlen(p) >= portlen ||
	    qnet_port(p) < 1)
		return -1;
	memcpy(host, h, hn);
	host[hn] = '\0';
	memcpy(port, p, strlen(p) + 1);
	return 0;
}

int
qnet_resolve(const char *spec, const char *defhost, int socktype,
    struct addrinfo **res)
{
	char host[QUERY_HOST_MAX], port[PORT_DIGITS_MAX + 1];
	struct addrinfo hints;
	int e;

	if (qnet_split(spec, defhost, host, sizeof(host), port,
	    sizeof(port)) < 0) {
		log_warnx("%s: not HOST:PORT or [IPv6]:PORT%s", spec,
		    defhost ? " or PORT" : "");
		return -1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = socktype;
	hints.ai_flags = AI_NUMERICSERV;
	if ((e = getaddrinfo(host, port, &hints, res)) != 0) {
		log_warnx("%s: %s", host, gai_strerror(e));
		return -1;
	}
	return 0;
}

void
qnet_deadline(struct timespec *dl, int ms)
{
	clock_gettime(CLOCK_MONOTONIC, dl);
	dl->tv_sec += ms / 1000;
	dl->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (dl->tv_nsec >= 1000000000L) {
		dl->tv_sec++;
		dl->tv_nsec -= 1000000000L;
	}
}

int
qnet_left_ms(const struct timespec *dl)
{
	struct timespec now;
	long long ns;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ns = (long long)(dl->tv_sec - now.tv_sec) * 1000000000LL +
	    (dl->tv_nsec - now.tv_nsec);
	if (ns <= 0)
		return 0;
	return (int)((ns + 999999) / 1000000);
}

int
qnet_wait(int fd, short events, const struct timespec *dl)
{
	struct pollfd pfd;
	int ms, n;

	for (;;) {
		if ((ms = qnet_left_ms(dl)) == 0)
			return 0;
		pfd.fd = fd;
		pfd.events = events;
		pfd.revents = 0;
		n = poll(&pfd, 1, ms);
		if (n < 0 && errno != EINTR)
			return -1;
		if (n > 0)
			return 1;
	}
}

int
qnet_connect(const struct sockaddr *sa, socklen_t salen,
    const struct timespec *dl, const char *what)
{
	int fd, r = -1, e;
	socklen_t elen = sizeof(e);

	fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd < 0) {
		log_warn("%s: socket", what);
		return -1;
	}
	while (connect(fd, sa, salen) < 0) {
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN) {
			/* A unix socket's backlog is full: try again soon. */
			if (qnet_left_ms(dl) == 0) {
				log_warnx("%s: connect: timed out (server "
				    "busy)", what);
				goto out;
			}
			poll(NULL, 0, QUERY_BUSY_RETRY_MS);
			continue;
		}
		if (errno != EINPROGRESS) {
			log_warn("%s: connect", what);
			goto out;
		}
		switch (qnet_wait(fd, POLLOUT, dl)) {
		case 0:
			log_warnx("%s: connect: timed out", what);
			goto out;
		case -1:
			log_warn("%s: poll", what);
			goto out;
		}
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &elen) < 0) {
			log_warn("%s: getsockopt", what);
			goto out;
		}
		if (e != 0) {
			errno = e;
			log_warn("%s: connect", what);
			goto out;
		}
		break;
	}
	r = fd;
 out:
	if (r < 0)
		close(fd);
	return r;
}

int
qnet_connect_unix(const char *path, const struct timespec *dl)
{
	struct sockaddr_un sun;
	size_t n = strlen(path);

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (n == 0 || n >= sizeof(sun.sun_path)) {
		log_warnx("%s: not a usable socket path (1-%zu bytes)", path,
		    sizeof(sun.sun_path) - 1);
		return -1;
	}
	memcpy(sun.sun_path, path, n);
	return qnet_connect((const struct sockaddr *)&sun, sizeof(sun), dl,
	    path);
}

int
qnet_send(int fd, const void *buf, size_t len, const struct timespec *dl,
    const char *what)
{
	const uint8_t *p = buf;
	ssize_t n;

	while (len > 0) {
		n = send(fd, p, len, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN) {
				log_warn("%s: send", what);
				return -1;
			}
			switch (qnet_wait(fd, POLLOUT, dl)) {
			case 0:
				log_warnx("%s: send: timed out", what);
				return -1;
			case -1:
				log_warn("%s: poll", what);
				return -1;
			}
			continue;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

ssize_t
qnet_recv(int fd, uint8_t *buf, size_t len, const struct timespec *dl,
    const char *what, int (*done)(const uint8_t *, size_t))
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		if (done != NULL && done(buf, got))
			break;
		n = recv(fd, buf + got, len - got, 0);
		if (n == 0)
			break;
		if (n > 0) {
			got += (size_t)n;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN) {
			log_warn("%s: recv", what);
			return -1;
		}
		switch (qnet_wait(fd, POLLIN, dl)) {
		case 0:
			log_warnx("%s: no complete reply in time (%zu bytes "
			    "read)", what, got);
			return -1;
		case -1:
			log_warn("%s: poll", what);
			return -1;
		}
	}
	return (ssize_t)got;
}

int
qnet_random(void *buf, size_t len)
{
	ssize_t n;

	do {
		n = getrandom(buf, len, 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0 || (size_t)n != len) {
		log_warn("getrandom");
		return -1;
	}
	return 0;
}

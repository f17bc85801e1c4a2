/* msgsrc: message files, mboxes and pipes split into messages. */
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "msgsrc.h"

struct msgsrc {
	int		 fd;
	int		 own_fd;	/* close fd at the end */
	enum msgsrc_mode mode;
	int		 mbox;		/* decided from the first bytes */
	int		 decided;
	size_t		 index;
	/* Mapped regular file. */
	char		*map;
	size_t		 maplen;
	size_t		 pos;
	int		 mapped;
	/* Pipe. */
	char		*buf;
	size_t		 cap;		/* SC_MAX_MESSAGE_BYTES + chunk */
	size_t		 start;		/* first byte of the current message */
	size_t		 end;		/* bytes in buf */
	size_t		 scan;		/* separator search resumes here */
	int		 eof;
	int		 skipping;	/* dropping an oversized message */
	int		 done;
};

/* The next "\nFrom " at or after from; returns the offset of 'F' or 0. */
static size_t
next_from(const char *p, size_t from, size_t len)
{
	const char *f;

	if (from >= len)
		return 0;
	f = memmem(p + from, len - from, "\nFrom ", 6);
	return f == NULL ? 0 : (size_t)(f - p) + 1;
}

int
msgsrc_open(struct msgsrc **out, const char *path, enum msgsrc_mode mode)
{
	struct msgsrc *s;
	struct stat st;
	int r = MSGSRC_E_IO, saved;

	*out = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return MSGSRC_E_NOMEM;
	s->mode = mode;
	if (strcmp(path, "-") == 0) {
		s->fd = STDIN_FILENO;
	} else {
		if ((s->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			goto out;
		s->own_fd = 1;
	}
	if (fstat(s->fd, &st) != 0)
		goto out;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto out;
	}
	if (S_ISREG(st.st_mode) && st.st_size > 0) {
		s->maplen = (size_t)st.st_size;
		s->map = mmap(NULL, s->maplen, PROT_READ, MAP_PRIVATE, s->fd, 0);
		if (s->map == MAP_FAILED) {
			s->map = NULL;
			goto out;
		}
		(void)madvise(s->map, s->maplen, MADV_SEQUENTIAL);
		s->mapped = 1;
	} else if (S_ISREG(st.st_mode)) {
		s->mapped = 1;	/* empty file: one empty message */
	} else {
		if ((s->buf = malloc(SC_READ_CHUNK)) == NULL) {
			r = MSGSRC_E_NOMEM;
			goto out;
		}
		s->cap = SC_READ_CHUNK;
	}
	*out = s;
	s = NULL;
	r = 0;
out:
	if (s != NULL) {
		saved = errno;
		msgsrc_close(s);
		errno = saved;
	}
	return r;
}

static void
decide(struct msgsrc *s, const char *p, size_t len)
{
	if (s->decided)
		return;
	s->decided = 1;
	if (s->mode == MSGSRC_MBOX)
		s->mbox = 1;
	else if (s->mode == MSGSRC_SINGLE)
		s->mbox = 0;
	else
		s->mbox = len >= 5 && memcmp(p, "From ", 5) == 0;
}

static int
next_mapped(struct msgsrc *s, struct msg *m)
{
	size_t nf;

	if (s->done)
		return 0;
	decide(s, s->map, s->maplen);
	if (!s->mbox || s->maplen == 0) {
		s->done = 1;
		m->data = s->map != NULL ? s->map : "";
		m->len = s->maplen;
		m->index = ++s->index;
		m->mbox = s->mbox;
		return 1;
	}
	if (s->pos >= s->maplen) {
		s->done = 1;
		return 0;
	}
	nf = next_from(s->map, s->pos + 1, s->maplen);
	m->data = s->map + s->pos;
	m->len = (nf != 0 ? nf : s->maplen) - s->pos;
	m->index = ++s->index;
	m->mbox = 1;
	s->pos = nf != 0 ? nf : s->maplen;
	return 1;
}

/* Reads one more chunk into the pipe buffer, growing it to the limit. */
static int
fill(struct msgsrc *s)
{
	ssize_t n;
	char *nb;

	if (s->start > 0 && (s->end == s->cap || s->start >= s->cap / 2)) {
		memmove(s->buf, s->buf + s->start, s->end - s->start);
		s->end -= s->start;
		s->scan -= s->start;
		s->start = 0;
	}
	if (s->end == s->cap) {
		size_t ncap;

		if (s->cap >= SC_MAX_MESSAGE_BYTES + SC_READ_CHUNK)
			return MSGSRC_E_BIG;
		ncap = s->cap * 2;
		if (ncap > SC_MAX_MESSAGE_BYTES + SC_READ_CHUNK)
			ncap = SC_MAX_MESSAGE_BYTES + SC_READ_CHUNK;
		if ((nb = realloc(s->buf, ncap)) == NULL)
			return MSGSRC_E_NOMEM;
		s->buf = nb;
		s->cap = ncap;
	}
	for (;;) {
		n = read(s->fd, s->buf + s->end, s->cap - s->end);
		if (n < 0 && errno == EINTR)
			continue;
		break;
	}
	if (n < 0)
		return MSGSRC_E_IO;
	if (n == 0)
		s->eof = 1;
	s->end += (size_t)n;
	return 0;
}

static int
next_piped(struct msgsrc *s, struct msg *m)
{
	size_t nf;
	int r;

	if (s->done)
		return 0;
	for (;;) {
		if (!s->decided && (s->end - s->start >= 5 || s->eof))
			decide(s, s->buf + s->start, s->end - s->start);
		if (s->decided && s->mbox) {
			nf = next_from(s->buf, s->scan > s->start ? s->scan :
			    s->start, s->end);
			if (nf != 0) {
				if (s->skipping) {
					s->skipping = 0;
					s->start = s->scan = nf;
					continue;
				}
				m->data = s->buf + s->start;
				m->len = nf - s->start;
				m->index = ++s->index;
				m->mbox = 1;
				s->start = s->scan = nf;
				return 1;
			}
			/* Resume the search where "\nFrom " could still begin. */
			s->scan = s->end >= s->start + 5 ? s->end - 5 : s->start;
		}
		if (s->eof) {
			s->done = 1;
			if (s->skipping)
				return 0;
			if (s->end == s->start && s->index > 0)
				return 0;
			m->data = s->buf + s->start;
			m->len = s->end - s->start;
			m->index = ++s->index;
			m->mbox = s->mbox;
			s->start = s->end;
			return 1;
		}
		if (s->skipping && s->end - s->start > 8) {
			/* Keep only the tail that may hold a separator. */
			s->start = s->end - 6;
			s->scan = s->start;
		}
		r = fill(s);
		if (r == MSGSRC_E_BIG) {
			s->index++;
			if (!s->mbox) {
				s->done = 1;
				return MSGSRC_E_BIG;
			}
			s->skipping = 1;
			s->start = s->end - 6;
			s->scan = s->start;
			return MSGSRC_E_BIG;
		}
		if (r != 0)
			return r;
	}
}

int
msgsrc_next(struct msgsrc *s, struct msg *m)
{
	if (s->mapped)
		return next_mapped(s, m);
	return next_piped(s, m);
}

void
msgsrc_close(struct msgsrc *s)
{
	if (s == NULL)
		return;
	if (s->map != NULL)
		munmap(s->map, s->maplen);
	if (s->own_fd)
		close(s->fd);
	free(s->buf);
	free(s);
}

const char *
msgsrc_strerror(int code)
{
	switch (code) {
	case MSGSRC_E_NOMEM: return "out of memory";
	case MSGSRC_E_IO: return "read error";
	case MSGSRC_E_BIG: return "message from a pipe larger than the limit";
	default: return "unknown input error";
	}
}

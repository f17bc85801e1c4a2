/*
 * mime: the byte-level decoding SpamAssassin applies to a header value
 * before header rules see it: UTF-8 validation with a Windows-1252
 * fallback, and RFC 2047 encoded words transcoded to UTF-8.
 *
 * All functions write into caller memory and allocate nothing.  They
 * return the output length, or MIME_E_SPACE when cap is too small (the
 * output is then unspecified).  MIME_EXPAND bounds the output size:
 * out needs at most MIME_EXPAND * n bytes.
 */
#ifndef SCORER_MIME_H
#define SCORER_MIME_H

#include <stddef.h>
#include <sys/types.h>

#define MIME_E_SPACE	(-1)
#define MIME_EXPAND	3

/* 1 when in[0..n) is strict UTF-8 (no surrogates, noncharacters, etc.). */
int	mime_utf8_valid(const char *in, size_t n);

/*
 * SpamAssassin's treatment of a header value with 8-bit bytes: kept as is
 * when it is strict UTF-8, otherwise read as Windows-1252 and written as
 * UTF-8 (undefined bytes become U+FFFD).
 */
ssize_t	mime_normalize(const char *in, size_t n, char *out, size_t cap);

/*
 * SpamAssassin's RFC 2047 pass (Message::Node::_decode_header): adjacent
 * encoded words are joined, B and Q encodings are decoded and each
 * charset is transcoded to UTF-8.  Plain text is copied unchanged.
 */
ssize_t	mime_decode_words(const char *in, size_t n, char *out, size_t cap);

#endif /* SCORER_MIME_H */

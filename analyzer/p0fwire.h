/*
 * The p0f query APIs' wire constants, shared by the services (proto.c)
 * and the client (qwire.c). p0f v3 (3.09b api.h): packed structs,
 * native-endian integers. p0f v2 (2.0.8 p0f-query.h): natural alignment,
 * native-endian integers. Layouts byte by byte: docs/PROTOCOL.md.
 */
#ifndef SYNPRINT_P0FWIRE_H
#define SYNPRINT_P0FWIRE_H

#define P0F3_QUERY_LEN		21
#define P0F3_REPLY_LEN		232
#define P0F3_QUERY_MAGIC	0x50304601u
#define P0F3_REPLY_MAGIC	0x50304602u
#define P0F3_ADDR_V4		4
#define P0F3_ADDR_V6		6
#define P0F3_BADQUERY		0x00	/* reply status */
#define P0F3_OK			0x10
#define P0F3_NOMATCH		0x20
#define P0F3_MATCH_FUZZY	0x01	/* os_match_q bits */
#define P0F3_MATCH_GENERIC	0x02
#define P0F3_STR_LEN		32	/* each string field, maybe no NUL */

#define P0F2_QUERY_LEN		24
#define P0F2_REPLY_LEN		144
#define P0F2_MAGIC		0x0defacedu
#define P0F2_QTYPE_FP		1
#define P0F2_RESP_OK		0
#define P0F2_RESP_BADQUERY	1
#define P0F2_RESP_NOMATCH	2
#define P0F2_GENRE_LEN		20	/* string fields, NUL included */
#define P0F2_DETAIL_LEN		40
#define P0F2_LINK_LEN		30
#define P0F2_TOS_LEN		30

#endif

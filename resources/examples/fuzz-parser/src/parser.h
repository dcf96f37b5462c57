/* FZ record format: a tiny type-length-value container, written as a fuzzing target for
 * FuzzForge's examples. It has planted bugs on purpose (see README.md): do not reuse it. */
#ifndef FZ_PARSER_H
#define FZ_PARSER_H

#include <stddef.h>
#include <stdint.h>

/* Header: 'F' 'Z' version(1 byte, 1 or 2) flags(1 byte), then records until the end:
 *   type(1 byte) length(1 byte) value(length bytes)
 * Record types: */
enum fz_record_type {
    FZ_NAME = 0x01,    /* the document's name, text */
    FZ_NUMBER = 0x02,  /* a signed 32-bit big-endian integer added to the total */
    FZ_BLOB = 0x03,    /* opaque bytes; counted */
    FZ_TABLE = 0x04,   /* version 2: count(4 bytes BE, signed) width(1 byte) then cells */
    FZ_RELEASE = 0x05, /* version 2: frees the name */
    FZ_ALIAS = 0x06,   /* version 2: an alias; "same" as value refers to the name */
    FZ_END = 0xFF,     /* stops parsing */
};

#define FZ_MAX_NAME 16
#define FZ_FLAG_TABLES 0x02 /* header flag: TABLE records allowed */

struct fz_document {
    int version;
    int flags;
    char *name;        /* heap copy of the name record, NUL-terminated */
    size_t name_len;
    int released;      /* set by FZ_RELEASE: name has been freed */
    int64_t total;     /* sum of the NUMBER records */
    size_t blobs;      /* number of BLOB records */
    size_t blob_bytes; /* their bytes */
    int table_cells;   /* cells of the TABLE record */
    char alias[FZ_MAX_NAME + 1];
    size_t records;
};

/* Parses data into doc (which it initialises). Returns 0 on success, -1 on malformed input.
 * fz_free releases what fz_parse allocated. */
int fz_parse(const uint8_t *data, size_t size, struct fz_document *doc);
void fz_free(struct fz_document *doc);

#endif

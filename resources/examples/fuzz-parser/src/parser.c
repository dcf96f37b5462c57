/* FZ record format parser. Planted bugs, on purpose (README.md lists them):
 *   1. parse_name: heap off-by-one write for names of FZ_MAX_NAME bytes or more (shallow).
 *   2. parse_table: signed integer overflow in the size computation (UBSan).
 *   3. FZ_RELEASE followed by FZ_ALIAS "same": use-after-free of the name.  */
#include "parser.h"

#include <stdlib.h>
#include <string.h>

static int32_t read_be32(const uint8_t *p)
{
    return (int32_t)(((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3]);
}

static int parse_name(struct fz_document *doc, const uint8_t *value, size_t len)
{
    size_t n = len;
    if (n > FZ_MAX_NAME)
        n = FZ_MAX_NAME; /* names are truncated to FZ_MAX_NAME bytes ... */
    if (!doc->released)
        free(doc->name);
    doc->released = 0;
    doc->name = malloc(FZ_MAX_NAME); /* BUG 1: no room for the terminator */
    if (!doc->name)
        return -1;
    memcpy(doc->name, value, n);
    doc->name[n] = '\0'; /* ... and a name of FZ_MAX_NAME bytes or more writes one past the end */
    doc->name_len = n;
    return 0;
}

static int parse_number(struct fz_document *doc, const uint8_t *value, size_t len)
{
    if (len != 4)
        return -1;
    doc->total += read_be32(value);
    return 0;
}

static int parse_table(struct fz_document *doc, const uint8_t *value, size_t len)
{
    /* tables need version 2, the FZ_FLAG_TABLES flag and a BLOB record (the schema) before them */
    if (doc->version < 2 || !(doc->flags & FZ_FLAG_TABLES) || doc->blobs == 0 || len < 5)
        return -1;
    const int32_t count = read_be32(value);
    const int width = value[4];
    if (count < 0 || count > 0xFFFFFF || width == 0)
        return -1;
    /* BUG 2: count * width overflows int for large counts (UBSan: signed-integer-overflow) */
    const int bytes = count * width;
    if (bytes < 0 || (size_t)bytes > len - 5)
        return -1;
    doc->table_cells = count;
    return 0;
}

static int parse_alias(struct fz_document *doc, const uint8_t *value, size_t len)
{
    if (doc->version < 2 || len == 0 || len > FZ_MAX_NAME)
        return -1;
    if (len == 4 && memcmp(value, "same", 4) == 0) {
        /* BUG 3: does not look at doc->released: after FZ_RELEASE the name is freed memory */
        if (doc->name && doc->name_len > 0) {
            memcpy(doc->alias, doc->name, doc->name_len);
            doc->alias[doc->name_len] = '\0';
        }
        return 0;
    }
    memcpy(doc->alias, value, len);
    doc->alias[len] = '\0';
    return 0;
}

int fz_parse(const uint8_t *data, size_t size, struct fz_document *doc)
{
    memset(doc, 0, sizeof *doc);
    if (size < 4 || data[0] != 'F' || data[1] != 'Z')
        return -1;
    doc->version = data[2];
    doc->flags = data[3];
    if (doc->version < 1 || doc->version > 2)
        return -1;
    size_t pos = 4;
    while (pos + 2 <= size) {
        const uint8_t type = data[pos];
        const size_t len = data[pos + 1];
        pos += 2;
        if (type == FZ_END)
            return 0;
        if (len > size - pos)
            return -1;
        const uint8_t *value = data + pos;
        pos += len;
        int rc = 0;
        switch (type) {
        case FZ_NAME:
            rc = parse_name(doc, value, len);
            break;
        case FZ_NUMBER:
            rc = parse_number(doc, value, len);
            break;
        case FZ_BLOB:
            doc->blobs++;
            doc->blob_bytes += len;
            break;
        case FZ_TABLE:
            rc = parse_table(doc, value, len);
            break;
        case FZ_RELEASE:
            if (doc->version < 2)
                return -1;
            if (doc->name && !doc->released)
                free(doc->name); /* the pointer is kept (see BUG 3) */
            doc->released = 1;
            break;
        case FZ_ALIAS:
            rc = parse_alias(doc, value, len);
            break;
        default:
            return -1;
        }
        if (rc != 0)
            return rc;
        doc->records++;
    }
    return pos == size ? 0 : -1;
}

void fz_free(struct fz_document *doc)
{
    if (!doc->released)
        free(doc->name);
    doc->name = NULL;
}

#ifndef READINESS_CLIBXML2_SHIM_H
#define READINESS_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
/* libxml2 built with ICU pulls <unicode/ucnv.h> into encoding.h, which clashes with the
   ICU copy inside Foundation (_FoundationICU) in a module that imports both. We use no
   ICU type, so hide it; only pointers to the structs that embed it are ever touched. */
#ifdef LIBXML_ICU_ENABLED
#undef LIBXML_ICU_ENABLED
#endif
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/parserInternals.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/// An external-entity loader that refuses every entity: installed process-wide with
/// xmlSetExternalEntityLoader so that no document can make libxml2 open a file or URL.
static inline xmlParserInputPtr readiness_refuse_entity_loader(const char *URL, const char *ID,
                                                                xmlParserCtxtPtr ctxt) {
    (void)URL; (void)ID; (void)ctxt;
    return NULL;
}

/// xmlFree is a global function-pointer variable, which Swift 6 treats as shared mutable
/// state; this wrapper calls it.
static inline void readiness_xml_free(void *pointer) {
    xmlFree(pointer);
}

/// Installs readiness_refuse_entity_loader (a C function pointer Swift cannot form from a
/// static inline function otherwise).
static inline void readiness_install_refusing_entity_loader(void) {
    xmlSetExternalEntityLoader(readiness_refuse_entity_loader);
}

/* Structural limits checked on the bytes before libxml2 parses them. libxml2 2.9 checks an
   element's attributes for duplicates pairwise, so one element with 40,000 attributes took
   ~20 s inside xmlTextReaderRead; counting them as the bytes are read refuses it at once. */
enum {
    READINESS_XML_TEXT, READINESS_XML_LT, READINESS_XML_BANG, READINESS_XML_COMMENT, READINESS_XML_CDATA,
    READINESS_XML_PI, READINESS_XML_DECL, READINESS_XML_ENDTAG, READINESS_XML_START, READINESS_XML_QUOTE
};
enum { READINESS_XML_OK = 0, READINESS_XML_TOO_MANY_ATTRIBUTES = 1, READINESS_XML_TAG_TOO_LONG = 2, READINESS_XML_READ_ERROR = 3 };

typedef struct {
    FILE *file;
    int state;
    int counter;          /* dashes, brackets or '?' seen at the end of a comment, CDATA or PI */
    unsigned char quote;
    unsigned char prefix[8];
    int prefixLength;
    long attributes;      /* '=' outside quotes in the current start tag */
    long tagBytes;
    long line;            /* 1-based line of the byte being scanned */
    long tagLine;         /* the line where the current start tag began */
    long maxAttributes;
    long maxTagBytes;
    int violation;        /* READINESS_XML_OK or the limit exceeded */
    long violationLine;
} readiness_xml_guard;

static inline void readiness_xml_guard_init(readiness_xml_guard *g, long maxAttributes, long maxTagBytes) {
    memset(g, 0, sizeof(*g));
    g->state = READINESS_XML_TEXT;
    g->line = 1;
    g->maxAttributes = maxAttributes;
    g->maxTagBytes = maxTagBytes;
}

/* Scans bytes in document order (state carried across calls); returns 0, or -1 once a limit is
   exceeded (g->violation and g->violationLine say which and where). Text, attribute values and
   the plain bytes of a start tag are skipped in tight loops, so the scan stays several times
   faster than libxml2's own parse of the same bytes. */
static inline int readiness_xml_guard_scan(readiness_xml_guard *g, const unsigned char *bytes, size_t count) {
    static const char cdata[] = "[CDATA[";
    static const unsigned char special[256] = { ['"'] = 1, ['\''] = 1, ['>'] = 1, ['='] = 1, ['\n'] = 1 };
    size_t i = 0;
    while (i < count) {
        switch (g->state) {
        case READINESS_XML_TEXT: {
            /* Mostly a line break between two tags: a plain loop beats a call. */
            size_t j = i;
            while (j < count && bytes[j] != '<') { g->line += bytes[j] == '\n'; j++; }
            if (j == count) return 0;
            i = j + 1;
            g->state = READINESS_XML_LT;
            continue;
        }
        case READINESS_XML_START: {
            size_t j = i;
            while (j < count && !special[bytes[j]]) j++;
            g->tagBytes += (long)(j - i);
            if (g->tagBytes > g->maxTagBytes) {
                g->violation = READINESS_XML_TAG_TOO_LONG; g->violationLine = g->tagLine; return -1;
            }
            if (j == count) return 0;
            unsigned char c = bytes[j];
            g->tagBytes++;
            i = j + 1;
            if (c == '\n') g->line++;
            else if (c == '"' || c == '\'') { g->state = READINESS_XML_QUOTE; g->quote = c; }
            else if (c == '>') g->state = READINESS_XML_TEXT;
            else if (++g->attributes > g->maxAttributes) {
                g->violation = READINESS_XML_TOO_MANY_ATTRIBUTES; g->violationLine = g->tagLine; return -1;
            }
            continue;
        }
        case READINESS_XML_QUOTE: {
            /* Attribute values are short: a plain loop beats a call. */
            size_t j = i;
            unsigned char quote = g->quote;
            while (j < count && bytes[j] != quote) { g->line += bytes[j] == '\n'; j++; }
            g->tagBytes += (long)(j - i) + (j < count ? 1 : 0);
            if (g->tagBytes > g->maxTagBytes) {
                g->violation = READINESS_XML_TAG_TOO_LONG; g->violationLine = g->tagLine; return -1;
            }
            if (j == count) return 0;
            i = j + 1;
            g->state = READINESS_XML_START;
            continue;
        }
        default:
            break;
        }
        unsigned char c = bytes[i++];
        if (c == '\n') g->line++;
        switch (g->state) {
        case READINESS_XML_LT:
            if (c == '!') { g->state = READINESS_XML_BANG; g->prefixLength = 0; }
            else if (c == '?') { g->state = READINESS_XML_PI; g->counter = 0; }
            else if (c == '/') g->state = READINESS_XML_ENDTAG;
            else { g->state = READINESS_XML_START; g->attributes = 0; g->tagBytes = 2; g->tagLine = g->line; }
            break;
        case READINESS_XML_BANG:
            g->prefix[g->prefixLength++] = c;
            if (g->prefixLength == 2 && g->prefix[0] == '-' && g->prefix[1] == '-') { g->state = READINESS_XML_COMMENT; g->counter = 0; }
            else if (g->prefixLength <= 7 && memcmp(g->prefix, cdata, (size_t)g->prefixLength) == 0) {
                if (g->prefixLength == 7) { g->state = READINESS_XML_CDATA; g->counter = 0; }
            } else if (!(g->prefixLength == 1 && c == '-')) {
                g->state = c == '>' ? READINESS_XML_TEXT : READINESS_XML_DECL;
            }
            break;
        case READINESS_XML_COMMENT:
            if (c == '-') g->counter++;
            else { if (c == '>' && g->counter >= 2) g->state = READINESS_XML_TEXT; g->counter = 0; }
            break;
        case READINESS_XML_CDATA:
            if (c == ']') g->counter++;
            else { if (c == '>' && g->counter >= 2) g->state = READINESS_XML_TEXT; g->counter = 0; }
            break;
        case READINESS_XML_PI:
            if (c == '>' && g->counter) g->state = READINESS_XML_TEXT;
            g->counter = c == '?';
            break;
        default: /* READINESS_XML_DECL, READINESS_XML_ENDTAG */
            if (c == '>') g->state = READINESS_XML_TEXT;
            break;
        }
    }
    return 0;
}

/* libxml2 input callbacks over a FILE * guarded by readiness_xml_guard_scan. */
static inline int readiness_xml_guarded_read(void *context, char *buffer, int length) {
    readiness_xml_guard *g = (readiness_xml_guard *)context;
    if (g->violation) return -1;
    size_t n = fread(buffer, 1, (size_t)length, g->file);
    if (n == 0 && ferror(g->file)) { g->violation = READINESS_XML_READ_ERROR; g->violationLine = g->line; return -1; }
    if (readiness_xml_guard_scan(g, (const unsigned char *)buffer, n) != 0) return -1;
    return (int)n;
}

static inline int readiness_xml_guarded_close(void *context) {
    readiness_xml_guard *g = (readiness_xml_guard *)context;
    if (g->file) { fclose(g->file); g->file = NULL; }
    return 0;
}

/* A streaming reader over the file at `path` whose bytes go through `g` (initialised by the
   caller, owned by the caller, alive as long as the reader); NULL when the file cannot be opened. */
static inline xmlTextReaderPtr readiness_xml_reader_for_guarded_file(const char *path, int options, readiness_xml_guard *g) {
    g->file = fopen(path, "rb");
    if (!g->file) return NULL;
    return xmlReaderForIO(readiness_xml_guarded_read, readiness_xml_guarded_close, g, path, NULL, options);
}

/* A streaming reader over the open file descriptor `fd` (a pipe), whose bytes go through `g` as
   above. Takes `fd` in every case: closed with the reader, or at once when NULL is returned.
   `name` is the document's name in libxml2's messages. */
static inline xmlTextReaderPtr readiness_xml_reader_for_guarded_fd(int fd, const char *name, int options, readiness_xml_guard *g) {
    g->file = fdopen(fd, "rb");
    if (!g->file) { close(fd); return NULL; }
    xmlTextReaderPtr reader = xmlReaderForIO(readiness_xml_guarded_read, readiness_xml_guarded_close, g, name, NULL, options);
    if (!reader && g->file) { fclose(g->file); g->file = NULL; }
    return reader;
}

#endif

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

#endif

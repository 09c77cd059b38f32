#ifndef READINESS_CLIBCRYPTO_SHIM_H
#define READINESS_CLIBCRYPTO_SHIM_H

/* OpenSSL's libcrypto, for SHA-256 only (through the EVP interface, which picks the CPU's SHA
   instructions where it has them). */
#include <openssl/evp.h>

#endif

/*
 * The one way to include ClearSilver: its cs_config.h defines
 * PACKAGE_NAME and friends as "", clashing with autoconf's config.h.
 * Undefine them around the include.  Only lib/tmpl.c includes this file.
 */
#ifndef KEIYAKU_CS_H
#define KEIYAKU_CS_H

#undef PACKAGE
#undef PACKAGE_BUGREPORT
#undef PACKAGE_NAME
#undef PACKAGE_STRING
#undef PACKAGE_TARNAME
#undef PACKAGE_URL
#undef PACKAGE_VERSION
#undef VERSION

#include <ClearSilver.h>
#include <cgi/cgi.h>

#undef PACKAGE
#undef PACKAGE_BUGREPORT
#undef PACKAGE_NAME
#undef PACKAGE_STRING
#undef PACKAGE_TARNAME
#undef PACKAGE_URL
#undef PACKAGE_VERSION
#undef VERSION

#endif

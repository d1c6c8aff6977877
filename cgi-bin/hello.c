/*
 * hello: the smallest FastCGI page, the baseline the benchmark
 * compares real pages with.  It goes through the same request loop as
 * every other program (limits, routing, access log).
 */
#include "config.h"

#include <string.h>

#include "app.h"

static void
page_hello(struct req *r)
{
	static const char body[] = "Hello from Keiyaku\n";

	http_send(r, 200, "text/plain; charset=utf-8", body, sizeof(body) - 1);
}

static const struct app_route routes[] = {
	{ M_GET | M_HEAD, "/hello", PERM_PUBLIC, page_hello, 1 },
};

static const struct app hello_app = {
	"hello", routes, NELEM(routes), NULL, 0
};

int
main(int argc, char *argv[])
{
	return app_main(&hello_app, argc, argv);
}

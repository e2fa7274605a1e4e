/* args and environ: args_get, args_sizes_get, environ_get, environ_sizes_get;
 * stdout and stderr; the exit status of main. */
#include <stdlib.h>

#include "common.h"

extern char **environ;

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    const char *base = strrchr(argv[0], '/');
    printf("argc=%d argv0=%s\n", argc, base ? base + 1 : argv[0]);
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=[%s]\n", i, argv[i]);

    __wasi_size_t n, bytes;
    SHOW("args_sizes_get", __wasi_args_sizes_get(&n, &bytes));
    size_t want = 0;
    for (int i = 0; i < argc; i++)
        want += strlen(argv[i]) + 1;
    printf("args count %s, bytes %s\n", n == (__wasi_size_t)argc ? "match" : "differ",
           bytes == want ? "match" : "differ");

    SHOW("environ_sizes_get", __wasi_environ_sizes_get(&n, &bytes));
    printf("environ count=%u bytes=%u\n", (unsigned)n, (unsigned)bytes);
    size_t k = 0;
    while (environ[k])
        k++;
    qsort(environ, k, sizeof *environ, cmp);
    for (size_t i = 0; i < k; i++)
        printf("env[%zu]=[%s]\n", i, environ[i]);
    const char *g = getenv("GREETING");
    printf("getenv GREETING=%s\n", g ? g : "(null)");
    printf("getenv MISSING=%s\n", getenv("MISSING") ? "set" : "(null)");

    fprintf(stderr, "this line goes to stderr\n");
    return 7;
}

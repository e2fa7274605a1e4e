/*
 * harness.h - the unit-test harness: one executable per stage.
 *
 * A test file defines test functions, lists them in a table and ends with
 * FA_TEST_MAIN(table). The program accepts `--list` (print names) and an
 * optional name filter (substring); it prints one line per test and a final
 * "N passed, N failed" line, and exits non-zero if anything failed.
 *
 *   static void t_leb(void) { CHECK(1 + 1 == 2); }
 *   static const fa_test tests[] = {{"leb", t_leb}};
 *   FA_TEST_MAIN(tests)
 */
#ifndef FA_TEST_HARNESS_H
#define FA_TEST_HARNESS_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fa_test {
    const char *name;
    void (*fn)(void);
} fa_test;

static int fa_test_failures_;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "  %s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            fa_test_failures_++;                                                      \
        }                                                                             \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                                   \
    do {                                                                                     \
        long long fa_a_ = (long long)(a), fa_b_ = (long long)(b);                            \
        if (fa_a_ != fa_b_) {                                                                \
            fprintf(stderr, "  %s:%d: CHECK_EQ_INT failed: %s == %lld, %s == %lld\n", __FILE__, \
                    __LINE__, #a, fa_a_, #b, fa_b_);                                         \
            fa_test_failures_++;                                                             \
        }                                                                                    \
    } while (0)

#define CHECK_EQ_STR(a, b)                                                                 \
    do {                                                                                   \
        const char *fa_a_ = (a), *fa_b_ = (b);                                             \
        if (!fa_a_ || !fa_b_ || strcmp(fa_a_, fa_b_) != 0) {                               \
            fprintf(stderr, "  %s:%d: CHECK_EQ_STR failed: \"%s\" != \"%s\"\n", __FILE__,  \
                    __LINE__, fa_a_ ? fa_a_ : "(null)", fa_b_ ? fa_b_ : "(null)");         \
            fa_test_failures_++;                                                           \
        }                                                                                  \
    } while (0)

static int fa_test_main_(const fa_test *tests, size_t n, int argc, char **argv)
{
    const char *filter = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--list") == 0) {
            for (size_t k = 0; k < n; k++)
                printf("%s\n", tests[k].name);
            return 0;
        }
        filter = argv[i];
    }
    int passed = 0, failed = 0;
    for (size_t k = 0; k < n; k++) {
        if (filter && !strstr(tests[k].name, filter))
            continue;
        int before = fa_test_failures_;
        tests[k].fn();
        if (fa_test_failures_ == before) {
            passed++;
            printf("ok   %s\n", tests[k].name);
        } else {
            failed++;
            printf("FAIL %s\n", tests[k].name);
        }
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

#define FA_TEST_MAIN(table)                                                     \
    int main(int argc, char **argv)                                             \
    {                                                                           \
        return fa_test_main_(table, sizeof(table) / sizeof((table)[0]), argc, argv); \
    }

#endif

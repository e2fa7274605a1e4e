/*
 * replay.c - a main() for the fuzz targets without libFuzzer.
 *
 * Stage: test harness. Links with fuzz_load.c or fuzz_run.c and feeds each
 * file named on the command line (directories: each file in them) to
 * LLVMFuzzerTestOneInput, in a buffer of exactly the file's size. Lets any
 * compiler (gcc, with or without sanitizers) replay a crash or a corpus:
 *
 *   cc -std=c11 -fsanitize=address,undefined -Iinclude -Isrc src/[a-z]*.c \
 *      src/util/[a-z]*.c tests/fuzz/fuzz_run.c tests/fuzz/replay.c -lm -o replay_run
 *   ./replay_run build-fuzz/crashes/fuzz_run/crash-...
 *
 * POSIX (dirent.h) for directory arguments.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *nb = realloc(buf, cap *= 2);
            if (!nb) {
                free(buf);
                buf = NULL;
            } else {
                buf = nb;
            }
        }
    }
    fclose(f);
    if (!buf)
        return 1;
    /* Exactly n bytes, so ASan sees any read past the end. */
    uint8_t *exact = malloc(n ? n : 1);
    if (!exact) {
        free(buf);
        return 1;
    }
    memcpy(exact, buf, n);
    free(buf);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    return 0;
}

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    int bad = 0;
    long files = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            DIR *d = opendir(argv[i]);
            struct dirent *e;
            while (d && (e = readdir(d)) != NULL) {
                if (e->d_name[0] == '.')
                    continue;
                char path[4096];
                snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
                bad |= run_file(path);
                files++;
            }
            if (d)
                closedir(d);
        } else {
            bad |= run_file(argv[i]);
            files++;
        }
    }
    fprintf(stderr, "replay: %ld inputs\n", files);
    return bad;
}

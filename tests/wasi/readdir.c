/* fd_readdir: raw calls with buffers too small for one entry, cookies that
 * resume exactly where the previous call stopped, and libc's opendir/readdir/
 * telldir/seekdir/rewinddir on top of it. "." and ".." are left out of the
 * listing (node's WASI omits them). */
#include <dirent.h>
#include <stdlib.h>

#include "common.h"

#define MAXN 64
static char names[MAXN][256];
static int types[MAXN];
static int count;

static int cmp(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* Lists fd with raw fd_readdir calls of at most `size` bytes (grown when one
 * entry does not fit); returns the number of calls made. */
static int raw_list(__wasi_fd_t fd, size_t size)
{
    static uint8_t buf[8192];
    __wasi_dircookie_t cookie = 0;
    int calls = 0;
    count = 0;
    for (;;) {
        __wasi_size_t used = 0;
        __wasi_errno_t e = __wasi_fd_readdir(fd, buf, size, cookie, &used);
        calls++;
        if (e) {
            printf("fd_readdir: %s\n", en(e));
            return calls;
        }
        size_t off = 0;
        int whole = 0;
        while (off + sizeof(__wasi_dirent_t) <= used) {
            __wasi_dirent_t d;
            memcpy(&d, buf + off, sizeof d);
            if (off + sizeof d + d.d_namlen > used)
                break; /* cut off: ask again from its cookie */
            char name[256] = {0};
            memcpy(name, buf + off + sizeof d, d.d_namlen);
            if (strcmp(name, ".") && strcmp(name, "..") && count < MAXN) {
                strcpy(names[count], name);
                types[count] = d.d_type;
                count++;
            }
            cookie = d.d_next;
            off += sizeof d + d.d_namlen;
            whole++;
        }
        if (used < size)
            return calls; /* end of directory */
        if (whole == 0)
            size *= 2; /* not even one entry fits */
    }
}

static void print_sorted(const char *label)
{
    /* sort names with their types */
    char rows[MAXN][270];
    for (int i = 0; i < count; i++)
        snprintf(rows[i], sizeof rows[i], "%s type=%d", names[i], types[i]);
    qsort(rows, count, sizeof rows[0], cmp);
    printf("%s: %d entries\n", label, count);
    for (int i = 0; i < count; i++)
        printf("  %s\n", rows[i]);
}

int main(void)
{
    __wasi_fd_t dir;
    SHOW("open dir", open_at(SANDBOX_FD, "dir", 0, __WASI_OFLAGS_DIRECTORY,
                             __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_OPEN, &dir));
    int calls = raw_list(dir, 4096);
    print_sorted("buffer 4096");
    printf("calls=%d\n", calls);
    char first[MAXN][270];
    int n1 = count;
    for (int i = 0; i < count; i++)
        strcpy(first[i], names[i]);
    qsort(first, n1, sizeof first[0], cmp);

    size_t sizes[] = {24, 40, 64, 100, 200};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        calls = raw_list(dir, sizes[s]);
        qsort(names, count, sizeof names[0], cmp);
        int same = count == n1;
        for (int i = 0; same && i < count; i++)
            same = strcmp(names[i], first[i]) == 0;
        printf("buffer %zu: %s (%s calls)\n", sizes[s], same ? "same listing" : "DIFFERENT",
               calls > 2 ? "several" : "few");
    }

    /* libc: readdir, telldir/seekdir, rewinddir */
    DIR *d = opendir("/sandbox/dir");
    printf("opendir: %s\n", d ? "OK" : en(errno));
    struct dirent *de;
    int k = 0, total = 0;
    long mark = -1;
    char at_mark[256] = "";
    while ((de = readdir(d)) != NULL) {
        total++;
        if (++k == 3) {
            mark = telldir(d);
            de = readdir(d);
            if (!de)
                break;
            total++;
            strcpy(at_mark, de->d_name);
        }
    }
    seekdir(d, mark);
    de = readdir(d);
    printf("seekdir back: %s\n",
           de && strcmp(de->d_name, at_mark) == 0 ? "same entry" : "DIFFERENT");
    rewinddir(d);
    int again = 0;
    while (readdir(d))
        again++;
    printf("rewinddir: %s count\n", again == total ? "same" : "DIFFERENT");
    closedir(d);

    SHOW("fd_readdir on a file", ({
             __wasi_fd_t f;
             __wasi_size_t used;
             uint8_t b[64];
             open_at(SANDBOX_FD, "dir/a.txt", 0, 0, R_READ, &f)
                 ?: __wasi_fd_readdir(f, b, sizeof b, 0, &used);
         }));
    return 0;
}

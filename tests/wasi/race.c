/* Races on an intermediate component: while this program opens, stats and
 * creates files under "race/", the test driver keeps atomically swapping
 * sandbox/race between a real directory and a symlink to ../outside. Every
 * attempt must either stay inside or be refused; the driver also checks that
 * nothing was created outside. Statistics go to stderr (not compared). */
#include <stdlib.h>

#include "common.h"

int main(int argc, char **argv)
{
    int iters = argc > 1 ? atoi(argv[1]) : 3000;
    int inside = 0, refused = 0, escaped = 0, other = 0;
    for (int i = 0; i < iters; i++) {
        __wasi_fd_t fd;
        char buf[32] = {0};
        /* open + read through the component being swapped */
        __wasi_errno_t e =
            open_at(SANDBOX_FD, "race/secret", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, 0, R_READ, &fd);
        if (!e) {
            __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf - 1};
            __wasi_size_t n;
            __wasi_fd_read(fd, &iov, 1, &n);
            (void)__wasi_fd_close(fd);
            if (strncmp(buf, "TOP", 3) == 0)
                escaped++;
            else
                inside++;
        } else if (e == __WASI_ERRNO_NOTCAPABLE || e == __WASI_ERRNO_NOENT ||
                   e == __WASI_ERRNO_NOTDIR) {
            refused++;
        } else {
            if (other++ == 0)
                fprintf(stderr, "unexpected: %s\n", en(e));
        }
        /* stat: the outside secret has a different size */
        __wasi_filestat_t st;
        if (__wasi_path_filestat_get(SANDBOX_FD, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "race/./secret",
                                     &st) == 0 &&
            st.size != 3)
            escaped++;
        /* create + remove */
        if (open_at(SANDBOX_FD, "race/made", 0, __WASI_OFLAGS_CREAT, R_READ, &fd) == 0) {
            (void)__wasi_fd_close(fd);
            (void)__wasi_path_unlink_file(SANDBOX_FD, "race/made");
        }
        (void)__wasi_path_create_directory(SANDBOX_FD, "race/dir_made");
        (void)__wasi_path_remove_directory(SANDBOX_FD, "race/dir_made");
    }
    fprintf(stderr, "inside=%d refused=%d other=%d\n", inside, refused, other);
    printf("escaped=%d\n", escaped);
    return escaped ? 1 : 0;
}

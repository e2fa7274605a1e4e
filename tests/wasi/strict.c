/* Exact results where node's WASI differs from the witx spec or from
 * wasi-libc's expectations (so this test has no node oracle): EFAULT for
 * every out-of-bounds guest pointer (and nothing done), EBADF for prestat of
 * non-preopens, nanosecond timestamps, fdstat flags, ELOOP for a final
 * symlink without SYMLINK_FOLLOW, rights inheritance, bad paths. */
#include "common.h"

#define IMP(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
IMP(fd_write) int32_t raw_fd_write(int32_t fd, int32_t iovs, int32_t n, int32_t nw);
IMP(fd_read) int32_t raw_fd_read(int32_t fd, int32_t iovs, int32_t n, int32_t nr);
IMP(path_open)
int32_t raw_path_open(int32_t fd, int32_t df, int32_t path, int32_t len, int32_t of, int64_t base,
                      int64_t inh, int32_t ff, int32_t out);
IMP(args_get) int32_t raw_args_get(int32_t argv, int32_t buf);
IMP(args_sizes_get) int32_t raw_args_sizes_get(int32_t a, int32_t b);
IMP(environ_get) int32_t raw_environ_get(int32_t a, int32_t b);
IMP(clock_time_get) int32_t raw_clock_time_get(int32_t id, int64_t prec, int32_t out);
IMP(random_get) int32_t raw_random_get(int32_t buf, int32_t len);
IMP(poll_oneoff) int32_t raw_poll_oneoff(int32_t in, int32_t out, int32_t n, int32_t nev);
IMP(fd_readdir)
int32_t raw_fd_readdir(int32_t fd, int32_t buf, int32_t len, int64_t cookie, int32_t used);
IMP(fd_prestat_dir_name) int32_t raw_prestat_dir_name(int32_t fd, int32_t buf, int32_t len);
IMP(path_filestat_get)
int32_t raw_path_filestat_get(int32_t fd, int32_t fl, int32_t p, int32_t len, int32_t out);
IMP(fd_filestat_get) int32_t raw_fd_filestat_get(int32_t fd, int32_t out);
IMP(fd_seek) int32_t raw_fd_seek(int32_t fd, int64_t off, int32_t wh, int32_t out);
IMP(path_symlink)
int32_t raw_path_symlink(int32_t t, int32_t tl, int32_t fd, int32_t p, int32_t pl);

#define P(x) ((int32_t)(uintptr_t)(x))

int main(void)
{
    uint32_t end = (uint32_t)__builtin_wasm_memory_size(0) * 65536u;
    static __wasi_ciovec_t iov;
    static __wasi_size_t n;
    static char msg[] = "visible\n";

    printf("-- EFAULT\n");
    fflush(stdout);
    iov.buf = (const uint8_t *)msg;
    iov.buf_len = 8;
    printf("fd_write iovec array past the end: %s\n",
           en(raw_fd_write(1, (int32_t)(end - 4), 1, P(&n))));
    printf("fd_write nwritten past the end: %s\n", en(raw_fd_write(1, P(&iov), 1, (int32_t)end)));
    fflush(stdout);
    iov.buf = (const uint8_t *)(uintptr_t)(end - 2);
    iov.buf_len = 10;
    printf("fd_write buffer past the end: %s\n", en(raw_fd_write(1, P(&iov), 1, P(&n))));
    iov.buf = (const uint8_t *)(uintptr_t)0xFFFFFFF0u;
    iov.buf_len = 0x20;
    printf("fd_write buffer wrapping 2^32: %s\n", en(raw_fd_write(1, P(&iov), 1, P(&n))));
    iov.buf = (const uint8_t *)(uintptr_t)end;
    iov.buf_len = 0;
    fflush(stdout);
    printf("fd_write empty buffer at the end: %s n=%u\n", en(raw_fd_write(1, P(&iov), 1, P(&n))),
           (unsigned)n);
    static __wasi_iovec_t riov;
    riov.buf = (uint8_t *)(uintptr_t)(end - 1);
    riov.buf_len = 2;
    printf("fd_read buffer past the end: %s\n", en(raw_fd_read(0, P(&riov), 1, P(&n))));
    printf("path_open path past the end: %s\n",
           en(raw_path_open(SANDBOX_FD, 0, (int32_t)(end - 3), 10, 0, R_READ, R_READ, 0, P(&n))));
    printf("path_open result past the end (O_CREAT): %s\n",
           en(raw_path_open(SANDBOX_FD, 0, P("fault_created"), 13, __WASI_OFLAGS_CREAT, R_READ,
                            R_READ, 0, (int32_t)(end - 2))));
    printf("args_get argv past the end: %s\n", en(raw_args_get((int32_t)(end - 2), P(msg))));
    printf("args_sizes_get past the end: %s\n", en(raw_args_sizes_get((int32_t)end, P(&n))));
    printf("environ_get buffer past the end: %s\n", en(raw_environ_get(P(msg), (int32_t)end)));
    printf("clock_time_get result past the end: %s\n",
           en(raw_clock_time_get(0, 0, (int32_t)(end - 4))));
    printf("random_get past the end: %s\n", en(raw_random_get((int32_t)(end - 10), 100)));
    printf("random_get up to the end: %s\n", en(raw_random_get((int32_t)(end - 10), 10)));
    printf("random_get 0 bytes at the end: %s\n", en(raw_random_get((int32_t)end, 0)));
    printf("poll_oneoff subscriptions past the end: %s\n",
           en(raw_poll_oneoff((int32_t)(end - 40), P(msg), 1, P(&n))));
    printf("fd_readdir buffer past the end: %s\n",
           en(raw_fd_readdir(SANDBOX_FD, (int32_t)(end - 10), 100, 0, P(&n))));
    printf("prestat_dir_name past the end: %s\n",
           en(raw_prestat_dir_name(SANDBOX_FD, (int32_t)(end - 4), 8)));
    printf("path_filestat_get result past the end: %s\n",
           en(raw_path_filestat_get(SANDBOX_FD, 0, P("file.txt"), 8, (int32_t)(end - 63))));
    printf("fd_filestat_get result past the end: %s\n",
           en(raw_fd_filestat_get(1, (int32_t)(end - 8))));
    __wasi_fd_t ffd;
    open_at(SANDBOX_FD, "file.txt", 0, 0, R_ALL, &ffd);
    printf("fd_seek result past the end: %s\n", en(raw_fd_seek((int32_t)ffd, 0, 0, (int32_t)end)));
    printf("path_symlink target past the end: %s\n",
           en(raw_path_symlink((int32_t)(end - 1), 5, SANDBOX_FD, P("fault_link"), 10)));

    printf("-- bad paths\n");
    printf("path with a NUL byte: %s\n",
           en(raw_path_open(SANDBOX_FD, 0, P("file.txt\0x"), 10, 0, R_READ, R_READ, 0, P(&n))));
    printf("empty path: %s\n",
           en(raw_path_open(SANDBOX_FD, 0, P(""), 0, 0, R_READ, R_READ, 0, P(&n))));
    {
        __wasi_fd_t f, g;
        __wasi_errno_t e = open_at(SANDBOX_FD, "file.txt", 0, 0, R_ALL, &f);
        if (!e)
            e = open_at(f, "x", 0, 0, R_READ, &g);
        printf("path relative to a file fd: %s\n", en(e));
    }

    printf("-- prestat\n");
    __wasi_prestat_t ps;
    char name[16];
    SHOW("prestat_get stdout", __wasi_fd_prestat_get(1, &ps));
    SHOW("prestat_dir_name into 3 bytes",
         __wasi_fd_prestat_dir_name(SANDBOX_FD, (uint8_t *)name, 3));

    printf("-- exact values\n");
    __wasi_fd_t fd;
    SHOW("open file.txt", open_at(SANDBOX_FD, "file.txt", 0, 0, R_ALL, &fd));
    __wasi_timestamp_t at = 1234567890123456789ull, mt = 987654321987654321ull;
    SHOW("set times",
         __wasi_fd_filestat_set_times(fd, at, mt, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
    __wasi_filestat_t st;
    __wasi_fd_filestat_get(fd, &st);
    printf("atim=%llu mtim=%llu\n", (unsigned long long)st.atim, (unsigned long long)st.mtim);
    __wasi_fdstat_t fs;
    __wasi_fd_fdstat_get(fd, &fs);
    printf("flags=%u\n", fs.fs_flags);
    SHOW("set flags APPEND|NONBLOCK",
         __wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND | __WASI_FDFLAGS_NONBLOCK));
    __wasi_fd_fdstat_get(fd, &fs);
    printf("flags=%u\n", fs.fs_flags);
    SHOW("set flags SYNC", __wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_SYNC));
    SHOW("open with SYNC fdflag",
         __wasi_path_open(SANDBOX_FD, 0, "file.txt", 0, R_ALL, 0, __WASI_FDFLAGS_SYNC, &fd));
    __wasi_fd_fdstat_get(fd, &fs);
    printf("flags=%u\n", fs.fs_flags);
    SHOW("open soft without SYMLINK_FOLLOW", open_at(SANDBOX_FD, "soft", 0, 0, R_READ, &fd));
    SHOW("open soft O_DIRECTORY without SYMLINK_FOLLOW",
         open_at(SANDBOX_FD, "softdir", 0, __WASI_OFLAGS_DIRECTORY, R_READ, &fd));

    printf("-- rights\n");
    __wasi_fdstat_t ds;
    __wasi_fd_fdstat_get(SANDBOX_FD, &ds);
    printf("preopen: filetype=%d path_open=%d fd_read=%d readdir=%d inheriting all=%d\n",
           ds.fs_filetype, !!(ds.fs_rights_base & __WASI_RIGHTS_PATH_OPEN),
           !!(ds.fs_rights_base & __WASI_RIGHTS_FD_READ),
           !!(ds.fs_rights_base & __WASI_RIGHTS_FD_READDIR), ds.fs_rights_inheriting == R_ALL);
    __wasi_iovec_t v = {(uint8_t *)name, 4};
    SHOW("fd_read on the preopen", __wasi_fd_read(SANDBOX_FD, &v, 1, &n));
    __wasi_fd_t sub, f;
    SHOW("open sub with inheriting = read only",
         __wasi_path_open(SANDBOX_FD, 0, "sub", __WASI_OFLAGS_DIRECTORY,
                          __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_FD_READDIR, R_READ, 0, &sub));
    SHOW("open sub/x for writing",
         __wasi_path_open(sub, 0, "x", 0, __WASI_RIGHTS_FD_WRITE, 0, 0, &f));
    SHOW("open sub/x for reading",
         __wasi_path_open(sub, 0, "x", 0, __WASI_RIGHTS_FD_READ, 0, 0, &f));
    SHOW("create in sub (no PATH_CREATE_FILE)",
         __wasi_path_open(sub, 0, "y", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READ, 0, 0, &f));
    SHOW("mkdir in sub (no PATH_CREATE_DIRECTORY)", __wasi_path_create_directory(sub, "d"));
    SHOW("drop PATH_OPEN from sub",
         __wasi_fd_fdstat_set_rights(sub, __WASI_RIGHTS_FD_READDIR, R_READ));
    SHOW("open through sub now", __wasi_path_open(sub, 0, "x", 0, __WASI_RIGHTS_FD_READ, 0, 0, &f));
    SHOW("grow inheriting of sub",
         __wasi_fd_fdstat_set_rights(sub, __WASI_RIGHTS_FD_READDIR, R_ALL));
    SHOW("read-only fd: set size", __wasi_fd_filestat_set_size(f, 0));
    SHOW("read-only fd: write", __wasi_fd_write(f, &iov, 1, &n));

    printf("-- closed stdin\n");
    SHOW("fd_close 0", __wasi_fd_close(0));
    SHOW("fd_read 0", __wasi_fd_read(0, &v, 1, &n));
    SHOW("renumber onto 0", __wasi_fd_renumber(f, 0));
    return 0;
}

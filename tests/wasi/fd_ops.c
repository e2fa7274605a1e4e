/* File descriptors: prestat, path_open/create, fd_write/read (iovecs),
 * seek/tell, pread/pwrite, filestat get/set size/set times, sync, datasync,
 * advise, allocate, fdstat get/set flags/set rights, renumber, close. */
#include "common.h"

#define RW                                                                                         \
    (R_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_DATASYNC | __WASI_RIGHTS_FD_SYNC |         \
     __WASI_RIGHTS_FD_ADVISE | __WASI_RIGHTS_FD_ALLOCATE | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE |    \
     __WASI_RIGHTS_FD_FILESTAT_SET_TIMES | __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS)

static void show_read(__wasi_fd_t fd, size_t n, const char *label)
{
    char buf[64] = {0};
    __wasi_iovec_t iov = {(uint8_t *)buf, n};
    __wasi_size_t got = 0;
    __wasi_errno_t e = __wasi_fd_read(fd, &iov, 1, &got);
    printf("%s: %s n=%u [%s]\n", label, en(e), (unsigned)got, buf);
}

static uint64_t size_of(__wasi_fd_t fd)
{
    __wasi_filestat_t st;
    if (__wasi_fd_filestat_get(fd, &st))
        return (uint64_t)-1;
    return st.size;
}

int main(void)
{
    __wasi_prestat_t ps;
    SHOW("prestat_get 3", __wasi_fd_prestat_get(SANDBOX_FD, &ps));
    printf("tag=%d name_len=%u\n", ps.tag, (unsigned)ps.u.dir.pr_name_len);
    char name[64] = {0};
    SHOW("prestat_dir_name 3",
         __wasi_fd_prestat_dir_name(SANDBOX_FD, (uint8_t *)name, ps.u.dir.pr_name_len));
    printf("name=%s\n", name);
    SHOW("prestat_get 4 (none)", __wasi_fd_prestat_get(4, &ps));

    __wasi_fd_t fd, fd2;
    SHOW("create new.txt",
         open_at(SANDBOX_FD, "new.txt", 0, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, RW, &fd));
    SHOW("create new.txt again (excl)",
         open_at(SANDBOX_FD, "new.txt", 0, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, RW, &fd2));

    __wasi_ciovec_t out[2] = {{(const uint8_t *)"hello ", 6}, {(const uint8_t *)"world\n", 6}};
    __wasi_size_t n = 0;
    SHOW("fd_write 2 iovecs", __wasi_fd_write(fd, out, 2, &n));
    printf("nwritten=%u\n", (unsigned)n);
    __wasi_filesize_t pos = 0;
    SHOW("fd_tell", __wasi_fd_tell(fd, &pos));
    printf("pos=%llu\n", (unsigned long long)pos);
    SHOW("fd_seek 0 SET", __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
    printf("pos=%llu\n", (unsigned long long)pos);
    show_read(fd, 5, "fd_read 5");
    SHOW("fd_seek -3 END", __wasi_fd_seek(fd, -3, __WASI_WHENCE_END, &pos));
    printf("pos=%llu\n", (unsigned long long)pos);
    show_read(fd, 10, "fd_read rest");
    show_read(fd, 10, "fd_read at eof");
    SHOW("fd_seek bad whence", __wasi_fd_seek(fd, 0, 7, &pos));
    SHOW("fd_seek 2 CUR", __wasi_fd_seek(fd, -2, __WASI_WHENCE_CUR, &pos));
    printf("pos=%llu\n", (unsigned long long)pos);

    __wasi_ciovec_t pw = {(const uint8_t *)"HELLO", 5};
    SHOW("fd_pwrite at 0", __wasi_fd_pwrite(fd, &pw, 1, 0, &n));
    printf("nwritten=%u\n", (unsigned)n);
    SHOW("fd_tell after pwrite", __wasi_fd_tell(fd, &pos));
    printf("pos=%llu (unchanged)\n", (unsigned long long)pos);
    char a[4] = {0}, b[16] = {0};
    __wasi_iovec_t pr[2] = {{(uint8_t *)a, 3}, {(uint8_t *)b, 15}};
    SHOW("fd_pread at 3, 2 iovecs", __wasi_fd_pread(fd, pr, 2, 3, &n));
    printf("nread=%u a=[%s] b=[%s]\n", (unsigned)n, a, b);

    __wasi_filestat_t st;
    SHOW("fd_filestat_get", __wasi_fd_filestat_get(fd, &st));
    printf("filetype=%d size=%llu nlink=%llu\n", st.filetype, (unsigned long long)st.size,
           (unsigned long long)st.nlink);
    SHOW("fd_filestat_set_size 4", __wasi_fd_filestat_set_size(fd, 4));
    printf("size=%llu\n", (unsigned long long)size_of(fd));
    SHOW("fd_filestat_set_size 8", __wasi_fd_filestat_set_size(fd, 8));
    memset(b, 'x', sizeof b);
    pr[0].buf = (uint8_t *)b;
    pr[0].buf_len = 8;
    SHOW("fd_pread 8", __wasi_fd_pread(fd, pr, 1, 0, &n));
    printf("n=%u bytes=", (unsigned)n);
    for (unsigned i = 0; i < n; i++)
        printf("%02x", (unsigned char)b[i]);
    printf("\n");

    __wasi_timestamp_t at = 1000000000ull * 1000000 + 123, mt = 1000000000ull * 2000000 + 456000;
    SHOW("fd_filestat_set_times",
         __wasi_fd_filestat_set_times(fd, at, mt, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
    __wasi_fd_filestat_get(fd, &st);
    /* Exact to the nanosecond in fd_strict; node keeps only about a microsecond. */
    printf("atim %s mtim %s\n", st.atim / 1000000 == at / 1000000 ? "set" : "differs",
           st.mtim / 1000000 == mt / 1000000 ? "set" : "differs");
    SHOW("fd_filestat_set_times ATIM|ATIM_NOW",
         __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW));
    SHOW("fd_filestat_set_times MTIM_NOW",
         __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
    __wasi_fd_filestat_get(fd, &st);
    printf("mtim now %s\n", st.mtim > mt ? "later" : "not later");

    SHOW("fd_sync", __wasi_fd_sync(fd));
    SHOW("fd_datasync", __wasi_fd_datasync(fd));
    SHOW("fd_advise sequential", __wasi_fd_advise(fd, 0, 0, __WASI_ADVICE_SEQUENTIAL));
    SHOW("fd_advise dontneed", __wasi_fd_advise(fd, 0, 8, __WASI_ADVICE_DONTNEED));
    SHOW("fd_allocate 0+100", __wasi_fd_allocate(fd, 0, 100));
    printf("size=%llu\n", (unsigned long long)size_of(fd));
    SHOW("fd_allocate 10+5 (inside)", __wasi_fd_allocate(fd, 10, 5));
    printf("size=%llu\n", (unsigned long long)size_of(fd));

    __wasi_fdstat_t fs;
    SHOW("fd_fdstat_get", __wasi_fd_fdstat_get(fd, &fs));
    printf("filetype=%d append=%d read=%d write=%d seek=%d\n", fs.fs_filetype,
           !!(fs.fs_flags & __WASI_FDFLAGS_APPEND), !!(fs.fs_rights_base & __WASI_RIGHTS_FD_READ),
           !!(fs.fs_rights_base & __WASI_RIGHTS_FD_WRITE),
           !!(fs.fs_rights_base & __WASI_RIGHTS_FD_SEEK));
    SHOW("fd_fdstat_set_flags APPEND", __wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND));
    __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos);
    __wasi_ciovec_t z = {(const uint8_t *)"Z", 1};
    SHOW("fd_write with APPEND", __wasi_fd_write(fd, &z, 1, &n));
    __wasi_fd_tell(fd, &pos);
    printf("size=%llu pos=%llu\n", (unsigned long long)size_of(fd), (unsigned long long)pos);
    SHOW("fd_fdstat_set_flags 0", __wasi_fd_fdstat_set_flags(fd, 0));

    SHOW("fd_fdstat_set_rights drop write",
         __wasi_fd_fdstat_set_rights(fd, fs.fs_rights_base & ~__WASI_RIGHTS_FD_WRITE, 0));
    SHOW("fd_write without the right", __wasi_fd_write(fd, &z, 1, &n));
    SHOW("fd_fdstat_set_rights add it back", __wasi_fd_fdstat_set_rights(fd, fs.fs_rights_base, 0));
    SHOW("fd_read still allowed", __wasi_fd_pread(fd, pr, 1, 0, &n));

    SHOW("open data.txt", open_at(SANDBOX_FD, "data.txt", 0, 0, R_READ, &fd2));
    SHOW("fd_renumber data.txt -> new.txt's fd", __wasi_fd_renumber(fd2, fd));
    show_read(fd, 10, "read renumbered fd");
    SHOW("old number now closed", __wasi_fd_close(fd2));
    SHOW("fd_renumber to a closed fd", __wasi_fd_renumber(fd, 77));
    SHOW("fd_close", __wasi_fd_close(fd));
    SHOW("fd_close again", __wasi_fd_close(fd));
    SHOW("fd_read bad fd", __wasi_fd_read(42, pr, 1, &n));

    /* stdin is /dev/null in the test driver: end of file at once. */
    show_read(0, 10, "fd_read stdin");
    return 0;
}

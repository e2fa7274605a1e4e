/*
 * wasi_fd.c - the fd_* functions of WASI preview1: I/O through iovecs,
 * seek/tell, close/renumber, sync, advise/allocate, fdstat, filestat,
 * prestat and readdir.
 *
 * Main structure: the fd table of wasi_internal.h. Every function first
 * checks the fd and the rights the witx spec names for it (EBADF,
 * ENOTCAPABLE), then every guest pointer (EFAULT), and only then touches the
 * host. Guest structs (iovec, fdstat, filestat, prestat, dirent) are packed
 * byte by byte at the witx offsets.
 *
 * Spec: wasi_snapshot_preview1.witx (fd_*), typenames.witx (layouts).
 */
#define _GNU_SOURCE 1
#define _DARWIN_C_SOURCE 1
#define _FILE_OFFSET_BITS 64

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "wasi_internal.h"

#ifndef IOV_MAX
#define IOV_MAX 1024
#endif

/* ---------------------------------------------------------------- shared helpers */

static uint64_t stat_ns(time_t sec, long nsec)
{
    if (sec < 0)
        return 0;
    return (uint64_t)sec * 1000000000u + (uint64_t)nsec;
}

static uint8_t mode_filetype(mode_t mode)
{
    if (S_ISREG(mode))
        return FA_WASI_FILETYPE_REGULAR_FILE;
    if (S_ISDIR(mode))
        return FA_WASI_FILETYPE_DIRECTORY;
    if (S_ISLNK(mode))
        return FA_WASI_FILETYPE_SYMBOLIC_LINK;
    if (S_ISCHR(mode))
        return FA_WASI_FILETYPE_CHARACTER_DEVICE;
    if (S_ISBLK(mode))
        return FA_WASI_FILETYPE_BLOCK_DEVICE;
    if (S_ISSOCK(mode))
        return FA_WASI_FILETYPE_SOCKET_STREAM;
    return FA_WASI_FILETYPE_UNKNOWN;
}

/* filestat: dev u64 @0, ino u64 @8, filetype u8 @16, nlink u64 @24,
 * size u64 @32, atim @40, mtim @48, ctim @56 (64 bytes). */
void fa_wasi_put_filestat(fa_wasi_mem *m, uint32_t p, const struct stat *st)
{
    memset(m->base + p, 0, 64);
    fa_wasi_st64(m, p + 0, (uint64_t)st->st_dev);
    fa_wasi_st64(m, p + 8, (uint64_t)st->st_ino);
    fa_wasi_st8(m, p + 16, mode_filetype(st->st_mode));
    fa_wasi_st64(m, p + 24, (uint64_t)st->st_nlink);
    fa_wasi_st64(m, p + 32, (uint64_t)st->st_size);
#if defined(__APPLE__)
    fa_wasi_st64(m, p + 40, stat_ns(st->st_atimespec.tv_sec, st->st_atimespec.tv_nsec));
    fa_wasi_st64(m, p + 48, stat_ns(st->st_mtimespec.tv_sec, st->st_mtimespec.tv_nsec));
    fa_wasi_st64(m, p + 56, stat_ns(st->st_ctimespec.tv_sec, st->st_ctimespec.tv_nsec));
#else
    fa_wasi_st64(m, p + 40, stat_ns(st->st_atim.tv_sec, st->st_atim.tv_nsec));
    fa_wasi_st64(m, p + 48, stat_ns(st->st_mtim.tv_sec, st->st_mtim.tv_nsec));
    fa_wasi_st64(m, p + 56, stat_ns(st->st_ctim.tv_sec, st->st_ctim.tv_nsec));
#endif
}

uint32_t fa_wasi_times(uint64_t atim, uint64_t mtim, uint32_t fst, struct timespec ts[2])
{
    if (fst & ~0xFu)
        return FA_WASI_EINVAL;
    if ((fst & FA_WASI_FST_ATIM) && (fst & FA_WASI_FST_ATIM_NOW))
        return FA_WASI_EINVAL;
    if ((fst & FA_WASI_FST_MTIM) && (fst & FA_WASI_FST_MTIM_NOW))
        return FA_WASI_EINVAL;
    uint64_t t[2] = {atim, mtim};
    uint32_t set[2] = {FA_WASI_FST_ATIM, FA_WASI_FST_MTIM};
    uint32_t now[2] = {FA_WASI_FST_ATIM_NOW, FA_WASI_FST_MTIM_NOW};
    for (int i = 0; i < 2; i++) {
        if (fst & set[i]) {
            uint64_t sec = t[i] / 1000000000u;
            if (sizeof(time_t) < 8 && sec > INT32_MAX)
                return FA_WASI_EOVERFLOW;
            ts[i].tv_sec = (time_t)sec;
            ts[i].tv_nsec = (long)(t[i] % 1000000000u);
        } else {
            ts[i].tv_sec = 0;
            ts[i].tv_nsec = (fst & now[i]) ? UTIME_NOW : UTIME_OMIT;
        }
    }
    return 0;
}

/*
 * Reads a guest iovec array (buf u32 @0, len u32 @4; 8 bytes each) into host
 * iovecs pointing into guest memory, checking each buffer. At most IOV_MAX
 * entries are used (a short transfer is always allowed).
 * *out is allocated with fa_wasi_alloc (size n*sizeof(struct iovec)).
 */
static uint32_t get_iovs(fa_wasi *w, fa_wasi_mem *m, uint32_t iovs, uint32_t n, struct iovec **out,
                         int *n_out)
{
    *out = NULL;
    *n_out = 0;
    if (!fa_wasi_mem_ok(m, iovs, (uint64_t)n * 8))
        return FA_WASI_EFAULT;
    uint32_t use = n > IOV_MAX ? IOV_MAX : n;
    struct iovec *v = fa_wasi_alloc(w, (use ? use : 1) * sizeof *v);
    if (!v)
        return FA_WASI_ENOMEM;
    uint64_t total = 0;
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t buf = fa_wasi_ld32(m, iovs + 8 * i), len = fa_wasi_ld32(m, iovs + 8 * i + 4);
        if (!fa_wasi_mem_ok(m, buf, len)) {
            fa_wasi_dealloc(w, v, (use ? use : 1) * sizeof *v);
            return FA_WASI_EFAULT;
        }
        /* Past the host's limits (IOV_MAX buffers, SSIZE_MAX bytes) the transfer
         * just ends early; every buffer is still checked above. */
        if (k < use && total < (uint64_t)SSIZE_MAX) {
            uint64_t l = len;
            if (l > (uint64_t)SSIZE_MAX - total)
                l = (uint64_t)SSIZE_MAX - total;
            v[k].iov_base = m->base + buf;
            v[k].iov_len = (size_t)l;
            total += l;
            k++;
        }
    }
    *out = v;
    *n_out = (int)k;
    return 0;
}

static void free_iovs(fa_wasi *w, struct iovec *v, uint32_t n)
{
    uint32_t use = n > IOV_MAX ? IOV_MAX : n;
    fa_wasi_dealloc(w, v, (use ? use : 1) * sizeof *v);
}

/* ---------------------------------------------------------------- read / write */

uint32_t fa_wasi_fd_read(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    uint32_t fd = FA_WASI_U32(c, 0), iovs = FA_WASI_U32(c, 1), n = FA_WASI_U32(c, 2),
             p_nread = FA_WASI_U32(c, 3);
    fa_wasi_fd *f;
    struct iovec *v;
    int k;
    uint32_t e = fa_wasi_fd_lookup(w, fd, FA_WASI_RIGHT_FD_READ, &f);
    if (e)
        return e;
    if (!fa_wasi_mem_ok(m, p_nread, 4))
        return FA_WASI_EFAULT;
    if ((e = get_iovs(w, m, iovs, n, &v, &k)) != 0)
        return e;
    ssize_t r = k ? readv(f->host, v, k) : 0;
    int err = errno;
    free_iovs(w, v, n);
    if (r < 0)
        return fa_wasi_errno(err);
    fa_wasi_st32(m, p_nread, (uint32_t)r);
    return 0;
}

uint32_t fa_wasi_fd_write(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    uint32_t fd = FA_WASI_U32(c, 0), iovs = FA_WASI_U32(c, 1), n = FA_WASI_U32(c, 2),
             p_nw = FA_WASI_U32(c, 3);
    fa_wasi_fd *f;
    struct iovec *v;
    int k;
    uint32_t e = fa_wasi_fd_lookup(w, fd, FA_WASI_RIGHT_FD_WRITE, &f);
    if (e)
        return e;
    if (!fa_wasi_mem_ok(m, p_nw, 4))
        return FA_WASI_EFAULT;
    if ((e = get_iovs(w, m, iovs, n, &v, &k)) != 0)
        return e;
    ssize_t r = k ? writev(f->host, v, k) : 0;
    int err = errno;
    free_iovs(w, v, n);
    if (r < 0)
        return fa_wasi_errno(err);
    fa_wasi_st32(m, p_nw, (uint32_t)r);
    return 0;
}

/* Positional I/O, one iovec at a time (preadv/pwritev are not POSIX);
 * stops at the first short transfer, like a single preadv would. */
static uint32_t pio(fa_wasi *w, fa_call *c, fa_wasi_mem *m, int writing)
{
    uint32_t fd = FA_WASI_U32(c, 0), iovs = FA_WASI_U32(c, 1), n = FA_WASI_U32(c, 2),
             p_n = FA_WASI_U32(c, 4);
    uint64_t off = FA_WASI_U64(c, 3);
    fa_wasi_fd *f;
    struct iovec *v;
    int k;
    uint64_t need =
        FA_WASI_RIGHT_FD_SEEK | (writing ? FA_WASI_RIGHT_FD_WRITE : FA_WASI_RIGHT_FD_READ);
    uint32_t e = fa_wasi_fd_lookup(w, fd, need, &f);
    if (e)
        return e;
    if (!fa_wasi_mem_ok(m, p_n, 4))
        return FA_WASI_EFAULT;
    if (off > (uint64_t)INT64_MAX)
        return FA_WASI_EINVAL;
    if ((e = get_iovs(w, m, iovs, n, &v, &k)) != 0)
        return e;
    uint64_t done = 0;
    for (int i = 0; i < k; i++) {
        if (v[i].iov_len == 0)
            continue;
        ssize_t r = writing ? pwrite(f->host, v[i].iov_base, v[i].iov_len, (off_t)(off + done))
                            : pread(f->host, v[i].iov_base, v[i].iov_len, (off_t)(off + done));
        if (r < 0) {
            if (done == 0) {
                e = fa_wasi_errno(errno);
                free_iovs(w, v, n);
                return e;
            }
            break;
        }
        done += (uint64_t)r;
        if ((size_t)r < v[i].iov_len)
            break;
    }
    free_iovs(w, v, n);
    fa_wasi_st32(m, p_n, (uint32_t)done);
    return 0;
}

uint32_t fa_wasi_fd_pread(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    return pio(w, c, m, 0);
}

uint32_t fa_wasi_fd_pwrite(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    return pio(w, c, m, 1);
}

/* ---------------------------------------------------------------- seek, tell */

uint32_t fa_wasi_fd_seek(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    uint32_t fd = FA_WASI_U32(c, 0), whence = FA_WASI_U32(c, 2), p = FA_WASI_U32(c, 3);
    int64_t off = (int64_t)FA_WASI_U64(c, 1);
    fa_wasi_fd *f;
    /* Only asking where we are needs no more than FD_TELL. */
    uint64_t need = (whence == 1 && off == 0) ? FA_WASI_RIGHT_FD_TELL : FA_WASI_RIGHT_FD_SEEK;
    uint32_t e = fa_wasi_fd_lookup(w, fd, need, &f);
    if (e)
        return e;
    int hw;
    switch (whence) {
    case 0: hw = SEEK_SET; break;
    case 1: hw = SEEK_CUR; break;
    case 2: hw = SEEK_END; break;
    default: return FA_WASI_EINVAL;
    }
    if (!fa_wasi_mem_ok(m, p, 8))
        return FA_WASI_EFAULT;
    if (sizeof(off_t) < 8 && (off > INT32_MAX || off < INT32_MIN))
        return FA_WASI_EOVERFLOW;
    off_t r = lseek(f->host, (off_t)off, hw);
    if (r < 0)
        return fa_wasi_errno(errno);
    fa_wasi_st64(m, p, (uint64_t)r);
    return 0;
}

uint32_t fa_wasi_fd_tell(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    uint32_t fd = FA_WASI_U32(c, 0), p = FA_WASI_U32(c, 1);
    fa_wasi_fd *f;
    uint32_t e = fa_wasi_fd_lookup(w, fd, FA_WASI_RIGHT_FD_TELL, &f);
    if (e)
        return e;
    if (!fa_wasi_mem_ok(m, p, 8))
        return FA_WASI_EFAULT;
    off_t r = lseek(f->host, 0, SEEK_CUR);
    if (r < 0)
        return fa_wasi_errno(errno);
    fa_wasi_st64(m, p, (uint64_t)r);
    return 0;
}

/* ---------------------------------------------------------------- close, renumber */

uint32_t fa_wasi_fd_close(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    (void)m;
    fa_wasi_fd *f = fa_wasi_fd_get(w, FA_WASI_U32(c, 0));
    if (!f)
        return FA_WASI_EBADF;
    int r = f->owned ? close(f->host) : 0;
    int err = errno;
    f->owned = 0; /* closed above (even on error: POSIX leaves the fd state unspecified) */
    fa_wasi_fd_release(w, f);
    return (r != 0 && err != EINTR) ? fa_wasi_errno(err) : 0;
}

/* fd_renumber(from, to): `to` must be open; it is closed and `from` moves there. */
uint32_t fa_wasi_fd_renumber(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    (void)m;
    uint32_t from = FA_WASI_U32(c, 0), to = FA_WASI_U32(c, 1);
    fa_wasi_fd *ff = fa_wasi_fd_get(w, from), *ft = fa_wasi_fd_get(w, to);
    if (!ff || !ft)
        return FA_WASI_EBADF;
    if (from == to)
        return 0;
    fa_wasi_fd_release(w, ft);
    *ft = *ff;
    memset(ff, 0, sizeof *ff);
    return 0;
}

/* ---------------------------------------------------------------- sync, advise, allocate */

uint32_t fa_wasi_fd_sync(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    (void)m;
    fa_wasi_fd *f;
    uint32_t e = fa_wasi_fd_lookup(w, FA_WASI_U32(c, 0), FA_WASI_RIGHT_FD_SYNC, &f);
    if (e)
        return e;
    return fsync(f->host) != 0 ? fa_wasi_errno(errno) : 0;
}

uint32_t fa_wasi_fd_datasync(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    (void)m;
    fa_wasi_fd *f;
    uint32_t e = fa_wasi_fd_lookup(w, FA_WASI_U32(c, 0), FA_WASI_RIGHT_FD_DATASYNC, &f);
    if (e)
        return e;
#if defined(__APPLE__)
    int r = fsync(f->host); /* no fdatasync */
#else
    int r = fdatasync(f->host);
#endif
    return r != 0 ? fa_wasi_errno(errno) : 0;
}

uint32_t fa_wasi_fd_advise(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    (void)m;
    uint32_t fd = FA_WASI_U32(c, 0), advice = FA_WASI_U32(c, 3);
    uint64_t off = FA_WASI_U64(c, 1), len = FA_WASI_U64(c, 2);
    fa_wasi_fd *f;
    uint32_t e = fa_wasi_fd_lookup(w, fd, FA_WASI_RIGHT_FD_ADVISE, &f);
    if (e)
        return e;
    if (off > (uint64_t)INT64_MAX || len > (uint64_t)INT64_MAX)
        return FA_WASI_EINVAL;
#if defined(POSIX_FADV_NORMAL) && !defined(__APPLE__)
    static const int k_adv[6] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                 POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE};
    if (advice > 5)
        return FA_WASI_EINVAL;
    if (f->type == FA_WASI_FILETYPE_DIRECTORY)
        return 0; /* advice on a directory is meaningless; the host would say EBADF/ESPIPE */
    int r = posix_fadvise(f->host, (off_t)off, (off_t)len, k_adv[advice]);
    if (r == ESPIPE)
        return FA_WASI_ESPIPE;
    return 0; /* advice is only advice: other host refusals are not the program's concern */
#else
    return advice > 5 ? FA_WASI_EINVAL : 0;
#endif
}

uint32_t fa_wasi_fd_allocate(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    (void)m;
    uint32_t fd = FA_WASI_U32(c, 0);
    uint64_t off = FA_WASI_U64(c, 1), len = FA_WASI_U64(c, 2);
    fa_wasi_fd *f;
    uint32_t e = fa_wasi_fd_lookup(w, fd, FA_WASI_RIGHT_FD_ALLOCATE, &f);
    if (e)
        return e;
    if (off > (uint64_t)INT64_MAX || len > (uint64_t)INT64_MAX - off)
        return FA_WASI_EFBIG;
    if (f->type == FA_WASI_FILETYPE_DIRECTORY)
        return FA_WASI_EBADF;
    int r = EOPNOTSUPP;
#if !defined(__APPLE__)
    r = posix_fallocate(f->host, (off_t)off, (off_t)len);
#endif
    if (r == EOPNOTSUPP || r == ENOSYS || r == EINVAL) {
        /* The file system cannot reserve blocks: at least make the file that long. */
        struct stat st;
        if (fstat(f->host, &st) != 0)
            return fa_wasi_errno(errno);
        if (!S_ISREG(st.st_mode))
            return r == EINVAL ? FA_WASI_EINVAL : FA_WASI_ENOTSUP;
        if ((uint64_t)st.st_size < off + len && ftruncate(f->host, (off_t)(off + len)) != 0)
            return fa_wasi_errno(errno);
        return 0;
    }
    return r ? fa_wasi_errno(r) : 0;
}

/* ---------------------------------------------------------------- fdstat */

/* fdstat: filetype u8 @0, flags u16 @2, rights_base u64 @8, rights_inheriting u64 @16. */
uint32_t fa_wasi_fd_fdstat_get(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    uint32_t p = FA_WASI_U32(c, 1);
    fa_wasi_fd *f = fa_wasi_fd_get(w, FA_WASI_U32(c, 0));
    if (!f)
        return FA_WASI_EBADF;
    if (!fa_wasi_mem_ok(m, p, 24))
        return FA_WASI_EFAULT;
    memset(m->base + p, 0, 24);
    fa_wasi_st8(m, p, f->type);
    fa_wasi_st16(m, p + 2, f->fdflags);
    fa_wasi_st64(m, p + 8, f->rights_base);
    fa_wasi_st64(m, p + 16, f->rights_inh);
    return 0;
}

uint32_t fa_wasi_fd_fdstat_set_flags(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    (void)m;
    uint32_t flags = FA_WASI_U32(c, 1);
    fa_wasi_fd *f;
    uint32_t e = fa_wasi_fd_lookup(w, FA_WASI_U32(c, 0), FA_WASI_RIGHT_FD_FDSTAT_SET_FLAGS, &f);
    if (e)
        return e;
    if (flags & ~0x1Fu)
        return FA_WASI_EINVAL;
    /* Like fcntl(F_SETFL), only APPEND and NONBLOCK can change on an open file;
     * the sync flags are fixed at open time. */
    const uint32_t sync = FA_WASI_FDFLAG_DSYNC | FA_WASI_FDFLAG_RSYNC | FA_WASI_FDFLAG_SYNC;
    if ((flags & sync) != (f->fdflags & sync))
        return FA_WASI_ENOTSUP;
    int fl = fcntl(f->host, F_GETFL);
    if (fl < 0)
        return fa_wasi_errno(errno);
    fl &= ~(O_APPEND | O_NONBLOCK);
    if (flags & FA_WASI_FDFLAG_APPEND)
        fl |= O_APPEND;
    if (flags & FA_WASI_FDFLAG_NONBLOCK)
        fl |= O_NONBLOCK;
    if (fcntl(f->host, F_SETFL, fl) != 0)
        return fa_wasi_errno(errno);
    f->fdflags = (uint16_t)flags;
    return 0;
}

/* Rights can only be dropped, never gained back. */
uint32_t fa_wasi_fd_fdstat_set_rights(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    (void)m;
    uint64_t base = FA_WASI_U64(c, 1), inh = FA_WASI_U64(c, 2);
    fa_wasi_fd *f = fa_wasi_fd_get(w, FA_WASI_U32(c, 0));
    if (!f)
        return FA_WASI_EBADF;
    if ((base & ~f->rights_base) || (inh & ~f->rights_inh))
        return FA_WASI_ENOTCAPABLE;
    f->rights_base = base;
    f->rights_inh = inh;
    return 0;
}

/* ---------------------------------------------------------------- filestat */

uint32_t fa_wasi_fd_filestat_get(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    uint32_t p = FA_WASI_U32(c, 1);
    fa_wasi_fd *f;
    uint32_t e = fa_wasi_fd_lookup(w, FA_WASI_U32(c, 0), FA_WASI_RIGHT_FD_FILESTAT_GET, &f);
    if (e)
        return e;
    if (!fa_wasi_mem_ok(m, p, 64))
        return FA_WASI_EFAULT;
    struct stat st;
    if (fstat(f->host, &st) != 0)
        return fa_wasi_errno(errno);
    fa_wasi_put_filestat(m, p, &st);
    if (f->type == FA_WASI_FILETYPE_SOCKET_DGRAM)
        fa_wasi_st8(m, p + 16, FA_WASI_FILETYPE_SOCKET_DGRAM);
    return 0;
}

uint32_t fa_wasi_fd_filestat_set_size(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    (void)m;
    uint64_t size = FA_WASI_U64(c, 1);
    fa_wasi_fd *f;
    uint32_t e = fa_wasi_fd_lookup(w, FA_WASI_U32(c, 0), FA_WASI_RIGHT_FD_FILESTAT_SET_SIZE, &f);
    if (e)
        return e;
    if (size > (uint64_t)INT64_MAX || (sizeof(off_t) < 8 && size > INT32_MAX))
        return FA_WASI_EFBIG;
    return ftruncate(f->host, (off_t)size) != 0 ? fa_wasi_errno(errno) : 0;
}

uint32_t fa_wasi_fd_filestat_set_times(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    (void)m;
    uint64_t atim = FA_WASI_U64(c, 1), mtim = FA_WASI_U64(c, 2);
    uint32_t fst = FA_WASI_U32(c, 3);
    fa_wasi_fd *f;
    struct timespec ts[2];
    uint32_t e = fa_wasi_fd_lookup(w, FA_WASI_U32(c, 0), FA_WASI_RIGHT_FD_FILESTAT_SET_TIMES, &f);
    if (e)
        return e;
    if ((e = fa_wasi_times(atim, mtim, fst, ts)) != 0)
        return e;
    return futimens(f->host, ts) != 0 ? fa_wasi_errno(errno) : 0;
}

/* ---------------------------------------------------------------- prestat */

/* prestat: tag u8 @0 (0 = dir), pr_name_len u32 @4 (8 bytes). Only preopens
 * have one: EBADF for every other fd ends wasi-libc's preopen scan. */
uint32_t fa_wasi_fd_prestat_get(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    uint32_t p = FA_WASI_U32(c, 1);
    fa_wasi_fd *f = fa_wasi_fd_get(w, FA_WASI_U32(c, 0));
    if (!f || !f->preopen)
        return FA_WASI_EBADF;
    if (!fa_wasi_mem_ok(m, p, 8))
        return FA_WASI_EFAULT;
    memset(m->base + p, 0, 8);
    fa_wasi_st32(m, p + 4, f->preopen_len);
    return 0;
}

uint32_t fa_wasi_fd_prestat_dir_name(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    uint32_t p = FA_WASI_U32(c, 1), len = FA_WASI_U32(c, 2);
    fa_wasi_fd *f = fa_wasi_fd_get(w, FA_WASI_U32(c, 0));
    if (!f || !f->preopen)
        return FA_WASI_EBADF;
    if (!fa_wasi_mem_ok(m, p, len))
        return FA_WASI_EFAULT;
    if (len < f->preopen_len)
        return FA_WASI_ENAMETOOLONG;
    memcpy(m->base + p, f->preopen, f->preopen_len);
    return 0;
}

/* ---------------------------------------------------------------- readdir */

static uint8_t dirent_type(int dirfd, const struct dirent *d)
{
#ifdef DT_UNKNOWN
    switch (d->d_type) {
    case DT_REG: return FA_WASI_FILETYPE_REGULAR_FILE;
    case DT_DIR: return FA_WASI_FILETYPE_DIRECTORY;
    case DT_LNK: return FA_WASI_FILETYPE_SYMBOLIC_LINK;
    case DT_CHR: return FA_WASI_FILETYPE_CHARACTER_DEVICE;
    case DT_BLK: return FA_WASI_FILETYPE_BLOCK_DEVICE;
    case DT_SOCK: return FA_WASI_FILETYPE_SOCKET_STREAM;
    case DT_FIFO: return FA_WASI_FILETYPE_UNKNOWN;
    default: break;
    }
#endif
    struct stat st;
    if (fstatat(dirfd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return FA_WASI_FILETYPE_UNKNOWN;
    return mode_filetype(st.st_mode);
}

/* Reads the whole directory into f->dents (a snapshot that cookies index). */
static uint32_t take_snapshot(fa_wasi *w, fa_wasi_fd *f)
{
    fa_wasi_dents_free(w, f);
    int fd = openat(f->host, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return fa_wasi_errno(errno);
    DIR *d = fdopendir(fd);
    if (!d) {
        int e = errno;
        close(fd);
        return fa_wasi_errno(e);
    }
    uint32_t e = 0;
    for (;;) {
        errno = 0;
        struct dirent *de = readdir(d);
        if (!de) {
            if (errno)
                e = fa_wasi_errno(errno);
            break;
        }
        if (f->n_dents == f->cap_dents) {
            uint32_t cap = f->cap_dents ? f->cap_dents * 2 : 16;
            void *p = fa_wasi_realloc(w, f->dents, f->cap_dents * sizeof *f->dents,
                                      cap * sizeof *f->dents);
            if (!p) {
                e = FA_WASI_ENOMEM;
                break;
            }
            f->dents = p;
            f->cap_dents = cap;
        }
        fa_wasi_dirent *x = &f->dents[f->n_dents];
        size_t len = strlen(de->d_name);
        x->name = fa_wasi_strndup(w, de->d_name, len);
        if (!x->name) {
            e = FA_WASI_ENOMEM;
            break;
        }
        x->namlen = (uint32_t)len;
        x->ino = (uint64_t)de->d_ino;
        x->type = dirent_type(fd, de);
        f->n_dents++;
    }
    closedir(d);
    if (e)
        fa_wasi_dents_free(w, f);
    else
        f->have_dents = 1;
    return e;
}

/*
 * fd_readdir(fd, buf, buf_len, cookie, bufused): entries from index `cookie`
 * of the snapshot, each a 24-byte dirent (d_next u64 @0 = cookie of the next
 * entry, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20) followed by the name
 * without NUL. The last entry is cut off when the buffer ends (bufused ==
 * buf_len tells the caller to come back with a larger buffer or later cookie).
 * Cookie 0 takes a fresh snapshot (rewinddir semantics).
 */
uint32_t fa_wasi_fd_readdir(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    uint32_t fd = FA_WASI_U32(c, 0), buf = FA_WASI_U32(c, 1), len = FA_WASI_U32(c, 2),
             p_used = FA_WASI_U32(c, 4);
    uint64_t cookie = FA_WASI_U64(c, 3);
    fa_wasi_fd *f;
    uint32_t e = fa_wasi_fd_lookup(w, fd, FA_WASI_RIGHT_FD_READDIR, &f);
    if (e)
        return e;
    if (f->type != FA_WASI_FILETYPE_DIRECTORY)
        return FA_WASI_ENOTDIR;
    if (!fa_wasi_mem_ok(m, buf, len) || !fa_wasi_mem_ok(m, p_used, 4))
        return FA_WASI_EFAULT;
    if (cookie == 0 || !f->have_dents)
        if ((e = take_snapshot(w, f)) != 0)
            return e;
    uint32_t used = 0;
    for (uint64_t i = cookie; i < f->n_dents && used < len; i++) {
        const fa_wasi_dirent *x = &f->dents[i];
        uint8_t hdr[24];
        memset(hdr, 0, sizeof hdr);
        for (int b = 0; b < 8; b++) {
            hdr[b] = (uint8_t)((i + 1) >> (8 * b));
            hdr[8 + b] = (uint8_t)(x->ino >> (8 * b));
        }
        for (int b = 0; b < 4; b++)
            hdr[16 + b] = (uint8_t)(x->namlen >> (8 * b));
        hdr[20] = x->type;
        uint32_t k = len - used < 24 ? len - used : 24;
        memcpy(m->base + buf + used, hdr, k);
        used += k;
        k = len - used < x->namlen ? len - used : x->namlen;
        memcpy(m->base + buf + used, x->name, k);
        used += k;
    }
    fa_wasi_st32(m, p_used, used);
    return 0;
}

/*
 * wasi_path.c - the sandbox: path resolution and the path_* functions.
 *
 * Main structure: fa_wasi_walk, the chain of host directory fds from the
 * directory the program named (its root, a preopen or a directory opened
 * below one) down to the parent of the final component.
 *
 * The walk, one component at a time:
 *   - an absolute path is refused (ENOTCAPABLE); so is an empty one (ENOENT);
 *   - "." is skipped; ".." pops one fd off the chain, never the root
 *     (ENOTCAPABLE): it is resolved on the chain we hold, never by the host;
 *   - any other intermediate component is opened with
 *     openat(top, name, O_DIRECTORY | O_NOFOLLOW); if that fails and
 *     readlinkat(top, name) says it is a symbolic link, the link's target is
 *     spliced in front of the rest of the path and the walk goes on (an
 *     absolute target is refused with ENOTCAPABLE, more than
 *     FA_WASI_MAX_SYMLINKS expansions give ELOOP);
 *   - the final component is followed the same way when the lookup flags say
 *     SYMLINK_FOLLOW or the path ends in '/', and is otherwise handed to the
 *     operation as (parent fd, name without '/'), which uses the *at() call
 *     with AT_SYMLINK_NOFOLLOW / O_NOFOLLOW.
 * Invariant: the host kernel never sees a '/', "..", or a symlink it would
 * follow: every lookup it does is one name inside a directory fd we hold.
 * So swapping a component for a symlink while a call runs cannot escape
 * either: the swapped-in link is met by O_NOFOLLOW and comes back to this
 * loop, which checks it like any other.
 *
 * Errno choice: an escape attempt gives ENOTCAPABLE (76), as in uvwasi/node;
 * wasmtime gives EPERM or ENOTCAPABLE depending on the version.
 *
 * Spec: wasi_snapshot_preview1.witx (path_*), lookupflags, oflags.
 */
#define _GNU_SOURCE 1
#define _DARWIN_C_SOURCE 1
#define _FILE_OFFSET_BITS 64

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "wasi_internal.h"

/* How an intermediate directory is opened. O_PATH (Linux) lets the walk pass
 * directories it may search but not read, as the kernel's own lookup would. */
#if defined(__linux__) && defined(O_PATH)
#define WALK_OPEN_FLAGS (O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
#else
#define WALK_OPEN_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
#endif

/* Longest guest path and longest single component the walk accepts. */
#define WALK_MAX_PATH 65536u
#define WALK_MAX_NAME 1024u
#define WALK_LINK_BUF 4096u

typedef struct fa_wasi_walk {
    fa_wasi *w;
    int root;   /* borrowed: the directory fd the program named */
    int *chain; /* owned fds below root */
    uint32_t depth, cap;
    char *work; /* the path still to resolve (owned) */
    size_t work_cap;
    char name[WALK_MAX_NAME + 1]; /* the final component */
    int must_dir;                 /* the path ended in '/' */
} fa_wasi_walk;

static int walk_top(const fa_wasi_walk *k)
{
    return k->depth ? k->chain[k->depth - 1] : k->root;
}

static void walk_fini(fa_wasi_walk *k)
{
    for (uint32_t i = 0; i < k->depth; i++)
        close(k->chain[i]);
    fa_wasi_dealloc(k->w, k->chain, k->cap * sizeof *k->chain);
    fa_wasi_dealloc(k->w, k->work, k->work_cap);
    k->chain = NULL;
    k->work = NULL;
    k->depth = k->cap = 0;
    k->work_cap = 0;
}

static uint32_t walk_push(fa_wasi_walk *k, int fd)
{
    if (k->depth == k->cap) {
        uint32_t cap = k->cap ? k->cap * 2 : 8;
        void *p =
            fa_wasi_realloc(k->w, k->chain, k->cap * sizeof *k->chain, cap * sizeof *k->chain);
        if (!p) {
            close(fd);
            return FA_WASI_ENOMEM;
        }
        k->chain = p;
        k->cap = cap;
    }
    k->chain[k->depth++] = fd;
    return 0;
}

/* Replaces the work string with a + b (b may point into the old work string). */
static uint32_t walk_set_work(fa_wasi_walk *k, const char *a, size_t alen, const char *b,
                              size_t blen)
{
    if (alen + blen > WALK_MAX_PATH * 2)
        return FA_WASI_ENAMETOOLONG;
    size_t cap = alen + blen + 1;
    char *p = fa_wasi_alloc(k->w, cap);
    if (!p)
        return FA_WASI_ENOMEM;
    memcpy(p, a, alen);
    memcpy(p + alen, b, blen);
    p[alen + blen] = 0;
    fa_wasi_dealloc(k->w, k->work, k->work_cap);
    k->work = p;
    k->work_cap = cap;
    return 0;
}

/* If (top, name) is a symbolic link: 1 and its target in buf (NUL-terminated,
 * *len bytes); 0 if it is not a link (or does not exist); -1 with *err on a
 * target too long to handle. */
static int read_link(int top, const char *name, char *buf, size_t *len, uint32_t *err)
{
    ssize_t n = readlinkat(top, name, buf, WALK_LINK_BUF);
    if (n < 0)
        return 0;
    if ((size_t)n >= WALK_LINK_BUF) {
        *err = FA_WASI_ENAMETOOLONG;
        return -1;
    }
    buf[n] = 0;
    *len = (size_t)n;
    return 1;
}

/*
 * Resolves path[0..len) relative to root. On success k->chain's top and
 * k->name name the final component ("." when the path ends at a directory).
 * `follow`: follow a symlink in the final component. The caller calls
 * walk_fini in every case.
 */
static uint32_t walk_path(fa_wasi_walk *k, fa_wasi *w, int root, const char *path, size_t len,
                          int follow)
{
    memset(k, 0, sizeof *k);
    k->w = w;
    k->root = root;
    if (len == 0)
        return FA_WASI_ENOENT;
    if (len > WALK_MAX_PATH)
        return FA_WASI_ENAMETOOLONG;
    if (memchr(path, 0, len))
        return FA_WASI_EINVAL;
    if (path[0] == '/')
        return FA_WASI_ENOTCAPABLE;
    uint32_t e = walk_set_work(k, path, len, "", 0);
    if (e)
        return e;
    char link[WALK_LINK_BUF + 1];
    uint32_t links = 0;
    size_t pos = 0;
    for (;;) {
        const char *wk = k->work;
        size_t wlen = strlen(wk);
        while (pos < wlen && wk[pos] == '/')
            pos++;
        if (pos == wlen) { /* nothing left: the path names the current directory */
            strcpy(k->name, ".");
            return 0;
        }
        size_t s = pos, end = pos;
        while (end < wlen && wk[end] != '/')
            end++;
        size_t after = end;
        while (after < wlen && wk[after] == '/')
            after++;
        int is_last = after == wlen;
        int trailing = is_last && end < wlen;
        size_t clen = end - s;
        if (clen > WALK_MAX_NAME)
            return FA_WASI_ENAMETOOLONG;
        char comp[WALK_MAX_NAME + 1];
        memcpy(comp, wk + s, clen);
        comp[clen] = 0;
        pos = end;

        if (strcmp(comp, ".") == 0 || strcmp(comp, "..") == 0) {
            if (comp[1] == '.') {
                if (k->depth == 0)
                    return FA_WASI_ENOTCAPABLE; /* ".." above the root */
                close(k->chain[--k->depth]);
            }
            if (is_last) {
                strcpy(k->name, ".");
                k->must_dir = 1;
                return 0;
            }
            continue;
        }

        int top = walk_top(k);
        size_t tlen = 0;
        int r;
        if (!is_last) {
            int fd = openat(top, comp, WALK_OPEN_FLAGS);
            if (fd >= 0) {
                if ((e = walk_push(k, fd)) != 0)
                    return e;
                continue;
            }
            int open_err = errno;
            r = read_link(top, comp, link, &tlen, &e);
            if (r < 0)
                return e;
            if (r == 0)
                return fa_wasi_errno(open_err);
        } else {
            r = 0;
            if (follow || trailing) {
                r = read_link(top, comp, link, &tlen, &e);
                if (r < 0)
                    return e;
            }
            if (r == 0) {
                memcpy(k->name, comp, clen + 1);
                k->must_dir = trailing;
                if (trailing) {
                    struct stat st;
                    if (fstatat(top, comp, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(st.st_mode))
                        return FA_WASI_ENOTDIR;
                }
                return 0;
            }
        }
        /* A symbolic link: continue with its target followed by the rest. */
        if (++links > FA_WASI_MAX_SYMLINKS)
            return FA_WASI_ELOOP;
        if (tlen == 0)
            return FA_WASI_ENOENT;
        if (link[0] == '/')
            return FA_WASI_ENOTCAPABLE;
        /* The rest keeps its leading '/' (or is empty), so the target's last
         * component stays last exactly when the link's was. */
        if ((e = walk_set_work(k, link, tlen, wk + end, wlen - end)) != 0)
            return e;
        pos = 0;
    }
}

/*
 * Common start of a path function: looks up the directory fd (with `rights`),
 * checks the guest path range and walks it.
 */
static uint32_t begin(fa_wasi *w, fa_wasi_mem *m, fa_wasi_walk *k, uint32_t dirfd, uint64_t rights,
                      uint32_t path, uint32_t len, int follow)
{
    fa_wasi_fd *d = fa_wasi_fd_get(w, dirfd);
    memset(k, 0, sizeof *k);
    k->w = w;
    if (!d)
        return FA_WASI_EBADF;
    if (d->type != FA_WASI_FILETYPE_DIRECTORY)
        return FA_WASI_ENOTDIR;
    if ((d->rights_base & rights) != rights)
        return FA_WASI_ENOTCAPABLE;
    if (!fa_wasi_mem_ok(m, path, len))
        return FA_WASI_EFAULT;
    return walk_path(k, w, d->host, (const char *)m->base + path, len, follow);
}

/* ---------------------------------------------------------------- path_open */

uint32_t fa_wasi_path_open(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    uint32_t dirfd = FA_WASI_U32(c, 0), dirflags = FA_WASI_U32(c, 1), path = FA_WASI_U32(c, 2),
             plen = FA_WASI_U32(c, 3), oflags = FA_WASI_U32(c, 4), fdflags = FA_WASI_U32(c, 7),
             p_fd = FA_WASI_U32(c, 8);
    uint64_t base = FA_WASI_U64(c, 5), inh = FA_WASI_U64(c, 6);
    fa_wasi_fd *d;
    fa_wasi_walk k;
    uint64_t need = FA_WASI_RIGHT_PATH_OPEN;
    if (oflags & FA_WASI_O_CREAT)
        need |= FA_WASI_RIGHT_PATH_CREATE_FILE;
    if (oflags & FA_WASI_O_TRUNC)
        need |= FA_WASI_RIGHT_PATH_FILESTAT_SET_SIZE;
    uint32_t e = 0;
    if (!(d = fa_wasi_fd_get(w, dirfd)))
        return FA_WASI_EBADF;
    if (d->type != FA_WASI_FILETYPE_DIRECTORY)
        return FA_WASI_ENOTDIR;
    if ((d->rights_base & need) != need)
        return FA_WASI_ENOTCAPABLE;
    if ((base & ~d->rights_inh) || (inh & ~d->rights_inh))
        return FA_WASI_ENOTCAPABLE;
    if (oflags & ~0xFu || fdflags & ~0x1Fu)
        return FA_WASI_EINVAL;
    if (!fa_wasi_mem_ok(m, p_fd, 4))
        return FA_WASI_EFAULT;
    e = begin(w, m, &k, dirfd, need, path, plen, (dirflags & FA_WASI_LOOKUP_SYMLINK_FOLLOW) != 0);
    if (e) {
        walk_fini(&k);
        return e;
    }

    int flags = O_CLOEXEC | O_NOFOLLOW;
    if (oflags & FA_WASI_O_CREAT)
        flags |= O_CREAT;
    if (oflags & FA_WASI_O_EXCL)
        flags |= O_EXCL;
    if (oflags & FA_WASI_O_TRUNC)
        flags |= O_TRUNC;
    if ((oflags & FA_WASI_O_DIRECTORY) || k.must_dir)
        flags |= O_DIRECTORY;
    const uint64_t rd = FA_WASI_RIGHT_FD_READ | FA_WASI_RIGHT_FD_READDIR;
    const uint64_t wr = FA_WASI_RIGHT_FD_DATASYNC | FA_WASI_RIGHT_FD_WRITE |
                        FA_WASI_RIGHT_FD_ALLOCATE | FA_WASI_RIGHT_FD_FILESTAT_SET_SIZE;
    if ((flags & O_DIRECTORY) || !(base & wr))
        flags |= O_RDONLY; /* a directory is only ever read */
    else
        flags |= (base & rd) ? O_RDWR : O_WRONLY;
    if (fdflags & FA_WASI_FDFLAG_APPEND)
        flags |= O_APPEND;
    if (fdflags & FA_WASI_FDFLAG_NONBLOCK)
        flags |= O_NONBLOCK;
#ifdef O_DSYNC
    if (fdflags & FA_WASI_FDFLAG_DSYNC)
        flags |= O_DSYNC;
#endif
#ifdef O_RSYNC
    if (fdflags & FA_WASI_FDFLAG_RSYNC)
        flags |= O_RSYNC;
#endif
    if (fdflags & FA_WASI_FDFLAG_SYNC)
        flags |= O_SYNC;

    int host = openat(walk_top(&k), k.name, flags, 0666);
    if (host < 0) {
        int err = errno;
        struct stat st;
        /* O_NOFOLLOW met a symlink: POSIX says ELOOP, but Linux gives ENOTDIR
         * when O_DIRECTORY is set too, and FreeBSD EMLINK. */
        if ((err == ENOTDIR || err == EMLINK) &&
            fstatat(walk_top(&k), k.name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
            err = ELOOP;
        walk_fini(&k);
        return fa_wasi_errno(err);
    }
    walk_fini(&k);
    uint8_t type = fa_wasi_host_filetype(host);
    uint64_t allowed = fa_wasi_type_rights(type, host);
    uint64_t new_inh = type == FA_WASI_FILETYPE_DIRECTORY ? inh : (inh & allowed);
    uint32_t fd;
    e = fa_wasi_fd_add(w, host, 1, type, base & allowed, new_inh, (uint16_t)fdflags, &fd);
    if (e) {
        close(host);
        return e;
    }
    fa_wasi_st32(m, p_fd, fd);
    return 0;
}

/* ---------------------------------------------------------------- simple path ops */

uint32_t fa_wasi_path_create_directory(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    fa_wasi_walk k;
    uint32_t e = begin(w, m, &k, FA_WASI_U32(c, 0), FA_WASI_RIGHT_PATH_CREATE_DIRECTORY,
                       FA_WASI_U32(c, 1), FA_WASI_U32(c, 2), 0);
    if (!e && mkdirat(walk_top(&k), k.name, 0777) != 0)
        e = fa_wasi_errno(errno);
    walk_fini(&k);
    return e;
}

uint32_t fa_wasi_path_filestat_get(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    uint32_t flags = FA_WASI_U32(c, 1), p = FA_WASI_U32(c, 4);
    fa_wasi_walk k;
    struct stat st;
    if (!fa_wasi_mem_ok(m, p, 64) && fa_wasi_fd_get(w, FA_WASI_U32(c, 0)))
        return FA_WASI_EFAULT;
    uint32_t e = begin(w, m, &k, FA_WASI_U32(c, 0), FA_WASI_RIGHT_PATH_FILESTAT_GET,
                       FA_WASI_U32(c, 2), FA_WASI_U32(c, 3), flags & FA_WASI_LOOKUP_SYMLINK_FOLLOW);
    if (!e && fstatat(walk_top(&k), k.name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        e = fa_wasi_errno(errno);
    walk_fini(&k);
    if (!e)
        fa_wasi_put_filestat(m, p, &st);
    return e;
}

uint32_t fa_wasi_path_filestat_set_times(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    uint32_t flags = FA_WASI_U32(c, 1), fst = FA_WASI_U32(c, 6);
    uint64_t atim = FA_WASI_U64(c, 4), mtim = FA_WASI_U64(c, 5);
    struct timespec ts[2];
    fa_wasi_walk k;
    uint32_t e = begin(w, m, &k, FA_WASI_U32(c, 0), FA_WASI_RIGHT_PATH_FILESTAT_SET_TIMES,
                       FA_WASI_U32(c, 2), FA_WASI_U32(c, 3), flags & FA_WASI_LOOKUP_SYMLINK_FOLLOW);
    if (!e)
        e = fa_wasi_times(atim, mtim, fst, ts);
    if (!e && utimensat(walk_top(&k), k.name, ts, AT_SYMLINK_NOFOLLOW) != 0)
        e = fa_wasi_errno(errno);
    walk_fini(&k);
    return e;
}

uint32_t fa_wasi_path_readlink(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    uint32_t buf = FA_WASI_U32(c, 3), blen = FA_WASI_U32(c, 4), p_used = FA_WASI_U32(c, 5);
    fa_wasi_walk k;
    char tmp[WALK_LINK_BUF];
    ssize_t n = 0;
    if ((!fa_wasi_mem_ok(m, buf, blen) || !fa_wasi_mem_ok(m, p_used, 4)) &&
        fa_wasi_fd_get(w, FA_WASI_U32(c, 0)))
        return FA_WASI_EFAULT;
    uint32_t e = begin(w, m, &k, FA_WASI_U32(c, 0), FA_WASI_RIGHT_PATH_READLINK, FA_WASI_U32(c, 1),
                       FA_WASI_U32(c, 2), 0);
    if (!e && (n = readlinkat(walk_top(&k), k.name, tmp, sizeof tmp)) < 0)
        e = fa_wasi_errno(errno);
    walk_fini(&k);
    if (e)
        return e;
    uint32_t used = (uint64_t)n < blen ? (uint32_t)n : blen; /* truncated like readlink(2) */
    memcpy(m->base + buf, tmp, used);
    fa_wasi_st32(m, p_used, used);
    return 0;
}

uint32_t fa_wasi_path_remove_directory(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    fa_wasi_walk k;
    uint32_t e = begin(w, m, &k, FA_WASI_U32(c, 0), FA_WASI_RIGHT_PATH_REMOVE_DIRECTORY,
                       FA_WASI_U32(c, 1), FA_WASI_U32(c, 2), 0);
    if (!e && unlinkat(walk_top(&k), k.name, AT_REMOVEDIR) != 0)
        e = errno == EEXIST ? FA_WASI_ENOTEMPTY : fa_wasi_errno(errno);
    walk_fini(&k);
    return e;
}

uint32_t fa_wasi_path_unlink_file(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    fa_wasi_walk k;
    uint32_t e = begin(w, m, &k, FA_WASI_U32(c, 0), FA_WASI_RIGHT_PATH_UNLINK_FILE,
                       FA_WASI_U32(c, 1), FA_WASI_U32(c, 2), 0);
    if (!e && (k.must_dir || strcmp(k.name, ".") == 0))
        e = FA_WASI_EISDIR; /* "dir/" or "dir/.": a directory by definition */
    if (!e && unlinkat(walk_top(&k), k.name, 0) != 0) {
        int err = errno;
        struct stat st;
        /* POSIX says EPERM for unlink of a directory, Linux EISDIR: WASI wants EISDIR. */
        if ((err == EPERM || err == EISDIR) &&
            fstatat(walk_top(&k), k.name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode))
            e = FA_WASI_EISDIR;
        else
            e = fa_wasi_errno(err);
    }
    walk_fini(&k);
    return e;
}

/* ---------------------------------------------------------------- two-path ops */

uint32_t fa_wasi_path_link(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    uint32_t old_flags = FA_WASI_U32(c, 1);
    fa_wasi_walk a, b;
    uint32_t e =
        begin(w, m, &a, FA_WASI_U32(c, 0), FA_WASI_RIGHT_PATH_LINK_SOURCE, FA_WASI_U32(c, 2),
              FA_WASI_U32(c, 3), old_flags & FA_WASI_LOOKUP_SYMLINK_FOLLOW);
    memset(&b, 0, sizeof b);
    b.w = w;
    if (!e)
        e = begin(w, m, &b, FA_WASI_U32(c, 4), FA_WASI_RIGHT_PATH_LINK_TARGET, FA_WASI_U32(c, 5),
                  FA_WASI_U32(c, 6), 0);
    if (!e && b.must_dir)
        e = FA_WASI_ENOENT; /* a new hard link cannot be a directory */
    if (!e && linkat(walk_top(&a), a.name, walk_top(&b), b.name, 0) != 0)
        e = fa_wasi_errno(errno);
    walk_fini(&a);
    walk_fini(&b);
    return e;
}

uint32_t fa_wasi_path_rename(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    fa_wasi_walk a, b;
    uint32_t e = begin(w, m, &a, FA_WASI_U32(c, 0), FA_WASI_RIGHT_PATH_RENAME_SOURCE,
                       FA_WASI_U32(c, 1), FA_WASI_U32(c, 2), 0);
    memset(&b, 0, sizeof b);
    b.w = w;
    if (!e)
        e = begin(w, m, &b, FA_WASI_U32(c, 3), FA_WASI_RIGHT_PATH_RENAME_TARGET, FA_WASI_U32(c, 4),
                  FA_WASI_U32(c, 5), 0);
    if (!e && (a.must_dir || b.must_dir)) {
        /* A trailing '/' on either side: the source must be a directory. */
        struct stat st;
        if (fstatat(walk_top(&a), a.name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            e = fa_wasi_errno(errno);
        else if (!S_ISDIR(st.st_mode))
            e = FA_WASI_ENOTDIR;
    }
    if (!e && renameat(walk_top(&a), a.name, walk_top(&b), b.name) != 0)
        e = fa_wasi_errno(errno);
    walk_fini(&a);
    walk_fini(&b);
    return e;
}

/*
 * path_symlink(old_path, fd, new_path): creates new_path -> old_path. The
 * target is stored as given, but an absolute one is refused (ENOTCAPABLE):
 * the walk would never follow it, and a host program reading the sandbox
 * later would. Relative targets are fine: they are checked when followed.
 */
uint32_t fa_wasi_path_symlink(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    uint32_t tp = FA_WASI_U32(c, 0), tlen = FA_WASI_U32(c, 1);
    fa_wasi_walk k;
    if (!fa_wasi_mem_ok(m, tp, tlen) && fa_wasi_fd_get(w, FA_WASI_U32(c, 2)))
        return FA_WASI_EFAULT;
    uint32_t e = begin(w, m, &k, FA_WASI_U32(c, 2), FA_WASI_RIGHT_PATH_SYMLINK, FA_WASI_U32(c, 3),
                       FA_WASI_U32(c, 4), 0);
    if (!e) {
        const char *t = (const char *)m->base + tp;
        char *target = NULL;
        if (tlen == 0)
            e = FA_WASI_ENOENT;
        else if (memchr(t, 0, tlen))
            e = FA_WASI_EINVAL;
        else if (t[0] == '/')
            e = FA_WASI_ENOTCAPABLE;
        else if (tlen >= WALK_LINK_BUF)
            e = FA_WASI_ENAMETOOLONG;
        else if (k.must_dir)
            e = FA_WASI_ENOENT;
        else if (!(target = fa_wasi_strndup(w, t, tlen)))
            e = FA_WASI_ENOMEM;
        if (!e && symlinkat(target, walk_top(&k), k.name) != 0)
            e = fa_wasi_errno(errno);
        if (target)
            fa_wasi_dealloc(w, target, (size_t)tlen + 1);
    }
    walk_fini(&k);
    return e;
}

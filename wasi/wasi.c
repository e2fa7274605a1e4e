/*
 * wasi.c - the WASI context: config, fd table, import definitions, and the
 * process-level functions (args, environ, clocks, random, proc_*, sched).
 *
 * Main structure: fa_wasi (wasi_internal.h). Each of the 46 functions of
 * wasi_snapshot_preview1 is created as one host function whose user pointer
 * is a fa_wasi_binding {context, implementation}; one trampoline fetches the
 * caller's memory 0, runs the implementation and stores the errno result.
 * Invariant: an implementation checks every guest pointer before it causes
 * a side effect, so a bad pointer gives EFAULT with nothing done.
 *
 * Spec: wasi_snapshot_preview1.witx (the signatures in k_funcs below are the
 * wasm lowering of its functions; verified against wasi-libc's imports).
 */
#define _GNU_SOURCE 1
#define _DARWIN_C_SOURCE 1
#define _FILE_OFFSET_BITS 64

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#if defined(__APPLE__)
#include <sys/random.h>
#endif

#include "wasi_internal.h"

/* ---------------------------------------------------------------- allocation */

void *fa_wasi_realloc(fa_wasi *w, void *p, size_t old_size, size_t new_size)
{
    if (w->alloc)
        return w->alloc(w->alloc_user, p, old_size, new_size);
    if (new_size == 0) {
        free(p);
        return NULL;
    }
    return realloc(p, new_size);
}

void *fa_wasi_alloc(fa_wasi *w, size_t size)
{
    return fa_wasi_realloc(w, NULL, 0, size ? size : 1);
}

void fa_wasi_dealloc(fa_wasi *w, void *p, size_t size)
{
    if (p)
        fa_wasi_realloc(w, p, size ? size : 1, 0);
}

char *fa_wasi_strndup(fa_wasi *w, const char *s, size_t n)
{
    char *d = fa_wasi_alloc(w, n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = 0;
    }
    return d;
}

void fa_wasi_strfree(fa_wasi *w, char *s)
{
    if (s)
        fa_wasi_dealloc(w, s, strlen(s) + 1);
}

/* ---------------------------------------------------------------- errno */

/* Host errno -> wasi errno. A table, not a switch: hosts alias some values
 * (EAGAIN/EWOULDBLOCK, ENOTSUP/EOPNOTSUPP), which a switch cannot express. */
static const struct {
    int host;
    uint16_t wasi;
} k_errno[] = {
    {E2BIG, FA_WASI_E2BIG},
    {EACCES, FA_WASI_EACCES},
    {EADDRINUSE, FA_WASI_EADDRINUSE},
    {EADDRNOTAVAIL, FA_WASI_EADDRNOTAVAIL},
    {EAFNOSUPPORT, FA_WASI_EAFNOSUPPORT},
    {EAGAIN, FA_WASI_EAGAIN},
    {EWOULDBLOCK, FA_WASI_EAGAIN},
    {EALREADY, FA_WASI_EALREADY},
    {EBADF, FA_WASI_EBADF},
    {EBADMSG, FA_WASI_EBADMSG},
    {EBUSY, FA_WASI_EBUSY},
    {ECANCELED, FA_WASI_ECANCELED},
    {ECHILD, FA_WASI_ECHILD},
    {ECONNABORTED, FA_WASI_ECONNABORTED},
    {ECONNREFUSED, FA_WASI_ECONNREFUSED},
    {ECONNRESET, FA_WASI_ECONNRESET},
    {EDEADLK, FA_WASI_EDEADLK},
    {EDESTADDRREQ, FA_WASI_EDESTADDRREQ},
    {EDOM, FA_WASI_EDOM},
    {EDQUOT, FA_WASI_EDQUOT},
    {EEXIST, FA_WASI_EEXIST},
    {EFAULT, FA_WASI_EFAULT},
    {EFBIG, FA_WASI_EFBIG},
    {EHOSTUNREACH, FA_WASI_EHOSTUNREACH},
    {EIDRM, FA_WASI_EIDRM},
    {EILSEQ, FA_WASI_EILSEQ},
    {EINPROGRESS, FA_WASI_EINPROGRESS},
    {EINTR, FA_WASI_EINTR},
    {EINVAL, FA_WASI_EINVAL},
    {EIO, FA_WASI_EIO},
    {EISCONN, FA_WASI_EISCONN},
    {EISDIR, FA_WASI_EISDIR},
    {ELOOP, FA_WASI_ELOOP},
    {EMFILE, FA_WASI_EMFILE},
    {EMLINK, FA_WASI_EMLINK},
    {EMSGSIZE, FA_WASI_EMSGSIZE},
    {EMULTIHOP, FA_WASI_EMULTIHOP},
    {ENAMETOOLONG, FA_WASI_ENAMETOOLONG},
    {ENETDOWN, FA_WASI_ENETDOWN},
    {ENETRESET, FA_WASI_ENETRESET},
    {ENETUNREACH, FA_WASI_ENETUNREACH},
    {ENFILE, FA_WASI_ENFILE},
    {ENOBUFS, FA_WASI_ENOBUFS},
    {ENODEV, FA_WASI_ENODEV},
    {ENOENT, FA_WASI_ENOENT},
    {ENOEXEC, FA_WASI_ENOEXEC},
    {ENOLCK, FA_WASI_ENOLCK},
    {ENOLINK, FA_WASI_ENOLINK},
    {ENOMEM, FA_WASI_ENOMEM},
    {ENOMSG, FA_WASI_ENOMSG},
    {ENOPROTOOPT, FA_WASI_ENOPROTOOPT},
    {ENOSPC, FA_WASI_ENOSPC},
    {ENOSYS, FA_WASI_ENOSYS},
    {ENOTCONN, FA_WASI_ENOTCONN},
    {ENOTDIR, FA_WASI_ENOTDIR},
    {ENOTEMPTY, FA_WASI_ENOTEMPTY},
#ifdef ENOTRECOVERABLE
    {ENOTRECOVERABLE, FA_WASI_ENOTRECOVERABLE},
#endif
    {ENOTSOCK, FA_WASI_ENOTSOCK},
    {ENOTSUP, FA_WASI_ENOTSUP},
    {EOPNOTSUPP, FA_WASI_ENOTSUP},
    {ENOTTY, FA_WASI_ENOTTY},
    {ENXIO, FA_WASI_ENXIO},
    {EOVERFLOW, FA_WASI_EOVERFLOW},
#ifdef EOWNERDEAD
    {EOWNERDEAD, FA_WASI_EOWNERDEAD},
#endif
    {EPERM, FA_WASI_EPERM},
    {EPIPE, FA_WASI_EPIPE},
    {EPROTO, FA_WASI_EPROTO},
    {EPROTONOSUPPORT, FA_WASI_EPROTONOSUPPORT},
    {EPROTOTYPE, FA_WASI_EPROTOTYPE},
    {ERANGE, FA_WASI_ERANGE},
    {EROFS, FA_WASI_EROFS},
    {ESPIPE, FA_WASI_ESPIPE},
    {ESRCH, FA_WASI_ESRCH},
    {ESTALE, FA_WASI_ESTALE},
    {ETIMEDOUT, FA_WASI_ETIMEDOUT},
    {ETXTBSY, FA_WASI_ETXTBSY},
    {EXDEV, FA_WASI_EXDEV},
};

uint32_t fa_wasi_errno(int e)
{
    for (size_t i = 0; i < sizeof k_errno / sizeof k_errno[0]; i++)
        if (k_errno[i].host == e)
            return k_errno[i].wasi;
    return FA_WASI_EIO; /* a host error WASI has no name for */
}

/* ---------------------------------------------------------------- fd table */

fa_wasi_fd *fa_wasi_fd_get(fa_wasi *w, uint32_t fd)
{
    if (fd >= w->n_fds || !w->fds[fd].open)
        return NULL;
    return &w->fds[fd];
}

uint32_t fa_wasi_fd_lookup(fa_wasi *w, uint32_t fd, uint64_t rights, fa_wasi_fd **out)
{
    fa_wasi_fd *f = fa_wasi_fd_get(w, fd);
    if (!f)
        return FA_WASI_EBADF;
    if ((f->rights_base & rights) != rights)
        return FA_WASI_ENOTCAPABLE;
    *out = f;
    return 0;
}

/* Makes slot `fd` exist (zeroed when new). */
static uint32_t fd_reserve(fa_wasi *w, uint32_t fd)
{
    if (fd >= w->cap_fds) {
        uint32_t cap = w->cap_fds ? w->cap_fds : 8;
        while (cap <= fd)
            cap *= 2;
        void *p = fa_wasi_realloc(w, w->fds, w->cap_fds * sizeof *w->fds, cap * sizeof *w->fds);
        if (!p)
            return FA_WASI_ENOMEM;
        w->fds = p;
        memset(w->fds + w->cap_fds, 0, (cap - w->cap_fds) * sizeof *w->fds);
        w->cap_fds = cap;
    }
    if (fd >= w->n_fds)
        w->n_fds = fd + 1;
    return 0;
}

static uint32_t fd_put(fa_wasi *w, uint32_t fd, int host, int owned, uint8_t type, uint64_t base,
                       uint64_t inh, uint16_t fdflags)
{
    uint32_t e = fd_reserve(w, fd);
    if (e)
        return e;
    fa_wasi_fd *f = &w->fds[fd];
    memset(f, 0, sizeof *f);
    f->open = 1;
    f->host = host;
    f->owned = owned;
    f->type = type;
    f->rights_base = base;
    f->rights_inh = inh;
    f->fdflags = fdflags;
    return 0;
}

/* Bound on the table size: wasi fds are u32, the table is an array. */
#define FA_WASI_MAX_FDS (1u << 20)

uint32_t fa_wasi_fd_add(fa_wasi *w, int host, int owned, uint8_t type, uint64_t base, uint64_t inh,
                        uint16_t fdflags, uint32_t *out_fd)
{
    uint32_t fd = 3;
    while (fd < w->n_fds && w->fds[fd].open)
        fd++;
    if (fd >= FA_WASI_MAX_FDS)
        return FA_WASI_EMFILE;
    uint32_t e = fd_put(w, fd, host, owned, type, base, inh, fdflags);
    if (e)
        return e;
    *out_fd = fd;
    return 0;
}

void fa_wasi_dents_free(fa_wasi *w, fa_wasi_fd *f)
{
    for (uint32_t i = 0; i < f->n_dents; i++)
        fa_wasi_dealloc(w, f->dents[i].name, f->dents[i].namlen + 1u);
    fa_wasi_dealloc(w, f->dents, f->cap_dents * sizeof *f->dents);
    f->dents = NULL;
    f->n_dents = f->cap_dents = 0;
    f->have_dents = 0;
}

void fa_wasi_fd_release(fa_wasi *w, fa_wasi_fd *f)
{
    if (!f->open)
        return;
    if (f->owned)
        close(f->host);
    fa_wasi_dents_free(w, f);
    if (f->preopen)
        fa_wasi_dealloc(w, f->preopen, f->preopen_len + 1u);
    memset(f, 0, sizeof *f);
}

uint8_t fa_wasi_host_filetype(int host)
{
    struct stat st;
    if (fstat(host, &st) != 0)
        return FA_WASI_FILETYPE_UNKNOWN;
    if (S_ISREG(st.st_mode))
        return FA_WASI_FILETYPE_REGULAR_FILE;
    if (S_ISDIR(st.st_mode))
        return FA_WASI_FILETYPE_DIRECTORY;
    if (S_ISCHR(st.st_mode))
        return FA_WASI_FILETYPE_CHARACTER_DEVICE;
    if (S_ISBLK(st.st_mode))
        return FA_WASI_FILETYPE_BLOCK_DEVICE;
    if (S_ISLNK(st.st_mode))
        return FA_WASI_FILETYPE_SYMBOLIC_LINK;
    if (S_ISSOCK(st.st_mode)) {
        int type = 0;
        socklen_t len = sizeof type;
        if (getsockopt(host, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_DGRAM)
            return FA_WASI_FILETYPE_SOCKET_DGRAM;
        return FA_WASI_FILETYPE_SOCKET_STREAM;
    }
    return FA_WASI_FILETYPE_UNKNOWN; /* FIFOs: WASI has no type for them */
}

uint64_t fa_wasi_type_rights(uint8_t type, int host)
{
    switch (type) {
    case FA_WASI_FILETYPE_REGULAR_FILE: return FA_WASI_RIGHTS_REGULAR;
    case FA_WASI_FILETYPE_DIRECTORY: return FA_WASI_RIGHTS_DIRECTORY;
    case FA_WASI_FILETYPE_SOCKET_DGRAM:
    case FA_WASI_FILETYPE_SOCKET_STREAM: return FA_WASI_RIGHTS_SOCKET;
    case FA_WASI_FILETYPE_BLOCK_DEVICE: return FA_WASI_RIGHTS_REGULAR;
    case FA_WASI_FILETYPE_CHARACTER_DEVICE:
        /* A terminal cannot seek; /dev/null and friends can. */
        return isatty(host) ? FA_WASI_RIGHTS_STREAM : FA_WASI_RIGHTS_REGULAR;
    default: return FA_WASI_RIGHTS_STREAM;
    }
}

static uint16_t host_fdflags(int host)
{
    int fl = fcntl(host, F_GETFL);
    uint16_t r = 0;
    if (fl < 0)
        return 0;
    if (fl & O_APPEND)
        r |= FA_WASI_FDFLAG_APPEND;
    if (fl & O_NONBLOCK)
        r |= FA_WASI_FDFLAG_NONBLOCK;
    /* Note: on Linux O_SYNC includes the O_DSYNC bit. */
    if ((fl & O_SYNC) == O_SYNC)
        r |= FA_WASI_FDFLAG_SYNC;
#ifdef O_DSYNC
    else if (fl & O_DSYNC)
        r |= FA_WASI_FDFLAG_DSYNC;
#endif
    return r;
}

/* A host fd the caller lends us (stdio, extra fds): typed from fstat. */
static uint32_t fd_put_borrowed(fa_wasi *w, uint32_t fd, int host)
{
    if (host < 0 || fcntl(host, F_GETFD) < 0)
        return fd_reserve(w, fd); /* not open: leave the slot closed */
    uint8_t type = fa_wasi_host_filetype(host);
    uint64_t rights = fa_wasi_type_rights(type, host);
    return fd_put(w, fd, host, 0, type, rights,
                  type == FA_WASI_FILETYPE_DIRECTORY ? FA_WASI_RIGHTS_ALL : rights,
                  host_fdflags(host));
}

/* ---------------------------------------------------------------- context */

void fa_wasi_config_default(fa_wasi_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->stdin_fd = 0;
    cfg->stdout_fd = 1;
    cfg->stderr_fd = 2;
}

static fa_result fail(fa_error *err, fa_result code, const char *fmt, const char *arg)
{
    if (err) {
        memset(err, 0, sizeof *err);
        err->code = code;
        err->offset = FA_NO_OFFSET;
        snprintf(err->message, sizeof err->message, fmt, arg ? arg : "");
    }
    return code;
}

/* Copies n C strings; *bytes gets the sum of their sizes with NULs. */
static int copy_strings(fa_wasi *w, const char *const *src, uint32_t n, char ***dst,
                        uint32_t *bytes)
{
    *bytes = 0;
    if (n == 0)
        return 1;
    *dst = fa_wasi_alloc(w, n * sizeof **dst);
    if (!*dst)
        return 0;
    memset(*dst, 0, n * sizeof **dst);
    for (uint32_t i = 0; i < n; i++) {
        const char *s = src[i] ? src[i] : "";
        size_t len = strlen(s);
        if (len >= UINT32_MAX - *bytes)
            return 0;
        (*dst)[i] = fa_wasi_strndup(w, s, len);
        if (!(*dst)[i])
            return 0;
        *bytes += (uint32_t)len + 1u;
    }
    return 1;
}

static void free_strings(fa_wasi *w, char **v, uint32_t n)
{
    if (!v)
        return;
    for (uint32_t i = 0; i < n; i++)
        fa_wasi_strfree(w, v[i]);
    fa_wasi_dealloc(w, v, n * sizeof *v);
}

fa_result fa_wasi_new(fa_runtime *rt, const fa_wasi_config *cfg, fa_wasi **out, fa_error *err)
{
    if (err) {
        memset(err, 0, sizeof *err);
        err->offset = FA_NO_OFFSET;
    }
    if (!out)
        return fail(err, FA_ERR_ARG, "fa_wasi_new: out is NULL%s", NULL);
    *out = NULL;
    if (!rt || !cfg || cfg->argc < 0 || cfg->envc < 0 || (cfg->argc && !cfg->argv) ||
        (cfg->envc && !cfg->envp) || (cfg->n_preopens && !cfg->preopens) ||
        (cfg->n_extra_fds && !cfg->extra_fds))
        return fail(err, FA_ERR_ARG, "fa_wasi_new: bad argument%s", NULL);

    fa_wasi tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.alloc = cfg->alloc;
    tmp.alloc_user = cfg->alloc_user;
    fa_wasi *w = fa_wasi_alloc(&tmp, sizeof *w);
    if (!w)
        return fail(err, FA_ERR_OOM, "out of memory%s", NULL);
    *w = tmp;
    w->rt = rt;

    w->argc = (uint32_t)cfg->argc;
    w->envc = (uint32_t)cfg->envc;
    if (!copy_strings(w, cfg->argv, w->argc, &w->argv, &w->argv_bytes) ||
        !copy_strings(w, cfg->envp, w->envc, &w->envp, &w->env_bytes)) {
        fa_wasi_free(w);
        return fail(err, FA_ERR_OOM, "out of memory%s", NULL);
    }
    if (fd_put_borrowed(w, 0, cfg->stdin_fd) || fd_put_borrowed(w, 1, cfg->stdout_fd) ||
        fd_put_borrowed(w, 2, cfg->stderr_fd)) {
        fa_wasi_free(w);
        return fail(err, FA_ERR_OOM, "out of memory%s", NULL);
    }
    for (uint32_t i = 0; i < cfg->n_preopens; i++) {
        const fa_wasi_preopen *p = &cfg->preopens[i];
        if (!p->host_path) {
            fa_wasi_free(w);
            return fail(err, FA_ERR_ARG, "preopen without a host path%s", NULL);
        }
        const char *guest = p->guest_path ? p->guest_path : p->host_path;
        int host = open(p->host_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (host < 0) {
            int e = errno;
            char msg[200];
            snprintf(msg, sizeof msg, "%.120s: %.60s", p->host_path, strerror(e));
            fa_wasi_free(w);
            return fail(err, FA_ERR_IO, "cannot open directory %s", msg);
        }
        uint32_t fd = 3 + i;
        size_t glen = strlen(guest);
        char *name = fa_wasi_strndup(w, guest, glen);
        if (!name || fd_put(w, fd, host, 1, FA_WASI_FILETYPE_DIRECTORY, FA_WASI_RIGHTS_DIRECTORY,
                            FA_WASI_RIGHTS_ALL, 0)) {
            close(host);
            if (name)
                fa_wasi_dealloc(w, name, glen + 1);
            fa_wasi_free(w);
            return fail(err, FA_ERR_OOM, "out of memory%s", NULL);
        }
        w->fds[fd].preopen = name;
        w->fds[fd].preopen_len = (uint32_t)glen;
    }
    for (uint32_t i = 0; i < cfg->n_extra_fds; i++) {
        if (fd_put_borrowed(w, 3 + cfg->n_preopens + i, cfg->extra_fds[i])) {
            fa_wasi_free(w);
            return fail(err, FA_ERR_OOM, "out of memory%s", NULL);
        }
    }
    *out = w;
    return FA_OK;
}

void fa_wasi_free(fa_wasi *w)
{
    if (!w)
        return;
    for (uint32_t i = 0; i < w->n_fds; i++)
        fa_wasi_fd_release(w, &w->fds[i]);
    fa_wasi_dealloc(w, w->fds, w->cap_fds * sizeof *w->fds);
    free_strings(w, w->argv, w->argc);
    free_strings(w, w->envp, w->envc);
    fa_wasi tmp = *w;
    fa_wasi_dealloc(&tmp, w, sizeof *w);
}

/* ---------------------------------------------------------------- import definitions */

/* Signature letters: i = i32, I = i64. Every function returns an i32 errno
 * except proc_exit, which returns nothing. */
static const struct {
    const char *name;
    const char *params;
    fa_wasi_impl impl;
} k_funcs[FA_WASI_N_FUNCS] = {
    {"args_get", "ii", fa_wasi_args_get},
    {"args_sizes_get", "ii", fa_wasi_args_sizes_get},
    {"environ_get", "ii", fa_wasi_environ_get},
    {"environ_sizes_get", "ii", fa_wasi_environ_sizes_get},
    {"clock_res_get", "ii", fa_wasi_clock_res_get},
    {"clock_time_get", "iIi", fa_wasi_clock_time_get},
    {"fd_advise", "iIIi", fa_wasi_fd_advise},
    {"fd_allocate", "iII", fa_wasi_fd_allocate},
    {"fd_close", "i", fa_wasi_fd_close},
    {"fd_datasync", "i", fa_wasi_fd_datasync},
    {"fd_fdstat_get", "ii", fa_wasi_fd_fdstat_get},
    {"fd_fdstat_set_flags", "ii", fa_wasi_fd_fdstat_set_flags},
    {"fd_fdstat_set_rights", "iII", fa_wasi_fd_fdstat_set_rights},
    {"fd_filestat_get", "ii", fa_wasi_fd_filestat_get},
    {"fd_filestat_set_size", "iI", fa_wasi_fd_filestat_set_size},
    {"fd_filestat_set_times", "iIIi", fa_wasi_fd_filestat_set_times},
    {"fd_pread", "iiiIi", fa_wasi_fd_pread},
    {"fd_prestat_get", "ii", fa_wasi_fd_prestat_get},
    {"fd_prestat_dir_name", "iii", fa_wasi_fd_prestat_dir_name},
    {"fd_pwrite", "iiiIi", fa_wasi_fd_pwrite},
    {"fd_read", "iiii", fa_wasi_fd_read},
    {"fd_readdir", "iiiIi", fa_wasi_fd_readdir},
    {"fd_renumber", "ii", fa_wasi_fd_renumber},
    {"fd_seek", "iIii", fa_wasi_fd_seek},
    {"fd_sync", "i", fa_wasi_fd_sync},
    {"fd_tell", "ii", fa_wasi_fd_tell},
    {"fd_write", "iiii", fa_wasi_fd_write},
    {"path_create_directory", "iii", fa_wasi_path_create_directory},
    {"path_filestat_get", "iiiii", fa_wasi_path_filestat_get},
    {"path_filestat_set_times", "iiiiIIi", fa_wasi_path_filestat_set_times},
    {"path_link", "iiiiiii", fa_wasi_path_link},
    {"path_open", "iiiiiIIii", fa_wasi_path_open},
    {"path_readlink", "iiiiii", fa_wasi_path_readlink},
    {"path_remove_directory", "iii", fa_wasi_path_remove_directory},
    {"path_rename", "iiiiii", fa_wasi_path_rename},
    {"path_symlink", "iiiii", fa_wasi_path_symlink},
    {"path_unlink_file", "iii", fa_wasi_path_unlink_file},
    {"poll_oneoff", "iiii", fa_wasi_poll_oneoff},
    {"proc_exit", "i", fa_wasi_proc_exit},
    {"proc_raise", "i", fa_wasi_proc_raise},
    {"sched_yield", "", fa_wasi_sched_yield},
    {"random_get", "ii", fa_wasi_random_get},
    {"sock_accept", "iii", fa_wasi_sock_accept},
    {"sock_recv", "iiiiii", fa_wasi_sock_recv},
    {"sock_send", "iiiii", fa_wasi_sock_send},
    {"sock_shutdown", "ii", fa_wasi_sock_shutdown},
};

static int trampoline(fa_call *c, void *user)
{
    fa_wasi_binding *b = user;
    fa_wasi_mem m = {NULL, 0};
    fa_memory *mem = fa_call_memory(c, 0);
    if (mem) {
        m.base = fa_memory_data(mem);
        m.size = fa_memory_size(mem);
        if (!m.base)
            m.size = 0;
    }
    uint32_t e = b->impl(b->w, c, &m);
    if (e == FA_WASI_UNWIND)
        return 1;
    if (b->impl != fa_wasi_proc_exit)
        fa_call_set_result_i32(c, 0, (int32_t)e);
    return 0;
}

fa_result fa_wasi_define(fa_wasi *w)
{
    if (!w)
        return FA_ERR_ARG;
    static const fa_valtype i32_result[1] = {FA_I32};
    for (uint32_t i = 0; i < FA_WASI_N_FUNCS; i++) {
        fa_valtype params[9];
        uint32_t n = 0;
        for (const char *p = k_funcs[i].params; *p; p++)
            params[n++] = *p == 'I' ? FA_I64 : FA_I32;
        fa_functype type;
        type.n_params = n;
        type.params = params;
        type.n_results = k_funcs[i].impl == fa_wasi_proc_exit ? 0 : 1;
        type.results = i32_result;
        w->bind[i].w = w;
        w->bind[i].impl = k_funcs[i].impl;
        fa_func *f = fa_func_new_host(w->rt, &type, trampoline, &w->bind[i]);
        if (!f)
            return FA_ERR_OOM;
        fa_extern ext;
        ext.kind = FA_EXTERN_FUNC;
        ext.of.func = f;
        fa_result r = fa_runtime_define(w->rt, "wasi_snapshot_preview1", k_funcs[i].name, ext);
        if (r != FA_OK)
            return r;
    }
    return FA_OK;
}

/* ---------------------------------------------------------------- args, environ */

/* Writes n pointers at list and the NUL-terminated strings at buf. */
static uint32_t put_strings(fa_wasi_mem *m, uint32_t list, uint32_t buf, char **v, uint32_t n,
                            uint32_t bytes)
{
    if (!fa_wasi_mem_ok(m, list, (uint64_t)n * 4) || !fa_wasi_mem_ok(m, buf, bytes))
        return FA_WASI_EFAULT;
    for (uint32_t i = 0; i < n; i++) {
        size_t len = strlen(v[i]) + 1;
        fa_wasi_st32(m, list + 4 * i, buf);
        memcpy(m->base + buf, v[i], len);
        buf += (uint32_t)len;
    }
    return 0;
}

static uint32_t put_sizes(fa_wasi_mem *m, uint32_t p_count, uint32_t p_bytes, uint32_t count,
                          uint32_t bytes)
{
    if (!fa_wasi_mem_ok(m, p_count, 4) || !fa_wasi_mem_ok(m, p_bytes, 4))
        return FA_WASI_EFAULT;
    fa_wasi_st32(m, p_count, count);
    fa_wasi_st32(m, p_bytes, bytes);
    return 0;
}

uint32_t fa_wasi_args_get(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    return put_strings(m, FA_WASI_U32(c, 0), FA_WASI_U32(c, 1), w->argv, w->argc, w->argv_bytes);
}

uint32_t fa_wasi_args_sizes_get(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    return put_sizes(m, FA_WASI_U32(c, 0), FA_WASI_U32(c, 1), w->argc, w->argv_bytes);
}

uint32_t fa_wasi_environ_get(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    return put_strings(m, FA_WASI_U32(c, 0), FA_WASI_U32(c, 1), w->envp, w->envc, w->env_bytes);
}

uint32_t fa_wasi_environ_sizes_get(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    return put_sizes(m, FA_WASI_U32(c, 0), FA_WASI_U32(c, 1), w->envc, w->env_bytes);
}

/* ---------------------------------------------------------------- clocks */

/* wasi clockid (REALTIME 0, MONOTONIC 1, PROCESS_CPUTIME_ID 2, THREAD_CPUTIME_ID 3)
 * -> host clock; 0 when the id is not a clock (EINVAL). */
static int host_clock(uint32_t id, clockid_t *out)
{
    switch (id) {
    case 0: *out = CLOCK_REALTIME; return 1;
    case 1: *out = CLOCK_MONOTONIC; return 1;
#ifdef CLOCK_PROCESS_CPUTIME_ID
    case 2: *out = CLOCK_PROCESS_CPUTIME_ID; return 1;
#endif
#ifdef CLOCK_THREAD_CPUTIME_ID
    case 3: *out = CLOCK_THREAD_CPUTIME_ID; return 1;
#endif
    default: return 0;
    }
}

static uint64_t ts_ns(const struct timespec *ts)
{
    if (ts->tv_sec < 0)
        return 0;
    return (uint64_t)ts->tv_sec * 1000000000u + (uint64_t)ts->tv_nsec;
}

uint32_t fa_wasi_clock_res_get(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    (void)w;
    uint32_t id = FA_WASI_U32(c, 0), p = FA_WASI_U32(c, 1);
    clockid_t cid;
    struct timespec ts;
    if (!host_clock(id, &cid))
        return id <= 3 ? FA_WASI_ENOTSUP : FA_WASI_EINVAL;
    if (!fa_wasi_mem_ok(m, p, 8))
        return FA_WASI_EFAULT;
    if (clock_getres(cid, &ts) != 0)
        return fa_wasi_errno(errno);
    uint64_t ns = ts_ns(&ts);
    fa_wasi_st64(m, p, ns ? ns : 1);
    return 0;
}

uint32_t fa_wasi_clock_time_get(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    (void)w;
    uint32_t id = FA_WASI_U32(c, 0), p = FA_WASI_U32(c, 2);
    clockid_t cid;
    struct timespec ts;
    if (!host_clock(id, &cid))
        return id <= 3 ? FA_WASI_ENOTSUP : FA_WASI_EINVAL;
    if (!fa_wasi_mem_ok(m, p, 8))
        return FA_WASI_EFAULT;
    if (clock_gettime(cid, &ts) != 0)
        return fa_wasi_errno(errno);
    fa_wasi_st64(m, p, ts_ns(&ts));
    return 0;
}

/* ---------------------------------------------------------------- random */

static int fill_random(uint8_t *p, size_t n)
{
#if defined(__GLIBC__) || defined(__APPLE__) || defined(__OpenBSD__) || defined(__FreeBSD__)
    while (n > 0) {
        size_t k = n > 256 ? 256 : n; /* getentropy's limit per call */
        if (getentropy(p, k) != 0)
            break;
        p += k;
        n -= k;
    }
    if (n == 0)
        return 0;
#endif
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    while (n > 0) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            int e = r < 0 ? errno : EIO;
            close(fd);
            return e;
        }
        p += r;
        n -= (size_t)r;
    }
    close(fd);
    return 0;
}

uint32_t fa_wasi_random_get(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    (void)w;
    uint32_t p = FA_WASI_U32(c, 0), len = FA_WASI_U32(c, 1);
    if (!fa_wasi_mem_ok(m, p, len))
        return FA_WASI_EFAULT;
    if (len == 0)
        return 0;
    int e = fill_random(m->base + p, len);
    return e ? fa_wasi_errno(e) : 0;
}

/* ---------------------------------------------------------------- proc, sched */

uint32_t fa_wasi_proc_exit(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    (void)w;
    (void)m;
    fa_call_exit(c, (int)FA_WASI_U32(c, 0));
    return FA_WASI_UNWIND;
}

/*
 * proc_raise acts out the signal's default action on the *program*, never on
 * the host process (raising SIGKILL or SIGSTOP in an embedder would be
 * wrong): signals whose default is to terminate end the program like
 * proc_exit with status 128 + signal number (the shell convention); those
 * whose default is to ignore, continue or stop return success. The wasi
 * signal numbers (typenames.witx `signal`) are the classic Linux ones.
 */
uint32_t fa_wasi_proc_raise(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    (void)w;
    (void)m;
    uint32_t sig = FA_WASI_U32(c, 0);
    enum {
        NONE_ = 0,
        CHLD_ = 16,
        CONT_ = 17,
        STOP_ = 18,
        TSTP_ = 19,
        TTIN_ = 20,
        TTOU_ = 21,
        URG_ = 22,
        WINCH_ = 27,
        SYS_ = 30
    };
    if (sig > SYS_)
        return FA_WASI_EINVAL;
    switch (sig) {
    case NONE_:
    case CHLD_:
    case CONT_:
    case STOP_:
    case TSTP_:
    case TTIN_:
    case TTOU_:
    case URG_:
    case WINCH_: return 0;
    default: fa_call_exit(c, 128 + (int)sig); return FA_WASI_UNWIND;
    }
}

uint32_t fa_wasi_sched_yield(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    (void)w;
    (void)c;
    (void)m;
    sched_yield();
    return 0;
}

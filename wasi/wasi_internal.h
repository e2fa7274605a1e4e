/*
 * wasi_internal.h - shared internals of the WASI preview1 library.
 *
 * Main structures: fa_wasi (the context: copied args/env, the fd table) and
 * fa_wasi_fd (one wasi file descriptor: host fd, filetype, rights, preopen
 * name, readdir snapshot). Guest memory is reached only through the
 * fa_wasi_mem helpers below, which bounds-check every pointer+length against
 * the caller's memory 0 (EFAULT otherwise) and pack little-endian values byte
 * by byte, so the layout is right on any host byte order.
 *
 * Invariants: w->fds[i].open says whether wasi fd i exists; a preopen has
 * preopen != NULL and is a directory; rights only ever shrink.
 *
 * Spec: WASI snapshot preview1 witx (typenames.witx, wasi_snapshot_preview1.witx).
 */
#ifndef FA_WASI_INTERNAL_H
#define FA_WASI_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "fayasm.h"
#include "fayasm_wasi.h"

/* ---- errno (typenames.witx `errno`, u16) */
enum {
    FA_WASI_ESUCCESS = 0,
    FA_WASI_E2BIG = 1,
    FA_WASI_EACCES = 2,
    FA_WASI_EADDRINUSE = 3,
    FA_WASI_EADDRNOTAVAIL = 4,
    FA_WASI_EAFNOSUPPORT = 5,
    FA_WASI_EAGAIN = 6,
    FA_WASI_EALREADY = 7,
    FA_WASI_EBADF = 8,
    FA_WASI_EBADMSG = 9,
    FA_WASI_EBUSY = 10,
    FA_WASI_ECANCELED = 11,
    FA_WASI_ECHILD = 12,
    FA_WASI_ECONNABORTED = 13,
    FA_WASI_ECONNREFUSED = 14,
    FA_WASI_ECONNRESET = 15,
    FA_WASI_EDEADLK = 16,
    FA_WASI_EDESTADDRREQ = 17,
    FA_WASI_EDOM = 18,
    FA_WASI_EDQUOT = 19,
    FA_WASI_EEXIST = 20,
    FA_WASI_EFAULT = 21,
    FA_WASI_EFBIG = 22,
    FA_WASI_EHOSTUNREACH = 23,
    FA_WASI_EIDRM = 24,
    FA_WASI_EILSEQ = 25,
    FA_WASI_EINPROGRESS = 26,
    FA_WASI_EINTR = 27,
    FA_WASI_EINVAL = 28,
    FA_WASI_EIO = 29,
    FA_WASI_EISCONN = 30,
    FA_WASI_EISDIR = 31,
    FA_WASI_ELOOP = 32,
    FA_WASI_EMFILE = 33,
    FA_WASI_EMLINK = 34,
    FA_WASI_EMSGSIZE = 35,
    FA_WASI_EMULTIHOP = 36,
    FA_WASI_ENAMETOOLONG = 37,
    FA_WASI_ENETDOWN = 38,
    FA_WASI_ENETRESET = 39,
    FA_WASI_ENETUNREACH = 40,
    FA_WASI_ENFILE = 41,
    FA_WASI_ENOBUFS = 42,
    FA_WASI_ENODEV = 43,
    FA_WASI_ENOENT = 44,
    FA_WASI_ENOEXEC = 45,
    FA_WASI_ENOLCK = 46,
    FA_WASI_ENOLINK = 47,
    FA_WASI_ENOMEM = 48,
    FA_WASI_ENOMSG = 49,
    FA_WASI_ENOPROTOOPT = 50,
    FA_WASI_ENOSPC = 51,
    FA_WASI_ENOSYS = 52,
    FA_WASI_ENOTCONN = 53,
    FA_WASI_ENOTDIR = 54,
    FA_WASI_ENOTEMPTY = 55,
    FA_WASI_ENOTRECOVERABLE = 56,
    FA_WASI_ENOTSOCK = 57,
    FA_WASI_ENOTSUP = 58,
    FA_WASI_ENOTTY = 59,
    FA_WASI_ENXIO = 60,
    FA_WASI_EOVERFLOW = 61,
    FA_WASI_EOWNERDEAD = 62,
    FA_WASI_EPERM = 63,
    FA_WASI_EPIPE = 64,
    FA_WASI_EPROTO = 65,
    FA_WASI_EPROTONOSUPPORT = 66,
    FA_WASI_EPROTOTYPE = 67,
    FA_WASI_ERANGE = 68,
    FA_WASI_EROFS = 69,
    FA_WASI_ESPIPE = 70,
    FA_WASI_ESRCH = 71,
    FA_WASI_ESTALE = 72,
    FA_WASI_ETIMEDOUT = 73,
    FA_WASI_ETXTBSY = 74,
    FA_WASI_EXDEV = 75,
    FA_WASI_ENOTCAPABLE = 76
};

/* ---- rights (u64 flags) */
#define FA_WASI_RIGHT_FD_DATASYNC (1ull << 0)
#define FA_WASI_RIGHT_FD_READ (1ull << 1)
#define FA_WASI_RIGHT_FD_SEEK (1ull << 2)
#define FA_WASI_RIGHT_FD_FDSTAT_SET_FLAGS (1ull << 3)
#define FA_WASI_RIGHT_FD_SYNC (1ull << 4)
#define FA_WASI_RIGHT_FD_TELL (1ull << 5)
#define FA_WASI_RIGHT_FD_WRITE (1ull << 6)
#define FA_WASI_RIGHT_FD_ADVISE (1ull << 7)
#define FA_WASI_RIGHT_FD_ALLOCATE (1ull << 8)
#define FA_WASI_RIGHT_PATH_CREATE_DIRECTORY (1ull << 9)
#define FA_WASI_RIGHT_PATH_CREATE_FILE (1ull << 10)
#define FA_WASI_RIGHT_PATH_LINK_SOURCE (1ull << 11)
#define FA_WASI_RIGHT_PATH_LINK_TARGET (1ull << 12)
#define FA_WASI_RIGHT_PATH_OPEN (1ull << 13)
#define FA_WASI_RIGHT_FD_READDIR (1ull << 14)
#define FA_WASI_RIGHT_PATH_READLINK (1ull << 15)
#define FA_WASI_RIGHT_PATH_RENAME_SOURCE (1ull << 16)
#define FA_WASI_RIGHT_PATH_RENAME_TARGET (1ull << 17)
#define FA_WASI_RIGHT_PATH_FILESTAT_GET (1ull << 18)
#define FA_WASI_RIGHT_PATH_FILESTAT_SET_SIZE (1ull << 19)
#define FA_WASI_RIGHT_PATH_FILESTAT_SET_TIMES (1ull << 20)
#define FA_WASI_RIGHT_FD_FILESTAT_GET (1ull << 21)
#define FA_WASI_RIGHT_FD_FILESTAT_SET_SIZE (1ull << 22)
#define FA_WASI_RIGHT_FD_FILESTAT_SET_TIMES (1ull << 23)
#define FA_WASI_RIGHT_PATH_SYMLINK (1ull << 24)
#define FA_WASI_RIGHT_PATH_REMOVE_DIRECTORY (1ull << 25)
#define FA_WASI_RIGHT_PATH_UNLINK_FILE (1ull << 26)
#define FA_WASI_RIGHT_POLL_FD_READWRITE (1ull << 27)
#define FA_WASI_RIGHT_SOCK_SHUTDOWN (1ull << 28)
#define FA_WASI_RIGHT_SOCK_ACCEPT (1ull << 29)
#define FA_WASI_RIGHTS_ALL ((1ull << 30) - 1)

/* What each kind of fd can ever hold (new fds get requested & these). */
#define FA_WASI_RIGHTS_REGULAR                                                                     \
    (FA_WASI_RIGHT_FD_DATASYNC | FA_WASI_RIGHT_FD_READ | FA_WASI_RIGHT_FD_SEEK |                   \
     FA_WASI_RIGHT_FD_FDSTAT_SET_FLAGS | FA_WASI_RIGHT_FD_SYNC | FA_WASI_RIGHT_FD_TELL |           \
     FA_WASI_RIGHT_FD_WRITE | FA_WASI_RIGHT_FD_ADVISE | FA_WASI_RIGHT_FD_ALLOCATE |                \
     FA_WASI_RIGHT_FD_FILESTAT_GET | FA_WASI_RIGHT_FD_FILESTAT_SET_SIZE |                          \
     FA_WASI_RIGHT_FD_FILESTAT_SET_TIMES | FA_WASI_RIGHT_POLL_FD_READWRITE)
#define FA_WASI_RIGHTS_DIRECTORY                                                                   \
    (FA_WASI_RIGHT_FD_DATASYNC | FA_WASI_RIGHT_FD_FDSTAT_SET_FLAGS | FA_WASI_RIGHT_FD_SYNC |       \
     FA_WASI_RIGHT_FD_ADVISE | FA_WASI_RIGHT_PATH_CREATE_DIRECTORY |                               \
     FA_WASI_RIGHT_PATH_CREATE_FILE | FA_WASI_RIGHT_PATH_LINK_SOURCE |                             \
     FA_WASI_RIGHT_PATH_LINK_TARGET | FA_WASI_RIGHT_PATH_OPEN | FA_WASI_RIGHT_FD_READDIR |         \
     FA_WASI_RIGHT_PATH_READLINK | FA_WASI_RIGHT_PATH_RENAME_SOURCE |                              \
     FA_WASI_RIGHT_PATH_RENAME_TARGET | FA_WASI_RIGHT_PATH_FILESTAT_GET |                          \
     FA_WASI_RIGHT_PATH_FILESTAT_SET_SIZE | FA_WASI_RIGHT_PATH_FILESTAT_SET_TIMES |                \
     FA_WASI_RIGHT_FD_FILESTAT_GET | FA_WASI_RIGHT_FD_FILESTAT_SET_TIMES |                         \
     FA_WASI_RIGHT_PATH_SYMLINK | FA_WASI_RIGHT_PATH_REMOVE_DIRECTORY |                            \
     FA_WASI_RIGHT_PATH_UNLINK_FILE | FA_WASI_RIGHT_POLL_FD_READWRITE)
/* Character devices, pipes: no seek/tell (wasi-libc's isatty() relies on it). */
#define FA_WASI_RIGHTS_STREAM                                                                      \
    (FA_WASI_RIGHTS_REGULAR & ~(FA_WASI_RIGHT_FD_SEEK | FA_WASI_RIGHT_FD_TELL |                    \
                                FA_WASI_RIGHT_FD_ALLOCATE | FA_WASI_RIGHT_FD_FILESTAT_SET_SIZE))
#define FA_WASI_RIGHTS_SOCKET                                                                      \
    (FA_WASI_RIGHT_FD_READ | FA_WASI_RIGHT_FD_WRITE | FA_WASI_RIGHT_FD_FDSTAT_SET_FLAGS |          \
     FA_WASI_RIGHT_FD_FILESTAT_GET | FA_WASI_RIGHT_POLL_FD_READWRITE |                             \
     FA_WASI_RIGHT_SOCK_SHUTDOWN | FA_WASI_RIGHT_SOCK_ACCEPT)

/* ---- filetype (u8) */
enum {
    FA_WASI_FILETYPE_UNKNOWN = 0,
    FA_WASI_FILETYPE_BLOCK_DEVICE = 1,
    FA_WASI_FILETYPE_CHARACTER_DEVICE = 2,
    FA_WASI_FILETYPE_DIRECTORY = 3,
    FA_WASI_FILETYPE_REGULAR_FILE = 4,
    FA_WASI_FILETYPE_SOCKET_DGRAM = 5,
    FA_WASI_FILETYPE_SOCKET_STREAM = 6,
    FA_WASI_FILETYPE_SYMBOLIC_LINK = 7
};

/* ---- fdflags (u16) */
#define FA_WASI_FDFLAG_APPEND 1u
#define FA_WASI_FDFLAG_DSYNC 2u
#define FA_WASI_FDFLAG_NONBLOCK 4u
#define FA_WASI_FDFLAG_RSYNC 8u
#define FA_WASI_FDFLAG_SYNC 16u

/* ---- oflags (u16), lookupflags (u32), fstflags (u16) */
#define FA_WASI_O_CREAT 1u
#define FA_WASI_O_DIRECTORY 2u
#define FA_WASI_O_EXCL 4u
#define FA_WASI_O_TRUNC 8u
#define FA_WASI_LOOKUP_SYMLINK_FOLLOW 1u
#define FA_WASI_FST_ATIM 1u
#define FA_WASI_FST_ATIM_NOW 2u
#define FA_WASI_FST_MTIM 4u
#define FA_WASI_FST_MTIM_NOW 8u

/* Returned by an implementation instead of an errno: the call unwinds
 * (proc_exit, proc_raise of a fatal signal); the trap is already set. */
#define FA_WASI_UNWIND 0x10000u

/* One directory entry of a readdir snapshot. */
typedef struct fa_wasi_dirent {
    uint64_t ino;
    char *name; /* NUL-terminated, owned */
    uint32_t namlen;
    uint8_t type;
} fa_wasi_dirent;

typedef struct fa_wasi_fd {
    int open;
    int host;     /* host file descriptor */
    int owned;    /* the library opened it and closes it */
    uint8_t type; /* FA_WASI_FILETYPE_* */
    uint16_t fdflags;
    uint64_t rights_base, rights_inh;
    char *preopen; /* guest name of a preopened directory, else NULL */
    uint32_t preopen_len;
    /* fd_readdir: a snapshot of the whole directory taken at cookie 0, so that
     * cookies (entry indexes) stay valid across calls. */
    fa_wasi_dirent *dents;
    uint32_t n_dents, cap_dents;
    int have_dents;
} fa_wasi_fd;

/* Per-function binding: the host function's user pointer. */
struct fa_wasi;
typedef struct fa_wasi_mem {
    uint8_t *base;
    uint64_t size;
} fa_wasi_mem;
typedef uint32_t (*fa_wasi_impl)(struct fa_wasi *w, fa_call *c, fa_wasi_mem *m);
typedef struct fa_wasi_binding {
    struct fa_wasi *w;
    fa_wasi_impl impl;
} fa_wasi_binding;

#define FA_WASI_N_FUNCS 46

struct fa_wasi {
    fa_runtime *rt;
    fa_alloc_fn alloc;
    void *alloc_user;
    char **argv; /* argc strings, each owned */
    uint32_t argc;
    uint32_t argv_bytes; /* sum of strlen+1 */
    char **envp;
    uint32_t envc;
    uint32_t env_bytes;
    fa_wasi_fd *fds;
    uint32_t n_fds; /* slots in use or not */
    uint32_t cap_fds;
    fa_wasi_binding bind[FA_WASI_N_FUNCS];
};

/* ---- allocation (through the config's hook) */
void *fa_wasi_realloc(fa_wasi *w, void *p, size_t old_size, size_t new_size);
void *fa_wasi_alloc(fa_wasi *w, size_t size);
void fa_wasi_dealloc(fa_wasi *w, void *p, size_t size);
char *fa_wasi_strndup(fa_wasi *w, const char *s, size_t n);
void fa_wasi_strfree(fa_wasi *w, char *s); /* frees a string made by fa_wasi_strndup */

/* ---- host errno -> wasi errno */
uint32_t fa_wasi_errno(int host_errno);

/* ---- guest memory: byte-packed little-endian accessors */
static inline int fa_wasi_mem_ok(const fa_wasi_mem *m, uint32_t ptr, uint64_t len)
{
    return (uint64_t)ptr + len <= m->size;
}
static inline void fa_wasi_st8(fa_wasi_mem *m, uint32_t p, uint8_t v)
{
    m->base[p] = v;
}
static inline void fa_wasi_st16(fa_wasi_mem *m, uint32_t p, uint16_t v)
{
    m->base[p] = (uint8_t)v;
    m->base[p + 1] = (uint8_t)(v >> 8);
}
static inline void fa_wasi_st32(fa_wasi_mem *m, uint32_t p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        m->base[p + (uint32_t)i] = (uint8_t)(v >> (8 * i));
}
static inline void fa_wasi_st64(fa_wasi_mem *m, uint32_t p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        m->base[p + (uint32_t)i] = (uint8_t)(v >> (8 * i));
}
static inline uint16_t fa_wasi_ld16(const fa_wasi_mem *m, uint32_t p)
{
    return (uint16_t)(m->base[p] | (m->base[p + 1] << 8));
}
static inline uint32_t fa_wasi_ld32(const fa_wasi_mem *m, uint32_t p)
{
    uint32_t v = 0;
    for (int i = 3; i >= 0; i--)
        v = (v << 8) | m->base[p + (uint32_t)i];
    return v;
}
static inline uint64_t fa_wasi_ld64(const fa_wasi_mem *m, uint32_t p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | m->base[p + (uint32_t)i];
    return v;
}

/* Argument accessors (wasm32 pointers and sizes are u32). */
#define FA_WASI_U32(c, i) ((uint32_t)fa_call_arg_i32((c), (i)))
#define FA_WASI_U64(c, i) ((uint64_t)fa_call_arg_i64((c), (i)))

/* ---- fd table */
/* The open fd, or NULL (EBADF). */
fa_wasi_fd *fa_wasi_fd_get(fa_wasi *w, uint32_t fd);
/* Looks fd up and checks it holds all of `rights`: returns 0 and sets *out,
 * or EBADF / ENOTCAPABLE. */
uint32_t fa_wasi_fd_lookup(fa_wasi *w, uint32_t fd, uint64_t rights, fa_wasi_fd **out);
/* Adds an fd at the lowest free number >= 3 (or EMFILE/ENOMEM). */
uint32_t fa_wasi_fd_add(fa_wasi *w, int host, int owned, uint8_t type, uint64_t base, uint64_t inh,
                        uint16_t fdflags, uint32_t *out_fd);
/* Releases the slot (closes the host fd when owned). */
void fa_wasi_fd_release(fa_wasi *w, fa_wasi_fd *f);
/* The wasi filetype of an open host fd (fstat, SO_TYPE for sockets). */
uint8_t fa_wasi_host_filetype(int host);
/* The rights an fd of this type can hold; `host` decides tty-ness of char devices. */
uint64_t fa_wasi_type_rights(uint8_t type, int host);

/* ---- the function families (each returns an errno or FA_WASI_UNWIND) */
#define FA_WASI_DECL(name) uint32_t fa_wasi_##name(fa_wasi *w, fa_call *c, fa_wasi_mem *m);
#define FA_WASI_FUNCS(X)                                                                           \
    X(args_get)                                                                                    \
    X(args_sizes_get)                                                                              \
    X(environ_get)                                                                                 \
    X(environ_sizes_get)                                                                           \
    X(clock_res_get)                                                                               \
    X(clock_time_get)                                                                              \
    X(fd_advise)                                                                                   \
    X(fd_allocate)                                                                                 \
    X(fd_close)                                                                                    \
    X(fd_datasync)                                                                                 \
    X(fd_fdstat_get)                                                                               \
    X(fd_fdstat_set_flags)                                                                         \
    X(fd_fdstat_set_rights)                                                                        \
    X(fd_filestat_get)                                                                             \
    X(fd_filestat_set_size)                                                                        \
    X(fd_filestat_set_times)                                                                       \
    X(fd_pread)                                                                                    \
    X(fd_prestat_get)                                                                              \
    X(fd_prestat_dir_name)                                                                         \
    X(fd_pwrite)                                                                                   \
    X(fd_read)                                                                                     \
    X(fd_readdir)                                                                                  \
    X(fd_renumber)                                                                                 \
    X(fd_seek)                                                                                     \
    X(fd_sync)                                                                                     \
    X(fd_tell)                                                                                     \
    X(fd_write)                                                                                    \
    X(path_create_directory)                                                                       \
    X(path_filestat_get)                                                                           \
    X(path_filestat_set_times)                                                                     \
    X(path_link)                                                                                   \
    X(path_open)                                                                                   \
    X(path_readlink)                                                                               \
    X(path_remove_directory)                                                                       \
    X(path_rename)                                                                                 \
    X(path_symlink)                                                                                \
    X(path_unlink_file)                                                                            \
    X(poll_oneoff)                                                                                 \
    X(proc_exit)                                                                                   \
    X(proc_raise)                                                                                  \
    X(sched_yield)                                                                                 \
    X(random_get)                                                                                  \
    X(sock_accept)                                                                                 \
    X(sock_recv)                                                                                   \
    X(sock_send)                                                                                   \
    X(sock_shutdown)
FA_WASI_FUNCS(FA_WASI_DECL)
#undef FA_WASI_DECL

/* ---- shared by the fd and path files */
/* Writes a filestat (64 bytes) for a host stat result at guest ptr p (already checked). */
struct stat;
void fa_wasi_put_filestat(fa_wasi_mem *m, uint32_t p, const struct stat *st);
/* Converts wasi times + fstflags to the two timespecs of futimens/utimensat. */
struct timespec;
uint32_t fa_wasi_times(uint64_t atim, uint64_t mtim, uint32_t fst, struct timespec ts[2]);
/* Frees an fd's readdir snapshot. */
void fa_wasi_dents_free(fa_wasi *w, fa_wasi_fd *f);

#endif

/*
 * common.h - helpers shared by the WASI test programs (compiled with
 * clang --target=wasm32-wasi). Output lines name WASI errno values
 * symbolically so the expected files read like the spec.
 */
#ifndef WASI_TEST_COMMON_H
#define WASI_TEST_COMMON_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static const char *const k_errname[77] = {
    "OK",              /* 0 */
    "E2BIG",           /* 1 */
    "EACCES",          /* 2 */
    "EADDRINUSE",      /* 3 */
    "EADDRNOTAVAIL",   /* 4 */
    "EAFNOSUPPORT",    /* 5 */
    "EAGAIN",          /* 6 */
    "EALREADY",        /* 7 */
    "EBADF",           /* 8 */
    "EBADMSG",         /* 9 */
    "EBUSY",           /* 10 */
    "ECANCELED",       /* 11 */
    "ECHILD",          /* 12 */
    "ECONNABORTED",    /* 13 */
    "ECONNREFUSED",    /* 14 */
    "ECONNRESET",      /* 15 */
    "EDEADLK",         /* 16 */
    "EDESTADDRREQ",    /* 17 */
    "EDOM",            /* 18 */
    "EDQUOT",          /* 19 */
    "EEXIST",          /* 20 */
    "EFAULT",          /* 21 */
    "EFBIG",           /* 22 */
    "EHOSTUNREACH",    /* 23 */
    "EIDRM",           /* 24 */
    "EILSEQ",          /* 25 */
    "EINPROGRESS",     /* 26 */
    "EINTR",           /* 27 */
    "EINVAL",          /* 28 */
    "EIO",             /* 29 */
    "EISCONN",         /* 30 */
    "EISDIR",          /* 31 */
    "ELOOP",           /* 32 */
    "EMFILE",          /* 33 */
    "EMLINK",          /* 34 */
    "EMSGSIZE",        /* 35 */
    "EMULTIHOP",       /* 36 */
    "ENAMETOOLONG",    /* 37 */
    "ENETDOWN",        /* 38 */
    "ENETRESET",       /* 39 */
    "ENETUNREACH",     /* 40 */
    "ENFILE",          /* 41 */
    "ENOBUFS",         /* 42 */
    "ENODEV",          /* 43 */
    "ENOENT",          /* 44 */
    "ENOEXEC",         /* 45 */
    "ENOLCK",          /* 46 */
    "ENOLINK",         /* 47 */
    "ENOMEM",          /* 48 */
    "ENOMSG",          /* 49 */
    "ENOPROTOOPT",     /* 50 */
    "ENOSPC",          /* 51 */
    "ENOSYS",          /* 52 */
    "ENOTCONN",        /* 53 */
    "ENOTDIR",         /* 54 */
    "ENOTEMPTY",       /* 55 */
    "ENOTRECOVERABLE", /* 56 */
    "ENOTSOCK",        /* 57 */
    "ENOTSUP",         /* 58 */
    "ENOTTY",          /* 59 */
    "ENXIO",           /* 60 */
    "EOVERFLOW",       /* 61 */
    "EOWNERDEAD",      /* 62 */
    "EPERM",           /* 63 */
    "EPIPE",           /* 64 */
    "EPROTO",          /* 65 */
    "EPROTONOSUPPORT", /* 66 */
    "EPROTOTYPE",      /* 67 */
    "ERANGE",          /* 68 */
    "EROFS",           /* 69 */
    "ESPIPE",          /* 70 */
    "ESRCH",           /* 71 */
    "ESTALE",          /* 72 */
    "ETIMEDOUT",       /* 73 */
    "ETXTBSY",         /* 74 */
    "EXDEV",           /* 75 */
    "ENOTCAPABLE",     /* 76 */
};

static inline const char *en(int e)
{
    return (e >= 0 && e < 77) ? k_errname[e] : "E?";
}

/* A raw __wasi_* call: prints "label: ERRNAME". */
#define SHOW(label, expr) printf("%s: %s\n", (label), en((int)(expr)))
/* A libc call returning < 0 (or NULL through SHOWP) on error with errno set. */
#define SHOWC(label, expr)                                                                         \
    do {                                                                                           \
        errno = 0;                                                                                 \
        long r_ = (long)(expr);                                                                    \
        printf("%s: %s\n", (label), r_ < 0 ? en(errno) : "OK");                                    \
    } while (0)

/* The first preopen (the test driver passes --dir sandbox::/sandbox). */
#define SANDBOX_FD 3

/* Opens path relative to dir with raw path_open; returns the errno. */
static inline __wasi_errno_t open_at(__wasi_fd_t dir, const char *path, __wasi_lookupflags_t lf,
                                     __wasi_oflags_t of, __wasi_rights_t rights, __wasi_fd_t *out)
{
    return __wasi_path_open(dir, lf, path, of, rights, rights, 0, out);
}

#define R_ALL ((__wasi_rights_t)0x3FFFFFFF)
#define R_READ                                                                                     \
    (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL |                       \
     __WASI_RIGHTS_FD_FILESTAT_GET | __WASI_RIGHTS_FD_READDIR)

/* Reads a whole file (relative to the sandbox) into buf; returns the length or -errno. */
static inline long slurp(const char *path, char *buf, size_t cap)
{
    __wasi_fd_t fd;
    __wasi_errno_t e = open_at(SANDBOX_FD, path, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, 0, R_READ, &fd);
    if (e)
        return -(long)e;
    size_t got = 0;
    while (got + 1 < cap) {
        __wasi_iovec_t iov = {(uint8_t *)buf + got, cap - 1 - got};
        __wasi_size_t n;
        e = __wasi_fd_read(fd, &iov, 1, &n);
        if (e || n == 0)
            break;
        got += n;
    }
    buf[got] = 0;
    (void)__wasi_fd_close(fd);
    return e ? -(long)e : (long)got;
}

#endif

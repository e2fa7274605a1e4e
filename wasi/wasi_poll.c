/*
 * wasi_poll.c - poll_oneoff (clock and fd readiness) and the sock_* functions
 * on sockets the host hands in (stdio or fa_wasi_config.extra_fds).
 *
 * poll_oneoff: every subscription is decoded first (bad fds, missing rights
 * and unsupported clocks become events with an error, delivered at once);
 * clock deadlines are converted to the monotonic clock; then the host poll()
 * waits for the fds with the nearest deadline as timeout (a clock-only wait
 * sleeps with nanosecond precision). Regular files and directories are
 * always ready, as in POSIX.
 *
 * Layouts (typenames.witx): subscription 48 bytes = userdata u64 @0,
 * tag u8 @8, clock {id u32 @16, timeout u64 @24, precision u64 @32,
 * flags u16 @40} | fd_readwrite {fd u32 @16}; event 32 bytes = userdata @0,
 * error u16 @8, type u8 @10, fd_readwrite {nbytes u64 @16, flags u16 @24}.
 */
#define _GNU_SOURCE 1
#define _DARWIN_C_SOURCE 1
#define _FILE_OFFSET_BITS 64

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "wasi_internal.h"

enum { EV_CLOCK = 0, EV_FD_READ = 1, EV_FD_WRITE = 2 };

typedef struct sub {
    uint64_t userdata;
    uint8_t tag;
    uint16_t error;    /* an immediate event with this error when nonzero */
    int done;          /* the event is ready */
    uint64_t deadline; /* clocks: monotonic ns */
    int host;          /* fds: host fd, or -1 when always ready */
    int pollidx;       /* index in the pollfd array, or -1 */
    uint64_t nbytes;
    uint16_t rwflags;
} sub;

static uint64_t now_ns(clockid_t id)
{
    struct timespec ts;
    if (clock_gettime(id, &ts) != 0 || ts.tv_sec < 0)
        return 0;
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t sat_add(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* Bytes available to read on a host fd (0 when unknown). */
static uint64_t readable_bytes(int host, uint8_t type)
{
    if (type == FA_WASI_FILETYPE_REGULAR_FILE) {
        struct stat st;
        off_t pos = lseek(host, 0, SEEK_CUR);
        if (fstat(host, &st) == 0 && pos >= 0 && st.st_size > pos)
            return (uint64_t)(st.st_size - pos);
        return 0;
    }
#ifdef FIONREAD
    int n = 0;
    if (ioctl(host, FIONREAD, &n) == 0 && n > 0)
        return (uint64_t)n;
#endif
    return 0;
}

uint32_t fa_wasi_poll_oneoff(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    uint32_t in = FA_WASI_U32(c, 0), out = FA_WASI_U32(c, 1), n = FA_WASI_U32(c, 2),
             p_nev = FA_WASI_U32(c, 3);
    if (n == 0)
        return FA_WASI_EINVAL;
    if (!fa_wasi_mem_ok(m, in, (uint64_t)n * 48) || !fa_wasi_mem_ok(m, out, (uint64_t)n * 32) ||
        !fa_wasi_mem_ok(m, p_nev, 4))
        return FA_WASI_EFAULT;
    sub *subs = fa_wasi_alloc(w, (size_t)n * sizeof *subs);
    struct pollfd *pfd = fa_wasi_alloc(w, (size_t)n * sizeof *pfd);
    if (!subs || !pfd) {
        fa_wasi_dealloc(w, subs, (size_t)n * sizeof *subs);
        fa_wasi_dealloc(w, pfd, (size_t)n * sizeof *pfd);
        return FA_WASI_ENOMEM;
    }
    uint32_t npoll = 0;
    int any_now = 0, any_clock = 0;
    uint64_t start = now_ns(CLOCK_MONOTONIC);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t p = in + 48 * i;
        sub *s = &subs[i];
        memset(s, 0, sizeof *s);
        s->userdata = fa_wasi_ld64(m, p);
        s->tag = m->base[p + 8];
        s->host = -1;
        s->pollidx = -1;
        if (s->tag == EV_CLOCK) {
            uint32_t id = fa_wasi_ld32(m, p + 16);
            uint64_t timeout = fa_wasi_ld64(m, p + 24);
            int abs = fa_wasi_ld16(m, p + 40) & 1;
            if (id == 0) { /* realtime: measure the wait on the monotonic clock */
                uint64_t rel = timeout;
                if (abs) {
                    uint64_t rt = now_ns(CLOCK_REALTIME);
                    rel = timeout > rt ? timeout - rt : 0;
                }
                s->deadline = sat_add(start, rel);
            } else if (id == 1) {
                s->deadline = abs ? timeout : sat_add(start, timeout);
            } else {
                /* CPU-time clocks do not advance while we wait: a timeout on them
                 * cannot be honoured by sleeping. */
                s->error = id <= 3 ? FA_WASI_ENOTSUP : FA_WASI_EINVAL;
            }
            if (!s->error)
                any_clock = 1;
        } else if (s->tag == EV_FD_READ || s->tag == EV_FD_WRITE) {
            fa_wasi_fd *f;
            uint32_t e =
                fa_wasi_fd_lookup(w, fa_wasi_ld32(m, p + 16), FA_WASI_RIGHT_POLL_FD_READWRITE, &f);
            if (e) {
                s->error = (uint16_t)e;
            } else if (f->type == FA_WASI_FILETYPE_REGULAR_FILE ||
                       f->type == FA_WASI_FILETYPE_DIRECTORY) {
                s->done = 1;
                if (s->tag == EV_FD_READ)
                    s->nbytes = readable_bytes(f->host, f->type);
            } else {
                s->host = f->host;
                s->pollidx = (int)npoll;
                pfd[npoll].fd = f->host;
                pfd[npoll].events = s->tag == EV_FD_READ ? POLLIN : POLLOUT;
                pfd[npoll].revents = 0;
                npoll++;
            }
        } else {
            s->error = FA_WASI_EINVAL;
        }
        if (s->error || s->done)
            any_now = 1;
    }

    uint32_t e = 0;
    for (;;) {
        uint64_t now = now_ns(CLOCK_MONOTONIC), nearest = UINT64_MAX;
        for (uint32_t i = 0; i < n; i++) {
            if (subs[i].tag == EV_CLOCK && !subs[i].error) {
                if (subs[i].deadline <= now)
                    subs[i].done = any_now = 1;
                else if (subs[i].deadline < nearest)
                    nearest = subs[i].deadline;
            }
        }
        int wait_ms; /* for poll(): -1 = forever */
        if (any_now)
            wait_ms = 0;
        else if (!any_clock)
            wait_ms = -1;
        else {
            uint64_t ms = (nearest - now + 999999u) / 1000000u;
            wait_ms = ms > INT_MAX ? INT_MAX : (int)ms;
        }
        if (npoll == 0) {
            if (any_now)
                break;
            if (!any_clock) { /* cannot happen: n > 0 and nothing is pending */
                e = FA_WASI_EINVAL;
                break;
            }
            uint64_t d = nearest - now;
            struct timespec ts;
            ts.tv_sec =
                (time_t)(d / 1000000000u > (uint64_t)INT32_MAX ? INT32_MAX : d / 1000000000u);
            ts.tv_nsec = (long)(d % 1000000000u);
            nanosleep(&ts, NULL); /* EINTR: the loop recomputes what is left */
            continue;
        }
        int r = poll(pfd, npoll, wait_ms);
        if (r < 0 && errno != EINTR) {
            e = fa_wasi_errno(errno);
            break;
        }
        if (r > 0) {
            for (uint32_t i = 0; i < n; i++) {
                sub *s = &subs[i];
                if (s->pollidx < 0)
                    continue;
                short re = pfd[s->pollidx].revents;
                if (!re)
                    continue;
                s->done = any_now = 1;
                if (re & POLLNVAL)
                    s->error = FA_WASI_EBADF;
                else if ((re & POLLERR) && !(re & (POLLIN | POLLOUT | POLLHUP)))
                    s->error = FA_WASI_EIO;
                if (re & POLLHUP)
                    s->rwflags |= 1; /* fd_readwrite hangup */
                if (s->tag == EV_FD_READ && !s->error)
                    s->nbytes = readable_bytes(s->host, FA_WASI_FILETYPE_UNKNOWN);
            }
        }
        if (any_now) {
            /* Also report clocks that expired meanwhile. */
            now = now_ns(CLOCK_MONOTONIC);
            for (uint32_t i = 0; i < n; i++)
                if (subs[i].tag == EV_CLOCK && !subs[i].error && subs[i].deadline <= now)
                    subs[i].done = 1;
            break;
        }
    }

    if (!e) {
        uint32_t nev = 0;
        for (uint32_t i = 0; i < n; i++) {
            sub *s = &subs[i];
            if (!s->done && !s->error)
                continue;
            uint32_t p = out + 32 * nev++;
            memset(m->base + p, 0, 32);
            fa_wasi_st64(m, p, s->userdata);
            fa_wasi_st16(m, p + 8, s->error);
            fa_wasi_st8(m, p + 10, s->tag);
            if (s->tag != EV_CLOCK) {
                fa_wasi_st64(m, p + 16, s->nbytes);
                fa_wasi_st16(m, p + 24, s->rwflags);
            }
        }
        fa_wasi_st32(m, p_nev, nev);
    }
    fa_wasi_dealloc(w, subs, (size_t)n * sizeof *subs);
    fa_wasi_dealloc(w, pfd, (size_t)n * sizeof *pfd);
    return e;
}

/* ---------------------------------------------------------------- sockets */

static int is_socket(const fa_wasi_fd *f)
{
    return f->type == FA_WASI_FILETYPE_SOCKET_STREAM || f->type == FA_WASI_FILETYPE_SOCKET_DGRAM;
}

/* sock_accept(fd, flags: fdflags (only NONBLOCK), result fd) */
uint32_t fa_wasi_sock_accept(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    uint32_t flags = FA_WASI_U32(c, 1), p_fd = FA_WASI_U32(c, 2);
    fa_wasi_fd *f;
    uint32_t e = fa_wasi_fd_lookup(w, FA_WASI_U32(c, 0), FA_WASI_RIGHT_SOCK_ACCEPT, &f);
    if (e)
        return e;
    if (!is_socket(f))
        return FA_WASI_ENOTSOCK;
    if (flags & ~FA_WASI_FDFLAG_NONBLOCK)
        return FA_WASI_EINVAL;
    if (!fa_wasi_mem_ok(m, p_fd, 4))
        return FA_WASI_EFAULT;
    int host = accept(f->host, NULL, NULL);
    if (host < 0)
        return fa_wasi_errno(errno);
    (void)fcntl(host, F_SETFD, FD_CLOEXEC);
    if (flags & FA_WASI_FDFLAG_NONBLOCK) {
        int fl = fcntl(host, F_GETFL);
        if (fl < 0 || fcntl(host, F_SETFL, fl | O_NONBLOCK) != 0) {
            e = fa_wasi_errno(errno);
            close(host);
            return e;
        }
    }
    uint8_t type = fa_wasi_host_filetype(host);
    uint32_t fd;
    e = fa_wasi_fd_add(w, host, 1, type, FA_WASI_RIGHTS_SOCKET & f->rights_inh,
                       FA_WASI_RIGHTS_SOCKET & f->rights_inh, (uint16_t)flags, &fd);
    if (e) {
        close(host);
        return e;
    }
    fa_wasi_st32(m, p_fd, fd);
    return 0;
}

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL                                                                               \
    0 /* where it is missing, SO_NOSIGPIPE or the embedder's SIGPIPE rule applies */
#endif

/* sock_recv(fd, ri_data iovs, ri_data_len, ri_flags, ro_datalen, ro_flags) */
uint32_t fa_wasi_sock_recv(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    uint32_t iovs = FA_WASI_U32(c, 1), n = FA_WASI_U32(c, 2), ri = FA_WASI_U32(c, 3),
             p_len = FA_WASI_U32(c, 4), p_flags = FA_WASI_U32(c, 5);
    fa_wasi_fd *f;
    uint32_t e = fa_wasi_fd_lookup(w, FA_WASI_U32(c, 0), FA_WASI_RIGHT_FD_READ, &f);
    if (e)
        return e;
    if (!is_socket(f))
        return FA_WASI_ENOTSOCK;
    if (ri & ~3u)
        return FA_WASI_EINVAL;
    if (!fa_wasi_mem_ok(m, p_len, 4) || !fa_wasi_mem_ok(m, p_flags, 2) ||
        !fa_wasi_mem_ok(m, iovs, (uint64_t)n * 8))
        return FA_WASI_EFAULT;
    uint32_t use = n > 1024 ? 1024 : n;
    struct iovec *v = fa_wasi_alloc(w, (use ? use : 1) * sizeof *v);
    if (!v)
        return FA_WASI_ENOMEM;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t buf = fa_wasi_ld32(m, iovs + 8 * i), len = fa_wasi_ld32(m, iovs + 8 * i + 4);
        if (!fa_wasi_mem_ok(m, buf, len)) {
            fa_wasi_dealloc(w, v, (use ? use : 1) * sizeof *v);
            return FA_WASI_EFAULT;
        }
        if (i < use) {
            v[i].iov_base = m->base + buf;
            v[i].iov_len = len;
        }
    }
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = v;
    msg.msg_iovlen = use;
    int hf = 0;
    if (ri & 1)
        hf |= MSG_PEEK;
    if (ri & 2)
        hf |= MSG_WAITALL;
    ssize_t r = recvmsg(f->host, &msg, hf);
    int err = errno;
    fa_wasi_dealloc(w, v, (use ? use : 1) * sizeof *v);
    if (r < 0)
        return fa_wasi_errno(err);
    fa_wasi_st32(m, p_len, (uint32_t)r);
    fa_wasi_st16(m, p_flags, (msg.msg_flags & MSG_TRUNC) ? 1 : 0); /* recv_data_truncated */
    return 0;
}

/* sock_send(fd, si_data iovs, si_data_len, si_flags (none defined), so_datalen) */
uint32_t fa_wasi_sock_send(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    uint32_t iovs = FA_WASI_U32(c, 1), n = FA_WASI_U32(c, 2), si = FA_WASI_U32(c, 3),
             p_len = FA_WASI_U32(c, 4);
    fa_wasi_fd *f;
    uint32_t e = fa_wasi_fd_lookup(w, FA_WASI_U32(c, 0), FA_WASI_RIGHT_FD_WRITE, &f);
    if (e)
        return e;
    if (!is_socket(f))
        return FA_WASI_ENOTSOCK;
    if (si != 0)
        return FA_WASI_EINVAL;
    if (!fa_wasi_mem_ok(m, p_len, 4) || !fa_wasi_mem_ok(m, iovs, (uint64_t)n * 8))
        return FA_WASI_EFAULT;
    uint32_t use = n > 1024 ? 1024 : n;
    struct iovec *v = fa_wasi_alloc(w, (use ? use : 1) * sizeof *v);
    if (!v)
        return FA_WASI_ENOMEM;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t buf = fa_wasi_ld32(m, iovs + 8 * i), len = fa_wasi_ld32(m, iovs + 8 * i + 4);
        if (!fa_wasi_mem_ok(m, buf, len)) {
            fa_wasi_dealloc(w, v, (use ? use : 1) * sizeof *v);
            return FA_WASI_EFAULT;
        }
        if (i < use) {
            v[i].iov_base = m->base + buf;
            v[i].iov_len = len;
        }
    }
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = v;
    msg.msg_iovlen = use;
    ssize_t r = sendmsg(f->host, &msg, MSG_NOSIGNAL);
    int err = errno;
    fa_wasi_dealloc(w, v, (use ? use : 1) * sizeof *v);
    if (r < 0)
        return fa_wasi_errno(err);
    fa_wasi_st32(m, p_len, (uint32_t)r);
    return 0;
}

/* sock_shutdown(fd, how: sdflags RD 1 | WR 2) */
uint32_t fa_wasi_sock_shutdown(fa_wasi *w, fa_call *c, fa_wasi_mem *m)
{
    (void)m;
    uint32_t how = FA_WASI_U32(c, 1);
    fa_wasi_fd *f;
    uint32_t e = fa_wasi_fd_lookup(w, FA_WASI_U32(c, 0), FA_WASI_RIGHT_SOCK_SHUTDOWN, &f);
    if (e)
        return e;
    if (!is_socket(f))
        return FA_WASI_ENOTSOCK;
    int h;
    switch (how) {
    case 1: h = SHUT_RD; break;
    case 2: h = SHUT_WR; break;
    case 3: h = SHUT_RDWR; break;
    default: return FA_WASI_EINVAL;
    }
    return shutdown(f->host, h) != 0 ? fa_wasi_errno(errno) : 0;
}

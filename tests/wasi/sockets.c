/* Sockets the host hands in (run by sock_driver.py, not by fayasm_run's own
 * stdio): "conn" mode gets a connected stream socket as stdin and stdout,
 * "accept" mode a listening socket as stdin. The report goes to stderr,
 * which the driver prints along with what the peer received. */
#include "common.h"

static void recv_show(__wasi_fd_t fd, __wasi_riflags_t flags, size_t size, const char *label)
{
    char buf[128] = {0};
    __wasi_iovec_t iov[2] = {{(uint8_t *)buf, size / 2},
                             {(uint8_t *)buf + size / 2, size - size / 2}};
    __wasi_size_t n = 0;
    __wasi_roflags_t ro = 0;
    __wasi_errno_t e = __wasi_sock_recv(fd, iov, 2, flags, &n, &ro);
    fprintf(stderr, "%s: %s n=%u [%.*s] roflags=%u\n", label, en(e), (unsigned)n, (int)n, buf, ro);
}

static void send_str(__wasi_fd_t fd, const char *s, const char *label)
{
    __wasi_ciovec_t iov = {(const uint8_t *)s, strlen(s)};
    __wasi_size_t n = 0;
    __wasi_errno_t e = __wasi_sock_send(fd, &iov, 1, 0, &n);
    fprintf(stderr, "%s: %s n=%u\n", label, en(e), (unsigned)n);
}

static void talk(__wasi_fd_t in, __wasi_fd_t out)
{
    __wasi_fdstat_t fs;
    __wasi_fd_fdstat_get(in, &fs);
    fprintf(stderr, "filetype=%d shutdown right=%d\n", fs.fs_filetype,
            !!(fs.fs_rights_base & __WASI_RIGHTS_SOCK_SHUTDOWN));
    __wasi_subscription_t sub;
    __wasi_event_t ev;
    __wasi_size_t nev = 0;
    memset(&sub, 0, sizeof sub);
    sub.userdata = 9;
    sub.u.tag = __WASI_EVENTTYPE_FD_READ;
    sub.u.u.fd_read.file_descriptor = in;
    __wasi_errno_t e = __wasi_poll_oneoff(&sub, &ev, 1, &nev);
    fprintf(stderr, "poll read: %s events=%u nbytes=%llu\n", en(e), (unsigned)nev,
            (unsigned long long)ev.fd_readwrite.nbytes);
    recv_show(in, __WASI_RIFLAGS_RECV_PEEK, 5, "recv peek 5");
    recv_show(in, __WASI_RIFLAGS_RECV_WAITALL, 12, "recv waitall 12");
    send_str(out, "reply: got it\n", "send");
    fprintf(stderr, "shutdown write: %s\n", en(__wasi_sock_shutdown(out, __WASI_SDFLAGS_WR)));
    recv_show(in, 0, 64, "recv after peer closed");
    fprintf(stderr, "shutdown bad how: %s\n", en(__wasi_sock_shutdown(in, 7)));
    fprintf(stderr, "send bad flags: %s\n", en(({
                __wasi_ciovec_t v = {(const uint8_t *)"x", 1};
                __wasi_size_t n;
                __wasi_sock_send(out, &v, 1, 1, &n);
            })));
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "accept") == 0) {
        __wasi_fd_t c = 0;
        fprintf(stderr, "accept bad flags: %s\n",
                en(__wasi_sock_accept(0, __WASI_FDFLAGS_APPEND, &c)));
        fprintf(stderr, "accept: %s\n", en(__wasi_sock_accept(0, 0, &c)));
        talk(c, c);
        fprintf(stderr, "close: %s\n", en(__wasi_fd_close(c)));
        fprintf(stderr, "accept nonblocking, nobody waiting: %s\n", en(({
                    /* the listener's own flag decides whether accept waits */
                    __wasi_fd_fdstat_set_flags(0, __WASI_FDFLAGS_NONBLOCK);
                    __wasi_sock_accept(0, __WASI_FDFLAGS_NONBLOCK, &c);
                })));
    } else {
        talk(0, 1);
        char buf[8];
        __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
        __wasi_size_t n;
        __wasi_roflags_t ro;
        fprintf(stderr, "recv on a file (stderr): %s\n",
                en(__wasi_sock_recv(2, &iov, 1, 0, &n, &ro)));
        __wasi_fd_t c;
        fprintf(stderr, "accept on a connected socket: %s\n", en(__wasi_sock_accept(0, 0, &c)));
    }
    return 0;
}

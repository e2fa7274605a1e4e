/* clock_res_get, clock_time_get (all four clocks), random_get, sched_yield,
 * poll_oneoff (relative and absolute clocks, several clocks, fd readiness,
 * no subscriptions), and libc's nanosleep/clock_gettime/time. */
#include <stdlib.h>
#include <time.h>

#include "common.h"

static uint64_t now(__wasi_clockid_t id)
{
    __wasi_timestamp_t t = 0;
    __wasi_clock_time_get(id, 1, &t);
    return t;
}

static void sub_clock(__wasi_subscription_t *s, uint64_t ud, __wasi_clockid_t id, uint64_t timeout,
                      int abs)
{
    memset(s, 0, sizeof *s);
    s->userdata = ud;
    s->u.tag = __WASI_EVENTTYPE_CLOCK;
    s->u.u.clock.id = id;
    s->u.u.clock.timeout = timeout;
    s->u.u.clock.precision = 0;
    s->u.u.clock.flags = abs ? __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME : 0;
}

static void sub_fd(__wasi_subscription_t *s, uint64_t ud, __wasi_eventtype_t type, __wasi_fd_t fd)
{
    memset(s, 0, sizeof *s);
    s->userdata = ud;
    s->u.tag = type;
    s->u.u.fd_read.file_descriptor = fd;
}

int main(void)
{
    static const char *names[4] = {"realtime", "monotonic", "process_cputime", "thread_cputime"};
    for (__wasi_clockid_t id = 0; id < 4; id++) {
        __wasi_timestamp_t res = 0, t = 0;
        __wasi_errno_t e1 = __wasi_clock_res_get(id, &res);
        __wasi_errno_t e2 = __wasi_clock_time_get(id, 1, &t);
        printf("%s: res %s %s, time %s\n", names[id], en(e1),
               res > 0 && res <= 1000000000 ? "sane" : "odd", en(e2));
    }
    __wasi_timestamp_t t;
    SHOW("clock_res_get 99", __wasi_clock_res_get(99, &t));
    SHOW("clock_time_get 99", __wasi_clock_time_get(99, 1, &t));
    printf("realtime after 2020: %s\n",
           now(__WASI_CLOCKID_REALTIME) > 1577836800ull * 1000000000ull ? "yes" : "no");
    int mono_ok = 1;
    uint64_t prev = now(__WASI_CLOCKID_MONOTONIC);
    for (int i = 0; i < 1000; i++) {
        uint64_t x = now(__WASI_CLOCKID_MONOTONIC);
        if (x < prev)
            mono_ok = 0;
        prev = x;
    }
    printf("monotonic never goes back: %s\n", mono_ok ? "yes" : "no");
    uint64_t c0 = now(__WASI_CLOCKID_PROCESS_CPUTIME_ID);
    volatile uint64_t spin = 0;
    for (uint64_t i = 0; i < 3000000; i++)
        spin += i;
    (void)spin;
    printf("process cpu time advances: %s\n",
           now(__WASI_CLOCKID_PROCESS_CPUTIME_ID) > c0 ? "yes" : "no");

    uint8_t a[64] = {0}, b[64] = {0};
    SHOW("random_get 64", __wasi_random_get(a, sizeof a));
    SHOW("random_get 64 again", __wasi_random_get(b, sizeof b));
    int zero = 1;
    for (int i = 0; i < 64; i++)
        zero &= a[i] == 0;
    printf("random: %s, %s\n", zero ? "all zero" : "not all zero",
           memcmp(a, b, 64) ? "differs" : "same");
    SHOW("random_get 0 bytes", __wasi_random_get(a, 0));
    static uint8_t big[100000];
    SHOW("random_get 100000", __wasi_random_get(big, sizeof big));
    SHOW("sched_yield", __wasi_sched_yield());

    __wasi_subscription_t s[3];
    __wasi_event_t ev[3];
    __wasi_size_t n = 0;
    uint64_t t0 = now(__WASI_CLOCKID_MONOTONIC);
    sub_clock(&s[0], 0x1234, __WASI_CLOCKID_MONOTONIC, 20000000, 0);
    SHOW("poll 20ms relative", __wasi_poll_oneoff(s, ev, 1, &n));
    uint64_t dt = now(__WASI_CLOCKID_MONOTONIC) - t0;
    printf("events=%u userdata=%llx type=%d error=%s waited>=20ms: %s\n", (unsigned)n,
           (unsigned long long)ev[0].userdata, ev[0].type, en(ev[0].error),
           dt >= 20000000 ? "yes" : "no");

    t0 = now(__WASI_CLOCKID_MONOTONIC);
    sub_clock(&s[0], 7, __WASI_CLOCKID_MONOTONIC, t0 + 10000000, 1);
    SHOW("poll absolute monotonic +10ms", __wasi_poll_oneoff(s, ev, 1, &n));
    dt = now(__WASI_CLOCKID_MONOTONIC) - t0;
    printf("events=%u userdata=%llu waited>=10ms: %s\n", (unsigned)n,
           (unsigned long long)ev[0].userdata, dt >= 10000000 ? "yes" : "no");

    t0 = now(__WASI_CLOCKID_MONOTONIC);
    sub_clock(&s[0], 1, __WASI_CLOCKID_REALTIME, now(__WASI_CLOCKID_REALTIME) + 10000000, 1);
    SHOW("poll absolute realtime +10ms", __wasi_poll_oneoff(s, ev, 1, &n));
    dt = now(__WASI_CLOCKID_MONOTONIC) - t0;
    printf("events=%u waited>=9ms: %s\n", (unsigned)n, dt >= 9000000 ? "yes" : "no");

    t0 = now(__WASI_CLOCKID_MONOTONIC);
    sub_clock(&s[0], 100, __WASI_CLOCKID_MONOTONIC, 5000000000ull, 0);
    sub_clock(&s[1], 200, __WASI_CLOCKID_MONOTONIC, 5000000, 0);
    SHOW("poll two clocks 5s and 5ms", __wasi_poll_oneoff(s, ev, 2, &n));
    dt = now(__WASI_CLOCKID_MONOTONIC) - t0;
    printf("events=%u first userdata=%llu returned before 1s: %s\n", (unsigned)n,
           (unsigned long long)ev[0].userdata, dt < 1000000000ull ? "yes" : "no");

    __wasi_fd_t fd;
    SHOW("open data.txt",
         open_at(SANDBOX_FD, "data.txt", 0, 0, R_READ | __WASI_RIGHTS_POLL_FD_READWRITE, &fd));
    sub_clock(&s[0], 1, __WASI_CLOCKID_MONOTONIC, 5000000000ull, 0);
    sub_fd(&s[1], 2, __WASI_EVENTTYPE_FD_READ, fd);
    sub_fd(&s[2], 3, __WASI_EVENTTYPE_FD_WRITE, 1);
    t0 = now(__WASI_CLOCKID_MONOTONIC);
    SHOW("poll file read + stdout write + 5s clock", __wasi_poll_oneoff(s, ev, 3, &n));
    dt = now(__WASI_CLOCKID_MONOTONIC) - t0;
    printf("events=%u at once: %s\n", (unsigned)n, dt < 1000000000ull ? "yes" : "no");
    for (unsigned i = 0; i < n; i++)
        printf("  userdata=%llu type=%d error=%s%s\n", (unsigned long long)ev[i].userdata,
               ev[i].type, en(ev[i].error),
               ev[i].type == __WASI_EVENTTYPE_FD_READ && ev[i].fd_readwrite.nbytes == 21
                   ? " nbytes=21"
                   : "");

    SHOW("poll no subscriptions", __wasi_poll_oneoff(s, ev, 0, &n));

    t0 = now(__WASI_CLOCKID_MONOTONIC);
    struct timespec ts = {0, 15000000};
    nanosleep(&ts, NULL);
    dt = now(__WASI_CLOCKID_MONOTONIC) - t0;
    printf("nanosleep 15ms: %s\n", dt >= 15000000 ? "slept long enough" : "too short");
    struct timespec rt;
    clock_gettime(CLOCK_REALTIME, &rt);
    printf("libc clock_gettime/time agree: %s\n",
           labs((long)(time(NULL) - rt.tv_sec)) <= 1 ? "yes" : "no");
    return 0;
}

/*
 * xss-sampler: the domU side of XenSwitchSim's hardware mode.
 *
 * Stamps the hardware counter every interval into a binary log, the way the study's domU wrote a
 * timestamp every 4 ms: the last stamp before a pause marks "the domU stopped", the first after
 * an unpause "the domU runs". A small C program, because a garbage-collected runtime would
 * disturb a 4 ms sampler.
 *
 *   aarch64: CNTVCT_EL0 (user space cannot read CNTPCT_EL0: it traps to SIGILL). CNTVCT =
 *            CNTPCT - CNTVOFF, and Xen sets CNTVOFF once per domain at its creation, so the
 *            offset is constant for the domain's lifetime (xen-internals.md section 5). Give it
 *            with --offset-ticks if you know it (e.g. from a kernel module reading both counters);
 *            otherwise `xenswitchsim hw record --xentrace` brackets it from Xen's runstate records
 *            and the gaps each pause leaves in this log (docs/hardware.md, "Alignment").
 *   x86_64:  the TSC. A PV guest's rdtsc is native unless Xen emulates it (tsc_mode); the header
 *            records the cost of one read, and a read costing hundreds of ns means emulation,
 *            whose values Xen may offset and scale. hw record then checks the offset as on Arm.
 *
 * Log format (little-endian), read by src/Hardware/Sampler/SamplerLog.cs:
 *    0 char[8] "XSSAMPL1"     8 u32 version = 1      12 u32 arch (1 aarch64, 2 x86_64)
 *   16 u64 counter_hz         24 u64 interval_ns      32 u64 start_realtime_ns
 *   40 u64 start_counter      48 i64 offset_ticks     56 u32 offset_known   60 u32 read_cost_ns
 *   64 u64 stamp, one per sample, ascending.
 *
 * Modes: sleep (default): clock_nanosleep to absolute deadlines, then stamp (an idle vCPU blocks
 * between samples: measure.domU_idle = block); poll: spin on the counter and stamp when an
 * interval has passed (the vCPU never blocks: measure.domU_idle = poll).
 *
 * Build: cc -O2 -o xss-sampler xss-sampler.c   (cross: aarch64-linux-gnu-gcc -O2 -static ...)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BUF_STAMPS 256

static volatile sig_atomic_t stop;

static void on_signal(int sig) { (void)sig; stop = 1; }

#if defined(__aarch64__)
#define ARCH_ID 1
static inline uint64_t read_counter(void)
{
    uint64_t v;
    __asm__ __volatile__("isb; mrs %0, cntvct_el0" : "=r"(v) : : "memory");
    return v;
}
static uint64_t counter_hz(void)
{
    uint64_t f;
    __asm__ __volatile__("mrs %0, cntfrq_el0" : "=r"(f));
    return f;
}
#elif defined(__x86_64__)
#define ARCH_ID 2
static inline uint64_t read_counter(void)
{
    uint32_t lo, hi;
    __asm__ __volatile__("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
    return ((uint64_t)hi << 32) | lo;
}
static uint64_t ns_now(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}
/* The TSC rate against CLOCK_MONOTONIC_RAW over 200 ms. */
static uint64_t counter_hz(void)
{
    uint64_t t0 = ns_now(CLOCK_MONOTONIC_RAW), c0 = read_counter();
    struct timespec d = {0, 200000000};
    nanosleep(&d, NULL);
    uint64_t t1 = ns_now(CLOCK_MONOTONIC_RAW), c1 = read_counter();
    return t1 > t0 ? (uint64_t)((double)(c1 - c0) * 1e9 / (double)(t1 - t0)) : 0;
}
#else
#error "xss-sampler supports aarch64 (CNTVCT_EL0) and x86_64 (TSC)"
#endif

static uint64_t realtime_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Median cost of one counter read, in ns, from 101 batches of 100 reads. */
static uint32_t read_cost_ns(uint64_t hz)
{
    uint64_t d[101];
    for (int i = 0; i < 101; i++) {
        uint64_t a = read_counter();
        for (int k = 0; k < 100; k++) (void)read_counter();
        d[i] = read_counter() - a;
    }
    qsort(d, 101, sizeof d[0], cmp_u64);
    return hz ? (uint32_t)((double)d[50] * 1e9 / (double)hz / 101.0) : 0;
}

static void put32(unsigned char *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i)); }
static void put64(unsigned char *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i)); }

static int write_all(int fd, const void *buf, size_t n)
{
    const unsigned char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static void usage(const char *me)
{
    fprintf(stderr,
            "usage: %s -o LOG [-i INTERVAL_US] [-n COUNT] [-d SECONDS] [-m sleep|poll] [-c CPU]\n"
            "          [-f FIFO_PRIORITY] [--offset-ticks N]\n"
            "Stamps the counter (aarch64 CNTVCT_EL0, x86_64 TSC) every interval (default 4000 us)\n"
            "until COUNT stamps, SECONDS, or SIGINT/SIGTERM; writes LOG (see the source for the format).\n",
            me);
}

int main(int argc, char **argv)
{
    const char *out = NULL, *mode = "sleep";
    long interval_us = 4000, count = -1, seconds = -1, cpu = -1, fifo = 0;
    int64_t offset = 0;
    int offset_known = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(argv[0]); return 0; }
        if (!v) { usage(argv[0]); return 2; }
        if (!strcmp(a, "-o")) out = v;
        else if (!strcmp(a, "-i")) interval_us = strtol(v, NULL, 10);
        else if (!strcmp(a, "-n")) count = strtol(v, NULL, 10);
        else if (!strcmp(a, "-d")) seconds = strtol(v, NULL, 10);
        else if (!strcmp(a, "-m")) mode = v;
        else if (!strcmp(a, "-c")) cpu = strtol(v, NULL, 10);
        else if (!strcmp(a, "-f")) fifo = strtol(v, NULL, 10);
        else if (!strcmp(a, "--offset-ticks")) { offset = strtoll(v, NULL, 10); offset_known = 1; }
        else { usage(argv[0]); return 2; }
        i++;
    }
    if (!out || interval_us < 10 || interval_us > 10000000 || (strcmp(mode, "sleep") && strcmp(mode, "poll"))) {
        usage(argv[0]);
        return 2;
    }

    if (cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET((int)cpu, &set);
        if (sched_setaffinity(0, sizeof set, &set)) perror("xss-sampler: sched_setaffinity");
    }
    if (fifo > 0) {
        struct sched_param sp = {.sched_priority = (int)fifo};
        if (sched_setscheduler(0, SCHED_FIFO, &sp)) perror("xss-sampler: sched_setscheduler");
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) { perror(out); return 1; }

    uint64_t hz = counter_hz();
    uint32_t cost = read_cost_ns(hz);
    if (ARCH_ID == 2 && cost > 500)
        fprintf(stderr, "xss-sampler: warning: one TSC read costs %u ns: Xen probably emulates rdtsc for this guest\n", cost);
    uint64_t interval_ns = (uint64_t)interval_us * 1000u;
    uint64_t interval_ticks = hz ? (uint64_t)((double)interval_ns * (double)hz / 1e9) : 0;

    unsigned char header[64];
    memset(header, 0, sizeof header);
    memcpy(header, "XSSAMPL1", 8);
    put32(header + 8, 1);
    put32(header + 12, ARCH_ID);
    put64(header + 16, hz);
    put64(header + 24, interval_ns);
    put64(header + 32, realtime_ns());
    uint64_t start = read_counter();
    put64(header + 40, start);
    put64(header + 48, (uint64_t)offset);
    put32(header + 56, (uint32_t)offset_known);
    put32(header + 60, cost);
    if (write_all(fd, header, sizeof header)) { perror(out); return 1; }

    unsigned char buf[BUF_STAMPS * 8];
    int in_buf = 0;
    long written = 0;
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    struct timespec end = next;
    end.tv_sec += seconds > 0 ? seconds : 0;
    int poll = !strcmp(mode, "poll");
    uint64_t last = read_counter();

    while (!stop && (count < 0 || written < count)) {
        uint64_t stamp;
        if (poll) {
            do stamp = read_counter();
            while (!stop && stamp - last < interval_ticks);
            if (stop) break;
        } else {
            next.tv_nsec += (long)(interval_ns % 1000000000u);
            next.tv_sec += (time_t)(interval_ns / 1000000000u) + next.tv_nsec / 1000000000L;
            next.tv_nsec %= 1000000000L;
            int r;
            do r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
            while (r == EINTR && !stop);
            if (stop) break;
            stamp = read_counter();
            /* After a pause the deadlines lie in the past: start again from now rather than burst. */
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            if (now.tv_sec > next.tv_sec + 1 || (now.tv_sec - next.tv_sec) * 1000000000L + (now.tv_nsec - next.tv_nsec) > (long)interval_ns)
                next = now;
        }
        last = stamp;
        put64(buf + 8 * in_buf, stamp);
        written++;
        if (++in_buf == BUF_STAMPS) {
            if (write_all(fd, buf, sizeof buf)) { perror(out); return 1; }
            in_buf = 0;
        }
        if (seconds > 0) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            if (now.tv_sec > end.tv_sec || (now.tv_sec == end.tv_sec && now.tv_nsec >= end.tv_nsec)) break;
        }
    }
    if (in_buf && write_all(fd, buf, (size_t)in_buf * 8)) { perror(out); return 1; }
    fsync(fd);
    close(fd);
    fprintf(stderr, "xss-sampler: %ld stamps, counter %" PRIu64 " Hz, interval %ld us, read %u ns\n", written, hz, interval_us, cost);
    (void)start;
    return 0;
}

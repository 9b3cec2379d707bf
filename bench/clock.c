/* Prints a clock in seconds with nanoseconds: "mono" (CLOCK_MONOTONIC, default) or "boot"
 * (CLOCK_BOOTTIME, the clock /proc/uptime shows, so the bench can compare its own timestamps
 * with those the containers log). A C helper because it must cost ~1 ms, not a JVM or Python. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv) {
    clockid_t id = (argc > 1 && strcmp(argv[1], "boot") == 0) ? CLOCK_BOOTTIME : CLOCK_MONOTONIC;
    struct timespec ts;
    if (clock_gettime(id, &ts) != 0) {
        perror("clock_gettime");
        return 1;
    }
    printf("%ld.%09ld\n", (long) ts.tv_sec, ts.tv_nsec);
    return 0;
}

/* A minimal StatsD receiver for afl-fuzz's AFL_STATSD metrics ("fuzzing.NAME:VALUE|g" lines):
 * listens on 127.0.0.1:PORT (UDP; loopback works with --network none) and keeps the latest
 * metrics as one "name=value name=value ..." line in FILE (replaced atomically), for run.sh to
 * print. AFL++ 4.04c writes fuzzer_stats only every 60 s and plot_data only after the first
 * minute, while StatsD metrics come every second. Usage: fuzzforge-statsd PORT FILE */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s PORT FILE\n", argv[0]);
        return 2;
    }
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)atoi(argv[1]));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        perror("fuzzforge-statsd: bind");
        return 1;
    }
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[2]);
    char buf[65536];
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
        if (n <= 0)
            continue;
        buf[n] = '\0';
        FILE *out = fopen(tmp, "w");
        if (!out)
            continue;
        int first = 1;
        for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
            /* fuzzing.execs_done:1234|g  (tags, when configured, are not used here) */
            if (strncmp(line, "fuzzing.", 8) != 0)
                continue;
            char *name = line + 8, *colon = strchr(name, ':'), *bar = strchr(name, '|');
            if (!colon || !bar || bar < colon)
                continue;
            *colon = '\0';
            *bar = '\0';
            fprintf(out, "%s%s=%s", first ? "" : " ", strcmp(name, "cycle_done") == 0 ? "cycles_done" : name,
                    colon + 1);
            first = 0;
        }
        fputc('\n', out);
        fclose(out);
        rename(tmp, argv[2]);
    }
}

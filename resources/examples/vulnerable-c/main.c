/* A small command-line tool with classic C mistakes, written to be found by FuzzForge's
 * c-cpp-static workflow. Do not use this code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void greet(const char *name)
{
    char buffer[16];
    strcpy(buffer, name); /* unbounded copy into a fixed buffer */
    printf(buffer);       /* user-controlled format string */
    printf("\n");
}

static int run_backup(const char *dir)
{
    char command[64];
    sprintf(command, "tar czf /tmp/backup.tgz %s", dir); /* overflow and shell injection */
    return system(command);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s NAME [DIR]\n", argv[0]);
        return 2;
    }
    greet(argv[1]);
    if (argc > 2)
        run_backup(argv[2]);
    print_table(argc);
    return 0;
}

#include <stdio.h>
#include <stdlib.h>

#include "util.h"

void print_table(int rows)
{
    int table[8];
    for (int i = 0; i <= 8; i++) /* off by one: writes table[8] */
        table[i] = i * rows;
    printf("%d\n", table[0]);

    char *scratch = malloc(32);
    if (rows > 100)
        return; /* leaks scratch */
    free(scratch);
}

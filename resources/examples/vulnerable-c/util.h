#ifndef UTIL_H
#define UTIL_H
void print_table(int rows);
#endif

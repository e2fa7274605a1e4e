/* A module importing a wasi_snapshot_preview1 function that does not exist
 * must fail at instantiation with an "unknown import" error (and never run). */
#include "common.h"

__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_bogus"))) int32_t
fd_bogus(int32_t fd);

int main(void)
{
    printf("running\n");
    return fd_bogus(1);
}

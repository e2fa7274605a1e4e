/* proc_exit from deep inside the call stack: exit() runs atexit handlers,
 * flushes stdio and the status becomes the process's exit status. */
#include <stdlib.h>

#include "common.h"

static void bye(void)
{
    printf("atexit handler ran\n");
}

static int depth(int n)
{
    if (n == 0) {
        printf("exiting from depth 0\n");
        exit(42);
    }
    return depth(n - 1) + 1;
}

int main(void)
{
    atexit(bye);
    printf("buffered before exit");
    printf(" (no newline yet)\n");
    int r = depth(50);
    printf("not reached %d\n", r);
    return 0;
}

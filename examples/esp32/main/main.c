/*
 * main.c - fayasm on an ESP32: run fib from a WebAssembly module in flash.
 *
 * The module bytes (examples/wasm/fib.wasm) are embedded in the firmware
 * image by main/CMakeLists.txt (EMBED_FILES), so they stay in flash;
 * fa_module_load copies them into RAM once. The runtime gets small limits
 * (a 16 KiB value stack, 256 frames) and a counting allocator hook so the
 * app can print how much heap fayasm used.
 *
 * Expected output on the serial monitor:
 *   fayasm 0.1.0: module 124 bytes from flash
 *   fib(20) = 6765 in N us
 *   fayasm heap: peak N bytes, N in use
 *
 * Without ESP-IDF (ESP_PLATFORM undefined) the same code builds as a host
 * program whose main() calls app_main(), with the bytes from an `xxd -i`
 * dump named by FIB_WASM_INC: that is how it was tested where no ESP32 was
 * at hand (docs/portability.md).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fayasm.h"

#if defined(ESP_PLATFORM)
#include "esp_timer.h"
extern const uint8_t fib_wasm_start[] __asm__("_binary_fib_wasm_start");
extern const uint8_t fib_wasm_end[] __asm__("_binary_fib_wasm_end");
static int64_t now_us(void) { return esp_timer_get_time(); }
#else
/* Host test: the bytes come from the build (FIB_WASM_INC, an xxd -i dump). */
#include <time.h>
static const uint8_t fib_wasm_start[] = {
#include FIB_WASM_INC
};
#define fib_wasm_end (fib_wasm_start + sizeof fib_wasm_start)
static int64_t now_us(void) { return (int64_t)clock() * 1000000 / CLOCKS_PER_SEC; }
#endif

/* Counts fayasm's heap use (fa_config.alloc: realloc semantics). */
typedef struct heap_count {
    size_t cur, peak;
} heap_count;

static void *counting_alloc(void *user, void *ptr, size_t old_size, size_t new_size)
{
    heap_count *h = user;
    if (new_size == 0) {
        free(ptr);
        h->cur -= old_size;
        return NULL;
    }
    void *p = realloc(ptr, new_size);
    if (p) {
        h->cur = h->cur - old_size + new_size;
        if (h->cur > h->peak)
            h->peak = h->cur;
    }
    return p;
}

void app_main(void)
{
    heap_count heap = {0, 0};
    fa_config cfg;
    fa_config_default(&cfg);
    cfg.stack_slots = 2048;     /* 16 KiB of value stack */
    cfg.max_call_depth = 256;   /* 3 KiB of frames */
    cfg.max_reentry = 4;
    cfg.max_memory_pages = 2;   /* no module may take more than 128 KiB */
    cfg.alloc = counting_alloc;
    cfg.alloc_user = &heap;

    size_t len = (size_t)(fib_wasm_end - fib_wasm_start);
    printf("fayasm %s: module %u bytes from flash\n", FA_VERSION_STRING, (unsigned)len);

    fa_runtime *rt = fa_runtime_new(&cfg);
    if (!rt) {
        printf("fayasm: out of memory\n");
        return;
    }
    fa_module *mod;
    fa_instance *inst;
    fa_error err;
    fa_value arg = fa_i32(20), res;
    int64_t t0 = now_us();
    if (fa_module_load(rt, fib_wasm_start, len, &mod, &err) == FA_OK &&
        fa_instance_new(rt, mod, &inst, &err) == FA_OK &&
        fa_func_call(fa_instance_func(inst, "fib"), &arg, 1, &res, 1, &err) == FA_OK) {
        printf("fib(20) = %ld in %ld us\n", (long)res.of.i32, (long)(now_us() - t0));
    } else {
        printf("fayasm error: %s\n", err.message);
    }
    printf("fayasm heap: peak %u bytes, %u in use\n", (unsigned)heap.peak, (unsigned)heap.cur);
    fa_runtime_free(rt);
}

#if !defined(ESP_PLATFORM)
int main(void)
{
    app_main();
    return 0;
}
#endif

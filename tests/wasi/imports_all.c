/* Every wasi_snapshot_preview1 function is importable: this module imports
 * all 46 (proc_raise through a raw import, wasi-libc no longer declares it),
 * so instantiation proves each name and signature is provided. Then
 * proc_raise: an ignored signal returns, SIGTERM ends the program with
 * status 128 + 15. */
#include "common.h"

#define IMP(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
IMP(proc_raise) int32_t raw_proc_raise(int32_t sig);

volatile int sink;

int main(void)
{
    void *all[] = {(void *)__wasi_args_get,
                   (void *)__wasi_args_sizes_get,
                   (void *)__wasi_environ_get,
                   (void *)__wasi_environ_sizes_get,
                   (void *)__wasi_clock_res_get,
                   (void *)__wasi_clock_time_get,
                   (void *)__wasi_fd_advise,
                   (void *)__wasi_fd_allocate,
                   (void *)__wasi_fd_close,
                   (void *)__wasi_fd_datasync,
                   (void *)__wasi_fd_fdstat_get,
                   (void *)__wasi_fd_fdstat_set_flags,
                   (void *)__wasi_fd_fdstat_set_rights,
                   (void *)__wasi_fd_filestat_get,
                   (void *)__wasi_fd_filestat_set_size,
                   (void *)__wasi_fd_filestat_set_times,
                   (void *)__wasi_fd_pread,
                   (void *)__wasi_fd_prestat_get,
                   (void *)__wasi_fd_prestat_dir_name,
                   (void *)__wasi_fd_pwrite,
                   (void *)__wasi_fd_read,
                   (void *)__wasi_fd_readdir,
                   (void *)__wasi_fd_renumber,
                   (void *)__wasi_fd_seek,
                   (void *)__wasi_fd_sync,
                   (void *)__wasi_fd_tell,
                   (void *)__wasi_fd_write,
                   (void *)__wasi_path_create_directory,
                   (void *)__wasi_path_filestat_get,
                   (void *)__wasi_path_filestat_set_times,
                   (void *)__wasi_path_link,
                   (void *)__wasi_path_open,
                   (void *)__wasi_path_readlink,
                   (void *)__wasi_path_remove_directory,
                   (void *)__wasi_path_rename,
                   (void *)__wasi_path_symlink,
                   (void *)__wasi_path_unlink_file,
                   (void *)__wasi_poll_oneoff,
                   (void *)__wasi_proc_exit,
                   (void *)__wasi_sched_yield,
                   (void *)__wasi_random_get,
                   (void *)__wasi_sock_accept,
                   (void *)__wasi_sock_recv,
                   (void *)__wasi_sock_send,
                   (void *)__wasi_sock_shutdown,
                   (void *)raw_proc_raise};
    for (unsigned i = 0; i < sizeof all / sizeof all[0]; i++)
        sink += (int)(uintptr_t)all[i];
    printf("imported %u functions\n", (unsigned)(sizeof all / sizeof all[0]));
    printf("proc_raise SIGCHLD (ignored): %s\n", en(raw_proc_raise(16)));
    printf("proc_raise SIGWINCH (ignored): %s\n", en(raw_proc_raise(27)));
    printf("proc_raise 99: %s\n", en(raw_proc_raise(99)));
    printf("proc_raise SIGTERM...\n");
    fflush(stdout);
    raw_proc_raise(15);
    printf("not reached\n");
    return 0;
}

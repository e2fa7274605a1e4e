/* The sandbox: nothing outside the preopened directory is reachable, through
 * "..", absolute paths, or symlinks (absolute targets, targets that climb
 * out, links in intermediate components, trailing slashes), for every path
 * function; symlink loops give ELOOP. The driver puts a file "secret" in a
 * sibling directory "outside" next to the sandbox and checks afterwards that
 * "outside" is unchanged. */
#include <fcntl.h>
#include <unistd.h>

#include "common.h"

#define FOLLOW __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW
#define W (__WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_READ)

/* Opens, reads and reports: OK [first line] or the errno. */
static void try_open(__wasi_fd_t dir, const char *path, int follow)
{
    __wasi_fd_t fd;
    __wasi_errno_t e = open_at(dir, path, follow ? FOLLOW : 0, 0, R_READ, &fd);
    if (e) {
        printf("open %s%s: %s\n", path, follow ? " (follow)" : "", en(e));
        return;
    }
    char buf[64] = {0};
    __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf - 1};
    __wasi_size_t n = 0;
    __wasi_fd_read(fd, &iov, 1, &n);
    char *nl = strchr(buf, '\n');
    if (nl)
        *nl = 0;
    printf("open %s%s: OK [%s]\n", path, follow ? " (follow)" : "", buf);
    (void)__wasi_fd_close(fd);
}

static void try_stat(const char *path, int follow)
{
    __wasi_filestat_t st;
    __wasi_errno_t e = __wasi_path_filestat_get(SANDBOX_FD, follow ? FOLLOW : 0, path, &st);
    if (e)
        printf("stat %s%s: %s\n", path, follow ? " (follow)" : "", en(e));
    else
        printf("stat %s%s: OK type=%d\n", path, follow ? " (follow)" : "", st.filetype);
}

int main(void)
{
    printf("-- dot-dot\n");
    try_open(SANDBOX_FD, "../outside/secret", 1);
    try_open(SANDBOX_FD, "..", 1);
    try_open(SANDBOX_FD, "sub/../../outside/secret", 1);
    try_open(SANDBOX_FD, "sub/../file.txt", 1);
    try_open(SANDBOX_FD, "./sub/./../sub/inner.txt", 1);
    try_open(SANDBOX_FD, "sub/../..", 1);

    printf("-- absolute paths\n");
    try_open(SANDBOX_FD, "/etc/passwd", 1);
    try_open(SANDBOX_FD, "/", 1);
    try_open(SANDBOX_FD, "//sandbox/file.txt", 1);

    printf("-- symlinks\n");
    try_open(SANDBOX_FD, "abs_link", 1);
    try_open(SANDBOX_FD, "abs_inside", 1);
    try_open(SANDBOX_FD, "up_link", 1);
    try_open(SANDBOX_FD, "up_dir/secret", 1);
    try_open(SANDBOX_FD, "up_dir/secret", 0);
    try_open(SANDBOX_FD, "sub/deep_up", 1);
    try_open(SANDBOX_FD, "sub/ok_up", 1);
    try_open(SANDBOX_FD, "chain1", 1);
    try_open(SANDBOX_FD, "dot_link/file.txt", 1);
    try_open(SANDBOX_FD, "updot/outside/secret", 1);
    try_open(SANDBOX_FD, "dot_link/dot_link/dot_link/../outside/secret", 1);

    printf("-- symlink loops\n");
    try_open(SANDBOX_FD, "loop1", 1);
    try_open(SANDBOX_FD, "loop1/x", 0);
    try_open(SANDBOX_FD, "self", 1);

    printf("-- stat, readlink, trailing slash\n");
    try_stat("up_link", 0);
    try_stat("up_link", 1);
    try_stat("up_dir", 1);
    try_stat("up_dir/", 0);
    try_stat("up_dir/.", 0);
    try_stat("abs_link", 1);
    try_stat("../outside", 0);
    try_stat("sub/ok_up", 1);
    char buf[128] = {0};
    __wasi_size_t used = 0;
    SHOW("readlink up_link",
         __wasi_path_readlink(SANDBOX_FD, "up_link", (uint8_t *)buf, sizeof buf, &used));
    printf("target=[%.*s]\n", (int)used, buf);
    SHOW("readlink ../outside/x",
         __wasi_path_readlink(SANDBOX_FD, "../outside/x", (uint8_t *)buf, sizeof buf, &used));

    printf("-- creating and changing things outside\n");
    __wasi_fd_t fd;
    SHOW("mkdir ../evil", __wasi_path_create_directory(SANDBOX_FD, "../evil"));
    SHOW("mkdir up_dir/evil", __wasi_path_create_directory(SANDBOX_FD, "up_dir/evil"));
    SHOW("create up_dir/created.txt",
         open_at(SANDBOX_FD, "up_dir/created.txt", 0, __WASI_OFLAGS_CREAT, W, &fd));
    SHOW("create ../created.txt",
         open_at(SANDBOX_FD, "../created.txt", 0, __WASI_OFLAGS_CREAT, W, &fd));
    SHOW("truncate up_link (follow)",
         open_at(SANDBOX_FD, "up_link", FOLLOW, __WASI_OFLAGS_TRUNC, W, &fd));
    SHOW("rename file.txt ../stolen",
         __wasi_path_rename(SANDBOX_FD, "file.txt", SANDBOX_FD, "../stolen"));
    SHOW("rename file.txt up_dir/stolen",
         __wasi_path_rename(SANDBOX_FD, "file.txt", SANDBOX_FD, "up_dir/stolen"));
    SHOW("rename ../outside/secret mine",
         __wasi_path_rename(SANDBOX_FD, "../outside/secret", SANDBOX_FD, "mine"));
    SHOW("rename up_dir/secret mine",
         __wasi_path_rename(SANDBOX_FD, "up_dir/secret", SANDBOX_FD, "mine"));
    SHOW("link up_link (follow) hard",
         __wasi_path_link(SANDBOX_FD, FOLLOW, "up_link", SANDBOX_FD, "hard"));
    SHOW("link up_dir/secret hard",
         __wasi_path_link(SANDBOX_FD, 0, "up_dir/secret", SANDBOX_FD, "hard"));
    SHOW("link file.txt ../hard",
         __wasi_path_link(SANDBOX_FD, 0, "file.txt", SANDBOX_FD, "../hard"));
    SHOW("symlink ../outside new_up", __wasi_path_symlink("../outside", SANDBOX_FD, "new_up"));
    try_open(SANDBOX_FD, "new_up/secret", 1);
    SHOW("symlink x ../new_link", __wasi_path_symlink("x", SANDBOX_FD, "../new_link"));
    SHOW("unlink ../outside/secret", __wasi_path_unlink_file(SANDBOX_FD, "../outside/secret"));
    SHOW("unlink up_dir/secret", __wasi_path_unlink_file(SANDBOX_FD, "up_dir/secret"));
    SHOW("rmdir ../outside", __wasi_path_remove_directory(SANDBOX_FD, "../outside"));
    SHOW("rmdir up_dir/", __wasi_path_remove_directory(SANDBOX_FD, "up_dir/"));
    SHOW("set times up_link (follow)",
         __wasi_path_filestat_set_times(SANDBOX_FD, FOLLOW, "up_link", 0, 0, __WASI_FSTFLAGS_MTIM));
    SHOW("set times ../outside/secret",
         __wasi_path_filestat_set_times(SANDBOX_FD, 0, "../outside/secret", 0, 0,
                                        __WASI_FSTFLAGS_MTIM));

    printf("-- a subdirectory fd is a root of its own\n");
    __wasi_fd_t sub;
    SHOW("open sub",
         open_at(SANDBOX_FD, "sub", 0, __WASI_OFLAGS_DIRECTORY,
                 R_READ | __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_PATH_FILESTAT_GET, &sub));
    try_open(sub, "inner.txt", 1);
    try_open(sub, "../file.txt", 1);
    try_open(sub, "ok_up", 1);

    printf("-- through wasi-libc\n");
    SHOWC("libc open /sandbox/../outside/secret", open("/sandbox/../outside/secret", O_RDONLY));
    SHOWC("libc open /sandbox/up_link", open("/sandbox/up_link", O_RDONLY));
    SHOWC("libc open /sandbox/sub/ok_up", open("/sandbox/sub/ok_up", O_RDONLY));
    return 0;
}

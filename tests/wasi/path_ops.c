/* Paths: create/remove directory, unlink, rename, link, symlink, readlink,
 * path_filestat_get/set_times with and without SYMLINK_FOLLOW, path_open
 * oflags (CREAT, EXCL, TRUNC, DIRECTORY), and the libc functions on top. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

#define FOLLOW __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW
#define W (__WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_FILESTAT_GET)

static void stat_show(const char *path, int follow)
{
    __wasi_filestat_t st;
    __wasi_errno_t e = __wasi_path_filestat_get(SANDBOX_FD, follow ? FOLLOW : 0, path, &st);
    if (e)
        printf("stat %s%s: %s\n", path, follow ? " (follow)" : "", en(e));
    else
        printf("stat %s%s: type=%d size=%llu nlink=%llu\n", path, follow ? " (follow)" : "",
               st.filetype,
               st.filetype == __WASI_FILETYPE_DIRECTORY ? 0ull : (unsigned long long)st.size,
               st.filetype == __WASI_FILETYPE_DIRECTORY ? 0ull : (unsigned long long)st.nlink);
}

static void write_file(const char *path, const char *text)
{
    __wasi_fd_t fd;
    __wasi_errno_t e =
        open_at(SANDBOX_FD, path, 0, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, W, &fd);
    if (e) {
        printf("write %s: %s\n", path, en(e));
        return;
    }
    __wasi_ciovec_t v = {(const uint8_t *)text, strlen(text)};
    __wasi_size_t n;
    printf("write %s: %s\n", path, en(__wasi_fd_write(fd, &v, 1, &n)));
    (void)__wasi_fd_close(fd);
}

int main(void)
{
    __wasi_fd_t fd;
    SHOW("mkdir newdir", __wasi_path_create_directory(SANDBOX_FD, "newdir"));
    SHOW("mkdir newdir again", __wasi_path_create_directory(SANDBOX_FD, "newdir"));
    SHOW("mkdir missing/x", __wasi_path_create_directory(SANDBOX_FD, "missing/x"));
    SHOW("mkdir file.txt/x", __wasi_path_create_directory(SANDBOX_FD, "file.txt/x"));
    stat_show("newdir", 0);
    write_file("newdir/f", "abc");
    SHOW("rename newdir/f newdir/g",
         __wasi_path_rename(SANDBOX_FD, "newdir/f", SANDBOX_FD, "newdir/g"));
    stat_show("newdir/f", 0);
    stat_show("newdir/g", 0);
    SHOW("rename newdir renamed", __wasi_path_rename(SANDBOX_FD, "newdir", SANDBOX_FD, "renamed"));
    SHOW("rename file onto a directory",
         __wasi_path_rename(SANDBOX_FD, "file.txt", SANDBOX_FD, "dir"));
    SHOW("rename dir onto a non-empty dir",
         __wasi_path_rename(SANDBOX_FD, "renamed", SANDBOX_FD, "nonempty"));
    SHOW("rename missing", __wasi_path_rename(SANDBOX_FD, "missing", SANDBOX_FD, "x"));

    SHOW("link file.txt hard.txt",
         __wasi_path_link(SANDBOX_FD, 0, "file.txt", SANDBOX_FD, "hard.txt"));
    SHOW("link onto existing", __wasi_path_link(SANDBOX_FD, 0, "file.txt", SANDBOX_FD, "hard.txt"));
    stat_show("file.txt", 0);
    stat_show("hard.txt", 0);
    __wasi_filestat_t s1, s2;
    __wasi_path_filestat_get(SANDBOX_FD, 0, "file.txt", &s1);
    __wasi_path_filestat_get(SANDBOX_FD, 0, "hard.txt", &s2);
    printf("same inode: %s\n", s1.ino == s2.ino && s1.dev == s2.dev ? "yes" : "no");

    SHOW("symlink soft -> file.txt", __wasi_path_symlink("file.txt", SANDBOX_FD, "soft"));
    SHOW("symlink onto existing", __wasi_path_symlink("file.txt", SANDBOX_FD, "soft"));
    SHOW("symlink dangling -> nowhere", __wasi_path_symlink("nowhere", SANDBOX_FD, "dangling"));
    char buf[64] = {0};
    __wasi_size_t used = 0;
    SHOW("readlink soft",
         __wasi_path_readlink(SANDBOX_FD, "soft", (uint8_t *)buf, sizeof buf, &used));
    printf("target=[%.*s] len=%u\n", (int)used, buf, (unsigned)used);
    SHOW("readlink file.txt",
         __wasi_path_readlink(SANDBOX_FD, "file.txt", (uint8_t *)buf, sizeof buf, &used));
    stat_show("soft", 0);
    stat_show("soft", 1);
    stat_show("dangling", 0);
    stat_show("dangling", 1);
    SHOW("open soft (follow)", open_at(SANDBOX_FD, "soft", FOLLOW, 0, R_READ, &fd));
    (void)__wasi_fd_close(fd);
    SHOW("open dangling (follow)", open_at(SANDBOX_FD, "dangling", FOLLOW, 0, R_READ, &fd));

    __wasi_timestamp_t mt = 1500000000ull * 1000000000ull;
    SHOW("path_filestat_set_times file.txt",
         __wasi_path_filestat_set_times(SANDBOX_FD, 0, "file.txt", 0, mt, __WASI_FSTFLAGS_MTIM));
    __wasi_path_filestat_get(SANDBOX_FD, 0, "file.txt", &s1);
    printf("mtim seconds=%llu\n", (unsigned long long)(s1.mtim / 1000000000ull));
    SHOW("path_filestat_set_times soft (follow)",
         __wasi_path_filestat_set_times(SANDBOX_FD, FOLLOW, "soft", 0, mt + 5000000000ull,
                                        __WASI_FSTFLAGS_MTIM));
    __wasi_path_filestat_get(SANDBOX_FD, 0, "file.txt", &s1);
    printf("mtim seconds=%llu\n", (unsigned long long)(s1.mtim / 1000000000ull));

    SHOW("open file.txt O_DIRECTORY",
         open_at(SANDBOX_FD, "file.txt", 0, __WASI_OFLAGS_DIRECTORY, R_READ, &fd));
    SHOW("open file.txt/", open_at(SANDBOX_FD, "file.txt/", 0, 0, R_READ, &fd));
    SHOW("open missing", open_at(SANDBOX_FD, "missing", 0, 0, R_READ, &fd));
    SHOW("open dir for writing", open_at(SANDBOX_FD, "dir", 0, 0, W, &fd));
    SHOW("open dir/ O_DIRECTORY",
         open_at(SANDBOX_FD, "dir/", 0, __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, &fd));
    (void)__wasi_fd_close(fd);
    SHOW("open ./dir/../file.txt", open_at(SANDBOX_FD, "./dir/../file.txt", 0, 0, R_READ, &fd));
    (void)__wasi_fd_close(fd);
    SHOW("open relative to a subdirectory fd", ({
             __wasi_fd_t sub, f;
             __wasi_errno_t e_ = open_at(SANDBOX_FD, "dir", 0, __WASI_OFLAGS_DIRECTORY,
                                         R_READ | __WASI_RIGHTS_PATH_OPEN, &sub);
             if (!e_)
                 e_ = open_at(sub, "inner.txt", 0, 0, R_READ, &f);
             e_;
         }));
    SHOW("create with EXCL on existing",
         open_at(SANDBOX_FD, "file.txt", 0, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, W, &fd));
    SHOW("create without EXCL on existing",
         open_at(SANDBOX_FD, "hard.txt", 0, __WASI_OFLAGS_CREAT, W, &fd));
    (void)__wasi_fd_close(fd);
    write_file("trunc.txt", "a long first version\n");
    write_file("trunc.txt", "short\n");
    stat_show("trunc.txt", 0);

    SHOW("unlink dir", __wasi_path_unlink_file(SANDBOX_FD, "dir"));
    SHOW("unlink hard.txt", __wasi_path_unlink_file(SANDBOX_FD, "hard.txt"));
    SHOW("unlink missing", __wasi_path_unlink_file(SANDBOX_FD, "missing"));
    SHOW("unlink dangling (the link itself)", __wasi_path_unlink_file(SANDBOX_FD, "dangling"));
    stat_show("file.txt", 0);
    SHOW("rmdir nonempty", __wasi_path_remove_directory(SANDBOX_FD, "nonempty"));
    SHOW("rmdir file.txt", __wasi_path_remove_directory(SANDBOX_FD, "file.txt"));
    SHOW("unlink renamed/g", __wasi_path_unlink_file(SANDBOX_FD, "renamed/g"));
    SHOW("rmdir renamed", __wasi_path_remove_directory(SANDBOX_FD, "renamed"));
    SHOW("rmdir missing", __wasi_path_remove_directory(SANDBOX_FD, "missing"));

    /* The same through wasi-libc. */
    struct stat st;
    SHOWC("libc mkdir", mkdir("/sandbox/libc", 0755));
    SHOWC("libc stat", stat("/sandbox/libc", &st));
    printf("is dir: %d\n", S_ISDIR(st.st_mode));
    FILE *f = fopen("/sandbox/libc/note.txt", "w");
    printf("fopen w: %s\n", f ? "OK" : en(errno));
    fprintf(f, "written by fprintf %d\n", 42);
    fclose(f);
    SHOWC("libc rename", rename("/sandbox/libc/note.txt", "/sandbox/libc/moved.txt"));
    SHOWC("libc symlink", symlink("moved.txt", "/sandbox/libc/ln"));
    ssize_t n = readlink("/sandbox/libc/ln", buf, sizeof buf);
    printf("libc readlink: %.*s\n", (int)n, buf);
    SHOWC("libc link", link("/sandbox/libc/moved.txt", "/sandbox/libc/hard"));
    SHOWC("libc unlink", unlink("/sandbox/libc/hard"));
    SHOWC("libc rmdir non-empty", rmdir("/sandbox/libc"));
    SHOWC("libc access", access("/sandbox/libc/moved.txt", R_OK));
    SHOWC("libc open missing", open("/sandbox/libc/missing", O_RDONLY));
    f = fopen("/sandbox/libc/ln", "r");
    fgets(buf, sizeof buf, f);
    printf("through the symlink: %s", buf);
    fclose(f);
    return 0;
}

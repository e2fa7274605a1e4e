/*
 * wordfreq - a small real program: counts word frequencies in text files.
 *
 *   wordfreq [-i] [-n TOP] [-o REPORT] [-x INDEXDIR] PATH...
 *
 * PATH is a file, a directory (walked recursively, *.txt files only, in
 * sorted order) or "-" for standard input. Words are runs of letters, with
 * inner apostrophes; -i folds case. The report (stdout, or REPORT written
 * atomically through a temporary file and rename) lists the TOP most
 * frequent words, ties in alphabetical order. -x writes one file per top
 * word into INDEXDIR (created if missing) naming the inputs it occurs in.
 * Exit status: 0, 1 if an input could not be read, 2 on bad usage.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct entry {
    char *word;
    unsigned count;
    unsigned nfiles;
    unsigned last_file; /* index+1 of the last file that counted it */
    unsigned *files;
} entry;

static entry *table;
static size_t cap, used;
static char **inputs;
static size_t n_inputs;
static int fold;
static unsigned long total_words, total_lines;
static int status;

static unsigned long hash(const char *s)
{
    unsigned long h = 1469598103u;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

static void grow(void)
{
    size_t ncap = cap ? cap * 2 : 256;
    entry *n = calloc(ncap, sizeof *n);
    if (!n) {
        fprintf(stderr, "wordfreq: out of memory\n");
        exit(2);
    }
    for (size_t i = 0; i < cap; i++) {
        if (!table[i].word)
            continue;
        size_t j = hash(table[i].word) & (ncap - 1);
        while (n[j].word)
            j = (j + 1) & (ncap - 1);
        n[j] = table[i];
    }
    free(table);
    table = n;
    cap = ncap;
}

static void count_word(const char *w, unsigned file)
{
    if ((used + 1) * 4 >= cap * 3)
        grow();
    size_t j = hash(w) & (cap - 1);
    while (table[j].word && strcmp(table[j].word, w) != 0)
        j = (j + 1) & (cap - 1);
    entry *e = &table[j];
    if (!e->word) {
        e->word = strdup(w);
        used++;
    }
    e->count++;
    total_words++;
    if (e->last_file != file + 1) {
        e->last_file = file + 1;
        e->files = realloc(e->files, (e->nfiles + 1) * sizeof *e->files);
        e->files[e->nfiles++] = file;
    }
}

static void count_stream(FILE *f, const char *name)
{
    unsigned file = (unsigned)n_inputs;
    inputs = realloc(inputs, (n_inputs + 1) * sizeof *inputs);
    inputs[n_inputs++] = strdup(name);
    char word[128];
    size_t len = 0;
    unsigned long lines = 0, words_before = total_words;
    int c, prev = 0;
    while ((c = fgetc(f)) != EOF) {
        if (c == '\n')
            lines++;
        int letter = isalpha(c) || (c == '\'' && len > 0);
        if (letter && len + 1 < sizeof word) {
            word[len++] = (char)(fold ? tolower(c) : c);
        } else if (!letter && len > 0) {
            while (len > 0 && word[len - 1] == '\'')
                len--;
            word[len] = 0;
            if (len)
                count_word(word, file);
            len = 0;
        }
        prev = c;
    }
    if (len > 0) {
        while (len > 0 && word[len - 1] == '\'')
            len--;
        word[len] = 0;
        if (len)
            count_word(word, file);
    }
    if (prev && prev != '\n')
        lines++;
    total_lines += lines;
    printf("%-32s %5lu lines %6lu words\n", name, lines, total_words - words_before);
}

static void count_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "wordfreq: cannot open %s: %s\n", path, strerror(errno));
        status = 1;
        return;
    }
    count_stream(f, path);
    fclose(f);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void walk(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "wordfreq: cannot open %s: %s\n", path, strerror(errno));
        status = 1;
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        count_file(path);
        return;
    }
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "wordfreq: cannot list %s: %s\n", path, strerror(errno));
        status = 1;
        return;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        names = realloc(names, (n + 1) * sizeof *names);
        names[n++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        char *child = malloc(strlen(path) + strlen(names[i]) + 2);
        sprintf(child, "%s/%s", path, names[i]);
        struct stat cs;
        if (stat(child, &cs) == 0 && (S_ISDIR(cs.st_mode) || ends_with(child, ".txt")))
            walk(child);
        free(child);
        free(names[i]);
    }
    free(names);
}

static int cmp_entry(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->word, y->word);
}

static void report(FILE *out, size_t top)
{
    fprintf(out, "inputs: %zu\nlines: %lu\nwords: %lu\ndistinct: %zu\n", n_inputs, total_lines,
            total_words, used);
    for (size_t i = 0; i < top && i < used; i++)
        fprintf(out, "%6u  %s\n", table[i].count, table[i].word);
}

static int write_index(const char *dir, size_t top)
{
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "wordfreq: cannot create %s: %s\n", dir, strerror(errno));
        return 1;
    }
    for (size_t i = 0; i < top && i < used; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s.idx", dir, table[i].word);
        FILE *f = fopen(path, "w");
        if (!f) {
            fprintf(stderr, "wordfreq: cannot write %s: %s\n", path, strerror(errno));
            return 1;
        }
        for (unsigned k = 0; k < table[i].nfiles; k++)
            fprintf(f, "%s\n", inputs[table[i].files[k]]);
        fclose(f);
    }
    return 0;
}

int main(int argc, char **argv)
{
    size_t top = 10;
    const char *out_path = NULL, *index_dir = NULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "-i") == 0)
            fold = 1;
        else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
            top = (size_t)strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            out_path = argv[++i];
        else if (strcmp(argv[i], "-x") == 0 && i + 1 < argc)
            index_dir = argv[++i];
        else {
            fprintf(stderr, "usage: wordfreq [-i] [-n TOP] [-o REPORT] [-x INDEXDIR] PATH...\n");
            return 2;
        }
    }
    if (i == argc) {
        fprintf(stderr, "usage: wordfreq [-i] [-n TOP] [-o REPORT] [-x INDEXDIR] PATH...\n");
        return 2;
    }
    grow();
    for (; i < argc; i++) {
        if (strcmp(argv[i], "-") == 0)
            count_stream(stdin, "(stdin)");
        else
            walk(argv[i]);
    }
    /* Compact the table, then sort by count and word. */
    size_t k = 0;
    for (size_t j = 0; j < cap; j++)
        if (table[j].word)
            table[k++] = table[j];
    qsort(table, used, sizeof *table, cmp_entry);

    if (out_path) {
        char tmp[512];
        snprintf(tmp, sizeof tmp, "%s.tmp", out_path);
        FILE *f = fopen(tmp, "w");
        if (!f) {
            fprintf(stderr, "wordfreq: cannot write %s: %s\n", tmp, strerror(errno));
            return 1;
        }
        report(f, top);
        if (fclose(f) != 0 || rename(tmp, out_path) != 0) {
            fprintf(stderr, "wordfreq: cannot write %s: %s\n", out_path, strerror(errno));
            return 1;
        }
        printf("report written to %s\n", out_path);
    } else {
        report(stdout, top);
    }
    if (index_dir && write_index(index_dir, top))
        return 1;
    return status;
}

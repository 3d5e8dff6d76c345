/*
 * lance-bench allocation tracker: a preloaded shared library that interposes the malloc family
 * and counts, process-wide, with atomics. Java reads the counters through JNA.
 *
 * Forwarding goes to glibc's __libc_* entry points, so there is no dlsym(RTLD_NEXT) bootstrap
 * problem (dlsym itself allocates). Sizes are measured with malloc_usable_size: no header is put
 * in front of a block, so the allocator's layout, alignment and malloc_usable_size stay as they
 * are. The counted bytes are the usable sizes, which are at least what was asked for.
 *
 * Reset semantics follow the Python suite's lance-memtest: reset zeroes every counter; peak is the
 * high-water mark of net new bytes since the reset; frees of blocks allocated before the reset
 * never drive current below zero.
 *
 * It also counts file IO on the files under the locations Java asks it to watch (the datasets'
 * folder): the read family (read, pread, readv, preadv, preadv2) and the write family (write,
 * pwrite, writev, pwritev, pwritev2), only on file descriptors that open/openat/creat (and their
 * 64 forms) returned for a path under a watched location, forgotten on close (and when dup2/dup3
 * replace them). Everything else (the JVM's jars, sockets, pipes, eventfd wake-ups) is not
 * counted. io_uring and mmap bypass these calls and are not seen.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *ptr, size_t size);
extern void __libc_free(void *ptr);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void *__libc_valloc(size_t size);
extern void *__libc_pvalloc(size_t size);

#define EXPORT __attribute__((visibility("default")))

/*
 * Counting, cheaply on many cores: the four totals live in a block per thread, written only by
 * their thread (relaxed atomic stores, no locked instruction), and summed over all blocks when
 * Java asks. Only `current` (and `peak`, when it rises) is shared, because the peak of net new
 * bytes needs one process-wide running sum.
 */
struct thread_block {
  _Atomic int64_t allocations;
  _Atomic int64_t frees;
  _Atomic int64_t bytes_allocated;
  _Atomic int64_t bytes_freed;
  /* the totals at the last reset, written by the resetting thread */
  _Atomic int64_t base[4];
  /* file IO on watched files: read calls, bytes read, write calls, bytes written (never reset:
   * Java takes differences) */
  _Atomic int64_t io[4];
  struct thread_block *next;
};

static _Atomic(struct thread_block *) blocks;
static _Atomic int64_t current;
static _Atomic int64_t peak;
static _Atomic int counting = 1;
static __thread struct thread_block *mine __attribute__((tls_model("initial-exec")));

/* The calling thread's block, made on its first counted call and kept for the process's life
 * (a finished thread's counts still belong to the totals). */
static inline struct thread_block *block(void) {
  struct thread_block *b = mine;
  if (__builtin_expect(b == NULL, 0)) {
    b = __libc_calloc(1, sizeof(struct thread_block));
    if (b == NULL) {
      return NULL;
    }
    struct thread_block *head = atomic_load(&blocks);
    do {
      b->next = head;
    } while (!atomic_compare_exchange_weak(&blocks, &head, b));
    mine = b;
  }
  return b;
}

static inline void bump(_Atomic int64_t *counter, int64_t by) {
  /* single writer: a plain load and store, made atomic only so other threads read whole values */
  atomic_store_explicit(counter, atomic_load_explicit(counter, memory_order_relaxed) + by,
                        memory_order_relaxed);
}

static inline void count_alloc(int64_t size) {
  struct thread_block *b = block();
  if (b != NULL) {
    bump(&b->allocations, 1);
    bump(&b->bytes_allocated, size);
  }
  int64_t now = atomic_fetch_add_explicit(&current, size, memory_order_relaxed) + size;
  int64_t high = atomic_load_explicit(&peak, memory_order_relaxed);
  while (now > high &&
         !atomic_compare_exchange_weak_explicit(&peak, &high, now, memory_order_relaxed,
                                                memory_order_relaxed)) {
  }
}

static inline void count_free(int64_t size) {
  struct thread_block *b = block();
  if (b != NULL) {
    bump(&b->frees, 1);
    bump(&b->bytes_freed, size);
  }
  int64_t now = atomic_load_explicit(&current, memory_order_relaxed);
  int64_t next;
  do {
    /* a block from before the reset: its bytes were never counted in current */
    next = now > size ? now - size : 0;
  } while (!atomic_compare_exchange_weak_explicit(&current, &now, next, memory_order_relaxed,
                                                  memory_order_relaxed));
}

static inline void on_alloc(void *ptr) {
  if (ptr == NULL || !atomic_load_explicit(&counting, memory_order_relaxed)) {
    return;
  }
  count_alloc((int64_t)malloc_usable_size(ptr));
}

/* Called before the block is released, while malloc_usable_size may still look at it. */
static inline void on_free(void *ptr) {
  if (ptr == NULL || !atomic_load_explicit(&counting, memory_order_relaxed)) {
    return;
  }
  count_free((int64_t)malloc_usable_size(ptr));
}

EXPORT void *malloc(size_t size) {
  void *ptr = __libc_malloc(size);
  on_alloc(ptr);
  return ptr;
}

EXPORT void *calloc(size_t n, size_t size) {
  void *ptr = __libc_calloc(n, size);
  on_alloc(ptr);
  return ptr;
}

/* realloc counts as the free of the old block and the allocation of the new one. */
EXPORT void *realloc(void *ptr, size_t size) {
  if (ptr == NULL) {
    return malloc(size);
  }
  if (size == 0) {
    free(ptr);
    return NULL;
  }
  int64_t old_size = (int64_t)malloc_usable_size(ptr);
  void *moved = __libc_realloc(ptr, size);
  if (moved != NULL && atomic_load_explicit(&counting, memory_order_relaxed)) {
    count_free(old_size);
    count_alloc((int64_t)malloc_usable_size(moved));
  }
  return moved;
}

EXPORT void *reallocarray(void *ptr, size_t n, size_t size) {
  size_t total;
  if (__builtin_mul_overflow(n, size, &total)) {
    errno = ENOMEM;
    return NULL;
  }
  return realloc(ptr, total);
}

EXPORT void free(void *ptr) {
  on_free(ptr);
  __libc_free(ptr);
}

EXPORT int posix_memalign(void **out, size_t alignment, size_t size) {
  if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0 || alignment == 0) {
    return EINVAL;
  }
  void *ptr = __libc_memalign(alignment, size);
  if (ptr == NULL) {
    return ENOMEM;
  }
  on_alloc(ptr);
  *out = ptr;
  return 0;
}

EXPORT void *aligned_alloc(size_t alignment, size_t size) {
  if (alignment == 0 || (alignment & (alignment - 1)) != 0) {
    errno = EINVAL;
    return NULL;
  }
  void *ptr = __libc_memalign(alignment, size);
  on_alloc(ptr);
  return ptr;
}

EXPORT void *memalign(size_t alignment, size_t size) {
  void *ptr = __libc_memalign(alignment, size);
  on_alloc(ptr);
  return ptr;
}

EXPORT void *valloc(size_t size) {
  void *ptr = __libc_valloc(size);
  on_alloc(ptr);
  return ptr;
}

EXPORT void *pvalloc(size_t size) {
  void *ptr = __libc_pvalloc(size);
  on_alloc(ptr);
  return ptr;
}

/* ---- the interface Java calls through JNA ---- */

/* Zeroes every process-wide counter: the per-thread totals get a new base. */
EXPORT void lance_bench_memtrack_reset(void) {
  for (struct thread_block *b = atomic_load(&blocks); b != NULL; b = b->next) {
    atomic_store(&b->base[0], atomic_load(&b->allocations));
    atomic_store(&b->base[1], atomic_load(&b->frees));
    atomic_store(&b->base[2], atomic_load(&b->bytes_allocated));
    atomic_store(&b->base[3], atomic_load(&b->bytes_freed));
  }
  atomic_store(&current, 0);
  atomic_store(&peak, 0);
}

/* out[0..5] = allocations, frees, bytes allocated, bytes freed (since the reset), current, peak. */
EXPORT void lance_bench_memtrack_stats(int64_t *out) {
  int64_t sums[4] = {0, 0, 0, 0};
  for (struct thread_block *b = atomic_load(&blocks); b != NULL; b = b->next) {
    sums[0] += atomic_load(&b->allocations) - atomic_load(&b->base[0]);
    sums[1] += atomic_load(&b->frees) - atomic_load(&b->base[1]);
    sums[2] += atomic_load(&b->bytes_allocated) - atomic_load(&b->base[2]);
    sums[3] += atomic_load(&b->bytes_freed) - atomic_load(&b->base[3]);
  }
  out[0] = sums[0];
  out[1] = sums[1];
  out[2] = sums[2];
  out[3] = sums[3];
  out[4] = atomic_load(&current);
  out[5] = atomic_load(&peak);
}

/* out[0..3] = the calling thread's allocations, frees, bytes allocated, bytes freed since it
 * started (never reset). */
EXPORT void lance_bench_memtrack_thread_stats(int64_t *out) {
  struct thread_block *b = mine;
  out[0] = b == NULL ? 0 : atomic_load(&b->allocations);
  out[1] = b == NULL ? 0 : atomic_load(&b->frees);
  out[2] = b == NULL ? 0 : atomic_load(&b->bytes_allocated);
  out[3] = b == NULL ? 0 : atomic_load(&b->bytes_freed);
}

/* 1: count (the default); 0: only forward, for measuring what counting costs. */
EXPORT void lance_bench_memtrack_set_counting(int on) {
  atomic_store(&counting, on ? 1 : 0);
}

/* ---- file IO on the watched locations ---- */

#define WATCHED_FDS 65536
#define MAX_LOCATIONS 8

/* 1 for a file descriptor opened on a path under a watched location */
static _Atomic unsigned char watched_fd[WATCHED_FDS];
static char locations[MAX_LOCATIONS][PATH_MAX];
static size_t location_length[MAX_LOCATIONS];
static _Atomic int location_count;

/* Forwarding: the next definition of each call (glibc's), looked up once. dlsym may allocate,
 * which goes through the malloc above and on to glibc's: no recursion. */
#define NEXT(name)                                                \
  static __typeof__(&name) next_##name;                           \
  if (__builtin_expect(next_##name == NULL, 0)) {                 \
    next_##name = (__typeof__(&name))dlsym(RTLD_NEXT, #name);     \
  }

static int under_a_location(const char *path) {
  int n = atomic_load_explicit(&location_count, memory_order_acquire);
  for (int i = 0; i < n; i++) {
    size_t len = location_length[i];
    if (strncmp(path, locations[i], len) == 0 && (path[len] == '/' || path[len] == '\0')) {
      return 1;
    }
  }
  return 0;
}

/* Whether the path (relative to dirfd, or to the working directory) lies under a location. */
static int watched_path(int dirfd, const char *path) {
  if (path == NULL || atomic_load_explicit(&location_count, memory_order_acquire) == 0) {
    return 0;
  }
  if (path[0] == '/') {
    return under_a_location(path);
  }
  char full[PATH_MAX];
  size_t len;
  if (dirfd == AT_FDCWD) {
    if (getcwd(full, sizeof full) == NULL) {
      return 0;
    }
    len = strlen(full);
  } else {
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
    ssize_t got = readlink(link, full, sizeof full - 1);
    if (got <= 0) {
      return 0;
    }
    len = (size_t)got;
  }
  if (len + 1 + strlen(path) + 1 > sizeof full) {
    return 0;
  }
  full[len] = '/';
  strcpy(full + len + 1, path);
  return under_a_location(full);
}

static inline void remember(int fd, int watched) {
  if (fd >= 0 && fd < WATCHED_FDS) {
    atomic_store_explicit(&watched_fd[fd], (unsigned char)watched, memory_order_relaxed);
  }
}

static inline int is_watched(int fd) {
  return fd >= 0 && fd < WATCHED_FDS &&
         atomic_load_explicit(&watched_fd[fd], memory_order_relaxed) &&
         atomic_load_explicit(&counting, memory_order_relaxed);
}

static inline void count_io(int which, ssize_t result) {
  if (result < 0) {
    return;
  }
  struct thread_block *b = block();
  if (b != NULL) {
    bump(&b->io[which], 1);
    bump(&b->io[which + 1], (int64_t)result);
  }
}

#define READS 0
#define WRITES 2

static int needs_mode(int flags) {
  return (flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE;
}

/* The mode an open call carries after its flags when it may create a file (read in the variadic
 * function itself: va_start needs its frame). */
#define MODE_ARGUMENT(flags, mode)      \
  mode_t mode = 0;                      \
  if (needs_mode(flags)) {              \
    va_list args;                       \
    va_start(args, flags);              \
    mode = (mode_t)va_arg(args, int);   \
    va_end(args);                       \
  }

EXPORT int open(const char *path, int flags, ...) {
  NEXT(open);
  MODE_ARGUMENT(flags, mode);
  int fd = next_open(path, flags, mode);
  remember(fd, watched_path(AT_FDCWD, path));
  return fd;
}

EXPORT int open64(const char *path, int flags, ...) {
  NEXT(open64);
  MODE_ARGUMENT(flags, mode);
  int fd = next_open64(path, flags, mode);
  remember(fd, watched_path(AT_FDCWD, path));
  return fd;
}

EXPORT int openat(int dirfd, const char *path, int flags, ...) {
  NEXT(openat);
  MODE_ARGUMENT(flags, mode);
  int fd = next_openat(dirfd, path, flags, mode);
  remember(fd, watched_path(dirfd, path));
  return fd;
}

EXPORT int openat64(int dirfd, const char *path, int flags, ...) {
  NEXT(openat64);
  MODE_ARGUMENT(flags, mode);
  int fd = next_openat64(dirfd, path, flags, mode);
  remember(fd, watched_path(dirfd, path));
  return fd;
}

EXPORT int creat(const char *path, mode_t mode) {
  NEXT(creat);
  int fd = next_creat(path, mode);
  remember(fd, watched_path(AT_FDCWD, path));
  return fd;
}

EXPORT int creat64(const char *path, mode_t mode) {
  NEXT(creat64);
  int fd = next_creat64(path, mode);
  remember(fd, watched_path(AT_FDCWD, path));
  return fd;
}

EXPORT int close(int fd) {
  NEXT(close);
  remember(fd, 0);
  return next_close(fd);
}

EXPORT int dup2(int old, int target) {
  NEXT(dup2);
  int fd = next_dup2(old, target);
  if (fd >= 0 && fd != old) {
    remember(fd, 0);
  }
  return fd;
}

EXPORT int dup3(int old, int target, int flags) {
  NEXT(dup3);
  int fd = next_dup3(old, target, flags);
  if (fd >= 0) {
    remember(fd, 0);
  }
  return fd;
}

/* One interposed read or write call: forwarded, then counted when its descriptor is watched. */
#define COUNTED(which, name, params, args) \
  EXPORT ssize_t name params {             \
    NEXT(name);                            \
    ssize_t n = next_##name args;          \
    if (is_watched(fd)) {                  \
      count_io(which, n);                  \
    }                                      \
    return n;                              \
  }

COUNTED(READS, read, (int fd, void *buf, size_t count), (fd, buf, count))
COUNTED(READS, pread, (int fd, void *buf, size_t count, off_t offset), (fd, buf, count, offset))
COUNTED(READS, pread64, (int fd, void *buf, size_t count, off64_t offset), (fd, buf, count, offset))
COUNTED(READS, readv, (int fd, const struct iovec *iov, int iovcnt), (fd, iov, iovcnt))
COUNTED(READS, preadv, (int fd, const struct iovec *iov, int iovcnt, off_t offset), (fd, iov, iovcnt, offset))
COUNTED(READS, preadv64, (int fd, const struct iovec *iov, int iovcnt, off64_t offset), (fd, iov, iovcnt, offset))
COUNTED(READS, preadv2, (int fd, const struct iovec *iov, int iovcnt, off_t offset, int flags), (fd, iov, iovcnt, offset, flags))
COUNTED(READS, preadv64v2, (int fd, const struct iovec *iov, int iovcnt, off64_t offset, int flags), (fd, iov, iovcnt, offset, flags))
COUNTED(WRITES, write, (int fd, const void *buf, size_t count), (fd, buf, count))
COUNTED(WRITES, pwrite, (int fd, const void *buf, size_t count, off_t offset), (fd, buf, count, offset))
COUNTED(WRITES, pwrite64, (int fd, const void *buf, size_t count, off64_t offset), (fd, buf, count, offset))
COUNTED(WRITES, writev, (int fd, const struct iovec *iov, int iovcnt), (fd, iov, iovcnt))
COUNTED(WRITES, pwritev, (int fd, const struct iovec *iov, int iovcnt, off_t offset), (fd, iov, iovcnt, offset))
COUNTED(WRITES, pwritev64, (int fd, const struct iovec *iov, int iovcnt, off64_t offset), (fd, iov, iovcnt, offset))
COUNTED(WRITES, pwritev2, (int fd, const struct iovec *iov, int iovcnt, off_t offset, int flags), (fd, iov, iovcnt, offset, flags))
COUNTED(WRITES, pwritev64v2, (int fd, const struct iovec *iov, int iovcnt, off64_t offset, int flags), (fd, iov, iovcnt, offset, flags))

/* Watches files under an absolute folder from now on (files opened before are not). Returns 0, or
 * -1 when the path is not absolute, too long, or MAX_LOCATIONS are watched already. */
EXPORT int lance_bench_io_watch(const char *folder) {
  size_t len = folder == NULL ? 0 : strlen(folder);
  while (len > 1 && folder[len - 1] == '/') {
    len--; /* "/data/" watches what "/data" does */
  }
  if (len == 0 || folder[0] != '/' || len >= PATH_MAX) {
    return -1;
  }
  int n = atomic_load(&location_count);
  for (int i = 0; i < n; i++) {
    if (location_length[i] == len && strncmp(locations[i], folder, len) == 0) {
      return 0;
    }
  }
  if (n >= MAX_LOCATIONS) {
    return -1;
  }
  memcpy(locations[n], folder, len);
  locations[n][len] = '\0';
  location_length[n] = len;
  atomic_store_explicit(&location_count, n + 1, memory_order_release);
  return 0;
}

/* out[0..3] = read calls, bytes read, write calls, bytes written on watched files, all threads,
 * since the process started. */
EXPORT void lance_bench_io_totals(int64_t *out) {
  int64_t sums[4] = {0, 0, 0, 0};
  for (struct thread_block *b = atomic_load(&blocks); b != NULL; b = b->next) {
    for (int i = 0; i < 4; i++) {
      sums[i] += atomic_load(&b->io[i]);
    }
  }
  for (int i = 0; i < 4; i++) {
    out[i] = sums[i];
  }
}

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
 */
#define _GNU_SOURCE
#include <errno.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

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

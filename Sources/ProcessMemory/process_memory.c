#include "process_memory.h"

#if defined(__linux__)
#include <malloc.h>
#endif

// `__GLIBC__` is defined by the libc headers included above (glibc, not musl).
#if defined(__GLIBC__) && defined(M_TRIM_THRESHOLD) && defined(M_MMAP_MAX)
void infralint_keep_freed_memory(void) {
    // No separately mapped blocks (they are unmapped when freed), and no trimming of the heap.
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, -1);
}
#else
void infralint_keep_freed_memory(void) {}
#endif

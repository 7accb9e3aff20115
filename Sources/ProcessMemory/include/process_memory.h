#ifndef INFRALINT_PROCESS_MEMORY_H
#define INFRALINT_PROCESS_MEMORY_H

/// Keeps memory the process frees for its own later allocations. By default glibc maps large
/// blocks afresh and gives freed memory at the top of the heap back to the system, so each file
/// parsed after the first faulted in tens of megabytes again (a third of the time of a 4 MB
/// Dockerfile). infralint runs one command and exits, so holding on to freed memory costs nothing.
/// Elsewhere (macOS, musl) this does nothing. Swift's Glibc module does not declare `mallopt`.
void infralint_keep_freed_memory(void);

#endif

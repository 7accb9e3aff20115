#if os(Linux) && canImport(Glibc)
import Glibc

/// glibc's `mallopt`, which Swift's Glibc module does not declare (malloc.h is not in it).
@_silgen_name("mallopt")
private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

/// Allocator settings for the executables (the libraries never call this).
public enum ProcessMemory {
    /// Keeps memory the process frees for its own later allocations. By default glibc maps large
    /// blocks afresh and gives freed memory at the top of the heap back to the system, so each file
    /// parsed after the first faulted in tens of megabytes again (a third of the time of a 4 MB
    /// Dockerfile). infralint runs one command and exits, so holding on to freed memory costs
    /// nothing. Elsewhere (macOS, musl) this does nothing.
    public static func keepFreedMemory() {
        #if os(Linux) && canImport(Glibc)
        let noMappedBlocks: Int32 = -4  // M_MMAP_MAX: at most 0 separately mapped (and unmapped) blocks
        let trimThreshold: Int32 = -1   // M_TRIM_THRESHOLD: -1 never gives the heap's top back
        _ = mallopt(noMappedBlocks, 0)
        _ = mallopt(trimThreshold, -1)
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// glibc's allocator settings for the server process.
///
/// By default glibc gives the free top of a thread's heap back to the kernel once 128 KB are free
/// there, and serves every allocation above 128 KB with its own `mmap`. A page's request allocates
/// and frees about that much (SQLite's statement and page buffers, the page being written), so each
/// request paid for page faults on fresh zeroed memory and for the TLB shootdowns of giving it back:
/// `perf record -e cpu-clock -g` on `/pesan` put most of the session lookup's time in
/// `clear_page_erms`, `exc_page_fault` and `heap_trim` (bench/README.md, issue 14). Keeping up to
/// 32 MB free per heap, and allocations up to 4 MB in the heaps, ends that; larger ones (uploads)
/// still get their own mapping and go back at once.
enum MallocTuning {
    static let trimThreshold: Int32 = 32 << 20
    static let mmapThreshold: Int32 = 4 << 20

    /// `mallopt` is in `<malloc.h>`, which the Glibc module does not import: it is looked up by
    /// name, with glibc's parameter numbers (`M_TRIM_THRESHOLD` -1, `M_MMAP_THRESHOLD` -3).
    static func apply() {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        _ = mallopt(-1, trimThreshold)
        _ = mallopt(-3, mmapThreshold)
        #endif
    }
}

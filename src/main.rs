//! The `backissues` binary: everything lives in the library; this only hands over the exit code.

/// mimalloc instead of the system allocator: ingest allocates a string per token and per field,
/// and glibc's malloc cost about a tenth of its CPU time (perf, 100k-link corpus).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its option enum in the bundled v3 headers).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    // Memory freed is kept for reuse rather than handed back to the OS after 10 ms: ingest frees
    // and reallocates large blocks (Tantivy's arena pages, hash tables as they grow), and each
    // fresh block cost a page fault and a kernel page clear (perf: `clear_page_erms` 10-13% of
    // a 100k-link ingest; page faults 1400-1900 -> ~780, CPU time -8 to -10%). A short-lived
    // process loses nothing by not purging; peak RSS rises by under 10 MB.
    // SAFETY: sets a plain integer option before any thread is started.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    backissues::cmd::main()
}

//! The `backissues` binary: everything lives in the library; this only hands over the exit code.

/// mimalloc instead of the system allocator: ingest allocates a string per token and per field,
/// and glibc's malloc cost about a tenth of its CPU time (perf, 100k-link corpus).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    backissues::cmd::main()
}

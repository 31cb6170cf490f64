//! The `patuh` binary: parse the arguments and hand them to [`patuh::commands::run`], which
//! runs the subcommand and says the exit code.

use std::process::ExitCode;

use clap::Parser;
use patuh::cli::Args;

/// mimalloc: parsing and judging a page make many small allocations (nodes, text, attribute
/// values, findings) on the worker threads, and free them there; with it a crawl spends
/// 10–15 % less CPU per page than with the system allocator (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = Args::parse();
    init_logging();
    no_huge_pages();
    patuh::commands::run(args.command).into()
}

/// Keeps the kernel from backing mimalloc's memory with 2 MiB transparent huge pages: with
/// them, the nightly benchmark's peak RSS rose from about 175 MB to 269–294 MB for no speed
/// gained.
/// A refusal (an old kernel) costs only memory, so it is not an error.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    if let Err(err) = nix::sys::prctl::set_thp_disable(true) {
        tracing::debug!("transparent huge pages stay on: {err}");
    }
}

/// Logs go to stderr; `PATUH_LOG=debug` (an env-filter) shows more.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("PATUH_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
}

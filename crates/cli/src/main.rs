//! `pathway`: a thin bootstrap; the commands live in the library so tests can call
//! them.

use std::process::ExitCode;

use clap::Parser;

// mimalloc instead of glibc's malloc: under a steady concurrent load glibc's per-thread
// arenas kept growing the server's memory (+10.8% in a 5-minute soak; docs/reliability.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = pathway::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(pathway::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Errors are for council officers: the chain of causes, no stack trace.
            eprintln!("error: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("  because: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}

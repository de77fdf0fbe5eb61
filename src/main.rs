//! The `termalign` command line: parses arguments, calls the library, prints.
//! Everything else lives in the library crate (`src/lib.rs`).

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}

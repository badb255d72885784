//! The `chambers` binary; its code lives in the `chambers-cli` crate.

fn main() -> std::process::ExitCode {
    chambers_cli::main()
}

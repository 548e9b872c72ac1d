//! fashen command line: parse arguments, call the library, map results to exit codes.

mod cli;

fn main() {
    std::process::exit(cli::run());
}

//! fashen command line: parse arguments, call the library, map results to exit codes.

mod cli;

/// Compiling a rule's concept-expanded regex, parsing a docx and building the document
/// model allocate many small objects; with glibc's allocator a third of a pattern's compile
/// time went to malloc and free. Set in the binary, not the library: the fuzz targets keep
/// the sanitiser's allocator. The in-process benches set it too, to measure what runs here.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::run());
}

//! Prints the lines the PDF reader sees, with their geometry (x, end x, y, font size), to
//! tune how lines are joined into paragraphs: `cargo run --release --example pdf_lines FILE.pdf`.

fn main() {
    let path = std::env::args().nth(1).expect("usage: pdf_lines FILE.pdf");
    let bytes = std::fs::read(&path).expect("read");
    let limits = fashen::extract::Limits::default();
    let deadline = fashen::extract::Deadline::new(limits.time_budget);
    let pages = fashen::extract::pdf::read_pages(&bytes, &limits, deadline).expect("pdf");
    for p in &pages {
        for l in &p.lines {
            println!(
                "{:3} {:6.1} {:6.1} {:6.1} {:4.1} {}",
                p.number, l.x, l.end_x, l.y, l.size, l.text
            );
        }
    }
}

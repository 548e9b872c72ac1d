use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let n: usize = std::env::args().nth(2).map(|s| s.parse().unwrap()).unwrap_or(1);
    let set = fashen::rules::compile::RuleSet::load(&[]).unwrap();
    let doc = fashen::load_document(std::path::Path::new(&path), &Default::default(), None).unwrap();
    let sel = fashen::rules::engine::Selection::default();
    let r = fashen::rules::engine::review(&doc, &set, &sel);
    let t = Instant::now();
    for _ in 0..n { std::hint::black_box(fashen::rules::engine::review(&doc, &set, &sel)); }
    eprintln!("reviewN {:?} findings {}", t.elapsed()/n as u32, r.findings.len());
}

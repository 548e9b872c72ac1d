use std::time::Instant;
fn main() {
    let set = fashen::rules::compile::RuleSet::load(&[]).unwrap();
    let srcs: Vec<String> = set.rules.iter().flat_map(|r| r.patterns.iter().map(|p| p.source.clone())).collect();
    let t = Instant::now();
    for s in &srcs { std::hint::black_box(regex::Regex::new(s).unwrap()); }
    eprintln!("regex::Regex {:?} for {}", t.elapsed(), srcs.len());
    let gap = regex::Regex::new(r"\[\^。;!\?\]\{0,(\d+)\}").unwrap();
    let dot: Vec<String> = srcs.iter().map(|s| gap.replace_all(s, ".{0,$1}").into_owned()).collect();
    let n: usize = srcs.iter().map(|s| gap.find_iter(s).count()).sum();
    let t = Instant::now();
    for s in &dot { std::hint::black_box(regex::Regex::new(s).unwrap()); }
    eprintln!("gaps as dot {:?} ({} gaps)", t.elapsed(), n);
    let other = regex::Regex::new(r"\[\^[^\]]{1,12}\]\{0,(\d+)\}").unwrap();
    let m: usize = srcs.iter().map(|s| other.find_iter(s).count()).sum();
    let dot2: Vec<String> = dot.iter().map(|s| other.replace_all(s, ".{0,$1}").into_owned()).collect();
    let t = Instant::now();
    for s in &dot2 { std::hint::black_box(regex::Regex::new(s).unwrap()); }
    eprintln!("all negated-class gaps as dot {:?} ({} more)", t.elapsed(), m);
    let nogap: Vec<String> = dot2.iter().map(|s| s.replace(".{0,", "x{0,")).collect();
    let t = Instant::now();
    for s in &nogap { std::hint::black_box(regex::Regex::new(s).unwrap()); }
    eprintln!("gaps as a literal x {:?}", t.elapsed());
}

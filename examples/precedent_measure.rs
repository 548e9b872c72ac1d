//! Measures the precedent index (src/rules/precedent.rs) to choose its floors:
//!
//! * `findings`: for each finding on a case of the corpus, the closest dev case of its
//!   category (the case's own document excluded) and its similarity, without a floor;
//! * `sentences`: for each sentence of each case, and of each document under the extra
//!   folders given (lawful documents), the closest dev case of any category (own document
//!   excluded), and whether a counted finding is on that sentence.
//!
//! Output: tab-separated lines on stdout. Usage:
//! `cargo run --release --example precedent_measure -- corpus/cases [folder …]`;
//! `… -- --time corpus/real corpus/drafts` times what the precedents add to a review.

use std::path::{Path, PathBuf};

use fashen::extract::Limits;
use fashen::rules::engine::{Selection, review};
use fashen::rules::precedent::{Exclude, index};

fn clean(s: &str) -> String {
    s.replace(['\t', '\n'], " ")
}

fn sentences_of(doc: &fashen::document::model::Document) -> Vec<(usize, String)> {
    fashen::document::prepared::prepare(doc)
        .iter()
        .flat_map(|p| {
            p.sentences
                .iter()
                .map(|(a, b)| (p.index, p.norm.text[*a..*b].to_string()))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn measure(
    label: &str,
    name: &str,
    bytes: Vec<u8>,
    exclude: &Exclude,
    set: &fashen::rules::compile::RuleSet,
) {
    let limits = Limits::default();
    let Ok(doc) = fashen::load_bytes(name, bytes, &limits, None) else {
        return;
    };
    let sel = Selection {
        not_precedents: exclude.clone(),
        ..Selection::default()
    };
    let skip = fashen::cases::artefact_rules(set);
    let r = review(&doc, set, &sel);
    let ix = index();
    let counted: Vec<_> = r
        .findings
        .iter()
        .filter(|f| !skip.contains(&f.rule))
        .collect();
    for f in &counted {
        let top = ix
            .nearest(&f.excerpt, |e| {
                e.category == f.category && !exclude.excludes(e)
            })
            .into_iter()
            .next();
        let (id, sim, quote) = top.map_or((String::new(), 0.0, String::new()), |(i, s)| {
            (ix.entries[i].id.clone(), s, ix.entries[i].quote.clone())
        });
        println!(
            "findings\t{label}\t{name}\t{}\t{}\t{}\t{sim:.3}\t{id}\t{}\t{}",
            f.rule,
            f.severity.as_str(),
            f.category,
            clean(&f.excerpt),
            clean(&quote)
        );
    }
    for (block, s) in sentences_of(&doc) {
        let top = ix.nearest(&s, |e| !exclude.excludes(e)).into_iter().next();
        let Some((i, sim)) = top else { continue };
        let e = &ix.entries[i];
        let covered = counted
            .iter()
            .any(|f| f.location.block == Some(block) && s.contains(f.matched.as_str()));
        println!(
            "sentences\t{label}\t{name}\t{}\t{covered}\t{sim:.3}\t{}\t{}\t{}",
            e.category,
            e.id,
            clean(&s),
            clean(&e.quote)
        );
    }
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p
            .extension()
            .is_some_and(|x| x == "txt" || x == "md" || x == "docx" || x == "pdf")
        {
            out.push(p);
        }
    }
}

/// `--time DIR…`: per document of the folders, the review's time and the time of what the
/// precedents add to it (the lookups of the findings' precedents and the near-miss pass),
/// each measured apart over `ROUNDS` rounds on one thread.
fn time(dirs: &[String]) {
    const ROUNDS: u32 = 20;
    let set = fashen::rules::compile::RuleSet::load(&[]).expect("rules");
    let limits = Limits::default();
    let mut docs = vec![];
    for d in dirs {
        let mut fs = vec![];
        files(Path::new(d), &mut fs);
        for f in fs {
            let bytes = std::fs::read(&f).unwrap_or_default();
            if let Ok(doc) = fashen::load_bytes(&f.display().to_string(), bytes, &limits, None) {
                docs.push(doc);
            }
        }
    }
    let sel = Selection::default();
    let ix = index();
    let near = set
        .rules
        .iter()
        .find(|r| r.spec.id == "PRECEDENT-001")
        .expect("PRECEDENT-001");
    let (mut review_t, mut lookup_t, mut near_t) = (0.0, 0.0, 0.0);
    let mut findings = 0;
    for _ in 0..ROUNDS {
        for doc in &docs {
            let t = std::time::Instant::now();
            let r = review(doc, &set, &sel);
            review_t += t.elapsed().as_secs_f64();
            findings += r.findings.len();
            let t = std::time::Instant::now();
            for f in &r.findings {
                std::hint::black_box(ix.precedents(&f.excerpt, f.category, &Exclude::default()));
            }
            lookup_t += t.elapsed().as_secs_f64();
            let prepared = fashen::document::prepared::prepare(doc);
            let t = std::time::Instant::now();
            std::hint::black_box(fashen::rules::builtin::near_precedent::check(
                near,
                &prepared,
                &r.findings,
                &Exclude::default(),
            ));
            near_t += t.elapsed().as_secs_f64();
        }
    }
    let n = (docs.len() as u32 * ROUNDS) as f64;
    println!(
        "{} documents × {ROUNDS}: review {:.3} ms/doc (with precedents), of which precedent lookups {:.3} ms/doc ({} findings/doc) and the near-miss pass {:.3} ms/doc",
        docs.len(),
        review_t / n * 1e3,
        lookup_t / n * 1e3,
        findings as f64 / n,
        near_t / n * 1e3
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "--time") {
        time(&args[1..]);
        return;
    }
    let dir = PathBuf::from(args.first().map_or("corpus/cases", String::as_str));
    let set = fashen::rules::compile::RuleSet::load(&[]).expect("rules");
    let cases = fashen::cases::load(&dir).expect("cases");
    for c in cases {
        let l = &c.line;
        let kind = if l.lawful() { "lawful" } else { "defective" };
        let label = format!("case:{}:{kind}:{}", l.split, l.category);
        let exclude = Exclude {
            id: Some(l.id.clone()),
            doc_key: Some(l.doc_key.clone()).filter(|k| !k.is_empty()),
            duplicates: fashen::rules::precedent::duplicates(&l.quote),
        };
        measure(
            &label,
            &format!("{}.txt", l.id),
            c.text.into_bytes(),
            &exclude,
            &set,
        );
    }
    for extra in args.iter().skip(1) {
        let mut fs = vec![];
        files(Path::new(extra), &mut fs);
        fs.sort();
        for f in fs {
            let bytes = std::fs::read(&f).unwrap_or_default();
            measure(
                "extra",
                &f.display().to_string(),
                bytes,
                &Exclude::default(),
                &set,
            );
        }
    }
}

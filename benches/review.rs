//! Rule-checking cost: `cargo bench --bench review`.
//!
//! 1. Typical documents (the real corpus in docx and pdf, the drafts in txt): time to
//!    extract and structure them versus the same plus the full review, one core.
//! 2. A generated 10,000-paragraph normative document (real paragraphs from the corpus
//!    with defective sentences from the drafts mixed in): time for the review alone.
//! 3. One 1 MB line of keywords (财政资金担保兜底罚款 repeated, no sentence end): the
//!    review must be linear in sentence length; it must take under one second.

/// The `fashen` binary's allocator (src/main.rs), so the bench measures what it runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::time::Instant;

use fashen::document::assemble;
use fashen::document::model::{Block, DocType, Extracted, Format, Part};
use fashen::extract::{Limits, read_bytes};
use fashen::rules::compile::RuleSet;
use fashen::rules::engine::{Selection, review};

fn files(dir: &Path, ext: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .map(|p| {
            let d = std::fs::read(&p).expect("read");
            (p, d)
        })
        .collect();
    out.sort();
    out
}

/// Seconds per pass over `docs`: extraction + structure, and extraction + structure + review.
fn typical(docs: &[(PathBuf, Vec<u8>)], set: &RuleSet, rounds: usize) -> (f64, f64) {
    let limits = Limits::default();
    let sel = Selection {
        ignore: std::env::var("FASHEN_BENCH_IGNORE")
            .map(|v| vec![v])
            .unwrap_or_default(),
        ..Selection::default()
    };
    let extract = |d: &[u8], p: &Path| {
        let (f, x) = read_bytes(d, &limits).expect("extract");
        assemble(&p.display().to_string(), f, x, None)
    };
    // One untimed pass first: what a process builds once on first use (the case index, the
    // anchor automaton, each rule regex) is start-up cost, measured by the gate bench, not
    // cost per document. (Before the regexes were compiled lazily, RuleSet::load did it
    // all before any timing.)
    for (p, d) in docs {
        std::hint::black_box(review(&extract(d, p), set, &sel));
    }
    let t = Instant::now();
    for _ in 0..rounds {
        for (p, d) in docs {
            std::hint::black_box(extract(d, p));
        }
    }
    let only = t.elapsed().as_secs_f64() / rounds as f64;
    let t = Instant::now();
    for _ in 0..rounds {
        for (p, d) in docs {
            let doc = extract(d, p);
            std::hint::black_box(review(&doc, set, &sel));
        }
    }
    (only, t.elapsed().as_secs_f64() / rounds as f64)
}

fn big_document(root: &Path, paragraphs: usize) -> fashen::document::model::Document {
    let mut lines: Vec<String> = vec![];
    for (_, d) in files(&root.join("corpus/real"), "txt") {
        lines.extend(
            String::from_utf8_lossy(&d)
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.contains('：'))
                .map(str::to_string),
        );
    }
    let mut bad: Vec<String> = vec![];
    for (_, d) in files(&root.join("corpus/drafts"), "txt") {
        bad.extend(
            String::from_utf8_lossy(&d)
                .lines()
                .filter(|l| l.starts_with('第') || l.contains('、'))
                .map(str::to_string),
        );
    }
    let mut x = Extracted {
        meta_title: Some("某市关于加强市场管理的若干规定".into()),
        ..Default::default()
    };
    for i in 0..paragraphs {
        let text = if i % 50 == 7 {
            &bad[i % bad.len()]
        } else {
            &lines[i % lines.len()]
        };
        let mut b = Block::new(text, Part::Body);
        b.paragraph = Some(i);
        x.blocks.push(b);
    }
    assemble("generated.docx", Format::Docx, x, Some(DocType::Normative))
}

/// A named set of documents (path, bytes) and its number of timed rounds.
type DocumentSet = (&'static str, Vec<(PathBuf, Vec<u8>)>, usize);

/// The typical documents, read once for every table of the bench.
fn document_sets(root: &Path) -> Vec<DocumentSet> {
    vec![
        (
            "corpus/real docx",
            files(&root.join("corpus/real"), "docx"),
            20,
        ),
        (
            "corpus/real pdf",
            files(&root.join("corpus/real"), "pdf"),
            10,
        ),
        (
            "corpus/drafts txt",
            files(&root.join("corpus/drafts"), "txt"),
            200,
        ),
    ]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let set = RuleSet::load(&[]).expect("rule packs");
    println!("| documents | files | extract+structure ms/doc | + review ms/doc | review adds |");
    println!("|---|---|---|---|---|");
    let sets = document_sets(root);
    for (name, docs, rounds) in &sets {
        let (a, b) = typical(docs, &set, *rounds);
        let n = docs.len() as f64;
        println!(
            "| {name} | {} | {:.2} | {:.2} | {:.0}% |",
            docs.len(),
            a * 1e3 / n,
            b * 1e3 / n,
            (b - a) / a * 100.0
        );
    }
    values_layer(&sets);
    let doc = big_document(root, 10_000);
    let sel = Selection::default();
    let warm = review(&doc, &set, &sel);
    let rounds = 20;
    let t = Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(review(&doc, &set, &sel));
    }
    let ms = t.elapsed().as_secs_f64() * 1e3 / rounds as f64;
    println!(
        "\n10,000-paragraph document ({} chars): review {ms:.1} ms on one core, {} findings",
        doc.blocks
            .iter()
            .map(|b| b.text.chars().count())
            .sum::<usize>(),
        warm.findings.len()
    );
    long_line(&set);
}

/// The clause-values layer alone (amounts, rates, periods, dates), per document, beside
/// the prepared text it reads: what the value checks add to the review of a contract.
fn values_layer(sets: &[DocumentSet]) {
    use fashen::document::prepared::prepare;
    use fashen::document::values::read_prepared;
    use fashen::document::voice::{Carry, of_block};
    use fashen::document::{classify, level};
    let limits = Limits::default();
    println!(
        "\n| documents | values/doc | prepare ms/doc | of which voice ms/doc | values ms/doc | type+level ms/doc |"
    );
    println!("|---|---|---|---|---|---|");
    // PDF text goes through the same layer as docx text: not measured twice.
    for &(name, ref docs, rounds) in sets.iter().filter(|s| !s.0.ends_with("pdf")) {
        let docs: Vec<_> = docs
            .iter()
            .map(|(p, d)| {
                let (f, x) = read_bytes(d, &limits).expect("extract");
                assemble(&p.display().to_string(), f, x, None)
            })
            .collect();
        let n = docs.len() as f64;
        let t = Instant::now();
        for _ in 0..rounds {
            for d in &docs {
                std::hint::black_box(prepare(d));
            }
        }
        let prep = t.elapsed().as_secs_f64() / rounds as f64;
        let prepared: Vec<_> = docs.iter().map(prepare).collect();
        let count: usize = prepared.iter().map(|p| read_prepared(p).len()).sum();
        let t = Instant::now();
        for _ in 0..rounds {
            for p in &prepared {
                std::hint::black_box(read_prepared(p));
            }
        }
        let values = t.elapsed().as_secs_f64() / rounds as f64;
        // The reading layer's other parts: the voice of each sentence (inside prepare), and
        // the document type and issuer level (inside assemble).
        let t = Instant::now();
        for _ in 0..rounds {
            for (d, p) in docs.iter().zip(&prepared) {
                let mut carry = Carry::for_title(d.title.as_deref());
                for b in p {
                    std::hint::black_box(of_block(&b.norm.text, &b.sentences, &mut carry));
                }
            }
        }
        let voice = t.elapsed().as_secs_f64() / rounds as f64;
        let t = Instant::now();
        for _ in 0..rounds {
            for d in &docs {
                std::hint::black_box((classify::classify(d), level::detect(d)));
            }
        }
        let typing = t.elapsed().as_secs_f64() / rounds as f64;
        println!(
            "| {name} | {:.1} | {:.3} | {:.3} | {:.3} | {:.3} |",
            count as f64 / n,
            prep * 1e3 / n,
            voice * 1e3 / n,
            values * 1e3 / n,
            typing * 1e3 / n
        );
    }
}

/// A 1 MB line of repeated keywords, reviewed (before the review was made linear: 182 s).
fn long_line(set: &RuleSet) {
    let unit = "财政资金担保兜底罚款";
    let line = unit.repeat((1 << 20) / unit.len());
    for doc_type in [DocType::Normative, DocType::Contract] {
        let mut x = Extracted::default();
        for text in ["某市关于加强财政资金管理的通知", &line] {
            x.blocks.push(Block::new(text, Part::Body));
        }
        let doc = assemble("line.txt", Format::Text, x, Some(doc_type));
        let sel = Selection::default();
        let mut best = f64::MAX;
        let mut findings = 0;
        for _ in 0..3 {
            let t = Instant::now();
            let r = std::hint::black_box(review(&doc, set, &sel));
            best = best.min(t.elapsed().as_secs_f64());
            findings = r.findings.len();
        }
        println!(
            "1 MB line of keywords ({} bytes) as {doc_type:?}: review {:.0} ms (best of 3), {findings} findings",
            line.len(),
            best * 1e3
        );
        assert!(
            best < 1.0,
            "the 1 MB line took {best:.2} s, over one second"
        );
    }
}

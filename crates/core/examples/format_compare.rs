//! Drydock's formatter and dockerfmt on the same corpus (docs/formatting.md).
//!
//! `cargo run --release -p drydock-core --example format_compare -- CORPUS_FILES DOCKERFMT_OUT`
//!
//! DOCKERFMT_OUT is what `scripts/dockerfmt_compare.mjs` wrote: one output
//! per file (or `<name>.error`) and `times.json`. For each tool: files
//! changed, files not formatted (errors), files whose BuildKit
//! s-expression changed (strictly, and after collapsing separator
//! whitespace in shell-form commands, as `format::same_meaning` does),
//! files that lost or changed a comment; and the median time per file.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use drydock_core::format::{format, same_meaning, Options};
use drydock_core::syntax::{dump_sexp, parse, Dockerfile};

#[derive(Default)]
struct Tally {
    files: usize,
    changed: usize,
    errors: usize,
    sexp_strict: Vec<String>,
    meaning: Vec<String>,
    /// The first difference of each file, by instruction and kind.
    causes: std::collections::BTreeMap<String, usize>,
    comments: Vec<String>,
}

fn comments(f: &Dockerfile) -> Vec<String> {
    let mut v: Vec<String> = f
        .comments
        .iter()
        .map(|c| c.text.trim().to_string())
        .collect();
    v.sort();
    v
}

fn judge(t: &mut Tally, name: &str, input: &str, output: Option<&str>) {
    t.files += 1;
    let Some(output) = output else {
        t.errors += 1;
        return;
    };
    if output == input {
        return;
    }
    t.changed += 1;
    let (a, b) = (parse(input), parse(output));
    if dump_sexp(&a) != dump_sexp(&b) {
        t.sexp_strict.push(name.to_string());
    }
    // Comments: the same texts (order aside: dockerfmt may move them).
    if comments(&a) != comments(&b) {
        t.comments.push(name.to_string());
    }
    if let Err(d) = same_meaning(&a, &b) {
        if !d.message.contains("comment") {
            t.meaning.push(format!("{name}:{}: {}", d.line, d.message));
            let keyword = a
                .instructions
                .iter()
                .find(|i| i.line == d.line)
                .map_or("file", |i| i.keyword.as_str());
            *t.causes
                .entry(format!("{keyword}: {}", d.message))
                .or_insert(0) += 1;
        }
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        return 0.0;
    }
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, corpus, theirs] = args.as_slice() else {
        eprintln!("usage: format_compare CORPUS_FILES DOCKERFMT_OUT");
        std::process::exit(2);
    };
    let (corpus, theirs) = (Path::new(corpus), Path::new(theirs));
    let mut names: Vec<String> = std::fs::read_dir(corpus)
        .expect("corpus dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let times: HashMap<String, Option<f64>> = serde_json::from_str(
        &std::fs::read_to_string(theirs.join("times.json")).expect("times.json"),
    )
    .expect("times.json is JSON");
    let (mut ours, mut dockerfmt) = (Tally::default(), Tally::default());
    let (mut our_times, mut total) = (Vec::new(), 0.0);
    let options = Options::default();
    for name in &names {
        let input =
            String::from_utf8_lossy(&std::fs::read(corpus.join(name)).expect("file")).into_owned();
        let t0 = Instant::now();
        let formatted = format(&input, &options);
        let ms = t0.elapsed().as_secs_f64() * 1e3;
        our_times.push(ms);
        total += ms;
        judge(&mut ours, name, &input, formatted.as_deref().ok());
        let out = std::fs::read(theirs.join(name))
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned());
        judge(&mut dockerfmt, name, &input, out.as_deref());
    }
    let their_times: Vec<f64> = times.values().flatten().copied().collect();
    println!("| | Drydock | dockerfmt 0.5.4 |");
    println!("| --- | ---: | ---: |");
    println!("| files | {} | {} |", ours.files, dockerfmt.files);
    println!("| changed | {} | {} |", ours.changed, dockerfmt.changed);
    println!(
        "| not formatted (error or crash) | {} | {} |",
        ours.errors, dockerfmt.errors
    );
    println!(
        "| s-expression changed (byte for byte) | {} | {} |",
        ours.sexp_strict.len(),
        dockerfmt.sexp_strict.len()
    );
    println!(
        "| meaning changed (shell whitespace collapsed) | {} | {} |",
        ours.meaning.len(),
        dockerfmt.meaning.len()
    );
    println!(
        "| a comment lost or changed | {} | {} |",
        ours.comments.len(),
        dockerfmt.comments.len()
    );
    println!(
        "| median time per file | {:.3} ms | {:.1} ms |",
        median(our_times),
        median(their_times)
    );
    println!("\nDrydock, whole corpus: {total:.0} ms");
    println!("\ndockerfmt's first s-expression difference per file, by instruction:");
    let mut causes: Vec<_> = dockerfmt.causes.iter().collect();
    causes.sort_by(|a, b| b.1.cmp(a.1));
    for (cause, n) in causes {
        println!("  {n:5}  {cause}");
    }
    for (label, v) in [
        ("dockerfmt meaning changes", &dockerfmt.meaning),
        ("dockerfmt comments", &dockerfmt.comments),
        ("drydock meaning changes", &ours.meaning),
        ("drydock comments", &ours.comments),
    ] {
        println!("\n{label} (first 15 of {}):", v.len());
        for x in v.iter().take(15) {
            println!("  {x}");
        }
    }
}

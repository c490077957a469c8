//! Every fix outcome, to show a change to the engine, the linter or the
//! parser keeps them: for every file given (sorted by path) and the
//! 5,000-line file the bench builds from them, `fix_all`'s outcome with
//! every fix and with safe fixes only (JSON, one line each), and the
//! formatter's result.
//!
//! ```sh
//! cargo build --profile profiling -p drydock-core --example fix_outcomes
//! cd ../shared/corpus/files && fix_outcomes * > after.txt   # then `cmp` with a build of before
//! ```
use drydock_core::fix::{fix_all, Choices};
use drydock_core::Config;
use std::io::Write;

fn main() {
    let mut paths: Vec<String> = std::env::args().skip(1).collect();
    paths.sort();
    let mut texts: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect();
    // The 5,000-line file as benches/support/corpus.rs long_file builds it.
    let mut out: Vec<String> = Vec::new();
    for t in &texts {
        out.extend(t.split('\n').map(str::to_string));
        if out.len() >= 5000 {
            break;
        }
    }
    out.truncate(5000);
    texts.push(out.join("\n") + "\n");
    let config = Config::default();
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    for t in &texts {
        let a = fix_all(t, &config, &Choices::all());
        writeln!(w, "{}", serde_json::to_string(&a).unwrap()).unwrap();
        let s = fix_all(t, &config, &Choices::safe_only());
        writeln!(w, "{}", serde_json::to_string(&s).unwrap()).unwrap();
        let f = drydock_core::format::format(t, &Default::default());
        writeln!(w, "{:?}", f).unwrap();
    }
}

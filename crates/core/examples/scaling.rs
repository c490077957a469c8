//! Looks for work that grows faster than the input: for each line of
//! LINES (one Dockerfile instruction per line), lints and fixes a file of
//! `FROM debian:12` and the line repeated n times, then 4n times, and
//! prints the lines whose time grew more than `LIMIT`× (linear is 4×).
//! `{i}` in a line is replaced by the repetition's number (distinct file
//! names, stage names …), `{i-1}` by the previous one, and `\n` by a
//! line break (a unit of several instructions).
//!
//! `cargo run --profile release-cli -p drydock-core --example scaling LINES [N] [LIMIT]`

#[path = "support/best.rs"]
mod best;

use best::best;

use drydock_core::fix::{fix_all, Choices};
use drydock_core::Config;

fn text(line: &str, n: usize) -> String {
    let mut out = String::from("FROM debian:12\n");
    for i in 0..n {
        let unit = line
            .replace("{i}", &i.to_string())
            .replace("{i-1}", &i.saturating_sub(1).to_string())
            .replace("\\n", "\n");
        out.push_str(&unit);
        out.push('\n');
    }
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: scaling LINES [N] [LIMIT]");
        std::process::exit(2);
    };
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let limit: f64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(8.0);
    let lines = std::fs::read_to_string(&path).unwrap_or_default();
    let config = Config::default();
    let choices = Choices::all();
    for line in lines.lines().filter(|l| !l.trim().is_empty()) {
        let (small, large) = (text(line, n), text(line, 4 * n));
        let time = |t: &str| {
            best(2, || drydock_core::lint(t, &config)) + best(2, || fix_all(t, &config, &choices))
        };
        let (a, b) = (time(&small), time(&large));
        let ratio = b.as_secs_f64() / a.as_secs_f64().max(1e-6);
        if ratio > limit {
            println!(
                "{ratio:6.1}x {:8.1} ms -> {:8.1} ms  {line}",
                a.as_secs_f64() * 1e3,
                b.as_secs_f64() * 1e3
            );
        }
    }
}

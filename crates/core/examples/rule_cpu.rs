//! Where lint time goes on one file: CPU time of parsing, of the
//! semantic model, and of each rule (best of `TIMES`), slowest first.
//!
//! `cargo run --profile release-cli -p drydock-core --example rule_cpu FILE [TIMES]`

#[path = "support/best.rs"]
mod best;

use std::time::Duration;

use best::best;

use drydock_core::rules::{check_rules, RULES};
use drydock_core::semantics::Semantics;
use drydock_core::{Config, Inputs};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: rule_cpu FILE [TIMES]");
        std::process::exit(2);
    };
    let times = args.next().and_then(|t| t.parse().ok()).unwrap_or(3);
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("rule_cpu: cannot read {path}");
        std::process::exit(2);
    };
    let text = String::from_utf8_lossy(&bytes);
    let config = Config::default();
    let inputs = Inputs::default();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let file = drydock_core::syntax::parse(&text);
    let semantics = Semantics::new(&file, &config);
    println!(
        "parse      {:8.2} ms",
        ms(best(times, || drydock_core::syntax::parse(&text)))
    );
    println!(
        "semantics  {:8.2} ms",
        ms(best(times, || Semantics::new(&file, &config)))
    );
    println!(
        "lint       {:8.2} ms",
        ms(best(times, || drydock_core::lint(&text, &config)))
    );
    let base = best(times, || {
        check_rules(&file, &config, &semantics, &inputs, &[])
    });
    println!(
        "runs cache {:8.2} ms (check_rules with no rule; subtracted below)",
        ms(base)
    );
    let mut rows: Vec<(Duration, &str)> = RULES
        .iter()
        .map(|&r| {
            let d = best(times, || {
                check_rules(&file, &config, &semantics, &inputs, &[r])
            });
            (d.saturating_sub(base), r.code)
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    let total: Duration = rows.iter().map(|r| r.0).sum();
    println!("rules      {:8.2} ms (sum of each rule alone)", ms(total));
    for (d, code) in rows.iter().take(25) {
        println!("  {code:32} {:8.2} ms", ms(*d));
    }
}

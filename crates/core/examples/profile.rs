//! A fixed workload for profilers (callgrind, perf): parse, lint or fix
//! every file given, `N` times.
//!
//! ```sh
//! cargo build --profile profiling -p drydock-core --example profile
//! valgrind --tool=callgrind target/profiling/examples/profile lint 1 ../shared/corpus/files/*
//! ```

use drydock_core::fix::{fix_all, Choices};
use drydock_core::Config;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(what), Some(times)) = (args.next(), args.next()) else {
        eprintln!("usage: profile parse|lint|fix TIMES FILE...");
        std::process::exit(2);
    };
    let Ok(times) = times.parse::<usize>() else {
        eprintln!("profile: TIMES must be a number");
        std::process::exit(2);
    };
    let texts: Vec<String> = args
        .filter_map(|p| std::fs::read(p).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect();
    let config = Config::default();
    let choices = Choices::all();
    let mut total = 0usize;
    for _ in 0..times {
        for text in &texts {
            total += match what.as_str() {
                "parse" => drydock_core::syntax::parse(text).instructions.len(),
                "lint" => drydock_core::lint(text, &config).len(),
                "fix" => fix_all(text, &config, &choices).text.len(),
                _ => {
                    eprintln!("profile: unknown workload {what}");
                    std::process::exit(2);
                }
            };
        }
    }
    println!("{} files x {times}: {total}", texts.len());
}

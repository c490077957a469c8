//! The pathological inputs timed by `benches/hostile.rs` and
//! `examples/hostile_cpu.rs` (the same cases as `tests/hostile_input.rs`).

/// `(name, n, generator)`: the text of a case at size `n`.
pub type Case = (&'static str, usize, fn(usize) -> String);

pub const CASES: &[Case] = &[
    ("continuation_lines", 50_000, |n| {
        format!(
            "FROM debian:12\nRUN echo a \\\n{}  && echo b\n",
            "  && echo x \\\n".repeat(n)
        )
    }),
    ("long_line_bytes", 2 << 20, |n| {
        format!("FROM debian:12\nRUN echo {}\n", "a".repeat(n))
    }),
    ("heredocs", 10_000, |n| {
        "FROM debian:12\n".to_string() + &"RUN <<EOF\necho hi\nEOF\n".repeat(n)
    }),
    ("heredocs_in_one_run", 10_000, |n| {
        let markers: String = (0..n).map(|i| format!(" <<E{i}")).collect();
        let bodies: String = (0..n).map(|i| format!("echo {i}\nE{i}\n")).collect();
        format!("FROM debian:12\nRUN cat{markers}\n{bodies}")
    }),
    ("nested_substitutions", 5_000, |n| {
        format!("FROM debian:12\nRUN {}x{}\n", "$(".repeat(n), ")".repeat(n))
    }),
    ("unclosed_substitutions", 100_000, |n| {
        format!("FROM debian:12\nRUN {}\n", "$(".repeat(n))
    }),
    ("nul_bytes", 1 << 20, |n| "\0".repeat(n)),
    ("crlf_bom_lines", 50_000, |n| {
        "\u{feff}FROM debian:12\r\n".to_string() + &"RUN a \\\r\n".repeat(n) + "  b\r\n"
    }),
    ("instructions", 100_000, |n| {
        "FROM debian:12\n".to_string() + &"RUN echo hi\n".repeat(n)
    }),
    ("package_instructions", 20_000, |n| {
        "FROM debian:12\n".to_string() + &"RUN apt-get install curl\n".repeat(n)
    }),
    ("ignore_pragmas", 50_000, |n| {
        "FROM debian:12\nRUN echo a\n".to_string()
            + &"# hadolint ignore=DL3059\nRUN echo hi\n".repeat(n)
    }),
    ("onbuild_chain", 2_000, |n| {
        "FROM debian:12\n".to_string() + &"ONBUILD ".repeat(n) + "RUN apt-get install curl\n"
    }),
    // What many rules meet many times: each line below, repeated, once
    // made some rule or the semantic model scan everything before it.
    ("stage_chain", 10_000, |n| {
        let chain: String = (1..n)
            .map(|i| format!("FROM s{} AS s{i}\nENV V{i}=$V{}\n", i - 1, i - 1))
            .collect();
        "FROM debian:12 AS s0\nENV V0=0\n".to_string() + &chain
    }),
    ("stage_fan", 5_000, |n| {
        let envs: String = (0..n).map(|i| format!("ENV V{i}=1\n")).collect();
        let stages: String = (0..n)
            .map(|i| format!("FROM base AS s{i}\nRUN echo $V1\n"))
            .collect();
        "FROM debian:12 AS base\n".to_string() + &envs + &stages
    }),
    ("undefined_variables", 20_000, |n| {
        let envs: String = (0..n).map(|i| format!("ENV E{i}=$A{i}\n")).collect();
        "FROM debian:12\n".to_string() + &envs
    }),
    ("cd_then_install", 10_000, |n| {
        "FROM debian:12\n".to_string() + &"RUN cd /opt/app && npm install\n".repeat(n)
    }),
    ("downloads_then_removal", 10_000, |n| {
        let downloads: String = (0..n)
            .map(|i| format!("RUN curl -o f{i} https://example.com/f\n"))
            .collect();
        let files: Vec<String> = (0..n).map(|i| format!("f{i}")).collect();
        format!(
            "FROM debian:12\nWORKDIR /w\n{downloads}RUN rm {}\n",
            files.join(" ")
        )
    }),
    ("apt_updates", 50_000, |n| {
        "FROM debian:12\n".to_string() + &"RUN apt-get update\n".repeat(n)
    }),
    ("users", 20_000, |n| {
        let users: String = (0..n)
            .map(|i| format!("RUN useradd -u {i} u{i}\nUSER u{i}\n"))
            .collect();
        "FROM debian:12\n".to_string() + &users
    }),
    ("fixes_adding_findings", 2_000, |n| {
        "FROM debian:12\n".to_string() + &"RUN sudo apt-get install -y wget\nRUN echo x\n".repeat(n)
    }),
    ("relative_copies", 20_000, |n| {
        "FROM debian:12\n".to_string() + &"COPY mix.exs .\n".repeat(n)
    }),
    ("relative_workdirs", 20_000, |n| {
        "FROM debian:12\n".to_string() + &"WORKDIR sub\nRUN make\n".repeat(n)
    }),
];

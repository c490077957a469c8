use crate::diagnostic::{Edit, Fix};
use crate::knowledge::apt::{self, Family};
use crate::knowledge::images;
use crate::rules::drydock::lineage;
use crate::rules::later;
use crate::rules::pkg::{insert_after, run_at, CommandExt};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::semantics::Distro;
use crate::syntax::shell::{Op, SimpleCommand};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3015",
    name: "apt-get-no-install-recommends",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Avoid additional packages by specifying `--no-install-recommends`.",
    docs: r#"
## What it does
Reports an `apt-get install` without `--no-install-recommends` (or
`-o APT::Install-Recommends=false`).

## Why is this bad?
By default apt also installs every package the requested ones merely
*recommend*: documentation, optional helpers, sometimes whole toolchains.
They make the image larger and widen its attack surface without being
needed.

## Fix
*Suggested* when the file shows that nothing later needs what it drops;
otherwise offered unticked, as a risk, or explained. Inserts
`--no-install-recommends` after `install`, and in the same edit installs
explicitly the recommended packages a later step needs.

- **What changes in the image:** the recommended packages (and what only
  they pull in) are not installed.
- **What must hold:** no later step, and not the program the container
  starts, needs one of them. What goes wrong in practice: Debian's and
  Ubuntu's `curl`, `wget` and `git` only *recommend* `ca-certificates`,
  so a later `curl https://…`, `git clone https://…` or `gem install`
  fails; `git` recommends the `ssh` client, `xvfb` recommends `xauth`
  (for `xvfb-run`), `python3-pip` recommends the compilers a source
  build needs; a `.deb` installed later with `dpkg -i` may depend on a
  package only a recommendation brought.
- **What the fix checks:** with Debian's and Ubuntu's package data
  (bundled, `knowledge::apt`: what each package's recommendations add on
  a minimal system, and which programs those packages ship): the programs
  the rest of the image runs (the same `RUN` after the install, the later
  `RUN`s, the container's command); the certificates: when a
  recommendation brought `ca-certificates` (`curl`, `wget`, `git` …), or
  a later step downloads over https, or an `*-installer` package
  downloads while it installs (`oracle-java8-installer` with wget), it
  is installed by name, unless the
  base image has it (the program the container runs may be an https
  client, which the file does not show); a later compile (`make`, `gcc`, `pip install`, `gem install`,
  `npm install` …, then the dropped compilers and headers are installed
  explicitly); a later `dpkg -i`. Where a program a later step runs may
  come from a dropped recommendation that the data cannot name (a
  package outside the bundled table), where the packages come from a
  variable, after `dpkg -i`, and for the
  libraries of the interactive data stack (`python3-pandas`,
  `python3-matplotlib`, `r-cran-*`, `jupyter*` …: their recommendations
  are optional features their users call), the edit is offered unticked
  with its risk. Where the file asks for recommendations itself
  (`APT::Install-Recommends "true"`, `--install-recommends`), only the
  explanation is given.

## Example
```dockerfile
FROM debian:12
RUN apt-get install -y ca-certificates=20230311 curl=7.88.1-10+deb12u5
```

## Use instead
```dockerfile
FROM debian:12
RUN apt-get install -y --no-install-recommends ca-certificates=20230311 curl=7.88.1-10+deb12u5
```
"#,
    check,
};

const MESSAGE: &str = "Avoid additional packages by specifying `--no-install-recommends`";

fn forgot(cmd: &SimpleCommand) -> bool {
    cmd.runs_with(&["apt-get"], &["install"])
        && !cmd.has_flag("no-install-recommends")
        && cmd.arg_word(&["APT::Install-Recommends=false"]).is_none()
}

/// apt-get options that take a value (the word after them is not a
/// package). `-q` does not (`-q`, `-qq`, `-q=2`): `apt-get install -y -q
/// curl` installs curl.
const TAKES_VALUE: &[&str] = &["o", "c", "t", "option", "config-file", "target-release"];

/// A library of the interactive data stack (`python3-pandas`,
/// `r-cran-ggplot2`, `jupyter-notebook` …), whose recommendations are
/// optional features its users call.
fn interactive_data_library(name: &str) -> bool {
    let lib = name
        .strip_prefix("python3-")
        .or_else(|| name.strip_prefix("python-"))
        .unwrap_or("");
    matches!(
        lib,
        "pandas"
            | "matplotlib"
            | "scipy"
            | "sklearn"
            | "statsmodels"
            | "ipython"
            | "notebook"
            | "jupyter"
            | "jupyter-notebook"
            | "seaborn"
            | "skimage"
    ) || name.starts_with("r-cran-")
        || name.starts_with("jupyter")
        || matches!(name, "r-base" | "octave")
}

/// The command asks for recommendations itself.
fn wants_recommends(cmd: &SimpleCommand) -> bool {
    cmd.has_flag("install-recommends")
        || cmd.args().iter().any(|w| {
            // As on the lowercased word, without lowercasing it.
            let v = w.value.as_bytes();
            let key = b"apt::install-recommends=";
            let ends_false = v.len() >= 5 && v[v.len() - 5..].eq_ignore_ascii_case(b"false");
            v.len() >= key.len()
                && v[..key.len()].eq_ignore_ascii_case(key)
                && !ends_false
                && !v.ends_with(b"0")
        })
}

/// Text (of a command or a config line) that turns recommendations on:
/// `APT::Install-Recommends "true";` (quotes escaped or not), `=1` …
fn turns_recommends_on(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let key = "apt::install-recommends";
    lower.match_indices(key).any(|(at, _)| {
        let rest: String = lower[at + key.len()..]
            .chars()
            .filter(|c| !matches!(c, '"' | '\\' | '\'' | ' ' | '=' | ':'))
            .take(4)
            .collect();
        rest.starts_with("true") || rest.starts_with('1') || rest.starts_with("yes")
    })
}

/// What one install's fix needs to be harmless.
#[derive(Default)]
struct Verdict {
    /// Packages to install explicitly, in the order found.
    add: Vec<&'static str>,
    /// Why it is not proven harmless (a risk), if it is not.
    risk: Option<String>,
    /// The file asks for recommendations: no edit at all.
    asked: Option<String>,
}

impl Verdict {
    fn need(&mut self, package: &'static str) {
        if !self.add.contains(&package) {
            self.add.push(package);
        }
    }
    fn risky(&mut self, why: String) {
        self.risk.get_or_insert(why);
    }
}

/// What runs after an install: the commands, and the programs the
/// container starts (when the install's stage is part of the image).
struct After<'a> {
    commands: Vec<&'a SimpleCommand>,
    starts: Vec<String>,
}

/// Programs called after `cmd` (of instruction `i`).
fn after<'a>(cx: &Checker<'a>, i: usize, cmd: &SimpleCommand) -> After<'a> {
    let mut commands: Vec<&'a SimpleCommand> = Vec::new();
    if let Some(run) = run_at(cx, i) {
        commands.extend(
            run.commands
                .iter()
                .filter(|c| c.span.start > cmd.span.end)
                .map(|c| &**c),
        );
    }
    for (_, run) in later::runs_after(cx, i) {
        commands.extend(run.commands.iter().map(|c| &**c));
    }
    let sem = cx.semantics();
    let in_image = lineage::final_walk(sem).any(|s| sem.stage_of(i).is_some_and(|t| t.index == s.index));
    let starts = if in_image {
        lineage::start_programs(cx.file, sem)
    } else {
        Vec::new()
    };
    After { commands, starts }
}

/// The program a command runs, by file name, looking through `sudo`,
/// `env` … ([`SimpleCommand::effective`]).
fn program(cmd: &SimpleCommand) -> Option<&str> {
    cmd.effective().map(|(p, _)| p)
}

/// The arguments of the program [`program`] names.
fn args_of(cmd: &SimpleCommand) -> impl Iterator<Item = &str> + Clone {
    // Read in place (the checks ask about every command of every RUN).
    cmd.effective()
        .map_or(&[][..], |(_, args)| args)
        .iter()
        .map(|w| w.value.as_str())
}

/// A command that fetches over TLS with the system's certificates.
fn fetches_over_tls(cmd: &SimpleCommand) -> bool {
    let args = args_of(cmd);
    let first = args.clone().next();
    let https = args.clone().any(|a| a.contains("https://"));
    match program(cmd) {
        Some("curl" | "wget" | "aria2c" | "svn" | "hg") => https,
        Some("git") => {
            https
                || matches!(first, Some("fetch" | "pull" | "submodule"))
                || (first == Some("clone") && !args.clone().any(|a| a.starts_with("git@")))
        }
        Some("gem" | "bundle" | "bundler") => {
            matches!(first, Some("install" | "update" | "fetch")) || first.is_none()
        }
        Some("go") => matches!(first, Some("get" | "install" | "mod" | "build")),
        Some("composer" | "cargo") => true,
        Some("add-apt-repository") => true,
        Some("apt-key") => https || args.clone().any(|a| a == "--keyserver"),
        _ => https,
    }
}

/// A command that compiles, or may (a source install).
fn compiles(cmd: &SimpleCommand) -> bool {
    let args = args_of(cmd);
    let first = args.clone().next();
    match program(cmd) {
        Some(
            "make" | "gcc" | "cc" | "g++" | "c++" | "cmake" | "configure" | "node-gyp" | "R"
            | "Rscript" | "cpanm" | "cpan",
        ) => true,
        Some(p) if p.starts_with("pip") || p.starts_with("python") => {
            first == Some("install") || args.clone().any(|a| a == "setup.py")
        }
        Some("gem" | "bundle" | "npm" | "yarn") => {
            matches!(first, Some("install" | "i" | "ci")) || first.is_none()
        }
        _ => false,
    }
}

/// The build toolchain among `dropped`, by the names that exist in every
/// release: `build-essential` when it is dropped (it brings the
/// compilers, `make` and the C library headers), else the compilers and
/// `make` themselves; and the languages' headers and build helpers.
fn toolchain(dropped: &[&'static str]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    if dropped.contains(&"build-essential") {
        out.push("build-essential");
    } else {
        out.extend(
            dropped
                .iter()
                .copied()
                .filter(|p| matches!(*p, "gcc" | "g++" | "make" | "libc6-dev")),
        );
    }
    out.extend(dropped.iter().copied().filter(|p| {
        matches!(
            *p,
            "python3-dev" | "python-dev" | "ruby-dev" | "python3-setuptools" | "python-setuptools"
        )
    }));
    out
}

/// A package name that exists under that name in every release (not
/// `gcc-12`, `libgcc-12-dev`, `ruby3.2-dev`, `libssl3`): one an edit may
/// name without knowing the release.
fn release_independent(name: &str) -> bool {
    let b = name.as_bytes();
    let versioned = b.windows(2).any(|w| w[0] == b'-' && w[1].is_ascii_digit())
        || b.windows(3)
            .any(|w| w[0].is_ascii_digit() && w[1] == b'.' && w[2].is_ascii_digit());
    let soname = name.starts_with("lib")
        && name
            .trim_end_matches("-dev")
            .ends_with(|c: char| c.is_ascii_digit());
    !versioned && !soname
}

/// Decide what the fix for `cmd` (an install in instruction `i`) needs.
fn verdict(cx: &Checker, i: usize, cmd: &SimpleCommand, explicit: &[&str]) -> Verdict {
    let mut v = Verdict::default();
    if wants_recommends(cmd) {
        v.asked = Some("it asks for them itself (`--install-recommends`)".into());
        return v;
    }
    let sem = cx.semantics();
    let file = cx.file;
    // A configuration written earlier in the stage (or its ancestors) that
    // turns recommendations on.
    if let Some(stage) = sem.stage_of(i) {
        let earlier = lineage::lineage(sem, stage.index)
            .into_iter()
            .flat_map(|s| s.instructions())
            .filter(|&j| j <= i);
        for j in earlier {
            let inst = &file.instructions[j];
            let text = &file.source[inst.span.start..inst.span.end];
            let text = if j == i {
                &file.source[inst.span.start..cmd.span.start.max(inst.span.start)]
            } else {
                text
            };
            if matches!(inst.body, Body::Run(_)) && turns_recommends_on(text) {
                v.asked = Some(format!(
                    "line {} turns `APT::Install-Recommends` on: the author wants them",
                    inst.line
                ));
                return v;
            }
        }
    }
    let packages: Vec<&crate::syntax::shell::ShellWord> = cmd
        .positionals(TAKES_VALUE)
        .into_iter()
        .filter(|w| w.value != "install")
        .collect();
    if packages.iter().any(|w| w.has_expansion) {
        v.risky("the packages come from a variable: what they recommend is unknown".into());
    }
    let names: Vec<&str> = packages
        .iter()
        .map(|w| {
            // `curl=7.88.1-10`, `curl/bookworm`
            w.value.split(['=', '/']).next().unwrap_or("")
        })
        .collect();
    // Libraries of the interactive data stack: their recommendations are
    // optional features their users call (pandas' HDF5 and Excel
    // readers, matplotlib's Tk backend), which no later step shows.
    if let Some(at) = names.iter().position(|n| interactive_data_library(n)) {
        v.risky(format!(
            "`{}` recommends optional features its users call (readers, plotting backends): no later step shows whether they are needed",
            packages[at].value
        ));
    }
    let families: &[Family] = match sem.distro_at(i) {
        Distro::Debian => &[Family::Debian],
        Distro::Ubuntu => &[Family::Ubuntu],
        _ => &[Family::Debian, Family::Ubuntu],
    };
    let mut dropped: Vec<&'static str> = Vec::new();
    let mut unknown: Vec<&str> = Vec::new();
    for n in &names {
        let mut known = false;
        for f in families {
            if let Some(d) = apt::dropped_recommends(*f, n) {
                known = true;
                dropped.extend(d);
            }
        }
        if !known && !n.is_empty() {
            unknown.push(n);
        }
    }
    dropped.sort_unstable();
    dropped.dedup();
    // The base image: what it has already.
    let root = sem
        .stage_of(i)
        .and_then(|s| lineage::root_image(sem, s.index))
        .map(|(_, r)| r);
    let official = root.and_then(lineage::official_name);
    let tag = root.and_then(|r| r.tag.as_deref());
    let base_has = |program: &str| {
        official.is_some_and(|o| {
            images::has_program(o, tag, program) == Some(true)
                || images::base_packages(o, tag).is_some_and(|have| {
                    have.contains(&program)
                        || apt::providers(program).iter().any(|p| have.contains(&p))
                })
        })
    };
    let base_ships =
        |package: &str| official.is_some_and(|o| images::ships(o, tag, package) == Some(true));
    let installed =
        |package: &str| names.contains(&package) || explicit.contains(&package);

    let after = after(cx, i, cmd);
    // Certificates for downloads over https (a downloaded script piped
    // into a shell fetches what it likes).
    let piped_script = after
        .commands
        .iter()
        .any(|c| matches!(program(c), Some("sh" | "bash")) && c.op_before == Some(Op::Pipe));
    // The certificates also serve the program the container runs (any
    // client of an https service), which the file does not show: they
    // stay whenever a recommendation brought them.
    let fetches = after.commands.iter().any(|c| fetches_over_tls(c)) || piped_script;
    // Packages whose installation downloads (`oracle-java8-installer`,
    // `ttf-mscorefonts-installer`): their download tool's recommendations
    // (`ca-certificates` for wget) serve this very install.
    let installer = names.iter().any(|n| n.ends_with("-installer"));
    let known_drop = dropped.contains(&"ca-certificates") || installer;
    if !installed("ca-certificates")
        && !base_ships("ca-certificates")
        && (known_drop || (fetches && !unknown.is_empty()))
    {
        v.need("ca-certificates");
    }
    // Compilers for builds from source.
    if after.commands.iter().any(|c| compiles(c)) {
        for p in toolchain(&dropped) {
            if !installed(p) {
                v.need(p);
            }
        }
    }
    // `dpkg -i` of a package whose dependencies a recommendation may have
    // brought.
    if after.commands.iter().any(|c| {
        program(c) == Some("dpkg") && args_of(c).any(|a| a == "-i" || a == "--install")
    }) {
        v.risky("a later `dpkg -i` installs a package whose dependencies a dropped recommendation may have provided".into());
    }
    // Programs the rest of the image runs, each with the packages
    // installed by name before it runs (a later install of its package
    // brings it whatever this one drops).
    // (Nothing below changes the verdict when nothing known is dropped
    // and no package is unknown.)
    if dropped.is_empty() && unknown.is_empty() {
        return v;
    }
    // A program run again sees as many packages installed by name as
    // before, or more: its first run is the one that can need something,
    // and a later one would add the same need or a later risk (only the
    // first risk is kept). Each program is looked at once.
    let mut later_installed: Vec<&str> = Vec::new();
    let mut programs: Vec<(&str, usize)> = Vec::new();
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for c in &after.commands {
        if let Some(p) = program(c) {
            if seen.insert(p) {
                programs.push((p, later_installed.len()));
            }
        }
        if matches!(program(c), Some("apt-get" | "apt")) && args_of(c).any(|a| a == "install") {
            later_installed.extend(package_names(c));
        }
    }
    let all_later = later_installed.len();
    for p in &after.starts {
        if seen.insert(p) {
            programs.push((p, all_later));
        }
    }
    for (p, before) in programs {
        let providers = apt::providers(p);
        let by_name = |d: &str| installed(d) || later_installed[..before].contains(&d);
        if providers.is_empty() || providers.iter().any(by_name) || base_has(p) {
            continue;
        }
        if let Some(d) = providers.iter().find(|d| dropped.contains(d)) {
            if release_independent(d) {
                v.need(d);
            } else {
                v.risky(format!(
                    "a later step runs `{p}`, which only a recommended package brings (`{d}`, named differently in each release)"
                ));
            }
            continue;
        }
        if !unknown.is_empty() {
            v.risky(format!(
                "a later step runs `{p}`, which {} may have recommended (not in the bundled data)",
                unknown
                    .iter()
                    .map(|u| format!("`{u}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    v
}

/// The packages an apt install names (versions and releases removed),
/// through `sudo` and the like.
fn package_names(cmd: &SimpleCommand) -> Vec<&str> {
    let mut out = Vec::new();
    let mut skip = false;
    for a in args_of(cmd) {
        if skip {
            skip = false;
            continue;
        }
        if let Some(flag) = a.strip_prefix("--").or_else(|| a.strip_prefix('-')) {
            skip = TAKES_VALUE.contains(&flag);
            continue;
        }
        if a != "install" {
            out.push(a.split(['=', '/']).next().unwrap_or(""));
        }
    }
    out
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    // Packages installed by name by the apt installs before the one at
    // hand (approximated by every install earlier in the file): what it
    // can rely on having whatever its recommendations.
    let mut explicit: Vec<&str> = Vec::new();
    for (i, inst) in file.instructions.iter().enumerate() {
        let Some(run) = run_at(cx, i) else { continue };
        let installs: Vec<&SimpleCommand> = run
            .matching(|c| {
                matches!(program(c), Some("apt-get" | "apt")) && args_of(c).any(|a| a == "install")
            })
            .collect();
        let bad: Vec<&SimpleCommand> = run.matching(forgot).collect();
        if let Some(first) = bad.first() {
            if run.exec {
                cx.report(inst.span, MESSAGE);
            } else {
                // The fix reads every install and the stage's configuration.
                let fix = cx
                    .wants_fixes()
                    .then(|| fix_for(cx, i, &bad, &explicit, &installs));
                cx.report_at(inst.span, Some(first.span.start), MESSAGE, fix);
            }
        }
        for cmd in installs {
            let names = package_names(cmd);
            // An install that recommends the certificates keeps them:
            // by name once its own fix applies, by recommendation if not.
            let brings_certificates = forgot(cmd)
                && names.iter().any(|n| {
                    [Family::Debian, Family::Ubuntu].iter().any(|f| {
                        apt::dropped_recommends(*f, n)
                            .is_some_and(|d| d.contains("ca-certificates"))
                    })
                });
            explicit.extend(names);
            if brings_certificates {
                explicit.push("ca-certificates");
            }
        }
    }
}

/// The fix for the installs `bad` of instruction `i`, given the packages
/// the `RUN`s before it install by name (`explicit`) and every install of
/// its own `RUN` (`installs`: those before each one count too).
fn fix_for(
    cx: &Checker,
    i: usize,
    bad: &[&SimpleCommand],
    explicit: &[&str],
    installs: &[&SimpleCommand],
) -> Fix {
    let mut edits: Vec<Edit> = Vec::new();
    let mut added: Vec<&'static str> = Vec::new();
    let mut risks: Vec<String> = Vec::new();
    for cmd in bad {
        let mut known = explicit.to_vec();
        for c in installs {
            if c.span.start < cmd.span.start {
                known.extend(package_names(c));
            }
        }
        let v = verdict(cx, i, cmd, &known);
        if let Some(why) = v.asked {
            return Fix::manual(format!(
                "Leave the recommended packages in: {why}. Otherwise add --no-install-recommends \
                 and install what is needed by name"
            ));
        }
        let Some(install) = cmd.arg_word(&["install"]) else {
            continue;
        };
        edits.push(insert_after(install, "--no-install-recommends"));
        if !v.add.is_empty() {
            // After the last package (or `install`).
            let last = cmd
                .positionals(TAKES_VALUE)
                .into_iter()
                .next_back()
                .map_or(install.span.end, |w| w.span.end);
            let extra: Vec<&str> = v
                .add
                .iter()
                .copied()
                .filter(|p| !added.contains(p))
                .collect();
            if !extra.is_empty() {
                if last == install.span.end {
                    // Only flags after `install`: put them after the flag
                    // we insert.
                    let e = edits.pop().expect("just pushed");
                    edits.push(Edit::insert(
                        e.span.start,
                        format!("{} {}", e.replacement, extra.join(" ")),
                    ));
                } else {
                    edits.push(Edit::insert(last, format!(" {}", extra.join(" "))));
                }
                added.extend(extra);
            }
        }
        risks.extend(v.risk);
    }
    let also = if added.is_empty() {
        String::new()
    } else {
        format!(
            ", and install {} by name (a later step needs {})",
            added.join(" "),
            if added.len() == 1 { "it" } else { "them" }
        )
    };
    let message = format!("Add --no-install-recommends{also}");
    match risks.into_iter().next() {
        Some(risk) => Fix::risky(message, edits, risk),
        None => Fix::suggested(message, edits),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::diagnostic::Applicability;
    use crate::testing::{findings, fixed_until_clean, reports};

    #[test]
    fn reports_missing_flag() {
        for text in [
            "RUN apt-get install -y python\n",
            "RUN apt-get update && apt-get -y install python\n",
            "RUN apt-get install -y -o APT::Install-Suggests=false python\n",
            "ONBUILD RUN apt-get install python\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_flag_anywhere() {
        for text in [
            "RUN apt-get install -y --no-install-recommends python\n",
            "RUN apt-get -y --no-install-recommends install python\n",
            "RUN apt-get install -y python --no-install-recommends\n",
            "RUN apt-get install -y -o APT::Install-Recommends=false python\n",
            "RUN apt-get update && apt-get upgrade -y\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }

    #[test]
    fn fix_inserts_flag() {
        assert_eq!(
            fixed_until_clean(&RULE, "FROM debian:12\nRUN apt-get -y install make\n"),
            "FROM debian:12\nRUN apt-get -y install --no-install-recommends make\n"
        );
    }

    fn fix_of(text: &str) -> crate::diagnostic::Fix {
        findings(&RULE, text)[0].fix.clone().expect("a fix")
    }

    #[test]
    fn certificates_an_earlier_install_keeps_are_not_added_again() {
        let text = "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get update && apt-get install -y wget && rm -rf /var/lib/apt/lists/*\nRUN curl -fsSL https://x/y -o /y\n";
        let found = crate::testing::findings(&RULE, text);
        let second = crate::diagnostic::apply_edits(text, &found[1].fix.as_ref().unwrap().edits);
        assert!(
            second.contains("install --no-install-recommends -y wget &&"),
            "{second}"
        );
        let first = crate::diagnostic::apply_edits(text, &found[0].fix.as_ref().unwrap().edits);
        assert!(first.contains("curl ca-certificates"), "{first}");
    }

    #[test]
    fn quiet_takes_no_value() {
        let text = "FROM ubuntu:14.04\nRUN apt-get update && apt-get install -y -q curl && rm -rf /var/lib/apt/lists/*\nRUN curl -L https://x/y -o /y\n";
        let found = crate::testing::findings(&RULE, text);
        let out = crate::diagnostic::apply_edits(text, &found[0].fix.as_ref().unwrap().edits);
        assert!(out.contains("-q curl ca-certificates"), "{out}");
    }

    #[test]
    fn an_installer_package_keeps_its_certificates() {
        let text = "FROM ubuntu:14.04\nRUN apt-get update && apt-get install -y oracle-java8-installer && rm -rf /var/lib/apt/lists/*\n";
        let found = crate::testing::findings(&RULE, text);
        let out = crate::diagnostic::apply_edits(text, &found[0].fix.as_ref().unwrap().edits);
        assert!(
            out.contains("oracle-java8-installer ca-certificates"),
            "{out}"
        );
    }

    #[test]
    fn the_interactive_data_stack_is_risky() {
        for text in [
            "FROM debian:12\nRUN apt-get update && apt-get install -y python3-pandas python3-matplotlib && rm -rf /var/lib/apt/lists/*\n",
            "FROM debian:12\nRUN apt-get update && apt-get install -y r-cran-ggplot2 && rm -rf /var/lib/apt/lists/*\n",
        ] {
            let found = crate::testing::findings(&RULE, text);
            assert!(
                found[0].fix.as_ref().is_some_and(|f| f.risk.is_some()),
                "{text}"
            );
        }
    }

    #[test]
    fn certificates_stay_for_a_later_https_download() {
        // git and curl only recommend ca-certificates.
        assert_eq!(
            fixed_until_clean(
                &RULE,
                "FROM debian:12\nRUN apt-get update && apt-get install -y git\nRUN git clone https://example.com/x.git\n"
            ),
            "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y git ca-certificates\nRUN git clone https://example.com/x.git\n"
        );
        assert_eq!(
            fixed_until_clean(
                &RULE,
                "FROM ubuntu:16.04\nRUN apt-get update && apt-get install -y curl && curl -fsSL https://deb.nodesource.com/setup | bash -\n"
            ),
            "FROM ubuntu:16.04\nRUN apt-get update && apt-get install --no-install-recommends -y curl ca-certificates && curl -fsSL https://deb.nodesource.com/setup | bash -\n"
        );
        // Installed by name already, or in the base image: nothing added.
        for text in [
            "FROM debian:12\nRUN apt-get install -y ca-certificates git\nRUN git clone https://example.com/x.git\n",
            "FROM python:3.12-slim\nRUN apt-get install -y git\nRUN git clone https://example.com/x.git\n",
        ] {
            let fix = fix_of(text);
            assert_eq!(fix.applicability, Applicability::Suggested, "{text}");
            assert_eq!(fix.edits.len(), 1, "{text}");
        }
    }

    #[test]
    fn programs_from_recommendations_are_installed_by_name() {
        // git recommends the ssh client; a later clone over ssh needs it.
        let out = fixed_until_clean(
            &RULE,
            "FROM debian:12\nRUN apt-get install -y git\nRUN ssh-keyscan github.com >> /root/.ssh/known_hosts\n",
        );
        assert!(
            out.contains("git ca-certificates openssh-client\n"),
            "{out}"
        );
        // xvfb-run needs xauth, which xvfb recommends on Debian.
        let out = fixed_until_clean(
            &RULE,
            "FROM debian:12\nRUN apt-get install -y xvfb\nCMD [\"xauth\", \"list\"]\n",
        );
        assert!(out.contains("xvfb xauth"), "{out}");
    }

    #[test]
    fn certificates_a_recommendation_brought_stay() {
        // Nothing later downloads, but the program the container runs may
        // be an https client: the certificates stay.
        assert_eq!(
            fixed_until_clean(&RULE, "FROM debian:12\nRUN apt-get install -y curl\nCMD [\"/app\"]\n"),
            "FROM debian:12\nRUN apt-get install --no-install-recommends -y curl ca-certificates\nCMD [\"/app\"]\n"
        );
    }

    #[test]
    fn compilers_stay_for_a_later_source_build() {
        let out = fixed_until_clean(
            &RULE,
            "FROM debian:12\nRUN apt-get install -y python3-pip\nRUN pip3 install uwsgi\n",
        );
        assert!(out.contains("build-essential"), "{out}");
        assert!(out.contains("python3-dev"), "{out}");
    }

    #[test]
    fn what_the_file_cannot_show_is_a_risk_or_an_explanation() {
        // The author turned recommendations on.
        let fix = fix_of("FROM debian:12\nRUN echo 'APT::Install-Recommends \"true\";' > /etc/apt/apt.conf.d/r && apt-get install -y ruby\n");
        assert_eq!(fix.applicability, Applicability::Manual);
        assert!(fix.edits.is_empty());
        // Escaped quotes in the configuration line.
        let fix = fix_of("FROM debian:12\nRUN echo \"APT::Install-Recommends \\\"true\\\";\" > /etc/apt/apt.conf ; apt-get install -y git\n");
        assert!(fix.edits.is_empty());
        // A later dpkg -i (through sudo too); packages from a variable.
        for text in [
            "FROM debian:12\nRUN apt-get install -y xvfb\nRUN dpkg -i /tmp/wkhtmltox.deb\n",
            "FROM debian:12\nRUN apt-get install -y xvfb\nRUN sudo dpkg -i /tmp/wkhtmltox.deb\n",
            "FROM debian:12\nRUN apt-get install -y $PACKAGES\n",
        ] {
            let fix = fix_of(text);
            assert_eq!(fix.applicability, Applicability::Manual, "{text}");
            assert!(!fix.edits.is_empty(), "{text}");
            assert!(fix.risk.is_some(), "{text}");
        }
    }
}

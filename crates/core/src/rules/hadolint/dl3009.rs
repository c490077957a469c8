use crate::diagnostic::{Applicability, Edit, Fix};
use crate::rules::later;
use crate::rules::layers::{and_chained, flag_key};
use crate::rules::pkg::{run_at, CommandExt, Run, StageScope};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::{Op, SimpleCommand};
use crate::syntax::{Body, CommandForm, Span};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3009",
    name: "apt-lists-not-deleted",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Delete the apt lists (/var/lib/apt/lists) after installing something.",
    docs: r#"
## What it does
Reports a `RUN` that runs `apt-get update` (or `apt update`, `aptitude
update`) without deleting `/var/lib/apt/lists` in the same `RUN`, in a
stage that ends up in the image (the last stage, or a stage another `FROM`
builds on). A `RUN --mount=type=cache` (or `tmpfs`) on the lists directory
is accepted.

## Why is this bad?
`apt-get update` downloads the package indexes, tens of megabytes that the
running container never uses. Left in place they are baked into the layer;
deleting them in a *later* `RUN` does not shrink the image because the
earlier layer still holds them.

## Fix
*Suggested*: appends `&& rm -rf /var/lib/apt/lists/*` to the end of the
same `RUN`.

- **What changes in the image:** the package lists are gone: the layer
  is tens of megabytes smaller. An `apt-get install` after it (in a
  later step, or in an image built on this one) has to run
  `apt-get update` first, as it should anyway to get current lists.
- **What must hold:** no later step of this image reads the lists
  without refreshing them: an `apt-get install`, `apt-cache` or
  `apt-get upgrade` in a later `RUN` with no `apt-get update` of its
  own before it.
- **What the fix checks:** the later `RUN`s of the stage and of the
  stages built on it, read through `sudo` and `env`: the first apt
  command of each must be an update (or a removal or clean, which need
  no lists), or no edit (join the steps first). The removal comes last
  in the `RUN`, after everything that may use the lists.

A `RUN` that only updates (`RUN apt-get update`, then the install in a
`RUN` of its own) gets another edit, *suggested*: the update moves into
the `RUN` that installs, in front of its install (`apt-get update &&
apt-get install …`); the lists are then deleted there, by the edit above,
in a later round.

- **What changes in the image:** the layer holding only the lists is
  gone; the update runs in the install's step, so a cached build never
  installs from stale lists (Docker's own advice). The packages are the
  same ones, resolved from lists fetched just before.
- **What must hold:** nothing between the two steps reads the lists or
  changes how they are fetched, and the update still guards the install
  (a failed update fails the step).
- **What the fix checks:** the `RUN` runs nothing but updates, joined by
  `&&`, with no shell comment, and a comment line above it only when the
  installing `RUN` is on the very next line (the comment then describes
  the update and the install together); the next instruction of the stage is
  the installing `RUN` (or only `LABEL`, `EXPOSE`, `MAINTAINER` and
  `ENV` without a proxy setting stand between). Every later `RUN` that
  read these lists (up to one that updates itself) gets the update too,
  so that each can delete its lists: each has the same flags, runs under
  a POSIX shell, in shell form without heredocs, its first command is
  the apt command that reads the lists, and its commands are joined by
  `&&` only (after `apt-get update && `, a `;` would let a failed update
  pass). No step in between may change where packages come from
  (`/etc/apt`, `add-apt-repository`, `apt-key`, a script piped to a
  shell): the moved update would fetch from there too.

## Example
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
```

## Use instead
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \
    && rm -rf /var/lib/apt/lists/*
```
"#,
    check,
};

const MESSAGE: &str = "Delete the apt lists (/var/lib/apt/lists) after installing something";

fn forgot_cleanup(run: &Run) -> bool {
    let update = run.any(|c| c.runs_with(&["apt", "apt-get", "aptitude"], &["update"]));
    // hadolint accepts any `rm` given `-rf` or the lists glob.
    let cleanup = run.any(|c| c.runs_with(&["rm"], &["-rf", "/var/lib/apt/lists/*"]));
    update && !cleanup
}

/// Whether a later `RUN` of the image (the rest of the stage of
/// instruction `index`, and the stages built on it) uses the apt lists
/// before refreshing them: deleting them here would break it. Commands
/// are read through `sudo`, `env` … (`sudo apt-get install` reads them
/// too).
fn lists_needed_later(cx: &Checker, index: usize) -> bool {
    for (_, run) in later::runs_after(cx, index) {
        // The first apt command of the RUN decides: a refresh first, and
        // the lists are back for what follows.
        if let Some(sub) = run.commands.iter().find_map(|c| apt_sub(c)) {
            return !matches!(
                sub,
                Some("update" | "clean" | "autoclean" | "purge" | "remove" | "autoremove")
            );
        }
    }
    false
}

/// Whether the `RUN` uses the lists after its update (an install, an
/// upgrade …): an update alone downloads lists nobody reads.
fn uses_its_update(run: &Run) -> bool {
    let mut updated = false;
    for c in &run.commands {
        let Some((p, args)) = c.effective() else {
            continue;
        };
        if !matches!(p, "apt" | "apt-get" | "aptitude") {
            continue;
        }
        let sub = args
            .iter()
            .find(|w| !w.value.starts_with('-'))
            .map(|w| w.value.as_str());
        match sub {
            Some("update") => updated = true,
            Some("clean" | "autoclean") => {}
            Some(_) if updated => return true,
            _ => {}
        }
    }
    false
}

/// The apt subcommand `c` runs (through `sudo`, `env` …), if it runs apt.
fn apt_sub(c: &SimpleCommand) -> Option<Option<&str>> {
    c.effective()
        .filter(|(p, _)| matches!(*p, "apt" | "apt-get" | "aptitude" | "apt-cache"))
        .map(|(_, args)| {
            args.iter()
                .find(|w| !w.value.starts_with('-'))
                .map(|w| w.value.as_str())
        })
}

/// The edits moving the updates of the update-only `RUN` at `index` into
/// the `RUN` that installs next (see the docs' second fix): the update
/// `RUN` deleted with its line, and `<its updates> && ` inserted before
/// the install. `None` when the file does not prove it harmless.
fn move_update(cx: &Checker, index: usize) -> Option<Vec<Edit>> {
    let file = cx.file;
    let source = file.source.as_str();
    let a = &file.instructions[index];
    let run = run_at(cx, index)?;
    let Body::Run(CommandForm::Shell { script, .. }) = &a.body else {
        return None;
    };
    if run.onbuild
        || run.exec
        || !a.heredocs.is_empty()
        || !script.errors.is_empty()
        || !script.comments.is_empty()
        || script.commands.is_empty()
        || !cx.semantics().shell_is_posix(index)
    {
        return None;
    }
    let updates_only = script.commands.iter().all(|c| {
        c.depth == 0
            && matches!(c.op_before, None | Some(Op::And))
            && c.redirects.is_empty()
            && apt_sub(c) == Some(Some("update"))
    });
    if !updates_only {
        return None;
    }
    // The line of the update RUN: only blanks before it (whether a
    // comment line stands right above is checked once the install is
    // found).
    let line_start = source[..a.span.start].rfind('\n').map_or(0, |i| i + 1);
    if !source[line_start..a.span.start].trim().is_empty() {
        return None;
    }
    let above = source[..line_start.saturating_sub(1)]
        .rsplit('\n')
        .next()
        .unwrap_or("");
    let comment_above = line_start > 0 && above.trim_start().starts_with('#');
    let line_end = match source[a.span.end..].find('\n') {
        Some(i) if source[a.span.end..a.span.end + i].trim().is_empty() => a.span.end + i + 1,
        None if source[a.span.end..].trim().is_empty() => source.len(),
        _ => return None,
    };
    // The next instruction that is not plain metadata must be the RUN
    // that installs, in the same stage.
    let stage = cx.semantics().stage_of(index)?;
    let mut next = None;
    for j in index + 1..stage.end {
        let inst = &file.instructions[j];
        match &inst.body {
            Body::Label(_) | Body::Expose(_) | Body::Maintainer(_) => {}
            Body::Env(pairs)
                if pairs
                    .iter()
                    .all(|kv| !kv.key.text.to_ascii_lowercase().contains("proxy")) => {}
            Body::Run(_) => {
                next = Some(j);
                break;
            }
            _ => return None,
        }
    }
    let j = next?;
    // A comment right above the update then stands right above the RUN
    // that installs, and describes it with its update; with anything
    // between them it would be left describing something else.
    if comment_above
        && (j != index + 1 || source.get(line_end..file.instructions[j].span.start) != Some(""))
    {
        return None;
    }
    // The RUNs that read the lists of this update: the next one, and each
    // later one whose first apt command reads them, up to a refresh.
    let mut readers = vec![j];
    for (k, run) in later::runs_after(cx, j) {
        match run.commands.iter().find_map(|c| apt_sub(c)) {
            Some(Some("update")) => break,
            Some(Some(
                "install" | "upgrade" | "dist-upgrade" | "full-upgrade" | "build-dep" | "source"
                | "policy" | "show" | "search" | "madison" | "depends" | "rdepends",
            )) => readers.push(k),
            _ => {}
        }
    }
    let last = *readers.last()?;
    // Steps that change where packages come from would now be fetched by
    // the moved update too: the same packages are no longer proven.
    let changes_sources = (index + 1..last).any(|k| {
        let t = &source[file.instructions[k].span.start..file.instructions[k].span.end];
        [
            "/etc/apt",
            "add-apt-repository",
            "apt-key",
            "| bash",
            "| sh",
            "|bash",
            "|sh",
        ]
        .iter()
        .any(|m| t.contains(m))
    });
    if changes_sources {
        return None;
    }
    let updates: Vec<&str> = script
        .commands
        .iter()
        .map(|c| &source[c.span.start..c.span.end])
        .collect();
    let prefix = format!("{} && ", updates.join(" && "));
    let mut edits = vec![Edit::replace(Span::new(line_start, line_end), "")];
    for k in readers {
        let b = &file.instructions[k];
        let Body::Run(CommandForm::Shell { script: s2, .. }) = &b.body else {
            return None;
        };
        if !b.heredocs.is_empty()
            || !s2.errors.is_empty()
            || flag_key(a) != flag_key(b)
            || !cx.semantics().shell_is_posix(k)
        {
            return None;
        }
        let first = s2.commands.first()?;
        let reads = first.depth == 0
            && matches!(
                apt_sub(first),
                Some(Some(
                    "install"
                        | "upgrade"
                        | "dist-upgrade"
                        | "full-upgrade"
                        | "build-dep"
                        | "source"
                ))
            );
        if !reads || !and_chained(s2) || first.span.is_empty() {
            return None;
        }
        edits.push(Edit::insert(first.span.start, prefix.clone()));
    }
    Some(edits)
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    let scope = StageScope::new(file);
    for (index, inst) in file.instructions.iter().enumerate() {
        let Some(run) = run_at(cx, index) else {
            continue;
        };
        if !forgot_cleanup(run)
            || run.has_cache_mount("/var/lib/apt/lists")
            || (run.has_cache_mount("/var/lib/apt") && run.has_cache_mount("/var/cache/apt"))
            || !scope.counts(file, index)
        {
            continue;
        }
        if !cx.wants_fixes() {
            cx.report(inst.span, MESSAGE);
            continue;
        }
        if !uses_its_update(run) {
            let fix = match move_update(cx, index) {
                Some(edits) => Fix {
                    applicability: Applicability::Suggested,
                    ..Fix::safe("Update in the RUN that installs", edits)
                },
                None => Fix::manual(
                    "Nothing in this RUN reads the lists it downloads: update in the RUN that \
                     installs, and delete the lists there",
                ),
            };
            cx.report_fix(inst.span, MESSAGE, fix);
            continue;
        }
        match run
            .append_point()
            .filter(|_| !lists_needed_later(cx, index))
        {
            Some(at) => cx.report_fix(
                inst.span,
                MESSAGE,
                Fix::suggested(
                    "Delete the apt lists at the end of this RUN",
                    vec![Edit::insert(at, " && rm -rf /var/lib/apt/lists/*")],
                ),
            ),
            None => {
                cx.report(inst.span, MESSAGE);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed_until_clean, reports};

    #[test]
    fn reports_update_without_cleanup() {
        for text in [
            "FROM debian\nRUN apt-get update && apt-get install -y python\n",
            "FROM debian\nRUN apt update\n",
            "FROM debian\nRUN apt-get update\nRUN rm -rf /var/lib/apt/lists/*\n",
            "FROM debian AS base\nRUN apt-get update\nFROM base\nRUN true\n",
            "ONBUILD RUN apt-get update\n",
            "FROM debian\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_cleanup_and_unused_stages() {
        for text in [
            "FROM debian\nRUN apt-get update && apt-get install -y python && rm -rf /var/lib/apt/lists/*\n",
            "FROM debian\nRUN apt-get update\\\n && apt-get install -y python\\\n && apt-get clean\\\n && rm -rf /var/lib/apt/lists/*\n",
            "FROM debian\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update\n",
            "FROM debian\nRUN --mount=type=cache,target=/var/lib/apt --mount=type=cache,target=/var/cache/apt apt-get update\n",
            // Not the final stage and nothing builds on it.
            "FROM debian AS build\nRUN apt-get update\nFROM alpine\nCOPY --from=build /x /x\n",
            "FROM debian\nRUN apt-get install -y python=1\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }

    #[test]
    fn fix_appends_cleanup() {
        let out = fixed_until_clean(
            &RULE,
            "FROM debian\nRUN apt-get update && apt-get install -y python\n",
        );
        assert_eq!(
            out,
            "FROM debian\nRUN apt-get update && apt-get install -y python && rm -rf /var/lib/apt/lists/*\n"
        );
        fixed_until_clean(
            &RULE,
            "FROM debian\nRUN apt-get update \\\n    && apt-get install -y python \\\n    # done\n",
        );
    }

    #[test]
    fn no_fix_inside_an_unterminated_quote() {
        // Appended text would land inside the quote and the finding would
        // stay: fixing again would append again (found by fuzzing).
        let text = "FROM debian\nRUN apt-get update && apt-get install -y a \"b\n";
        let found = crate::testing::findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert!(found[0].fix.is_none());
    }

    #[test]
    fn an_update_only_run_moves_into_the_install() {
        let text = "FROM debian:12\nRUN apt-get update -qq\n# tools\nLABEL a=b\nRUN apt-get install -y curl && curl -V\nCMD [\"x\"]\n";
        let found = crate::testing::findings(&RULE, text);
        let fix = found[0].fix.as_ref().unwrap();
        assert_eq!(
            fix.applicability,
            crate::diagnostic::Applicability::Suggested
        );
        assert_eq!(
            crate::diagnostic::apply_edits(text, &fix.edits),
            "FROM debian:12\n# tools\nLABEL a=b\nRUN apt-get update -qq && apt-get install -y curl && curl -V\nCMD [\"x\"]\n"
        );
    }

    #[test]
    fn a_comment_above_the_update_stays_above_the_install() {
        let text = "FROM debian:12\n# Install packages\nRUN apt-get update\nRUN apt-get install -y a && b\n";
        let found = crate::testing::findings(&RULE, text);
        let fix = found[0].fix.as_ref().unwrap();
        assert_eq!(
            crate::diagnostic::apply_edits(text, &fix.edits),
            "FROM debian:12\n# Install packages\nRUN apt-get update && apt-get install -y a && b\n"
        );
    }

    #[test]
    fn every_later_reader_gets_the_update() {
        // Up to the RUN that updates itself: what follows reads its lists.
        let text = "FROM debian:12\nRUN apt-get update\nRUN apt-get upgrade -y\nRUN echo hi\nRUN apt-get install -y a\nRUN apt-get update && apt-get install -y b\nRUN apt-get install -y c\n";
        let found = crate::testing::findings(&RULE, text);
        let fix = found[0].fix.as_ref().unwrap();
        assert_eq!(
            crate::diagnostic::apply_edits(text, &fix.edits),
            "FROM debian:12\nRUN apt-get update && apt-get upgrade -y\nRUN echo hi\nRUN apt-get update && apt-get install -y a\nRUN apt-get update && apt-get install -y b\nRUN apt-get install -y c\n"
        );
        // And then each deletes its lists.
        let mut out = "FROM debian:12\nRUN apt-get update\nRUN apt-get upgrade -y\nRUN echo hi\nRUN apt-get install -y a\n".to_string();
        for _ in 0..4 {
            let found = crate::testing::findings(&RULE, &out);
            let Some(fix) = found.first().and_then(|d| d.fix.as_ref()) else {
                break;
            };
            out = crate::diagnostic::apply_edits(&out, &fix.edits);
        }
        assert_eq!(
            out,
            "FROM debian:12\nRUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*\nRUN echo hi\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/*\n"
        );
    }

    #[test]
    fn an_update_only_run_stays_when_the_move_is_not_proven() {
        for text in [
            // A comment above the update would describe the next step.
            "FROM debian:12\n# refresh\nRUN apt-get update\n\n# tools\nRUN apt-get install -y a && b\n",
            "FROM debian:12\n# refresh\nRUN apt-get update\nLABEL a=b\nRUN apt-get install -y a && b\n",
            // Something else runs first in the install's RUN.
            "FROM debian:12\nRUN apt-get update\nRUN echo x > /etc/apt/sources.list.d/x.list && apt-get install -y a\n",
            // `;` after the update would let a failed update pass.
            "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y a; b\n",
            // Another step in between.
            "FROM debian:12\nRUN apt-get update\nRUN ./setup.sh\nRUN apt-get install -y a && b\n",
            // A later reader that cannot take the update; a new source.
            "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y a && b\nRUN c && apt-get install -y d\n",
            "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y a && b\nRUN curl -sL https://x/setup | bash -\nRUN apt-get install -y d\n",
            "FROM debian:12\nRUN apt-get update\nENV http_proxy=http://p:3128\nRUN apt-get install -y a && b\n",
            "FROM debian:12\nRUN apt-get update\nUSER app\nRUN apt-get install -y a && b\n",
            // Other flags, another stage, more than updates.
            "FROM debian:12\nRUN apt-get update\nRUN --network=none apt-get install -y a && b\n",
            "FROM debian:12 AS a\nRUN apt-get update\nFROM a\nRUN apt-get install -y a && b\n",
            "FROM debian:12\nRUN apt-get update || true\nRUN apt-get install -y a && b\n",
            "FROM debian:12\nRUN apt-get update # lists\nRUN apt-get install -y a && b\n",
        ] {
            let found = crate::testing::findings(&RULE, text);
            assert!(
                found[0].fix.as_ref().is_none_or(|f| f.edits.is_empty()),
                "{text}"
            );
        }
    }

    #[test]
    fn no_fix_when_a_later_run_needs_the_lists() {
        for text in [
            "FROM debian AS base\nRUN apt-get update\nFROM base\nRUN apt-cache policy x\n",
            // Through sudo too.
            "FROM debian\nRUN apt-get update && apt-get install -y sudo\nRUN sudo apt-get install -y python\n",
        ] {
            let found = crate::testing::findings(&RULE, text);
            assert!(
                found[0].fix.as_ref().is_none_or(|f| f.edits.is_empty()),
                "{text}"
            );
        }
        // A later RUN that refreshes the lists itself is fine.
        let text = "FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt-get update && apt-get install -y b\n";
        assert_eq!(
            fixed_until_clean(&RULE, text),
            "FROM debian\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/*\nRUN apt-get update && apt-get install -y b && rm -rf /var/lib/apt/lists/*\n"
        );
    }
}

use crate::diagnostic::{Edit, Fix};
use crate::rules::later;
use crate::rules::pkg::{run_at, CommandExt, Run, StageScope};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
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
  in the `RUN`, after everything that may use the lists. A `RUN` that
  only updates gets the explanation instead: nothing in it reads the
  lists.

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
    fn apt(c: &SimpleCommand) -> Option<Option<&str>> {
        c.effective()
            .filter(|(p, _)| matches!(*p, "apt" | "apt-get" | "aptitude" | "apt-cache"))
            .map(|(_, args)| {
                args.iter()
                    .find(|w| !w.value.starts_with('-'))
                    .map(|w| w.value.as_str())
            })
    }
    for (_, run) in later::runs_after(cx, index) {
        // The first apt command of the RUN decides: a refresh first, and
        // the lists are back for what follows.
        if let Some(sub) = run.commands.iter().find_map(|c| apt(c)) {
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
        if !uses_its_update(run) {
            cx.report_fix(
                inst.span,
                MESSAGE,
                Fix::manual(
                    "Nothing in this RUN reads the lists it downloads: update in the RUN that \
                     installs, and delete the lists there",
                ),
            );
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
    use crate::rules::pkg::testing::{fixed, reports};

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
        let out = fixed(
            &RULE,
            "FROM debian\nRUN apt-get update && apt-get install -y python\n",
        );
        assert_eq!(
            out,
            "FROM debian\nRUN apt-get update && apt-get install -y python && rm -rf /var/lib/apt/lists/*\n"
        );
        fixed(
            &RULE,
            "FROM debian\nRUN apt-get update \\\n    && apt-get install -y python \\\n    # done\n",
        );
    }

    #[test]
    fn no_fix_inside_an_unterminated_quote() {
        // Appended text would land inside the quote and the finding would
        // stay: fixing again would append again (found by fuzzing).
        let text = "FROM debian\nRUN apt-get update && apt-get install -y a \"b\n";
        let found = crate::rules::testing::codes(&RULE, text);
        assert_eq!(found.len(), 1);
        assert!(found[0].fix.is_none());
    }

    #[test]
    fn no_fix_when_a_later_run_needs_the_lists() {
        for text in [
            "FROM debian\nRUN apt-get update\nRUN apt-get install -y python\n",
            "FROM debian AS base\nRUN apt-get update\nFROM base\nRUN apt-cache policy x\n",
            // Through sudo too.
            "FROM debian\nRUN apt-get update && apt-get install -y sudo\nRUN sudo apt-get install -y python\n",
        ] {
            let found = crate::rules::testing::codes(&RULE, text);
            assert!(
                found[0].fix.as_ref().is_none_or(|f| f.edits.is_empty()),
                "{text}"
            );
        }
        // A later RUN that refreshes the lists itself is fine.
        let text = "FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt-get update && apt-get install -y b\n";
        assert_eq!(
            fixed(&RULE, text),
            "FROM debian\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/*\nRUN apt-get update && apt-get install -y b && rm -rf /var/lib/apt/lists/*\n"
        );
    }
}

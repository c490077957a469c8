use crate::diagnostic::{Edit, Fix};
use crate::rules::flags::{after_subcommand, report_missing_flag};
use crate::rules::later::force_later_removals;
use crate::rules::pkg::{CommandExt, Run};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3019",
    name: "apk-no-cache",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages.",
    docs: r#"
## What it does
Reports an `apk add` without `--no-cache`, unless the `RUN` mounts a cache
or tmpfs on `/var/cache/apk`.

## Why is this bad?
Without `--no-cache`, apk stores the package index under `/var/cache/apk`
and it stays in the layer. `--no-cache` fetches a fresh index, uses it
and leaves nothing behind: no `apk update` before and no
`rm -rf /var/cache/apk/*` after.

## Fix
*Safe.* Inserts `--no-cache` after `add`.

- **What changes in the image:** the index is not kept under
  `/var/cache/apk`: the layer is smaller; the packages are the same. A
  later `apk add` fetches the index again, as it would after a cleanup.
- **What must hold:** nothing later needs files under `/var/cache/apk`.
  In practice what does is removing them: `rm /var/cache/apk/*` fails
  when the cache is empty (the glob stays unexpanded).
- **What the fix checks:** later `rm`s under `/var/cache/apk` without
  `-f` (in the same `RUN` after the install, and in the later `RUN`s of
  the image) get `-f` in the same fix. When such an `rm` is an exec-form
  `RUN`, there is no edit, only the explanation.

## Example
```dockerfile
FROM alpine:3.20
RUN apk add curl=8.9.1-r2
```

## Use instead
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl=8.9.1-r2
```
"#,
    check,
};

const MESSAGE: &str = "Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages";

fn forgot(cmd: &SimpleCommand) -> bool {
    cmd.runs_with(&["apk"], &["add"]) && !cmd.has_flag("no-cache")
}

fn check(cx: &mut Checker) {
    let skip = |run: &Run| run.has_cache_mount("/var/cache/apk");
    report_missing_flag(cx, MESSAGE, skip, forgot, |cx, i, bad| {
        let mut edits: Vec<Edit> = after_subcommand(bad, &["add"], "--no-cache");
        // A later `rm /var/cache/apk/*` without `-f` fails when the cache
        // is empty (the glob stays unexpanded): it gets `-f`.
        let from = bad.iter().map(|c| c.span.end).min().unwrap_or(0);
        match force_later_removals(cx, i, from, |p| p.starts_with("/var/cache/apk")) {
            Some(forced) if forced.is_empty() => Fix::safe("Add --no-cache to apk add", edits),
            Some(forced) => {
                edits.extend(forced);
                Fix::safe(
                    "Add --no-cache to apk add, and -f to the later `rm` of the cache",
                    edits,
                )
            }
            None => Fix::manual(
                "Add --no-cache to apk add, and make the later exec-form `rm` of \
                 /var/cache/apk tolerate an empty cache",
            ),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed_until_clean, reports};

    #[test]
    fn reports_missing_no_cache() {
        for text in [
            "RUN apk add python\n",
            "RUN apk update && apk add --update python\n",
            "RUN apk add --no-cache a && apk add b\n",
            "RUN --mount=type=bind,target=/var/cache/apk apk add python\n",
            "ONBUILD RUN apk add python\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_no_cache_or_cache_mount() {
        for text in [
            "RUN apk add --no-cache python\n",
            "RUN apk add python --no-cache\n",
            "RUN --mount=type=cache,target=/var/cache/apk apk add python\n",
            "RUN --mount=type=tmpfs,dst=/var/cache/apk apk add python\n",
            "RUN apk del python\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }

    #[test]
    fn fix_inserts_no_cache() {
        assert_eq!(
            fixed_until_clean(&RULE, "RUN apk update && apk add --virtual .d gcc\n"),
            "RUN apk update && apk add --no-cache --virtual .d gcc\n"
        );
    }

    #[test]
    fn fix_forces_later_removals_of_the_cache() {
        assert_eq!(
            fixed_until_clean(
                &RULE,
                "FROM alpine:3.20\nRUN apk add curl && rm /var/cache/apk/*\nRUN rm -r /var/cache/apk/x /tmp/y\n"
            ),
            "FROM alpine:3.20\nRUN apk add --no-cache curl && rm -f /var/cache/apk/*\nRUN rm -f -r /var/cache/apk/x /tmp/y\n"
        );
        // Already forced, or before the install: left alone.
        assert_eq!(
            fixed_until_clean(&RULE, "FROM alpine:3.20\nRUN rm /var/cache/apk/x && apk add curl && rm -rf /var/cache/apk/*\n"),
            "FROM alpine:3.20\nRUN rm /var/cache/apk/x && apk add --no-cache curl && rm -rf /var/cache/apk/*\n"
        );
    }
}

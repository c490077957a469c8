use crate::rules::shared::contains_ignore_ascii_case;
use crate::rules::pkg::{runs, word_flags};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::{ShellWord, SimpleCommand};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DD016",
    name: "tls-verification-off",
    severity: Severity::Warning,
    source: Source::Drydock,
    fix: FixAvailability::Never,
    summary: "TLS certificate or package signature verification is turned off.",
    docs: r#"
## What it does
Reports a `RUN` that downloads or installs with certificate or signature
checks turned off, and an `ENV` or `ARG` (or a variable set in a `RUN`)
that turns them off for the tools that run later:

- `curl -k`/`--insecure`, `wget --no-check-certificate`;
- `pip --trusted-host`, `PIP_TRUSTED_HOST`, `PYTHONHTTPSVERIFY=0`;
- `NODE_TLS_REJECT_UNAUTHORIZED=0`, npm/yarn `strict-ssl false`,
  `NPM_CONFIG_STRICT_SSL=false`;
- `GIT_SSL_NO_VERIFY` (any value), `git … http.sslVerify false`;
- `apk --allow-untrusted`;
- apt `--allow-unauthenticated`, `--force-yes`,
  `--allow-insecure-repositories`, `AllowUnauthenticated=true`, and a
  `deb [trusted=yes] …` source line (not a `file:` repository of
  packages the build made itself);
- yum/dnf `--nogpgcheck`, `gpgcheck=0`, `sslverify=0`;
- `rpm --nosignature`/`--nodigest`/`--nofiledigest`.

Also reported by Checkov CKV2_DOCKER_2 to CKV2_DOCKER_16 (one check per
tool; see `docs/rules-coverage.md`).

## Why is this bad?
These checks are what stops a machine between the build and the server
(a proxy, a hijacked mirror, a poisoned DNS answer) from handing the build
other files or packages than the ones asked for. With them off, whatever
arrives is installed and runs in the image. A variable set with `ENV`
stays in the image and turns the check off for the container at run time
too.

## Fix
*Manual.* Drydock does not remove the option: the build may rely on it
(a registry with a self-signed certificate, a repository without
signatures). Remove it and, where the server's certificate is not
trusted by the image, add that certificate to the image's trust store
(`COPY corp-ca.crt /usr/local/share/ca-certificates/` then
`update-ca-certificates`), or import the repository's signing key, so the
check can stay on.

## Example
```dockerfile
FROM debian:12
RUN curl -fsSLk https://example.com/tool.tar.gz -o /tmp/tool.tar.gz
```

## Use instead
```dockerfile
FROM debian:12
RUN curl -fsSL https://example.com/tool.tar.gz -o /tmp/tool.tar.gz
```
"#,
    check,
};

/// curl's short options that take a value: letters after one of these in
/// a cluster are that value (`-o-k` writes to `-k`).
const CURL_TAKES_VALUE: &str = "oHdutTXxrmwFbcKECyYzPQUAe";

/// The option of `cmd` that turns verification off, as written.
fn insecure_option(cmd: &SimpleCommand) -> Option<String> {
    let (name, args) = cmd.effective()?;
    let has = |flags: &[&str]| -> Option<String> {
        args.iter()
            .find(|w| {
                let v = w.value.as_str();
                v.starts_with("--") && flags.contains(&v.split('=').next().unwrap_or(v))
            })
            .map(|w| w.value.clone())
    };
    let words = |pred: &dyn Fn(&str) -> bool| -> Option<String> {
        args.iter()
            .find(|w| pred(&w.value))
            .map(|w| w.value.clone())
    };
    match name {
        "curl" => {
            let mut value_next = false;
            for w in args {
                let v = w.value.as_str();
                if std::mem::take(&mut value_next) {
                    continue;
                }
                if v == "--" {
                    break;
                }
                if v == "--insecure" || v == "--proxy-insecure" {
                    return Some(v.to_string());
                }
                if v.starts_with('-') && !v.starts_with("--") {
                    let flags = word_flags(v);
                    for (at, f) in flags.iter().enumerate() {
                        if *f == "k" {
                            return Some(v.to_string());
                        }
                        if CURL_TAKES_VALUE.contains(f) {
                            // The value is the rest of the word, or the next word.
                            value_next = at + 1 == flags.len();
                            break;
                        }
                    }
                }
            }
            None
        }
        "wget" => has(&["--no-check-certificate"]),
        "apk" => has(&["--allow-untrusted"]),
        "apt-get" | "apt" | "aptitude" => has(&[
            "--allow-unauthenticated",
            "--force-yes",
            "--allow-insecure-repositories",
        ])
        .or_else(|| {
            words(&|v| {
                // As `v.to_ascii_lowercase().contains(…)`, without the copy.
                contains_ignore_ascii_case(v, "allowunauthenticated=true")
                    || contains_ignore_ascii_case(v, "allowinsecurerepositories=true")
                    || contains_ignore_ascii_case(v, "verify-peer=false")
            })
        }),
        "yum" | "dnf" | "tdnf" | "microdnf" | "yum-config-manager" | "dnf-config-manager" => {
            has(&["--nogpgcheck", "--nosignature"]).or_else(|| words(&repo_check_off))
        }
        "rpm" => has(&["--nosignature", "--nodigest", "--nofiledigest"]),
        "npm" | "yarn" | "pnpm" => strict_ssl_off(args),
        "git" => git_ssl_off(args),
        n if n.starts_with("pip") && !n.starts_with("pipenv") => {
            has(&["--trusted-host"]).or_else(|| words(&|v| v.contains("trusted-host")))
        }
        n if n.starts_with("python") && args.iter().any(|w| w.value == "pip") => {
            has(&["--trusted-host"])
        }
        _ => None,
    }
}

/// `gpgcheck=0`, `sslverify=false` … as yum and dnf read their options.
fn repo_check_off(v: &str) -> bool {
    // Most words name neither option: no lowercase copy for them.
    if !contains_ignore_ascii_case(v, "gpgcheck=") && !contains_ignore_ascii_case(v, "sslverify=")
    {
        return false;
    }
    let v = v.to_ascii_lowercase();
    ["gpgcheck=", "sslverify="].iter().any(|key| {
        v.match_indices(key).any(|(at, _)| {
            let value = &v[at + key.len()..];
            ["0", "false", "no"].iter().any(|off| {
                value.starts_with(off)
                    && !value[off.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
            })
        })
    })
}

/// `npm config set strict-ssl false`, `--strict-ssl=false`.
fn strict_ssl_off(args: &[ShellWord]) -> Option<String> {
    for (i, w) in args.iter().enumerate() {
        let v = w.value.to_ascii_lowercase();
        let key = v.trim_start_matches('-');
        if key == "strict-ssl=false" {
            return Some(w.value.clone());
        }
        if key == "strict-ssl" && args.get(i + 1).is_some_and(|n| n.value == "false") {
            return Some(format!("{} false", w.value));
        }
    }
    None
}

/// `git config http.sslVerify false`, `git -c http.sslVerify=false`.
fn git_ssl_off(args: &[ShellWord]) -> Option<String> {
    for (i, w) in args.iter().enumerate() {
        let v = w.value.to_ascii_lowercase();
        if !v.contains("sslverify") {
            continue;
        }
        let (_, value) = v
            .split_once('=')
            .map_or(("", None), |(k, val)| (k, Some(val.to_string())));
        let value = value.or_else(|| args.get(i + 1).map(|n| n.value.to_ascii_lowercase()));
        if matches!(value.as_deref(), Some("false" | "0" | "no" | "off")) {
            return Some(w.value.clone());
        }
    }
    None
}

/// A variable that turns verification off when set to `value`.
pub(crate) fn insecure_variable(name: &str, value: &str) -> bool {
    let value = value.trim();
    let is = |names: &[&str]| names.iter().any(|n| name.eq_ignore_ascii_case(n));
    if is(&["PIP_TRUSTED_HOST", "GIT_SSL_NO_VERIFY"]) {
        !value.is_empty()
    } else if is(&["PYTHONHTTPSVERIFY", "NODE_TLS_REJECT_UNAUTHORIZED"]) {
        value == "0"
    } else if is(&["NPM_CONFIG_STRICT_SSL", "YARN_STRICT_SSL"]) {
        value.eq_ignore_ascii_case("false")
    } else {
        false
    }
}

/// A name [`insecure_variable`] may report (whatever the value): the
/// others' values need not be resolved.
fn insecure_name(name: &str) -> bool {
    [
        "PIP_TRUSTED_HOST",
        "GIT_SSL_NO_VERIFY",
        "PYTHONHTTPSVERIFY",
        "NODE_TLS_REJECT_UNAUTHORIZED",
        "NPM_CONFIG_STRICT_SSL",
        "YARN_STRICT_SSL",
    ]
    .iter()
    .any(|n| name.eq_ignore_ascii_case(n))
}

/// `NAME=value` assignments of a command: its prefix assignments, and the
/// arguments of `export`/`env`.
fn assignments(cmd: &SimpleCommand) -> impl Iterator<Item = (&str, &str)> {
    let exported = match cmd.words.first().map(|w| w.value.as_str()) {
        Some("export" | "env" | "declare" | "readonly") => cmd.words.get(1..).unwrap_or(&[]),
        _ => &[],
    };
    cmd.assignments
        .iter()
        .chain(exported)
        .filter_map(|w| w.value.split_once('='))
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    for (i, inst) in file.instructions.iter().enumerate() {
        let (Body::Env(pairs) | Body::Arg(pairs)) = &inst.body else {
            continue;
        };
        for pair in pairs {
            let Some(value) = &pair.value else { continue };
            let key = pair.key.text.as_str();
            if !insecure_name(key) {
                continue;
            }
            let value = cx.resolve(i, &value.text).value;
            if insecure_variable(key, &value) {
                cx.report(
                    pair.span,
                    format!(
                        "`{key}={value}` turns certificate verification off for every later \
                         download{}",
                        if matches!(inst.body, Body::Env(_)) {
                            ", in the image too"
                        } else {
                            ""
                        }
                    ),
                );
            }
        }
    }
    let runs: Vec<_> = runs(cx).collect();
    for run in runs {
        let found = run.commands.iter().find_map(|cmd| {
            if let Some(option) = insecure_option(cmd) {
                let tool = cmd.effective().map(|(n, _)| n).unwrap_or_default();
                return Some(format!(
                    "`{tool} {option}` turns certificate or signature verification off: \
                     what is downloaded is not checked"
                ));
            }
            if let Some((k, v)) = assignments(cmd).find(|(k, v)| insecure_variable(k, v)) {
                return Some(format!(
                    "`{k}={v}` turns certificate verification off for the commands after it"
                ));
            }
            let writes = matches!(cmd.name(), Some("echo" | "printf" | "sed"));
            let trusted = writes && cmd.words.iter().skip(1).any(|w| {
                let v = w.value.to_ascii_lowercase();
                // A `file:` repository holds packages the build made itself.
                v.contains("trusted=yes") && v.contains('[') && !v.contains("file:/")
            });
            if writes && trusted {
                return Some(
                    "An apt source marked `[trusted=yes]`: its packages are installed without \
                     checking their signatures"
                        .to_string(),
                );
            }
            if writes && cmd.words.iter().skip(1).any(|w| repo_check_off(&w.value)) {
                return Some(
                    "A yum/dnf repository written with `gpgcheck=0` or `sslverify=0`: its \
                     packages are not checked"
                        .to_string(),
                );
            }
            None
        });
        if let Some(message) = found {
            cx.report(run.inst.span, message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports;

    #[test]
    fn reports_verification_turned_off() {
        for text in [
            "FROM a\nRUN curl -k https://x -o y\n",
            "FROM a\nRUN curl -fsSLk https://x | tar x\n",
            "FROM a\nRUN curl --insecure https://x\n",
            "FROM a\nRUN wget --no-check-certificate https://x\n",
            "FROM a\nRUN sudo wget -q --no-check-certificate https://x\n",
            "FROM a\nRUN pip install --trusted-host pypi.org flask\n",
            "FROM a\nRUN python3 -m pip install --trusted-host=pypi.org flask\n",
            "FROM a\nENV PIP_TRUSTED_HOST=pypi.org\n",
            "FROM a\nENV PYTHONHTTPSVERIFY=0\n",
            "FROM a\nENV NODE_TLS_REJECT_UNAUTHORIZED 0\n",
            "FROM a\nARG NODE_TLS_REJECT_UNAUTHORIZED=0\n",
            "FROM a\nRUN npm config set strict-ssl false\n",
            "FROM a\nRUN yarn config set strict-ssl false\n",
            "FROM a\nENV NPM_CONFIG_STRICT_SSL=false\n",
            "FROM a\nENV GIT_SSL_NO_VERIFY=true\n",
            "FROM a\nRUN GIT_SSL_NO_VERIFY=1 git clone https://x\n",
            "FROM a\nRUN export NODE_TLS_REJECT_UNAUTHORIZED=0 && npm ci\n",
            "FROM a\nRUN git config --global http.sslVerify false\n",
            "FROM a\nRUN git -c http.sslVerify=false clone https://x\n",
            "FROM a\nRUN apk add --allow-untrusted /tmp/x.apk\n",
            "FROM a\nRUN apt-get install -y --allow-unauthenticated x\n",
            "FROM a\nRUN apt-get install -y --force-yes x\n",
            "FROM a\nRUN apt-get -o Acquire::AllowInsecureRepositories=true update\n",
            "FROM a\nRUN echo 'deb [trusted=yes] http://x/ ./' > /etc/apt/sources.list.d/x.list\n",
            "FROM a\nRUN yum install -y --nogpgcheck x\n",
            "FROM a\nRUN dnf --setopt=sslverify=false install -y x\n",
            "FROM a\nRUN yum-config-manager --save --setopt=x.sslverify=0\n",
            "FROM a\nRUN printf '[x]\\nbaseurl=http://x\\ngpgcheck=0\\n' > /etc/yum.repos.d/x.repo\n",
            "FROM a\nRUN rpm -ivh --nosignature x.rpm\n",
            "FROM a\nONBUILD RUN curl -k https://x\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn leaves_checked_downloads_alone() {
        for text in [
            "FROM a\nRUN curl -fsSL https://x -o y\n",
            // `-k` is the value of `-o` / `-H`.
            "FROM a\nRUN curl -o -k https://x\n",
            "FROM a\nRUN curl -H -k https://x\n",
            "FROM a\nRUN echo curl -k\n",
            "FROM a\nRUN wget -q https://x\n",
            "FROM a\nRUN pip install flask\n",
            "FROM a\nENV PYTHONHTTPSVERIFY=1\n",
            "FROM a\nENV NODE_TLS_REJECT_UNAUTHORIZED=1\n",
            "FROM a\nARG GIT_SSL_NO_VERIFY\n",
            "FROM a\nENV GIT_SSL_NO_VERIFY=\n",
            "FROM a\nRUN npm config set strict-ssl true\n",
            "FROM a\nRUN git config --global http.sslVerify true\n",
            "FROM a\nRUN apt-get install -y --no-install-recommends x\n",
            "FROM a\nRUN yum install -y x && echo gpgcheck=1 >> /etc/yum.conf\n",
            "FROM a\nRUN rpm -ivh x.rpm\n",
            "FROM a\nRUN apk add --no-cache x\n",
            "FROM a\nRUN echo 'deb http://x/ ./' > /etc/apt/sources.list.d/x.list\n",
            "FROM a\nRUN echo \"deb [ trusted=yes ] file://$tempDir ./\" > /etc/apt/sources.list.d/temp.list\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }
}

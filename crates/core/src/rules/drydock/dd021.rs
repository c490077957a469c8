use crate::rules::drydock::lineage::final_instructions;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::semantics::dockerignore::{clean, Dockerignore};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DD021",
    name: "secret-file-copied",
    severity: Severity::Warning,
    source: Source::Drydock,
    fix: FixAvailability::Never,
    summary: "A private key or credentials file is copied into the image.",
    docs: r#"
## What it does
Reports a `COPY` or `ADD` in the final image's stages whose source is a
private key or a file that holds credentials: SSH keys (`id_rsa`,
`id_ed25519` …, not `*.pub`), the `.ssh` directory, `*.pem` and `*.key`
files that are not certificates or public signing keys (`cert.pem`,
`ca.pem`, `nginx_signing.key` are left alone), `*.p12`/`*.pfx`
keystores, `.npmrc`, `.pypirc`, `.netrc`, `.git-credentials`,
`.docker/config.json`, `.aws/credentials` and `.env` files (not
`.env.example`, `.env.sample`, `.env.template`, `.env.dist`). A source
the `.dockerignore` keeps out of the context is not reported, nor a copy
in a stage the final image is not built on (its files do not ship).

Also reported by Trivy DS-0031 (secret files copied, when the file is
named in an `ENV`).

## Why is this bad?
A file copied into a layer stays in the image for good, even when a
later `RUN rm` deletes it: anyone who can pull the image can extract the
layer and read the key or token, and registries, caches and CI logs keep
copies. `.npmrc` and `.pypirc` commonly hold registry tokens.

## Fix
*Manual.* Give the file to the one `RUN` that needs it, without a layer:
`RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci` (built with
`--secret id=npmrc,src=$HOME/.npmrc`), or `RUN --mount=type=ssh git clone
…` for SSH keys (built with `--ssh default`). Keep the file out of the
context in `.dockerignore`. A key the container needs at run time is
mounted when it starts (a Docker or Kubernetes secret), not baked in.

## Example
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci
```

## Use instead
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
```
"#,
    check,
};

/// Name parts that say a `.pem`/`.key` file is a certificate or a public key.
const PUBLIC: &[&str] = &[
    "cert",
    "certs",
    "certificate",
    "crt",
    "ca",
    "cacert",
    "chain",
    "fullchain",
    "bundle",
    "pub",
    "public",
    "root",
    "rootca",
    "gpg",
    "pgp",
    "signing",
    "release",
    "repo",
    "apt",
    "archive",
    "trust",
    "truststore",
];

/// What kind of secret `path` (a source as written, resolved) names.
pub(crate) fn secret_kind(path: &str) -> Option<&'static str> {
    let path = path.trim_end_matches('/').to_ascii_lowercase();
    let base = path.rsplit('/').next().unwrap_or(&path);
    let parent = path.rsplit('/').nth(1).unwrap_or("");
    let parts: Vec<&str> = base
        .split(['.', '-', '_'])
        .filter(|p| !p.is_empty())
        .collect();
    let public = parts.iter().any(|p| PUBLIC.contains(p));
    if base.ends_with(".pub") {
        return None;
    }
    match base {
        "id_rsa" | "id_dsa" | "id_ecdsa" | "id_ed25519" | "id_ecdsa_sk" | "id_ed25519_sk" => {
            return Some("an SSH private key")
        }
        ".ssh" => return Some("an SSH directory (private keys)"),
        ".npmrc" | ".pypirc" | ".netrc" | ".git-credentials" | ".dockercfg" => {
            return Some("a credentials file")
        }
        ".env" => return Some("an environment file (secrets)"),
        _ => {}
    }
    if parent == ".aws" && base == "credentials" {
        return Some("AWS credentials");
    }
    if parent == ".docker" && base == "config.json" {
        return Some("Docker registry credentials");
    }
    if let Some(rest) = base.strip_prefix(".env.") {
        let sample = [
            "example", "sample", "template", "dist", "defaults", "default", "tmpl", "test",
        ];
        return (!sample.iter().any(|s| rest.contains(s)))
            .then_some("an environment file (secrets)");
    }
    let ext = base.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "pem" | "key" if !public => Some("a private key"),
        "p12" | "pfx" if !public => Some("a keystore with a private key"),
        _ => None,
    }
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    let ignore = cx.dockerignore().map(Dockerignore::parse);
    for i in final_instructions(cx.semantics()) {
        let inst = &file.instructions[i];
        let (Body::Copy(body) | Body::Add(body)) = &inst.body else {
            continue;
        };
        let from_context = !inst
            .flags
            .iter()
            .any(|f| f.name.eq_ignore_ascii_case("from"));
        for source in &body.sources {
            if source.text.starts_with("<<") || source.text.contains("://") {
                continue;
            }
            let path = cx.resolve(i, &source.text).value;
            let Some(kind) = secret_kind(&path) else {
                continue;
            };
            let kept_out =
                from_context && ignore.as_ref().is_some_and(|ig| ig.excludes(&clean(&path)));
            if kept_out {
                continue;
            }
            cx.report(
                source.span,
                format!(
                    "`{}` is {kind}: copied into a layer, it stays in the image. Give it to the \
                     `RUN` that needs it with `--mount=type=secret` (or `type=ssh`)",
                    source.text
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::config::Inputs;
    use crate::testing::{findings_with_inputs, reports};
    use crate::Config;

    #[test]
    fn reports_keys_and_credentials() {
        for text in [
            "FROM a\nCOPY id_rsa /root/.ssh/id_rsa\n",
            "FROM a\nCOPY .ssh /root/.ssh\n",
            "FROM a\nCOPY package.json .npmrc ./\n",
            "FROM a\nCOPY .pypirc /root/\n",
            "FROM a\nADD .env /app/\n",
            "FROM a\nCOPY .env.production /app/.env\n",
            "FROM a\nCOPY certs/server.key /etc/ssl/\n",
            "FROM a\nCOPY privkey.pem /etc/ssl/\n",
            "FROM a\nCOPY .aws/credentials /root/.aws/\n",
            "FROM a\nARG K=id_ed25519\nCOPY $K /root/.ssh/\n",
            "FROM a AS b\nRUN x\nFROM b\nCOPY --chown=app id_rsa /home/app/.ssh/\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn leaves_public_files_alone() {
        for text in [
            "FROM a\nCOPY id_rsa.pub /root/.ssh/authorized_keys\n",
            "FROM a\nCOPY ca.pem /usr/local/share/ca-certificates/\n",
            "FROM a\nCOPY cert.pem fullchain.pem /etc/ssl/\n",
            "FROM a\nCOPY nginx_signing.key /tmp/\n",
            "FROM a\nCOPY .env.example /app/.env\n",
            "FROM a\nCOPY package.json ./\n",
            "FROM a\nCOPY environment.yml ./\n",
            // A builder stage's files do not ship.
            "FROM a AS build\nCOPY id_rsa /root/.ssh/\nRUN x\nFROM b\nCOPY --from=build /out /out\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }

    #[test]
    fn a_file_kept_out_of_the_context_is_not_copied() {
        let text = "FROM a\nCOPY .env ./\n";
        let inputs = Inputs {
            dockerignore: Some("*.md\n.env\n"),
        };
        assert!(findings_with_inputs(&RULE, text, &Config::default(), &inputs).is_empty());
    }
}

use crate::diagnostic::Fix;
use crate::rules::drydock::lineage;
use crate::rules::pkg::{run_at, CommandExt};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::semantics::Target;
use crate::syntax::shell::SimpleCommand;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DD010",
    name: "single-stage-build",
    severity: Severity::Warning,
    source: Source::Drydock,
    fix: FixAvailability::Never,
    summary: "A compiled build runs in the image that ships: use a multi-stage build",
    docs: r#"
## What it does
Reports a build (`go build`, `cargo build`, `mvn package`, `gradle build`,
`npm run build`, `yarn build`, `dotnet publish`, `make`, `gcc` …) that
runs in the final image of a single-stage build: no stage of the final
image copies from another stage.

Not reported: builds in a builder stage whose results are copied out
(that is the technique), builds inside `ONBUILD`, `make`/`gcc` builds
whose `RUN` also removes the packages it installed (`apt-get purge`,
`apk del`, `yum remove`): the toolchain does not stay in the image then,
images built on `buildpack-deps`, the official image meant to carry a
toolchain, and development or test images (a stage of the final image
named `dev`, `test`, `ci` …, or a base image so named).

## Why is this bad?
The toolchain that compiles a program (the Go or Rust compiler, the JDK
and Maven, `node_modules` with the bundler, the .NET SDK, gcc and the
headers) is hundreds of megabytes the running program does not need,
and the sources and build caches come along. A multi-stage build
compiles in a first stage and copies only the result into a small
runtime image: for scale, the article "Optimise Docker images for
production" estimates its Python API at ~1.2 GB single-stage against
~95 MB multi-stage (an estimate for that example; a Go binary on
distroless is often under 20 MB). The runtime image also has fewer
packages to patch and fewer tools for an attacker.

The fix is an explanation with a sketch for the detected toolchain:
what the runtime stage needs (a JRE, a static file server, the shared
libraries a binary links) is yours to choose.

## Example
```dockerfile
FROM golang:1.22
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /app .
CMD ["/app"]
```

## Use instead
```dockerfile
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /app .

FROM gcr.io/distroless/static
COPY --from=build /app /app
CMD ["/app"]
```
"#,
    check,
};

/// A toolchain the rule recognises, and how to split it.
#[derive(Clone, Copy)]
struct Toolchain {
    what: &'static str,
    sketch: &'static str,
    /// A C-style build, acceptable when the same `RUN` removes the
    /// packages it installed.
    native: bool,
}

const GO: Toolchain = Toolchain {
    what: "the Go toolchain",
    sketch: "build in `FROM golang:<version> AS build` with `RUN CGO_ENABLED=0 go build -o /out/app .`, then `FROM gcr.io/distroless/static` (or `alpine`) and `COPY --from=build /out/app /app`",
    native: false,
};
const RUST: Toolchain = Toolchain {
    what: "the Rust toolchain and `target/`",
    sketch: "build in `FROM rust:<version> AS build` with `cargo build --release`, then `FROM debian:bookworm-slim` and `COPY --from=build /src/target/release/<binary> /usr/local/bin/`",
    native: false,
};
const JVM: Toolchain = Toolchain {
    what: "the JDK, the build tool and its dependency cache",
    sketch: "build the jar in `FROM maven:<version> AS build` (or `gradle:`), then run it on a JRE image such as `eclipse-temurin:<version>-jre` with `COPY --from=build /src/target/*.jar /app.jar`",
    native: false,
};
const JS: Toolchain = Toolchain {
    what: "`node_modules` with the bundler and dev dependencies",
    sketch: "build in `FROM node:<version> AS build`, then copy the output: `FROM nginx:<version>` with `COPY --from=build /src/dist /usr/share/nginx/html` for a static site, or a `node:<version>-slim` stage that installs production dependencies only and copies `dist/`",
    native: false,
};
const DOTNET: Toolchain = Toolchain {
    what: "the .NET SDK",
    sketch: "publish in `FROM mcr.microsoft.com/dotnet/sdk:<version> AS build` with `dotnet publish -c Release -o /out`, then `FROM mcr.microsoft.com/dotnet/aspnet:<version>` (or `runtime`) and `COPY --from=build /out .`",
    native: false,
};
const NATIVE: Toolchain = Toolchain {
    what: "the compiler, headers and sources",
    sketch: "compile in a builder stage (`FROM debian:bookworm AS build` with the `-dev` packages), then copy the installed files into a slim runtime stage with only the shared libraries they need",
    native: true,
};
const OTHER: Toolchain = Toolchain {
    what: "the compiler and its caches",
    sketch: "build in a stage of its own (`FROM <sdk image> AS build`) and `COPY --from=build` only the result into a runtime image",
    native: false,
};

/// The toolchain `cmd` builds with, and the words that say so (`go
/// build`, `npm run build`), if it is a build.
fn build_toolchain(cmd: &SimpleCommand) -> Option<(Toolchain, String)> {
    let program = cmd.program_name()?;
    // The arguments' values, read in place (no vector per command).
    let args = || cmd.args().iter().map(|w| w.value.as_str());
    let first = args().next().unwrap_or("");
    let second = args().nth(1).unwrap_or("");
    let build_script = |s: &str| s == "build" || s.starts_with("build:");
    let find = |names: &[&str]| args().find(|a| names.contains(a));
    let (tool, what) = match program {
        "go" if matches!(first, "build" | "install") => (GO, first),
        "cargo" if matches!(first, "build" | "install") => (RUST, first),
        "mvn" | "mvnw" => (JVM, find(&["package", "install", "verify"])?),
        "gradle" | "gradlew" => (
            JVM,
            find(&[
                "build",
                "assemble",
                "bootJar",
                "jar",
                "shadowJar",
                "installDist",
            ])?,
        ),
        "npm" | "pnpm" | "yarn"
            if matches!(first, "run" | "run-script") && build_script(second) =>
        {
            return Some((JS, format!("{program} {first} {second}")));
        }
        "pnpm" | "yarn" if build_script(first) => (JS, first),
        "dotnet" if matches!(first, "publish" | "build") => (DOTNET, first),
        "make" | "gmake"
            if args().any(make_chore) && !args().any(make_target) =>
        {
            return None
        }
        "make" | "gmake" | "gcc" | "g++" | "cc" | "c++" => return Some((NATIVE, program.into())),
        "cmake" if args().any(|a| a == "--build") => (NATIVE, "--build"),
        "swift" if first == "build" => (OTHER, first),
        "stack" | "cabal" if matches!(first, "build" | "install") => (OTHER, first),
        "mix" if matches!(first, "release" | "compile") => (OTHER, first),
        _ => return None,
    };
    Some((tool, format!("{program} {what}")))
}

/// A `make` target that configures, cleans or tests rather than builds
/// (`make defconfig`, `make clean`, `make test`).
fn make_chore(arg: &str) -> bool {
    arg.ends_with("config")
        || matches!(
            arg,
            "clean" | "distclean" | "mrproper" | "help" | "test" | "tests" | "check" | "lint"
        )
}

/// Any other target (not a flag nor a `VAR=value`): it may build.
fn make_target(arg: &str) -> bool {
    !arg.starts_with('-') && !arg.contains('=') && !make_chore(arg)
}

/// The command removes installed packages (the build deps of a native
/// build done in the same layer).
fn removes_packages(cmd: &SimpleCommand) -> bool {
    let first = cmd
        .args()
        .iter()
        .map(|w| w.value.as_str())
        .find(|a| !a.starts_with('-'))
        .unwrap_or("");
    match cmd.program() {
        Some("apt-get" | "apt") => matches!(first, "purge" | "remove" | "autoremove"),
        Some("apk") => first == "del",
        Some("yum" | "dnf" | "microdnf") => matches!(first, "remove" | "erase" | "autoremove"),
        _ => false,
    }
}

fn check(cx: &mut Checker) {
    let sem = cx.semantics();
    let chain = lineage::final_lineage(sem);
    // A stage of the final image copying from another stage: multi-stage.
    let in_chain: std::collections::HashSet<usize> = chain.iter().map(|s| s.index).collect();
    let multi = chain.iter().any(|s| {
        sem.dependencies(s.index)
            .any(|e| matches!(e.target, Target::Stage(t) if !in_chain.contains(&t)))
    });
    // buildpack-deps is the official image *for* building: built on it,
    // the toolchain is the point (docker-library's language images).
    let on_buildpack_deps = lineage::final_official(sem) == Some("buildpack-deps");
    if multi || on_buildpack_deps || lineage::is_dev_image(sem) {
        return;
    }
    for i in lineage::final_instructions(sem) {
        let Some(run) = run_at(cx, i) else {
            continue;
        };
        if run.onbuild {
            continue;
        }
        let Some((tool, words)) = run.commands.iter().find_map(|c| build_toolchain(c)) else {
            continue;
        };
        if tool.native && run.any(removes_packages) {
            continue;
        }
        let message = format!(
            "`{}` builds in the image that ships, so {} stay in it: build in a stage of its own and copy only the result (multi-stage; the article \"Optimise Docker images for production\" estimates ~1.2 GB → ~95 MB for its example)",
            words, tool.what
        );
        let fix = cx
            .wants_fixes()
            .then(|| Fix::manual(format!("Use a multi-stage build: {}", tool.sketch)));
        cx.report_with(run.inst.span, message, fix);
        return;
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, lines};

    #[test]
    fn builds_in_the_final_image() {
        for (text, line) in [
            ("FROM golang:1.22\nCOPY . .\nRUN go build -o /app .\n", 3),
            ("FROM rust:1.78\nRUN cargo build --release\n", 2),
            ("FROM maven:3-eclipse-temurin-21\nRUN mvn -B package\n", 2),
            ("FROM gradle:8\nRUN ./gradlew bootJar\n", 2),
            ("FROM node:20\nRUN npm ci && npm run build\n", 2),
            ("FROM node:20\nRUN yarn build:prod\n", 2),
            ("FROM node:20\nRUN pnpm run build\n", 2),
            ("FROM node:20\nRUN yarn run build\n", 2),
            (
                "FROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN dotnet publish -c Release\n",
                2,
            ),
            ("FROM ubuntu:22.04\nRUN apt-get install -y gcc && make\n", 2),
            ("FROM debian:12\nRUN make clean all\n", 2),
            ("FROM debian:12\nRUN make -j4 V=1\n", 2),
            (
                "FROM alpine:3.10\nRUN make defconfig\nRUN make -j 4 busybox\n",
                3,
            ),
            (
                "FROM golang:1.22 AS base\nFROM base\nRUN [\"go\", \"build\", \".\"]\n",
                3,
            ),
        ] {
            assert_eq!(lines(&RULE, text), vec![line], "{text}");
        }
    }

    #[test]
    fn multi_stage_and_cleaned_native_builds_pass() {
        for text in [
            "FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app\n",
            // The build stage is the final image's parent and copies from a third.
            "FROM node:20 AS deps\nRUN npm ci\nFROM node:20 AS app\nCOPY --from=deps /n /n\nRUN npm run build\nFROM app\n",
            "FROM debian:12\nRUN apt-get update && apt-get install -y gcc make && make && make install && apt-get purge -y gcc make\n",
            "FROM alpine:3.20\nRUN apk add --virtual .b gcc && make && apk del .b\n",
            "FROM alpine:3.20\nRUN apk add gcc && make install && apk --purge del gcc\n",
            "FROM buildpack-deps:bookworm\nRUN ./configure && make && make install\n",
            "FROM golang:1.22 AS dev\nRUN go build ./...\n",
            "FROM golang:1.22\nONBUILD RUN go build .\n",
            "FROM node:20\nRUN npm run test\n",
            "FROM golang:1.22\nRUN go mod download\n",
            // Configuring is not building (busybox's builder on the corpus
            // runs `make defconfig` a RUN before the build).
            "FROM alpine:3.10\nRUN make defconfig && make oldconfig\n",
            "FROM debian:12\nRUN make clean\n",
        ] {
            assert!(lines(&RULE, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn explains_with_a_sketch() {
        let d = findings(
            &RULE,
            "FROM golang:1.22\nRUN CGO_ENABLED=0 go build -o /app .\n",
        );
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.starts_with("`go build` builds"),
            "{}",
            d[0].message
        );
        assert!(d[0].message.contains("estimates"));
        let fix = d[0].fix.as_ref().unwrap();
        assert!(fix.edits.is_empty());
        assert!(fix.message.contains("COPY --from=build"), "{}", fix.message);
    }
}

use crate::diagnostic::Fix;
use crate::rules::drydock::lineage;
use crate::rules::drydock::text::{indentation, insert_line_after};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DD013",
    name: "python-env",
    severity: Severity::Style,
    source: Source::Drydock,
    fix: FixAvailability::Always,
    summary: "A Python image without `PYTHONDONTWRITEBYTECODE` and `PYTHONUNBUFFERED`",
    docs: r#"
## What it does
Reports a final image based on the official `python` (or `pypy`) image
whose `ENV` (in its stage or a stage it is built `FROM`) does not set
`PYTHONDONTWRITEBYTECODE` or `PYTHONUNBUFFERED`.

## Why is this bad?
`PYTHONUNBUFFERED=1` makes Python write `stdout` and `stderr` as it goes.
Without it, output to a pipe is block-buffered: `docker logs` shows lines
late, in bursts, and loses the last ones when the process crashes, which
is when you need them.

`PYTHONDONTWRITEBYTECODE=1` stops Python from writing `.pyc` caches next
to the sources it imports: in `RUN` steps they would be saved in a layer,
at run time they fill the container's writable layer, and they are
useless when the code never changes inside the container.

Both are conventions of the articles' production Dockerfile; this is a
style rule. If you precompile bytecode on purpose (`python -m
compileall` for faster cold starts), ignore it for that file.

## Fix
*Suggested*, when the container starts Python. Adds the missing
variables on a new line after the final stage's `FROM`: `ENV
PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1`, indented like the stage's
instructions and with the file's line endings.

- **What changes in the image:** two environment variables: Python's
  output is unbuffered, and it writes no `.pyc` files when it imports
  (in later `RUN`s and in the container).
- **What must hold:** the container runs Python, and nothing relies on
  buffered output or on bytecode written at run time.
- **What the fix checks:** the final image's `ENTRYPOINT` or `CMD` starts
  Python (`python`, `python3.12`, a `.py` script, `gunicorn`, `uvicorn`,
  `celery` … , through `sh -c`, `exec`, `tini`). An image that starts
  something else, or keeps its base's command, gets the explanation
  only: there the lines would be noise.

## Example
```dockerfile
FROM python:3.11-slim
WORKDIR /app
COPY . .
CMD ["python", "main.py"]
```

## Use instead
```dockerfile
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY . .
CMD ["python", "main.py"]
```
"#,
    check,
};

const VARIABLES: [&str; 2] = ["PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED"];

fn check(cx: &mut Checker) {
    let file = cx.file;
    let sem = cx.semantics();
    let Some(last) = sem.final_stage() else {
        return;
    };
    let python = matches!(lineage::final_official(sem), Some("python" | "pypy"));
    if !python {
        return;
    }
    let insts = lineage::final_instructions(sem);
    let set = |name: &str| {
        insts.iter().any(|&i| match &file.instructions[i].body {
            Body::Env(pairs) => pairs.iter().any(|kv| {
                kv.key.text == name && kv.value.as_ref().is_some_and(|v| !v.text.is_empty())
            }),
            _ => false,
        })
    };
    let missing: Vec<&str> = VARIABLES.into_iter().filter(|v| !set(v)).collect();
    if missing.is_empty() {
        return;
    }
    let from = &file.instructions[last.from];
    let source = cx.source();
    // Indent like the stage's next instruction, else like the FROM.
    let indent_at = last
        .instructions()
        .nth(1)
        .map_or(from.span.start, |i| file.instructions[i].span.start);
    let line = format!(
        "ENV {}",
        missing
            .iter()
            .map(|v| format!("{v}=1"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let edit = insert_line_after(source, from.span.end, indentation(source, indent_at), &line);
    let names = missing
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(" and ");
    let message = format!(
        "Python image without {names}: output is buffered (late or lost logs) and `.pyc` files are written into the container"
    );
    // Only where the container starts Python: elsewhere the lines are
    // noise (an image that runs nginx, or keeps the base's command).
    let fix = if lineage::start_programs(file, sem)
        .iter()
        .any(|p| starts_python(p))
    {
        Fix::suggested(format!("Add `{line}`"), vec![edit])
    } else {
        Fix::manual(format!(
            "Add `{line}` if the container runs Python (its CMD or ENTRYPOINT does not show it)"
        ))
    };
    cx.report_fix(from.span, message, fix);
}

/// A program that is Python, or a Python application server or tool.
fn starts_python(program: &str) -> bool {
    const SERVERS: &[&str] = &[
        "gunicorn",
        "uvicorn",
        "hypercorn",
        "daphne",
        "celery",
        "flask",
        "django-admin",
        "uwsgi",
        "pytest",
        "jupyter",
        "jupyter-notebook",
        "jupyter-lab",
        "streamlit",
        "waitress-serve",
        "rq",
        "dramatiq",
        "scrapy",
        "locust",
        "ipython",
        "pip",
    ];
    let base = program.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    matches!(base, "python" | "pypy") || program.ends_with(".py") || SERVERS.contains(&program)
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed_until_clean, lines};

    #[test]
    fn python_final_images() {
        assert_eq!(lines(&RULE, "FROM python:3.13.1\nCMD x\n"), vec![1]);
        assert_eq!(
            lines(&RULE, "FROM python:3.12 AS b\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\nFROM python:3.12-slim\n"),
            vec![3]
        );
        for good in [
            "FROM python:3.12-slim\nENV PYTHONDONTWRITEBYTECODE=1 \\\n    PYTHONUNBUFFERED=1\n",
            "FROM python:3.12-slim AS base\nENV PYTHONDONTWRITEBYTECODE=1\nENV PYTHONUNBUFFERED=1\nFROM base\n",
            "FROM python:3.12 AS build\nFROM node:20-slim\n",
            "FROM debian:12\nRUN apt-get install -y python3\n",
        ] {
            assert!(lines(&RULE, good).is_empty(), "{good}");
        }
        assert_eq!(
            lines(&RULE, "FROM python:3.12\nENV PYTHONUNBUFFERED=\n").len(),
            1
        );
    }

    #[test]
    fn fix_adds_what_is_missing_in_the_file_style() {
        assert_eq!(
            fixed_until_clean(&RULE, "FROM python:3.11-slim\nWORKDIR /app\nCMD [\"python\", \"app.py\"]\n"),
            "FROM python:3.11-slim\nENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1\nWORKDIR /app\nCMD [\"python\", \"app.py\"]\n"
        );
        assert_eq!(
            fixed_until_clean(&RULE, "FROM python:3.11-slim\r\nENV PYTHONUNBUFFERED=1\r\nCMD gunicorn app:app\r\n"),
            "FROM python:3.11-slim\r\nENV PYTHONDONTWRITEBYTECODE=1\r\nENV PYTHONUNBUFFERED=1\r\nCMD gunicorn app:app\r\n"
        );
        assert_eq!(
            fixed_until_clean(&RULE, "FROM node:20 AS x\n\nFROM python:3.12 AS app\n    # comment\n    RUN pip install x\n    ENTRYPOINT [\"python3\"]\n"),
            "FROM node:20 AS x\n\nFROM python:3.12 AS app\n    ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1\n    # comment\n    RUN pip install x\n    ENTRYPOINT [\"python3\"]\n"
        );
    }

    #[test]
    fn no_edit_where_python_does_not_start() {
        for text in [
            "FROM python:3.11-slim\nRUN pip install x\n",
            "FROM python:3.11\nRUN apt-get update\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
            "FROM pypy:3",
        ] {
            let found = crate::testing::findings(&RULE, text);
            let fix = found[0].fix.as_ref().unwrap();
            assert!(fix.edits.is_empty(), "{text}");
        }
    }
}

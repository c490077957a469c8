//! What formatting must keep: the same instructions as BuildKit reads
//! them, the same comments, the same heredocs, the same directives.
//!
//! The comparison is BuildKit's s-expression ([`crate::syntax::dump_sexp`])
//! instruction by instruction, with one documented allowance: the command
//! text of a shell-form `RUN`/`CMD`/`ENTRYPOINT`/`HEALTHCHECK CMD` is
//! compared with its separator whitespace collapsed ([`super::scan`]),
//! because a continuation's indentation is part of that text (BuildKit
//! joins lines as they are) while the shell splits words on any amount of
//! it. Everything else — flags, JSON arrays, `ENV`/`ARG`/`LABEL` values,
//! `FROM`, `COPY` — must be byte-identical in the dump.

use crate::syntax::{arguments, Body, CommandForm, Dockerfile, HealthcheckBody, Instruction};

use super::scan::collapse;

/// A difference between two parses of a file, on the first line of the
/// original where one was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub message: String,
    /// 1-based line in the first file (0 when the file as a whole differs).
    pub line: usize,
}

/// `Ok` when `after` means what `before` means (see the module docs).
pub fn same_meaning(before: &Dockerfile, after: &Dockerfile) -> Result<(), Difference> {
    let whole = |message: String| Difference { message, line: 0 };
    if before.escape != after.escape {
        return Err(whole("the escape character changed".into()));
    }
    let directives = |f: &Dockerfile| -> Vec<(String, String)> {
        f.directives
            .iter()
            .map(|d| (d.name.clone(), d.value.clone()))
            .collect()
    };
    if directives(before) != directives(after) {
        return Err(whole("the parser directives changed".into()));
    }
    if before.errors.len() != after.errors.len() {
        return Err(whole(format!(
            "{} syntax errors became {}",
            before.errors.len(),
            after.errors.len()
        )));
    }
    if before.instructions.len() != after.instructions.len() {
        return Err(whole(format!(
            "{} instructions became {}",
            before.instructions.len(),
            after.instructions.len()
        )));
    }
    for (a, b) in before.instructions.iter().zip(&after.instructions) {
        same_instruction(a, b, before.escape).map_err(|message| Difference {
            message,
            line: a.line,
        })?;
    }
    let comments = |f: &Dockerfile| -> Vec<String> {
        f.comments
            .iter()
            .map(|c| c.text.trim_end().to_string())
            .collect()
    };
    let (ca, cb) = (comments(before), comments(after));
    if ca != cb {
        let i = ca.iter().zip(&cb).take_while(|(x, y)| x == y).count();
        let line = before.comments.get(i).map_or(0, |c| {
            1 + before.source[..c.span.start]
                .bytes()
                .filter(|&b| b == b'\n')
                .count()
        });
        return Err(Difference {
            message: "a comment was changed, moved or lost".into(),
            line,
        });
    }
    Ok(())
}

fn same_instruction(a: &Instruction, b: &Instruction, escape: char) -> Result<(), String> {
    if a.keyword != b.keyword
        || a.keyword_word.text.to_lowercase() != b.keyword_word.text.to_lowercase()
    {
        return Err("the instruction changed".into());
    }
    let flags = |i: &Instruction| i.flags.iter().map(|f| f.text.clone()).collect::<Vec<_>>();
    if flags(a) != flags(b) {
        return Err("the flags changed".into());
    }
    let heredocs = |i: &Instruction| {
        i.heredocs
            .iter()
            .map(|h| (h.name.clone(), h.body.clone(), h.strip_tabs, h.quoted))
            .collect::<Vec<_>>()
    };
    if heredocs(a) != heredocs(b) {
        return Err("a heredoc changed".into());
    }
    if let (Body::Onbuild(x), Body::Onbuild(y)) = (&a.body, &b.body) {
        return same_instruction(x, y, escape);
    }
    let (va, vb) = (arguments(a, escape), arguments(b, escape));
    let same = if shell_form(a) && shell_form(b) {
        va.len() == vb.len() && va.iter().zip(&vb).all(|(x, y)| collapse(x) == collapse(y))
    } else {
        va == vb
    };
    if same {
        Ok(())
    } else {
        Err("the arguments changed".into())
    }
}

fn shell_form(i: &Instruction) -> bool {
    matches!(
        &i.body,
        Body::Run(CommandForm::Shell { .. })
            | Body::Cmd(CommandForm::Shell { .. })
            | Body::Entrypoint(CommandForm::Shell { .. })
            | Body::Healthcheck(HealthcheckBody::Cmd(CommandForm::Shell { .. }))
    )
}

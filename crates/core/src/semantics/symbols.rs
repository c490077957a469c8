//! Where stages and variables are named: every definition and every
//! reference, with source spans. What an editor needs for go to
//! definition, references, rename and hover; computed from the tree and
//! the [`Semantics`] already built, in one pass over the file.
//!
//! - A **stage** is defined by `FROM … AS <name>` and referred to by
//!   `FROM <name>`, `COPY/ADD --from=<name|index>` and
//!   `RUN --mount=…,from=<name|index>`, resolved as BuildKit resolves them
//!   (case-insensitively, an index only to an earlier stage).
//! - A **variable** is defined by the keys of `ARG` and `ENV`, and referred
//!   to by `$NAME` and `${NAME…}` anywhere in an instruction (the shell of
//!   a `RUN` sees `ARG`s and `ENV`s as environment variables too). A
//!   reference's definition is the one in force for its instruction
//!   ([`Semantics::variable`]).

use crate::syntax::{Body, Dockerfile, Keyword, Span};

use super::{Semantics, Target, Var};

/// What an occurrence names.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Symbol {
    /// A stage, by index.
    Stage(usize),
    /// A variable, by name (case-sensitive, as BuildKit).
    Var(String),
}

/// One place a symbol is named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub symbol: Symbol,
    /// The name's span in the source (for a variable, the name only:
    /// `X` in `${X:-a}`).
    pub span: Span,
    /// The instruction it is in.
    pub instruction: usize,
    /// A definition (`AS name`, an `ARG`/`ENV` key), not a use.
    pub definition: bool,
}

/// Every occurrence of a stage or variable name in the file, in source
/// order.
pub fn occurrences(file: &Dockerfile, sem: &Semantics) -> Vec<Occurrence> {
    let mut out = Vec::new();
    let source = file.source.as_str();
    for (i, inst) in file.instructions.iter().enumerate() {
        let stage = sem.stage_of(i).map(|s| s.index);
        match &inst.body {
            Body::From(from) => {
                if let (Some(alias), Some(s)) = (&from.alias, stage) {
                    out.push(Occurrence {
                        symbol: Symbol::Stage(s),
                        span: alias.span,
                        instruction: i,
                        definition: true,
                    });
                }
                if let Some(s) = stage {
                    if let super::Base::Stage(parent) = sem.stages[s].base {
                        out.push(Occurrence {
                            symbol: Symbol::Stage(parent),
                            span: from.image.span,
                            instruction: i,
                            definition: false,
                        });
                    }
                }
            }
            Body::Arg(pairs) | Body::Env(pairs) => {
                for kv in pairs {
                    out.push(Occurrence {
                        symbol: Symbol::Var(kv.key.text.clone()),
                        span: kv.key.span,
                        instruction: i,
                        definition: true,
                    });
                }
            }
            _ => {}
        }
        if let Some(s) = stage {
            stage_references(source, sem, s, i, inst, &mut out);
        }
        variable_references(file, i, &mut out);
    }
    out.sort_by_key(|o| (o.span.start, o.span.end));
    out.dedup();
    out
}

/// The stages `--from=` and `--mount=…,from=` name in instruction `i`.
fn stage_references(
    source: &str,
    sem: &Semantics,
    stage: usize,
    i: usize,
    inst: &crate::syntax::Instruction,
    out: &mut Vec<Occurrence>,
) {
    let mut push = |text: &str, span: Span| {
        if let Target::Stage(s) = sem.target_of(stage, text, i) {
            out.push(Occurrence {
                symbol: Symbol::Stage(s),
                span,
                instruction: i,
                definition: false,
            });
        }
    };
    match inst.keyword {
        Keyword::Copy | Keyword::Add => {
            if let Some(value) = inst.flag("from").and_then(|f| f.value.as_ref()) {
                push(&value.text, value.span);
            }
        }
        Keyword::Run => {
            for flag in &inst.flags {
                if !flag.name.eq_ignore_ascii_case("mount") {
                    continue;
                }
                let Some(value) = &flag.value else { continue };
                // Only a value written on one line maps field by field
                // to the source.
                if source.get(value.span.start..value.span.end) != Some(value.text.as_str()) {
                    continue;
                }
                let mut at = value.span.start;
                for field in value.text.split(',') {
                    let field_start = at;
                    at += field.len() + 1;
                    let Some((k, v)) = field.split_once('=') else {
                        continue;
                    };
                    if !k
                        .trim()
                        .trim_matches(['"', '\''])
                        .eq_ignore_ascii_case("from")
                    {
                        continue;
                    }
                    let v_trim = v.trim().trim_matches(['"', '\'']);
                    let Some(offset) = v.find(v_trim) else {
                        continue;
                    };
                    let start = field_start + k.len() + 1 + offset;
                    push(v_trim, Span::new(start, start + v_trim.len()));
                }
            }
        }
        _ => {}
    }
}

/// `$NAME` and `${NAME…}` in instruction `i`'s source, outside comment
/// lines, skipping escaped dollars.
fn variable_references(file: &Dockerfile, i: usize, out: &mut Vec<Occurrence>) {
    let inst = &file.instructions[i];
    let source = file.source.as_bytes();
    let span = inst.span;
    let end = span.end.min(source.len());
    // Comment lines inside the instruction (continuations).
    let first = file.comments.partition_point(|c| c.span.start < span.start);
    let comments: Vec<Span> = file.comments[first..]
        .iter()
        .take_while(|c| c.span.start < end)
        .map(|c| c.span)
        .collect();
    let escape = file.escape;
    let escape_byte = if escape.is_ascii() { escape as u8 } else { 0 };
    let is_start = |b: u8| b.is_ascii_alphabetic() || b == b'_';
    let is_name = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut p = span.start;
    let mut c = 0;
    while p < end {
        while c < comments.len() && comments[c].end <= p {
            c += 1;
        }
        if c < comments.len() && comments[c].start <= p {
            p = comments[c].end;
            continue;
        }
        let b = source[p];
        if b == escape_byte && escape_byte != 0 {
            p += 2;
            continue;
        }
        if b != b'$' {
            p += 1;
            continue;
        }
        let braced = source.get(p + 1) == Some(&b'{');
        let name_start = p + 1 + usize::from(braced);
        if name_start >= end || !is_start(source[name_start]) {
            p += 1;
            continue;
        }
        let mut name_end = name_start;
        while name_end < end && is_name(source[name_end]) {
            name_end += 1;
        }
        out.push(Occurrence {
            symbol: Symbol::Var(file.source[name_start..name_end].to_string()),
            span: Span::new(name_start, name_end),
            instruction: i,
            definition: false,
        });
        p = name_end;
    }
}

impl Semantics {
    /// The variable `name` as instruction `i` sees it (before it runs):
    /// the `ARG`/`ENV` in force, with the instruction that defined it.
    pub fn variable(&self, i: usize, name: &str) -> Option<&Var> {
        let stage = self
            .stage_of
            .get(i)
            .copied()
            .flatten()
            .filter(|&s| self.stages[s].from != i);
        let Some(s) = stage else {
            return self
                .global_args
                .get(name)
                .filter(|v| v.defined_at.is_none_or(|d| d < i));
        };
        if let Some(defs) = self.history.get(s).and_then(|h| h.get(name)) {
            let before = defs.partition_point(|(j, _)| *j < i);
            if let Some((_, var)) = before.checked_sub(1).map(|k| &defs[k]) {
                return Some(var);
            }
        }
        match self.stages[s].base {
            super::Base::Stage(parent) => self.end_env.get(parent)?.get(name),
            _ => None,
        }
    }

    /// The variable `name` as instruction `i` (an `ARG` or `ENV`) defines
    /// it: its value once `i` has run.
    pub fn defined_by(&self, i: usize, name: &str) -> Option<&Var> {
        let stage = self.stage_of.get(i).copied().flatten();
        let Some(s) = stage else {
            return self
                .global_args
                .get(name)
                .filter(|v| v.defined_at == Some(i));
        };
        let defs = self.history.get(s)?.get(name)?;
        let k = defs.partition_point(|(j, _)| *j < i);
        defs.get(k).filter(|(j, _)| *j == i).map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{syntax, Config};

    fn occ(text: &str) -> Vec<(Symbol, String, bool)> {
        let file = syntax::parse(text);
        let sem = Semantics::new(&file, &Config::default());
        occurrences(&file, &sem)
            .into_iter()
            .map(|o| {
                (
                    o.symbol,
                    text[o.span.start..o.span.end].to_string(),
                    o.definition,
                )
            })
            .collect()
    }

    #[test]
    fn stages_defined_and_referenced() {
        let text = "FROM golang AS build\nRUN go build\nFROM build AS test\nFROM alpine\nCOPY --from=Build /a /b\nCOPY --from=0 /c /d\nRUN --mount=type=cache,from=test,target=/x true\nCOPY --from=nginx /e /f\n";
        let found: Vec<_> = occ(text)
            .into_iter()
            .filter(|(s, _, _)| matches!(s, Symbol::Stage(_)))
            .collect();
        assert_eq!(
            found,
            vec![
                (Symbol::Stage(0), "build".into(), true),
                (Symbol::Stage(0), "build".into(), false),
                (Symbol::Stage(1), "test".into(), true),
                (Symbol::Stage(0), "Build".into(), false),
                (Symbol::Stage(0), "0".into(), false),
                (Symbol::Stage(1), "test".into(), false),
            ]
        );
    }

    #[test]
    fn variables_defined_and_referenced() {
        let text = "ARG V=1\nFROM img:${V}\nARG V\nENV HOME_DIR=/h\nRUN echo $HOME_DIR \\$NOT ${V:-x} $1\n# $COMMENT\n";
        let found: Vec<_> = occ(text)
            .into_iter()
            .filter(|(s, _, _)| matches!(s, Symbol::Var(_)))
            .map(|(_, t, d)| (t, d))
            .collect();
        assert_eq!(
            found,
            vec![
                ("V".into(), true),
                ("V".into(), false),
                ("V".into(), true),
                ("HOME_DIR".into(), true),
                ("HOME_DIR".into(), false),
                ("V".into(), false),
            ]
        );
    }

    #[test]
    fn a_reference_finds_the_definition_in_force() {
        let text =
            "ARG V=1\nFROM img:${V} AS a\nARG V\nENV E=2\nRUN echo $V $E\nFROM a\nRUN echo $E $V\n";
        let file = syntax::parse(text);
        let sem = Semantics::new(&file, &Config::default());
        assert_eq!(sem.variable(1, "V").and_then(|v| v.defined_at), Some(0));
        assert_eq!(sem.variable(4, "V").and_then(|v| v.defined_at), Some(2));
        assert_eq!(sem.variable(4, "E").and_then(|v| v.defined_at), Some(3));
        // ENV is inherited through FROM <stage>; ARG is not.
        assert_eq!(sem.variable(6, "E").and_then(|v| v.defined_at), Some(3));
        assert_eq!(sem.variable(6, "V"), None);
        // What a definition defines, at the end of a stage too.
        assert_eq!(
            sem.defined_by(0, "V").and_then(|v| v.value.clone()),
            Some("1".into())
        );
        assert_eq!(
            sem.defined_by(2, "V").and_then(|v| v.value.clone()),
            Some("1".into())
        );
        assert_eq!(
            sem.defined_by(3, "E").and_then(|v| v.value.clone()),
            Some("2".into())
        );
        assert_eq!(sem.defined_by(3, "V"), None);
    }
}

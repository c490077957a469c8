//! Small readers shared by the hadolint rules: the shell script a `RUN`
//! runs as hadolint sees it, command names the way ShellCheck resolves
//! them, quote stripping, archive names, `ONBUILD` unwrapping.

use std::borrow::Cow;

/// Moved to `semantics::image`; kept here for the code that reads them.
pub use crate::semantics::image::plain_image;
use crate::syntax::shell::{Op, Script, ShellWord, SimpleCommand};
use crate::syntax::Cooked;
use crate::syntax::{Body, CommandForm, Dockerfile, Instruction, Span};

/// The blanks before `inst` on its line, when nothing else precedes it
/// there (where a fix can insert a line before it with the same indent).
pub fn indent_of<'s>(source: &'s str, inst: &Instruction) -> Option<&'s str> {
    let line_start = source[..inst.span.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &source[line_start..inst.span.start];
    indent
        .chars()
        .all(|c| c == ' ' || c == '\t')
        .then_some(indent)
}

/// An edit deleting `inst` with its whole lines (indentation and line
/// break), when no other text shares them.
pub fn delete_lines(source: &str, inst: &Instruction) -> Option<crate::diagnostic::Edit> {
    let indent = indent_of(source, inst)?;
    let rest = &source[inst.span.end..];
    let line_end = rest
        .find('\n')
        .map_or(source.len(), |n| inst.span.end + n + 1);
    if !source[inst.span.end..line_end].trim().is_empty() {
        return None;
    }
    Some(crate::diagnostic::Edit::delete(Span::new(
        inst.span.start - indent.len(),
        line_end,
    )))
}

/// Report the second and later instructions of one kind in a stage (only
/// the last one takes effect), each with a fix deleting the one before it
/// (DL3012, DL4003, DL4004).
pub fn report_repeats(cx: &mut crate::rules::Checker, is_kind: fn(&Body) -> bool, summary: &str) {
    let file = cx.file;
    let source = cx.source();
    let mut previous: Option<&Instruction> = None;
    for inst in &file.instructions {
        if matches!(inst.body, Body::From(_)) {
            previous = None;
        } else if is_kind(&inst.body) {
            if let Some(p) = previous {
                match delete_lines(source, p) {
                    Some(edit) => cx.report_fix(
                        inst.span,
                        summary,
                        crate::diagnostic::Fix::safe(
                            format!(
                                "Delete the earlier `{}`: it has no effect",
                                p.keyword_word.text.to_ascii_uppercase()
                            ),
                            vec![edit],
                        ),
                    ),
                    None => {
                        cx.report(inst.span, summary);
                    }
                }
            }
            previous = Some(inst);
        }
    }
}

/// `Text.dropAround` of quote characters: strips every leading and
/// trailing `"` and `'` (`"'a'"` → `a`, `"a` → `a`), as hadolint does;
/// unlike [`crate::semantics::unquote`], which strips one matching pair.
pub fn drop_quotes(s: &str) -> &str {
    s.trim_matches(|c| c == '"' || c == '\'')
}

/// The extensions hadolint treats as archives `ADD` would extract.
pub const ARCHIVE_EXTENSIONS: &[&str] = &[
    ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz",
    ".tpz", ".txz", ".xz",
];

pub fn is_archive(path: &str) -> bool {
    let p = drop_quotes(path);
    ARCHIVE_EXTENSIONS.iter().any(|ext| p.ends_with(ext))
}

pub fn is_url(path: &str) -> bool {
    let p = drop_quotes(path);
    p.starts_with("https://") || p.starts_with("http://")
}

/// The script a command form runs, as hadolint reads it: the shell parse
/// for the shell form (the first heredoc's body when the arguments *are*
/// a heredoc), and one command made of the JSON strings for the exec form.
pub fn form_script<'a>(inst: &'a Instruction, form: &'a CommandForm) -> Cow<'a, Script> {
    match form {
        CommandForm::Shell { text, script } => {
            if text.text.trim_start().starts_with("<<") {
                if let Some(s) = inst.heredocs.first().and_then(|h| h.script.as_ref()) {
                    return Cow::Borrowed(s);
                }
            }
            Cow::Borrowed(script)
        }
        CommandForm::Exec { args, span } => {
            // hadolint joins the JSON strings with spaces and reads the
            // result as a shell command line.
            let joined: Vec<&str> = args.iter().map(|w| w.text.as_str()).collect();
            let text = joined.join(" ");
            let cooked = Cooked {
                map: vec![(0, span.start)],
                span: Span::new(span.start, span.start + text.len()),
                text,
            };
            Cow::Owned(crate::syntax::shell::parse(&cooked))
        }
    }
}

/// The script of a `RUN` instruction (`None` for other instructions).
pub fn run_script(inst: &Instruction) -> Option<Cow<'_, Script>> {
    match &inst.body {
        Body::Run(form) => Some(form_script(inst, form)),
        _ => None,
    }
}

/// The command name as ShellCheck resolves it: the literal first word, or
/// for `busybox`/`builtin`/`command`/`run`/`exec` wrappers the command
/// they run. `None` when the name is not a literal (`$CMD args`).
pub fn command_name(cmd: &SimpleCommand) -> Option<&str> {
    let first = cmd.words.first()?;
    if first.has_expansion {
        return None;
    }
    let name = first.value.as_str();
    // ShellCheck parses `[ … ]` and `[[ … ]]` as conditions, not commands.
    if (name == "[" || name == "[[") && !first.quoted {
        return None;
    }
    let args = cmd.args();
    let effective = match name {
        "busybox" | "builtin" | "command" | "run" => match args.first() {
            Some(a) if !a.value.starts_with('-') => Some(a),
            _ => None,
        },
        "exec" => exec_target(args),
        _ => None,
    };
    match effective {
        Some(w) if w.has_expansion => None,
        Some(w) => Some(w.value.as_str()),
        None => Some(name),
    }
}

/// The command `exec [-cl] [-a name] cmd …` runs.
fn exec_target(args: &[ShellWord]) -> Option<&ShellWord> {
    let mut i = 0;
    while let Some(w) = args.get(i) {
        let v = w.value.as_str();
        if v == "--" {
            return args.get(i + 1);
        }
        if let Some(opts) = v.strip_prefix('-').filter(|o| !o.is_empty()) {
            if !opts.chars().all(|c| matches!(c, 'c' | 'l' | 'a')) {
                return None;
            }
            i += if opts.ends_with('a') { 2 } else { 1 };
            continue;
        }
        return Some(w);
    }
    None
}

/// True when any command of the script is named `name`.
pub fn uses_program(script: &Script, name: &str) -> bool {
    script
        .commands
        .iter()
        .any(|c| command_name(c) == Some(name))
}

/// Commands with a name (hadolint drops the others).
pub fn named_commands(script: &Script) -> impl Iterator<Item = (&str, &SimpleCommand)> {
    script
        .commands
        .iter()
        .filter_map(|c| command_name(c).map(|n| (n, c)))
}

/// True when the script has a `|` pipe anywhere.
pub fn has_pipes(script: &Script) -> bool {
    script
        .commands
        .iter()
        .any(|c| c.op_before == Some(Op::Pipe))
}

/// Arguments that are not flags (values of flags count as arguments, as in
/// hadolint).
pub fn args_no_flags(cmd: &SimpleCommand) -> Vec<&str> {
    cmd.args()
        .iter()
        .map(|w| w.value.as_str())
        .filter(|v| !(v.starts_with('-') && *v != "-" && *v != "--"))
        .collect()
}

/// Every instruction with, for `ONBUILD X`, the wrapped `X` as the second
/// element (the first is the instruction itself, for its span).
pub fn onbuild_inner(inst: &Instruction) -> Option<&Instruction> {
    match &inst.body {
        Body::Onbuild(inner) => Some(inner),
        _ => None,
    }
}

/// For rules hadolint also applies inside `ONBUILD`: each instruction
/// paired with the one to check (itself, or what `ONBUILD` wraps).
pub fn with_onbuild(file: &Dockerfile) -> impl Iterator<Item = (&Instruction, &Instruction)> {
    file.instructions
        .iter()
        .map(|i| (i, onbuild_inner(i).unwrap_or(i)))
}

/// Rules hadolint ships disabled (severity "ignore") run only when the
/// configuration gives them a severity.
pub fn enabled_by_override(cx: &crate::rules::Checker, code: &str) -> bool {
    cx.config
        .severity_overrides
        .keys()
        .any(|k| k.eq_ignore_ascii_case(code))
}

/// The `LABEL` pairs of instruction `i`: key without quotes, and the value
/// as Docker sets it (`None` when it depends on a variable whose value is
/// unknown at lint time).
pub fn label_pairs(cx: &crate::rules::Checker, i: usize) -> Vec<(String, Option<String>)> {
    let Body::Label(pairs) = &cx.file.instructions[i].body else {
        return Vec::new();
    };
    pairs
        .iter()
        .map(|kv| {
            let key = cx.resolve(i, &kv.key.text).value;
            let value = match &kv.value {
                None => Some(String::new()),
                Some(v) => {
                    let r = cx.resolve(i, &v.text);
                    r.is_complete().then_some(r.value)
                }
            };
            (key, value)
        })
        .collect()
}

/// Report every `LABEL` of a label the schema gives type `ty` whose value
/// fails `valid`, with the message `message(label)`.
pub fn check_typed_labels(
    cx: &mut crate::rules::Checker,
    ty: crate::config::LabelType,
    valid: fn(&str) -> bool,
    message: fn(&str) -> String,
) {
    let typed: Vec<String> = cx
        .config
        .label_schema
        .iter()
        .filter(|(_, t)| **t == ty)
        .map(|(k, _)| k.clone())
        .collect();
    if typed.is_empty() {
        return;
    }
    for i in 0..cx.file.instructions.len() {
        let span = cx.file.instructions[i].span;
        for (key, value) in label_pairs(cx, i) {
            if !typed.contains(&key) {
                continue;
            }
            if let Some(v) = value {
                if !valid(&v) {
                    cx.report(span, message(&key));
                }
            }
        }
    }
}

/// An image reference split the way hadolint's parser splits it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ImageRef<'a> {
    /// `domain.tld` when the reference starts with one followed by `/`.
    pub registry: Option<&'a str>,
    /// The name after the registry, up to the first `:` or `@` outside `${…}`.
    pub name: &'a str,
    pub tag: Option<&'a str>,
    pub digest: Option<&'a str>,
}

/// Split an image reference (`FROM` or `--from` value).
pub fn image_ref(s: &str) -> ImageRef<'_> {
    let mut rest = s;
    let mut registry = None;
    // `domain.tld/`: a dot before the first slash.
    if let Some(slash) = rest.find('/') {
        let head = &rest[..slash];
        if let Some(dot) = head.find('.') {
            if dot > 0 && dot + 1 < head.len() {
                registry = Some(head);
                rest = &rest[slash + 1..];
            }
        }
    }
    let stop = find_outside_braces(rest, |c| c == ':' || c == '@');
    let name = &rest[..stop];
    let mut after = &rest[stop..];
    let mut tag = None;
    if let Some(t) = after.strip_prefix(':') {
        let end = find_outside_braces(t, |c| c == '@' || c == ':');
        tag = Some(&t[..end]);
        after = &t[end..];
    }
    let digest = after.strip_prefix('@');
    ImageRef {
        registry,
        name,
        tag,
        digest,
    }
}

/// Index of the first char matching `pred` that is not inside `${…}`.
fn find_outside_braces(s: &str, pred: impl Fn(char) -> bool) -> usize {
    let bytes = s.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'$' && bytes.get(i + 1) == Some(&b'{') {
            depth += 1;
            i += 2;
            continue;
        }
        if depth > 0 {
            if c == b'}' {
                depth -= 1;
            }
            i += 1;
            continue;
        }
        if pred(c as char) {
            return i;
        }
        i += 1;
    }
    s.len()
}

/// Test helpers for the hadolint rules.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_images() {
        let r = image_ref("docker.io/library/ubuntu:22.04@sha256:abc");
        assert_eq!(r.registry, Some("docker.io"));
        assert_eq!(r.name, "library/ubuntu");
        assert_eq!(r.tag, Some("22.04"));
        assert_eq!(r.digest, Some("sha256:abc"));
        let r = image_ref("${REG:-x}/img");
        assert_eq!(r.name, "${REG:-x}/img");
        assert_eq!(r.tag, None);
        let r = image_ref("localhost:5000/foo");
        assert_eq!(r.name, "localhost");
        assert_eq!(r.tag, Some("5000/foo"));
    }

    #[test]
    fn strips_quotes() {
        assert_eq!(drop_quotes("\"'a'\""), "a");
        assert!(is_archive("\"x.tar.gz\""));
        assert!(!is_archive("x.zip"));
    }
}

//! Hover, completion, go to definition, references, rename, document
//! symbols and folding: each answered from the core's analysis of the
//! latest text (the tree, the semantics and
//! [`drydock_core::semantics::symbols`]).

use lsp_types::{
    CompletionItem, CompletionItemKind, DocumentSymbol, FoldingRange, FoldingRangeKind, Hover,
    HoverContents, Location, MarkupContent, MarkupKind, Range, SymbolKind, TextEdit, Url,
    WorkspaceEdit,
};

use drydock_core::knowledge::images as known;
use drydock_core::rules;
use drydock_core::rules::drydock::images::slim_image;
use drydock_core::semantics::symbols::{Occurrence, Symbol};
use drydock_core::semantics::{Base, ImageRef, VarKind};
use drydock_core::syntax::{Body, Keyword, Span};

use crate::analysis::Analysis;
use crate::document::Document;

/// A one-line description of each instruction, and its anchor in
/// Docker's Dockerfile reference.
pub fn instruction_reference(keyword: Keyword) -> Option<(&'static str, &'static str)> {
    Some(match keyword {
        Keyword::From => ("Starts a build stage from a base image (or an earlier stage): `FROM [--platform=<p>] <image> [AS <name>]`.", "from"),
        Keyword::Run => ("Runs a command in a new layer: `RUN [--mount=…] [--network=…] [--security=…] <command>`.", "run"),
        Keyword::Cmd => ("The default command of a container (the last CMD wins).", "cmd"),
        Keyword::Label => ("Adds metadata to the image: `LABEL <key>=<value> …`.", "label"),
        Keyword::Maintainer => ("Deprecated: the image's author. Use `LABEL org.opencontainers.image.authors=…`.", "maintainer-deprecated"),
        Keyword::Expose => ("Documents the ports the container listens on: `EXPOSE <port>[/<protocol>]`.", "expose"),
        Keyword::Env => ("Sets environment variables, in the image and for later instructions: `ENV <key>=<value> …`.", "env"),
        Keyword::Add => ("Copies files, URLs or git repositories into the image (and unpacks local archives): `ADD [--chown] [--chmod] [--checksum] <src>… <dest>`.", "add"),
        Keyword::Copy => ("Copies files from the context or another stage: `COPY [--from=<stage>] [--chown] [--chmod] [--link] <src>… <dest>`.", "copy"),
        Keyword::Entrypoint => ("The executable a container runs; CMD becomes its arguments.", "entrypoint"),
        Keyword::Volume => ("Declares mount points: `VOLUME [\"/data\"]`.", "volume"),
        Keyword::User => ("The user (and group) later instructions and the container run as: `USER <user>[:<group>]`.", "user"),
        Keyword::Workdir => ("The working directory for later instructions and the container: `WORKDIR /path`.", "workdir"),
        Keyword::Arg => ("Declares a build argument, set with `--build-arg`: `ARG <name>[=<default>]`.", "arg"),
        Keyword::Onbuild => ("An instruction run when another image builds FROM this one: `ONBUILD <instruction>`.", "onbuild"),
        Keyword::Stopsignal => ("The signal that stops the container: `STOPSIGNAL SIGTERM`.", "stopsignal"),
        Keyword::Healthcheck => ("How to check the container still works: `HEALTHCHECK [--interval=…] CMD <command>` or `HEALTHCHECK NONE`.", "healthcheck"),
        Keyword::Shell => ("The shell the shell form of RUN, CMD and ENTRYPOINT uses: `SHELL [\"/bin/bash\", \"-c\"]`.", "shell"),
        Keyword::Unknown => return None,
    })
}

/// The flags each instruction takes, as BuildKit reads them.
pub fn instruction_flags(keyword: Keyword) -> &'static [(&'static str, &'static str)] {
    match keyword {
        Keyword::From => &[("platform", "The platform of the base image: `linux/amd64`, `$BUILDPLATFORM`.")],
        Keyword::Run => &[
            ("mount", "A mount for this step: `type=cache,target=/root/.cache`, `type=secret,id=…`, `type=bind,from=<stage>`."),
            ("network", "`default`, `none` or `host`."),
            ("security", "`insecure` or `sandbox`."),
        ],
        Keyword::Copy => &[
            ("from", "Copy from a stage, an image or a named context instead of the build context."),
            ("chown", "Owner of the copied files: `<user>[:<group>]`."),
            ("chmod", "Mode of the copied files: `755`."),
            ("link", "Copy into an independent layer (rebased without rebuilding)."),
            ("parents", "Keep the parent directories of the sources."),
            ("exclude", "Leave out paths matching a pattern."),
        ],
        Keyword::Add => &[
            ("chown", "Owner of the added files: `<user>[:<group>]`."),
            ("chmod", "Mode of the added files: `755`."),
            ("link", "Add into an independent layer."),
            ("checksum", "The checksum a remote file must have: `sha256:…`."),
            ("keep-git-dir", "Keep the `.git` directory of a git source."),
            ("exclude", "Leave out paths matching a pattern."),
        ],
        Keyword::Healthcheck => &[
            ("interval", "Time between checks (default 30s)."),
            ("timeout", "Time a check may take (default 30s)."),
            ("start-period", "Time the container gets to start (default 0s)."),
            ("start-interval", "Time between checks while starting (default 5s)."),
            ("retries", "Failures in a row before unhealthy (default 3)."),
        ],
        _ => &[],
    }
}

fn markdown(value: String) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: None,
    }
}

/// What is under `offset`: the docs of the findings there, what a stage
/// or variable name refers to, the base image of a `FROM`, the
/// instruction's reference.
pub fn hover(doc: &Document, a: &Analysis, offset: usize) -> Option<Hover> {
    let mut parts = Vec::new();
    for d in &a.diagnostics {
        let on = d.span.start <= offset && offset <= d.span.end.max(d.span.start + 1);
        if !on {
            continue;
        }
        let mut part = format!("**{}** ({}): {}", d.code, d.severity, d.message);
        if let Some(fix) = &d.fix {
            part.push_str(&format!(
                "\n\nFix: {}",
                crate::actions::fix_title(&d.code, fix)
            ));
        }
        if let Some(rule) = rules::find(&d.code) {
            part.push_str(&format!("\n\n{}", rule.docs.trim()));
        }
        parts.push(part);
    }
    if let Some(o) = a.occurrence_at(offset) {
        parts.extend(describe(a, o));
    }
    if let Some(i) = a.instruction_at(offset) {
        let inst = &a.file.instructions[i];
        if let Body::From(from) = &inst.body {
            let on_image = from.image.span.start <= offset && offset <= from.image.span.end;
            if on_image && a.occurrence_at(offset).is_none() {
                if let Some(stage) = a.semantics.stage_of(i) {
                    parts.extend(image_info(stage.image.value.as_str(), &stage.base));
                }
            }
        }
        let kw = inst.keyword_word.span;
        if kw.start <= offset && offset <= kw.end {
            if let Some((line, anchor)) = instruction_reference(inst.keyword) {
                parts.push(format!(
                    "**{}** — {line}\n\n[Dockerfile reference](https://docs.docker.com/reference/dockerfile/#{anchor})",
                    inst.keyword.as_str()
                ));
            }
        }
    }
    let mut hover = markdown(parts.join("\n\n---\n\n"));
    // The name hovered, for the editor to highlight.
    hover.range = a.occurrence_at(offset).map(|o| doc.range(o.span));
    (!parts.is_empty()).then_some(hover)
}

/// What a stage or variable name refers to.
fn describe(a: &Analysis, o: &Occurrence) -> Option<String> {
    let line_of = |i: usize| a.file.instructions.get(i).map_or(0, |inst| inst.line);
    match &o.symbol {
        Symbol::Stage(s) => {
            let stage = a.semantics.stages.get(*s)?;
            let name = stage
                .alias
                .as_deref()
                .map_or(format!("stage {s}"), |n| format!("stage `{n}`"));
            let users = a.semantics.dependents(*s).count();
            Some(format!(
                "{name} (#{s}, line {}): `FROM {}`{}; {users} use{} in the file",
                line_of(stage.from),
                stage.image.value,
                if stage.is_final {
                    ", the final stage"
                } else {
                    ""
                },
                if users == 1 { "" } else { "s" },
            ))
        }
        Symbol::Var(name) => {
            let var = if o.definition {
                a.semantics.defined_by(o.instruction, name)
            } else {
                a.semantics.variable(o.instruction, name)
            };
            let Some(var) = var else {
                return Some(format!(
                    "`{name}`: not defined here by an ARG or ENV (the base image or the shell may set it)"
                ));
            };
            let kind = match var.kind {
                VarKind::Arg => "ARG",
                VarKind::Env => "ENV",
                VarKind::Predefined => "predefined by BuildKit",
            };
            let value = var
                .value
                .as_deref()
                .map_or("its value is only known at build time".to_string(), |v| {
                    format!("`{v}`")
                });
            let at = var
                .defined_at
                .map_or(String::new(), |i| format!(", line {}", line_of(i)));
            Some(format!("`{name}` ({kind}{at}): {value}"))
        }
    }
}

/// What the bundled knowledge says about a base image.
fn image_info(text: &str, base: &Base) -> Option<String> {
    let r = match base {
        Base::Image(r) => r.clone(),
        Base::Scratch => return Some("`scratch`: an empty image".into()),
        Base::Stage(_) => return None,
        Base::Unresolved => {
            return Some(format!(
                "`{text}`: depends on a variable whose value is only known at build time"
            ))
        }
    };
    let mut lines = vec![format!("**{}**", describe_ref(&r))];
    if r.registry.is_none() {
        let name = r.name.strip_prefix("library/").unwrap_or(&r.name);
        let tag = r.tag.as_deref();
        if let (Some(t), Some(false)) = (tag, tag.and_then(|t| known::tag_exists(name, t))) {
            lines.push(format!(
                "No tag `{t}` of `{name}` was ever published (bundled tag list)."
            ));
        }
        if let Some(kind) = known::kind_of(name, tag) {
            lines.push(format!("Kind: {kind}"));
        }
        if let Some(release) = known::release_of(name, tag) {
            lines.push(format!("Release: {release}"));
        }
        if let Some(sizes) = slim_image(name).and_then(|s| s.sizes) {
            lines.push(format!(
                "Estimated size: about {} MB; slim about {} MB; alpine about {} MB ({})",
                sizes.full, sizes.slim, sizes.alpine, sizes.source
            ));
        }
        if let Some(slim) = known::slim_tag_of(name, tag) {
            lines.push(format!("Slim variant: `{name}:{slim}`"));
        }
        if let Some(alpine) = known::alpine_tag_of(name, tag) {
            lines.push(format!("Alpine variant: `{name}:{alpine}`"));
        }
    }
    Some(lines.join("\n\n"))
}

fn describe_ref(r: &ImageRef) -> String {
    let mut s = String::new();
    if let Some(reg) = &r.registry {
        s.push_str(reg);
        s.push('/');
    }
    s.push_str(&r.name);
    s.push(':');
    s.push_str(r.tag.as_deref().unwrap_or("latest"));
    if let Some(d) = &r.digest {
        s.push('@');
        s.push_str(d);
    }
    s
}

/// Completions at `offset`: instructions at the start of a line, an
/// instruction's flags after `--`, stage names after `--from=`,
/// `from=` in a mount and `FROM`, variables after `$`.
pub fn completion(doc: &Document, a: &Analysis, offset: usize) -> Vec<CompletionItem> {
    let text = doc.text.as_str();
    let offset = crate::document::floor_boundary(text, offset);
    let line_start = text[..offset].rfind('\n').map_or(0, |n| n + 1);
    let before = &text[line_start..offset];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || c == ',')
        .map_or(0, |n| n + 1);
    let word = &before[word_start..];
    let inst = a.instruction_at(offset);
    let stage_now = inst.and_then(|i| a.semantics.stage_of(i)).map(|s| s.index);

    // `$NAME` / `${NAME`
    if let Some(dollar) = word.rfind('$') {
        let typed = word[dollar + 1..].trim_start_matches('{');
        if typed.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            let i = inst.unwrap_or(a.file.instructions.len());
            let scope = a.semantics.scope(i);
            return scope
                .vars
                .values()
                .map(|v| CompletionItem {
                    label: v.name.to_string(),
                    kind: Some(CompletionItemKind::VARIABLE),
                    detail: Some(match (v.kind, &v.value) {
                        (VarKind::Env, Some(val)) => format!("ENV = {val}"),
                        (VarKind::Arg, Some(val)) => format!("ARG = {val}"),
                        (VarKind::Env, None) => "ENV".into(),
                        (VarKind::Arg, None) => "ARG".into(),
                        (VarKind::Predefined, _) => "predefined by BuildKit".into(),
                    }),
                    ..CompletionItem::default()
                })
                .collect();
        }
    }
    let stage_names = |before_stage: Option<usize>| -> Vec<CompletionItem> {
        a.semantics
            .stages
            .iter()
            .filter(|s| before_stage.is_none_or(|n| s.index < n))
            .filter_map(|s| {
                Some(CompletionItem {
                    label: s.alias.clone()?,
                    kind: Some(CompletionItemKind::MODULE),
                    detail: Some(format!("stage {}: FROM {}", s.index, s.image.value)),
                    ..CompletionItem::default()
                })
            })
            .collect()
    };
    let lower = word.to_ascii_lowercase();
    if lower.starts_with("--from=") || lower.contains("from=") && lower.starts_with("--mount=") {
        return stage_names(stage_now);
    }
    let first_word_end = before.find(|c: char| !c.is_whitespace()).map(|s| {
        s + before[s..]
            .find(char::is_whitespace)
            .unwrap_or(before.len() - s)
    });
    let continuation = inst.is_some_and(|i| {
        let start = a.file.instructions[i].span.start;
        start < line_start
    });
    // The first word of a line: an instruction.
    if !continuation && first_word_end.is_none_or(|e| e >= before.len()) {
        return Keyword::ALL
            .into_iter()
            .filter_map(|k| {
                let (line, _) = instruction_reference(k)?;
                Some(CompletionItem {
                    label: k.as_str().to_string(),
                    kind: Some(CompletionItemKind::KEYWORD),
                    detail: Some(line.to_string()),
                    ..CompletionItem::default()
                })
            })
            .collect();
    }
    let Some(i) = inst else { return Vec::new() };
    let keyword = a.file.instructions[i].keyword;
    if word.starts_with("--") && !word.contains('=') {
        return instruction_flags(keyword)
            .iter()
            .map(|(name, what)| CompletionItem {
                label: format!("--{name}"),
                kind: Some(CompletionItemKind::PROPERTY),
                detail: Some(what.to_string()),
                ..CompletionItem::default()
            })
            .collect();
    }
    // `FROM [--flags] <here>`: the image word, which may be a stage.
    let mut words = before.split_whitespace();
    let is_from = words.next().is_some_and(|w| w.eq_ignore_ascii_case("from"));
    let typed: Vec<&str> = words.collect();
    let at_image = if word.starts_with("--") {
        false
    } else if word.is_empty() {
        typed.iter().all(|w| w.starts_with("--"))
    } else {
        typed
            .split_last()
            .is_some_and(|(_, rest)| rest.iter().all(|w| w.starts_with("--")))
    };
    if keyword == Keyword::From && is_from && at_image && !continuation {
        return stage_names(stage_now);
    }
    Vec::new()
}

/// The symbol under `offset`, and every place it is named.
fn symbol_at(a: &Analysis, offset: usize) -> Option<(&Occurrence, Vec<&Occurrence>)> {
    let at = a.occurrence_at(offset)?;
    let all = a
        .occurrences
        .iter()
        .filter(|o| o.symbol == at.symbol)
        .collect();
    Some((at, all))
}

/// Where the name under `offset` is defined.
pub fn definition(doc: &Document, a: &Analysis, uri: &Url, offset: usize) -> Option<Location> {
    let at = a.occurrence_at(offset)?;
    let span = match &at.symbol {
        Symbol::Stage(s) => {
            let stage = a.semantics.stages.get(*s)?;
            match a
                .occurrences
                .iter()
                .find(|o| o.definition && o.symbol == at.symbol)
            {
                Some(def) => def.span,
                None => a.file.instructions.get(stage.from)?.keyword_word.span,
            }
        }
        Symbol::Var(_) if at.definition => at.span,
        Symbol::Var(name) => {
            let j = a.semantics.variable(at.instruction, name)?.defined_at?;
            a.occurrences
                .iter()
                .find(|o| o.definition && o.instruction == j && o.symbol == at.symbol)?
                .span
        }
    };
    Some(Location::new(uri.clone(), doc.range(span)))
}

/// Every place the name under `offset` is named.
pub fn references(
    doc: &Document,
    a: &Analysis,
    uri: &Url,
    offset: usize,
    include_declaration: bool,
) -> Vec<Location> {
    let Some((_, all)) = symbol_at(a, offset) else {
        return Vec::new();
    };
    all.into_iter()
        .filter(|o| include_declaration || !o.definition)
        .map(|o| Location::new(uri.clone(), doc.range(o.span)))
        .collect()
}

/// The name under `offset` when it can be renamed (a stage by its name,
/// not by its index; a variable), with its range.
pub fn prepare_rename(doc: &Document, a: &Analysis, offset: usize) -> Option<Range> {
    let at = a.occurrence_at(offset)?;
    let text = doc.text.get(at.span.start..at.span.end)?;
    if matches!(at.symbol, Symbol::Stage(_)) && text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(doc.range(at.span))
}

/// Rename the stage or variable under `offset` everywhere it is named.
/// A stage named by its index keeps the index; variables are renamed by
/// name in the whole file (every `ARG`/`ENV` of that name and every use).
pub fn rename(
    doc: &Document,
    a: &Analysis,
    uri: &Url,
    offset: usize,
    new_name: &str,
) -> Result<Option<WorkspaceEdit>, String> {
    let Some((at, all)) = symbol_at(a, offset) else {
        return Ok(None);
    };
    let valid = match at.symbol {
        Symbol::Stage(_) => {
            let mut chars = new_name.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        }
        Symbol::Var(_) => {
            let mut chars = new_name.chars();
            chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
    };
    if !valid {
        return Err(format!(
            "`{new_name}` is not a valid {} name",
            match at.symbol {
                Symbol::Stage(_) => "stage",
                Symbol::Var(_) => "variable",
            }
        ));
    }
    let edits: Vec<TextEdit> = all
        .into_iter()
        .filter(|o| {
            doc.text
                .get(o.span.start..o.span.end)
                .is_some_and(|t| !t.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(|o| TextEdit::new(doc.range(o.span), new_name.to_string()))
        .collect();
    let mut changes = std::collections::HashMap::new();
    changes.insert(uri.clone(), edits);
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    }))
}

fn instruction_name(a: &Analysis, i: usize) -> String {
    let inst = &a.file.instructions[i];
    let mut args: String = inst
        .args
        .text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if args.chars().count() > 60 {
        args = args.chars().take(57).collect::<String>() + "…";
    }
    let flags: Vec<&str> = inst.flags.iter().map(|f| f.text.as_str()).collect();
    let mut name = inst.keyword_word.text.to_ascii_uppercase();
    for part in flags.iter().copied().chain([args.as_str()]) {
        if !part.is_empty() {
            name.push(' ');
            name.push_str(part);
        }
    }
    name
}

fn instruction_symbol(doc: &Document, a: &Analysis, i: usize) -> DocumentSymbol {
    let inst = &a.file.instructions[i];
    let kind = match inst.keyword {
        Keyword::Arg | Keyword::Env => SymbolKind::VARIABLE,
        Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck => {
            SymbolKind::FUNCTION
        }
        Keyword::Copy | Keyword::Add => SymbolKind::FILE,
        _ => SymbolKind::PROPERTY,
    };
    #[allow(deprecated)]
    DocumentSymbol {
        name: instruction_name(a, i),
        detail: None,
        kind,
        tags: None,
        deprecated: None,
        range: doc.range(inst.span),
        selection_range: doc.range(inst.keyword_word.span),
        children: None,
    }
}

/// The stages, each with its instructions; instructions before the first
/// `FROM` (global `ARG`s) at the top level.
pub fn document_symbols(doc: &Document, a: &Analysis) -> Vec<DocumentSymbol> {
    let mut out = Vec::new();
    let first_from = a
        .semantics
        .stages
        .first()
        .map_or(a.file.instructions.len(), |s| s.from);
    for i in 0..first_from {
        out.push(instruction_symbol(doc, a, i));
    }
    for stage in &a.semantics.stages {
        let from = &a.file.instructions[stage.from];
        let last = &a.file.instructions[stage.end.max(stage.from + 1) - 1];
        let name = stage
            .alias
            .clone()
            .unwrap_or_else(|| format!("stage {}", stage.index));
        let selection = match &from.body {
            Body::From(f) => f.alias.as_ref().map_or(from.keyword_word.span, |w| w.span),
            _ => from.keyword_word.span,
        };
        #[allow(deprecated)]
        out.push(DocumentSymbol {
            name,
            detail: Some(format!("FROM {}", stage.image.value)),
            kind: SymbolKind::NAMESPACE,
            tags: None,
            deprecated: None,
            range: doc.range(Span::new(from.span.start, last.span.end)),
            selection_range: doc.range(selection),
            children: Some(
                stage
                    .instructions()
                    .skip(1)
                    .map(|i| instruction_symbol(doc, a, i))
                    .collect(),
            ),
        });
    }
    out
}

/// A fold per stage (its `FROM` line to its last line) and per
/// instruction written on several lines.
pub fn folding_ranges(a: &Analysis) -> Vec<FoldingRange> {
    let fold = |start: usize, end: usize, kind: Option<FoldingRangeKind>| FoldingRange {
        start_line: start.saturating_sub(1) as u32,
        start_character: None,
        end_line: end.saturating_sub(1) as u32,
        end_character: None,
        kind,
        collapsed_text: None,
    };
    let mut out = Vec::new();
    for stage in &a.semantics.stages {
        let from = &a.file.instructions[stage.from];
        let last = &a.file.instructions[stage.end.max(stage.from + 1) - 1];
        if last.end_line > from.line {
            out.push(fold(
                from.line,
                last.end_line,
                Some(FoldingRangeKind::Region),
            ));
        }
    }
    for inst in &a.file.instructions {
        if inst.end_line > inst.line {
            out.push(fold(inst.line, inst.end_line, None));
        }
    }
    out.sort_by_key(|f| (f.start_line, std::cmp::Reverse(f.end_line)));
    out
}

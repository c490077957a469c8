//! The commands a `RUN` runs: package managers (apt-get, apk, pip, npm,
//! yum, dnf, zypper, gem, go …) and downloaders (wget, curl). Read by the
//! rules (through `rules::pkg`, which adds the lint's cache of RUNs) and by
//! the build model.
//!
//! [`all_runs`] yields every `RUN` of a file — shell form, exec form, heredoc
//! scripts, and `RUN`s wrapped in `ONBUILD` — with the flat list of simple
//! commands it runs. [`CommandExt`] reads a command's arguments the way
//! hadolint does: a word starting with `-` is a flag word (`-abc` sets the
//! flags `a`, `b`, `c`; `--name=value` sets `name`), every other word is a
//! positional argument, and a few flags per tool take the next word as
//! their value ([`CommandExt::positionals`]).

use std::borrow::Cow;

use crate::syntax::shell::{ShellWord, SimpleCommand};
use crate::syntax::{Body, CommandForm, Dockerfile, Instruction, Span};

/// One `RUN` and the simple commands it runs.
pub struct Run<'a> {
    /// The instruction findings are reported on: the `ONBUILD` for an
    /// `ONBUILD RUN`, otherwise the `RUN` itself.
    pub inst: &'a Instruction,
    /// The `RUN` instruction.
    pub run: &'a Instruction,
    /// Wrapped in `ONBUILD`.
    pub onbuild: bool,
    /// Exec form (`RUN ["apt-get", "install", "x"]`): the commands were
    /// built from JSON strings and their spans cannot be edited.
    pub exec: bool,
    /// Every simple command of the shell form (or the exec form's words),
    /// then of each heredoc script, in source order.
    pub commands: Vec<Cow<'a, SimpleCommand>>,
}

impl<'a> Run<'a> {
    /// The `RUN` behind `inst` (directly or in `ONBUILD`), if it is one.
    pub fn of(inst: &'a Instruction) -> Option<Run<'a>> {
        let (run, onbuild) = match &inst.body {
            Body::Onbuild(inner) => (&**inner, true),
            _ => (inst, false),
        };
        let Body::Run(form) = &run.body else {
            return None;
        };
        let mut commands: Vec<Cow<'a, SimpleCommand>> = Vec::new();
        let exec = match form {
            CommandForm::Shell { script, .. } => {
                commands.extend(script.commands.iter().map(Cow::Borrowed));
                false
            }
            CommandForm::Exec { args, span } => {
                commands.extend(exec_commands(args, *span).into_iter().map(Cow::Owned));
                true
            }
        };
        for heredoc in &run.heredocs {
            if let Some(script) = &heredoc.script {
                commands.extend(script.commands.iter().map(Cow::Borrowed));
            }
        }
        Some(Run {
            inst,
            run,
            onbuild,
            exec,
            commands,
        })
    }

    /// True when any command satisfies `pred`.
    pub fn any(&self, pred: impl Fn(&SimpleCommand) -> bool) -> bool {
        self.commands.iter().any(|c| pred(c))
    }

    /// Index of the first command satisfying `pred`.
    pub fn position(&self, pred: impl Fn(&SimpleCommand) -> bool) -> Option<usize> {
        self.commands.iter().position(|c| pred(c))
    }

    /// The commands satisfying `pred`.
    pub fn matching<'s>(
        &'s self,
        pred: impl Fn(&SimpleCommand) -> bool + 's,
    ) -> impl Iterator<Item = &'s SimpleCommand> + 's {
        self.commands.iter().map(|c| &**c).filter(move |c| pred(c))
    }

    /// True when the first command satisfying `first` comes before the
    /// first satisfying `then` (false when either is missing).
    pub fn comes_before(
        &self,
        first: impl Fn(&SimpleCommand) -> bool,
        then: impl Fn(&SimpleCommand) -> bool,
    ) -> bool {
        matches!((self.position(first), self.position(then)), (Some(a), Some(b)) if a < b)
    }

    /// The script text as written: the `RUN` arguments, then each heredoc
    /// body.
    pub fn text(&self) -> String {
        let mut text = self.run.args.text.clone();
        for heredoc in &self.run.heredocs {
            text.push('\n');
            text.push_str(&heredoc.body);
        }
        text
    }

    /// The pieces [`Run::text`] joins with newlines, without joining them.
    pub fn text_parts(&self) -> impl Iterator<Item = &'a str> {
        let run: &'a Instruction = self.run;
        std::iter::once(run.args.text.as_str()).chain(run.heredocs.iter().map(|h| h.body.as_str()))
    }

    /// True when a `--mount=type=cache` or `type=tmpfs` flag of the `RUN`
    /// has a target containing `fragment`.
    pub fn has_cache_mount(&self, fragment: &str) -> bool {
        self.run
            .flags
            .iter()
            .filter(|f| f.name.eq_ignore_ascii_case("mount"))
            .filter_map(|f| f.value.as_ref())
            .any(|value| {
                let mount = unquote(&value.text);
                let mut kind = "bind";
                let mut target = "";
                for part in mount.split(',') {
                    let (key, val) = part.split_once('=').unwrap_or((part, ""));
                    match key.trim().to_ascii_lowercase().as_str() {
                        "type" => kind = val.trim(),
                        "target" | "dst" | "destination" => target = val.trim(),
                        _ => {}
                    }
                }
                matches!(kind, "cache" | "tmpfs") && unquote(target).contains(fragment)
            })
    }

    /// The shell of this `RUN` (and of its heredocs) parsed without
    /// errors. Text appended to a script with an unterminated quote or
    /// substitution would land inside it: no fix appends there.
    pub fn parses(&self) -> bool {
        let heredocs_parse = self
            .run
            .heredocs
            .iter()
            .all(|h| h.script.as_ref().is_none_or(|s| s.errors.is_empty()));
        let line_parses = match &self.run.body {
            Body::Run(CommandForm::Shell { script, .. }) => script.errors.is_empty(),
            _ => true,
        };
        heredocs_parse && line_parses
    }

    /// Where a command appended with ` && …` runs after everything else
    /// the script does: the end of the last command, when that command is
    /// at the top level of an editable script. `None` otherwise (exec form,
    /// last command inside `if`/a loop/a group).
    pub fn append_point(&self) -> Option<usize> {
        if self.exec || !self.parses() {
            return None;
        }
        let last = self.commands.last()?;
        if last.depth != 0 || last.span.is_empty() {
            return None;
        }
        // Heredoc scripts come after the RUN line; when the RUN line has
        // commands after a heredoc's body the order is ambiguous.
        Some(last.span.end)
    }
}

/// [`Run::of`] each instruction of `file`, by index: what the rules'
/// `run_at` and `runs` read (the engine computes it once per lint).
pub fn all_runs(file: &Dockerfile) -> Vec<Option<Run<'_>>> {
    file.instructions.iter().map(Run::of).collect()
}

/// The exec form's strings joined with spaces and read as shell, as
/// hadolint does (`["sh", "-c", "apt-get update && apt-get install x"]`
/// then runs `apt-get install x`). Each string maps back to the start of
/// its JSON literal; the spans are for display only (no edits are offered
/// on exec forms).
fn exec_commands(args: &[crate::syntax::Word], span: Span) -> Vec<SimpleCommand> {
    let mut text = String::new();
    let mut map = Vec::new();
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        map.push((text.len(), (arg.span.start + 1).min(arg.span.end)));
        text.push_str(&arg.text);
    }
    let cooked = crate::syntax::Cooked { text, map, span };
    crate::syntax::shell::parse(&cooked).commands
}

/// `s` trimmed, without one pair of surrounding quotes:
/// [`crate::semantics::unquote`] of `s.trim()`.
pub fn unquote(s: &str) -> &str {
    crate::semantics::unquote(s.trim())
}

/// A flag word: starts with `-` and is not `-` or `--`.
pub fn is_flag_word(value: &str) -> bool {
    value.starts_with('-') && value != "-" && value != "--"
}

/// The flags a word sets, as hadolint reads them: `--name=value` → `name`,
/// `-abc` → `a`, `b`, `c`.
pub fn word_flags(value: &str) -> Vec<&str> {
    word_flags_iter(value).collect()
}

/// [`word_flags`], one at a time (no `Vec`).
pub fn word_flags_iter(value: &str) -> impl Iterator<Item = &str> {
    let (long, short) = if !is_flag_word(value) {
        (None, "")
    } else if let Some(long) = value.strip_prefix("--") {
        (Some(long.split('=').next().unwrap_or(long)), "")
    } else {
        (None, &value[1..])
    };
    long.into_iter().chain(
        short
            .char_indices()
            .map(move |(i, c)| &short[i..i + c.len_utf8()]),
    )
}

/// hadolint's reading of a simple command's arguments.
pub trait CommandExt {
    /// The command name, when it is literal (a name built from `$VAR` or
    /// `$(…)` is not a known program).
    fn program(&self) -> Option<&str>;
    /// The program's file name: [`CommandExt::program`] without its
    /// directory (`/usr/bin/pip3` → `pip3`).
    fn program_name(&self) -> Option<&str> {
        // (A byte scan: names are short, and `rfind` sets up a search.)
        self.program().map(|p| {
            p.bytes()
                .rposition(|b| b == b'/')
                .map_or(p, |i| &p[i + 1..])
        })
    }
    /// The command is `name`.
    fn is(&self, name: &str) -> bool {
        self.program() == Some(name)
    }
    /// The command is one of `names` and has one of `args` among its
    /// arguments (flags included).
    fn runs_with(&self, names: &[&str], args: &[&str]) -> bool;
    /// The argument words whose value is one of `args`.
    fn arg_word(&self, args: &[&str]) -> Option<&ShellWord>;
    /// Every flag set by the arguments, in order.
    fn flags(&self) -> Vec<&str>;
    fn has_flag(&self, flag: &str) -> bool {
        self.flags().contains(&flag)
    }
    fn has_any_flag(&self, flags: &[&str]) -> bool {
        self.flags().iter().any(|f| flags.contains(f))
    }
    fn count_flag(&self, flag: &str) -> usize {
        self.flags().iter().filter(|f| **f == flag).count()
    }
    /// The positional arguments: not flag words, and not the word after a
    /// flag in `takes_value` written without `=value`.
    fn positionals(&self, takes_value: &[&str]) -> Vec<&ShellWord>;
}

impl CommandExt for SimpleCommand {
    fn program(&self) -> Option<&str> {
        // Found by the parser (`syntax::shell::program_index`).
        self.program_word
            .and_then(|i| self.words.get(i))
            .map(|w| w.value.as_str())
    }

    fn runs_with(&self, names: &[&str], args: &[&str]) -> bool {
        self.program().is_some_and(|n| names.contains(&n)) && self.arg_word(args).is_some()
    }

    fn arg_word(&self, args: &[&str]) -> Option<&ShellWord> {
        self.args()
            .iter()
            .find(|w| args.contains(&w.value.as_str()))
    }

    fn flags(&self) -> Vec<&str> {
        self.args()
            .iter()
            .flat_map(|w| word_flags_iter(&w.value))
            .collect()
    }

    // The flag tests without the `Vec` of [`CommandExt::flags`].
    fn has_flag(&self, flag: &str) -> bool {
        self.args()
            .iter()
            .any(|w| word_flags_iter(&w.value).any(|f| f == flag))
    }
    fn has_any_flag(&self, flags: &[&str]) -> bool {
        self.args()
            .iter()
            .any(|w| word_flags_iter(&w.value).any(|f| flags.contains(&f)))
    }
    fn count_flag(&self, flag: &str) -> usize {
        self.args()
            .iter()
            .map(|w| word_flags_iter(&w.value).filter(|f| *f == flag).count())
            .sum()
    }

    fn positionals(&self, takes_value: &[&str]) -> Vec<&ShellWord> {
        let args = self.args();
        // Whether word `i` is the value of the flag before it.
        let takes = |i: usize| {
            i.checked_sub(1).and_then(|p| args.get(p)).is_some_and(|w| {
                is_flag_word(&w.value)
                    && !w.value.contains('=')
                    && word_flags_iter(&w.value).any(|f| takes_value.contains(&f))
            })
        };
        args.iter()
            .enumerate()
            .filter(|(i, w)| !is_flag_word(&w.value) && !takes(*i))
            .map(|(_, w)| w)
            .collect()
    }
}

/// hadolint's `pip … install` test: a program whose name starts with `pip`
/// (not `pipenv`) with an `install` argument, or `python… -m pip install`.
pub fn is_pip_install(cmd: &SimpleCommand) -> bool {
    let Some(name) = cmd.program() else {
        return false;
    };
    let args = cmd.args();
    (name.starts_with("pip") && !name.starts_with("pipenv") && cmd.has_arg("install"))
        || (name.starts_with("python")
            && args
                .windows(3)
                .any(|w| w[0].value == "-m" && w[1].value == "pip" && w[2].value == "install"))
}

/// Insert ` text` after the word `word` (e.g. ` -y` after `install`).
pub fn insert_after(word: &ShellWord, text: &str) -> crate::diagnostic::Edit {
    crate::diagnostic::Edit::insert(word.span.end, format!(" {text}"))
}

/// The image name of a `FROM` reference: without registry-independent tag
/// or digest (`builder:1.0` → `builder`).
pub fn image_name(image: &str) -> &str {
    let image = image.split('@').next().unwrap_or(image);
    let name_start = image.rfind('/').map_or(0, |i| i + 1);
    match image[name_start..].find(':') {
        Some(colon) => &image[..name_start + colon],
        None => image,
    }
}

/// hadolint's reading of which stages matter for DL3009 and DL3060: a
/// finding counts when its stage is the last one, or when some `FROM`
/// builds on the stage's name. Findings in `ONBUILD` always count.
pub struct StageScope {
    /// For each instruction index: the index of its stage's `FROM`, if any.
    stage_of: Vec<Option<usize>>,
    last_from: Option<usize>,
    /// Image names used by any `FROM`.
    bases: rustc_hash::FxHashSet<String>,
}

impl StageScope {
    pub fn new(file: &Dockerfile) -> Self {
        let mut stage_of = Vec::with_capacity(file.instructions.len());
        let mut current = None;
        let mut bases = rustc_hash::FxHashSet::default();
        for (i, inst) in file.instructions.iter().enumerate() {
            if let Body::From(from) = &inst.body {
                current = Some(i);
                bases.insert(image_name(&from.image.text).to_string());
            }
            stage_of.push(current);
        }
        StageScope {
            stage_of,
            last_from: current,
            bases,
        }
    }

    fn from_key(file: &Dockerfile, i: Option<usize>) -> Option<(String, Option<String>)> {
        let i = i?;
        let Body::From(from) = &file.instructions[i].body else {
            return None;
        };
        Some((
            from.image.text.clone(),
            from.alias.as_ref().map(|a| a.text.clone()),
        ))
    }

    /// Does a finding on instruction `index` count?
    pub fn counts(&self, file: &Dockerfile, index: usize) -> bool {
        if matches!(file.instructions[index].body, Body::Onbuild(_)) {
            return true;
        }
        let stage = self.stage_of[index];
        let key = Self::from_key(file, stage);
        if key == Self::from_key(file, self.last_from) {
            return true;
        }
        matches!(key, Some((_, Some(alias))) if self.bases.contains(&alias))
    }
}

/// `cmd` is an `apt install` that, as `apt-get install`, DL3008 would
/// report.
pub(crate) fn apt_install_unpinned(cmd: &SimpleCommand) -> bool {
    packages_of(cmd, "apt").iter().any(|p| !pinned(p))
}

/// The packages `program install …` installs (`program` is `apt-get`, or
/// `apt` for a fix that would rename it).
pub(crate) fn packages_of<'c>(cmd: &'c SimpleCommand, program: &str) -> Vec<&'c str> {
    if !cmd.runs_with(&[program], &["install"]) {
        return Vec::new();
    }
    cmd.positionals(&["t", "target-release"])
        .into_iter()
        .map(|w| w.value.as_str())
        .filter(|v| *v != "install")
        .collect()
}

pub(crate) fn pinned(package: &str) -> bool {
    package.contains('=') || package.contains('/') || package.ends_with(".deb")
}

/// hadolint's view of the variables a `yum`/`dnf` package name may use
/// (DL3033, DL3041): `ENV` names per stage (a `FROM <stage>` inherits the
/// stage's), and every `ARG` seen so far.
#[derive(Default)]
pub struct DeclaredVars {
    stage: usize,
    /// Stage alias (`""` for none) → the first stage with it.
    aliases: std::collections::HashMap<String, usize>,
    /// Per stage, its `ENV` names (persistent sets: a stage built on
    /// another shares its parent's names instead of copying them).
    envs: std::collections::HashMap<usize, rpds::HashTrieSet<String>>,
    args: std::collections::HashSet<String>,
}

impl DeclaredVars {
    /// Feed one instruction (call before checking it).
    pub fn see(&mut self, inst: &Instruction) {
        match &inst.body {
            Body::From(from) => {
                let parent = self.aliases.get(image_name(&from.image.text)).copied();
                self.stage += 1;
                let alias = from
                    .alias
                    .as_ref()
                    .map_or(String::new(), |a| a.text.clone());
                self.aliases.entry(alias).or_insert(self.stage);
                let inherited = parent
                    .and_then(|p| self.envs.get(&p).cloned())
                    .unwrap_or_default();
                self.envs.insert(self.stage, inherited);
            }
            Body::Env(pairs) => {
                let set = self.envs.entry(self.stage).or_default();
                for kv in pairs {
                    set.insert_mut(kv.key.text.clone());
                }
            }
            Body::Arg(pairs) => {
                self.args.extend(pairs.iter().map(|kv| kv.key.text.clone()));
            }
            _ => {}
        }
    }

    /// `text` refers to a declared variable (`${NAME}` or `$NAME`, as
    /// [`refers_to`] reads them). Looks up the names `text` refers to,
    /// so the cost does not grow with the number of variables.
    pub fn used_in(&self, text: &str) -> bool {
        let env = self.envs.get(&self.stage);
        referenced_names(text)
            .any(|name| self.args.contains(name) || env.is_some_and(|set| set.contains(name)))
    }
}

/// The variable names `text` refers to: the inside of each `${…}`, and
/// the name characters after each `$`. A name made of name characters
/// (`[A-Za-z0-9_]`) is among them exactly when [`refers_to`] is true.
pub fn referenced_names(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices('$').flat_map(move |(at, _)| {
        let rest = &text[at + 1..];
        let braced = rest
            .strip_prefix('{')
            .and_then(|inner| inner.find('}').map(|end| &inner[..end]));
        let len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        braced.into_iter().chain(Some(&rest[..len]))
    })
}

/// `text` contains `${var}` or `$var` not followed by a name character.
pub fn refers_to(text: &str, var: &str) -> bool {
    if text.contains(&format!("${{{var}}}")) {
        return true;
    }
    let plain = format!("${var}");
    text.match_indices(&plain).any(|(i, _)| {
        !text[i + plain.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// hadolint's `name-version` test for rpm packages: at least one `-`, and
/// the parts after the first all made of version characters with one
/// starting with a digit; `.rpm` files count as versioned; a name using a
/// variable counts when the variable is declared.
pub fn rpm_version_fixed(package: &str, vars: &DeclaredVars) -> bool {
    let parts: Vec<&str> = package.split('-').collect();
    if parts.len() <= 1 {
        return false;
    }
    if package.ends_with(".rpm") {
        return true;
    }
    if package.contains('$') {
        return vars.used_in(package);
    }
    let rest = &parts[1..];
    rest.iter().all(|p| {
        p.chars()
            .all(|c| c.is_ascii_alphanumeric() || ".~^_:+".contains(c))
    }) && rest
        .iter()
        .any(|p| p.starts_with(|c: char| c.is_ascii_digit()))
}

#[cfg(test)]
mod referenced_names_tests {
    use super::{referenced_names, refers_to};

    /// For names made of name characters, looking the names up agrees
    /// with `refers_to`'s substring reading, on every text built from a
    /// few pieces.
    #[test]
    fn agrees_with_refers_to() {
        const PIECES: &[&str] = &["$", "{", "}", "A", "AB", "_1", "-", " ", "é", "$A", "${AB}"];
        const NAMES: &[&str] = &["A", "AB", "B", "_1", "A_1", "AB_1"];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(state % 7) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
            }
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            for name in NAMES {
                assert_eq!(
                    referenced_names(&text).any(|n| n == *name),
                    refers_to(&text, name),
                    "{text:?} {name}"
                );
            }
        }
    }
}

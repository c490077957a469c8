//! POSIX-ish shell inside `RUN` (shell form and heredoc bodies).
//!
//! The parse is flat on purpose: rules mostly ask "which simple commands
//! run, with which words, joined by which operators". Every simple command
//! anywhere in the script (inside `$(…)`, backticks, groups, subshells,
//! `if`/`for`/`while`/`case` bodies) appears once in [`Script::commands`],
//! in source order, with its nesting depth. Spans are Dockerfile source
//! spans (mapped through [`crate::syntax::Cooked`]).

use serde::Serialize;

use super::ast::{Cooked, Span};

/// Parse shell text (a RUN's cooked shell form, or a heredoc body). Never
/// fails: problems are in [`Script::errors`]. Spans are mapped through
/// `text` to Dockerfile source offsets.
pub fn parse(text: &Cooked) -> Script {
    super::shell_parser::parse(text)
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Script {
    pub commands: Vec<SimpleCommand>,
    /// Shell syntax problems (unterminated quote, `$(` without `)` …).
    /// These are not Dockerfile syntax errors: BuildKit does not check them.
    pub errors: Vec<ShellError>,
    /// Shell comments (`# …` to the end of the line, as the shell reads
    /// the cooked text: a Dockerfile line continuation does not end one),
    /// as source spans.
    pub comments: Vec<Span>,
    /// `for NAME in WORDS; do` headers (and `select`), in source order:
    /// what the loop variable takes. The body's commands are in
    /// [`Script::commands`] as usual.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub loops: Vec<ForLoop>,
    /// Where `!` negates a pipeline (`! grep -q x f`), in source order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bangs: Vec<Span>,
}

/// The header of a `for` (or `select`) loop.
#[derive(Clone, Debug, Serialize)]
pub struct ForLoop {
    /// The loop variable as written.
    pub var: ShellWord,
    /// The words after `in` (`None` for `for NAME; do`, which walks `"$@"`).
    pub items: Option<Vec<ShellWord>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ShellError {
    pub message: String,
    pub span: Span,
}

/// The operator that joins a command to the one before it at the same depth.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// `&&`
    And,
    /// `||`
    Or,
    /// `;` or a newline
    Seq,
    /// `|`
    Pipe,
    /// `&`
    Background,
}

#[derive(Clone, Debug, Serialize)]
pub struct SimpleCommand {
    /// Leading `NAME=value` assignments.
    pub assignments: Vec<ShellWord>,
    /// The command name and its arguments (redirections removed).
    pub words: Vec<ShellWord>,
    /// Redirections (`> /dev/null`, `2>&1` …) as written.
    pub redirects: Vec<ShellWord>,
    /// From the first assignment or word to the last word or redirection.
    pub span: Span,
    /// The operator between the previous command at this depth and this one
    /// (`None` for the first command of a list). The first command of a
    /// compound command a pipe feeds (`a | while read l; …`, `a | (b)`,
    /// `a | { b; }`) has `Pipe`, in the pipeline of `a`.
    pub op_before: Option<Op>,
    /// 0 at the top level; +1 inside each `$(…)`, backticks, `( )`, `{ }`,
    /// and `if`/`for`/`while`/`until`/`case` body.
    pub depth: usize,
    /// Commands of one pipeline share an id; a command alone has its own.
    pub pipeline: usize,
    /// Inside `$(…)` or backticks.
    pub in_substitution: bool,
    /// Inside a `( … )` subshell.
    pub in_subshell: bool,
    /// Inside an `if`/`while`/`until` condition or a `case`/`if`/`for`/loop body.
    pub in_compound: bool,
    /// Index in `words` of the program the command runs (see
    /// [`program_index`]), found once by the parser: rules ask for it
    /// many times per command.
    #[serde(skip)]
    pub program_word: Option<usize>,
    /// Index in `words` of the program that finally runs (see
    /// [`effective_index`]), found once by the parser: rules ask
    /// [`SimpleCommand::effective`] for it many times per command. Whoever
    /// builds a command with other words sets it again.
    #[serde(skip)]
    pub effective_word: Option<usize>,
}

/// Where the last path segment of `v` starts (after its last `/`). A
/// byte loop: program names are short, and this runs for every command
/// of every rule that asks (a `memrchr` call costs more here).
pub fn after_last_slash(v: &str) -> usize {
    v.bytes().rposition(|b| b == b'/').map_or(0, |p| p + 1)
}

/// Which of `words` names the program a simple command runs, when it is
/// literal (a name built from `$VAR` or `$(…)` is not a known program).
/// Like ShellCheck (which hadolint asks for command names), this looks
/// through wrappers that run their first argument: `busybox`, `builtin`,
/// `command`, `run` and `exec` (with its options).
pub fn program_index(words: &[ShellWord]) -> Option<usize> {
    let first = words.first()?;
    if first.has_expansion {
        return None;
    }
    // The wrapper is recognised by its last path segment.
    let v = first.value.as_str();
    let base = after_last_slash(v);
    let inner = match &v[base..] {
        "busybox" | "builtin" | "command" | "run" => {
            Some(1).filter(|&i| words.get(i).is_some_and(|w| !w.value.starts_with('-')))
        }
        "exec" => {
            let mut i = 1;
            loop {
                match words.get(i) {
                    Some(w) if w.value == "-a" => i += 2,
                    Some(w) if w.value.starts_with('-') => i += 1,
                    Some(_) => break Some(i),
                    None => break None,
                }
            }
        }
        _ => None,
    };
    match inner {
        Some(i) if words[i].has_expansion => None,
        Some(i) => Some(i),
        None => Some(0),
    }
}

/// Which of `words` is the program that finally runs, looking through
/// wrappers that run their arguments as a command: those of
/// [`program_index`], and `sudo`, `env`, `nice`, `nohup`, `timeout`,
/// `stdbuf`, `ionice`, `chronic`, `time`, with their options (and `env`'s
/// `NAME=value` pairs, `timeout`'s duration). What a step *does*, for
/// fixes that must know what later steps run (`sudo apt-get install`
/// reads the apt lists as `apt-get install` does); rules that report as
/// hadolint does keep to [`program_index`].
pub fn effective_index(words: &[ShellWord]) -> Option<usize> {
    let mut at = program_index(words)?;
    for _ in 0..8 {
        let w = words.get(at)?;
        if w.has_expansion {
            return None;
        }
        let v = w.value.as_str();
        let name = &v[after_last_slash(v)..];
        // Options of the wrapper that take a value.
        let takes_value: &[&str] = match name {
            "sudo" => &["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T"],
            "env" => &["-u", "-C", "-S"],
            "nice" => &["-n"],
            "timeout" => &["-s", "-k"],
            "stdbuf" => &["-i", "-o", "-e"],
            "ionice" => &["-c", "-n", "-p"],
            "nohup" | "chronic" | "time" => &[],
            _ => return Some(at),
        };
        let mut i = at + 1;
        while let Some(w) = words.get(i) {
            let v = w.value.as_str();
            if v == "--" {
                i += 1;
                break;
            }
            if takes_value.contains(&v) {
                i += 2;
            } else if v.starts_with('-') || (name == "env" && v.contains('=')) {
                i += 1;
            } else {
                break;
            }
        }
        if name == "timeout" {
            // The duration.
            i += 1;
        }
        words.get(i)?;
        at = i;
    }
    Some(at)
}

impl SimpleCommand {
    /// The program that finally runs and its arguments, looking through
    /// `sudo`, `env`, `nice` … (see [`effective_index`]): `sudo -E apt-get
    /// install x` runs `apt-get` with `install x`.
    pub fn effective(&self) -> Option<(&str, &[ShellWord])> {
        let i = self.effective_word?;
        let w = self.words.get(i)?;
        let v = w.value.as_str();
        Some((&v[after_last_slash(v)..], &self.words[i + 1..]))
    }

    /// The command name, with quotes removed (`None` for assignment-only
    /// commands).
    pub fn name(&self) -> Option<&str> {
        self.words.first().map(|w| w.value.as_str())
    }
    /// The arguments after the name.
    pub fn args(&self) -> &[ShellWord] {
        self.words.get(1..).unwrap_or(&[])
    }
    /// True when any argument's value equals `flag`.
    pub fn has_arg(&self, flag: &str) -> bool {
        self.args().iter().any(|w| w.value == flag)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ShellWord {
    /// The word with quotes removed and backslash escapes resolved;
    /// `$VAR`, `${…}`, `$(…)` and backticks are kept as written.
    pub value: String,
    /// The word as written (cooked: continuations removed).
    pub raw: String,
    /// Source span of the word.
    pub span: Span,
    /// Any part of the word was quoted.
    pub quoted: bool,
    /// The word contains a parameter expansion, command substitution or
    /// arithmetic expansion outside single quotes.
    pub has_expansion: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn effective(text: &str) -> Option<(String, Vec<String>)> {
        let cooked = Cooked {
            text: text.to_string(),
            map: vec![(0, 0)],
            span: Span::new(0, text.len()),
        };
        let script = parse(&cooked);
        let cmd = script.commands.first()?;
        cmd.effective().map(|(p, args)| {
            (
                p.to_string(),
                args.iter().map(|w| w.value.clone()).collect(),
            )
        })
    }

    #[test]
    fn the_program_behind_wrappers() {
        let prog = |t: &str| effective(t).map(|(p, _)| p);
        assert_eq!(prog("apt-get install x").as_deref(), Some("apt-get"));
        assert_eq!(prog("sudo apt-get install x").as_deref(), Some("apt-get"));
        assert_eq!(
            prog("sudo -E -u root /usr/bin/apt-get install x").as_deref(),
            Some("apt-get")
        );
        assert_eq!(
            prog("env DEBIAN_FRONTEND=noninteractive apt-get install x").as_deref(),
            Some("apt-get")
        );
        assert_eq!(
            prog("timeout -s KILL 60 curl -O https://x").as_deref(),
            Some("curl")
        );
        assert_eq!(prog("nice -n 10 sudo make").as_deref(), Some("make"));
        assert_eq!(prog("exec sudo rm -r /x").as_deref(), Some("rm"));
        assert_eq!(prog("sudo").as_deref(), None);
        assert_eq!(
            effective("sudo dpkg -i x.deb").map(|(_, a)| a),
            Some(vec!["-i".to_string(), "x.deb".to_string()])
        );
    }
}

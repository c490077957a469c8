//! `drydock`: the command-line view of the core.

mod build_plan;
mod config_file;
mod discover;
mod explain;
mod fix;
mod fmt;
mod lint;
mod lsp;
mod options;
mod parallel;
mod parse;
mod report;
mod share;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// See the `mimalloc` feature in Cargo.toml.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mi::Allocator = mi::Allocator;

/// mimalloc, asked for its plain `malloc` when the alignment is one it
/// gives anyway (`mimalloc::MiMalloc` asks for `mi_malloc_aligned` every
/// time, a few instructions more per allocation).
#[cfg(feature = "mimalloc")]
mod mi {
    use std::alloc::{GlobalAlloc, Layout};
    use std::ffi::c_void;

    use libmimalloc_sys as sys;

    /// What every `mi_malloc` block is aligned to: a pointer's size.
    const GIVEN: usize = std::mem::size_of::<usize>();

    pub struct Allocator;

    // SAFETY: each function forwards to mimalloc's, which meets the
    // `GlobalAlloc` contract for any layout when asked for the layout's
    // alignment, and for alignments up to `GIVEN` without being asked.
    unsafe impl GlobalAlloc for Allocator {
        #[inline]
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            if layout.align() <= GIVEN {
                sys::mi_malloc(layout.size()).cast()
            } else {
                sys::mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }

        #[inline]
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            if layout.align() <= GIVEN {
                sys::mi_zalloc(layout.size()).cast()
            } else {
                sys::mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }

        #[inline]
        unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
            sys::mi_free(ptr.cast::<c_void>());
        }

        #[inline]
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            if layout.align() <= GIVEN {
                sys::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                sys::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

#[derive(Parser)]
#[command(name = "drydock", version, about = "Lint, explain and fix Dockerfiles")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Report findings for Dockerfiles (`-` reads standard input).
    Lint(Box<lint::Args>),
    /// List every rule (code, name, severity, fixable, source, impact, summary).
    Rules(explain::RulesArgs),
    /// Print a rule's documentation.
    Explain(explain::ExplainArgs),
    /// Apply the fixes of the findings: print the rewrite, a diff
    /// (`--diff`) or rewrite in place (`--write`).
    Fix(Box<fix::Args>),
    /// Format Dockerfiles: print the result, check (`--check`), show a
    /// diff (`--diff`) or rewrite in place (`--write`).
    Fmt(fmt::Args),
    /// Print the syntax tree (JSON, or BuildKit's s-expression dump).
    Parse(parse::Args),
    /// Print a playground link holding a Dockerfile (and its settings).
    Share(share::Args),
    /// Show the stages, the layers and what an edit rebuilds.
    BuildPlan(build_plan::Args),
    /// Run the language server over stdio (for editors: docs/editors.md).
    Lsp(lsp::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Lint(args) => lint::run(*args),
        Command::Rules(args) => explain::rules(args),
        Command::Explain(args) => explain::explain(args),
        Command::Parse(args) => parse::run(args),
        Command::Fix(args) => fix::run(*args),
        Command::Fmt(args) => fmt::run(args),
        Command::Share(args) => share::run(args),
        Command::BuildPlan(args) => build_plan::run(args),
        Command::Lsp(args) => lsp::run(args),
    };
    exit_now(code)
}

/// Ends the process once a command is done: standard output flushed, then
/// `_exit`, which skips the exit handlers of the C library. Nothing of
/// ours needs them (every file is written and closed by then); the one
/// that runs is mimalloc's, which walks its heaps and hands their pages
/// back to the kernel a range at a time (about 70 `madvise` calls after a
/// lint of 240 files, on one core) just before the kernel frees them all
/// anyway: about 0.5 ms of a 29 ms lint (docs/performance.md).
///
/// The usual exit is kept when a tool that reports from an exit handler is
/// asked for (mimalloc's statistics, LLVM's coverage profile: see
/// [`REPORT_AT_EXIT`]), for a code other than the three the commands
/// return, and when standard output cannot be flushed.
fn exit_now(code: ExitCode) -> ExitCode {
    #[cfg(unix)]
    {
        use std::io::Write;
        let raw = [
            (ExitCode::SUCCESS, 0),
            (ExitCode::from(1), 1),
            (ExitCode::from(2), 2),
        ]
        .into_iter()
        .find_map(|(c, raw)| (c == code).then_some(raw));
        if let Some(raw) = raw {
            if !REPORT_AT_EXIT.iter().any(|v| std::env::var_os(v).is_some())
                && std::io::stdout().flush().is_ok()
            {
                // SAFETY: `_exit` ends the process at once; no Rust code
                // runs after it (nothing is unwound, nothing is dropped).
                unsafe { libc::_exit(raw) }
            }
        }
    }
    code
}

/// Environment variables that ask for a report written by an exit handler,
/// which `_exit` would skip (see [`exit_now`]).
#[cfg(unix)]
const REPORT_AT_EXIT: [&str; 3] = [
    "MIMALLOC_SHOW_STATS",
    "MIMALLOC_VERBOSE",
    "LLVM_PROFILE_FILE",
];

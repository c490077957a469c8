//! What one lint of a text can hand the next lint of an edited text (the
//! fix engine lints each rewrite of a file): results that depend only on
//! one instruction's text and a few facts about its context, stored by
//! that text and those facts, with positions relative to the instruction.
//! A lint given a [`Memo`] reuses them for instructions whose text and
//! context are unchanged, and reports exactly what a lint without one
//! reports (`tests/incremental.rs` checks it on every corpus file and on
//! every text the fix engine lints).
//!
//! What is kept:
//! - ShellCheck's finding for a `RUN` ([`super::shellcheck::findings`]):
//!   a function of the `RUN`'s source text, the escape character, the
//!   shell dialect and the names the script is started with.

use rustc_hash::FxHashMap;
use std::cell::RefCell;

/// A finding kept: its code, and its start and end as offsets from its
/// instruction's start.
pub(crate) type Kept = (&'static str, usize, usize);

/// Results kept between lints of edited texts. Empty at first; a lint
/// given one fills it. Keep one per file (and per config and inputs):
/// the keys do not hold them.
#[derive(Default)]
pub struct Memo {
    /// ShellCheck's finding for a `RUN`, by [`shellcheck_key`]: its code
    /// and place, as offsets from the instruction's start (`None`: no
    /// finding).
    ///
    /// [`shellcheck_key`]: super::shellcheck::memo_key
    pub(crate) shellcheck: RefCell<FxHashMap<String, Option<Kept>>>,
    /// How many results were reused.
    pub(crate) hits: std::cell::Cell<usize>,
}

impl Memo {
    /// How many results lints took from the memo instead of computing
    /// them (tests show the memo is used).
    pub fn reused(&self) -> usize {
        self.hits.get()
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Memo")
            .field("shellcheck", &self.shellcheck.borrow().len())
            .finish()
    }
}

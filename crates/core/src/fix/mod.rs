//! Fixes: applying what rules propose, to a fixed point ([`fix_all`]).
//! Rules never edit text; the engine applies their edits.
//!
//! The types of a fix (`Edit`, `Fix`, `Applicability`, `ExtraFile`) and
//! `apply_edits` live in [`crate::diagnostic`], the bottom layer; they are
//! re-exported here for the code written against their old path
//! (transitional: new code imports them from `crate::diagnostic`).

mod commands;
mod engine;
mod hash;
pub mod problems;

pub use crate::diagnostic::{apply_edits, map_forward, Applicability, Edit, ExtraFile, Fix};
pub use engine::{
    fix_all, fix_all_with, fix_analysis, fix_with, AppliedFix, Choices, FixOutcome, Skip,
    SkippedFix, SuggestionId, MAX_ROUNDS,
};
pub use problems::{problems, Problem};

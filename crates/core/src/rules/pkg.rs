//! The package-manager vocabulary the rules share: [`crate::semantics::pkg`]
//! (the build model reads it too), and the lint's cache of `RUN`s, which
//! [`run_at`] and [`runs`] read from the [`Checker`].

pub use crate::semantics::pkg::*;

use crate::rules::Checker;

/// The `RUN` (or `ONBUILD RUN`) at instruction `index`.
///
/// `RUN`s under a non-POSIX `SHELL` (PowerShell, cmd) are included, as
/// hadolint includes them: package-manager calls read the same in every
/// shell (`pip install virtualenv` is unpinned under PowerShell too), and
/// the corpus has such findings (e.g. DL3013 on `gold__426887057`).
pub fn run_at<'a>(cx: &Checker<'a>, index: usize) -> Option<&'a Run<'a>> {
    cx.runs.get(index)?.as_ref()
}

/// Every `RUN` in the file (including `ONBUILD RUN`), in order.
pub fn runs<'a>(cx: &Checker<'a>) -> impl Iterator<Item = &'a Run<'a>> {
    cx.runs.iter().flatten()
}

//! Cleaning a package manager's cache in the layer that filled it: the
//! fix shared by DL3032, DL3036, DL3040 and DL3060.

use crate::diagnostic::{Edit, Fix};
use crate::rules::later::{force_later_removals, runs_after};
use crate::rules::pkg::CommandExt;
use crate::rules::Checker;
/// A cleanup appended at the end of a `RUN` (the fixes of DL3032,
/// DL3036, DL3040 and DL3060).
pub(crate) struct Cleanup<'a> {
    /// The text appended: ` && yum clean all`.
    pub append: &'a str,
    /// The fix's message.
    pub message: &'a str,
    /// The cache's paths, as [`force_later_removals`] gives them (a home
    /// directory prefix removed).
    pub hits: fn(&str) -> bool,
    /// A later command that needs the cache (`yum -C`).
    pub reads_cache: fn(&crate::syntax::shell::SimpleCommand) -> bool,
    /// Why the edit is a risk when such a command follows.
    pub risk: &'a str,
}

/// The fix appending `cleanup` at byte `at` (the end of the `RUN` at
/// instruction `i`): safe, with `-f` added to the later `rm`s of the cache
/// (which fail once it is gone); only an explanation when such an `rm` is
/// an exec-form `RUN`; offered unticked, as a risk, when a later `RUN` of
/// the image needs the cache.
pub(crate) fn cleanup_fix(cx: &Checker, i: usize, at: usize, cleanup: &Cleanup) -> Fix {
    let Some(forced) = force_later_removals(cx, i, at, cleanup.hits) else {
        return Fix::manual(format!(
            "{}, and make the later exec-form `rm` of the cache tolerate its absence",
            cleanup.message
        ));
    };
    let message = if forced.is_empty() {
        cleanup.message.to_string()
    } else {
        format!(
            "{}, and add -f to the later `rm` of the cache",
            cleanup.message
        )
    };
    let mut edits = vec![Edit::insert(at, cleanup.append)];
    edits.extend(forced);
    let later_reader = runs_after(cx, i)
        .iter()
        .any(|(_, run)| run.any(cleanup.reads_cache));
    if later_reader {
        Fix::risky(message, edits, cleanup.risk)
    } else {
        Fix::safe(message, edits)
    }
}

/// `yum`/`dnf` told to use the cache only.
pub(crate) fn cache_only(c: &crate::syntax::shell::SimpleCommand) -> bool {
    matches!(c.program_name(), Some("yum" | "dnf" | "microdnf"))
        && c.has_any_flag(&["C", "cacheonly"])
}

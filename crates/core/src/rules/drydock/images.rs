//! Image-name typos (DD012's "did you mean"), over the bundled list of
//! Docker Official Images; the list and the slim variants are
//! [`crate::knowledge::official`]'s, re-exported here.

pub use crate::knowledge::official::*;

use crate::rules::shared::chars_in;

/// Edit distance counting insertions, deletions, substitutions and
/// swaps of two adjacent characters (`pyhton` → `python` is 1), capped at
/// `max + 1`: the shared [`edit_distance`](crate::rules::shared::edit_distance)
/// with swaps. Inputs are short image names: longer than 64 characters,
/// or lengths more than `max` apart, count as `max + 1` without a table.
pub fn edit_distance(a: &str, b: &str, max: usize) -> usize {
    let mut buf = ['\0'; 64];
    match chars_in(a, &mut buf, false) {
        Some(a) => distance_to(a, b, max),
        None => max + 1,
    }
}

/// [`edit_distance`] from `a`'s characters.
fn distance_to(a: &[char], b: &str, max: usize) -> usize {
    let mut buf = ['\0'; 64];
    let Some(b) = chars_in(b, &mut buf, false) else {
        return max + 1;
    };
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    crate::rules::shared::edit_distance_capped(a, b, true, max)
}

/// The official image closest to `name`, when it is close enough to be a
/// typo: at most 2 edits and fewer than a third of the name's length
/// (`golfing` → `golang`; `app` matches nothing).
pub fn closest_official(name: &str) -> Option<&'static str> {
    let len = name.chars().count();
    let max = 2usize.min((len.saturating_sub(1)) / 3);
    if max == 0 {
        return None;
    }
    let mut buf = ['\0'; 64];
    let chars = chars_in(name, &mut buf, false);
    OFFICIAL_IMAGES
        .iter()
        .map(|o| (chars.map_or(max + 1, |a| distance_to(a, o, max)), *o))
        .filter(|(d, _)| *d <= max)
        .min_by_key(|(d, _)| *d)
        .map(|(_, o)| o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos() {
        assert_eq!(closest_official("golfing"), Some("golang"));
        assert_eq!(closest_official("pyhton"), Some("python"));
        assert_eq!(closest_official("ubunt"), Some("ubuntu"));
        assert_eq!(closest_official("app"), None);
        assert_eq!(closest_official("myservice"), None);
        assert_eq!(edit_distance("kitten", "sitting", 5), 3);
        assert_eq!(edit_distance("abc", "abcdefgh", 2), 3);
    }
}

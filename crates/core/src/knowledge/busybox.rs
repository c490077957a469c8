//! busybox as Alpine ships it: the options its `wget` applet accepts, and
//! how a few other applets differ from their GNU counterparts.
//!
//! Data: `data/busybox-wget.txt`, read from busybox 1.36.1's
//! `networking/wget.c` (the version of Alpine 3.19 and 3.20; the newest
//! commit of the busybox mirror read, 371fe9f7 of 2024-07-14, leaves the
//! option list as it is) with the features Alpine's `busyboxconfig` turns on:
//! `FEATURE_WGET_LONG_OPTIONS`, `DESKTOP`, `FEATURE_WGET_TIMEOUT`,
//! `FEATURE_WGET_HTTPS`/`OPENSSL`.
//!
//! busybox wget accepts `-c -q -S -O FILE -o LOGFILE -P DIR -Y on/off -U
//! AGENT -T SEC -t TRIES` and `-n…` (`-nv -nc -nH -np`, ignored), and the
//! long options listed in the data file. Some are accepted and ignored
//! (`--tries`, `--passive-ftp`, `--no-cache`, `--no-verbose`,
//! `--no-clobber`, `--no-host-directories`, `--no-parent`). GNU wget
//! options it rejects ("unrecognized option", exit 1) include
//! `--progress`, `--show-progress`, `-N`/`--timestamping`, `-r`,
//! `--retry-connrefused`, `--waitretry`, `--ca-certificate`,
//! `--content-disposition`, `--max-redirect`, `--limit-rate`, `-i`, `-e`,
//! `--password`, `--https-only`, `--secure-protocol`.
//!
//! Long options go through the C library's `getopt_long` (musl on
//! Alpine), which also takes an unambiguous prefix (`--quie`): so GNU's
//! `--user=NAME` is *accepted*, as `--user-agent=NAME`, and means
//! something else.
//!
//! Other applets a fix may touch (read from the same busybox 1.36.1
//! sources; Alpine builds them with `LONG_OPTS` on):
//! - `rm` takes `-f -i -r -R -v` and no long option at all: `--force`,
//!   `--recursive`, `--no-preserve-root`, `--one-file-system` and `-d`
//!   fail.
//! - `tar` takes `-t -x -c -C DIR -f FILE -O -o -p -v -k -h -j -T FILE
//!   -X FILE -z -J -Z -a -m` and the long options `--list --extract
//!   --create --directory --file --to-stdout --no-same-owner
//!   --same-permissions --no-same-permissions --verbose --keep-old
//!   --dereference --bzip2 --gzip --xz --lzma --compress --auto-compress
//!   --touch --files-from --exclude-from --exclude --strip-components
//!   --no-recursion --numeric-owner --overwrite` (`--to-command` only when
//!   built with it). No `--zstd`, `-I`/`--use-compress-program`,
//!   `--wildcards`, `--owner`, `--group`, `--mtime`, `--sort`, `--delete`,
//!   `-r`/`--append`, `-u`.
//! - `sed` takes `-i[SUFFIX]` (suffix attached only, as GNU: BSD's
//!   `-i ''` breaks on both), `-r`/`-E`, `-n`, `-e`, `-f` and the long
//!   `--in-place[=SUFFIX] --regexp-extended --quiet --silent --expression
//!   --file`; no `-z`, `-s`, `-u`, `--follow-symlinks`, `--posix`,
//!   `--debug`, `--sandbox`.
//! - `adduser` (`-h DIR -g GECOS -s SHELL -G GROUP -D -S -H -u UID -k
//!   SKEL`, long `--home --gecos --shell --ingroup --disabled-password
//!   --empty-password --system --no-create-home --uid --skel`) and
//!   `addgroup` (`-g GID -S`, `--gid --system`, or `addgroup USER GROUP`)
//!   are busybox's own. Debian's `adduser --group`, `--disabled-login`,
//!   `--quiet`, `--firstuid`, `--comment` fail; `useradd`/`groupadd` are
//!   not there at all unless the `shadow` package is installed.

use std::sync::OnceLock;

use super::text::data_lines;

const WGET: &str = include_str!("data/busybox-wget.txt");

struct WgetOptions {
    /// Long option names, and whether each takes a value.
    long: Vec<(&'static str, bool)>,
    /// Short letters: 0 no value, 1 a value, 2 an optional attached one.
    short: Vec<(char, u8)>,
}

fn wget_options() -> &'static WgetOptions {
    static OPTIONS: OnceLock<WgetOptions> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut long = Vec::new();
        let mut short = Vec::new();
        for line in data_lines(WGET) {
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["long", name, rest @ ..] => long.push((*name, rest.first() == Some(&"="))),
                ["short", letter, rest @ ..] => {
                    let Some(c) = letter.chars().next() else {
                        continue;
                    };
                    let arg = match rest.first() {
                        Some(&"::") => 2,
                        Some(&":") => 1,
                        _ => 0,
                    };
                    short.push((c, arg));
                }
                _ => {}
            }
        }
        WgetOptions { long, short }
    })
}

/// The long option `name` (without `--` and `=value`) resolves to, the
/// way `getopt_long` does: an exact name, or a prefix of exactly one.
fn resolve_long(name: &str) -> Option<(&'static str, bool)> {
    let opts = &wget_options().long;
    if let Some(o) = opts.iter().find(|(n, _)| *n == name) {
        return Some(*o);
    }
    if name.is_empty() {
        return None;
    }
    let mut matches = opts.iter().filter(|(n, _)| n.starts_with(name));
    match (matches.next(), matches.next()) {
        (Some(o), None) => Some(*o),
        _ => None,
    }
}

/// Whether busybox's `wget` (as on Alpine) accepts the command-line word
/// `option`: a long option (`--quiet`, `--output-document=f`, `--quie`),
/// a cluster of short ones (`-q`, `-qO-`, `-nv`, `-T5`), or `--`. A word
/// that is not an option (`https://…`, `-`) is accepted: there is nothing
/// to reject. `wget_accepts("--progress=dot:giga")` is false.
pub fn wget_accepts(option: &str) -> bool {
    if option == "--" || option == "-" || !option.starts_with('-') {
        return true;
    }
    if let Some(long) = option.strip_prefix("--") {
        let (name, value) = match long.split_once('=') {
            Some((n, _)) => (n, true),
            None => (long, false),
        };
        return match resolve_long(name) {
            Some((_, takes)) => takes || !value,
            None => false,
        };
    }
    let shorts = &wget_options().short;
    for c in option[1..].chars() {
        match shorts.iter().find(|(s, _)| *s == c) {
            // The rest of the word is this option's value.
            Some((_, 1 | 2)) => return true,
            Some(_) => {}
            None => return false,
        }
    }
    true
}

/// Whether the accepted option word `option` makes busybox `wget` read the
/// next word as its value (`-O` alone, `--header`); `None` when busybox
/// does not accept the option.
pub fn wget_takes_value(option: &str) -> Option<bool> {
    if !wget_accepts(option) {
        return None;
    }
    if !option.starts_with('-') || option == "-" || option == "--" {
        return Some(false);
    }
    if let Some(long) = option.strip_prefix("--") {
        if long.contains('=') {
            return Some(false);
        }
        return resolve_long(long).map(|(_, takes)| takes);
    }
    let shorts = &wget_options().short;
    let body = &option[1..];
    for (i, c) in body.char_indices() {
        match shorts.iter().find(|(s, _)| *s == c) {
            Some((_, 1)) => return Some(i + c.len_utf8() == body.len()),
            Some((_, 2)) => return Some(false),
            _ => {}
        }
    }
    Some(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_options() {
        for o in [
            "-q",
            "-O",
            "-O-",
            "-qO-",
            "-qO",
            "-O/tmp/x",
            "-c",
            "-S",
            "-T",
            "-T5",
            "-t3",
            "-nv",
            "-nc",
            "-P",
            "-U",
            "-Y",
            "--quiet",
            "--output-document",
            "--output-document=x",
            "--header=Accept: x",
            "--post-data=a",
            "--spider",
            "--no-check-certificate",
            "--timeout=5",
            "--tries=3",
            "--no-verbose",
            "--user-agent=x",
            "--quie",
            "--",
            "-",
            "https://example.com/x",
        ] {
            assert!(wget_accepts(o), "{o}");
        }
    }

    #[test]
    fn rejected_options() {
        for o in [
            "--progress=dot:giga",
            "--show-progress",
            "-N",
            "--timestamping",
            "-r",
            "--retry-connrefused",
            "--ca-certificate=x",
            "--content-disposition",
            "--max-redirect=1",
            "--limit-rate=1k",
            "-i",
            "--password=x",
            "--https-only",
            "-x",
            "--spider=yes",
            "--no",
            "---",
            "-é",
        ] {
            assert!(!wget_accepts(o), "{o}");
        }
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for s in [
            "",
            "-",
            "--",
            "---",
            "--=",
            "--=x",
            "-é",
            "é",
            "-O",
            "--header=",
            "-\u{0}",
        ] {
            let _ = wget_accepts(s);
            let _ = wget_takes_value(s);
        }
        assert!(!wget_accepts("--="));
    }

    #[test]
    fn values() {
        assert_eq!(wget_takes_value("-O"), Some(true));
        assert_eq!(wget_takes_value("-qO"), Some(true));
        assert_eq!(wget_takes_value("-qO-"), Some(false));
        assert_eq!(wget_takes_value("--header"), Some(true));
        assert_eq!(wget_takes_value("--header=x"), Some(false));
        assert_eq!(wget_takes_value("-q"), Some(false));
        assert_eq!(wget_takes_value("-nv"), Some(false));
        assert_eq!(wget_takes_value("--progress"), None);
        assert_eq!(wget_takes_value("url"), Some(false));
    }
}

//! Facts about the world outside the Dockerfile that fixes need to keep a
//! built image working: what `--no-install-recommends` leaves out, which
//! official image tags exist, what the official images ship, what
//! busybox's applets accept.
//!
//! Architecture Invariant: this is a bottom layer. It imports nothing from
//! the rest of the crate, does no I/O (the data is compiled in with
//! `include_str!` and parsed once, lazily, with [`std::sync::OnceLock`]),
//! and no function panics, whatever its input. Native builds hold the
//! tables a lint reads already built: the crate's `build.rs` runs
//! `apt_build.rs`, `images_build.rs` and `text.rs` over the same data and
//! writes them as constants (the wasm builds, whose download they would
//! grow, read the text; tests compare the two, entry by entry).
//!
//! # Data files (`data/`)
//!
//! Every file starts with `#` lines naming its sources (URLs, repository
//! commits) and the day it was made. All are written by
//! `scripts/knowledge/generate.py` (Python standard library only): run
//! `make knowledge` to download the sources again and regenerate them
//! (not part of `make test`). The shared list syntax (brace groups such as
//! `cpp-{10,12,14}` and ranges `3.9.{0..25}`) is described in `text.rs`.
//! `README.md` beside this file lists the same with sizes.
//!
//! | file | what | sources |
//! | --- | --- | --- |
//! | `apt-debian.txt`, `apt-ubuntu.txt` | package → notable packages `--no-install-recommends` drops ([`apt`]) | deb.debian.org `dists/{bullseye,bookworm,trixie}/main/binary-amd64/Packages.xz`, archive.ubuntu.com `dists/{focal,jammy,noble}/{main,universe}/binary-amd64/Packages.xz`, and their `Contents-amd64.gz` (Debian: and `Contents-all.gz`); the Dockerfile corpus for which packages to keep |
//! | `apt-executables.txt` | notable package → programs it ships ([`apt`]) | the same `Contents` files |
//! | `image-tags.txt` | every tag ever published for python, node, ruby, perl, rust, openjdk, golang, php, buildpack-deps, debian, ubuntu ([`images`]) | the full history of docker-library/official-images `library/<image>` |
//! | `image-packages.txt` | packages the Debian-based official images install and keep, and the programs they have ([`images`]) | the Dockerfiles of docker-library/{python,buildpack-deps,ruby,golang,openjdk,php}, nodejs/docker-node, Perl/docker-perl, rust-lang/docker-rust (every version in their history), and the apt data above |
//! | `busybox-wget.txt` | busybox wget's options ([`busybox`]) | busybox 1.36.1 `networking/wget.c` |
//!
//! Made 2026-12-05; the exact commits and Release dates are in the files.

pub mod apt;
// Also included by the build script (`build.rs`).
#[cfg_attr(all(apt_static, not(test)), allow(dead_code))]
mod apt_build;
pub mod busybox;
pub mod images;
// Also included by the build script (`build.rs`); the wasm builds use
// only its `tag_section`.
#[allow(dead_code)]
mod images_build;
pub mod official;
mod text;

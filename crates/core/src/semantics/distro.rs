//! Which distribution a stage runs on, from its base image: what its
//! `/bin/sh` is, which package manager and which `wget` it has. Fixes ask
//! before writing an option or a package name that only one of them
//! knows (`wget --progress` is GNU wget's, busybox's has no such option).
//!
//! Only what the reference shows is used: the official images by name
//! and tag (`python:3.12` is Debian, `python:3.12-alpine` Alpine), the
//! distributions by name, and repositories named after a distribution
//! (`gliderlabs/alpine`). Anything else is [`Distro::Unknown`], and fixes
//! that need to know do not guess.

use super::{Base, ImageRef, Semantics};

/// The distribution a stage is built on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Distro {
    /// Debian, or an official image built on it (the default variants of
    /// `python`, `node`, `ruby`, `golang`, `buildpack-deps` …).
    Debian,
    Ubuntu,
    /// Alpine Linux: busybox's `sh`, `wget`, `tar`; apk.
    Alpine,
    /// CentOS, Fedora, Rocky, Alma, Amazon Linux, Oracle Linux, UBI: yum
    /// or dnf; GNU tools.
    RedHat,
    /// openSUSE / SLES: zypper.
    Suse,
    /// The busybox image: busybox for everything, no package manager.
    Busybox,
    /// `FROM scratch`: no shell at all.
    Scratch,
    /// Windows images: no POSIX shell.
    Windows,
    Unknown,
}

impl Distro {
    /// apt's distributions.
    pub fn is_debian_like(self) -> bool {
        matches!(self, Distro::Debian | Distro::Ubuntu)
    }

    /// Its `wget` (when installed) is GNU wget: the Debian, Red Hat and
    /// SUSE families. On Alpine and busybox it is busybox's, unless GNU
    /// wget was installed.
    pub fn has_gnu_wget(self) -> bool {
        matches!(
            self,
            Distro::Debian | Distro::Ubuntu | Distro::RedHat | Distro::Suse
        )
    }
}

/// Official images whose default variants are built on Debian (their
/// `-alpine`, `-windowsservercore` … variants are not).
const DEBIAN_OFFICIAL: &[&str] = &[
    "adoptopenjdk",
    "buildpack-deps",
    "clojure",
    "composer",
    "drupal",
    "elixir",
    "erlang",
    "gcc",
    "ghost",
    "golang",
    "haskell",
    "httpd",
    "java",
    "jenkins",
    "joomla",
    "julia",
    "mariadb",
    "mongo",
    "mysql",
    "nextcloud",
    "nginx",
    "node",
    "openjdk",
    "owncloud",
    "perl",
    "php",
    "postgres",
    "pypy",
    "python",
    "r-base",
    "rabbitmq",
    "rails",
    "redis",
    "redmine",
    "ruby",
    "rust",
    "tomcat",
    "wordpress",
];

/// Official images built on Ubuntu.
const UBUNTU_OFFICIAL: &[&str] = &["eclipse-temurin", "gradle", "maven", "sapmachine", "swift"];

const RED_HAT: &[&str] = &[
    "centos",
    "fedora",
    "rockylinux",
    "almalinux",
    "amazonlinux",
    "oraclelinux",
    "ubi7",
    "ubi8",
    "ubi9",
    "ubi-minimal",
    "ubi",
];

/// The distribution of an external image reference.
pub fn distro_of(image: &ImageRef) -> Distro {
    let name = image.name.to_ascii_lowercase();
    let tag = image.tag.as_deref().unwrap_or("").to_ascii_lowercase();
    if name.contains('$') || tag.contains('$') {
        return Distro::Unknown;
    }
    let registry = image.registry.as_deref().unwrap_or("").to_ascii_lowercase();
    if name.contains("windows") || name.contains("nanoserver") || tag.contains("windowsservercore")
    {
        return Distro::Windows;
    }
    let hub = matches!(
        registry.as_str(),
        "" | "docker.io" | "index.docker.io" | "registry-1.docker.io"
    );
    let official = name
        .strip_prefix("library/")
        .filter(|_| hub)
        .or_else(|| (hub && !name.contains('/')).then_some(name.as_str()));
    let last = name.rsplit('/').next().unwrap_or(&name);
    if let Some(n) = official {
        match n {
            "scratch" => return Distro::Scratch,
            "debian" => return Distro::Debian,
            "ubuntu" => return Distro::Ubuntu,
            "alpine" => return Distro::Alpine,
            "busybox" => return Distro::Busybox,
            "opensuse" => return Distro::Suse,
            _ => {}
        }
        if RED_HAT.contains(&n) {
            return Distro::RedHat;
        }
        if tag.contains("alpine") {
            return Distro::Alpine;
        }
        if tag.contains("nanoserver") {
            return Distro::Windows;
        }
        if DEBIAN_OFFICIAL.contains(&n) {
            // `-bionic`/`-focal`/`-jammy` variants (older openjdk, …).
            if ["trusty", "xenial", "bionic", "focal", "jammy", "noble"]
                .iter()
                .any(|u| tag.contains(u))
            {
                return Distro::Ubuntu;
            }
            return Distro::Debian;
        }
        if UBUNTU_OFFICIAL.contains(&n) {
            return Distro::Ubuntu;
        }
        return Distro::Unknown;
    }
    // Other repositories: only a name that is a distribution's says which.
    if last == "alpine" || last.starts_with("alpine-") || tag.starts_with("alpine") {
        return Distro::Alpine;
    }
    if registry.contains("redhat") && (last.starts_with("ubi") || last.starts_with("rhel")) {
        return Distro::RedHat;
    }
    Distro::Unknown
}

impl Semantics {
    /// The stage at the root of `stage`'s `FROM <stage>` chain: the one
    /// built on an image, on scratch, or on something unknown.
    fn root_stage(&self, stage: usize) -> Option<&crate::semantics::Stage> {
        let mut current = self.stages.get(stage)?;
        loop {
            match &current.base {
                Base::Stage(parent) if *parent < current.index => {
                    current = self.stages.get(*parent)?;
                }
                _ => return Some(current),
            }
        }
    }

    /// The distribution stage `stage` runs on: its root image's, following
    /// `FROM <stage>`.
    pub fn distro(&self, stage: usize) -> Distro {
        match self.root_stage(stage).map(|s| &s.base) {
            Some(Base::Image(r)) => distro_of(r),
            Some(Base::Scratch) => Distro::Scratch,
            _ => Distro::Unknown,
        }
    }

    /// The external image stage `stage` is built on, following
    /// `FROM <stage>`.
    pub fn root_image(&self, stage: usize) -> Option<&ImageRef> {
        match &self.root_stage(stage)?.base {
            Base::Image(r) => Some(r),
            _ => None,
        }
    }

    /// Whether a `wget` at instruction `i` is GNU wget 1.x when installed
    /// ([`Distro::has_gnu_wget`]), which takes `--progress=dot:giga`.
    /// Fedora 40 and later ship wget2 as `wget`, which rejects it: a Fedora
    /// base counts only with a release number below 40.
    pub fn gnu_wget_at(&self, i: usize) -> bool {
        if !self.distro_at(i).has_gnu_wget() {
            return false;
        }
        let Some(image) = self.stage_of(i).and_then(|s| self.root_image(s.index)) else {
            return true;
        };
        let name = image.name.to_ascii_lowercase();
        if name.rsplit('/').next() != Some("fedora") {
            return true;
        }
        image
            .tag
            .as_deref()
            .and_then(|t| t.parse::<u32>().ok())
            .is_some_and(|v| v < 40)
    }

    /// The distribution instruction `i` runs on.
    pub fn distro_at(&self, i: usize) -> Distro {
        self.stage_of(i)
            .map_or(Distro::Unknown, |s| self.distro(s.index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(text: &str) -> Distro {
        distro_of(&ImageRef::parse(text).unwrap())
    }

    #[test]
    fn fedora_40_and_later_have_wget2() {
        for (text, gnu) in [
            ("FROM fedora:39\nRUN wget x\n", true),
            ("FROM fedora:40\nRUN wget x\n", false),
            ("FROM fedora:latest\nRUN wget x\n", false),
            ("FROM fedora\nRUN wget x\n", false),
            ("FROM fedora:39 AS a\nFROM a\nRUN wget x\n", true),
            ("FROM centos:7\nRUN wget x\n", true),
            ("FROM debian:12\nRUN wget x\n", true),
            ("FROM alpine:3\nRUN wget x\n", false),
        ] {
            let file = crate::syntax::parse(text);
            let sem = Semantics::new(&file, &crate::config::Config::default());
            let run = file.instructions.len() - 1;
            assert_eq!(sem.gnu_wget_at(run), gnu, "{text}");
        }
    }

    #[test]
    fn references() {
        assert_eq!(of("debian:12"), Distro::Debian);
        assert_eq!(of("docker.io/library/ubuntu:22.04"), Distro::Ubuntu);
        assert_eq!(of("python:3.12-slim"), Distro::Debian);
        assert_eq!(of("python:3.12-alpine3.20"), Distro::Alpine);
        assert_eq!(of("node:lts-alpine"), Distro::Alpine);
        assert_eq!(of("haproxy:2.9-alpine"), Distro::Alpine);
        assert_eq!(of("alpine"), Distro::Alpine);
        assert_eq!(of("gliderlabs/alpine:3.4"), Distro::Alpine);
        assert_eq!(of("centos:7"), Distro::RedHat);
        assert_eq!(of("maven:3-eclipse-temurin-17"), Distro::Ubuntu);
        assert_eq!(of("openjdk:8-jdk"), Distro::Debian);
        assert_eq!(
            of("mcr.microsoft.com/windows/servercore:ltsc2022"),
            Distro::Windows
        );
        assert_eq!(of("myorg/app:1"), Distro::Unknown);
        assert_eq!(of("ghcr.io/x/python:3"), Distro::Unknown);
        assert_eq!(of("${BASE}"), Distro::Unknown);
    }

    #[test]
    fn stages_follow_their_base() {
        let text = "FROM alpine:3.20 AS a\nRUN x\nFROM a\nRUN y\nFROM debian:12\nRUN z\n";
        let file = crate::syntax::parse(text);
        let sem = Semantics::new(&file, &crate::config::Config::default());
        assert_eq!(sem.distro_at(3), Distro::Alpine);
        assert_eq!(sem.distro_at(5), Distro::Debian);
    }
}

//! Image references: `[registry/]path[:tag][@digest]`, read the way the
//! Docker reference grammar reads them (without rejecting what it would
//! reject: a linter must still describe a bad reference).

/// A parsed image reference.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImageRef {
    /// The registry host (`ghcr.io`, `localhost:5000`), when the first
    /// path component looks like one (contains `.` or `:`, or is
    /// `localhost`). `None` means Docker Hub.
    pub registry: Option<String>,
    /// The repository path without the registry (`library/ubuntu` is
    /// written `ubuntu`; kept as written).
    pub name: String,
    pub tag: Option<String>,
    /// `sha256:…` after `@`.
    pub digest: Option<String>,
}

impl ImageRef {
    /// Parse a reference. Returns `None` for empty text.
    pub fn parse(text: &str) -> Option<ImageRef> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let (rest, digest) = match text.split_once('@') {
            Some((r, d)) => (r, Some(d.to_string())),
            None => (text, None),
        };
        // The tag is after the last `:` that follows the last `/`.
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (path, tag) = match rest[last_slash..].rfind(':') {
            Some(i) => (
                &rest[..last_slash + i],
                Some(rest[last_slash + i + 1..].to_string()),
            ),
            None => (rest, None),
        };
        let (registry, name) = match path.split_once('/') {
            Some((first, remainder))
                if first.contains('.') || first.contains(':') || first == "localhost" =>
            {
                (Some(first.to_string()), remainder.to_string())
            }
            _ => (None, path.to_string()),
        };
        Some(ImageRef {
            registry,
            name,
            tag,
            digest,
        })
    }

    /// The registry, with Docker Hub's name when none is written.
    pub fn registry_or_default(&self) -> &str {
        self.registry.as_deref().unwrap_or("docker.io")
    }

    /// `scratch`: the empty image.
    pub fn is_scratch(&self) -> bool {
        self.registry.is_none() && self.name.eq_ignore_ascii_case("scratch")
    }

    /// The last path component (`python` for `docker.io/library/python`).
    pub fn short_name(&self) -> &str {
        self.name.rsplit('/').next().unwrap_or(&self.name)
    }
}

/// Docker Official Images known to set neither `WORKDIR` nor `USER` (the
/// operating systems, and language images built on them without either,
/// as their Dockerfiles in the docker-library repositories show): a stage
/// built on their Linux variants starts in `/`, as root.
const PLAIN_IMAGES: &[&str] = &[
    "alpine",
    "almalinux",
    "amazonlinux",
    "archlinux",
    "buildpack-deps",
    "busybox",
    "centos",
    "debian",
    "fedora",
    "node",
    "openjdk",
    "oraclelinux",
    "photon",
    "python",
    "rockylinux",
    "ruby",
    "rust",
    "ubuntu",
];

/// Official images that run as root and set a `WORKDIR` (their
/// docker-library Dockerfiles: golang `WORKDIR $GOPATH`, php `WORKDIR
/// /var/www/html`), with it.
const WORKDIR_IMAGES: &[(&str, &str)] = &[("golang", "/go"), ("php", "/var/www/html")];

/// The official image's name, for a Linux variant on Docker Hub.
fn official_linux(image: &crate::semantics::image::ImageRef) -> Option<&str> {
    let hub = matches!(image.registry.as_deref(), None | Some("docker.io"));
    let tag = image.tag.as_deref().unwrap_or("");
    let windows = tag.contains("windows") || tag.contains("nanoserver");
    let name = image.name.strip_prefix("library/").unwrap_or(&image.name);
    (hub && !windows).then_some(name)
}

/// `image` is `scratch` or one of [`PLAIN_IMAGES`] on Docker Hub.
pub fn plain_image(image: &crate::semantics::image::ImageRef) -> bool {
    image.is_scratch() || official_linux(image).is_some_and(|n| PLAIN_IMAGES.contains(&n))
}

/// The working directory a stage built on `image` starts in, when its
/// Dockerfile says: `/` for [`plain_image`]s, `/go` for `golang` ….
pub fn base_workdir(image: &crate::semantics::image::ImageRef) -> Option<&'static str> {
    if plain_image(image) {
        return Some("/");
    }
    let name = official_linux(image)?;
    WORKDIR_IMAGES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, d)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> ImageRef {
        ImageRef::parse(s).unwrap()
    }

    #[test]
    fn plain() {
        let r = p("ubuntu");
        assert_eq!(r.registry, None);
        assert_eq!(r.name, "ubuntu");
        assert_eq!(r.tag, None);
        assert_eq!(r.digest, None);
        assert_eq!(r.registry_or_default(), "docker.io");
    }

    #[test]
    fn tag_and_digest() {
        let r = p("python:3.12-slim@sha256:abc");
        assert_eq!(r.name, "python");
        assert_eq!(r.tag.as_deref(), Some("3.12-slim"));
        assert_eq!(r.digest.as_deref(), Some("sha256:abc"));
        let r = p("python@sha256:abc");
        assert_eq!(r.tag, None);
        assert_eq!(r.digest.as_deref(), Some("sha256:abc"));
    }

    #[test]
    fn registries() {
        let r = p("localhost:5000/team/app:1.0");
        assert_eq!(r.registry.as_deref(), Some("localhost:5000"));
        assert_eq!(r.name, "team/app");
        assert_eq!(r.tag.as_deref(), Some("1.0"));
        assert_eq!(r.short_name(), "app");
        let r = p("ghcr.io/org/img");
        assert_eq!(r.registry.as_deref(), Some("ghcr.io"));
        assert_eq!(r.tag, None);
        let r = p("localhost/img");
        assert_eq!(r.registry.as_deref(), Some("localhost"));
        let r = p("library/ubuntu:22.04");
        assert_eq!(r.registry, None);
        assert_eq!(r.name, "library/ubuntu");
    }

    #[test]
    fn scratch_and_empty() {
        assert!(p("scratch").is_scratch());
        assert!(!p("ghcr.io/scratch").is_scratch());
        assert_eq!(ImageRef::parse("  "), None);
    }
}

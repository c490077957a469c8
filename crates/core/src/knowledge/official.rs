//! Bundled data about Docker Official Images: the names (for DD012's "did
//! you mean"), and the language images that have a `-slim` variant, with
//! rough size estimates (for DD001 and the build model's estimates).
//!
//! Nothing here is fetched at run time. The sizes are *estimates* of the
//! uncompressed amd64 image, rounded; each row says where its figures come
//! from. They change with every release: they are only there to give an
//! order of magnitude in a message.

/// Docker Official Images (the `library/` namespace on Docker Hub), by
/// name. Includes deprecated ones that old Dockerfiles still use
/// (`openjdk`, `centos`, `java`, `adoptopenjdk`, `jenkins`, `django`,
/// `rails`, `opensuse` …): they still resolve on Docker Hub. Sorted.
pub const OFFICIAL_IMAGES: &[&str] = &[
    "adminer",
    "adoptopenjdk",
    "aerospike",
    "almalinux",
    "alpine",
    "alt",
    "amazoncorretto",
    "amazonlinux",
    "api-firewall",
    "arangodb",
    "archlinux",
    "backdrop",
    "bash",
    "bonita",
    "buildpack-deps",
    "busybox",
    "caddy",
    "cassandra",
    "celery",
    "centos",
    "chronograf",
    "cirros",
    "clearlinux",
    "clefos",
    "clickhouse",
    "clojure",
    "composer",
    "consul",
    "convertigo",
    "couchbase",
    "couchdb",
    "crate",
    "dart",
    "debian",
    "django",
    "docker",
    "drupal",
    "eclipse-mosquitto",
    "eclipse-temurin",
    "eggdrop",
    "elasticsearch",
    "elixir",
    "emqx",
    "erlang",
    "fedora",
    "flink",
    "fluentd",
    "friendica",
    "gazebo",
    "gcc",
    "geonetwork",
    "ghost",
    "glassfish",
    "golang",
    "gradle",
    "groovy",
    "haproxy",
    "haskell",
    "haxe",
    "hello-world",
    "hitch",
    "httpd",
    "hylang",
    "ibm-semeru-runtimes",
    "ibmjava",
    "influxdb",
    "iojs",
    "irssi",
    "java",
    "jenkins",
    "jetty",
    "joomla",
    "jruby",
    "julia",
    "kapacitor",
    "kibana",
    "kong",
    "krakend",
    "liquibase",
    "logstash",
    "mageia",
    "mariadb",
    "matomo",
    "maven",
    "mediawiki",
    "memcached",
    "mongo",
    "mongo-express",
    "monica",
    "mono",
    "mysql",
    "nats",
    "neo4j",
    "neurodebian",
    "nextcloud",
    "nginx",
    "node",
    "notary",
    "nuxeo",
    "odoo",
    "open-liberty",
    "openjdk",
    "opensuse",
    "oraclelinux",
    "orientdb",
    "owncloud",
    "percona",
    "perl",
    "photon",
    "php",
    "php-zendserver",
    "phpmyadmin",
    "piwik",
    "plone",
    "postfixadmin",
    "postgres",
    "pypy",
    "python",
    "r-base",
    "rabbitmq",
    "rails",
    "rakudo-star",
    "redis",
    "redmine",
    "registry",
    "rethinkdb",
    "rocket.chat",
    "rockylinux",
    "ros",
    "ruby",
    "rust",
    "sapmachine",
    "satosa",
    "scratch",
    "sentry",
    "silverpeas",
    "sl",
    "solr",
    "sonarqube",
    "spark",
    "spiped",
    "storm",
    "swarm",
    "swift",
    "swipl",
    "teamspeak",
    "telegraf",
    "thrift",
    "tomcat",
    "tomee",
    "traefik",
    "ubuntu",
    "unit",
    "varnish",
    "vault",
    "websphere-liberty",
    "wordpress",
    "xwiki",
    "yourls",
    "znc",
    "zookeeper",
];

/// Whether `name` is a Docker Official Image.
pub fn is_official(name: &str) -> bool {
    OFFICIAL_IMAGES.binary_search(&name).is_ok()
}

/// How an image names its slim variant relative to a Debian release
/// suffix (`-bookworm`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlimStyle {
    /// `3.12-slim`, `3.12-slim-bookworm` (python, ruby, perl, rust,
    /// openjdk).
    Before,
    /// `20-slim`, `20-bookworm-slim` (node).
    After,
}

/// Rough uncompressed sizes, in MB, of one version of an image and its
/// variants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sizes {
    pub full: u32,
    pub slim: u32,
    pub alpine: u32,
    /// Where the figures come from, and for which tags.
    pub source: &'static str,
}

/// An official image with a smaller variant, and rough sizes.
#[derive(Clone, Copy, Debug)]
pub struct SlimImage {
    pub name: &'static str,
    pub style: SlimStyle,
    /// An `-alpine` variant exists too.
    pub alpine: bool,
    /// Size estimates, when we have a source for them.
    pub sizes: Option<Sizes>,
    /// Tags (besides version numbers) that have a slim variant: `lts`.
    pub named_tags: &'static [&'static str],
    /// Words that may follow the version and keep a slim variant
    /// (`8-jdk` → `8-jdk-slim`).
    pub flavors: &'static [&'static str],
}

/// Official language images with a `-slim` variant.
///
/// Sizes are what `docker images` shows for linux/amd64 (uncompressed).
/// Python's are the figures of the article the project comes from (its
/// own measurement agrees: docker-library/repo-info records python:3.11.16
/// at ~1.01 GB, -slim-bookworm ~130 MB, -alpine3.23 ~55 MB); node's and
/// ruby's are the "Virtual Size" docker-library/repo-info records.
pub const SLIM_IMAGES: &[SlimImage] = &[
    SlimImage {
        name: "python",
        style: SlimStyle::Before,
        alpine: true,
        sizes: Some(Sizes {
            full: 1200,
            slim: 145,
            alpine: 55,
            source: "python:3.11, -slim and -alpine in the article \"Optimise Docker images for production\"",
        }),
        named_tags: &[],
        flavors: &[],
    },
    SlimImage {
        name: "node",
        style: SlimStyle::After,
        alpine: true,
        sizes: Some(Sizes {
            full: 1130,
            slim: 227,
            alpine: 168,
            source: "node:22, node:22-bookworm-slim and node:22-alpine3.23 in docker-library/repo-info",
        }),
        named_tags: &["lts", "current"],
        flavors: &[],
    },
    SlimImage {
        name: "ruby",
        style: SlimStyle::Before,
        alpine: true,
        sizes: Some(Sizes {
            full: 996,
            slim: 150,
            alpine: 70,
            source: "ruby:3.3-bookworm, -slim-bookworm and -alpine3.23 in docker-library/repo-info",
        }),
        named_tags: &[],
        flavors: &[],
    },
    SlimImage {
        name: "perl",
        style: SlimStyle::Before,
        alpine: false,
        sizes: None,
        named_tags: &[],
        flavors: &[],
    },
    SlimImage {
        name: "rust",
        style: SlimStyle::Before,
        alpine: true,
        sizes: None,
        named_tags: &[],
        flavors: &[],
    },
    SlimImage {
        // Deprecated, still common; its tags are `17-slim`,
        // `17-jdk-slim-bookworm`, `8-jre-slim` (docker-library/docs).
        name: "openjdk",
        style: SlimStyle::Before,
        alpine: false,
        sizes: None,
        named_tags: &[],
        flavors: &["jdk", "jre"],
    },
];

/// Debian release names that appear as tag suffixes.
pub const DEBIAN_RELEASES: &[&str] = &[
    "jessie", "stretch", "buster", "bullseye", "bookworm", "trixie",
];

pub fn slim_image(name: &str) -> Option<&'static SlimImage> {
    SLIM_IMAGES.iter().find(|s| s.name == name)
}

/// The tag of the slim variant of `image:tag` (`None` for no tag, i.e.
/// `latest`), when the table's naming rules say one exists: a version
/// number (`3`, `3.11`, `3.13.1`) or one of the image's named tags,
/// optionally followed by one of its flavors (`-jdk`) and a Debian release
/// (`-bookworm`); or `latest`. Tags that already name a variant (`-slim`,
/// `-alpine`, `-windowsservercore`, `-rc`…) have none.
pub fn slim_tag(image: &SlimImage, tag: Option<&str>) -> Option<String> {
    let tag = match tag {
        None | Some("latest") => return Some("slim".to_string()),
        Some(t) => t,
    };
    let mut parts: Vec<&str> = tag.split('-').collect();
    let release = match parts.as_slice() {
        [_, .., last] if DEBIAN_RELEASES.contains(last) => parts.pop(),
        _ => None,
    };
    let flavor = match parts.as_slice() {
        [_, .., last] if image.flavors.contains(last) => parts.pop(),
        _ => None,
    };
    let [base] = parts.as_slice() else {
        return None;
    };
    let version = !base.is_empty()
        && base
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !version && !image.named_tags.contains(base) {
        return None;
    }
    let head = match flavor {
        Some(f) => format!("{base}-{f}"),
        None => base.to_string(),
    };
    Some(match (release, image.style) {
        (None, _) => format!("{head}-slim"),
        (Some(r), SlimStyle::Before) => format!("{head}-slim-{r}"),
        (Some(r), SlimStyle::After) => format!("{head}-{r}-slim"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_sorted_for_binary_search() {
        assert!(OFFICIAL_IMAGES.windows(2).all(|w| w[0] < w[1]));
        assert!(is_official("golang"));
        assert!(!is_official("golfing"));
    }

    #[test]
    fn slim_tags() {
        let py = slim_image("python").unwrap();
        let node = slim_image("node").unwrap();
        assert_eq!(slim_tag(py, Some("3.13.1")).as_deref(), Some("3.13.1-slim"));
        assert_eq!(slim_tag(py, None).as_deref(), Some("slim"));
        assert_eq!(slim_tag(py, Some("latest")).as_deref(), Some("slim"));
        assert_eq!(
            slim_tag(py, Some("3.11-bookworm")).as_deref(),
            Some("3.11-slim-bookworm")
        );
        assert_eq!(
            slim_tag(node, Some("20-bookworm")).as_deref(),
            Some("20-bookworm-slim")
        );
        assert_eq!(slim_tag(node, Some("lts")).as_deref(), Some("lts-slim"));
        let jdk = slim_image("openjdk").unwrap();
        assert_eq!(slim_tag(jdk, Some("8-jdk")).as_deref(), Some("8-jdk-slim"));
        assert_eq!(
            slim_tag(jdk, Some("11-jre-buster")).as_deref(),
            Some("11-jre-slim-buster")
        );
        assert_eq!(slim_tag(jdk, Some("17")).as_deref(), Some("17-slim"));
        assert_eq!(slim_tag(jdk, Some("8-jdk-alpine")), None);
        assert_eq!(slim_tag(py, Some("3.11-jdk")), None);
        assert_eq!(slim_tag(py, Some("bookworm")), None);
        for tag in [
            "3.11-slim",
            "3.11-alpine",
            "3.14-rc",
            "windowsservercore",
            "3.x",
            "",
        ] {
            assert_eq!(slim_tag(py, Some(tag)), None, "{tag}");
        }
        assert_eq!(slim_tag(py, Some("lts")), None);
    }
}

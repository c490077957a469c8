//! The seed examples, embedded at compile time (copied from the shared
//! acceptance suite into `crates/app/seeds/`).

pub struct Example {
    pub name: &'static str,
    pub text: &'static str,
}

macro_rules! examples {
    ($($file:literal => $name:literal),* $(,)?) => {
        &[$(Example { name: $name, text: include_str!(concat!("../seeds/", $file)) }),*]
    };
}

pub static EXAMPLES: &[Example] = examples![
    "01-python-naive.Dockerfile" => "Python, naive",
    "02-python-build-deps-split.Dockerfile" => "Python, build deps in split layers",
    "03-python-naive-311.Dockerfile" => "Python 3.11, naive",
    "04-hardcoded-secrets.Dockerfile" => "Hard-coded secrets",
    "05-alpine-apk-layers.Dockerfile" => "Alpine, apk in layers",
    "06-go-multistage-typo.Dockerfile" => "Go multi-stage with a typo",
    "07-ubuntu-copy-everything.Dockerfile" => "Ubuntu, copy everything",
    "08-python-uvicorn.Dockerfile" => "Python with uvicorn",
    "09-django-wheels-multistage.Dockerfile" => "Django wheels, multi-stage",
    "10-python-production-good.Dockerfile" => "Python, production-ready",
    "11-apt-naive.Dockerfile" => "apt-get, naive",
];

/// What a first visitor sees.
pub const DEFAULT: usize = 0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seed_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
        let files = std::fs::read_dir(dir).unwrap().count();
        assert_eq!(files, EXAMPLES.len());
        assert!(EXAMPLES
            .iter()
            .all(|e| e.text.starts_with("FROM") || e.text.starts_with('#')));
        assert!(EXAMPLES[DEFAULT].text.starts_with("FROM python:3.13.1\n"));
    }
}

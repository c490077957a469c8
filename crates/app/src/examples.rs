//! The seed examples, embedded at compile time (copied from the shared
//! acceptance suite into `examples/seeds/`, which every crate reads).

pub struct Example {
    pub name: &'static str,
    /// What the first screen says about it: "Example: {about}."
    pub about: &'static str,
    pub text: &'static str,
}

macro_rules! examples {
    ($($file:literal => $name:literal, $about:literal),* $(,)?) => {
        &[$(Example { name: $name, about: $about, text: include_str!(concat!("../../../examples/seeds/", $file)) }),*]
    };
}

pub static EXAMPLES: &[Example] = examples![
    "01-python-naive.Dockerfile" => "Python, naive", "a naive Python image",
    "02-python-build-deps-split.Dockerfile" => "Python, build deps in split layers", "a Python image whose build tools are removed a layer too late",
    "03-python-naive-311.Dockerfile" => "Python 3.11, naive", "a naive Python 3.11 image",
    "04-hardcoded-secrets.Dockerfile" => "Hard-coded secrets", "secrets written into the image",
    "05-alpine-apk-layers.Dockerfile" => "Alpine, apk in layers", "Alpine packages installed layer by layer",
    "06-go-multistage-typo.Dockerfile" => "Go multi-stage with a typo", "a Go multi-stage build with a typo in its base image",
    "07-ubuntu-copy-everything.Dockerfile" => "Ubuntu, copy everything", "Ubuntu with the whole folder copied in",
    "08-python-uvicorn.Dockerfile" => "Python with uvicorn", "a Python web API",
    "09-django-wheels-multistage.Dockerfile" => "Django wheels, multi-stage", "a multi-stage Django build",
    "10-python-production-good.Dockerfile" => "Python, production-ready", "a production-ready Python image",
    "11-apt-naive.Dockerfile" => "apt-get, naive", "apt-get used the naive way",
];

/// What a first visitor sees.
pub const DEFAULT: usize = 0;

/// The example `text` is, unchanged.
pub fn index_of(text: &str) -> Option<usize> {
    EXAMPLES.iter().position(|e| e.text == text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seed_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/seeds");
        let files = std::fs::read_dir(dir).unwrap().count();
        assert_eq!(files, EXAMPLES.len());
        assert!(EXAMPLES
            .iter()
            .all(|e| e.text.starts_with("FROM") || e.text.starts_with('#')));
        assert!(EXAMPLES[DEFAULT].text.starts_with("FROM python:3.13.1\n"));
        assert_eq!(index_of(EXAMPLES[3].text), Some(3));
        assert_eq!(index_of("FROM x\n"), None);
    }
}

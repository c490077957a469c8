//! Drydock's own rules (code prefix `DD`), from the image-size and
//! build-cache techniques of the articles the project comes from
//! (`../shared/seeds/`), which hadolint does not check (DD001–DD015), and
//! the security and hygiene checks of Trivy, Checkov and Semgrep
//! (DD016–DD024; `docs/rules-coverage.md`).

pub mod context;
rules! {
    dd001 => Size,
    dd002 => Rebuild,
    dd003 => Size,
    dd004 => Size,
    dd005 => Size,
    dd006 => Rebuild,
    dd007 => Security,
    dd008 => Runtime,
    dd009 => Security,
    dd010 => Size,
    dd011 => Size,
    dd012 => Security,
    dd013 => Runtime,
    dd014 => Breaks,
    dd015 => Size,
    dd016 => Security,
    dd017 => Security,
    dd018 => Security,
    dd019 => Runtime,
    dd020 => Security,
    dd021 => Security,
    dd022 => Security,
    dd023 => Security,
    dd024 => Security,
}
pub mod deps;
pub mod images;
pub mod lineage;
pub mod text;

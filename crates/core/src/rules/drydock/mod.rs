//! Drydock's own rules (code prefix `DD`), from the image-size and
//! build-cache techniques of the articles the project comes from
//! (`../shared/seeds/`), which hadolint does not check (DD001–DD015), and
//! the security and hygiene checks of Trivy, Checkov and Semgrep
//! (DD016–DD024; `docs/rules-coverage.md`).

pub mod context;
pub mod dd001;
pub mod dd002;
pub mod dd003;
pub mod dd004;
pub mod dd005;
pub mod dd006;
pub mod dd007;
pub mod dd008;
pub mod dd009;
pub mod dd010;
pub mod dd011;
pub mod dd012;
pub mod dd013;
pub mod dd014;
pub mod dd015;
pub mod dd016;
pub mod dd017;
pub mod dd018;
pub mod dd019;
pub mod dd020;
pub mod dd021;
pub mod dd022;
pub mod dd023;
pub mod dd024;
pub mod deps;
pub mod images;
pub mod lineage;
pub mod text;

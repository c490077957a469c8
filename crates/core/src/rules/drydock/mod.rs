//! Drydock's own rules (code prefix `DD`), from the image-size and
//! build-cache techniques of the articles the project comes from
//! (`../shared/seeds/`), which hadolint does not check.

pub mod dd001;
pub mod dd007;
pub mod dd008;
pub mod dd009;
pub mod dd010;
pub mod dd011;
pub mod dd012;
pub mod dd013;
pub mod images;
pub mod lineage;
pub mod text;

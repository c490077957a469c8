//! Drydock's own rules (code prefix `DD`), from the image-size and
//! build-cache techniques of the articles the project comes from
//! (`../shared/seeds/`), which hadolint does not check.

pub mod context;
pub mod dd002;
pub mod dd003;
pub mod dd004;
pub mod dd005;
pub mod dd006;
pub mod dd014;
pub mod dd015;
pub mod deps;
pub mod images;

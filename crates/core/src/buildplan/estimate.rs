//! Weight estimates, only where a bundled figure with a source exists:
//! base images from [`crate::knowledge::official`], pip's cache from
//! the articles. Everything here is an estimate and says so.

use serde::Serialize;

use super::{BaseImage, CacheState, StagePlan, Step};
use crate::knowledge::official::{slim_image, slim_tag, SlimImage};
use crate::semantics::ImageRef;

/// A rough weight, labelled with its source.
#[derive(Clone, Debug, Serialize)]
pub struct Estimate {
    pub kind: EstimateKind,
    pub stage: Option<usize>,
    /// The step it is about (a `FROM`, a `RUN`).
    pub step: usize,
    pub line: usize,
    /// `python:3.13.1 (full image)`, `pip's download cache (~/.cache/pip)`.
    pub subject: String,
    /// Rough uncompressed size, when a source gives one.
    pub megabytes: Option<u32>,
    /// It ends up in the final image.
    pub ships: bool,
    /// One or two sentences for people.
    pub detail: String,
    /// Where the figure comes from.
    pub source: String,
    /// Always true: these are estimates, never measurements.
    pub estimate: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EstimateKind {
    BaseImage,
    Cache,
}

/// pip's cache left in a layer, from the articles.
const PIP_CACHE_MB: u32 = 50;
const PIP_CACHE_SOURCE: &str =
    "the article \"Optimise Docker images for production\" (\"pip cache in final image: adds ~50 MB\")";

/// The estimates in source order (each stage's base, then the caches of
/// its steps).
pub(crate) fn estimates(stages: &[StagePlan], steps: &[Step]) -> Vec<Estimate> {
    let mut out: Vec<Estimate> = Vec::new();
    for step in steps {
        if let Some(stage) = stages.iter().find(|s| s.first_step == step.index) {
            out.extend(base_estimate(stage));
        }
        let ships = step
            .stage
            .and_then(|s| stages.get(s))
            .is_some_and(|s| s.ships && s.needed);
        for cache in step
            .caches
            .iter()
            .filter(|c| c.state == CacheState::LeftInLayer)
        {
            let pip = cache.manager.as_deref() == Some("pip");
            let code = cache.code.as_deref().unwrap_or("a rule");
            let shipping = if ships {
                "It ships with the final image."
            } else {
                "This stage does not ship, so the final image does not carry it."
            };
            out.push(Estimate {
                kind: EstimateKind::Cache,
                stage: step.stage,
                step: step.index,
                line: step.line,
                subject: cache.what.clone(),
                megabytes: pip.then_some(PIP_CACHE_MB),
                ships,
                detail: if pip {
                    format!("Left in the layer, about {PIP_CACHE_MB} MB. {shipping}")
                } else {
                    format!("Left in the layer (size not estimated). {shipping}")
                },
                source: if pip {
                    PIP_CACHE_SOURCE.to_string()
                } else {
                    format!("{code} reports it; no bundled size figure")
                },
                estimate: true,
            });
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Variant {
    Full,
    Slim,
    Alpine,
}

fn base_estimate(stage: &StagePlan) -> Option<Estimate> {
    let BaseImage::Image { reference } = &stage.base else {
        return None;
    };
    let r = ImageRef::parse(reference)?;
    let hub = matches!(
        r.registry.as_deref(),
        None | Some("docker.io" | "index.docker.io")
    );
    let name = r.name.strip_prefix("library/").unwrap_or(&r.name);
    if !hub || name.contains('/') {
        return None;
    }
    let image = slim_image(name)?;
    let sizes = image.sizes?;
    let (full, slim, alpine) = (sizes.full, sizes.slim, sizes.alpine);
    if r.tag.is_none() && r.digest.is_some() {
        return None;
    }
    let tag = r.tag.as_deref().map(str::to_ascii_lowercase);
    let variant = match tag.as_deref() {
        Some(t) if t.contains("alpine") => Variant::Alpine,
        Some(t) if t.contains("slim") => Variant::Slim,
        t if slim_tag(image, t).is_some() => Variant::Full,
        _ => return None,
    };
    let (megabytes, kind) = match variant {
        Variant::Full => (full, "full image"),
        Variant::Slim => (slim, "slim variant"),
        Variant::Alpine => (alpine, "alpine variant"),
    };
    let mut detail = format!("About {}.", size(megabytes));
    if variant == Variant::Full {
        detail.push_str(&alternatives(image, r.tag.as_deref(), slim, alpine));
    }
    if !stage.ships {
        detail.push_str(" A build stage: its base does not ship in the final image.");
    }
    Some(Estimate {
        kind: EstimateKind::BaseImage,
        stage: Some(stage.index),
        step: stage.first_step,
        line: stage.line,
        subject: format!("{reference} ({kind})"),
        megabytes: Some(megabytes),
        ships: stage.ships,
        detail,
        source: sizes.source.to_string(),
        estimate: true,
    })
}

/// " `python:3.13.1-slim` is about 145 MB; the -alpine variant about 55 MB
/// (musl libc: …)."
fn alternatives(image: &SlimImage, tag: Option<&str>, slim: u32, alpine: u32) -> String {
    let Some(slim_tag) = slim_tag(image, tag) else {
        return String::new();
    };
    let mut out = format!(" `{}:{slim_tag}` is about {}", image.name, size(slim));
    if image.alpine {
        out.push_str(&format!(
            "; the -alpine variant about {} (musl libc: packages with C extensions may need building)",
            size(alpine)
        ));
    }
    out.push('.');
    out
}

/// `145 MB`, `1.2 GB`.
fn size(mb: u32) -> String {
    if mb >= 1000 {
        // Rounded to a tenth, without float formatting.
        let tenths = (mb + 50) / 100;
        format!("{}.{} GB", tenths / 10, tenths % 10)
    } else {
        format!("{mb} MB")
    }
}

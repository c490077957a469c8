//! `RUN --mount=…` flags, read as BuildKit reads them: comma-separated
//! `key=value` fields, `type` defaulting to `bind`.

use crate::semantics::pkg::unquote;
use crate::syntax::Instruction;

/// One `--mount` of a `RUN`.
pub(crate) struct Mount {
    /// `bind`, `cache`, `tmpfs`, `secret`, `ssh` (lower-cased).
    pub kind: String,
    pub target: String,
    /// `source=` / `src=`.
    pub source: Option<String>,
    /// `from=`.
    pub from: Option<String>,
}

/// The mounts of an instruction (none for anything but a `RUN`'s flags).
pub(crate) fn mounts(inst: &Instruction) -> Vec<Mount> {
    inst.flags
        .iter()
        .filter(|f| f.name.eq_ignore_ascii_case("mount"))
        .filter_map(|f| f.value.as_ref())
        .map(|value| {
            let mut mount = Mount {
                kind: "bind".into(),
                target: String::new(),
                source: None,
                from: None,
            };
            for part in unquote(&value.text).split(',') {
                let (k, v) = part.split_once('=').unwrap_or((part, ""));
                let v = unquote(v.trim()).to_string();
                match k.trim().to_ascii_lowercase().as_str() {
                    "type" => mount.kind = v.to_ascii_lowercase(),
                    "target" | "dst" | "destination" => mount.target = v,
                    "source" | "src" => mount.source = Some(v),
                    "from" => mount.from = Some(v),
                    _ => {}
                }
            }
            mount
        })
        .collect()
}

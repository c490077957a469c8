//! One analysis of a text: the tree, the semantics, the findings and the
//! names, computed once per version and shared by every request about it.

use drydock_core::semantics::symbols::{self, Occurrence};
use drydock_core::semantics::Semantics;
use drydock_core::syntax::{self, Dockerfile};
use drydock_core::{Config, Diagnostic, Inputs};

/// What a document is linted with.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    pub config: Config,
    /// The `.dockerignore` of the build context, when there is one.
    pub dockerignore: Option<String>,
}

impl Settings {
    pub fn inputs(&self) -> Inputs<'_> {
        Inputs {
            dockerignore: self.dockerignore.as_deref(),
        }
    }
}

pub struct Analysis {
    pub file: Dockerfile,
    pub semantics: Semantics,
    pub diagnostics: Vec<Diagnostic>,
    pub occurrences: Vec<Occurrence>,
}

impl Analysis {
    pub fn new(text: &str, settings: &Settings) -> Analysis {
        let file = syntax::parse(text);
        let diagnostics = drydock_core::lint_parsed(&file, &settings.config, &settings.inputs());
        let semantics = Semantics::new(&file, &settings.config);
        let occurrences = symbols::occurrences(&file, &semantics);
        Analysis {
            file,
            semantics,
            diagnostics,
            occurrences,
        }
    }

    /// The index of the instruction whose span holds `offset` (its end
    /// included, where the cursor sits after typing).
    pub fn instruction_at(&self, offset: usize) -> Option<usize> {
        let insts = &self.file.instructions;
        let i = insts.partition_point(|inst| inst.span.start <= offset);
        let i = i.checked_sub(1)?;
        (offset <= insts[i].span.end).then_some(i)
    }

    /// The name occurrence under `offset` (a cursor just after a name
    /// counts as on it).
    pub fn occurrence_at(&self, offset: usize) -> Option<&Occurrence> {
        self.occurrences
            .iter()
            .find(|o| o.span.start <= offset && offset <= o.span.end)
    }
}

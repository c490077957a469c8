//! The views: function components, each taking only the props it shows
//! and dispatching [`crate::state::Action`]s. None imports the app
//! (`app.rs`) back.
//!
//! - `header`: the top bar (examples, Settings, Export, Rules, Share) and
//!   the footer;
//! - `editor_pane`: the Dockerfile editor's element and the
//!   `.dockerignore` tab;
//! - `problems`: the Problems tab, one card per problem, ranked;
//! - `rewrite`: the Rewrite tab (side by side or unified diff);
//! - `build`: the Build tab (stages, layers, what an edit reruns);
//! - `dialogs`: Share, Settings and Export as modal `<dialog>`s;
//! - `docs`: the rule pages (`#rules`, `#rule/CODE`).

pub mod build;
pub mod dialogs;
pub mod docs;
pub mod editor_pane;
pub mod header;
pub mod problems;
pub mod rewrite;

//! `drydock share FILE [--base URL]`: print the playground link holding a
//! Dockerfile (and the settings of `.hadolint.yaml`, and a `.dockerignore`
//! when given), made by the same encoder as the playground's Share dialog.

use std::path::PathBuf;
use std::process::ExitCode;

use drydock_formats::link;

use crate::config_file;
use crate::options::read_input;

#[derive(clap::Args)]
pub struct Args {
    /// Where the playground is served.
    #[arg(long, value_name = "URL", default_value = link::DEFAULT_BASE)]
    base: String,
    /// Config file whose settings travel with the link (default:
    /// `.hadolint.yaml` or `.hadolint.yml` in the current directory).
    #[arg(long, short = 'c', value_name = "PATH")]
    config: Option<PathBuf>,
    /// A `.dockerignore` to carry in the link.
    #[arg(long, value_name = "PATH")]
    dockerignore: Option<PathBuf>,
    /// The Dockerfile; `-` reads standard input.
    file: String,
}

pub fn run(args: Args) -> ExitCode {
    match link_for(&args) {
        Ok(url) => {
            println!("{url}");
            if url.chars().count() > link::LONG_LINK {
                eprintln!(
                    "drydock: warning: the link is {} characters long; some chat apps cut links longer than {}",
                    url.chars().count(),
                    link::LONG_LINK
                );
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("drydock: {message}");
            ExitCode::from(2)
        }
    }
}

fn link_for(args: &Args) -> Result<String, String> {
    let text = read_input(&args.file)?;
    if text.len() > link::MAX_DECODED {
        return Err(format!(
            "{} is {} bytes: the playground opens links of at most {} bytes",
            args.file,
            text.len(),
            link::MAX_DECODED
        ));
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let config = match config_file::find(args.config.as_deref(), &cwd) {
        Some(path) => {
            let loaded = config_file::load(&path)?;
            for w in &loaded.warnings {
                eprintln!("drydock: warning: {w}");
            }
            loaded.config
        }
        None => Default::default(),
    };
    let dockerignore = match &args.dockerignore {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
        ),
        None => None,
    };
    let fragment = link::encode(&text, &config, dockerignore.as_deref());
    Ok(link::url(&args.base, &fragment))
}

//! `tencent-action-index TCCLI_SERVICES_DIR -o spec/data/index.bin`: builds the spec index
//! from the `tccli/services` folder of the pinned `tccli` (see `spec/build-index.sh`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Builds the spec index of tencent-action-spec from a tccli/services folder.
#[derive(Parser)]
#[command(name = "tencent-action-index", version)]
struct Cli {
    /// The tccli/services folder (SERVICE/vYYYYMMDD/api.json and examples.json).
    services: PathBuf,
    /// Where to write the index.
    #[arg(short = 'o', long, value_name = "FILE")]
    output: PathBuf,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let entries = match tencent_action_gen::read_services(&cli.services) {
        Ok(entries) => entries,
        Err(message) => {
            eprintln!("tencent-action-index: {message}");
            return ExitCode::FAILURE;
        }
    };
    let bytes = tencent_action_spec::write_index(&entries);
    if let Err(e) = std::fs::write(&cli.output, &bytes) {
        eprintln!(
            "tencent-action-index: cannot write {}: {e}",
            cli.output.display()
        );
        return ExitCode::FAILURE;
    }
    let actions: usize = entries.iter().map(|e| e.schema.actions().len()).sum();
    eprintln!(
        "{} service versions, {actions} actions, {} bytes -> {}",
        entries.len(),
        bytes.len(),
        cli.output.display()
    );
    ExitCode::SUCCESS
}

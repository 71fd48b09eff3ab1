//! `tencent-action-gen API_JSON (--action NAME... | --all) [--style macro|plain-serde] [-o FILE]`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgGroup, Parser, ValueEnum};
use tencent_action_gen::{Options, Selection, Style, generate_with, type_mappings};

/// Generates #[tencent_action] declarations from a Tencent Cloud api.json (as shipped by the
/// tccli package at tccli/services/SERVICE/VERSION/api.json).
#[derive(Parser)]
#[command(name = "tencent-action-gen", version)]
#[command(group(ArgGroup::new("what").required(true).args(["action", "all", "type_table"])))]
struct Cli {
    /// The api.json to read.
    api_json: PathBuf,
    /// Generate this action (its wire name, e.g. CreateTRTCSignaturesWithRoomId); repeatable.
    #[arg(long, value_name = "NAME")]
    action: Vec<String>,
    /// Generate every action of the spec.
    #[arg(long)]
    all: bool,
    /// The form of the structs.
    #[arg(long, value_enum, default_value = "macro")]
    style: CliStyle,
    /// Also emit `for_each_action`, which hands every action type to an `ActionVisitor`.
    #[arg(long)]
    with_registry: bool,
    /// A comment line to write at the top, below the first; repeatable.
    #[arg(long, value_name = "LINE")]
    header: Vec<String>,
    /// Instead of code, print each type/member combination of the spec, its count and Rust type.
    #[arg(long)]
    type_table: bool,
    /// Write to FILE instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum CliStyle {
    /// #[tencent_action] and #[tencent_model].
    Macro,
    /// Plain serde derives, no tencent_action attributes.
    PlainSerde,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("tencent-action-gen: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> Result<(), String> {
    let api_json = std::fs::read_to_string(&cli.api_json)
        .map_err(|e| format!("cannot read {}: {e}", cli.api_json.display()))?;
    let text = if cli.type_table {
        let mut text = String::from("type\tmember\trust\tcount\n");
        for row in type_mappings(&api_json).map_err(|e| e.to_string())? {
            text.push_str(&format!(
                "{}\t{}\t{}\t{}\n",
                row.ty, row.member, row.rust, row.count
            ));
        }
        text
    } else {
        let options = Options {
            selection: if cli.all {
                Selection::All
            } else {
                Selection::Actions(cli.action.clone())
            },
            style: match cli.style {
                CliStyle::Macro => Style::Macro,
                CliStyle::PlainSerde => Style::PlainSerde,
            },
            registry: cli.with_registry,
            header: cli.header.clone(),
        };
        generate_with(&api_json, &options).map_err(|e| e.to_string())?
    };
    match &cli.output {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
        None => {
            use std::io::Write as _;
            std::io::stdout()
                .write_all(text.as_bytes())
                .map_err(|e| format!("cannot write to standard output: {e}"))
        }
    }
}

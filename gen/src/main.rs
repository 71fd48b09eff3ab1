//! `tencent-action-gen (API_JSON | --service NAME --version YYYY-MM-DD) (--action NAME... | --all)
//! [--style macro|plain-serde] [-o FILE]`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgGroup, Parser, ValueEnum};
use tencent_action_gen::{
    ApiSpec, Options, Selection, Style, generate_spec, index_spec, parse_spec, type_mappings_of,
};

/// Generates #[tencent_action] declarations from the official definition of a Tencent Cloud
/// service version: the spec index built into tencent-action-spec (--service and --version), or
/// an api.json (as shipped by the tccli package at tccli/services/SERVICE/VERSION/api.json),
/// which adds the descriptions as doc comments.
#[derive(Parser)]
#[command(name = "tencent-action-gen")]
#[command(after_help = "Examples:
  tencent-action-gen --service cvm --version 2017-03-12 --action DescribeZones
  tencent-action-gen --service cvm --version 2017-03-12 --all -o src/cvm.rs
  tencent-action-gen path/to/iotexplorer/v20190423/api.json --action CreateTRTCSignaturesWithRoomId")]
#[command(group(ArgGroup::new("what").required(true).args(["action", "all", "type_table"])))]
struct Cli {
    /// The api.json to read; without it, the spec index is read (--service and --version).
    api_json: Option<PathBuf>,
    /// The service, e.g. cvm (with an api.json: checked against its metadata).
    #[arg(long, value_name = "NAME", requires = "api_version")]
    service: Option<String>,
    /// The API version, e.g. 2017-03-12 (with an api.json: checked against its metadata).
    #[arg(long = "version", value_name = "YYYY-MM-DD", requires = "service")]
    api_version: Option<String>,
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

/// The spec named on the command line: the api.json, or the index's service version.
fn spec(cli: &Cli) -> Result<ApiSpec, String> {
    let Some(path) = &cli.api_json else {
        let (Some(service), Some(version)) = (&cli.service, &cli.api_version) else {
            return Err(
                "give an api.json, or --service and --version to read the spec index".into(),
            );
        };
        return index_spec(service, version).map_err(|e| e.to_string());
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let spec = parse_spec(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let metadata = &spec.metadata;
    for (asked, found, what) in [
        (&cli.service, &metadata.service_short_name, "service"),
        (&cli.api_version, &metadata.api_version, "version"),
    ] {
        if let Some(asked) = asked.as_ref().filter(|asked| *asked != found) {
            return Err(format!(
                "{} is the api.json of {} {}, not of {what} {asked}",
                path.display(),
                metadata.service_short_name,
                metadata.api_version
            ));
        }
    }
    Ok(spec)
}

fn run(cli: &Cli) -> Result<(), String> {
    let spec = spec(cli)?;
    let text = if cli.type_table {
        let mut text = String::from("type\tmember\trust\tcount\n");
        for row in type_mappings_of(&spec) {
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
        generate_spec(&spec, &options).map_err(|e| e.to_string())?
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

//! Creates TRTC call parameters for users entering a room (IoT Explorer
//! `CreateTRTCSignaturesWithRoomId`) and prints them.
//!
//! ```text
//! cargo run --example create_trtc_signatures -- --room-id room1 --user-id alice --user-id bob
//! ```
//!
//! Credentials come from `TENCENTCLOUD_SECRET_ID`/`TENCENTCLOUD_SECRET_KEY` or
//! `~/.tencentcloud/credentials`. With none (and no `--endpoint`), the built-in emulator is
//! started in this process and called instead, which stderr says.
//!
//! Exit status: 0 on success, 2 when the request is invalid (nothing is sent), 1 on any other
//! failure.

use std::process::ExitCode;

use clap::Parser;
use tencent_action::iotexplorer::v20190423::{CreateTrtcSignaturesWithRoomId, TrtcParams};
use tencent_action::{Client, Credential, DefaultCredentialChain, Error, Escaped, Report};
use tencent_action_emulator::Emulator;

/// Create TRTC call parameters for users entering a room.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// The room to enter.
    #[arg(long, value_name = "ROOM")]
    room_id: String,
    /// A user entering the room (repeat for each user, 1 to 10).
    #[arg(long = "user-id", value_name = "USER", required = true)]
    user_ids: Vec<String>,
    /// Region [default: TENCENTCLOUD_REGION, else ap-guangzhou].
    #[arg(long)]
    region: Option<String>,
    /// Full URL replacing the service host, e.g. http://127.0.0.1:9000
    /// [default: TENCENTCLOUD_ENDPOINT].
    #[arg(long)]
    endpoint: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Print UserSig and PrivateKey instead of masking them.
    #[arg(long)]
    show_secrets: bool,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // One line: the error and each of its causes once, server text escaped.
            eprintln!("error: {}", Report(&err));
            if let Error::Validation(_) = err {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

async fn run(args: &Args) -> Result<(), Error> {
    let region = args
        .region
        .clone()
        .or_else(|| {
            std::env::var("TENCENTCLOUD_REGION")
                .ok()
                .filter(|r| !r.is_empty())
        })
        .unwrap_or_else(|| "ap-guangzhou".to_owned());
    let endpoint = args.endpoint.clone().or_else(|| {
        std::env::var("TENCENTCLOUD_ENDPOINT")
            .ok()
            .filter(|e| !e.is_empty())
    });
    // TENCENTCLOUD_RATE_LIMIT_REDIS, when set, shares the action's rate limit with every
    // process using that Redis.
    let mut builder = Client::builder()
        .region(&region)
        .shared_rate_limiting_from_env()?;
    let _emulator = match (DefaultCredentialChain::find()?, endpoint) {
        (Some(credential), endpoint) => {
            builder = builder.credential(credential);
            if let Some(endpoint) = endpoint {
                builder = builder.endpoint(endpoint);
            }
            None
        }
        (None, Some(endpoint)) => {
            return Err(Error::Config(format!(
                "no credentials for {endpoint}: set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY"
            )));
        }
        (None, None) => {
            // A pair only this process knows: the emulator listens on loopback.
            let (secret_id, secret_key) = Emulator::random_credential();
            let emulator = Emulator::builder()
                .credential(&secret_id, &secret_key)
                .build()
                .start("127.0.0.1:0")
                .await
                .map_err(|e| Error::Config(format!("cannot start the built-in emulator: {e}")))?;
            eprintln!(
                "No Tencent Cloud credentials found (TENCENTCLOUD_SECRET_ID/TENCENTCLOUD_SECRET_KEY or ~/.tencentcloud/credentials): using the built-in emulator at {}",
                emulator.url()
            );
            builder = builder
                .credential(Credential::new(secret_id, secret_key)?)
                .endpoint(emulator.url());
            Some(emulator)
        }
    };
    let client = builder.build()?;
    let request = CreateTrtcSignaturesWithRoomId {
        trtc_user_ids: args.user_ids.clone(),
        room_id: args.room_id.clone(),
    };
    let response = client.send(&request).await?;
    let params = response.trtc_param_list.as_deref().unwrap_or_default();
    if args.json {
        print_json(params, response.request_id(), args.show_secrets);
    } else {
        print_table(params, response.request_id(), args.show_secrets);
    }
    Ok(())
}

/// A value from the server as a table cell: on one line, control characters escaped.
fn cell(text: &str) -> String {
    Escaped(text).to_string()
}

fn shown(secret: &str, show: bool) -> String {
    if show {
        cell(secret)
    } else {
        format!("****** ({} chars)", secret.chars().count())
    }
}

fn print_table(params: &[TrtcParams], request_id: &str, show_secrets: bool) {
    let rows: Vec<[String; 5]> = params
        .iter()
        .map(|p| {
            [
                cell(&p.user_id),
                p.sdk_app_id.to_string(),
                cell(&p.str_room_id),
                shown(&p.user_sig, show_secrets),
                shown(&p.private_key, show_secrets),
            ]
        })
        .collect();
    let header = ["UserId", "SdkAppId", "StrRoomId", "UserSig", "PrivateKey"].map(String::from);
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let line: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        println!("{}", line.join("  ").trim_end());
    }
    println!("RequestId: {}", Escaped(request_id));
    if !show_secrets {
        println!("(UserSig and PrivateKey are masked; pass --show-secrets to print them)");
    }
}

fn print_json(params: &[TrtcParams], request_id: &str, show_secrets: bool) {
    let list: Vec<serde_json::Value> = params
        .iter()
        .map(|p| {
            serde_json::json!({
                "UserId": p.user_id,
                "SdkAppId": p.sdk_app_id,
                "StrRoomId": p.str_room_id,
                "UserSig": if show_secrets { p.user_sig.clone() } else { "******".to_owned() },
                "PrivateKey": if show_secrets { p.private_key.clone() } else { "******".to_owned() },
            })
        })
        .collect();
    let out = serde_json::json!({ "TRTCParamList": list, "RequestId": request_id });
    println!("{out:#}");
}

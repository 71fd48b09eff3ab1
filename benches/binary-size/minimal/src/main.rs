//! The main job's request with reqwest, serde_json, hmac and sha2 alone: the smallest program
//! that does the same POST, the baseline of `benches/binary-size/run.sh`.
//!
//! ```text
//! TENCENTCLOUD_SECRET_ID=.. TENCENTCLOUD_SECRET_KEY=.. [TENCENTCLOUD_ENDPOINT=http://127.0.0.1:9000] \
//!     binary-size-minimal --room-id ROOM --user-id A [--user-id B ...]
//! ```

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

const SERVICE: &str = "iotexplorer";
const ACTION: &str = "CreateTRTCSignaturesWithRoomId";
const VERSION: &str = "2019-04-23";

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("any key length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// The UTC date `YYYY-MM-DD` of a Unix timestamp.
fn utc_date(timestamp: i64) -> String {
    // Howard Hinnant's civil-from-days.
    let z = timestamp.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let mut room_id = None;
    let mut user_ids = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--room-id" => room_id = args.next(),
            "--user-id" => user_ids.extend(args.next()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let room_id = room_id.ok_or("--room-id is required")?;
    let secret_id = env("TENCENTCLOUD_SECRET_ID").ok_or("TENCENTCLOUD_SECRET_ID is not set")?;
    let secret_key = env("TENCENTCLOUD_SECRET_KEY").ok_or("TENCENTCLOUD_SECRET_KEY is not set")?;
    let region = env("TENCENTCLOUD_REGION").unwrap_or_else(|| "ap-guangzhou".to_owned());
    let endpoint = env("TENCENTCLOUD_ENDPOINT")
        .unwrap_or_else(|| format!("https://{SERVICE}.tencentcloudapi.com"));
    let host = endpoint
        .split_once("://")
        .map_or(endpoint.as_str(), |(_, rest)| rest)
        .trim_end_matches('/')
        .to_owned();

    let body = serde_json::json!({ "TRTCUserIds": user_ids, "RoomId": room_id }).to_string();
    let timestamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|e| e.to_string())?
        .as_secs() as i64;
    let date = utc_date(timestamp);
    let content_type = "application/json";
    let canonical = format!(
        "POST\n/\n\ncontent-type:{content_type}\nhost:{host}\n\ncontent-type;host\n{}",
        hex(&Sha256::digest(body.as_bytes()))
    );
    let scope = format!("{date}/{SERVICE}/tc3_request");
    let string_to_sign = format!(
        "TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{}",
        hex(&Sha256::digest(canonical.as_bytes()))
    );
    let key = hmac_sha256(format!("TC3{secret_key}").as_bytes(), date.as_bytes());
    let key = hmac_sha256(&key, SERVICE.as_bytes());
    let key = hmac_sha256(&key, b"tc3_request");
    let signature = hex(&hmac_sha256(&key, string_to_sign.as_bytes()));
    let authorization = format!(
        "TC3-HMAC-SHA256 Credential={secret_id}/{scope}, SignedHeaders=content-type;host, Signature={signature}"
    );

    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .build()
        .map_err(|e| e.to_string())?;
    let response = client
        .post(format!("{}/", endpoint.trim_end_matches('/')))
        .header("Content-Type", content_type)
        .header("Authorization", authorization)
        .header("X-TC-Action", ACTION)
        .header("X-TC-Version", VERSION)
        .header("X-TC-Timestamp", timestamp.to_string())
        .header("X-TC-Region", region)
        .body(body)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let bytes = response.bytes().await.map_err(|e| e.to_string())?;
    let answer: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
    let answer = &answer["Response"];
    if let Some(error) = answer.get("Error") {
        return Err(format!(
            "{}: {} (RequestId {})",
            error["Code"], error["Message"], answer["RequestId"]
        ));
    }
    for params in answer["TRTCParamList"].as_array().into_iter().flatten() {
        println!(
            "{}  {}  {}",
            params["UserId"], params["SdkAppId"], params["StrRoomId"]
        );
    }
    println!("RequestId: {}", answer["RequestId"]);
    Ok(())
}

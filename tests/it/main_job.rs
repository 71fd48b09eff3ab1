//! The main job, `examples/create_trtc_signatures.rs`, run as a process: against the in-process
//! emulator when no credentials are set, and against an emulator started here, whose request
//! counter proves that invalid input sends nothing.

#[cfg(feature = "redis")]
use crate::support::redis as redis_server;

use std::path::PathBuf;
use std::process::{Command, Output};

use crate::support::{self, SECRET_ID, SECRET_KEY};

/// `cargo test` builds the examples next to the test binaries: `target/debug/examples/`.
fn main_job() -> Command {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let path: PathBuf = dir.join("examples").join(format!(
        "create_trtc_signatures{}",
        std::env::consts::EXE_SUFFIX
    ));
    assert!(
        path.exists(),
        "{} is missing: run the tests with `cargo test`, which builds examples",
        path.display()
    );
    let mut cmd = Command::new(path);
    let home = std::env::temp_dir().join(format!("tc-main-job-home-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    for var in [
        "TENCENTCLOUD_SECRET_ID",
        "TENCENTCLOUD_SECRET_KEY",
        "TENCENTCLOUD_TOKEN",
        "TENCENTCLOUD_REGION",
        "TENCENTCLOUD_ENDPOINT",
        "TENCENTCLOUD_CREDENTIALS_FILE",
        "TENCENTCLOUD_RATE_LIMIT_REDIS",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("HOME", home);
    cmd
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn without_credentials_it_uses_the_in_process_emulator() {
    let out = main_job()
        .args([
            "--room-id",
            "room1",
            "--user-id",
            "alice",
            "--user-id",
            "bob",
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "stdout: {stdout}\nstderr: {stderr}");
    assert!(stderr.contains("built-in emulator"), "{stderr}");
    let rows: Vec<&str> = stdout.lines().collect();
    assert!(rows[0].starts_with("UserId"), "{stdout}");
    assert!(
        rows[1].starts_with("alice") && rows[1].contains("room1"),
        "{stdout}"
    );
    assert!(
        rows[2].starts_with("bob") && rows[2].contains("room1"),
        "{stdout}"
    );
    assert!(stdout.contains("RequestId: "), "{stdout}");
    assert!(
        !stdout.contains("eJ"),
        "secrets are masked by default: {stdout}"
    );
}

#[test]
fn json_with_secrets_for_machines() {
    let out = main_job()
        .args([
            "--room-id",
            "room-json",
            "--user-id",
            "carol",
            "--json",
            "--show-secrets",
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect(&stdout);
    assert_eq!(json["TRTCParamList"][0]["UserId"], "carol");
    assert!(
        json["TRTCParamList"][0]["UserSig"]
            .as_str()
            .unwrap()
            .starts_with("eJ")
    );
    assert!(!json["RequestId"].as_str().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_input_exits_non_zero_and_sends_nothing() {
    let emulator = support::emulator()
        .build()
        .start("127.0.0.1:0")
        .await
        .unwrap();
    let url = emulator.url();
    let run = move |args: Vec<String>| {
        let mut cmd = main_job();
        cmd.env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
            .env("TENCENTCLOUD_SECRET_KEY", SECRET_KEY)
            .arg("--endpoint")
            .arg(&url)
            .args(args);
        cmd.output().unwrap()
    };
    let args = |room: &str, users: &[&str], region: &str| -> Vec<String> {
        let mut v = vec![
            "--room-id".to_owned(),
            room.to_owned(),
            "--region".to_owned(),
            region.to_owned(),
        ];
        for u in users {
            v.push("--user-id".to_owned());
            v.push((*u).to_owned());
        }
        v
    };
    let eleven: Vec<String> = (0..11).map(|i| format!("u{i}")).collect();
    let eleven: Vec<&str> = eleven.iter().map(String::as_str).collect();
    let cases = [
        (
            args("room", &eleven, "ap-guangzhou"),
            "TRTCUserIds must have at most 10 items",
        ),
        (
            args("room", &["a", "b", "a"], "ap-guangzhou"),
            "TRTCUserIds must not repeat items",
        ),
        (
            args("", &["a"], "ap-guangzhou"),
            "RoomId must be at least 1 character long",
        ),
        (
            args("room", &["a"], "ap-beijing"),
            "Region `ap-beijing` is not supported",
        ),
    ];
    for (argv, expected) in cases {
        let out = tokio::task::spawn_blocking({
            let run = run.clone();
            move || run(argv)
        })
        .await
        .unwrap();
        let (stdout, stderr) = text(&out);
        assert_eq!(
            out.status.code(),
            Some(2),
            "stdout: {stdout}\nstderr: {stderr}"
        );
        assert!(stderr.contains(expected), "{stderr}");
        assert!(stderr.contains("nothing was sent"), "{stderr}");
    }
    assert_eq!(
        emulator.requests_seen(),
        0,
        "no request reached the emulator"
    );

    // The same setup with valid input does reach it, so the counter above was live.
    let out = tokio::task::spawn_blocking(move || run(args("room-ok", &["a"], "ap-guangzhou")))
        .await
        .unwrap();
    assert!(out.status.success(), "{}", text(&out).1);
    assert_eq!(emulator.requests_seen(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn credentials_from_the_profile_file_are_used() {
    let emulator = support::emulator()
        .build()
        .start("127.0.0.1:0")
        .await
        .unwrap();
    let dir = std::env::temp_dir().join(format!("tc-main-job-profile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("credentials");
    std::fs::write(
        &file,
        format!("[default]\nsecret_id = {SECRET_ID}\nsecret_key = {SECRET_KEY}\n"),
    )
    .unwrap();
    let mut cmd = main_job();
    cmd.env("TENCENTCLOUD_CREDENTIALS_FILE", &file)
        .env("TENCENTCLOUD_ENDPOINT", emulator.url())
        .args(["--room-id", "room-profile", "--user-id", "dave"]);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "stdout: {stdout}\nstderr: {stderr}");
    assert!(!stderr.contains("built-in emulator"), "{stderr}");
    assert!(stdout.contains("dave"), "{stdout}");
    assert_eq!(emulator.requests_seen(), 1);
}

#[test]
fn an_endpoint_without_credentials_is_a_clear_error() {
    let out = main_job()
        .args([
            "--room-id",
            "r",
            "--user-id",
            "a",
            "--endpoint",
            "http://127.0.0.1:9",
        ])
        .output()
        .unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("no credentials"), "{stderr}");
}

#[cfg(feature = "redis")]
#[test]
fn a_shared_rate_limit_in_redis_from_the_environment() {
    let Some(redis) =
        redis_server::RedisServer::start("a_shared_rate_limit_in_redis_from_the_environment")
    else {
        return;
    };
    let out = main_job()
        .args(["--room-id", "shared", "--user-id", "alice"])
        .env("TENCENTCLOUD_RATE_LIMIT_REDIS", redis.url())
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("alice"), "{stdout}");
    // The action's turn was taken in Redis: one limiter key.
    assert_eq!(redis.command("DBSIZE"), ":1");
}

/// A `TENCENTCLOUD_RATE_LIMIT_REDIS` that cannot be used is an error naming it, never ignored:
/// a URL that is not Redis's, or any URL in a build without the `redis` feature.
#[test]
fn an_unusable_redis_variable_is_a_clear_error() {
    let (url, expected) = if cfg!(feature = "redis") {
        ("http://127.0.0.1:6379", "not a Redis URL")
    } else {
        ("redis://127.0.0.1:6379", "`redis` feature")
    };
    let out = main_job()
        .args(["--room-id", "r", "--user-id", "a"])
        .env("TENCENTCLOUD_RATE_LIMIT_REDIS", url)
        .output()
        .unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("TENCENTCLOUD_RATE_LIMIT_REDIS"), "{stderr}");
    assert!(stderr.contains(expected), "{stderr}");
}

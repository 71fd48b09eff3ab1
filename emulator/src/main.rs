//! `tencent-action-emulator`: a local Tencent Cloud API 3.0 endpoint.
//!
//! ```text
//! tencent-action-emulator --listen 127.0.0.1:9000 --secret-id ID --secret-key KEY [--log]
//!     [--fault KIND[:ARG][@ACTION][xN|%P]]... [--rate-limit ACTION=N]... [--clock-offset S]
//!     [--credential-ttl S] [--tls [--cert-out PATH]]
//! ```
//!
//! Prints `listening on http://ADDR` (or `https://ADDR`) on stdout once it accepts
//! connections, and serves until SIGINT or SIGTERM.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use tencent_action_emulator::{DEFAULT_SDK_APP_ID, Emulator, Fault, REQUESTS_PATH};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// What is served besides the built-in actions, for the line printed at start.
#[cfg(feature = "spec")]
const FROM_SPEC: &str = ", every other action of the official API definition";
#[cfg(not(feature = "spec"))]
const FROM_SPEC: &str = "";

/// How long open requests may take to finish after a stop signal.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A local Tencent Cloud API 3.0 endpoint: verifies TC3-HMAC-SHA256 signatures like the real
/// service; serves IoT Explorer's CreateTRTCSignaturesWithRoomId (2019-04-23), STS AssumeRole
/// and AssumeRoleWithWebIdentity (2018-08-13), the CVM instance metadata credentials and every
/// other action of the official API definition (with the default `spec` feature: parameters
/// checked, the documented example output answered); and misbehaves on demand.
#[derive(Debug, Parser)]
#[command(name = "tencent-action-emulator", version)]
struct Args {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:9000")]
    listen: String,
    /// The SecretId clients sign with.
    #[arg(long, env = "TENCENTCLOUD_SECRET_ID", hide_env_values = true)]
    secret_id: String,
    /// The SecretKey clients sign with.
    #[arg(long, env = "TENCENTCLOUD_SECRET_KEY", hide_env_values = true)]
    secret_key: String,
    /// The TRTC SDKAppID the issued credentials are for.
    #[arg(long, default_value_t = DEFAULT_SDK_APP_ID)]
    sdk_app_id: i64,
    /// The TRTC secret key that signs UserSigs and PrivateKeys [default: random].
    #[arg(long)]
    sdk_secret_key: Option<String>,
    /// Print one line per request on stderr: time, action, SecretId, verdict, fault, whether
    /// the handler ran, latency, RequestId.
    #[arg(long, conflicts_with = "quiet")]
    log: bool,
    /// Print nothing on stderr but errors and the certificate path.
    #[arg(long)]
    quiet: bool,
    /// Misbehave on purpose; repeatable: KIND[:ARG][@ACTION][xN|%P].
    ///
    /// KIND[:ARG] is one of:
    ///   latency:DURATION   answer after an extra delay (250ms, 2s, 1.5s, 1m); processed
    ///   close              close the connection without answering; not processed
    ///   reset              send headers and half the body, then reset (RST); processed
    ///   502, 503           HTTP 502/503 with an HTML body; not processed
    ///   malformed          HTTP 200 with a body that is not JSON; processed
    ///   truncated          Content-Length larger than what is sent, then close; processed
    ///   oversize[:SIZE]    pad the answer to SIZE bytes (default 64MiB; 10KiB, 1GiB, 5000); processed
    ///   internal           API error InternalError; not processed
    ///   throttle           API error RequestLimitExceeded; not processed
    ///   skew:SECONDS       the server clock is off by ±SECONDS for the request
    ///                      (beyond 300 s: AuthFailure.SignatureExpire)
    ///
    /// @ACTION limits it to requests whose X-TC-Action is ACTION. xN applies it to the next N
    /// matching requests, %P to a random P percent of them; without either, to all. Faults are
    /// tried in the order given; at most one applies to a request.
    ///
    /// Examples: --fault 503x2  --fault close@CreateTRTCSignaturesWithRoomIdx1
    ///           --fault latency:2s%10  --fault oversize:64MiB@AssumeRole
    #[arg(long = "fault", value_name = "SPEC", verbatim_doc_comment)]
    faults: Vec<Fault>,
    /// Set an action's request-rate limit per SecretId and second (0: none); repeatable.
    /// CreateTRTCSignaturesWithRoomId is limited to 20 by default.
    #[arg(long = "rate-limit", value_name = "ACTION=N", value_parser = parse_rate_limit)]
    rate_limits: Vec<(String, u32)>,
    /// Set the server clock off by this many seconds (e.g. -600): beyond 300 s, clients get
    /// AuthFailure.SignatureExpire, with the server time in the message.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 0,
        allow_negative_numbers = true
    )]
    clock_offset: i64,
    /// Lifetime of issued temporary credentials (STS, instance metadata), overriding what
    /// requests ask for.
    #[arg(long, value_name = "SECONDS")]
    credential_ttl: Option<u64>,
    /// The CAM role the instance metadata endpoint reports.
    #[arg(long, value_name = "NAME", default_value = tencent_action_emulator::DEFAULT_METADATA_ROLE)]
    metadata_role: String,
    /// Serve HTTPS with a certificate for localhost and 127.0.0.1, signed by an authority made
    /// at start whose certificate is written as PEM (to --cert-out, or a temporary file) and
    /// announced on stderr as `certificate written to PATH`.
    #[arg(long)]
    tls: bool,
    /// Where --tls writes the authority's certificate.
    #[arg(long, value_name = "PATH", requires = "tls")]
    cert_out: Option<PathBuf>,
    /// Close a connection that sends no request head within this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = tencent_action_emulator::DEFAULT_HEADER_READ_TIMEOUT.as_secs())]
    header_read_timeout: u64,
    /// Serve at most this many connections at once; further ones wait in the listen queue.
    #[arg(long, value_name = "N", default_value_t = tencent_action_emulator::DEFAULT_MAX_CONNECTIONS)]
    max_connections: usize,
}

fn parse_rate_limit(text: &str) -> Result<(String, u32), String> {
    let (action, limit) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not ACTION=N"))?;
    let limit = limit
        .trim()
        .parse()
        .map_err(|_| format!("`{limit}` is not a number of requests per second"))?;
    if action.trim().is_empty() {
        return Err(format!("`{text}` names no action"));
    }
    Ok((action.trim().to_owned(), limit))
}

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(args))
}

async fn run(args: Args) -> ExitCode {
    // Signal handlers are in place before the address is announced, so a stop signal sent as
    // soon as the line is read ends the server cleanly.
    let stop_signal = match StopSignal::install() {
        Ok(signal) => signal,
        Err(e) => {
            eprintln!("error: cannot install signal handlers: {e}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match TcpListener::bind(&args.listen).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("error: cannot listen on {}: {e}", args.listen);
            return ExitCode::FAILURE;
        }
    };
    let addr = match listener.local_addr() {
        Ok(addr) => addr,
        Err(e) => {
            eprintln!("error: cannot read the bound address: {e}");
            return ExitCode::FAILURE;
        }
    };

    let mut builder = Emulator::builder()
        .credential(&args.secret_id, args.secret_key)
        .sdk_app_id(args.sdk_app_id)
        .log_requests(args.log)
        .clock_offset(args.clock_offset)
        .metadata_role(&args.metadata_role)
        .header_read_timeout(Duration::from_secs(args.header_read_timeout))
        .max_connections(args.max_connections)
        .tls(args.tls);
    if let Some(key) = args.sdk_secret_key {
        builder = builder.sdk_secret_key(key);
    }
    if let Some(ttl) = args.credential_ttl {
        builder = builder.temporary_credential_ttl(Duration::from_secs(ttl));
    }
    for (action, limit) in args.rate_limits {
        builder = builder.rate_limit(action, limit);
    }
    for fault in &args.faults {
        builder = builder.fault(fault.clone());
    }
    let emulator = builder.build();

    let scheme = if args.tls {
        let Some(pem) = emulator.ca_pem() else {
            eprintln!("error: cannot make the TLS certificate");
            return ExitCode::FAILURE;
        };
        let path = args.cert_out.clone().unwrap_or_else(|| {
            std::env::temp_dir().join(format!(
                "tencent-action-emulator-{}-ca.pem",
                std::process::id()
            ))
        });
        if let Err(e) = std::fs::write(&path, pem) {
            eprintln!(
                "error: cannot write the certificate to {}: {e}",
                path.display()
            );
            return ExitCode::FAILURE;
        }
        eprintln!("certificate written to {}", path.display());
        "https"
    } else {
        "http"
    };

    let (stop, stopped) = oneshot::channel::<()>();
    let mut server = tokio::spawn(emulator.serve(listener, async {
        let _ = stopped.await;
    }));

    {
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "listening on {scheme}://{addr}");
        let _ = stdout.flush();
    }
    if !args.quiet {
        eprintln!(
            "serving iotexplorer 2019-04-23 CreateTRTCSignaturesWithRoomId (SdkAppId {}), sts 2018-08-13, instance metadata (role {}){FROM_SPEC} for SecretId {}; request log at {scheme}://{addr}{REQUESTS_PATH}",
            args.sdk_app_id, args.metadata_role, args.secret_id
        );
        for fault in &args.faults {
            eprintln!("fault: {fault}");
        }
        if args.clock_offset != 0 {
            eprintln!("clock offset: {:+} s", args.clock_offset);
        }
    }

    let result = tokio::select! {
        result = &mut server => result,
        () = stop_signal.wait() => {
            if !args.quiet {
                eprintln!("stopping");
            }
            let _ = stop.send(());
            match tokio::time::timeout(SHUTDOWN_GRACE, &mut server).await {
                Ok(result) => result,
                Err(_) => {
                    server.abort();
                    return ExitCode::SUCCESS;
                }
            }
        }
    };
    match result {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            eprintln!("error: the server failed: {e}");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: the server stopped unexpectedly: {e}");
            ExitCode::FAILURE
        }
    }
}

/// SIGINT or SIGTERM (Ctrl-C elsewhere).
struct StopSignal {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl StopSignal {
    fn install() -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(StopSignal {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(StopSignal {})
        }
    }

    async fn wait(mut self) {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => {}
                _ = self.terminate.recv() => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

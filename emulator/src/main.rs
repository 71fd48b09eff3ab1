//! `tencent-action-emulator`: a local Tencent Cloud API 3.0 endpoint.
//!
//! ```text
//! tencent-action-emulator --listen 127.0.0.1:9000 --secret-id ID --secret-key KEY
//! ```
//!
//! Prints `listening on http://ADDR` on stdout once it accepts connections, logs one line per
//! request on stderr, and serves until SIGINT or SIGTERM.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use tencent_action_emulator::{DEFAULT_SDK_APP_ID, Emulator, STATS_PATH};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// How long open requests may take to finish after a stop signal.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A local Tencent Cloud API 3.0 endpoint: verifies TC3-HMAC-SHA256 signatures like the real
/// service and serves IoT Explorer's CreateTRTCSignaturesWithRoomId (2019-04-23).
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
    /// Do not log requests on stderr.
    #[arg(long)]
    quiet: bool,
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
        .log_requests(!args.quiet);
    if let Some(key) = args.sdk_secret_key {
        builder = builder.sdk_secret_key(key);
    }
    let (stop, stopped) = oneshot::channel::<()>();
    let mut server = tokio::spawn(builder.build().serve(listener, async {
        let _ = stopped.await;
    }));

    {
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "listening on http://{addr}");
        let _ = stdout.flush();
    }
    eprintln!(
        "serving iotexplorer 2019-04-23 CreateTRTCSignaturesWithRoomId for SecretId {} (SdkAppId {}); request count at http://{addr}{STATS_PATH}",
        args.secret_id, args.sdk_app_id
    );

    let result = tokio::select! {
        result = &mut server => result,
        () = stop_signal.wait() => {
            eprintln!("stopping");
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

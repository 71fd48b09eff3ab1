//! A real `redis-server` for a test: on a free loopback port, in a directory of its own, with
//! nothing saved, stopped when dropped. Where `redis-server` is not installed the tests that
//! need it are skipped, saying so, unless `TENCENT_ACTION_REQUIRE_REDIS=1` (as in CI). Shared
//! by `tests/shared_rate_limit.rs`, `tests/main_job.rs` and `benches/rate_limit_turn.rs`
//! (`#[path]`), each of which uses part of it.
#![allow(dead_code)]

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Set to `1` to make a missing `redis-server` a failure instead of a skip.
pub(crate) const REQUIRE_VAR: &str = "TENCENT_ACTION_REQUIRE_REDIS";

/// A running `redis-server`.
pub(crate) struct RedisServer {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl RedisServer {
    /// Starts one, or prints why not and answers `None` (the test is then skipped) when
    /// `redis-server` is not installed and not required.
    pub(crate) fn start(test: &str) -> Option<RedisServer> {
        let required = std::env::var(REQUIRE_VAR).is_ok_and(|v| v == "1");
        let port = {
            let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
            listener.local_addr().expect("its address").port()
        };
        let dir = std::env::temp_dir().join(format!(
            "tencent-action-redis-{}-{port}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).expect("a directory for redis-server");
        let child = match spawn(port, &dir) {
            Ok(child) => child,
            Err(error) if error.kind() == ErrorKind::NotFound && !required => {
                let _ = std::fs::remove_dir_all(&dir);
                // Written past the test harness's capture, so that it shows in a passing run.
                let _ = writeln!(
                    std::io::stderr(),
                    "skipped {test}: redis-server is not installed (apt-get install redis-server; \
                     {REQUIRE_VAR}=1 makes this a failure)"
                );
                return None;
            }
            Err(error) => panic!("cannot start redis-server ({REQUIRE_VAR} is set): {error}"),
        };
        let server = RedisServer { child, port, dir };
        server.wait_until_ready();
        Some(server)
    }

    /// Starts it again, empty, on the same port (after [`kill`](Self::kill)).
    pub(crate) fn restart(&mut self) {
        self.kill();
        self.child = spawn(self.port, &self.dir).expect("redis-server starts again");
        self.wait_until_ready();
    }

    /// `redis://127.0.0.1:PORT`.
    pub(crate) fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Stops it at once (SIGKILL), as a crash would.
    pub(crate) fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Sends one inline command and answers the first line of the reply.
    pub(crate) fn command(&self, command: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("redis answers");
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .expect("a read timeout");
        stream
            .write_all(format!("{command}\r\n").as_bytes())
            .expect("the command is sent");
        let mut reply = Vec::new();
        let mut byte = [0u8; 1];
        while !reply.ends_with(b"\r\n") {
            match stream.read(&mut byte) {
                Ok(1) => reply.push(byte[0]),
                _ => break,
            }
        }
        String::from_utf8_lossy(&reply).trim_end().to_owned()
    }

    fn wait_until_ready(&self) {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(10) {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok()
                && self.command("PING") == "+PONG"
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "redis-server did not answer on port {} within 10 s",
            self.port
        );
    }
}

/// `redis-server` on `port`, keeping nothing, in `dir`.
fn spawn(port: u16, dir: &std::path::Path) -> std::io::Result<Child> {
    Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
        .args(["--save", "", "--appendonly", "no"])
        .arg("--dir")
        .arg(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

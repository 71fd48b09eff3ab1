//! A `tracing` subscriber's writer that keeps everything written to it, for tests that read
//! their traces back. Shared by `tests/secrets_never_leak.rs` and `tests/shared_rate_limit.rs`
//! (`#[path]`).

use std::io::Write;
use std::sync::{Arc, Mutex};

/// Everything written by the tracing subscriber.
#[derive(Clone, Default)]
pub(crate) struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    /// What was written so far, as text.
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

//! The emulator's integration tests, one binary: a module per subject, and what they share in
//! [`support`].

#[cfg(all(unix, feature = "cli"))]
mod binary;
mod faults;
mod hostile_clients;
mod http;
mod json_keys;
mod layout;
#[cfg(feature = "spec")]
mod spec_actions;
mod support;

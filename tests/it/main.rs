//! The integration tests of `tencent-action`, one binary: the client against the emulator on
//! loopback (real HTTP), the main job, the macros' compile-fail cases, and the guarantees
//! that hold across them (secrets, allocations, the process-wide TLS default).

mod support;

mod allocation_budget;
mod credential_chain;
mod declared_actions;
mod emulator_credentials;
mod emulator_double;
mod emulator_faults;
mod emulator_signature_debugger;
mod emulator_tls;
mod end_to_end;
mod hostile_network;
mod main_job;
mod process_defaults;
mod resilience;
mod secrets_never_leak;
#[cfg(feature = "redis")]
mod shared_rate_limit;
mod ui;

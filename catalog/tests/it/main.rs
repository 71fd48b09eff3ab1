//! The integration tests of `tencent-action-catalog`, one binary: the generated modules are up
//! to date, compile under the macros, and read and write the documented examples.

mod edge_cases;
mod examples_round_trip;
mod up_to_date;

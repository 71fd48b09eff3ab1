//! The integration tests of `tencent-action-core`, one binary: the signer against the golden
//! vectors of the official SDK and the documentation, and the envelope parser against any bytes.

mod envelope_props;
mod signing_vectors;

//! The integration tests of `tencent-action-gen`, one binary: generation from a small spec with
//! every case, golden output, and generation from the spec index.

mod support;

mod generate;
mod golden;
mod index;

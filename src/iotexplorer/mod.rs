//! IoT Explorer (`iotexplorer`): ready-made actions, declared with `#[tencent_action]`.

pub mod v20190423;

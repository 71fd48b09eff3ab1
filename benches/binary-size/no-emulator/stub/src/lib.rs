//! The part of `tencent_action_emulator`'s API that the main job uses, without a server:
//! `start` always fails.

/// Stands in for the emulator.
#[derive(Debug, Default)]
pub struct Emulator;

/// Stands in for the builder.
#[derive(Debug, Default)]
pub struct EmulatorBuilder;

/// Stands in for a started emulator; never made.
#[derive(Debug)]
pub struct RunningEmulator(());

impl Emulator {
    /// A builder.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder
    }

    /// A fixed pair: there is nothing to call with it.
    pub fn random_credential() -> (String, String) {
        (String::new(), String::new())
    }

    /// Fails: there is no emulator in this build.
    pub async fn start(self, _addr: &str) -> std::io::Result<RunningEmulator> {
        Err(std::io::Error::other("this build has no emulator"))
    }
}

impl EmulatorBuilder {
    /// Ignored.
    pub fn credential(self, _secret_id: impl Into<String>, _secret_key: impl Into<String>) -> Self {
        self
    }

    /// The stand-in emulator.
    pub fn build(self) -> Emulator {
        Emulator
    }
}

impl RunningEmulator {
    /// Never called: no `RunningEmulator` is ever made.
    pub fn url(&self) -> String {
        String::new()
    }
}

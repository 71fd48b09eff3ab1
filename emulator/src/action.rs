//! One served action ([`ActionSpec`]: where it is served and its handler) and one call of it,
//! as its handler sees it ([`Call`]).

use std::cell::Cell;
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::envelope::Failure;
use crate::state::Shared;

/// One call, as a handler sees it.
pub(crate) struct Call<'a> {
    pub shared: &'a Shared,
    /// The parameters: a POST body's JSON object, or a GET query unflattened (all values
    /// strings).
    pub params: &'a Map<String, Value>,
    /// Whether the parameters came from a GET query.
    pub from_query: bool,
    /// The service clock, Unix seconds.
    pub now: i64,
    processed: Cell<bool>,
}

impl<'a> Call<'a> {
    pub(crate) fn new(
        shared: &'a Shared,
        params: &'a Map<String, Value>,
        from_query: bool,
        now: i64,
    ) -> Self {
        Call {
            shared,
            params,
            from_query,
            now,
            processed: Cell::new(false),
        }
    }

    /// Notes that the parameters were accepted and the action itself runs.
    pub(crate) fn mark_processed(&self) {
        self.processed.set(true);
    }

    pub(crate) fn processed(&self) -> bool {
        self.processed.get()
    }
}

/// Runs an action; returns its output fields (the `Response` object without `RequestId`).
pub(crate) type Handler =
    Arc<dyn Fn(&Call<'_>) -> Result<Map<String, Value>, Failure> + Send + Sync>;

/// One served action.
#[derive(Clone)]
pub(crate) struct ActionSpec {
    pub service: String,
    pub version: String,
    pub name: String,
    /// The regions the action is offered in; empty when any (or no) region is accepted.
    pub regions: Vec<String>,
    /// The documented requests-per-second limit per SecretId.
    pub rate_limit: Option<u32>,
    /// Whether requests must be signed (STS `AssumeRoleWithWebIdentity` is not).
    pub signed: bool,
    pub handler: Handler,
}

impl std::fmt::Debug for ActionSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActionSpec")
            .field("service", &self.service)
            .field("version", &self.version)
            .field("name", &self.name)
            .field("regions", &self.regions)
            .field("rate_limit", &self.rate_limit)
            .field("signed", &self.signed)
            .finish_non_exhaustive()
    }
}

impl ActionSpec {
    /// A signed action without region or rate limit.
    pub(crate) fn new(service: &str, version: &str, name: &str, handler: Handler) -> Self {
        ActionSpec {
            service: service.to_owned(),
            version: version.to_owned(),
            name: name.to_owned(),
            regions: Vec::new(),
            rate_limit: None,
            signed: true,
            handler,
        }
    }
}

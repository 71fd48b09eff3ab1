//! The actions this emulator serves, and how a request finds its action: by `X-TC-Action`,
//! `X-TC-Version` and `X-TC-Region`.

use serde_json::{Map, Value};

use crate::envelope::{Failure, code};
use crate::server::Shared;
use crate::trtc;

/// Runs an action on its parameters at `now` (Unix seconds); returns the output fields.
pub(crate) type Handler =
    fn(&Shared, &Map<String, Value>, i64) -> Result<Map<String, Value>, Failure>;

/// One served action.
pub(crate) struct ActionSpec {
    pub service: &'static str,
    pub version: &'static str,
    pub name: &'static str,
    /// The regions the action is offered in; empty when it takes no region.
    pub regions: &'static [&'static str],
    pub handler: Handler,
}

/// Every action served.
pub(crate) const ACTIONS: &[ActionSpec] = &[ActionSpec {
    service: "iotexplorer",
    version: "2019-04-23",
    name: trtc::ACTION,
    regions: trtc::REGIONS,
    handler: trtc::create_trtc_signatures_with_room_id,
}];

/// The service of a served action.
pub(crate) fn service_of(action: &str) -> Option<&'static str> {
    ACTIONS.iter().find(|a| a.name == action).map(|a| a.service)
}

/// Finds the action a request names, for `service` (the action's own service when it is
/// served, otherwise the one the request was signed for).
pub(crate) fn resolve(
    action: Option<&str>,
    version: Option<&str>,
    service: &str,
) -> Result<&'static ActionSpec, Failure> {
    let action = action.ok_or_else(|| Failure::missing("X-TC-Action"))?;
    let version = version.ok_or_else(|| Failure::missing("X-TC-Version"))?;
    let mut versions = ACTIONS
        .iter()
        .filter(|a| a.service == service)
        .map(|a| a.version)
        .peekable();
    if versions.peek().is_some() && !versions.any(|v| v == version) {
        return Err(Failure::new(
            code::NO_SUCH_VERSION,
            format!("The API version `{version}` of service `{service}` does not exist."),
        ));
    }
    ACTIONS
        .iter()
        .find(|a| a.service == service && a.version == version && a.name == action)
        .ok_or_else(|| {
            Failure::new(
                code::INVALID_ACTION,
                format!(
                    "The action `{action}` does not exist in version `{version}` of service `{service}`."
                ),
            )
        })
}

/// Checks `X-TC-Region` against the regions the action is offered in.
pub(crate) fn check_region(spec: &ActionSpec, region: Option<&str>) -> Result<(), Failure> {
    if spec.regions.is_empty() {
        return Ok(());
    }
    let region = region.ok_or_else(|| Failure::missing("X-TC-Region"))?;
    if spec.regions.contains(&region) {
        Ok(())
    } else {
        Err(Failure::new(
            code::UNSUPPORTED_REGION,
            format!(
                "{} does not support region `{region}`; it is offered in {}.",
                spec.name,
                spec.regions.join(", ")
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME: &str = "CreateTRTCSignaturesWithRoomId";

    #[test]
    fn resolves_the_served_action() {
        assert_eq!(service_of(NAME), Some("iotexplorer"));
        assert_eq!(service_of("DescribeInstances"), None);
        let spec = resolve(Some(NAME), Some("2019-04-23"), "iotexplorer").unwrap();
        assert_eq!(spec.name, NAME);
    }

    #[test]
    fn missing_headers_unknown_versions_and_actions() {
        let code_of = |a, v, s| resolve(a, v, s).err().map(|f| f.code);
        assert_eq!(
            code_of(None, Some("2019-04-23"), "iotexplorer"),
            Some(code::MISSING_PARAMETER)
        );
        assert_eq!(
            code_of(Some(NAME), None, "iotexplorer"),
            Some(code::MISSING_PARAMETER)
        );
        assert_eq!(
            code_of(Some(NAME), Some("2020-01-01"), "iotexplorer"),
            Some(code::NO_SUCH_VERSION)
        );
        assert_eq!(
            code_of(Some("DescribeDevice2"), Some("2019-04-23"), "iotexplorer"),
            Some(code::INVALID_ACTION)
        );
        assert_eq!(
            code_of(Some("DescribeInstances"), Some("2017-03-12"), "cvm"),
            Some(code::INVALID_ACTION)
        );
    }

    #[test]
    fn regions() {
        let spec = &ACTIONS[0];
        assert!(check_region(spec, Some("ap-shanghai-fsi")).is_ok());
        assert_eq!(
            check_region(spec, None).unwrap_err().code,
            code::MISSING_PARAMETER
        );
        let failure = check_region(spec, Some("ap-beijing")).unwrap_err();
        assert_eq!(failure.code, code::UNSUPPORTED_REGION);
        assert!(failure.message.contains("ap-beijing"));
    }
}

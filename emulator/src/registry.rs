//! The actions an emulator serves (built-in ones and those registered on the builder), and how
//! a request finds its action: by `X-TC-Action`, `X-TC-Version` and `X-TC-Region`.

use std::borrow::Cow;
use std::sync::Arc;

use tencent_action_core::codes;

use crate::action::ActionSpec;
use crate::envelope::Failure;
use crate::{sts, trtc};

/// Every action served.
#[derive(Debug, Clone)]
pub(crate) struct Registry {
    actions: Vec<ActionSpec>,
}

impl Registry {
    /// The built-in actions: IoT Explorer's `CreateTRTCSignaturesWithRoomId` and STS.
    pub(crate) fn builtin() -> Self {
        let mut trtc = ActionSpec::new(
            "iotexplorer",
            "2019-04-23",
            trtc::ACTION,
            Arc::new(trtc::create_trtc_signatures_with_room_id),
        );
        trtc.regions = trtc::REGIONS.iter().map(|r| (*r).to_owned()).collect();
        trtc.rate_limit = Some(trtc::RATE_LIMIT);
        let assume_role = ActionSpec::new(
            sts::SERVICE,
            sts::VERSION,
            sts::ASSUME_ROLE,
            Arc::new(sts::assume_role),
        );
        let mut web_identity = ActionSpec::new(
            sts::SERVICE,
            sts::VERSION,
            sts::ASSUME_ROLE_WITH_WEB_IDENTITY,
            Arc::new(sts::assume_role_with_web_identity),
        );
        web_identity.signed = false;
        Registry {
            actions: vec![trtc, assume_role, web_identity],
        }
    }

    /// Adds an action, replacing one with the same service, version and name.
    pub(crate) fn register(&mut self, spec: ActionSpec) {
        self.actions.retain(|a| {
            !(a.service == spec.service && a.version == spec.version && a.name == spec.name)
        });
        self.actions.push(spec);
    }

    /// The service of an action, when exactly one service serves an action of that name.
    pub(crate) fn service_of(&self, action: &str) -> Option<&str> {
        let mut services = self
            .actions
            .iter()
            .filter(|a| a.name == action)
            .map(|a| a.service.as_str());
        let first = services.next()?;
        services.all(|s| s == first).then_some(first)
    }

    /// Whether an action of this name is served without signature checks.
    pub(crate) fn is_unsigned(&self, action: &str) -> bool {
        self.service_of(action).is_some()
            && self.actions.iter().any(|a| a.name == action && !a.signed)
    }

    /// Finds the action a request names, for `service` (the action's own service when it is
    /// unambiguous, otherwise the one the request was signed for): a registered or built-in
    /// action, else (with the `spec` feature) the action of the spec index.
    pub(crate) fn resolve(
        &self,
        action: Option<&str>,
        version: Option<&str>,
        service: &str,
    ) -> Result<Cow<'_, ActionSpec>, Failure> {
        let action = action.ok_or_else(|| Failure::missing("X-TC-Action"))?;
        let version = version.ok_or_else(|| Failure::missing("X-TC-Version"))?;
        match self.registered(action, version, service) {
            Ok(spec) => Ok(Cow::Borrowed(spec)),
            #[cfg(feature = "spec")]
            Err(failure) => {
                let registered: Vec<&str> = self
                    .actions
                    .iter()
                    .filter(|a| a.service == service && a.version == version)
                    .map(|a| a.name.as_str())
                    .collect();
                match crate::spec_actions::resolve(service, version, action, &registered) {
                    Some(Ok(found)) => Ok(Cow::Owned(found)),
                    // A version only handlers serve is not the index's to refuse.
                    Some(Err(unknown))
                        if registered.is_empty() || unknown.code != codes::NO_SUCH_VERSION =>
                    {
                        Err(unknown)
                    }
                    _ => Err(failure),
                }
            }
            #[cfg(not(feature = "spec"))]
            Err(failure) => Err(failure),
        }
    }

    /// Finds a registered or built-in action.
    fn registered(
        &self,
        action: &str,
        version: &str,
        service: &str,
    ) -> Result<&ActionSpec, Failure> {
        let mut versions = self
            .actions
            .iter()
            .filter(|a| a.service == service)
            .map(|a| a.version.as_str())
            .peekable();
        if versions.peek().is_some() && !versions.any(|v| v == version) {
            return Err(Failure::new(
                codes::NO_SUCH_VERSION,
                format!("The API version `{version}` of service `{service}` does not exist."),
            ));
        }
        self.actions
            .iter()
            .find(|a| a.service == service && a.version == version && a.name == action)
            .ok_or_else(|| {
                Failure::new(
                    codes::INVALID_ACTION,
                    format!(
                        "The action `{action}` does not exist in version `{version}` of service `{service}`."
                    ),
                )
            })
    }
}

/// Checks `X-TC-Region` against the regions the action is offered in.
pub(crate) fn check_region(spec: &ActionSpec, region: Option<&str>) -> Result<(), Failure> {
    if spec.regions.is_empty() {
        return Ok(());
    }
    let region = region.ok_or_else(|| Failure::missing("X-TC-Region"))?;
    if spec.regions.iter().any(|r| r == region) {
        Ok(())
    } else {
        Err(Failure::new(
            codes::UNSUPPORTED_REGION,
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
    use serde_json::Map;

    use super::*;
    use crate::action::Handler;

    const NAME: &str = "CreateTRTCSignaturesWithRoomId";

    fn noop() -> Handler {
        Arc::new(|_| Ok(Map::new()))
    }

    #[test]
    fn resolves_the_served_action() {
        let registry = Registry::builtin();
        assert_eq!(registry.service_of(NAME), Some("iotexplorer"));
        assert_eq!(registry.service_of("AssumeRole"), Some("sts"));
        assert_eq!(registry.service_of("DescribeInstances"), None);
        let spec = registry
            .resolve(Some(NAME), Some("2019-04-23"), "iotexplorer")
            .unwrap();
        assert_eq!(spec.name, NAME);
        assert_eq!(spec.rate_limit, Some(20));
        assert!(registry.is_unsigned("AssumeRoleWithWebIdentity"));
        assert!(!registry.is_unsigned("AssumeRole"));
    }

    #[test]
    fn missing_headers_unknown_versions_and_actions() {
        let registry = Registry::builtin();
        let code_of = |a, v, s| registry.resolve(a, v, s).err().map(|f| f.code.into_owned());
        let expect = |c: &str| Some(c.to_owned());
        assert_eq!(
            code_of(None, Some("2019-04-23"), "iotexplorer"),
            expect(codes::MISSING_PARAMETER)
        );
        assert_eq!(
            code_of(Some(NAME), None, "iotexplorer"),
            expect(codes::MISSING_PARAMETER)
        );
        assert_eq!(
            code_of(Some(NAME), Some("2020-01-01"), "iotexplorer"),
            expect(codes::NO_SUCH_VERSION)
        );
        assert_eq!(
            code_of(Some("DescribeDevice2"), Some("2019-04-23"), "iotexplorer"),
            expect(codes::INVALID_ACTION)
        );
        assert_eq!(
            code_of(Some("DescribeInstancez"), Some("2017-03-12"), "cvm"),
            expect(codes::INVALID_ACTION)
        );
        assert_eq!(
            code_of(
                Some("DescribeInstances"),
                Some("2017-03-12"),
                "nosuchservice"
            ),
            expect(codes::INVALID_ACTION)
        );
    }

    #[test]
    fn registered_actions_join_and_replace() {
        let mut registry = Registry::builtin();
        registry.register(ActionSpec::new(
            "cvm",
            "2017-03-12",
            "DescribeZones",
            noop(),
        ));
        registry.register(ActionSpec::new(
            "cdb",
            "2017-03-20",
            "DescribeZones",
            noop(),
        ));
        // The same name in two services: the signature's scope decides.
        assert_eq!(registry.service_of("DescribeZones"), None);
        assert!(
            registry
                .resolve(Some("DescribeZones"), Some("2017-03-12"), "cvm")
                .is_ok()
        );
        let err = registry
            .resolve(Some("DescribeZones"), Some("2017-03-13"), "cvm")
            .unwrap_err();
        assert_eq!(err.code, codes::NO_SUCH_VERSION);
        // A version of a known service that only handlers serve.
        registry.register(ActionSpec::new(
            "cvm",
            "2099-01-01",
            "DescribeWidget",
            noop(),
        ));
        assert!(
            registry
                .resolve(Some("DescribeWidget"), Some("2099-01-01"), "cvm")
                .is_ok()
        );
        let err = registry
            .resolve(Some("DescribeGadget"), Some("2099-01-01"), "cvm")
            .unwrap_err();
        assert_eq!(err.code, codes::INVALID_ACTION);
        let mut replacement = ActionSpec::new("cvm", "2017-03-12", "DescribeZones", noop());
        replacement.rate_limit = Some(5);
        registry.register(replacement);
        let spec = registry
            .resolve(Some("DescribeZones"), Some("2017-03-12"), "cvm")
            .unwrap();
        assert_eq!(spec.rate_limit, Some(5));
    }

    #[test]
    fn regions() {
        let registry = Registry::builtin();
        let spec = registry
            .resolve(Some(NAME), Some("2019-04-23"), "iotexplorer")
            .unwrap();
        assert!(check_region(&spec, Some("ap-shanghai-fsi")).is_ok());
        assert_eq!(
            check_region(&spec, None).unwrap_err().code,
            codes::MISSING_PARAMETER
        );
        let failure = check_region(&spec, Some("ap-beijing")).unwrap_err();
        assert_eq!(failure.code, codes::UNSUPPORTED_REGION);
        assert!(failure.message.contains("ap-beijing"));
        let any = ActionSpec::new("cvm", "2017-03-12", "X", noop());
        assert!(check_region(&any, None).is_ok());
    }
}

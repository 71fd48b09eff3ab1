#[derive(
    my_runtime::__private_v0_1::serde::Serialize,
    my_runtime::__private_v0_1::serde::Deserialize,
    ::core::clone::Clone,
    ::core::fmt::Debug
)]
#[serde(crate = "my_runtime::__private_v0_1::serde")]
pub struct RunInstances {
    #[serde(
        rename = "ClientToken",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub client_token: Option<String>,
    #[serde(rename = "Type")]
    pub r#type: String,
}
#[automatically_derived]
impl my_runtime::__private_v0_1::Validate for RunInstances {
    #[allow(unused_variables)]
    fn validate_at(
        &self,
        __parent: ::core::option::Option<&my_runtime::__private_v0_1::FieldPath<'_>>,
        __out: &mut my_runtime::__private_v0_1::Violations,
    ) {
        #[allow(unused_imports)]
        use my_runtime::__private_v0_1::{SkipNested as _, ValidateNested as _};
    }
}
#[automatically_derived]
impl my_runtime::Model for RunInstances {}
#[automatically_derived]
impl my_runtime::Action for RunInstances {
    const SERVICE: &'static str = "cvm";
    const NAME: &'static str = "RunInstances";
    const VERSION: &'static str = "2017-03-12";
    const REGIONS: &'static [&'static str] = &[];
    const RATE_LIMIT: ::core::option::Option<u32> = ::core::option::Option::None;
    const IDEMPOTENT: bool = true;
    type Response = serde_json::Value;
    type ErrorCode = ::core::convert::Infallible;
    fn client_token_missing(&self) -> bool {
        <Option<
            String,
        > as my_runtime::__private_v0_1::ClientTokenSlot>::is_blank(&self.client_token)
    }
}
const _: () = {
    #[allow(unused_imports)]
    use my_runtime::__private_v0_1::check::ProbeFallback as _;
    let __tc_objects: &[my_runtime::__private_v0_1::check::SpecObject] = &[
        my_runtime::__private_v0_1::check::SpecObject {
            name: "RunInstancesResponse",
            members: &[
                my_runtime::__private_v0_1::check::SpecMember {
                    name: "InstanceIdSet",
                    ty: my_runtime::__private_v0_1::check::SpecType::Text,
                    lists: 1u8,
                    required: false,
                },
                my_runtime::__private_v0_1::check::SpecMember {
                    name: "RequestId",
                    ty: my_runtime::__private_v0_1::check::SpecType::Text,
                    lists: 0u8,
                    required: false,
                },
            ],
            shared: false,
        },
    ];
    let report = my_runtime::__private_v0_1::check::check_model(
        "the response of RunInstances (cvm 2017-03-12)",
        my_runtime::__private_v0_1::check::Probe::<
            <RunInstances as my_runtime::Action>::Response,
        >::S0,
        __tc_objects,
        0usize,
        false,
    );
    if report.failed() {
        ::core::panic!("{}", report.message());
    }
};
::core::compile_error! {
    "`Type` is not a request member of RunInstances (cvm 2017-03-12)\nits members: InstanceChargeType, InstanceChargePrepaid, Placement, InstanceType, ImageId, SystemDisk, DataDisks, VirtualPrivateCloud, InternetAccessible, InstanceCount, MinCount, InstanceName, LoginSettings, SecurityGroupIds, EnhancedService, ClientToken, HostName, ActionTimer, DisasterRecoverGroupIds, TagSpecification, InstanceMarketOptions, UserData, Metadata, DryRun, CpuTopology, CamRoleName, HpcClusterId, LaunchTemplate, DedicatedClusterId, ChcIds, PartitionNumber, DisableApiTermination, EnableJumboFrame, NetworkInterfaces"
}

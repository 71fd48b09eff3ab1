#[derive(
    ::tencent_action::__private_v0_1::serde::Serialize,
    ::tencent_action::__private_v0_1::serde::Deserialize,
    ::core::clone::Clone
)]
#[serde(crate = "::tencent_action::__private_v0_1::serde")]
pub struct TrtcParams {
    #[serde(rename = "SdkAppId")]
    pub sdk_app_id: i64,
    #[serde(rename = "UserSig")]
    pub user_sig: String,
    #[serde(
        rename = "PrivateKey",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub private_key: Option<String>,
    #[serde(
        rename = "Ratio",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub ratio: Option<f64>,
    #[serde(
        rename = "Children",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub children: Option<Vec<Child>>,
}
#[automatically_derived]
impl ::core::fmt::Debug for TrtcParams {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.debug_struct("TrtcParams")
            .field("sdk_app_id", &self.sdk_app_id)
            .field("user_sig", &::tencent_action::__private_v0_1::Redacted)
            .field(
                "private_key",
                ::tencent_action::__private_v0_1::RedactedDebug::redacted(
                    &self.private_key,
                ),
            )
            .field("ratio", &self.ratio)
            .field("children", &self.children)
            .finish()
    }
}
#[automatically_derived]
impl ::tencent_action::__private_v0_1::Validate for TrtcParams {
    #[allow(unused_variables)]
    fn validate_at(
        &self,
        __parent: ::core::option::Option<
            &::tencent_action::__private_v0_1::FieldPath<'_>,
        >,
        __out: &mut ::tencent_action::__private_v0_1::Violations,
    ) {
        #[allow(unused_imports)]
        use ::tencent_action::__private_v0_1::{SkipNested as _, ValidateNested as _};
        {
            let __path = ::tencent_action::__private_v0_1::FieldPath::field(
                __parent,
                "Ratio",
            );
            if let ::core::option::Option::Some(__value) = &self.ratio {
                ::tencent_action::__private_v0_1::check_min(
                    __value,
                    0.5,
                    &__path,
                    __out,
                );
                ::tencent_action::__private_v0_1::check_max(
                    __value,
                    (2) as _,
                    &__path,
                    __out,
                );
            }
        }
        {
            let __path = ::tencent_action::__private_v0_1::FieldPath::field(
                __parent,
                "Children",
            );
            (&::tencent_action::__private_v0_1::Nested(&self.children))
                .__tc_validate_nested(&__path, __out);
        }
    }
}
#[automatically_derived]
impl ::tencent_action::Model for TrtcParams {}
#[automatically_derived]
impl ::tencent_action::__private_v0_1::check::HasShape for TrtcParams {
    const MODEL: ::tencent_action::__private_v0_1::check::ModelFields = ::tencent_action::__private_v0_1::check::ModelFields {
        name: "TrtcParams",
        fields: "sdk_app_id\u{1f}SdkAppId\u{1f}-i\u{1e}user_sig\u{1f}UserSig\u{1f}-s\u{1e}private_key\u{1f}PrivateKey\u{1f}os\u{1e}ratio\u{1f}Ratio\u{1f}of\u{1e}children\u{1f}Children\u{1f}o[o\u{1e}",
        opaque: false,
    };
    const NESTED_0: &'static [::core::option::Option<
        &'static ::tencent_action::__private_v0_1::check::ModelShape,
    >] = {
        #[allow(unused_imports)]
        use ::tencent_action::__private_v0_1::check::ProbeFallback as _;
        &[
            ::core::option::Option::None,
            ::core::option::Option::None,
            ::core::option::Option::None,
            ::core::option::Option::None,
            ::tencent_action::__private_v0_1::check::Probe::<Child>::S1,
        ]
    };
    const NESTED_1: &'static [::core::option::Option<
        &'static ::tencent_action::__private_v0_1::check::ModelShape,
    >] = {
        #[allow(unused_imports)]
        use ::tencent_action::__private_v0_1::check::ProbeFallback as _;
        &[
            ::core::option::Option::None,
            ::core::option::Option::None,
            ::core::option::Option::None,
            ::core::option::Option::None,
            ::tencent_action::__private_v0_1::check::Probe::<Child>::S2,
        ]
    };
    const NESTED_2: &'static [::core::option::Option<
        &'static ::tencent_action::__private_v0_1::check::ModelShape,
    >] = {
        #[allow(unused_imports)]
        use ::tencent_action::__private_v0_1::check::ProbeFallback as _;
        &[
            ::core::option::Option::None,
            ::core::option::Option::None,
            ::core::option::Option::None,
            ::core::option::Option::None,
            ::tencent_action::__private_v0_1::check::Probe::<Child>::S3,
        ]
    };
}

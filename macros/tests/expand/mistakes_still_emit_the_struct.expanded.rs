#[derive(
    ::tencent_action::__private_v0_1::serde::Serialize,
    ::tencent_action::__private_v0_1::serde::Deserialize,
    ::core::clone::Clone,
    ::core::fmt::Debug
)]
#[serde(crate = "::tencent_action::__private_v0_1::serde")]
pub struct DescribeThings {
    #[serde(rename = "Name")]
    pub name: String,
}
#[automatically_derived]
impl ::tencent_action::__private_v0_1::Validate for DescribeThings {
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
    }
}
#[automatically_derived]
impl ::tencent_action::Model for DescribeThings {}
#[automatically_derived]
impl ::tencent_action::Action for DescribeThings {
    const SERVICE: &'static str = "";
    const NAME: &'static str = "DescribeThings";
    const VERSION: &'static str = "2017-3-12";
    const REGIONS: &'static [&'static str] = &[];
    const RATE_LIMIT: ::core::option::Option<u32> = ::core::option::Option::None;
    const IDEMPOTENT: bool = false;
    type Response = DescribeThingsResponse;
    type ErrorCode = ::core::convert::Infallible;
}
::core::compile_error! {
    "unknown #[tencent_action] key `servce`; did you mean `service`?\nexpected one of: service, name, version, response, regions, rate_limit, idempotent, errors, crate, unchecked"
}
::core::compile_error! {
    "`version` must be a date `YYYY-MM-DD` such as \"2019-04-23\", not \"2017-3-12\""
}
::core::compile_error! {
    "`max_items` applies to lists and other collections (`Vec<T>`, sets, maps), but `name` has type `String` (a string)"
}

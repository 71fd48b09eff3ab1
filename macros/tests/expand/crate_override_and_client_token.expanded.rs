#[derive(
    my_runtime::__private::serde::Serialize,
    my_runtime::__private::serde::Deserialize,
    ::core::clone::Clone,
    ::core::fmt::Debug
)]
#[serde(crate = "my_runtime::__private::serde")]
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
impl my_runtime::__private::Validate for RunInstances {
    #[allow(unused_variables)]
    fn validate_at(
        &self,
        __parent: ::core::option::Option<&my_runtime::__private::FieldPath<'_>>,
        __out: &mut my_runtime::__private::Violations,
    ) {
        #[allow(unused_imports)]
        use my_runtime::__private::{SkipNested as _, ValidateNested as _};
    }
}
impl my_runtime::Model for RunInstances {}
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
        > as my_runtime::__private::ClientTokenSlot>::is_blank(&self.client_token)
    }
}

#[derive(
    ::tencent_action::__private_v0_1::serde::Serialize,
    ::tencent_action::__private_v0_1::serde::Deserialize,
    ::core::clone::Clone,
    ::core::fmt::Debug
)]
#[serde(crate = "::tencent_action::__private_v0_1::serde")]
pub struct CreateTrtcSignaturesWithRoomId {
    #[serde(rename = "TRTCUserIds")]
    pub trtc_user_ids: Vec<String>,
    #[serde(rename = "RoomId")]
    pub room_id: String,
}
#[automatically_derived]
impl ::tencent_action::__private_v0_1::Validate for CreateTrtcSignaturesWithRoomId {
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
                "TRTCUserIds",
            );
            {
                let __value = &self.trtc_user_ids;
                ::tencent_action::__private_v0_1::check_min_items(
                    __value,
                    1usize,
                    &__path,
                    __out,
                );
                ::tencent_action::__private_v0_1::check_max_items(
                    __value,
                    10usize,
                    &__path,
                    __out,
                );
                ::tencent_action::__private_v0_1::check_unique(
                    &__value[..],
                    &__path,
                    __out,
                );
            }
        }
        {
            let __path = ::tencent_action::__private_v0_1::FieldPath::field(
                __parent,
                "RoomId",
            );
            {
                let __value = &self.room_id;
                ::tencent_action::__private_v0_1::check_min_len(
                    __value,
                    1usize,
                    &__path,
                    __out,
                );
            }
        }
    }
}
#[automatically_derived]
impl ::tencent_action::Model for CreateTrtcSignaturesWithRoomId {}
#[automatically_derived]
impl ::tencent_action::Action for CreateTrtcSignaturesWithRoomId {
    const SERVICE: &'static str = "iotexplorer";
    const NAME: &'static str = "CreateTRTCSignaturesWithRoomId";
    const VERSION: &'static str = "2019-04-23";
    const REGIONS: &'static [&'static str] = &["ap-guangzhou", "ap-shanghai"];
    const RATE_LIMIT: ::core::option::Option<u32> = ::core::option::Option::Some(20u32);
    const IDEMPOTENT: bool = false;
    type Response = CreateTrtcSignaturesWithRoomIdResponse;
    type ErrorCode = CreateTrtcSignaturesWithRoomIdError;
}
///The documented error codes of [`CreateTrtcSignaturesWithRoomId`]; match on them with `CreateTrtcSignaturesWithRoomIdError::of(&error)`.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::cmp::Eq,
    ::core::hash::Hash
)]
pub enum CreateTrtcSignaturesWithRoomIdError {
    ///`InvalidParameter.RoomIdExist`
    RoomIdExist,
}
#[automatically_derived]
impl ::tencent_action::ErrorCode for CreateTrtcSignaturesWithRoomIdError {
    fn from_code(code: &str) -> ::core::option::Option<Self> {
        match code {
            "InvalidParameter.RoomIdExist" => {
                ::core::option::Option::Some(Self::RoomIdExist)
            }
            _ => ::core::option::Option::None,
        }
    }
    fn code(self) -> &'static str {
        match self {
            Self::RoomIdExist => "InvalidParameter.RoomIdExist",
        }
    }
}
impl CreateTrtcSignaturesWithRoomIdError {
    /// The variant for an error, when it is an API error with one of this action's codes.
    pub fn of(error: &::tencent_action::Error) -> ::core::option::Option<Self> {
        <Self as ::tencent_action::ErrorCode>::from_code(error.code()?)
    }
}
const _: () = {
    #[allow(unused_imports)]
    use ::tencent_action::__private_v0_1::check::ProbeFallback as _;
    let __tc_objects: &[::tencent_action::__private_v0_1::check::SpecObject] = &[
        ::tencent_action::__private_v0_1::check::SpecObject {
            name: "CreateTRTCSignaturesWithRoomIdResponse",
            members: &[
                ::tencent_action::__private_v0_1::check::SpecMember {
                    name: "TRTCParamList",
                    ty: ::tencent_action::__private_v0_1::check::SpecType::Object(
                        1usize,
                    ),
                    lists: 1u8,
                    required: false,
                },
                ::tencent_action::__private_v0_1::check::SpecMember {
                    name: "RequestId",
                    ty: ::tencent_action::__private_v0_1::check::SpecType::Text,
                    lists: 0u8,
                    required: false,
                },
            ],
            shared: false,
        },
        ::tencent_action::__private_v0_1::check::SpecObject {
            name: "TRTCParams",
            members: &[
                ::tencent_action::__private_v0_1::check::SpecMember {
                    name: "SdkAppId",
                    ty: ::tencent_action::__private_v0_1::check::SpecType::Int64,
                    lists: 0u8,
                    required: false,
                },
                ::tencent_action::__private_v0_1::check::SpecMember {
                    name: "UserId",
                    ty: ::tencent_action::__private_v0_1::check::SpecType::Text,
                    lists: 0u8,
                    required: false,
                },
                ::tencent_action::__private_v0_1::check::SpecMember {
                    name: "UserSig",
                    ty: ::tencent_action::__private_v0_1::check::SpecType::Text,
                    lists: 0u8,
                    required: false,
                },
                ::tencent_action::__private_v0_1::check::SpecMember {
                    name: "StrRoomId",
                    ty: ::tencent_action::__private_v0_1::check::SpecType::Text,
                    lists: 0u8,
                    required: false,
                },
                ::tencent_action::__private_v0_1::check::SpecMember {
                    name: "PrivateKey",
                    ty: ::tencent_action::__private_v0_1::check::SpecType::Text,
                    lists: 0u8,
                    required: false,
                },
            ],
            shared: false,
        },
    ];
    let report = ::tencent_action::__private_v0_1::check::check_model(
        "the response of CreateTRTCSignaturesWithRoomId (iotexplorer 2019-04-23)",
        ::tencent_action::__private_v0_1::check::Probe::<
            <CreateTrtcSignaturesWithRoomId as ::tencent_action::Action>::Response,
        >::S0,
        __tc_objects,
        0usize,
        false,
    );
    if report.failed() {
        ::core::panic!("{}", report.message());
    }
};

//! IoT Explorer's `CreateTRTCSignaturesWithRoomId` (2019-04-23): TRTC credentials for up to
//! ten users entering a room with a string id.

use std::sync::PoisonError;

use serde_json::{Map, Value, json};
use tencent_action_core::codes;

use crate::action::Call;
use crate::envelope::Failure;
use crate::params::json_kind;
use crate::usersig::ALL_PRIVILEGES;

/// The action's name.
pub(crate) const ACTION: &str = "CreateTRTCSignaturesWithRoomId";

/// The regions the action is offered in.
pub(crate) const REGIONS: &[&str] = &[
    "ap-bangkok",
    "ap-guangzhou",
    "ap-shanghai",
    "ap-shanghai-fsi",
    "eu-frankfurt",
    "na-ashburn",
];

/// The documented request-rate limit, per second and SecretId.
pub(crate) const RATE_LIMIT: u32 = 20;

/// The most users one call may ask for.
pub(crate) const MAX_USERS: usize = 10;

/// TRTC's limit on a user id, in bytes.
pub(crate) const MAX_USER_ID_LEN: usize = 32;

/// TRTC's limit on a string room id, in bytes.
pub(crate) const MAX_ROOM_ID_LEN: usize = 64;

/// Validity of the issued UserSig and PrivateKey, in seconds.
pub(crate) const CREDENTIAL_LIFETIME: u64 = 86_400;

const USER_IDS: &str = "TRTCUserIds";
const ROOM_ID: &str = "RoomId";

/// Validates the parameters, records the room and issues one UserSig and PrivateKey per user.
pub(crate) fn create_trtc_signatures_with_room_id(
    call: &Call<'_>,
) -> Result<Map<String, Value>, Failure> {
    let (user_ids, room_id) = read_params(call.params)?;
    call.mark_processed();
    let trtc = &call.shared.trtc;
    let now = u64::try_from(call.now).unwrap_or_default();
    let mut rooms = trtc.rooms.lock().unwrap_or_else(PoisonError::into_inner);
    if rooms.contains(room_id) {
        return Err(Failure::new(
            codes::ROOM_ID_EXIST,
            format!("The RoomId `{room_id}` already exists."),
        ));
    }
    let mut list = Vec::with_capacity(user_ids.len());
    for user_id in &user_ids {
        let private_key = trtc
            .app
            .private_map_key(user_id, room_id, CREDENTIAL_LIFETIME, ALL_PRIVILEGES, now)
            .map_err(|e| Failure::new(codes::INTERNAL_ERROR, e.to_string()))?;
        list.push(json!({
            "SdkAppId": trtc.app.sdk_app_id(),
            "UserId": user_id,
            "UserSig": trtc.app.user_sig(user_id, CREDENTIAL_LIFETIME, now),
            "StrRoomId": room_id,
            "PrivateKey": private_key,
        }));
    }
    rooms.insert(room_id.to_owned());
    let mut out = Map::new();
    out.insert("TRTCParamList".to_owned(), Value::Array(list));
    Ok(out)
}

/// Checks presence, then unknown names, then types, then values.
fn read_params(params: &Map<String, Value>) -> Result<(Vec<&str>, &str), Failure> {
    let present = |name| params.get(name).filter(|v| !v.is_null());
    let users = present(USER_IDS).ok_or_else(|| Failure::missing(USER_IDS))?;
    let room = present(ROOM_ID).ok_or_else(|| Failure::missing(ROOM_ID))?;
    if let Some(unknown) = params.keys().find(|k| *k != USER_IDS && *k != ROOM_ID) {
        return Err(Failure::unknown(unknown, ACTION));
    }

    let Value::Array(items) = users else {
        return Err(Failure::invalid(format!(
            "`{USER_IDS}` must be an array of strings, not {}.",
            json_kind(users)
        )));
    };
    let mut user_ids = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let Value::String(user_id) = item else {
            return Err(Failure::invalid(format!(
                "`{USER_IDS}.{i}` must be a string, not {}.",
                json_kind(item)
            )));
        };
        user_ids.push(user_id.as_str());
    }
    let Value::String(room_id) = room else {
        return Err(Failure::invalid(format!(
            "`{ROOM_ID}` must be a string, not {}.",
            json_kind(room)
        )));
    };

    if room_id.is_empty() {
        return Err(Failure::invalid_value(format!(
            "`{ROOM_ID}` must not be empty."
        )));
    }
    if room_id.len() > MAX_ROOM_ID_LEN {
        return Err(Failure::invalid_value(format!(
            "`{ROOM_ID}` is {} bytes long; a TRTC room id has at most {MAX_ROOM_ID_LEN}.",
            room_id.len()
        )));
    }
    if user_ids.is_empty() {
        return Err(Failure::invalid_value(format!(
            "`{USER_IDS}` must hold at least one user id."
        )));
    }
    if user_ids.len() > MAX_USERS {
        return Err(Failure::new(
            codes::USER_ID_OVER_LIMIT,
            format!(
                "`{USER_IDS}` holds {} user ids; at most {MAX_USERS} are allowed.",
                user_ids.len()
            ),
        ));
    }
    for (i, user_id) in user_ids.iter().enumerate() {
        if user_id.is_empty() {
            return Err(Failure::invalid_value(format!(
                "`{USER_IDS}.{i}` must not be empty."
            )));
        }
        if user_id.len() > MAX_USER_ID_LEN {
            return Err(Failure::invalid_value(format!(
                "`{USER_IDS}.{i}` is {} bytes long; a TRTC user id has at most {MAX_USER_ID_LEN}.",
                user_id.len()
            )));
        }
        if let Some(first) = user_ids[..i].iter().position(|u| u == user_id) {
            return Err(Failure::invalid_value(format!(
                "`{USER_IDS}` holds `{user_id}` twice (`{USER_IDS}.{first}` and `{USER_IDS}.{i}`); user ids must be unique."
            )));
        }
    }
    Ok((user_ids, room_id))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::state::Shared;
    use crate::usersig::{TrtcApp, decode};

    const NOW: i64 = 1_700_000_000;

    fn shared() -> Shared {
        Shared::for_tests(TrtcApp::new(1400000000, "k"))
    }

    fn call(shared: &Shared, params: Value) -> Result<Map<String, Value>, Failure> {
        let Value::Object(params) = params else {
            panic!("params must be an object")
        };
        let call = Call::new(shared, &params, false, NOW);
        let out = create_trtc_signatures_with_room_id(&call);
        // Valid parameters are processed, even when the room then exists already.
        let valid = out.is_ok() || out.as_ref().is_err_and(|f| f.code == codes::ROOM_ID_EXIST);
        assert_eq!(call.processed(), valid);
        out
    }

    fn failure(params: Value) -> Failure {
        call(&shared(), params).unwrap_err()
    }

    #[test]
    fn issues_one_entry_per_user_in_order() {
        let shared = shared();
        let out = call(
            &shared,
            json!({"TRTCUserIds": ["b", "a"], "RoomId": "room1"}),
        )
        .unwrap();
        let list = out["TRTCParamList"].as_array().unwrap();
        assert_eq!(list.len(), 2);
        for (entry, user) in list.iter().zip(["b", "a"]) {
            assert_eq!(entry["UserId"], user);
            assert_eq!(entry["SdkAppId"], 1400000000);
            assert_eq!(entry["StrRoomId"], "room1");
            let sig = shared
                .trtc
                .app
                .verify(entry["UserSig"].as_str().unwrap())
                .unwrap();
            assert_eq!((sig.identifier.as_str(), sig.time), (user, NOW as u64));
            assert_eq!(sig.expire, CREDENTIAL_LIFETIME);
            let key = shared
                .trtc
                .app
                .verify(entry["PrivateKey"].as_str().unwrap())
                .unwrap();
            let permit = key.room_permit().unwrap().unwrap();
            assert_eq!(permit.user_id, user);
            assert_eq!(permit.str_room_id.as_deref(), Some("room1"));
            assert_eq!(permit.privileges, ALL_PRIVILEGES);
        }
        assert_ne!(list[0]["UserSig"], list[1]["UserSig"]);
        assert_ne!(list[0]["PrivateKey"], list[1]["PrivateKey"]);
        assert_ne!(list[0]["UserSig"], list[0]["PrivateKey"]);
        assert!(
            decode(list[0]["UserSig"].as_str().unwrap())
                .unwrap()
                .userbuf
                .is_none()
        );
    }

    #[test]
    fn a_room_can_be_created_once() {
        let shared = shared();
        assert!(call(&shared, json!({"TRTCUserIds": ["a"], "RoomId": "r"})).is_ok());
        let again = call(&shared, json!({"TRTCUserIds": ["b"], "RoomId": "r"})).unwrap_err();
        assert_eq!(again.code, codes::ROOM_ID_EXIST);
        assert!(call(&shared, json!({"TRTCUserIds": ["b"], "RoomId": "r2"})).is_ok());
    }

    #[test]
    fn a_failed_call_does_not_take_the_room() {
        let shared = shared();
        assert!(call(&shared, json!({"TRTCUserIds": ["a", "a"], "RoomId": "r"})).is_err());
        assert!(call(&shared, json!({"TRTCUserIds": ["a"], "RoomId": "r"})).is_ok());
    }

    #[test]
    fn missing_parameters_are_named() {
        let f = failure(json!({"RoomId": "r"}));
        assert_eq!(f.code, codes::MISSING_PARAMETER);
        assert!(f.message.contains("`TRTCUserIds`"));
        let f = failure(json!({"TRTCUserIds": ["a"], "RoomId": null}));
        assert_eq!(f.code, codes::MISSING_PARAMETER);
        assert!(f.message.contains("`RoomId`"));
        let f = failure(json!({"TrtcUserIds": ["a"], "TRTCUserIds": ["a"], "RoomId": "r"}));
        assert_eq!(f.code, codes::UNKNOWN_PARAMETER);
        assert!(f.message.contains("`TrtcUserIds`"));
    }

    #[test]
    fn wrong_types_are_invalid_parameters() {
        for params in [
            json!({"TRTCUserIds": "a", "RoomId": "r"}),
            json!({"TRTCUserIds": [1], "RoomId": "r"}),
            json!({"TRTCUserIds": ["a", null], "RoomId": "r"}),
            json!({"TRTCUserIds": ["a"], "RoomId": 5}),
            json!({"TRTCUserIds": {"0": "a"}, "RoomId": "r"}),
        ] {
            assert_eq!(
                failure(params.clone()).code,
                codes::INVALID_PARAMETER,
                "{params}"
            );
        }
        assert!(
            failure(json!({"TRTCUserIds": [1], "RoomId": "r"}))
                .message
                .contains("TRTCUserIds.0")
        );
    }

    #[test]
    fn bad_values() {
        let value_cases = [
            json!({"TRTCUserIds": ["a"], "RoomId": ""}),
            json!({"TRTCUserIds": [], "RoomId": "r"}),
            json!({"TRTCUserIds": [""], "RoomId": "r"}),
            json!({"TRTCUserIds": ["a", "b", "a"], "RoomId": "r"}),
            json!({"TRTCUserIds": ["x".repeat(33)], "RoomId": "r"}),
            json!({"TRTCUserIds": ["a"], "RoomId": "x".repeat(65)}),
        ];
        for params in value_cases {
            assert_eq!(
                failure(params.clone()).code,
                codes::INVALID_PARAMETER_VALUE,
                "{params}"
            );
        }
        let dup = failure(json!({"TRTCUserIds": ["a", "b", "a"], "RoomId": "r"}));
        assert!(dup.message.contains("TRTCUserIds.0") && dup.message.contains("TRTCUserIds.2"));

        let eleven: Vec<String> = (0..11).map(|i| format!("u{i}")).collect();
        let over = failure(json!({"TRTCUserIds": eleven, "RoomId": "r"}));
        assert_eq!(over.code, codes::USER_ID_OVER_LIMIT);
        let ten: Vec<String> = (0..10).map(|i| format!("u{i}")).collect();
        assert!(call(&shared(), json!({"TRTCUserIds": ten, "RoomId": "r"})).is_ok());
    }
}

//! TRTC credentials in TLS-Sig-API v2 format: `UserSig` and the room `PrivateMapKey`.
//!
//! A sig is the JSON object
//! `{"TLS.ver":"2.0","TLS.identifier":USER,"TLS.sdkappid":APPID,"TLS.expire":SECONDS,"TLS.time":NOW,"TLS.sig":SIG}`
//! (plus `"TLS.userbuf":B64` when it carries a user buffer), zlib-compressed and base64-encoded
//! with `+`→`*`, `/`→`-`, `=`→`_`. `SIG` is the base64 HMAC-SHA256, under the application's
//! secret key, of
//! `TLS.identifier:USER\nTLS.sdkappid:APPID\nTLS.time:NOW\nTLS.expire:SECONDS\n`, followed by
//! `TLS.userbuf:B64\n` when there is a user buffer.
//!
//! A `PrivateMapKey` is such a sig whose user buffer is a [`RoomPermit`]: the binary
//! privilege map that grants one user a set of rights in one room.
//!
//! ```
//! use tencent_action_emulator::usersig::{decode, TrtcApp};
//! let app = TrtcApp::new(1400000000, "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e");
//! let sig = app.user_sig("alice", 86400, 1700000000);
//! assert!(sig.starts_with("eJ")); // the zlib header 78 9C
//! let decoded = app.verify(&sig).unwrap();
//! assert_eq!(decoded.identifier, "alice");
//! assert_eq!(decode(&sig).unwrap().expires_at(), 1700086400);
//! ```

use std::cell::RefCell;
use std::fmt;
use std::io::Read;

use base64::Engine as _;
use base64::alphabet::{Alphabet, Symbol};
use base64::engine::general_purpose::{GeneralPurpose, PAD, STANDARD};
use flate2::read::ZlibDecoder;
use flate2::{Compress, Compression, FlushCompress, Status};
use hmac::{Hmac, KeyInit, Mac};
use serde::Serialize;
use serde_json::Value;
use sha2::Sha256;

use crate::verify::constant_time_eq;

/// The `TLS.ver` this module writes and reads.
///
/// ```
/// use tencent_action_emulator::usersig::{decode, TrtcApp, VERSION};
/// assert_eq!(decode(&TrtcApp::new(1, "k").user_sig("u", 1, 1)).unwrap().version, VERSION);
/// ```
pub const VERSION: &str = "2.0";

/// Every privilege in a [`RoomPermit`]: create, enter, send and receive audio, video and
/// sub-stream video.
///
/// ```
/// use tencent_action_emulator::usersig::{ALL_PRIVILEGES, TrtcApp};
///
/// let app = TrtcApp::new(1400000000, "secret-key");
/// let key = app.private_map_key("alice", "room-1", 86400, ALL_PRIVILEGES, 1700000000).unwrap();
/// let permit = app.verify(&key).unwrap().room_permit().unwrap().unwrap();
/// assert_eq!((permit.user_id.as_str(), permit.privileges), ("alice", ALL_PRIVILEGES));
/// ```
pub const ALL_PRIVILEGES: u32 = 0xff;

/// The largest decompressed sig [`decode`] accepts; real ones are a few hundred bytes.
const MAX_DECODED_LEN: u64 = 64 * 1024;

/// Why a sig could not be decoded or verified.
///
/// ```
/// use tencent_action_emulator::usersig::{decode, UserSigError};
/// assert!(matches!(decode("not a sig"), Err(UserSigError::Encoding(_))));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UserSigError {
    /// Not base64 in the sig alphabet, or not a zlib stream.
    Encoding(String),
    /// The decompressed text is not the expected JSON object.
    Json(String),
    /// The signature does not match the application key (or the SDKAppID differs).
    BadSignature,
    /// A user buffer that is not a well-formed [`RoomPermit`], or one that cannot be encoded.
    RoomPermit(String),
}

impl fmt::Display for UserSigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UserSigError::Encoding(why) => write!(f, "sig is not encoded as TLS-Sig v2: {why}"),
            UserSigError::Json(why) => write!(f, "sig content is malformed: {why}"),
            UserSigError::BadSignature => f.write_str("sig was not signed by this application"),
            UserSigError::RoomPermit(why) => write!(f, "malformed room permit: {why}"),
        }
    }
}

impl std::error::Error for UserSigError {}

/// A TRTC application: its SDKAppID and secret key, which sign its credentials.
///
/// `Debug` does not show the key.
///
/// ```
/// use tencent_action_emulator::usersig::TrtcApp;
/// let app = TrtcApp::new(1400000000, "secret");
/// assert_eq!(app.sdk_app_id(), 1400000000);
/// assert!(!format!("{app:?}").contains("secret"));
/// ```
#[derive(Clone)]
pub struct TrtcApp {
    sdk_app_id: i64,
    /// HMAC-SHA256 keyed with the secret key, cloned for each sig: keying once saves hashing
    /// the key for every sig.
    mac: Hmac<Sha256>,
}

impl fmt::Debug for TrtcApp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TrtcApp")
            .field("sdk_app_id", &self.sdk_app_id)
            .field("key", &"<redacted>")
            .finish()
    }
}

impl TrtcApp {
    /// An application with this SDKAppID and secret key.
    ///
    /// ```
    /// let app = tencent_action_emulator::usersig::TrtcApp::new(1400000001, "k");
    /// assert_eq!(app.sdk_app_id(), 1400000001);
    /// ```
    pub fn new(sdk_app_id: i64, key: impl Into<String>) -> Self {
        let key = key.into();
        TrtcApp {
            sdk_app_id,
            // HMAC takes keys of any length, so this cannot fail.
            mac: <Hmac<Sha256> as KeyInit>::new_from_slice(key.as_bytes())
                .unwrap_or_else(|_| unreachable!()),
        }
    }

    /// The SDKAppID.
    ///
    /// ```
    /// assert_eq!(tencent_action_emulator::usersig::TrtcApp::new(7, "k").sdk_app_id(), 7);
    /// ```
    pub fn sdk_app_id(&self) -> i64 {
        self.sdk_app_id
    }

    /// A `UserSig` for `user_id`, issued at `now` (Unix seconds), valid for `expire` seconds.
    ///
    /// ```
    /// use tencent_action_emulator::usersig::{decode, TrtcApp};
    /// let sig = TrtcApp::new(1400000000, "k").user_sig("bob", 600, 1700000000);
    /// let d = decode(&sig).unwrap();
    /// assert_eq!((d.identifier.as_str(), d.sdk_app_id, d.time, d.expire), ("bob", 1400000000, 1700000000, 600));
    /// assert_eq!(d.userbuf, None);
    /// ```
    pub fn user_sig(&self, user_id: &str, expire: u64, now: u64) -> String {
        self.sig(user_id, expire, now, None)
    }

    /// A sig carrying a user buffer (stored base64-encoded as `TLS.userbuf`).
    ///
    /// ```
    /// use tencent_action_emulator::usersig::{decode, TrtcApp};
    /// let sig = TrtcApp::new(1400000000, "k").user_sig_with_userbuf("bob", 600, 1700000000, b"abc");
    /// assert_eq!(decode(&sig).unwrap().userbuf.as_deref(), Some("YWJj"));
    /// ```
    pub fn user_sig_with_userbuf(
        &self,
        user_id: &str,
        expire: u64,
        now: u64,
        userbuf: &[u8],
    ) -> String {
        self.sig(user_id, expire, now, Some(STANDARD.encode(userbuf)))
    }

    /// A `PrivateMapKey` for a string room id: a sig whose user buffer is the [`RoomPermit`]
    /// granting `user_id` the rights in `privileges` in `room_id` until `now + expire`.
    ///
    /// Fails only when the user id or room id is longer than 65535 bytes.
    ///
    /// ```
    /// use tencent_action_emulator::usersig::{decode, RoomPermit, TrtcApp, ALL_PRIVILEGES};
    /// let app = TrtcApp::new(1400000000, "k");
    /// let key = app.private_map_key("bob", "room1", 600, ALL_PRIVILEGES, 1700000000).unwrap();
    /// let permit = decode(&key).unwrap().room_permit().unwrap().unwrap();
    /// assert_eq!(permit.str_room_id.as_deref(), Some("room1"));
    /// assert_eq!(permit.expire_at, 1700000600);
    /// ```
    pub fn private_map_key(
        &self,
        user_id: &str,
        room_id: &str,
        expire: u64,
        privileges: u32,
        now: u64,
    ) -> Result<String, UserSigError> {
        let permit = RoomPermit {
            user_id: user_id.to_owned(),
            // The permit's fields are 32-bit on the wire; the reference truncates the same way.
            sdk_app_id: self.sdk_app_id as u32,
            room_id: 0,
            expire_at: now.wrapping_add(expire) as u32,
            privileges,
            account_type: 0,
            str_room_id: Some(room_id.to_owned()),
        };
        Ok(self.user_sig_with_userbuf(user_id, expire, now, &permit.encode()?))
    }

    /// Decodes `sig` and checks that this application signed it: the SDKAppID matches and the
    /// HMAC verifies. Expiry is not checked; see [`DecodedSig::expires_at`].
    ///
    /// ```
    /// use tencent_action_emulator::usersig::{TrtcApp, UserSigError};
    /// let sig = TrtcApp::new(1400000000, "k").user_sig("bob", 600, 1700000000);
    /// assert!(TrtcApp::new(1400000000, "k").verify(&sig).is_ok());
    /// assert_eq!(TrtcApp::new(1400000000, "other").verify(&sig).unwrap_err(), UserSigError::BadSignature);
    /// ```
    pub fn verify(&self, sig: &str) -> Result<DecodedSig, UserSigError> {
        let decoded = decode(sig)?;
        if decoded.sdk_app_id != self.sdk_app_id {
            return Err(UserSigError::BadSignature);
        }
        let expected = self.hmac(&decoded.signed_text());
        let given = STANDARD
            .decode(decoded.sig.as_bytes())
            .map_err(|_| UserSigError::BadSignature)?;
        if !constant_time_eq(&expected, &given) {
            return Err(UserSigError::BadSignature);
        }
        Ok(decoded)
    }

    fn sig(&self, user_id: &str, expire: u64, now: u64, userbuf: Option<String>) -> String {
        let mut decoded = DecodedSig {
            version: VERSION.to_owned(),
            identifier: user_id.to_owned(),
            sdk_app_id: self.sdk_app_id,
            expire,
            time: now,
            userbuf,
            sig: String::new(),
        };
        decoded.sig = STANDARD.encode(self.hmac(&decoded.signed_text()));
        encode_sig_text(&decoded.to_json_text())
    }

    fn hmac(&self, text: &str) -> [u8; 32] {
        let mut mac = self.mac.clone();
        mac.update(text.as_bytes());
        mac.finalize().into_bytes().into()
    }
}

/// The content of a sig.
///
/// ```
/// use tencent_action_emulator::usersig::{decode, TrtcApp};
/// let d = decode(&TrtcApp::new(1, "k").user_sig("u", 10, 100)).unwrap();
/// assert_eq!(d.version, "2.0");
/// assert_eq!(d.signed_text(), "TLS.identifier:u\nTLS.sdkappid:1\nTLS.time:100\nTLS.expire:10\n");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecodedSig {
    /// `TLS.ver`.
    #[serde(rename = "TLS.ver")]
    pub version: String,
    /// `TLS.identifier`: the user id.
    #[serde(rename = "TLS.identifier")]
    pub identifier: String,
    /// `TLS.sdkappid`.
    #[serde(rename = "TLS.sdkappid")]
    pub sdk_app_id: i64,
    /// `TLS.expire`: seconds of validity after `time`.
    #[serde(rename = "TLS.expire")]
    pub expire: u64,
    /// `TLS.time`: Unix seconds of issue.
    #[serde(rename = "TLS.time")]
    pub time: u64,
    /// `TLS.userbuf`: the user buffer, base64, when there is one.
    #[serde(rename = "TLS.userbuf", skip_serializing_if = "Option::is_none")]
    pub userbuf: Option<String>,
    /// `TLS.sig`: the base64 HMAC-SHA256.
    #[serde(rename = "TLS.sig")]
    pub sig: String,
}

impl DecodedSig {
    /// The text the HMAC covers.
    ///
    /// ```
    /// use tencent_action_emulator::usersig::{decode, TrtcApp};
    /// let d = decode(&TrtcApp::new(1, "k").user_sig_with_userbuf("u", 10, 100, b"x")).unwrap();
    /// assert!(d.signed_text().ends_with("TLS.expire:10\nTLS.userbuf:eA==\n"));
    /// ```
    pub fn signed_text(&self) -> String {
        let mut text = format!(
            "TLS.identifier:{}\nTLS.sdkappid:{}\nTLS.time:{}\nTLS.expire:{}\n",
            self.identifier, self.sdk_app_id, self.time, self.expire
        );
        if let Some(userbuf) = &self.userbuf {
            text.push_str("TLS.userbuf:");
            text.push_str(userbuf);
            text.push('\n');
        }
        text
    }

    /// Unix seconds at which the sig stops being valid (`time + expire`).
    ///
    /// ```
    /// use tencent_action_emulator::usersig::{decode, TrtcApp};
    /// assert_eq!(decode(&TrtcApp::new(1, "k").user_sig("u", 10, 100)).unwrap().expires_at(), 110);
    /// ```
    pub fn expires_at(&self) -> u64 {
        self.time.saturating_add(self.expire)
    }

    /// The user buffer read as a [`RoomPermit`]: `None` without a user buffer.
    ///
    /// ```
    /// use tencent_action_emulator::usersig::{decode, TrtcApp};
    /// assert!(decode(&TrtcApp::new(1, "k").user_sig("u", 10, 100)).unwrap().room_permit().is_none());
    /// ```
    pub fn room_permit(&self) -> Option<Result<RoomPermit, UserSigError>> {
        let userbuf = self.userbuf.as_ref()?;
        Some(
            STANDARD
                .decode(userbuf.as_bytes())
                .map_err(|e| UserSigError::RoomPermit(format!("TLS.userbuf is not base64: {e}")))
                .and_then(|bytes| RoomPermit::decode(&bytes)),
        )
    }

    /// The JSON object as compact text, keys in the reference implementation's order (the
    /// fields' order).
    fn to_json_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Decodes a sig without checking its signature.
///
/// ```
/// use tencent_action_emulator::usersig::{decode, TrtcApp};
/// let sig = TrtcApp::new(1400000000, "k").user_sig("carol", 60, 1700000000);
/// assert_eq!(decode(&sig).unwrap().identifier, "carol");
/// ```
pub fn decode(sig: &str) -> Result<DecodedSig, UserSigError> {
    let compressed = SIG_BASE64
        .decode(sig.trim())
        .map_err(|e| UserSigError::Encoding(format!("base64: {e}")))?;
    let mut text = Vec::new();
    ZlibDecoder::new(compressed.as_slice())
        .take(MAX_DECODED_LEN)
        .read_to_end(&mut text)
        .map_err(|e| UserSigError::Encoding(format!("zlib: {e}")))?;
    let value: Value =
        serde_json::from_slice(&text).map_err(|e| UserSigError::Json(e.to_string()))?;
    let string = |name: &str| {
        value
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| UserSigError::Json(format!("`{name}` is missing or not a string")))
    };
    let number = |name: &str| {
        value
            .get(name)
            .and_then(Value::as_u64)
            .ok_or_else(|| UserSigError::Json(format!("`{name}` is missing or not a number")))
    };
    let sdk_app_id = value
        .get("TLS.sdkappid")
        .and_then(Value::as_i64)
        .ok_or_else(|| UserSigError::Json("`TLS.sdkappid` is missing or not a number".into()))?;
    let userbuf = match value.get("TLS.userbuf") {
        None => None,
        Some(_) => Some(string("TLS.userbuf")?),
    };
    Ok(DecodedSig {
        version: string("TLS.ver")?,
        identifier: string("TLS.identifier")?,
        sdk_app_id,
        expire: number("TLS.expire")?,
        time: number("TLS.time")?,
        userbuf,
        sig: string("TLS.sig")?,
    })
}

/// TRTC's privilege map: the user buffer of a `PrivateMapKey`.
///
/// Big-endian binary: a byte (1 with a string room id, 0 without), the user id (`u16` length +
/// bytes), SDKAppID, numeric room id, expiry (absolute Unix seconds), privilege bits and account
/// type (each `u32`), then, with a string room id, that id (`u16` length + bytes).
///
/// ```
/// use tencent_action_emulator::usersig::RoomPermit;
/// let permit = RoomPermit {
///     user_id: "u".into(), sdk_app_id: 1, room_id: 0, expire_at: 2, privileges: 255,
///     account_type: 0, str_room_id: Some("r".into()),
/// };
/// let bytes = permit.encode().unwrap();
/// assert_eq!(bytes[0], 1);
/// assert_eq!(RoomPermit::decode(&bytes).unwrap(), permit);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomPermit {
    /// The user the permit is for.
    pub user_id: String,
    /// The application's SDKAppID.
    pub sdk_app_id: u32,
    /// The numeric room id; 0 when the room has a string id.
    pub room_id: u32,
    /// Unix seconds after which the permit is void.
    pub expire_at: u32,
    /// Privilege bits; [`ALL_PRIVILEGES`] grants everything.
    pub privileges: u32,
    /// The account type; 0.
    pub account_type: u32,
    /// The string room id, when the room has one.
    pub str_room_id: Option<String>,
}

impl RoomPermit {
    /// The binary form; fails only for ids longer than 65535 bytes.
    ///
    /// ```
    /// use tencent_action_emulator::usersig::RoomPermit;
    /// let permit = RoomPermit { user_id: "u".into(), sdk_app_id: 1, room_id: 7, expire_at: 2, privileges: 3, account_type: 0, str_room_id: None };
    /// assert_eq!(permit.encode().unwrap(), [0, 0, 1, b'u', 0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0]);
    /// ```
    pub fn encode(&self) -> Result<Vec<u8>, UserSigError> {
        fn push_str(out: &mut Vec<u8>, what: &str, s: &str) -> Result<(), UserSigError> {
            let len = u16::try_from(s.len()).map_err(|_| {
                UserSigError::RoomPermit(format!("{what} is longer than 65535 bytes"))
            })?;
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(s.as_bytes());
            Ok(())
        }
        let room = self.str_room_id.as_deref().filter(|r| !r.is_empty());
        let mut out = Vec::with_capacity(27 + self.user_id.len() + room.map_or(0, str::len));
        out.push(u8::from(room.is_some()));
        push_str(&mut out, "user id", &self.user_id)?;
        for field in [
            self.sdk_app_id,
            self.room_id,
            self.expire_at,
            self.privileges,
            self.account_type,
        ] {
            out.extend_from_slice(&field.to_be_bytes());
        }
        if let Some(room) = room {
            push_str(&mut out, "room id", room)?;
        }
        Ok(out)
    }

    /// Reads the binary form.
    ///
    /// ```
    /// use tencent_action_emulator::usersig::RoomPermit;
    /// assert!(RoomPermit::decode(&[1, 0]).is_err());
    /// ```
    pub fn decode(bytes: &[u8]) -> Result<Self, UserSigError> {
        let mut reader = Reader(bytes);
        let has_str_room = match reader.take(1)? {
            [0] => false,
            [1] => true,
            other => {
                return Err(UserSigError::RoomPermit(format!(
                    "first byte is {other:?}, expected 0 or 1"
                )));
            }
        };
        let user_id = reader.string()?;
        let sdk_app_id = reader.u32()?;
        let room_id = reader.u32()?;
        let expire_at = reader.u32()?;
        let privileges = reader.u32()?;
        let account_type = reader.u32()?;
        let str_room_id = if has_str_room {
            Some(reader.string()?)
        } else {
            None
        };
        if !reader.0.is_empty() {
            return Err(UserSigError::RoomPermit(format!(
                "{} trailing bytes",
                reader.0.len()
            )));
        }
        Ok(RoomPermit {
            user_id,
            sdk_app_id,
            room_id,
            expire_at,
            privileges,
            account_type,
            str_room_id,
        })
    }
}

/// A cursor over a permit's bytes.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], UserSigError> {
        if self.0.len() < n {
            return Err(UserSigError::RoomPermit("truncated".into()));
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Ok(head)
    }

    fn u32(&mut self) -> Result<u32, UserSigError> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn string(&mut self) -> Result<String, UserSigError> {
        let len = self.take(2)?;
        let len = usize::from(u16::from_be_bytes([len[0], len[1]]));
        String::from_utf8(self.take(len)?.to_vec())
            .map_err(|_| UserSigError::RoomPermit("an id is not UTF-8".into()))
    }
}

/// Standard base64 with the sig alphabet's substitutions: `+`→`*`, `/`→`-`, padding `=`→`_`.
const SIG_BASE64: GeneralPurpose = {
    const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-";
    // Both are checked when the constant is evaluated, at compile time.
    let Some(padding) = Symbol::new(b'_') else {
        panic!("`_` is a base64 symbol")
    };
    let Ok(alphabet) = Alphabet::new_with_padding(ALPHABET, padding) else {
        panic!("the sig alphabet is a base64 alphabet")
    };
    GeneralPurpose::new(&alphabet, PAD)
};

/// zlib, then base64 in the sig alphabet.
fn encode_sig_text(json: &str) -> String {
    SIG_BASE64.encode(compress(json.as_bytes()))
}

/// A zlib stream (RFC 1950) of `data` at the default level, with the header `78 9C` that the
/// reference implementation writes (32 KiB window, default level). The compressor, whose state
/// is large to set up, is kept per thread and reset for each sig. What it costs per sig is in
/// BENCHMARKS.md (`cargo bench -p tencent-action-emulator --bench usersig`).
fn compress(data: &[u8]) -> Vec<u8> {
    thread_local! {
        static COMPRESSOR: RefCell<Compress> = RefCell::new(Compress::new(Compression::default(), true));
    }
    COMPRESSOR.with_borrow_mut(|compressor| {
        compressor.reset();
        // Text this short compresses to less than itself plus the zlib framing.
        let mut out = Vec::with_capacity(data.len() + 64);
        loop {
            let read = usize::try_from(compressor.total_in()).unwrap_or(data.len());
            let status = compressor
                .compress_vec(
                    &data[read.min(data.len())..],
                    &mut out,
                    FlushCompress::Finish,
                )
                .expect("compressing into a Vec does not fail");
            if status == Status::StreamEnd {
                return out;
            }
            out.reserve(out.capacity().max(64));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";

    // Checked against the reference implementation, the Python package `tls-sig-api-v2` 1.1
    // (module `TLSSigAPIv2`, which has no verify call of its own): for UserSigs and PrivateKeys
    // served by the emulator, `json.loads(zlib.decompress(TLSSigAPIv2.base64_decode_url(sig)))`
    // decodes them, `TLSSigAPIv2(appid, key)._TLSSigAPIv2__hmacsha256(identifier, time, expire,
    // userbuf)` reproduces their `TLS.sig`, and `gen_sig` / `gen_sig_with_userbuf` with
    // `time.time` fixed at their `TLS.time` decode to the same JSON object.

    /// The reference implementation's output, recorded with the Python package
    /// `tls-sig-api-v2` 1.1 (`TLSSigAPIv2(1400000000, KEY).gen_sig("xiaojun", 86400)` with
    /// `time.time` fixed at 1700000000).
    const REFERENCE_USER_SIG: &str = "eJyrVgrxCdYrSy1SslJQMtIzUNJRAItkpqTmlWSmZUIkKjIT87NK82CSxSnZiQUFmSlAKUMTAyiAyqVWFGQWpQJlLMxM4IIlmbkgIUNzNMXFmekg44P93EzccsOcA0qT8yOKnfwLksLcjNPcnNNMzb0Ccg1Sq6IMs1LDPH1ywpJtlWoBk68y0A__";

    /// As above, `gen_sig_with_userbuf("xiaojun", 86400, userbuf)` where `userbuf` is the
    /// reference `_gen_userbuf("xiaojun", 0, 86400, 255, 0, "room1")` at the same time: a
    /// `PrivateMapKey` for string room `room1`.
    const REFERENCE_PRIVATE_MAP_KEY: &str = "eJxdjk0LgkAQhv*K7DlKNy0NPCxBVlhkygbdlF1rtNQ2jTT67-lVh97T8DzDzPtCnu0OH1ygmYTwUEYDqSXAeJJDCJ14gp9GRfKVdxb7WQasVooq9*kdf2YgeG30ifqDOVwbpEz-los7F0ERNi*IQ5bcupwDnCnBZVt6J9LmSOm8HXd6BwgtA2zkG8c0f33g1JzY624yjkaExgKqqNo5ho9vLNYhEavKyhfhQVtqabm2ZdlE7w*MNUhB";

    fn app() -> TrtcApp {
        TrtcApp::new(1400000000, KEY)
    }

    #[test]
    fn user_sig_decodes_and_its_hmac_verifies_independently() {
        let sig = app().user_sig("alice", 86400, 1700000000);
        assert!(!sig.contains(['+', '/', '=']));

        let standard: String = sig
            .chars()
            .map(|c| match c {
                '*' => '+',
                '-' => '/',
                '_' => '=',
                c => c,
            })
            .collect();
        let compressed = STANDARD.decode(standard).unwrap();
        // The zlib header of the default compression level, as the reference writes it.
        assert_eq!(compressed[..2], [0x78, 0x9c]);
        let mut json = String::new();
        ZlibDecoder::new(&compressed[..])
            .read_to_string(&mut json)
            .unwrap();
        let value: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["TLS.ver"], "2.0");
        assert_eq!(value["TLS.identifier"], "alice");
        assert_eq!(value["TLS.sdkappid"], 1400000000);
        assert_eq!(value["TLS.expire"], 86400);
        assert_eq!(value["TLS.time"], 1700000000);
        assert!(value.get("TLS.userbuf").is_none());

        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(KEY.as_bytes()).unwrap();
        mac.update(
            b"TLS.identifier:alice\nTLS.sdkappid:1400000000\nTLS.time:1700000000\nTLS.expire:86400\n",
        );
        let expected = STANDARD.encode(mac.finalize().into_bytes());
        assert_eq!(value["TLS.sig"], expected.as_str());
    }

    #[test]
    fn verification_rejects_other_keys_apps_and_tampering() {
        let sig = app().user_sig("alice", 86400, 1700000000);
        assert!(app().verify(&sig).is_ok());
        assert_eq!(
            TrtcApp::new(1400000000, "other").verify(&sig),
            Err(UserSigError::BadSignature)
        );
        assert_eq!(
            TrtcApp::new(1400000001, KEY).verify(&sig),
            Err(UserSigError::BadSignature)
        );
        let mut decoded = decode(&sig).unwrap();
        decoded.expire = 10 * 86400;
        let forged = encode_sig_text(&decoded.to_json_text());
        assert_eq!(app().verify(&forged), Err(UserSigError::BadSignature));
    }

    #[test]
    fn matches_the_reference_user_sig() {
        let reference = app().verify(REFERENCE_USER_SIG).unwrap();
        let ours = decode(&app().user_sig("xiaojun", 86400, 1700000000)).unwrap();
        assert_eq!(ours, reference);
    }

    #[test]
    fn matches_the_reference_private_map_key() {
        let reference = app().verify(REFERENCE_PRIVATE_MAP_KEY).unwrap();
        let ours = app()
            .private_map_key("xiaojun", "room1", 86400, ALL_PRIVILEGES, 1700000000)
            .unwrap();
        let ours = decode(&ours).unwrap();
        assert_eq!(ours, reference);
        let permit = ours.room_permit().unwrap().unwrap();
        assert_eq!(
            permit,
            RoomPermit {
                user_id: "xiaojun".into(),
                sdk_app_id: 1400000000,
                room_id: 0,
                expire_at: 1700086400,
                privileges: 255,
                account_type: 0,
                str_room_id: Some("room1".into()),
            }
        );
    }

    #[test]
    fn private_map_keys_differ_per_user_and_carry_the_room() {
        let a = app()
            .private_map_key("a", "r", 60, ALL_PRIVILEGES, 1)
            .unwrap();
        let b = app()
            .private_map_key("b", "r", 60, ALL_PRIVILEGES, 1)
            .unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("eJ"));
        let permit = app().verify(&b).unwrap().room_permit().unwrap().unwrap();
        assert_eq!(permit.user_id, "b");
        assert_eq!(permit.str_room_id.as_deref(), Some("r"));
    }

    #[test]
    fn overlong_ids_are_refused_not_truncated() {
        let long = "x".repeat(70_000);
        assert!(matches!(
            app().private_map_key(&long, "r", 60, ALL_PRIVILEGES, 1),
            Err(UserSigError::RoomPermit(_))
        ));
    }

    #[test]
    fn garbage_never_panics() {
        for input in [
            "",
            "eJw",
            "****",
            "eJwrSS0uUTBUMFSwUjBSMFYwBgAcVAPy",
            "eJyrVgpKLS5JzEtOVbJSSkksSVSqBQA4WwYF",
        ] {
            assert!(decode(input).is_err(), "{input}");
        }
        for bytes in [&[][..], &[2], &[0, 0, 5, b'a'], &[1, 0, 0, 0, 0]] {
            assert!(RoomPermit::decode(bytes).is_err());
        }
    }

    fn inflate(stream: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        ZlibDecoder::new(stream).read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn the_json_is_the_reference_object_in_the_reference_order() {
        let mut decoded = decode(&app().user_sig_with_userbuf("a\"\\é\u{1}", 5, 6, b"x")).unwrap();
        let expected = serde_json::json!({
            "TLS.ver": "2.0",
            "TLS.identifier": "a\"\\é\u{1}",
            "TLS.sdkappid": 1400000000,
            "TLS.expire": 5,
            "TLS.time": 6,
            "TLS.userbuf": "eA==",
            "TLS.sig": decoded.sig,
        });
        assert_eq!(decoded.to_json_text(), expected.to_string());
        decoded.userbuf = None;
        decoded.sdk_app_id = -1;
        let expected = serde_json::json!({
            "TLS.ver": "2.0",
            "TLS.identifier": "a\"\\é\u{1}",
            "TLS.sdkappid": -1,
            "TLS.expire": 5,
            "TLS.time": 6,
            "TLS.sig": decoded.sig,
        });
        assert_eq!(decoded.to_json_text(), expected.to_string());
    }

    #[test]
    fn sig_text_is_standard_base64_with_the_sig_substitutions() {
        for json in [
            "",
            "{}",
            "a",
            "ab",
            "abc",
            "{\"TLS.ver\":\"2.0\"}",
            &"x".repeat(1000),
        ] {
            let sig = encode_sig_text(json);
            let compressed = compress(json.as_bytes());
            let mapped: String = STANDARD
                .encode(&compressed)
                .chars()
                .map(|c| match c {
                    '+' => '*',
                    '/' => '-',
                    '=' => '_',
                    c => c,
                })
                .collect();
            assert_eq!(sig, mapped);
        }
        // All 64 symbols and the padding occur.
        let bytes: Vec<u8> = (0..=255).collect();
        let sig = SIG_BASE64.encode(&bytes[..254]);
        assert!(sig.contains('*') && sig.contains('-') && sig.ends_with("_"));
        assert!(!sig.contains(['+', '/', '=']));
    }

    #[test]
    fn compressed_sigs_are_zlib_streams_with_the_reference_header() {
        let user_sig = app().user_sig("alice", 86400, 1700000000);
        let private_map_key = app()
            .private_map_key("alice", "room-1", 86400, ALL_PRIVILEGES, 1700000000)
            .unwrap();
        for sig in [user_sig, private_map_key] {
            let json = decode(&sig).unwrap().to_json_text();
            let compressed = compress(json.as_bytes());
            assert_eq!(compressed[..2], [0x78, 0x9c]);
            assert_eq!(inflate(&compressed), json.as_bytes());
            assert!(compressed.len() < json.len());
        }
        assert_eq!(inflate(&compress(b"")), b"");
    }
}

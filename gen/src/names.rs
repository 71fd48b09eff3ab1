//! Rust names from wire names: words, `snake_case` fields, `UpperCamelCase` types, keywords.

/// Mixed-case product and protocol names kept as one word. A token that contains a lowercase
/// letter is recognised anywhere; an all-caps one only where a word may start (at the start,
/// after a lowercase letter or a digit), and never when a lowercase letter follows it.
const TOKENS: &[&str] = &["iOS", "IoT", "IPv4", "IPv6", "TWe", "P2P", "COS"];

/// Strict and reserved keywords of Rust 2024, which a field cannot be named as is.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers (`r#self` is an error): suffixed with `_` instead.
const NOT_RAW: &[&str] = &["self", "Self", "crate", "super", "_"];

/// Splits a wire name into lowercase words.
///
/// Boundaries: a lowercase letter or digit followed by an uppercase one (`RoomId`, `V2Request`),
/// the last capital of an acronym followed by a lowercase letter (`TRTCUser` → `trtc`, `user`),
/// and anything that is not a letter or digit. Digits stay with the word before them (`Md5`,
/// `RX1`, `V2`); a plural `s` stays with its acronym (`CAs` → `cas`); the product and protocol names
/// `iOS`, `IoT`, `IPv4`, `IPv6`, `TWe`, `P2P` and `COS` are one word each.
pub fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some(token) = token_at(&chars, i) {
            flush(&mut words, &mut current);
            words.push(token.to_lowercase());
            i += token.chars().count();
            continue;
        }
        let c = chars[i];
        if !c.is_ascii_alphanumeric() {
            flush(&mut words, &mut current);
            i += 1;
            continue;
        }
        if !current.is_empty() {
            let prev = chars[i - 1];
            let next = chars.get(i + 1).copied();
            let after = chars.get(i + 2).copied();
            let boundary = if c.is_ascii_uppercase() {
                if prev.is_ascii_lowercase() {
                    true
                } else if prev.is_ascii_digit() {
                    // `V2Request` breaks before `R`; `3D` is one word.
                    current.chars().any(|c| c.is_ascii_alphabetic())
                } else {
                    // Inside a run of capitals: `TRTCUser` breaks before `U`, but `CAs` and
                    // `CAsRequest` keep the plural `s` with the acronym, and `TPNSiOS` keeps
                    // the `S` before the token `iOS`.
                    let plural =
                        next == Some('s') && !after.is_some_and(|a| a.is_ascii_lowercase());
                    next.is_some_and(|n| n.is_ascii_lowercase())
                        && token_at(&chars, i + 1).is_none()
                        && !plural
                }
            } else {
                false
            };
            if boundary {
                flush(&mut words, &mut current);
            }
        }
        current.push(c.to_ascii_lowercase());
        i += 1;
    }
    flush(&mut words, &mut current);
    words
}

fn flush(words: &mut Vec<String>, current: &mut String) {
    if !current.is_empty() {
        words.push(std::mem::take(current));
    }
}

fn token_at(chars: &[char], i: usize) -> Option<&'static str> {
    TOKENS.iter().copied().find(|token| {
        let len = token.chars().count();
        if i + len > chars.len() || !token.chars().eq(chars[i..i + len].iter().copied()) {
            return false;
        }
        if chars.get(i + len).is_some_and(|c| c.is_ascii_lowercase()) {
            return false;
        }
        let mixed = token.chars().any(|c| c.is_ascii_lowercase());
        mixed
            || i == 0
            || chars[i - 1].is_ascii_lowercase()
            || chars[i - 1].is_ascii_digit()
            || !chars[i - 1].is_ascii_alphanumeric()
    })
}

/// `CreateTRTCSignaturesWithRoomId` → `CreateTrtcSignaturesWithRoomId`.
pub fn upper_camel(name: &str) -> String {
    let mut out = String::new();
    for word in words(name) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    if out.is_empty() {
        out.push_str("Unnamed");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'N');
    }
    out
}

/// `TRTCUserIds` → `trtc_user_ids`: the plain snake_case form, before keyword handling.
pub fn snake(name: &str) -> String {
    words(name).join("_")
}

/// A valid field identifier for a wire name: snake_case, a raw identifier for keywords
/// (`Type` → `r#type`), `_` appended where a raw identifier is not allowed (`Self` → `self_`),
/// `_` prepended before a leading digit (`3D` → `_3d`).
pub fn field_ident(wire: &str) -> String {
    let mut name = snake(wire);
    if name.is_empty() {
        name.push_str("field");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    } else if KEYWORDS.contains(&name.as_str()) {
        name.insert_str(0, "r#");
    }
    name
}

/// The wire name the macro derives from a field name: `room_id` → `RoomId`, `r#type` → `Type`
/// (the same rule as `#[tc]` and serde's `PascalCase`).
pub fn pascal_case(field: &str) -> String {
    let field = field.strip_prefix("r#").unwrap_or(field);
    let mut out = String::with_capacity(field.len());
    let mut upper = true;
    for c in field.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Makes `base` unique among `taken` by appending `_2`, `_3`, … and records it.
pub(crate) fn unique_field(base: String, taken: &mut Vec<String>) -> String {
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}_{n}");
        n += 1;
    }
    taken.push(name.clone());
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_fold_into_words() {
        assert_eq!(snake("TRTCUserIds"), "trtc_user_ids");
        assert_eq!(snake("TRTCParamList"), "trtc_param_list");
        assert_eq!(snake("ProductID"), "product_id");
        assert_eq!(snake("IotAppID"), "iot_app_id");
        assert_eq!(snake("SNTicket"), "sn_ticket");
        assert_eq!(snake("CertSN"), "cert_sn");
        assert_eq!(snake("AITasks"), "ai_tasks");
        assert_eq!(snake("PrivateCAName"), "private_ca_name");
        assert_eq!(snake("IOSAppKey"), "ios_app_key");
        assert_eq!(snake("AppSKey"), "app_s_key");
        assert_eq!(snake("DevEUI"), "dev_eui");
        assert_eq!(snake("ETag"), "e_tag");
        assert_eq!(snake("URL"), "url");
        assert_eq!(snake("roomId"), "room_id");
        assert_eq!(snake("Tag.Key"), "tag_key");
    }

    #[test]
    fn mixed_case_tokens_stay_whole() {
        assert_eq!(snake("IPv6Address"), "ipv6_address");
        assert_eq!(snake("Ipv6Address"), "ipv6_address");
        assert_eq!(snake("TPNSiOSAccessID"), "tpns_ios_access_id");
        assert_eq!(snake("WXIoTDeviceInfo"), "wx_iot_device_info");
        assert_eq!(snake("ActivateTWeCallLicense"), "activate_twe_call_license");
        assert_eq!(snake("ChangeP2PRoute"), "change_p2p_route");
        assert_eq!(snake("GetCOSURL"), "get_cos_url");
        assert_eq!(snake("COSURI"), "cos_uri");
        // An all-caps token is not split out of a longer word.
        assert_eq!(snake("Cost"), "cost");
        assert_eq!(snake("MacOS"), "mac_os");
    }

    #[test]
    fn plural_acronyms_keep_their_s() {
        assert_eq!(snake("DescribePrivateCAs"), "describe_private_cas");
        assert_eq!(snake("CAsRequest"), "cas_request");
        assert_eq!(snake("VideoURLs"), "video_urls");
        assert_eq!(snake("CASettings"), "ca_settings");
    }

    #[test]
    fn digits_stay_with_the_word_before() {
        assert_eq!(snake("ChannelsDataRX1"), "channels_data_rx1");
        assert_eq!(
            snake("CreateTWeTalkProductConfigV2"),
            "create_twe_talk_product_config_v2"
        );
        assert_eq!(snake("Md5sum"), "md5sum");
        assert_eq!(snake("FileMd5"), "file_md5");
        assert_eq!(snake("InputBase64"), "input_base64");
        assert_eq!(snake("V2Request"), "v2_request");
        assert_eq!(snake("MD5Sum"), "md5_sum");
    }

    #[test]
    fn type_names_are_upper_camel() {
        assert_eq!(
            upper_camel("CreateTRTCSignaturesWithRoomId"),
            "CreateTrtcSignaturesWithRoomId"
        );
        assert_eq!(upper_camel("TRTCParams"), "TrtcParams");
        assert_eq!(upper_camel("GetCOSURL"), "GetCosUrl");
        assert_eq!(upper_camel("DescribePrivateCAs"), "DescribePrivateCas");
        assert_eq!(upper_camel("ChangeP2PRoute"), "ChangeP2pRoute");
        assert_eq!(upper_camel("DeviceInfo"), "DeviceInfo");
        assert_eq!(upper_camel("3DModel"), "N3dModel");
    }

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(field_ident("Type"), "r#type");
        assert_eq!(field_ident("Override"), "r#override");
        assert_eq!(field_ident("Box"), "r#box");
        assert_eq!(field_ident("AS"), "r#as");
        assert_eq!(field_ident("Gen"), "r#gen");
        assert_eq!(field_ident("Self"), "self_");
        assert_eq!(field_ident("Super"), "super_");
        assert_eq!(field_ident("Crate"), "crate_");
        assert_eq!(field_ident("Union"), "union");
        assert_eq!(field_ident("3D"), "_3d");
        assert_eq!(field_ident("..."), "field");
        // The macro's wire name of each identifier.
        assert_eq!(pascal_case("r#type"), "Type");
        assert_eq!(pascal_case("self_"), "Self");
        assert_eq!(pascal_case("trtc_user_ids"), "TrtcUserIds");
    }

    #[test]
    fn field_names_are_made_unique() {
        let mut taken = Vec::new();
        assert_eq!(
            unique_field(field_ident("ProductId"), &mut taken),
            "product_id"
        );
        assert_eq!(
            unique_field(field_ident("ProductID"), &mut taken),
            "product_id_2"
        );
        assert_eq!(
            unique_field(field_ident("PRODUCTId"), &mut taken),
            "product_id_3"
        );
    }
}

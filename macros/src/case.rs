//! Wire names: the PascalCase form of a snake_case field name.

/// `room_id` → `RoomId`; `trtc_user_ids` → `TrtcUserIds`; `r#type` → `Type`.
pub(crate) fn pascal_case(field: &str) -> String {
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

/// A wire name as a field name: `RoomId` → `room_id`; `TRTCUserIds` → `trtc_user_ids`.
pub(crate) fn snake_case(wire: &str) -> String {
    let chars: Vec<char> = wire.chars().collect();
    let mut out = String::with_capacity(wire.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1);
            let boundary = match prev {
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
                _ => false,
            };
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_as_fields() {
        assert_eq!(snake_case("RoomId"), "room_id");
        assert_eq!(snake_case("TRTCUserIds"), "trtc_user_ids");
        assert_eq!(snake_case("SdkAppId"), "sdk_app_id");
        assert_eq!(snake_case("Ipv6Address"), "ipv6_address");
        assert_eq!(pascal_case(&snake_case("RoomId")), "RoomId");
    }
}

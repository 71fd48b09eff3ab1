//! Wire names: the PascalCase form of a snake_case field name.

/// `room_id` → `RoomId`; `trtc_user_ids` → `TrtcUserIds`; `r#type` → `Type`.
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

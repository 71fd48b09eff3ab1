//! The text form of one service version inside the index: a line per action, object and
//! member, with space-separated words (no name in the definition holds a space).
//!
//! ```text
//! A CreateTRTCSignaturesWithRoomId CreateTRTCSignaturesWithRoomIdRequest CreateTRTCSignaturesWithRoomIdResponse
//! O TRTCParams out
//! M SdkAppId int64 o
//! M TRTCUserIds [string r
//! M Filters [@Filter
//! ```
//!
//! An object's line ends with its usage (`in`, `out`, `both`) where the definition gives one.
//! A member's type is a primitive's name, `@Object`, or `[` before the element type; its
//! flags are `r` (required), `o` (always in a response), `n` (may be null), `d` (disabled).

use crate::model::{Action, Member, Object, Service, Type, Usage};

/// Writes a service as text.
pub(crate) fn encode(service: &Service) -> String {
    let mut out = String::new();
    for a in &service.actions {
        out.push_str(&format!("A {} {} {}\n", a.name, a.input, a.output));
    }
    for o in &service.objects {
        match o.usage {
            Some(usage) => out.push_str(&format!("O {} {}\n", o.name, usage.as_str())),
            None => out.push_str(&format!("O {}\n", o.name)),
        }
        for m in &o.members {
            out.push_str("M ");
            out.push_str(&m.name);
            out.push(' ');
            write_type(&mut out, &m.ty);
            let flags: String = [
                (m.required, 'r'),
                (m.output_required, 'o'),
                (m.nullable, 'n'),
                (m.disabled, 'd'),
            ]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, c)| *c)
            .collect();
            if !flags.is_empty() {
                out.push(' ');
                out.push_str(&flags);
            }
            out.push('\n');
        }
    }
    out
}

fn write_type(out: &mut String, ty: &Type) {
    match ty {
        Type::List(inner) => {
            out.push('[');
            write_type(out, inner);
        }
        Type::Object(name) => {
            out.push('@');
            out.push_str(name);
        }
        primitive => out.push_str(&primitive.to_string()),
    }
}

fn read_type(word: &str) -> Option<Type> {
    Some(match word {
        "string" => Type::String,
        "date" => Type::Date,
        "datetime" => Type::DateTime,
        "datetime_iso" => Type::DateTimeIso,
        "binary" => Type::Binary,
        "int64" => Type::Int64,
        "uint64" => Type::Uint64,
        "float" => Type::Float,
        "bool" => Type::Bool,
        _ => {
            if let Some(inner) = word.strip_prefix('[') {
                Type::List(Box::new(read_type(inner)?))
            } else {
                Type::Object(word.strip_prefix('@')?.to_owned())
            }
        }
    })
}

/// Reads a service back; `None` on text this module did not write.
pub(crate) fn decode(name: &str, version: &str, text: &str) -> Option<Service> {
    let mut actions = Vec::new();
    let mut objects: Vec<Object> = Vec::new();
    for line in text.lines() {
        let mut words = line.split(' ');
        match words.next()? {
            "A" => actions.push(Action {
                name: words.next()?.to_owned(),
                input: words.next()?.to_owned(),
                output: words.next()?.to_owned(),
            }),
            "O" => objects.push(Object {
                name: words.next()?.to_owned(),
                members: Vec::new(),
                usage: match words.next() {
                    None => None,
                    Some(word) => Some(Usage::from_word(word)?),
                },
            }),
            "M" => {
                let name = words.next()?.to_owned();
                let ty = read_type(words.next()?)?;
                let flags = words.next().unwrap_or("");
                objects.last_mut()?.members.push(Member {
                    name,
                    ty,
                    required: flags.contains('r'),
                    output_required: flags.contains('o'),
                    nullable: flags.contains('n'),
                    disabled: flags.contains('d'),
                });
            }
            _ => return None,
        }
    }
    Some(Service::new(name, version, actions, objects))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_service_reads_back_as_written() {
        let member = |name: &str, ty: Type, required: bool| Member {
            name: name.into(),
            ty,
            required,
            output_required: !required,
            nullable: false,
            disabled: name == "Old",
        };
        let service = Service::new(
            "demo",
            "2020-01-01",
            vec![Action {
                name: "Run".into(),
                input: "RunRequest".into(),
                output: "RunResponse".into(),
            }],
            vec![
                Object {
                    name: "RunRequest".into(),
                    usage: None,
                    members: vec![
                        member("Ids", Type::List(Box::new(Type::Uint64)), true),
                        member(
                            "Filters",
                            Type::List(Box::new(Type::Object("F".into()))),
                            false,
                        ),
                        member("Old", Type::DateTimeIso, false),
                    ],
                },
                Object {
                    name: "RunResponse".into(),
                    usage: None,
                    members: vec![member("RequestId", Type::String, false)],
                },
            ],
        );
        let text = encode(&service);
        assert!(text.contains("M Filters [@F o\n"), "{text}");
        assert_eq!(decode("demo", "2020-01-01", &text), Some(service.clone()));
        let mut shared = service.clone();
        shared.objects.insert(
            0,
            Object {
                name: "F".into(),
                members: vec![member("Name", Type::String, true)],
                usage: Some(Usage::In),
            },
        );
        let text = encode(&shared);
        assert!(text.contains("O F in\nM Name string r\n"), "{text}");
        assert_eq!(decode("demo", "2020-01-01", &text), Some(shared));
    }

    #[test]
    fn foreign_text_is_refused() {
        assert_eq!(decode("d", "v", "X nothing\n"), None);
        assert_eq!(decode("d", "v", "M Orphan string\n"), None);
        assert_eq!(decode("d", "v", "O Obj\nM Bad ?\n"), None);
        assert_eq!(decode("d", "v", "O Obj sideways\n"), None);
    }
}

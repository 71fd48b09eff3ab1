//! Twenty-one declared actions, each sent once.

include!("../actions.rs");

declare!(
    (A0, A0Response, A0Record, "A0"),
    (A1, A1Response, A1Record, "A1"),
    (A2, A2Response, A2Record, "A2"),
    (A3, A3Response, A3Record, "A3"),
    (A4, A4Response, A4Record, "A4"),
    (A5, A5Response, A5Record, "A5"),
    (A6, A6Response, A6Record, "A6"),
    (A7, A7Response, A7Record, "A7"),
    (A8, A8Response, A8Record, "A8"),
    (A9, A9Response, A9Record, "A9"),
    (A10, A10Response, A10Record, "A10"),
    (A11, A11Response, A11Record, "A11"),
    (A12, A12Response, A12Record, "A12"),
    (A13, A13Response, A13Record, "A13"),
    (A14, A14Response, A14Record, "A14"),
    (A15, A15Response, A15Record, "A15"),
    (A16, A16Response, A16Record, "A16"),
    (A17, A17Response, A17Record, "A17"),
    (A18, A18Response, A18Record, "A18"),
    (A19, A19Response, A19Record, "A19"),
    (A20, A20Response, A20Record, "A20"),
);

#[tokio::main(flavor = "current_thread")]
async fn main() {
    match tencent_action::Client::from_env() {
        Ok(client) => send_all(&client).await,
        Err(err) => eprintln!("{err}"),
    }
}

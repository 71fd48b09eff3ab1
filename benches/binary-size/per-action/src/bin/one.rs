//! One declared action, sent once.

include!("../actions.rs");

declare!((A0, A0Response, A0Record, "A0"));

#[tokio::main(flavor = "current_thread")]
async fn main() {
    match tencent_action::Client::from_env() {
        Ok(client) => send_all(&client).await,
        Err(err) => eprintln!("{err}"),
    }
}

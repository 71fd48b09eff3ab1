// Declares actions and a `send_all` that sends each once: the same shape for every action (a
// string, a list and an integer in; a list of records and a count out), with its own types.

/// `declare!((Request, Response, "Name"), ...)`: the structs and `send_all`.
macro_rules! declare {
    ($(($request:ident, $response:ident, $record:ident, $name:literal)),* $(,)?) => {
        $(
            #[tencent_action::tencent_action(service = "cvm", version = "2017-03-12", name = $name, unchecked)]
            pub struct $request {
                #[tc(min_len = 1, max_len = 64)]
                pub room_id: String,
                #[tc(unique, min_items = 1, max_items = 10)]
                pub user_ids: Vec<String>,
                pub limit: Option<u64>,
            }

            #[tencent_action::tencent_model]
            pub struct $record {
                pub user_id: String,
                pub sig: String,
            }

            #[tencent_action::tencent_model]
            pub struct $response {
                pub records: Option<Vec<$record>>,
                pub total_count: u64,
            }
        )*

        /// Sends every declared action once; prints what came back.
        pub async fn send_all(client: &tencent_action::Client) {
            $(
                let request = $request {
                    room_id: std::env::args().nth(1).unwrap_or_default(),
                    user_ids: std::env::args().skip(2).collect(),
                    limit: None,
                };
                match client.send(&request).await {
                    Ok(out) => println!("{} {} {}", $name, out.total_count, out.request_id()),
                    Err(err) => eprintln!("{}: {err}", $name),
                }
            )*
        }
    };
}

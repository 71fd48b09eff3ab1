//! The README's quickstart declarations, as written there.

use tencent_action::{Action, tencent_action, tencent_model};

#[tencent_action(version = "2017-03-12", regions = ["ap-guangzhou", "ap-shanghai"])]   // service inferred: cvm
pub struct DescribeInstances {
    #[tc(min = 1, max = 100)]
    pub limit: Option<i64>,              // wire name Limit; None is left out of the request
}

#[tencent_model]
pub struct DescribeInstancesResponse {   // default response type: <Action>Response
    pub total_count: Option<i64>,        // wire name TotalCount; null or absent reads as None
    pub instance_set: Option<Vec<Instance>>,
}

#[tencent_model]
pub struct Instance {                    // declare only the members you need
    pub instance_id: String,
    pub instance_name: Option<String>,
    pub instance_state: Option<String>,
}

fn main() {
    assert_eq!(DescribeInstances::SERVICE, "cvm");
    let _ = DescribeInstances { limit: Some(20) };
}

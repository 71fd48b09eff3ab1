//! Lookups in the index, which is read from the bytes built into the crate on first use.

use std::sync::OnceLock;

use crate::Service;
use crate::index::Index;

static BYTES: &[u8] = include_bytes!("../data/index.bin");

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    // The file is committed with the crate, and a test reads every entry of it: the empty
    // index stands in only for a file this crate did not write.
    INDEX.get_or_init(|| Index::read(BYTES).unwrap_or_else(Index::empty))
}

/// One service at one version, if the index has it.
///
/// ```
/// assert!(tencent_action_spec::service("cvm", "2017-03-12").is_some());
/// assert!(tencent_action_spec::service("cvm", "2017-03-13").is_none());
/// ```
pub fn service(name: &str, version: &str) -> Option<&'static Service> {
    let index = index();
    index.schema(index.entry(name, version)?)
}

/// Every `(service, version)` pair of the index, sorted.
///
/// ```
/// let pairs: Vec<_> = tencent_action_spec::service_versions().collect();
/// assert!(pairs.contains(&("iotexplorer", "2019-04-23")));
/// assert!(pairs.len() > 250);
/// ```
pub fn service_versions() -> impl Iterator<Item = (&'static str, &'static str)> {
    index()
        .entries
        .iter()
        .map(|e| (e.service.as_str(), e.version.as_str()))
}

/// The versions the index has of a service, oldest first; empty for a service it does not know.
///
/// ```
/// assert!(tencent_action_spec::versions("cvm").contains(&"2017-03-12"));
/// assert!(tencent_action_spec::versions("nosuchservice").is_empty());
/// ```
pub fn versions(service: &str) -> Vec<&'static str> {
    let mut out: Vec<&str> = service_versions()
        .filter(|(s, _)| *s == service)
        .map(|(_, v)| v)
        .collect();
    out.sort_unstable();
    out
}

/// The services that have an action of that name at that version, sorted.
///
/// ```
/// use tencent_action_spec::services_with_action;
/// assert_eq!(services_with_action("DescribeInstances", "2017-03-12"), ["cvm"]);
/// assert_eq!(services_with_action("DescribeTasks", "2020-12-29"), ["ams", "vm"]);
/// ```
pub fn services_with_action(action: &str, version: &str) -> Vec<&'static str> {
    let mut out: Vec<&str> = index()
        .entries
        .iter()
        .filter(|e| {
            e.version == version
                && e.actions
                    .binary_search_by(|a| a.as_str().cmp(action))
                    .is_ok()
        })
        .map(|e| e.service.as_str())
        .collect();
    out.sort_unstable();
    out
}

/// Every `(service, action)` of a version, for suggestions when a name is not found.
///
/// ```
/// assert!(tencent_action_spec::actions_at("2019-04-23")
///     .any(|(s, a)| s == "iotexplorer" && a == "CreateTRTCSignaturesWithRoomId"));
/// ```
pub fn actions_at(version: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    index()
        .entries
        .iter()
        .filter(move |e| e.version == version)
        .flat_map(|e| {
            e.actions
                .iter()
                .map(move |a| (e.service.as_str(), a.as_str()))
        })
}

/// The action names of one service version without decompressing its schema.
///
/// ```
/// assert!(tencent_action_spec::action_names("cvm", "2017-03-12").unwrap().contains(&"RunInstances"));
/// ```
pub fn action_names(service: &str, version: &str) -> Option<Vec<&'static str>> {
    let entry = index().entry(service, version)?;
    Some(entry.actions.iter().map(String::as_str).collect())
}

/// The documented example output of an action: the JSON `{"Response": {...}}` on one line.
///
/// ```
/// let out = tencent_action_spec::example_output("iotexplorer", "2019-04-23", "CreateTRTCSignaturesWithRoomId").unwrap();
/// assert!(out.contains("TRTCParamList"));
/// ```
pub fn example_output(service: &str, version: &str, action: &str) -> Option<&'static str> {
    let index = index();
    index.example_output(index.entry(service, version)?, action)
}

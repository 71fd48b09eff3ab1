//! The index file: a table of contents, then one compressed text per service version for its
//! schema and one for its example outputs, each decompressed on first use.
//!
//! Layout: `TAS1`, the table's compressed length (u32, little-endian), the table (zlib), then
//! the blobs (zlib). The table has a line per service version:
//! `SERVICE VERSION SCHEMA_OFFSET SCHEMA_LEN EXAMPLES_OFFSET EXAMPLES_LEN ACTION...`, offsets
//! counted from the first blob. An examples blob has a line per action: `ACTION JSON`.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use crate::model::Service;
use crate::text;

const MAGIC: &[u8; 4] = b"TAS1";

/// One service version of the table of contents.
pub(crate) struct Entry {
    pub(crate) service: String,
    pub(crate) version: String,
    /// Sorted.
    pub(crate) actions: Vec<String>,
    schema: Range<usize>,
    examples: Range<usize>,
    parsed: OnceLock<Option<Service>>,
    example_outputs: OnceLock<HashMap<String, String>>,
}

/// A whole index: the table and the blobs it points into.
pub(crate) struct Index {
    pub(crate) entries: Vec<Entry>,
    blobs: &'static [u8],
}

fn inflate(bytes: &[u8]) -> Option<String> {
    let raw = miniz_oxide::inflate::decompress_to_vec_zlib(bytes).ok()?;
    String::from_utf8(raw).ok()
}

impl Index {
    /// Reads the table of contents; `None` on bytes [`write`] did not make.
    pub(crate) fn read(bytes: &'static [u8]) -> Option<Index> {
        let rest = bytes.strip_prefix(MAGIC)?;
        let (len, rest) = rest.split_at_checked(4)?;
        let len = u32::from_le_bytes(len.try_into().ok()?) as usize;
        let (table, blobs) = rest.split_at_checked(len)?;
        let table = inflate(table)?;
        let mut entries = Vec::new();
        for line in table.lines() {
            let mut words = line.split(' ');
            let service = words.next()?.to_owned();
            let version = words.next()?.to_owned();
            let mut number = || words.next()?.parse::<usize>().ok();
            let (so, sl, eo, el) = (number()?, number()?, number()?, number()?);
            let schema = so..so.checked_add(sl)?;
            let examples = eo..eo.checked_add(el)?;
            if schema.end > blobs.len() || examples.end > blobs.len() {
                return None;
            }
            entries.push(Entry {
                service,
                version,
                actions: words.map(str::to_owned).collect(),
                schema,
                examples,
                parsed: OnceLock::new(),
                example_outputs: OnceLock::new(),
            });
        }
        Some(Index { entries, blobs })
    }

    pub(crate) fn empty() -> Index {
        Index {
            entries: Vec::new(),
            blobs: &[],
        }
    }

    pub(crate) fn entry(&self, service: &str, version: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.service == service && e.version == version)
    }

    pub(crate) fn schema<'a>(&self, entry: &'a Entry) -> Option<&'a Service> {
        entry
            .parsed
            .get_or_init(|| {
                let text = inflate(&self.blobs[entry.schema.clone()])?;
                text::decode(&entry.service, &entry.version, &text)
            })
            .as_ref()
    }

    pub(crate) fn example_output<'a>(&'a self, entry: &'a Entry, action: &str) -> Option<&'a str> {
        entry
            .example_outputs
            .get_or_init(|| {
                let text = inflate(&self.blobs[entry.examples.clone()]).unwrap_or_default();
                text.lines()
                    .filter_map(|line| line.split_once(' '))
                    .map(|(a, json)| (a.to_owned(), json.to_owned()))
                    .collect()
            })
            .get(action)
            .map(String::as_str)
    }
}

/// One service version to write: its schema and, per action, the documented example output
/// (the JSON of `{"Response": ...}` on one line).
///
/// ```
/// use tencent_action_spec::{IndexEntry, Service};
/// let entry = IndexEntry { schema: Service::new("demo", "2020-01-01", vec![], vec![]), example_outputs: vec![] };
/// assert!(!tencent_action_spec::write_index(&[entry]).is_empty());
/// ```
#[derive(Debug, Clone)]
pub struct IndexEntry {
    /// The schema.
    pub schema: Service,
    /// `(action, output JSON)` pairs; the JSON holds no newline.
    pub example_outputs: Vec<(String, String)>,
}

/// Writes an index file from its service versions (in the order given; the same input gives
/// the same bytes).
pub fn write_index(entries: &[IndexEntry]) -> Vec<u8> {
    const LEVEL: u8 = 10;
    let mut table = String::new();
    let mut blobs = Vec::new();
    for entry in entries {
        let schema = miniz_oxide::deflate::compress_to_vec_zlib(
            text::encode(&entry.schema).as_bytes(),
            LEVEL,
        );
        let mut examples_text = String::new();
        for (action, json) in &entry.example_outputs {
            examples_text.push_str(action);
            examples_text.push(' ');
            examples_text.push_str(&json.replace('\n', " "));
            examples_text.push('\n');
        }
        let examples = miniz_oxide::deflate::compress_to_vec_zlib(examples_text.as_bytes(), LEVEL);
        table.push_str(&format!(
            "{} {} {} {} {} {}",
            entry.schema.name,
            entry.schema.version,
            blobs.len(),
            schema.len(),
            blobs.len() + schema.len(),
            examples.len()
        ));
        for action in &entry.schema.actions {
            table.push(' ');
            table.push_str(&action.name);
        }
        table.push('\n');
        blobs.extend_from_slice(&schema);
        blobs.extend_from_slice(&examples);
    }
    let table = miniz_oxide::deflate::compress_to_vec_zlib(table.as_bytes(), LEVEL);
    let mut out = Vec::with_capacity(8 + table.len() + blobs.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(table.len() as u32).to_le_bytes());
    out.extend_from_slice(&table);
    out.extend_from_slice(&blobs);
    out
}

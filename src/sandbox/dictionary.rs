//! dataDictionary.php: the reference's dictionary, served as the vendor serves it.

use std::sync::OnceLock;

use serde_json::Value;

/// The reference's sample result, the same file the client's built-in dictionary reads.
const DICTIONARY_JSON: &str = include_str!("../data/dictionary.json");

/// The `result` of dataDictionary.php, in the file's key order; `None` only if the built-in
/// file is broken.
pub fn result() -> Option<&'static Value> {
    static RESULT: OnceLock<Option<Value>> = OnceLock::new();
    RESULT
        .get_or_init(|| serde_json::from_str(DICTIONARY_JSON).ok())
        .as_ref()
}

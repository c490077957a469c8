//! [`Code`]: the typed id of the rule a finding is of.

use serde::{Serialize, Serializer};

/// The code of a rule (`DL3007`, `FromAsCasing`, `DD001`): what a finding
/// is of. `Copy`, made from the registry's `&'static str` without
/// allocating; it compares, hashes, orders, displays and serializes
/// exactly as the string it holds, so the views and the report formats
/// see the same text as before (a finding's code was a `String`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code(&'static str);

impl Code {
    /// The code written `code`.
    pub const fn new(code: &'static str) -> Code {
        Code(code)
    }

    /// The code as text.
    pub const fn as_str(self) -> &'static str {
        self.0
    }
}

impl From<&'static str> for Code {
    fn from(code: &'static str) -> Code {
        Code(code)
    }
}

impl std::ops::Deref for Code {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        self.0
    }
}

impl std::borrow::Borrow<str> for Code {
    fn borrow(&self) -> &str {
        self.0
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.0, f)
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for Code {
    fn eq(&self, other: &String) -> bool {
        self.0 == other.as_str()
    }
}

impl PartialEq<Code> for str {
    fn eq(&self, other: &Code) -> bool {
        self == other.0
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.0
    }
}

impl PartialEq<Code> for String {
    fn eq(&self, other: &Code) -> bool {
        self.as_str() == other.0
    }
}

impl From<Code> for String {
    fn from(code: Code) -> String {
        code.0.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_serializes_as_its_text() {
        let c = Code::new("DL3007");
        assert_eq!(c, "DL3007");
        assert_eq!("DL3007", c);
        assert_ne!(c, "dl3007");
        assert_eq!(c.to_string(), "DL3007");
        assert_eq!(format!("{c:?}"), "\"DL3007\"");
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"DL3007\"");
        assert!(Code::new("DL3006") < c && c < Code::new("DL3008"));
        let set: std::collections::HashSet<Code> = [c].into_iter().collect();
        assert!(set.contains("DL3007"));
    }
}

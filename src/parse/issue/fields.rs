//! The facts as header fields: what a front matter says, or what a page, a feed entry or
//! a message says of itself (`date`, `title`, `issue`, `site_name`), for the issue-level stage.

/// One header field: its lowercase key, its value as text, and its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Lowercase key.
    pub key: String,
    /// The value, trimmed (scalars only).
    pub value: String,
    /// 1-based line of the field in the file.
    pub line: usize,
}

/// The header fields.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Header {
    /// Fields in file order.
    pub fields: Vec<Field>,
}

impl Header {
    /// The first field with one of `keys` and a non-empty value.
    pub fn field(&self, keys: &[&str]) -> Option<&Field> {
        self.fields
            .iter()
            .find(|field| keys.contains(&field.key.as_str()) && !field.value.is_empty())
    }
}

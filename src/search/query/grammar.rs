//! The query text read with Tantivy's grammar, and what is said about it: where and why it
//! cannot be read, which fields a term may name, and how a typed value is put in the form the
//! index holds.

use anyhow::bail;
use tantivy::query_grammar::{self, UserInputAst, UserInputLeaf};

use crate::index::schema::URL_WORDS;
use crate::model::{day, field};
use crate::sections::slug_for_heading;
use crate::urls;

/// Deepest parenthesis nesting accepted; deeper queries are refused before parsing (the grammar
/// recurses once per level).
const MAX_NESTING: usize = 32;

/// The fields a query term may name, as the user types them.
const SEARCHABLE: [&str; 11] = [
    field::SECTION,
    field::DOMAIN,
    field::YEAR,
    field::ISSUE,
    field::DATE,
    field::TITLE,
    field::DESCRIPTION,
    field::ISSUE_TITLE,
    field::URL,
    field::SOURCE,
    field::NEWSLETTER,
];

/// Parses the query text with Tantivy's grammar; a syntax error says where and why.
pub(super) fn parse_words(text: &str) -> anyhow::Result<UserInputAst> {
    if nesting(text) > MAX_NESTING {
        bail!("the query nests parentheses more than {MAX_NESTING} levels deep");
    }
    if let Ok(ast) = query_grammar::parse_query(text) {
        return Ok(ast);
    }
    let (_, errors) = query_grammar::parse_query_lenient(text);
    let (pos, why) = errors
        .first()
        .map(|e| (e.pos, e.message.clone()))
        .unwrap_or((text.len(), "unexpected end of query".to_string()));
    let column = text
        .get(..pos)
        .map_or(text.chars().count(), |s| s.chars().count());
    bail!(
        "cannot read the query: {why} at character {}\n  {}\n  {}^\nhint: put words with special characters in quotes, e.g. '\"ci/cd\"'",
        column + 1,
        clean_line(text),
        " ".repeat(column)
    )
}

/// The number of leaves (words, phrases, field terms) in `ast`.
pub(super) fn leaves(ast: &UserInputAst) -> usize {
    match ast {
        UserInputAst::Clause(children) => children.iter().map(|(_, child)| leaves(child)).sum(),
        UserInputAst::Boost(child, _) => leaves(child),
        UserInputAst::Leaf(_) => 1,
    }
}

/// The deepest parenthesis nesting in `text`.
fn nesting(text: &str) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0;
    for c in text.chars() {
        match c {
            '(' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// The query on one line, control characters replaced, for an error message.
pub(crate) fn clean_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Refuses a field name the index cannot search, listing the ones it can.
pub(super) fn check_field(name: &str, value: &str) -> anyhow::Result<()> {
    if SEARCHABLE.contains(&name) {
        return Ok(());
    }
    let value = clean_line(value);
    let name = clean_line(name);
    bail!(
        "unknown field `{name}` in `{name}:{value}`: the fields are {}; to search for the text itself, put it in quotes: '\"{name}:{value}\"'",
        SEARCHABLE.join(", ")
    )
}

/// The index field that answers a field the user names: `url:` searches the words of the URL
/// (the URL itself is only stored), every other field itself.
pub(super) fn indexed_field(name: String) -> String {
    if name == field::URL {
        URL_WORDS.to_string()
    } else {
        name
    }
}

/// Puts a value typed after `section:`, `domain:` or `date:` in the form the index holds.
pub(super) fn normalize_value(field_name: &str, value: &str) -> String {
    match field_name {
        field::SECTION => slug_for_heading(value),
        field::DOMAIN => urls::host(value),
        field::DATE if day::parse(value).is_some() => format!("{value}T00:00:00Z"),
        _ => value.to_string(),
    }
}

/// A leaf as the user wrote it, for error messages.
pub(super) fn describe_leaf(leaf: &UserInputLeaf) -> String {
    let text = match leaf {
        UserInputLeaf::Literal(literal) => match &literal.field_name {
            Some(name) => format!("{name}:{}", literal.phrase),
            None => literal.phrase.clone(),
        },
        UserInputLeaf::Range { field, .. } | UserInputLeaf::Set { field, .. } => {
            format!("{}:[...]", field.as_deref().unwrap_or_default())
        }
        UserInputLeaf::Exists { field } => format!("{field}:*"),
        UserInputLeaf::Regex { pattern, .. } => format!("/{pattern}/"),
        UserInputLeaf::All => "*".to_string(),
    };
    clean_line(&text)
}

/// A person-readable reason for a Tantivy query error.
pub(super) fn explain(err: &tantivy::query::QueryParserError) -> String {
    use tantivy::query::QueryParserError as E;
    match err {
        E::ExpectedInt(_) => "`year:` and `issue:` take a whole number, e.g. year:2020".into(),
        E::DateFormatError(_) => "`date:` takes a day as YYYY-MM-DD, e.g. date:2020-11-08".into(),
        E::FieldNotIndexed(name) => format!("the field `{name}` cannot be searched"),
        E::AllButQueryForbidden => "a query needs at least one word that is not excluded".into(),
        E::PhrasePrefixRequiresAtLeastTwoTerms { .. } => {
            "a phrase prefix (`\"big bad wo\"*`) needs at least two words".into()
        }
        other => other.to_string(),
    }
}

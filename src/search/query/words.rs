//! The user's words: read with Tantivy's query grammar (refused with a readable reason when
//! malformed), checked and put in the form the index holds, then turned into a query word by
//! word (each with its own edit distance under `--fuzzy`, a prefix word by its stem).

use anyhow::{anyhow, bail};
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query};
use tantivy::query_grammar::{
    self, Delimiter, UserInputAst, UserInputBound, UserInputLeaf, UserInputLiteral,
};
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Term;

use super::forward_only::ForwardOnly;
use super::Compiler;
use crate::index::schema::URL_WORDS;
use crate::model::{day, field};
use crate::sections::{slug_for_heading, SPONSOR};
use crate::urls;

/// Deepest parenthesis nesting accepted; deeper queries are refused before parsing (the grammar
/// recurses once per level).
const MAX_NESTING: usize = 32;

/// Words with at least this many characters may be two edits away under `--fuzzy`.
const LONG_WORD: usize = 8;

/// The shortest prefix (`as*`) searched as one: a single letter would expand to a good part of
/// the vocabulary and match nearly everything.
pub const SHORTEST_PREFIX: usize = 2;

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

impl Compiler {
    /// Checks every field the query names, puts `section:` and `domain:` values in the form the
    /// index stores, and drops words with nothing to search (punctuation alone). Returns `None`
    /// when nothing searchable is left. Sets `sponsor_asked` when the query names the sponsor
    /// section.
    pub(super) fn normalize(
        &self,
        ast: UserInputAst,
        sponsor_asked: &mut bool,
    ) -> anyhow::Result<Option<UserInputAst>> {
        match ast {
            UserInputAst::Clause(children) => {
                let mut kept = Vec::with_capacity(children.len());
                for (occur, child) in children {
                    if let Some(child) = self.normalize(child, sponsor_asked)? {
                        kept.push((occur, child));
                    }
                }
                Ok((!kept.is_empty()).then_some(UserInputAst::Clause(kept)))
            }
            UserInputAst::Boost(child, boost) => Ok(self
                .normalize(*child, sponsor_asked)?
                .map(|child| UserInputAst::Boost(Box::new(child), boost))),
            UserInputAst::Leaf(leaf) => Ok(self
                .normalize_leaf(*leaf, sponsor_asked)?
                .map(|leaf| UserInputAst::Leaf(Box::new(leaf)))),
        }
    }

    /// [`Self::normalize`] for one leaf.
    fn normalize_leaf(
        &self,
        leaf: UserInputLeaf,
        sponsor_asked: &mut bool,
    ) -> anyhow::Result<Option<UserInputLeaf>> {
        match leaf {
            UserInputLeaf::Literal(mut literal) => {
                let Some(name) = literal.field_name.clone() else {
                    return Ok(self.has_tokens(&literal.phrase).then_some(literal.into()));
                };
                check_field(&name, &literal.phrase)?;
                literal.phrase = normalize_value(&name, &literal.phrase);
                literal.field_name = Some(indexed_field(name.clone()));
                if name == field::SECTION && literal.phrase == SPONSOR {
                    *sponsor_asked = true;
                }
                Ok(Some(literal.into()))
            }
            UserInputLeaf::Range {
                field: Some(name),
                lower,
                upper,
            } => {
                check_field(&name, "[...]")?;
                let bound = |bound: UserInputBound| match bound {
                    UserInputBound::Inclusive(v) => {
                        UserInputBound::Inclusive(normalize_value(&name, &v))
                    }
                    UserInputBound::Exclusive(v) => {
                        UserInputBound::Exclusive(normalize_value(&name, &v))
                    }
                    UserInputBound::Unbounded => UserInputBound::Unbounded,
                };
                Ok(Some(UserInputLeaf::Range {
                    lower: bound(lower),
                    upper: bound(upper),
                    field: Some(indexed_field(name)),
                }))
            }
            UserInputLeaf::Set {
                field: Some(name),
                elements,
            } => {
                check_field(&name, "IN [...]")?;
                let elements = elements
                    .iter()
                    .map(|value| normalize_value(&name, value))
                    .collect();
                Ok(Some(UserInputLeaf::Set {
                    field: Some(indexed_field(name)),
                    elements,
                }))
            }
            UserInputLeaf::Range { field: None, .. } | UserInputLeaf::Set { field: None, .. } => {
                bail!(
                    "a range or `IN [...]` needs a field, e.g. `year:[2019 TO 2020]` or `section: IN [tools news]`"
                )
            }
            UserInputLeaf::Regex { .. } => {
                bail!("regular expressions are not supported in queries")
            }
            UserInputLeaf::Exists { field: name } => {
                check_field(&name, "*")?;
                bail!(
                    "`{}:*` is not supported: a lone `*` matches every link",
                    clean_line(&name)
                )
            }
            UserInputLeaf::All => Ok(Some(UserInputLeaf::All)),
        }
    }

    /// True when the English analyzer finds at least one word in `text`.
    fn has_tokens(&self, text: &str) -> bool {
        let mut analyzer = self.analyzer.clone();
        let mut stream = analyzer.token_stream(text);
        stream.advance()
    }

    /// Builds the Tantivy query for a normalized AST, clause by clause, so that each word can get
    /// its own edit distance under `--fuzzy`. Words are ANDed unless the query says `OR`.
    pub(super) fn convert(&self, ast: UserInputAst, fuzzy: bool) -> anyhow::Result<Box<dyn Query>> {
        match ast {
            UserInputAst::Clause(children) => {
                let mut clauses = Vec::with_capacity(children.len() + 1);
                for (occur, child) in children {
                    let occur = occur.unwrap_or(Occur::Must);
                    let mut query = self.convert(child, fuzzy)?;
                    if occur == Occur::MustNot {
                        query = Box::new(ForwardOnly(query));
                    }
                    clauses.push((occur, query));
                }
                if clauses.iter().all(|(occur, _)| *occur == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Ok(Box::new(BooleanQuery::new(clauses)))
            }
            UserInputAst::Boost(child, boost) => Ok(Box::new(tantivy::query::BoostQuery::new(
                self.convert(*child, fuzzy)?,
                boost.into_inner() as f32,
            ))),
            UserInputAst::Leaf(leaf) => self.convert_leaf(*leaf, fuzzy),
        }
    }

    /// Builds the query for one leaf with the parser that gives it the right edit distance; a
    /// prefix word (`asyn*`) gets [`Self::prefix`].
    fn convert_leaf(&self, leaf: UserInputLeaf, fuzzy: bool) -> anyhow::Result<Box<dyn Query>> {
        if let UserInputLeaf::Literal(literal) = &leaf {
            if let Some(query) = self.prefix(literal) {
                return Ok(query);
            }
        }
        let shown = describe_leaf(&leaf);
        let parser = match &leaf {
            UserInputLeaf::Literal(literal) if fuzzy => {
                if literal.phrase.chars().count() >= LONG_WORD {
                    &self.two_edits
                } else {
                    &self.one_edit
                }
            }
            _ => &self.exact,
        };
        parser
            .build_query_from_user_input_ast(UserInputAst::Leaf(Box::new(leaf)))
            .map_err(|err| anyhow!("cannot search for `{shown}`: {}", explain(&err)))
    }

    /// The query for a word typed as a prefix (`asyn*`, `"asyn"*`, `title:asyn*`): documents
    /// with a term that starts with the word, or with its stem, in the word fields (or the one
    /// field named). `None` when `literal` is not one such word: a phrase prefix (`"big bad
    /// wo"*`) goes to Tantivy's own phrase-prefix query, and a prefix shorter than
    /// [`SHORTEST_PREFIX`] is read as the word itself.
    fn prefix(&self, literal: &UserInputLiteral) -> Option<Box<dyn Query>> {
        let word = match literal.delimiter {
            Delimiter::None => literal.phrase.strip_suffix('*')?,
            _ if literal.prefix => literal.phrase.as_str(),
            _ => return None,
        };
        let fields: Vec<(Field, f32)> = match &literal.field_name {
            None => self.weighted.to_vec(),
            Some(name) => {
                let named = match name.as_str() {
                    field::TITLE => self.fields.title,
                    field::DESCRIPTION => self.fields.description,
                    field::ISSUE_TITLE => self.fields.issue_title,
                    URL_WORDS => self.fields.url_words,
                    _ => return None,
                };
                self.weighted
                    .iter()
                    .copied()
                    .filter(|(field, _)| *field == named)
                    .collect()
            }
        };
        let [typed] = tokens(&mut self.unstemmed.clone(), word).try_into().ok()?;
        let [stem] = tokens(&mut self.analyzer.clone(), word).try_into().ok()?;
        if typed.chars().count() < SHORTEST_PREFIX || fields.is_empty() {
            return None;
        }
        let mut starts = vec![stem];
        if !typed.starts_with(&starts[0]) {
            starts.push(typed);
        }
        let clauses = fields
            .iter()
            .flat_map(|&(field, boost)| {
                starts.iter().map(move |start| {
                    let prefix =
                        FuzzyTermQuery::new_prefix(Term::from_field_text(field, start), 0, true);
                    let query: Box<dyn Query> = Box::new(BoostQuery::new(Box::new(prefix), boost));
                    (Occur::Should, query)
                })
            })
            .collect();
        Some(Box::new(BooleanQuery::new(clauses)))
    }
}

/// The tokens `analyzer` makes of `text`.
fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut found = Vec::new();
    while stream.advance() {
        found.push(stream.token().text.clone());
    }
    found
}

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
fn check_field(name: &str, value: &str) -> anyhow::Result<()> {
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
fn indexed_field(name: String) -> String {
    if name == field::URL {
        URL_WORDS.to_string()
    } else {
        name
    }
}

/// Puts a value typed after `section:`, `domain:` or `date:` in the form the index holds.
fn normalize_value(field_name: &str, value: &str) -> String {
    match field_name {
        field::SECTION => slug_for_heading(value),
        field::DOMAIN => urls::host(value),
        field::DATE if day::parse(value).is_some() => format!("{value}T00:00:00Z"),
        _ => value.to_string(),
    }
}

/// A leaf as the user wrote it, for error messages.
fn describe_leaf(leaf: &UserInputLeaf) -> String {
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
fn explain(err: &tantivy::query::QueryParserError) -> String {
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

//! The user's words: one query builder per index, with the three query parsers (exact, one
//! edit, two edits) and the analyzers, which checks and normalizes each word of a parsed query
//! and builds it with its own edit distance under `--fuzzy` (a prefix word by its stem).

use std::collections::HashSet;

use anyhow::{anyhow, bail, Context};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, FuzzyTermQuery, Occur, Query, QueryParser,
};
use tantivy::query_grammar::{
    Delimiter, UserInputAst, UserInputBound, UserInputLeaf, UserInputLiteral,
};
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, Searcher, Term};

use super::forward_only::ForwardOnly;
use super::grammar::{
    check_field, clean_line, describe_leaf, explain, indexed_field, leaves, normalize_value,
    parse_words,
};
use crate::index::analyzer;
use crate::index::schema::{IndexFields, TEXT_TOKENIZER, URL_WORDS};
use crate::model::field;
use crate::sections::SPONSOR;

/// Most words a `--fuzzy` query may hold: each expands to every indexed term within reach.
const MAX_FUZZY_WORDS: usize = 32;

/// Words with at least this many characters may be two edits away under `--fuzzy`.
const LONG_WORD: usize = 8;

/// The shortest prefix (`as*`) searched as one: a single letter would expand to a good part of
/// the vocabulary and match nearly everything.
pub const SHORTEST_PREFIX: usize = 2;

/// Builds the query for the user's words in one index.
pub(super) struct Words {
    fields: IndexFields,
    exact: QueryParser,
    one_edit: QueryParser,
    two_edits: QueryParser,
    analyzer: TextAnalyzer,
    /// The analyzer without its stemmer, for the typed form of a prefix.
    unstemmed: TextAnalyzer,
    /// The fields a word is looked for in, with their weights.
    weighted: Vec<(Field, f32)>,
}

impl Words {
    /// Prepares the three query parsers (exact, one edit, two edits) for `index`, looking for
    /// words in the word fields that `searcher` holds terms of (see [`with_terms`]).
    pub(super) fn new(
        index: &Index,
        fields: &IndexFields,
        searcher: &Searcher,
    ) -> anyhow::Result<Self> {
        let weighted = with_terms(
            searcher,
            vec![
                (fields.title, 2.0),
                (fields.description, 2.0),
                (fields.issue_title, 0.5),
                (fields.url_words, 0.5),
            ],
        );
        let parser = |distance: u8| {
            // Only ever given one leaf ([`Self::convert_leaf`]): `convert` decides how words
            // combine (AND unless `OR`), so the parser's default conjunction is never consulted.
            let mut parser =
                QueryParser::for_index(index, weighted.iter().map(|(f, _)| *f).collect());
            for &(field, boost) in &weighted {
                parser.set_field_boost(field, boost);
                if distance > 0 {
                    parser.set_field_fuzzy(field, false, distance, true);
                }
            }
            parser
        };
        let analyzer = index
            .tokenizers()
            .get(TEXT_TOKENIZER)
            .with_context(|| format!("the index has no `{TEXT_TOKENIZER}` tokenizer"))?;
        Ok(Self {
            fields: fields.clone(),
            exact: parser(0),
            one_edit: parser(1),
            two_edits: parser(2),
            analyzer,
            unstemmed: analyzer::unstemmed(),
            weighted,
        })
    }

    /// The query for the words `text`: read, checked and normalized, then built leaf by leaf
    /// (an empty query when nothing searchable is left). Sets `sponsor_asked` when the words
    /// name the sponsor section.
    pub(super) fn query(
        &self,
        text: &str,
        fuzzy: bool,
        sponsor_asked: &mut bool,
    ) -> anyhow::Result<Box<dyn Query>> {
        let ast = parse_words(text)?;
        let ast = self.normalize(ast, sponsor_asked)?;
        if let Some(ast) = ast.as_ref().filter(|_| fuzzy) {
            let words = leaves(ast);
            if words > MAX_FUZZY_WORDS {
                bail!(
                    "--fuzzy takes at most {MAX_FUZZY_WORDS} words (each one expands to many terms); this query has {words}"
                );
            }
        }
        Ok(match ast {
            Some(ast) => self.convert(ast, fuzzy)?,
            None => Box::new(EmptyQuery) as Box<dyn Query>,
        })
    }

    /// Checks every field the query names, puts `section:` and `domain:` values in the form the
    /// index stores, and drops words with nothing to search (punctuation alone). Returns `None`
    /// when nothing searchable is left. Sets `sponsor_asked` when the query names the sponsor
    /// section.
    fn normalize(
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
    fn convert(&self, ast: UserInputAst, fuzzy: bool) -> anyhow::Result<Box<dyn Query>> {
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

    /// The fields a word is looked for in.
    #[cfg(test)]
    pub(super) fn searched_fields(&self) -> Vec<Field> {
        self.weighted.iter().map(|&(field, _)| field).collect()
    }
}

/// The word fields of `weighted` that some segment of `searcher` has terms of (all of them if
/// none has). Leaving out a field no segment has terms of changes no match and no score, and
/// saves every query the empty term dictionary Tantivy builds for a field a segment lacks
/// (`TermDictionary::empty`: an FST builder with a 10,000-entry table, an eighth of a query's
/// time on an index of DevOps Weekly issues, whose links have no titles; perf). A segment that
/// cannot be inspected counts as having terms of every field.
fn with_terms(searcher: &Searcher, weighted: Vec<(Field, f32)>) -> Vec<(Field, f32)> {
    let schema = searcher.schema();
    let mut with_postings = HashSet::new();
    for segment in searcher.segment_readers() {
        let Ok(metadata) = segment.fields_metadata() else {
            return weighted;
        };
        with_postings.extend(
            metadata
                .into_iter()
                .filter(|field| field.postings_size.is_some_and(|size| size.get_bytes() > 0))
                .map(|field| field.field_name),
        );
    }
    let kept: Vec<_> = weighted
        .iter()
        .copied()
        .filter(|(field, _)| with_postings.contains(schema.get_field_name(*field)))
        .collect();
    if kept.is_empty() {
        weighted
    } else {
        kept
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

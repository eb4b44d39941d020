//! From a [`QueryConfig`] to one Tantivy query: the user's words through Tantivy's query grammar
//! (checked, normalized and turned into readable errors), and every filter as a required clause.

use std::collections::HashSet;
use std::ops::Bound;

use anyhow::{anyhow, bail, Context};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, FuzzyTermQuery, Occur, Query,
    QueryParser, RangeQuery, TermQuery,
};
use tantivy::query_grammar::{
    self, Delimiter, UserInputAst, UserInputBound, UserInputLeaf, UserInputLiteral,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, Searcher, Term};
use time::Date;

use crate::index::analyzer;
use crate::index::schema::{date_to_tantivy, url_hash, IndexFields, TEXT_TOKENIZER, URL_WORDS};
use crate::model::{day, field};
use crate::sections::{slug_for_heading, SPONSOR};
use crate::urls;

use super::config::QueryConfig;
use super::forward_only::ForwardOnly;

/// Deepest parenthesis nesting accepted; deeper queries are refused before parsing (the grammar
/// recurses once per level).
const MAX_NESTING: usize = 32;

/// Most words a `--fuzzy` query may hold: each expands to every indexed term within reach.
const MAX_FUZZY_WORDS: usize = 32;

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

/// A query ready to run, with the part that snippets are made from.
pub(crate) struct Compiled {
    /// Words and filters together, less what is left out: what matches.
    pub query: Box<dyn Query>,
    /// Words and filters alone, before anything is left out; the bare words when there is
    /// nothing else, so that ranking by relevance can skip whole blocks of postings (Tantivy's
    /// block-max WAND runs only on a union of terms, not under an exclusion).
    pub included: Box<dyn Query>,
    /// What is left out (sponsor links, recurring links), when anything is.
    pub excluded: Option<Box<dyn Query>>,
    /// The words alone, when the query has any (snippets highlight their terms).
    pub words: Option<Box<dyn Query>>,
}

impl Compiled {
    /// A query with nothing left out.
    pub fn whole(query: Box<dyn Query>, words: Option<Box<dyn Query>>) -> Self {
        Self {
            included: query.box_clone(),
            query,
            excluded: None,
            words,
        }
    }
}

/// Builds Tantivy queries for one index.
pub(crate) struct Compiler {
    fields: IndexFields,
    /// Matches the appearances of recurring links, left out unless `--include-recurring`.
    recurring: Option<Box<dyn Query>>,
    exact: QueryParser,
    one_edit: QueryParser,
    two_edits: QueryParser,
    analyzer: TextAnalyzer,
    /// The analyzer without its stemmer, for the typed form of a prefix.
    unstemmed: TextAnalyzer,
    /// The fields a word is looked for in, with their weights.
    weighted: Vec<(Field, f32)>,
}

impl Compiler {
    /// Prepares the three query parsers (exact, one edit, two edits) for `index`, looking for
    /// words in the word fields that `searcher` holds terms of (see [`with_terms`]).
    pub fn new(index: &Index, fields: &IndexFields, searcher: &Searcher) -> anyhow::Result<Self> {
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
            recurring: None,
            exact: parser(0),
            one_edit: parser(1),
            two_edits: parser(2),
            analyzer,
            unstemmed: analyzer::unstemmed(),
            weighted,
        })
    }

    /// Leaves out what `recurring` matches (the recurring links) unless a query asks for them.
    pub fn exclude_recurring(&mut self, recurring: Option<Box<dyn Query>>) {
        self.recurring = recurring;
    }

    /// Turns the configuration into one query: the words (if any) AND every filter.
    pub fn compile(&self, config: &QueryConfig) -> anyhow::Result<Compiled> {
        if let Some(url) = config.typed_url() {
            return Ok(self.compile_link(config, url));
        }
        let mut sponsor_asked = !config.excludes_sponsors();
        let words = if config.has_words() {
            let ast = parse_words(&config.words)?;
            let ast = self.normalize(ast, &mut sponsor_asked)?;
            if let Some(ast) = ast.as_ref().filter(|_| config.fuzzy) {
                let words = leaves(ast);
                if words > MAX_FUZZY_WORDS {
                    bail!(
                        "--fuzzy takes at most {MAX_FUZZY_WORDS} words (each one expands to many terms); this query has {words}"
                    );
                }
            }
            Some(match ast {
                Some(ast) => self.convert(ast, config.fuzzy)?,
                None => Box::new(EmptyQuery) as Box<dyn Query>,
            })
        } else {
            None
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(words) = &words {
            clauses.push((Occur::Must, words.box_clone()));
        }
        for filter in self.filters(config) {
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
        }
        let included: Box<dyn Query> = match clauses.len() {
            0 => Box::new(AllQuery),
            1 => clauses.remove(0).1,
            _ => Box::new(BooleanQuery::new(clauses)),
        };
        let mut left_out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !sponsor_asked {
            left_out.push((Occur::Should, self.term(self.fields.section, SPONSOR)));
        }
        if let Some(recurring) = self
            .recurring
            .as_ref()
            .filter(|_| !config.include_recurring)
        {
            left_out.push((Occur::Should, recurring.box_clone()));
        }
        if left_out.is_empty() {
            return Ok(Compiled::whole(included, words));
        }
        let excluded: Box<dyn Query> = Box::new(BooleanQuery::new(left_out));
        Ok(Compiled {
            query: Box::new(BooleanQuery::new(vec![
                (Occur::Must, included.box_clone()),
                (Occur::MustNot, excluded.box_clone()),
            ])),
            included,
            excluded: Some(excluded),
            words,
        })
    }

    /// The query for words that are one URL: every appearance of that link (same canonical
    /// URL) AND every filter. It names the link, so sponsor and recurring links are not left
    /// out; no words are left to highlight.
    fn compile_link(&self, config: &QueryConfig, url: &str) -> Compiled {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, Box::new(self.same_link(url)))];
        for filter in self.filters(config) {
            clauses.push((Occur::Must, filter));
        }
        Compiled::whole(
            Box::new(ConstScoreQuery::new(
                Box::new(BooleanQuery::new(clauses)),
                1.0,
            )),
            None,
        )
    }

    /// Matches every document of the link at `url` (same canonical URL, by its hash).
    pub fn same_link(&self, url: &str) -> TermQuery {
        TermQuery::new(
            Term::from_field_u64(self.fields.url_hash, url_hash(url)),
            IndexRecordOption::Basic,
        )
    }

    /// One query per filter flag; each must match.
    fn filters(&self, config: &QueryConfig) -> Vec<Box<dyn Query>> {
        let f = &self.fields;
        let mut filters = Vec::new();
        if !config.sections.is_empty() {
            filters.push(self.any_of(f.section, &config.sections));
        }
        if !config.domains.is_empty() {
            filters.push(self.any_of(f.domain, &config.domains));
        }
        if !config.newsletters.is_empty() {
            filters.push(self.any_of(f.newsletter, &config.newsletters));
        }
        if let Some(years) = config.years {
            filters.push(Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_i64(f.year, years.from)),
                Bound::Included(Term::from_field_i64(f.year, years.to)),
            )) as Box<dyn Query>);
        }
        if config.since.is_some() || config.until.is_some() {
            let bound = |day: Option<Date>| match day {
                Some(day) => Bound::Included(Term::from_field_date(f.date, date_to_tantivy(day))),
                None => Bound::Unbounded,
            };
            filters.push(Box::new(RangeQuery::new(
                bound(config.since),
                bound(config.until),
            )));
        }
        if let Some(issue) = config.issue {
            filters.push(Box::new(TermQuery::new(
                Term::from_field_u64(f.issue, issue),
                IndexRecordOption::Basic,
            )));
        }
        filters
    }

    /// An exact-term query on a raw field.
    fn term(&self, field: Field, value: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        ))
    }

    /// Matches documents whose raw `field` holds any of `values`.
    fn any_of(&self, field: Field, values: &[String]) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(
            values
                .iter()
                .map(|value| (Occur::Should, self.term(field, value)))
                .collect(),
        ))
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
}

impl Compiler {
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

#[cfg(test)]
impl Compiler {
    /// The fields a word is looked for in.
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

/// Parses the query text with Tantivy's grammar; a syntax error says where and why.
fn parse_words(text: &str) -> anyhow::Result<UserInputAst> {
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
fn leaves(ast: &UserInputAst) -> usize {
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
pub(super) fn clean_line(text: &str) -> String {
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

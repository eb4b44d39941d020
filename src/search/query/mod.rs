//! Building a query: from a [`QueryConfig`] to one Tantivy query, the user's words through
//! Tantivy's query grammar ([`words`]: checked, normalized and turned into readable errors),
//! every filter as a required clause, `--section` widened to the nested sections it names
//! ([`nested_sections`]) and `--like` to links like one ([`like`]). Uses neither ranking nor
//! counting.

use std::collections::HashSet;
use std::ops::Bound;

use anyhow::{bail, Context};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, EmptyQuery, Occur, Query, QueryParser, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, Searcher, Term};
use time::Date;

use crate::index::analyzer;
use crate::index::schema::{date_to_tantivy, url_hash, IndexFields, TEXT_TOKENIZER};
use crate::sections::SPONSOR;

use super::config::QueryConfig;
use words::{leaves, parse_words};

pub(crate) use words::clean_line;
pub use words::SHORTEST_PREFIX;

mod forward_only;
mod like;
pub(crate) mod nested_sections;
mod words;

/// Most words a `--fuzzy` query may hold: each expands to every indexed term within reach.
const MAX_FUZZY_WORDS: usize = 32;

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

    /// The query `config` asks for on `searcher`: its `--section` values widened to the nested
    /// sections they name, compiled, and narrowed to the links like `--like`'s when given.
    pub fn build(&self, searcher: &Searcher, config: &QueryConfig) -> anyhow::Result<Compiled> {
        let nested;
        let config = if config.sections.is_empty() {
            config
        } else {
            nested = QueryConfig {
                sections: nested_sections::with_nested(
                    searcher,
                    self.fields.section,
                    &config.sections,
                )?,
                ..config.clone()
            };
            &nested
        };
        let compiled = self.compile(config)?;
        match &config.like {
            Some(url) => self.like(searcher, compiled, url),
            None => Ok(compiled),
        }
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

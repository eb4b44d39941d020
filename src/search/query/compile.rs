//! From a [`QueryConfig`] to one Tantivy query: the words (if any, built by [`Words`]) AND
//! every filter as a required clause, less the sponsor and recurring links unless asked for.

use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Index, Searcher, Term};
use time::Date;

use super::words::Words;
use crate::index::schema::{date_to_tantivy, url_hash, IndexFields};
use crate::search::config::QueryConfig;
use crate::sections::SPONSOR;

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
    /// The index's fields (read by `--like` and the nested sections too).
    pub(super) fields: IndexFields,
    /// Matches the appearances of recurring links, left out unless `--include-recurring`.
    recurring: Option<Box<dyn Query>>,
    /// Builds the query for the user's words.
    words: Words,
}

impl Compiler {
    /// Prepares the query builder of the words for `index` (see [`Words::new`]).
    pub fn new(index: &Index, fields: &IndexFields, searcher: &Searcher) -> anyhow::Result<Self> {
        Ok(Self {
            fields: fields.clone(),
            recurring: None,
            words: Words::new(index, fields, searcher)?,
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
            Some(
                self.words
                    .query(&config.words, config.fuzzy, &mut sponsor_asked)?,
            )
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

    /// The fields a word is looked for in.
    #[cfg(test)]
    pub(crate) fn searched_fields(&self) -> Vec<Field> {
        self.words.searched_fields()
    }
}

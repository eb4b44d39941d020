//! The Tantivy schema and the two-way bridge between [`LinkDoc`] and a Tantivy document.
//!
//! Ingest writes documents with [`IndexFields::to_document`]; search reads them back with
//! [`super::documents::LinkReader`], which imports from here (never the other way round). Field names shared with the JSON output come from
//! [`crate::model::field`]; the internal ones are defined here.

use anyhow::anyhow;
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED,
};
use tantivy::{DateTime, TantivyDocument};
use time::Date;
use xxhash_rust::xxh3::Xxh3;

use crate::model::{field, DatePrecision, LinkDoc};

/// Version of the on-disk layout; bump it whenever the schema or the meaning of a field changes,
/// so an old index is refused with a clear "run `ingest --rebuild`" instead of a silent mix.
pub const SCHEMA_VERSION: u32 = 8;

/// Internal field: the words of the URL, stemmed, for ranking and `url:` (not stored).
pub const URL_WORDS: &str = "url_words";
/// Internal field: a 64-bit hash of the canonical URL ([`url_hash`]), indexed and fast, for one
/// row per link (grouping by the column; finding every appearance of a link, and leaving out
/// recurring links, by term). Indexing URLs as exact terms and string columns cost a sixth of
/// the index (two more copies of every URL); eight bytes a link do the same job.
pub const URL_HASH: &str = "url_hash";
/// Internal field: the host alone, fast, for display, facets and stats (`domain`
/// also indexes every parent domain, so it cannot be counted or shown directly).
pub const HOST: &str = "host";
/// Internal field: the content hash of the source file (see [`content_hash`]), for incremental
/// ingest.
pub const SOURCE_HASH: &str = "source_hash";

/// The tokenizer for every free-text field ([`super::analyzer::text`]): words, CJK bigrams and
/// programming-language names, lowercased, English stems. Not Tantivy's `en_stem` name, so an
/// index cannot be read with Tantivy's tokenizer by mistake.
pub const TEXT_TOKENIZER: &str = "backissues_text";

/// Handles to every field of the schema, looked up once.
#[derive(Debug, Clone)]
pub struct IndexFields {
    /// The URL as written: stored only.
    pub url: Field,
    /// A hash of the canonical URL ([`url_hash`]): indexed and fast, for grouping by link.
    pub url_hash: Field,
    /// The words of the URL, stemmed.
    pub url_words: Field,
    /// The host, then each parent domain: exact terms, for `--domain` and `domain:`.
    pub domain: Field,
    /// The host alone (the link's `domain`): fast, for showing and counting.
    pub host: Field,
    /// Section slug: exact term, fast.
    pub section: Field,
    /// Section heading as written: stored only.
    pub section_title: Field,
    /// Issue date (day precision): indexed, fast.
    pub date: Field,
    /// Issue year: indexed, fast (read back from the date).
    pub year: Field,
    /// How much of the date the issue states: stored only, and only when it is not a full day
    /// (`month`, `year`).
    pub date_precision: Field,
    /// Issue number: indexed, fast (absent when the issue has none).
    pub issue: Field,
    /// Issue title: stemmed text, stored.
    pub issue_title: Field,
    /// Link text: stemmed text, stored (absent when the link has none).
    pub title: Field,
    /// Editor's description: stemmed text, stored.
    pub description: Field,
    /// Source file path: exact term, fast.
    pub source: Field,
    /// Position within the issue: fast.
    pub position: Field,
    /// The newsletter: exact term, fast (filters, facets, per-newsletter stats).
    pub newsletter: Field,
    /// `written_url` (absent from an index made before mail links had it).
    pub written_url: Option<Field>,
    /// `tracked` (absent from an index made before mail links had it).
    pub tracked: Option<Field>,
    /// Content hash of the source file ([`content_hash`]), on the file's first document only
    /// (the same eight bytes on every link would cost as much as the URL hash): fast only, read
    /// back when an ingest starts.
    pub source_hash: Field,
}

/// Builds the schema every backissues index uses. What a link is filtered or counted by is in
/// fast columns and not stored again ([`super::documents`] reads it back from the columns).
pub fn build_schema() -> Schema {
    let mut builder = Schema::builder();
    let stemmed = |stored: bool| {
        let options = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TEXT_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let number = || NumericOptions::default().set_indexed().set_fast();
    builder.add_text_field(field::URL, STORED);
    builder.add_u64_field(URL_HASH, NumericOptions::default().set_indexed().set_fast());
    builder.add_text_field(URL_WORDS, stemmed(false));
    builder.add_text_field(field::DOMAIN, exact());
    builder.add_text_field(HOST, FAST);
    builder.add_text_field(field::SECTION, exact() | FAST);
    builder.add_text_field(field::SECTION_TITLE, STORED);
    builder.add_date_field(
        field::DATE,
        DateOptions::default()
            .set_indexed()
            .set_fast()
            .set_precision(DateTimePrecision::Seconds),
    );
    builder.add_i64_field(field::YEAR, number());
    builder.add_text_field(field::DATE_PRECISION, STORED);
    builder.add_u64_field(field::ISSUE, number());
    builder.add_text_field(field::ISSUE_TITLE, stemmed(true));
    builder.add_text_field(field::TITLE, stemmed(true));
    builder.add_text_field(field::DESCRIPTION, stemmed(true));
    builder.add_text_field(field::SOURCE, exact() | FAST);
    builder.add_u64_field(field::POSITION, FAST);
    builder.add_u64_field(SOURCE_HASH, FAST);
    builder.add_text_field(field::NEWSLETTER, exact() | FAST);
    builder.add_text_field(field::WRITTEN_URL, STORED);
    builder.add_bool_field(field::TRACKED, NumericOptions::default().set_stored());
    builder.build()
}

/// An exact (untokenized) term without field norms: every value is one token, so norms would
/// only cost a byte per document and field.
fn exact() -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_fieldnorms(false)
            .set_index_option(IndexRecordOption::Basic),
    )
}

impl IndexFields {
    /// Looks up every field in `schema`; fails if the schema is not a backissues schema.
    pub fn new(schema: &Schema) -> anyhow::Result<Self> {
        let get = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| anyhow!("the index has no `{name}` field"))
        };
        Ok(Self {
            url: get(field::URL)?,
            url_hash: get(URL_HASH)?,
            url_words: get(URL_WORDS)?,
            domain: get(field::DOMAIN)?,
            host: get(HOST)?,
            section: get(field::SECTION)?,
            section_title: get(field::SECTION_TITLE)?,
            date: get(field::DATE)?,
            year: get(field::YEAR)?,
            date_precision: get(field::DATE_PRECISION)?,
            issue: get(field::ISSUE)?,
            issue_title: get(field::ISSUE_TITLE)?,
            title: get(field::TITLE)?,
            description: get(field::DESCRIPTION)?,
            source: get(field::SOURCE)?,
            position: get(field::POSITION)?,
            source_hash: get(SOURCE_HASH)?,
            newsletter: get(field::NEWSLETTER)?,
            written_url: schema.get_field(field::WRITTEN_URL).ok(),
            tracked: schema.get_field(field::TRACKED).ok(),
        })
    }

    /// Turns a parsed link into a Tantivy document; `source_hash`, given for one document of each
    /// file, identifies the file's content.
    pub fn to_document(
        &self,
        doc: &LinkDoc,
        source_hash: Option<u64>,
    ) -> anyhow::Result<TantivyDocument> {
        let mut out = TantivyDocument::default();
        out.add_text(self.url, &doc.url);
        out.add_u64(self.url_hash, url_hash(&doc.url));
        out.add_text(self.url_words, &doc.url);
        for domain in domain_and_parents(&doc.domain) {
            out.add_text(self.domain, domain);
        }
        out.add_text(self.host, &doc.domain);
        out.add_text(self.section, &doc.section);
        out.add_text(self.section_title, &doc.section_title);
        if let Some(date) = doc.date {
            out.add_date(self.date, date_to_tantivy(date));
            out.add_i64(self.year, i64::from(date.year()));
        }
        if let Some(precision) = doc.date_precision.filter(|p| *p != DatePrecision::Day) {
            out.add_text(self.date_precision, precision.as_str());
        }
        if let Some(issue) = doc.issue {
            out.add_u64(self.issue, issue);
        }
        out.add_text(self.issue_title, &doc.issue_title);
        if let Some(title) = &doc.title {
            out.add_text(self.title, title);
        }
        out.add_text(self.description, &doc.description);
        out.add_text(self.source, &doc.source);
        out.add_u64(self.position, u64::from(doc.position));
        if let Some(hash) = source_hash {
            out.add_u64(self.source_hash, hash);
        }
        out.add_text(self.newsletter, &doc.newsletter);
        if let (Some(field), Some(written)) = (self.written_url, &doc.written_url) {
            out.add_text(field, written);
        }
        if let (Some(field), true) = (self.tracked, doc.tracked) {
            out.add_bool(field, true);
        }
        Ok(out)
    }
}

/// The key links are grouped by (one row per link, appearances, recurring links): the first 64
/// bits of the BLAKE3 hash of the URL's [canonical form](crate::urls::canonical_url) (two of a
/// million distinct URLs share one with a chance of about 3 in 10^8).
pub fn url_hash(url: &str) -> u64 {
    first_64_bits(blake3::hash(crate::urls::canonical_url(url).as_bytes()))
}

/// The hash that decides whether a file is unchanged since it was ingested: the 64-bit XXH3 hash
/// of the program version, the newsletter the file is ingested as and the file's bytes (a new
/// version re-reads every file, in case its parser reads them differently; a file ingested under
/// another newsletter name is replaced). XXH3, not a cryptographic hash: it only has to tell an
/// edit from no edit, and it runs over every byte of every ingest, unchanged re-ingests too
/// (BLAKE3 took 6% of a parse-only ingest).
pub fn content_hash(newsletter: &str, bytes: &[u8]) -> u64 {
    let mut hasher = Xxh3::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(&[0]);
    hasher.update(newsletter.as_bytes());
    hasher.update(&[0]);
    hasher.update(bytes);
    hasher.digest()
}

fn first_64_bits(hash: blake3::Hash) -> u64 {
    let mut first = [0u8; 8];
    first.copy_from_slice(&hash.as_bytes()[..8]);
    u64::from_le_bytes(first)
}

/// `mhausenblas.medium.com` → `["mhausenblas.medium.com", "medium.com"]`: the host, then every
/// parent with at least two labels, so `domain:medium.com` also finds its subdomains.
pub fn domain_and_parents(host: &str) -> impl Iterator<Item = &str> {
    let starts = std::iter::once(0).chain(host.match_indices('.').map(|(i, _)| i + 1));
    starts
        .map(move |start| &host[start..])
        .filter(|suffix| suffix.contains('.') || (!suffix.is_empty() && suffix.len() == host.len()))
}

/// A calendar date as a Tantivy date (midnight UTC).
pub fn date_to_tantivy(date: Date) -> DateTime {
    DateTime::from_timestamp_secs(date.midnight().assume_utc().unix_timestamp())
}

/// A Tantivy date back to its calendar date (UTC).
pub fn tantivy_to_date(date: DateTime) -> Date {
    date.into_utc().date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::day;

    fn sample() -> LinkDoc {
        LinkDoc {
            url: "https://mhausenblas.medium.com/post".into(),
            domain: "mhausenblas.medium.com".into(),
            section: "news".into(),
            section_title: "News".into(),
            date: day::parse("2020-11-08"),
            year: Some(2020),
            date_precision: Some(DatePrecision::Day),
            issue: Some(515),
            issue_title: "DEVOPS WEEKLY ISSUE #515 - 8th November 2020".into(),
            title: None,
            description: "A quick look at the future of OpenTelemetry.".into(),
            source: "fixtures/devopsweekly/2020-11-08-issue-515.md".into(),
            position: 5,
            newsletter: "devopsweekly".into(),
            written_url: Some("https://t.example/r?url=x".into()),
            tracked: true,
        }
    }

    #[test]
    fn a_document_round_trips_through_the_index() {
        let doc = sample();
        let year_only = LinkDoc {
            date: day::parse("2016-01-01"),
            year: Some(2016),
            date_precision: Some(DatePrecision::Year),
            issue: None,
            title: Some("A title".into()),
            written_url: None,
            tracked: false,
            ..doc.clone()
        };
        let undated = LinkDoc {
            date: None,
            year: None,
            date_precision: None,
            section: String::new(),
            source: "other.md".into(),
            domain: String::new(),
            newsletter: String::new(),
            position: 0,
            ..doc.clone()
        };
        let schema = build_schema();
        let fields = IndexFields::new(&schema).unwrap();
        let index = tantivy::Index::create_in_ram(schema);
        super::super::analyzer::register(&index);
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        for (nth, link) in [&doc, &year_only, &undated].into_iter().enumerate() {
            let document = fields.to_document(link, Some(nth as u64)).unwrap();
            writer.add_document(document).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let mut links = super::super::documents::LinkReader::new(&searcher, &fields);
        let read: Vec<LinkDoc> = (0..3)
            .map(|nth| links.get(tantivy::DocAddress::new(0, nth)).unwrap())
            .collect();
        assert_eq!(read, [doc, year_only, undated]);
    }

    #[test]
    fn domains_are_indexed_with_their_parents() {
        let all: Vec<&str> = domain_and_parents("a.b.medium.com").collect();
        assert_eq!(all, ["a.b.medium.com", "b.medium.com", "medium.com"]);
        let single: Vec<&str> = domain_and_parents("localhost").collect();
        assert_eq!(single, ["localhost"]);
        assert_eq!(domain_and_parents("").count(), 0);
    }
}

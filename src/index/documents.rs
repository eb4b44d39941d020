//! Reading link documents back from an index. A link's shown-only fields (URL, titles,
//! description) are in the document store; the fields it is also filtered and counted by (host,
//! section, source, newsletter, date, issue, position) are in fast columns only, kept once
//! instead of twice (a seventh of a 1M-link index's stored bytes).

use std::collections::HashMap;

use anyhow::Context;
use rustc_hash::FxHashMap;
use tantivy::columnar::{Column, StrColumn};
use tantivy::schema::{Field, Value};
use tantivy::store::StoreReader;
use tantivy::{
    DateTime, DocAddress, DocId, Searcher, SegmentOrdinal, SegmentReader, TantivyDocument,
};
use time::Date;

use super::schema::{tantivy_to_date, IndexFields, HOST};
use crate::model::{field, DatePrecision, LinkDoc};

/// Document-store blocks kept decompressed per segment: links read in index order (an export)
/// or a page of hits from a few issues reuse the blocks just read.
const STORE_CACHE_BLOCKS: usize = 16;

/// The fields of a link that are read from fast columns, not from the document store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnFields {
    /// The host.
    pub domain: String,
    /// The section slug.
    pub section: String,
    /// The source file path.
    pub source: String,
    /// The newsletter.
    pub newsletter: String,
    /// The issue date, if the issue has one.
    pub date: Option<DateTime>,
    /// The issue number, if the issue has one.
    pub issue: Option<u64>,
    /// The position within the issue.
    pub position: u32,
}

/// Reads whole [`LinkDoc`]s from one searcher, opening each segment's store and columns once.
pub struct LinkReader<'a> {
    searcher: &'a Searcher,
    fields: &'a IndexFields,
    segments: HashMap<SegmentOrdinal, SegmentLinks>,
}

impl<'a> LinkReader<'a> {
    /// A reader over `searcher`'s segments, none opened yet.
    pub fn new(searcher: &'a Searcher, fields: &'a IndexFields) -> Self {
        Self {
            searcher,
            fields,
            segments: HashMap::new(),
        }
    }

    /// The link at `address`.
    pub fn get(&mut self, address: DocAddress) -> anyhow::Result<LinkDoc> {
        let segment = match self.segments.entry(address.segment_ord) {
            std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::hash_map::Entry::Vacant(entry) => entry.insert(SegmentLinks::open(
                self.searcher.segment_reader(address.segment_ord),
            )?),
        };
        let stored: TantivyDocument = segment
            .store
            .get(address.doc_id)
            .context("cannot read a stored link from the index")?;
        let columns = segment.columns(address.doc_id)?;
        to_link_doc(self.fields, &stored, columns)
    }
}

/// A link from its stored document and its [`ColumnFields`].
fn to_link_doc(
    fields: &IndexFields,
    doc: &TantivyDocument,
    columns: ColumnFields,
) -> anyhow::Result<LinkDoc> {
    let text = |field: Field| {
        doc.get_first(field)
            .and_then(|value| value.as_str())
            .map(str::to_string)
    };
    let date = columns.date.map(tantivy_to_date);
    Ok(LinkDoc {
        url: text(fields.url).with_context(|| format!("a stored link has no `{}`", field::URL))?,
        domain: columns.domain,
        section: columns.section,
        section_title: text(fields.section_title).unwrap_or_default(),
        date,
        year: date.map(Date::year),
        date_precision: date.map(|_| {
            text(fields.date_precision)
                .and_then(|name| DatePrecision::from_name(&name))
                .unwrap_or(DatePrecision::Day)
        }),
        issue: columns.issue,
        issue_title: text(fields.issue_title).unwrap_or_default(),
        title: text(fields.title),
        description: text(fields.description).unwrap_or_default(),
        source: columns.source,
        position: columns.position,
        newsletter: columns.newsletter,
        written_url: fields.written_url.and_then(text),
        tracked: fields
            .tracked
            .and_then(|field| doc.get_first(field))
            .and_then(|value| value.as_bool())
            .unwrap_or(false),
    })
}

/// One segment's document store and the columns of [`ColumnFields`].
struct SegmentLinks {
    store: StoreReader,
    host: TextColumn,
    section: TextColumn,
    source: TextColumn,
    newsletter: TextColumn,
    date: Column<DateTime>,
    issue: Column<u64>,
    position: Column<u64>,
}

impl SegmentLinks {
    fn open(reader: &SegmentReader) -> anyhow::Result<Self> {
        let fast = reader.fast_fields();
        let text = |name: &str| -> anyhow::Result<TextColumn> {
            Ok(TextColumn {
                column: fast.str(name)?,
                known: FxHashMap::default(),
            })
        };
        Ok(Self {
            store: reader.get_store_reader(STORE_CACHE_BLOCKS)?,
            host: text(HOST)?,
            section: text(field::SECTION)?,
            source: text(field::SOURCE)?,
            newsletter: text(field::NEWSLETTER)?,
            date: fast.date(field::DATE)?,
            issue: fast.u64(field::ISSUE)?,
            position: fast.u64(field::POSITION)?,
        })
    }

    fn columns(&mut self, doc: DocId) -> anyhow::Result<ColumnFields> {
        Ok(ColumnFields {
            domain: self.host.get(doc)?.unwrap_or_default(),
            section: self
                .section
                .get(doc)?
                .context("a stored link has no section")?,
            source: self
                .source
                .get(doc)?
                .context("a stored link has no source")?,
            newsletter: self.newsletter.get(doc)?.unwrap_or_default(),
            date: self.date.first(doc),
            issue: self.issue.first(doc),
            position: self
                .position
                .first(doc)
                .and_then(|p| u32::try_from(p).ok())
                .unwrap_or_default(),
        })
    }
}

/// A string fast column, with the values already read by ordinal: sources, sections and
/// newsletters repeat from link to link, and reading a value decodes a dictionary block.
struct TextColumn {
    column: Option<StrColumn>,
    known: FxHashMap<u64, String>,
}

impl TextColumn {
    fn get(&mut self, doc: DocId) -> anyhow::Result<Option<String>> {
        let Some(column) = &self.column else {
            return Ok(None);
        };
        let Some(ord) = column.term_ords(doc).next() else {
            return Ok(None);
        };
        if let Some(value) = self.known.get(&ord) {
            return Ok(Some(value.clone()));
        }
        let mut value = String::new();
        column
            .ord_to_str(ord, &mut value)
            .context("cannot read a link's value from the index")?;
        self.known.insert(ord, value.clone());
        Ok(Some(value))
    }
}

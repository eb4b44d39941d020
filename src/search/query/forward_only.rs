//! A wrapper for excluded queries whose scorers must only ever seek forward (Tantivy 0.27's
//! exclusion trips a debug assertion on phrase scorers otherwise).

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

/// Wraps an excluded (`-word`, `NOT "a phrase"`) query so that its scorer tolerates being asked
/// about a document before the one it stands on.
///
/// Tantivy 0.27's exclusion asks the excluded scorer about the first candidate document even
/// when that scorer already stands past it; a phrase scorer (`-"two words"`, or `-github.com`,
/// which tokenizes into a phrase) then trips a debug assertion (tantivy issue #2811), a panic in
/// debug builds. The wrapper keeps Tantivy's plain `seek_danger`, which answers such a question
/// from the current document (it is simply not in the excluded set) and only ever seeks forward.
#[derive(Debug)]
pub(super) struct ForwardOnly(pub(super) Box<dyn Query>);

impl Clone for ForwardOnly {
    fn clone(&self) -> Self {
        Self(self.0.box_clone())
    }
}

impl Query for ForwardOnly {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ForwardOnlyWeight(self.0.weight(scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

/// The weight of a [`ForwardOnly`] query.
struct ForwardOnlyWeight(Box<dyn Weight>);

impl Weight for ForwardOnlyWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(ForwardOnlyScorer(self.0.scorer(reader, boost)?)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

/// The scorer of a [`ForwardOnly`] query: the wrapped scorer, never sought backwards.
struct ForwardOnlyScorer(Box<dyn Scorer>);

impl DocSet for ForwardOnlyScorer {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if target <= self.0.doc() {
            return self.0.doc();
        }
        self.0.seek(target)
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }
}

impl Scorer for ForwardOnlyScorer {
    fn score(&mut self) -> Score {
        self.0.score()
    }
}

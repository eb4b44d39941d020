//! The English analyzer ingest indexes text with: Tantivy's `en_stem` (words, at most 40 bytes,
//! lowercased, Snowball English stems) with the stems remembered. Stemming each token anew took
//! about a seventh of ingest's CPU time (perf, 100k-link corpus) although a few thousand words
//! make up most of any archive. The tokens are exactly `en_stem`'s, so queries (which use
//! Tantivy's own) and any other reader of the index see no difference.

use std::cell::RefCell;

use rustc_hash::FxHashMap;

use tantivy::tokenizer::{
    Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer,
};

/// Tantivy's limit for `en_stem`: longer tokens are dropped.
const LONGEST_TOKEN: usize = 40;

/// How many stems each thread remembers before it starts afresh (a few megabytes at most).
const REMEMBERED_STEMS: usize = 50_000;

thread_local! {
    /// The stems known to this thread. Per thread rather than per analyzer: Tantivy gives each
    /// field of each segment its own analyzer, which would learn the vocabulary many times over.
    static STEMS: RefCell<Stems> = RefCell::new(Stems::default());
}

/// The analyzer to register as [`super::schema::TEXT_TOKENIZER`] for writing.
pub fn english() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_TOKEN))
        .filter(LowerCaser)
        .filter(RememberedStems)
        .build()
}

/// A token filter that replaces each lowercase word by its English stem, as Tantivy's
/// [`Stemmer`] does, remembering stems already computed.
#[derive(Clone, Copy, Debug, Default)]
pub struct RememberedStems;

impl TokenFilter for RememberedStems {
    type Tokenizer<T: Tokenizer> = RememberedStemsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> RememberedStemsFilter<T> {
        RememberedStemsFilter { inner: tokenizer }
    }
}

/// [`RememberedStems`] applied to a tokenizer.
#[derive(Clone)]
pub struct RememberedStemsFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for RememberedStemsFilter<T> {
    type TokenStream<'a> = RememberedStemsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        RememberedStemsStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// The token stream of [`RememberedStemsFilter`].
pub struct RememberedStemsStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for RememberedStemsStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let word = &mut self.tail.token_mut().text;
        STEMS.with_borrow_mut(|stems| stems.stem_in_place(word));
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Words already stemmed, and Tantivy's stemmer for the others.
struct Stems {
    known: FxHashMap<String, String>,
    stemmer: TextAnalyzer,
}

impl Default for Stems {
    fn default() -> Self {
        Self {
            known: FxHashMap::default(),
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
        }
    }
}

impl Stems {
    /// Replaces `word` (lowercase) by its stem.
    fn stem_in_place(&mut self, word: &mut String) {
        if let Some(stem) = self.known.get(word.as_str()) {
            if stem != word {
                word.clear();
                word.push_str(stem);
            }
            return;
        }
        let stem = self.stem(word);
        if self.known.len() >= REMEMBERED_STEMS {
            self.known.clear();
        }
        let unstemmed = std::mem::replace(word, stem.clone());
        self.known.insert(unstemmed, stem);
    }

    /// Tantivy's stem of `word`.
    fn stem(&mut self, word: &str) -> String {
        let mut stream = self.stemmer.token_stream(word);
        if stream.advance() {
            stream.token().text.clone()
        } else {
            word.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use tantivy::tokenizer::TokenizerManager;

    use super::*;

    /// Text, offsets and position of every token of `text`.
    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let token = stream.token();
            out.push((
                token.text.clone(),
                token.offset_from,
                token.offset_to,
                token.position,
            ));
        }
        out
    }

    fn tantivy_en_stem() -> TextAnalyzer {
        TokenizerManager::default().get("en_stem").unwrap()
    }

    #[test]
    fn stems_as_tantivy_does() {
        let text = "Deploying services: canary deployments, DEPLOYED Kubernetes clusters' \
                    running runs ran — naïve café x";
        let ours = tokens(&mut english(), text);
        assert_eq!(ours, tokens(&mut tantivy_en_stem(), text));
        let words: Vec<&str> = ours.iter().map(|(word, ..)| word.as_str()).collect();
        assert_eq!(
            words,
            [
                "deploy", "servic", "canari", "deploy", "deploy", "kubernet", "cluster", "run",
                "run", "ran", "naïv", "café", "x"
            ]
        );
    }

    #[test]
    fn a_full_memory_starts_afresh_and_stems_the_same() {
        let mut analyzer = english();
        let text: String = (0..REMEMBERED_STEMS + 10)
            .map(|n| format!("word{n}ing "))
            .collect();
        let expected = tokens(&mut tantivy_en_stem(), &text);
        assert_eq!(tokens(&mut analyzer, &text), expected);
        assert_eq!(tokens(&mut analyzer, &text), expected);
    }

    proptest! {
        #[test]
        fn any_text_gives_tantivys_tokens(text in "\\PC{0,200}") {
            let mut analyzer = english();
            let expected = tokens(&mut tantivy_en_stem(), &text);
            prop_assert_eq!(tokens(&mut analyzer, &text), expected.clone());
            // Again, now that every stem is remembered.
            prop_assert_eq!(tokens(&mut analyzer, &text), expected);
        }
    }
}

//! The analyzer of every free-text field, registered as [`super::schema::TEXT_TOKENIZER`] and so
//! used alike at index and query time (and for snippets): the [`Words`] tokenizer (words, CJK
//! bigrams, programming-language names), tokens of at most 40 bytes, lowercased, Snowball
//! English stems with the stems remembered. On text without CJK characters or
//! [`super::words::SYMBOL_WORDS`] the tokens are exactly Tantivy's `en_stem`'s (a proptest
//! checks it). Stemming each token anew took about a seventh of ingest's CPU time (perf,
//! 100k-link corpus) although a few thousand words make up most of any archive.

use std::cell::RefCell;

use compact_str::CompactString;
use rustc_hash::FxHashMap;

use tantivy::tokenizer::{
    Language, LowerCaser, RawTokenizer, RemoveLongFilter, Stemmer, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer,
};

use tantivy::Index;

use super::schema::TEXT_TOKENIZER;
use super::words::{Words, SYMBOL_WORDS};

/// Tantivy's limit for `en_stem`: longer tokens are dropped.
const LONGEST_TOKEN: usize = 40;

/// How many stems each thread remembers before it starts afresh (a few megabytes at most).
const REMEMBERED_STEMS: usize = 50_000;

thread_local! {
    /// The stems known to this thread. Per thread rather than per analyzer: Tantivy gives each
    /// field of each segment its own analyzer, which would learn the vocabulary many times over.
    static STEMS: RefCell<Stems> = RefCell::new(Stems::default());
}

/// Registers [`text`] on `index` under the name the schema gives it, for ingest, queries and
/// snippets alike. Every opened or created index needs it.
pub fn register(index: &Index) {
    index.tokenizers().register(TEXT_TOKENIZER, text());
}

/// The analyzer registered as [`TEXT_TOKENIZER`].
pub fn text() -> TextAnalyzer {
    TextAnalyzer::builder(Words)
        .filter(RemoveLongFilter::limit(LONGEST_TOKEN))
        .filter(RememberedStems)
        .build()
}

/// [`text`] without the stemmer: the lowercase words as typed. A prefix query (`asyn*`) looks for
/// terms starting with the typed word as well as with its stem, since a cut-off word may stem
/// differently from the whole one.
pub fn unstemmed() -> TextAnalyzer {
    TextAnalyzer::builder(Words)
        .filter(RemoveLongFilter::limit(LONGEST_TOKEN))
        .filter(LowerCaser)
        .build()
}

/// A token filter that replaces each word by its lowercase English stem, as Tantivy's
/// [`LowerCaser`] then [`Stemmer`] do, remembering the term of each word as written.
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
        STEMS.with_borrow_mut(|stems| stems.term_in_place(word));
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The terms of words already met, and Tantivy's stemmer for the others.
struct Stems {
    /// Each word met, as written, with its term when that differs from it (`None`: the word is
    /// its own term, so a hit costs no copy). Keys and terms of up to 24 bytes are held in the
    /// table itself: with `String` keys, reading each key's bytes from the heap (a cache miss
    /// per token) made the lookup 16 % of the indexing threads (perf, 100k links).
    known: FxHashMap<CompactString, Option<CompactString>>,
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

/// Snowball's English stemmer leaves words of two letters or less as they are (`not hop 3`,
/// before anything else but its exception list, which has no such word): `a`, `to`, `of`, `in`
/// are a good part of every description, and skip the lookup.
const SHORTEST_STEMMED: usize = 3;

impl Stems {
    /// Replaces `word`, as written, by its term: lowercase, then stemmed.
    fn term_in_place(&mut self, word: &mut String) {
        if word.len() < SHORTEST_STEMMED && word.is_ascii() {
            word.make_ascii_lowercase();
            return;
        }
        if let Some(term) = self.known.get(word.as_str()) {
            if let Some(term) = term {
                word.clear();
                word.push_str(term);
            }
            return;
        }
        if self.known.len() >= REMEMBERED_STEMS {
            self.known.clear();
        }
        let written = CompactString::from(word.as_str());
        lowercase_in_place(word);
        if word.len() >= SHORTEST_STEMMED && !SYMBOL_WORDS.contains(&word.as_str()) {
            self.stem_in_place(word);
        }
        let term = (written != word.as_str()).then(|| CompactString::from(word.as_str()));
        self.known.insert(written, term);
    }

    /// Replaces `word` (lowercase) by Tantivy's stem of it. A symbol word is not an English
    /// word, and is not given here (Snowball would make `node.js` into `node.j`).
    fn stem_in_place(&mut self, word: &mut String) {
        let mut stream = self.stemmer.token_stream(word);
        if stream.advance() {
            let stem = std::mem::take(&mut stream.token_mut().text);
            drop(stream);
            *word = stem;
        }
    }
}

/// Lowercases `word` as Tantivy's [`LowerCaser`] does: ASCII in place, anything else character
/// by character.
fn lowercase_in_place(word: &mut String) {
    if word.is_ascii() {
        word.make_ascii_lowercase();
    } else {
        *word = word.chars().flat_map(char::to_lowercase).collect();
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use tantivy::tokenizer::{SimpleTokenizer, TokenizerManager};

    use super::super::words::is_cjk;
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
        let input = "Deploying services: canary deployments, DEPLOYED Kubernetes clusters' \
                     running runs ran — naïve café x";
        let ours = tokens(&mut text(), input);
        assert_eq!(ours, tokens(&mut tantivy_en_stem(), input));
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
    fn cjk_runs_are_overlapping_bigrams_with_byte_offsets() {
        assert_eq!(
            tokens(&mut text(), "自行车的“金属轮胎”"),
            [
                ("自行".to_string(), 0, 6, 0),
                ("行车".to_string(), 3, 9, 1),
                ("车的".to_string(), 6, 12, 2),
                ("金属".to_string(), 15, 21, 3),
                ("属轮".to_string(), 18, 24, 4),
                ("轮胎".to_string(), 21, 27, 5),
            ]
        );
    }

    #[test]
    fn a_lone_cjk_character_is_a_token_and_latin_words_are_stemmed() {
        let words = |input: &str| -> Vec<String> {
            tokens(&mut text(), input)
                .into_iter()
                .map(|(word, ..)| word)
                .collect()
        };
        assert_eq!(words("用 Rust 写"), ["用", "rust", "写"]);
        assert_eq!(
            words("Rust语言的Deployments入门"),
            ["rust", "语言", "言的", "deploy", "入门"]
        );
        // Hiragana, Katakana, the prolonged sound mark and Han form one run; `、` and `。` cut it.
        assert_eq!(
            words("東京タワー、ですね。"),
            ["東京", "京タ", "タワ", "ワー", "です", "すね"]
        );
        assert_eq!(words("한국어 검색"), ["한국", "국어", "검색"]);
    }

    #[test]
    fn programming_language_names_keep_their_symbols() {
        let words = |input: &str| -> Vec<String> {
            tokens(&mut text(), input)
                .into_iter()
                .map(|(word, ..)| word)
                .collect()
        };
        assert_eq!(
            words("C++ and C# (F#), .NET on Node.js; c/c++"),
            ["c++", "and", "c#", "f#", ".net", "on", "node.js", "c", "c++"]
        );
        // Only as whole words: a letter next to them (or a digit before) makes them ordinary
        // words; a version number after them is a word of its own.
        assert_eq!(
            words("abc++ c++x ASP.NET node.jsx 1.net C++20 C#9"),
            ["abc", "c", "x", "asp", "net", "node", "jsx", "1", "net", "c++", "20", "c#", "9"]
        );
        assert_eq!(words("学C++入门"), ["学", "c++", "入门"]);
        assert_eq!(
            tokens(&mut text(), "about .NET"),
            [
                ("about".to_string(), 0, 5, 0),
                (".net".to_string(), 6, 10, 1)
            ]
        );
    }

    #[test]
    fn a_full_memory_starts_afresh_and_stems_the_same() {
        let mut analyzer = text();
        let input: String = (0..REMEMBERED_STEMS + 10)
            .map(|n| format!("word{n}ing "))
            .collect();
        let expected = tokens(&mut tantivy_en_stem(), &input);
        assert_eq!(tokens(&mut analyzer, &input), expected);
        assert_eq!(tokens(&mut analyzer, &input), expected);
        assert_eq!(tokens(&mut analyzer, "node.js")[0].0, "node.js");
    }

    /// `text` with every CJK character and every symbol of a [`SYMBOL_WORDS`] name made a space:
    /// text on which the analyzer must give exactly Tantivy's `en_stem` tokens.
    fn latin_only(text: &str) -> String {
        text.chars()
            .map(|c| {
                if is_cjk(c) || matches!(c, '+' | '#' | '.') {
                    ' '
                } else {
                    c
                }
            })
            .collect()
    }

    proptest! {
        #[test]
        fn text_without_cjk_or_symbol_words_gives_tantivys_tokens(text in "\\PC{0,200}") {
            let text = latin_only(&text);
            let mut analyzer = super::text();
            let expected = tokens(&mut tantivy_en_stem(), &text);
            prop_assert_eq!(tokens(&mut analyzer, &text), expected.clone());
            // Again, now that every stem is remembered.
            prop_assert_eq!(tokens(&mut analyzer, &text), expected);
        }

        #[test]
        fn remembered_stems_are_tantivys_stems_on_any_text(text in "\\PC{0,200}") {
            let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(LONGEST_TOKEN))
                .filter(RememberedStems)
                .build();
            let expected = tokens(&mut tantivy_en_stem(), &text);
            prop_assert_eq!(tokens(&mut analyzer, &text), expected.clone());
            prop_assert_eq!(tokens(&mut analyzer, &text), expected);
        }

        #[test]
        fn any_text_gives_tokens_in_order_at_char_boundaries(text in "\\PC{0,200}") {
            let mut previous = (0, 0);
            for (word, from, to, _) in tokens(&mut super::text(), &text) {
                prop_assert!(text.is_char_boundary(from) && text.is_char_boundary(to));
                prop_assert!(from < to && (from, to) > previous);
                prop_assert!(!word.is_empty());
                previous = (from, to);
            }
        }
    }
}

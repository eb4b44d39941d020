//! The tokenizer under every free-text field, at index and at query time. It cuts words as
//! Tantivy's `SimpleTokenizer` does (runs of letters and digits), with two exceptions:
//!
//! - **CJK**: a run of Han, Hiragana, Katakana or Hangul characters becomes its overlapping
//!   bigrams, as Lucene's `CJKAnalyzer` and Elasticsearch's `cjk_bigram` do (`金属轮胎` ->
//!   `金属`, `属轮`, `轮胎`), so a word inside a sentence written without spaces is found; a run
//!   of one character is one token. Several characters in a query become a phrase of bigrams.
//! - **Names with symbols**: the programming-language names in [`SYMBOL_WORDS`] are one token,
//!   symbols included, so `c++` is not `c`.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_script::{Script, UnicodeScript};

/// Words whose symbols are part of the name: kept whole (any case) when they stand as a word,
/// neither preceded by a letter or digit nor followed by a letter (a version number may follow:
/// `C++20` is `c++` and `20`). The one list, used at index and query time.
pub const SYMBOL_WORDS: [&str; 5] = ["c++", "c#", "f#", ".net", "node.js"];

/// The scripts written without spaces between words, indexed as bigrams.
const CJK_SCRIPTS: [Script; 4] = [
    Script::Han,
    Script::Hiragana,
    Script::Katakana,
    Script::Hangul,
];

/// True for a letter or digit of a CJK script (including marks used only with them, such as
/// the Katakana prolonged sound mark `ー`). Punctuation such as `、` or `「` is not.
#[inline]
pub fn is_cjk(c: char) -> bool {
    if c < '\u{1100}' || !c.is_alphanumeric() {
        return false;
    }
    let scripts = c.script_extension();
    CJK_SCRIPTS
        .iter()
        .any(|script| scripts.contains_script(*script))
}

/// A letter or digit that belongs to an ordinary (space-separated) word.
#[inline]
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// The tokenizer: words, CJK bigrams and [`SYMBOL_WORDS`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Words;

impl Tokenizer for Words {
    type TokenStream<'a> = WordsStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordsStream<'a> {
        WordsStream {
            text,
            cursor: 0,
            bigram_at: None,
            token: Token::default(),
        }
    }
}

/// The token stream of [`Words`].
pub struct WordsStream<'a> {
    text: &'a str,
    /// Where to look for the next token.
    cursor: usize,
    /// Inside a CJK run: where the last bigram's second character starts.
    bigram_at: Option<usize>,
    token: Token,
}

impl WordsStream<'_> {
    /// Makes `text[from..to]` the current token.
    fn emit(&mut self, from: usize, to: usize) -> bool {
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..to]);
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.token.position.wrapping_add(1);
        true
    }

    /// The bigram starting with the CJK character at `at`: its second character's start and
    /// its end. `None` (with the cursor after the character) when the run ends there.
    fn bigram(&mut self, at: usize) -> Option<(usize, usize)> {
        let mut chars = self.text[at..].chars();
        let second_at = at + chars.next()?.len_utf8();
        match chars.next().filter(|c| is_cjk(*c)) {
            Some(second) => Some((second_at, second_at + second.len_utf8())),
            None => {
                self.cursor = second_at;
                None
            }
        }
    }

    /// Emits the bigram at `at`, if the run goes on; remembers where the next one starts.
    fn emit_bigram(&mut self, at: usize) -> bool {
        let Some((second_at, end)) = self.bigram(at) else {
            return false;
        };
        self.bigram_at = Some(second_at);
        self.emit(at, end)
    }

    /// The token starting at `at` (a letter or digit, or the `.` of a symbol word).
    fn token_at(&mut self, at: usize, first: char) -> bool {
        if let Some(len) = symbol_word_at(self.text, at) {
            self.cursor = at + len;
            return self.emit(at, at + len);
        }
        if is_cjk(first) {
            // A run of one character is a token of its own.
            return self.emit_bigram(at) || self.emit(at, self.cursor);
        }
        let end = word_end(self.text, at);
        self.cursor = end;
        self.emit(at, end)
    }
}

impl TokenStream for WordsStream<'_> {
    fn advance(&mut self) -> bool {
        if let Some(at) = self.bigram_at.take() {
            if self.emit_bigram(at) {
                return true;
            }
        }
        // ASCII bytes (most of most text) are read as bytes: no decoding, no CJK check.
        let bytes = self.text.as_bytes();
        let mut at = self.cursor;
        while let Some(&byte) = bytes.get(at) {
            if byte.is_ascii() {
                if byte.is_ascii_alphanumeric()
                    || (byte == b'.' && symbol_word_at(self.text, at).is_some())
                {
                    return self.token_at(at, char::from(byte));
                }
                at += 1;
                continue;
            }
            let Some(c) = self.text[at..].chars().next() else {
                break;
            };
            if c.is_alphanumeric() {
                return self.token_at(at, c);
            }
            at += c.len_utf8();
        }
        self.cursor = self.text.len();
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Where the ordinary word starting at `at` in `text` ends: ASCII letters and digits are read
/// as bytes, other characters by [`is_word_char`].
fn word_end(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = at;
    while let Some(&byte) = bytes.get(end) {
        if byte.is_ascii() {
            if !byte.is_ascii_alphanumeric() {
                return end;
            }
            end += 1;
            continue;
        }
        match text[end..].chars().next() {
            Some(c) if is_word_char(c) => end += c.len_utf8(),
            _ => return end,
        }
    }
    end
}

/// The length of the [`SYMBOL_WORDS`] entry standing as a word at `at` in `text`, if any.
fn symbol_word_at(text: &str, at: usize) -> Option<usize> {
    let rest = &text.as_bytes()[at..];
    let first = rest.first()?.to_ascii_lowercase();
    if !matches!(first, b'c' | b'f' | b'.' | b'n') {
        return None;
    }
    if text[..at].chars().next_back().is_some_and(is_word_char) {
        return None;
    }
    SYMBOL_WORDS
        .iter()
        .find(|word| {
            rest.len() >= word.len()
                && rest[..word.len()].eq_ignore_ascii_case(word.as_bytes())
                && !text[at + word.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() && !is_cjk(c))
        })
        .map(|word| word.len())
}

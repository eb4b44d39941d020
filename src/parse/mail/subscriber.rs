//! Who the subscriber of a message is, as the forms their addresses take in links: the address
//! itself, percent-encoded (once or more), quoted-printable leftovers, a bounce address's
//! `name=domain`, hex, and base64 (standard or URL-safe, at each of the three byte alignments, so
//! that it is found inside a longer base64 text); the reader's ids their unsubscribe links carry;
//! and whether a piece of a link holds any e-mail address or is a signed token.

use std::fmt;
use std::io::Read;
use std::sync::LazyLock;

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, NO_PAD};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use regex::Regex;

use crate::urls::decode_escapes;

/// The addresses of one subscriber looked for at most.
const MAX_ADDRESSES: usize = 32;

/// Encoded forms shorter than this are not looked for (too likely by chance).
const SHORTEST_FORM: usize = 8;

/// The base64 alphabets looked for: standard and URL-safe.
const ALPHABETS: [&alphabet::Alphabet; 2] = [&alphabet::STANDARD, &alphabet::URL_SAFE];

/// Decoding that accepts padding or not, and stray trailing bits.
const LENIENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_encode_padding(false)
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);

/// An e-mail address anywhere in a text.
static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}")
        .expect("a literal pattern")
});

/// The subscriber: every form of every address of theirs that is looked for.
#[derive(Clone, Default)]
pub struct Subscriber {
    /// Forms compared without case: the address, hex, a bounce address's `name=domain`.
    folded: Vec<String>,
    /// Forms compared as they are: base64 at each alignment.
    exact: Vec<String>,
    /// Local parts (lowercase, without a `+tag`) that read as a person's user name
    /// ([`is_user_name`]): a whole query value or path segment that is one is the subscriber.
    locals: Vec<String>,
    /// The reader's ids (lowercase, [`Subscriber::with_ids`]), found only as a whole word.
    ids: Vec<String>,
    /// The words of the reader's name (lowercase, [`Subscriber::with_name`]).
    names: Vec<String>,
}

/// Local parts shorter than this are not looked for as a whole piece (`info`, `me`).
const SHORTEST_LOCAL: usize = 5;
/// Local parts this long are user names even without a digit or a separator.
const LONG_LOCAL: usize = 10;

/// True for a local part that names a person rather than a role or a topic: at least
/// [`SHORTEST_LOCAL`] characters with a digit or a `.`, `_` or `-` in it (`jsmith1982`,
/// `jane.doe`), or at least [`LONG_LOCAL`]. A team inbox such as `devops@` or `security@` is
/// not looked for, since an article path may well be `/devops`.
fn is_user_name(local: &str) -> bool {
    let length = local.chars().count();
    let marked = local
        .chars()
        .any(|c| c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    (length >= SHORTEST_LOCAL && marked) || length >= LONG_LOCAL
}

impl fmt::Debug for Subscriber {
    /// No address, ever (a debug print must not leak it).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Subscriber({} forms)",
            self.folded.len() + self.exact.len() + self.locals.len() + self.ids.len()
        )
    }
}

impl Subscriber {
    /// The subscriber with these addresses (anything without an `@` is ignored; past
    /// [`MAX_ADDRESSES`], the rest too, so a hostile `To:` cannot make every link slow).
    pub fn new<'a>(addresses: impl IntoIterator<Item = &'a str>) -> Self {
        let mut subscriber = Subscriber::default();
        for address in addresses.into_iter().take(MAX_ADDRESSES) {
            let address = address.trim().trim_matches(['<', '>']);
            if address.len() >= 3 && address.contains('@') {
                subscriber.add(address);
            }
        }
        subscriber.folded.sort_unstable();
        subscriber.folded.dedup();
        subscriber.exact.sort_unstable();
        subscriber.exact.dedup();
        subscriber.locals.sort_unstable();
        subscriber.locals.dedup();
        subscriber
    }

    /// Adds the forms of one address.
    fn add(&mut self, address: &str) {
        let lower = address.to_lowercase();
        self.folded.push(lower.clone());
        let local = lower.split('@').next().unwrap_or_default();
        let local = local.split('+').next().unwrap_or_default();
        if is_user_name(local) {
            self.locals.push(local.to_string());
        }
        let bounce = lower.replacen('@', "=", 1);
        if bounce.len() >= SHORTEST_FORM {
            self.folded.push(bounce);
        }
        for text in [address, lower.as_str()] {
            self.folded.push(hex(text));
            for written in [text.to_string(), text.replacen('@', "%40", 1)] {
                for alphabet in ALPHABETS {
                    self.exact.extend(aligned(alphabet, &written));
                }
            }
        }
        self.exact.retain(|form| form.len() >= SHORTEST_FORM);
    }

    /// The subscriber with `ids` known as theirs too (the reader's ids, [`super::reader`]): a
    /// piece of a link that holds one as a whole word (not inside a longer run of letters and
    /// digits) identifies them as their address would.
    pub fn with_ids(mut self, ids: impl IntoIterator<Item = String>) -> Self {
        self.ids.extend(ids.into_iter().map(|id| id.to_lowercase()));
        self.ids.sort_unstable();
        self.ids.dedup();
        self.ids.truncate(MAX_IDS);
        self
    }

    /// The subscriber named `name` (a recipient header's display name), when it reads as a
    /// person's name ([`person_name`]): its words are left out of kept text and identify the
    /// reader in a link's query value (`?name=Jane+Roe`).
    pub fn with_name(mut self, name: &str) -> Self {
        self.names.extend(person_name(name));
        self.names.sort_unstable();
        self.names.dedup();
        self
    }

    /// True when no address or id is known.
    pub fn is_empty(&self) -> bool {
        self.folded.is_empty() && self.ids.is_empty()
    }

    /// True when `text`, or what it percent- or quoted-printable-decodes to, holds one of the
    /// subscriber's addresses in one of its forms.
    pub fn carries(&self, text: &str) -> bool {
        !self.is_empty() && decodings(text).iter().any(|form| self.holds(form))
    }

    /// True when `text` holds one of the forms as it is, or one of the ids as a whole word.
    fn holds(&self, text: &str) -> bool {
        let lower = text.to_lowercase();
        self.folded.iter().any(|form| lower.contains(form.as_str()))
            || self.exact.iter().any(|form| text.contains(form.as_str()))
            || self.ids.iter().any(|id| holds_word(&lower, id))
    }

    /// True when the query value `value` (percent-decoded, `+` read as a space) names the reader:
    /// one of the words of their name is one of its words.
    pub fn named_by(&self, value: &str) -> bool {
        !self.names.is_empty() && {
            let decoded = percent_decoded(&value.replace('+', " ")).to_lowercase();
            decoded
                .split(|c: char| !c.is_alphabetic())
                .any(|word| self.names.iter().any(|name| name == word))
        }
    }

    /// True when a piece of a link (a query value or name, a path segment) identifies the
    /// subscriber: one of their addresses or any address, in any form, a signed token, or their
    /// address's local part as the whole piece.
    pub fn identified_by(&self, piece: &str) -> bool {
        self.carries(piece) || holds_any_address(piece) || is_jwt(piece) || self.is_local(piece)
    }

    /// True when `piece` (percent-decoded, without case) is one of the subscriber's local parts
    /// as a whole (`?user=jsmith1982`).
    fn is_local(&self, piece: &str) -> bool {
        !self.locals.is_empty() && {
            let decoded = percent_decoded(piece).to_lowercase();
            self.locals.contains(&decoded)
        }
    }

    /// `text` without the subscriber: each word that carries them, and each capitalised word
    /// of their name with the greeting before it (`Hi Jane,`), left out (spaces collapsed).
    pub fn scrub_text(&self, text: &str) -> String {
        let named = |word: &str| {
            let bare = word.trim_matches(|c: char| !c.is_alphabetic());
            let bare = bare.split(['\'', '’']).next().unwrap_or_default();
            bare.starts_with(char::is_uppercase)
                && self.names.iter().any(|name| bare.to_lowercase() == *name)
        };
        let carried = !self.is_empty() && self.carries(text);
        if !carried && !text.split_whitespace().any(named) {
            return text.to_string();
        }
        let mut kept: Vec<&str> = Vec::new();
        for word in text.split_whitespace() {
            if named(word) {
                let greeting = kept.last().is_some_and(|last| {
                    GREETINGS.contains(&last.trim_end_matches(',').to_lowercase().as_str())
                });
                if greeting {
                    kept.pop();
                }
            } else if !(carried && self.carries(word)) {
                kept.push(word);
            }
        }
        kept.join(" ")
    }
}

/// Words that greet the reader by name (lowercase): left out with the name after them.
const GREETINGS: &[&str] = &[
    "hi", "hello", "hey", "dear", "thanks", "morning", "evening", "hallo", "hej", "moin",
    "bonjour", "salut", "hola", "ciao", "olá", "oi",
];

/// The reader's ids looked for at most (a hostile message cannot make every link slow).
const MAX_IDS: usize = 64;

/// Words a recipient's display name may hold that name a role, not a person (lowercase).
const ROLE_WORDS: &[&str] = &[
    "reader",
    "subscriber",
    "member",
    "customer",
    "user",
    "friend",
    "team",
    "staff",
    "ops",
    "dev",
    "devops",
    "admin",
    "support",
    "info",
    "news",
    "newsletter",
    "newsletters",
    "list",
    "group",
    "all",
    "engineering",
    "security",
    "sales",
    "marketing",
    "office",
    "inbox",
    "mail",
    "email",
    "the",
    "and",
    "undisclosed",
    "recipients",
    "valued",
];

/// The shortest word of a name looked for (`Al` and `Jo` are too likely by chance).
const SHORTEST_NAME: usize = 3;

/// The words of `name` (lowercase) when it reads as a person's name: one to four words of
/// letters (and `-`, `'`, `.`), none of them a role ([`ROLE_WORDS`]) and no address in it;
/// only the words of [`SHORTEST_NAME`] or more letters are kept. `Jane Roe` gives `jane`,
/// `roe`; `DevOps Team` and `jane@x.example` nothing.
fn person_name(name: &str) -> Vec<String> {
    let words: Vec<String> = name
        .split_whitespace()
        .map(|word| word.trim_matches(['"', '\'', ',', '(', ')']).to_lowercase())
        .filter(|word| !word.is_empty())
        .collect();
    let person = (1..=4).contains(&words.len())
        && words.iter().all(|word| {
            word.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.'))
                && !ROLE_WORDS.contains(&word.as_str())
        });
    if !person {
        return Vec::new();
    }
    words
        .iter()
        .flat_map(|word| word.split(['-', '\'', '.']))
        .filter(|word| word.chars().count() >= SHORTEST_NAME)
        .map(str::to_string)
        .collect()
}

/// True when `text` holds `word` with no letter or digit right before or after it.
fn holds_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The base64 of `text` at each of the three byte alignments, only the characters that depend on
/// `text` alone: what any base64 text holding `text` contains.
fn aligned(alphabet: &alphabet::Alphabet, text: &str) -> Vec<String> {
    (0..3)
        .map(|shift| {
            let mut bytes = vec![0u8; shift];
            bytes.extend_from_slice(text.as_bytes());
            let encoded = GeneralPurpose::new(alphabet, NO_PAD).encode(&bytes);
            let start = (8 * shift).div_ceil(6);
            let end = 8 * (shift + text.len()) / 6;
            encoded.get(start..end).unwrap_or_default().to_string()
        })
        .collect()
}

/// Lowercase hex of `text`'s bytes.
fn hex(text: &str) -> String {
    text.bytes().map(|byte| format!("{byte:02x}")).collect()
}

/// `text`, then what percent-decoding gives (up to three times, for links wrapped in links),
/// then what quoted-printable decoding gives of each.
fn decodings(text: &str) -> Vec<String> {
    let mut forms = vec![text.to_string()];
    for _ in 0..3 {
        let next = percent_decoded(forms.last().map_or("", String::as_str));
        if forms.contains(&next) {
            break;
        }
        forms.push(next);
    }
    let printable: Vec<String> = forms.iter().map(|form| qp_decoded(form)).collect();
    for form in printable {
        if !forms.contains(&form) {
            forms.push(form);
        }
    }
    forms
}

/// `text` with `%XX` escapes decoded (invalid UTF-8 replaced).
pub(super) fn percent_decoded(text: &str) -> String {
    decode_escapes(text, b'%')
}

/// `text` with quoted-printable leftovers decoded: `=XX` escapes and soft line breaks.
fn qp_decoded(text: &str) -> String {
    decode_escapes(&text.replace("=\r\n", "").replace("=\n", ""), b'=')
}

/// True when `piece`, or what it decodes to (percent, quoted-printable, then base64 or hex, whole
/// or by `.`-separated part), holds an e-mail address.
pub(super) fn holds_any_address(piece: &str) -> bool {
    decodings(piece).iter().any(|form| {
        ADDRESS.is_match(form)
            || form
                .split('.')
                .chain(std::iter::once(form.as_str()))
                .flat_map(binary_decodings)
                .any(|decoded| ADDRESS.is_match(&decoded))
    })
}

/// What `text` decodes to as base64 (either alphabet, and inflated when that is zlib data) or
/// hex, as text (lossy).
pub(super) fn binary_decodings(text: &str) -> Vec<String> {
    let text = text.trim_end_matches('=');
    let mut out: Vec<String> = ALPHABETS
        .into_iter()
        .filter_map(|alphabet| GeneralPurpose::new(alphabet, LENIENT).decode(text).ok())
        .map(|bytes| String::from_utf8_lossy(&inflated(&bytes).unwrap_or(bytes)).into_owned())
        .collect();
    if text.len().is_multiple_of(2) && text.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        let bytes: Vec<u8> = (0..text.len())
            .step_by(2)
            .filter_map(|at| u8::from_str_radix(&text[at..at + 2], 16).ok())
            .collect();
        out.push(String::from_utf8_lossy(&bytes).into_owned());
    }
    out
}

/// The most bytes inflated from one piece of a link (a hostile link cannot use much memory).
const MAX_INFLATED: u64 = 64 << 10;

/// `bytes` inflated when they are zlib data (a `0x78` header whose check holds, as the
/// `eJ...` tokens of some click trackers are), at most [`MAX_INFLATED`] bytes.
pub(super) fn inflated(bytes: &[u8]) -> Option<Vec<u8>> {
    let [0x78, flags, ..] = bytes else {
        return None;
    };
    if (u16::from(0x78u8) << 8 | u16::from(*flags)) % 31 != 0 {
        return None;
    }
    let mut out = Vec::new();
    // A truncated stream keeps what was inflated before the error.
    let _ = flate2::read::ZlibDecoder::new(bytes)
        .take(MAX_INFLATED)
        .read_to_end(&mut out);
    (!out.is_empty()).then_some(out)
}

/// True for a JSON Web Token (`eyJ….eyJ….signature`): a signed, per-reader token.
fn is_jwt(piece: &str) -> bool {
    let decoded = percent_decoded(piece);
    let mut parts = decoded.split('.');
    let (Some(head), Some(body), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    head.starts_with("eyJ") && body.starts_with("eyJ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADDRESS: &str = "reader@home.example";

    #[test]
    fn addresses_are_found_in_every_encoding() {
        let s = Subscriber::new([ADDRESS]);
        let b64 = |text: &str| GeneralPurpose::new(&alphabet::STANDARD, NO_PAD).encode(text);
        let b64url = |text: &str| GeneralPurpose::new(&alphabet::URL_SAFE, NO_PAD).encode(text);
        for text in [
            "reader@home.example".to_string(),
            "READER%40home.example".to_string(),
            "reader%2540home.example".to_string(),
            "reader=40home.example".to_string(),
            "reader=home.example".to_string(),
            hex(ADDRESS),
            hex(ADDRESS).to_uppercase(),
            b64(ADDRESS),
            b64(&format!("4109@{ADDRESS}")),
            b64(&format!("x{ADDRESS}yz")),
            b64url(&format!("{{\"email\":\"{ADDRESS}\"}}")),
        ] {
            assert!(s.carries(&text), "{text}");
        }
        assert!(!s.carries("https://a.example/other@home.example"));
        assert!(!Subscriber::default().carries(ADDRESS));
        assert!(!format!("{s:?}").contains("reader"));
    }

    #[test]
    fn ids_are_the_subscriber_only_as_whole_words() {
        let s =
            Subscriber::new([ADDRESS]).with_ids(["D1E2F3A4-B5C6".to_string(), "48151623".into()]);
        assert!(s.identified_by("d1e2f3a4-b5c6"));
        assert!(s.carries("poll?uid=d1e2f3a4-b5c6&x=1"));
        assert!(s.carries("/r/48151623/a"));
        assert!(!s.carries("/status/1448151623999"));
        assert!(!s.identified_by("xd1e2f3a4-b5c6"));
        let only_ids = Subscriber::default().with_ids(["48151623".to_string()]);
        assert!(!only_ids.is_empty() && only_ids.carries("uid=48151623"));
    }

    #[test]
    fn the_name_of_a_person_is_left_out_and_a_role_is_no_name() {
        let s = Subscriber::new([ADDRESS]).with_name("\"Jane Roe-Smith\"");
        assert_eq!(
            s.scrub_text("Hi Jane, read this. Roe and Smith wrote."),
            "read this. and wrote."
        );
        assert_eq!(s.scrub_text("Jane's picks"), "picks");
        assert_eq!(s.scrub_text("a jane street story"), "a jane street story");
        assert!(s.named_by("Jane+Roe") && s.named_by("ms%20roe") && !s.named_by("janet"));
        for role in ["DevOps Team", "Reader", "jane@x.example", "A B C D E"] {
            let s = Subscriber::new([ADDRESS]).with_name(role);
            assert!(!s.named_by("devops reader team jane"), "{role}");
        }
    }

    #[test]
    fn zlib_tokens_are_inflated() {
        use std::io::Write;
        let mut deflater =
            flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        deflater
            .write_all(br#"{"r":"reader@home.example","p":"x"}"#)
            .unwrap();
        let token =
            GeneralPurpose::new(&alphabet::URL_SAFE, NO_PAD).encode(deflater.finish().unwrap());
        assert!(token.starts_with("eJ"), "{token}");
        assert!(holds_any_address(&token));
        assert_eq!(inflated(b"\x78\x00junk"), None);
        assert_eq!(inflated(b"plain"), None);
    }

    #[test]
    fn a_local_part_is_the_subscriber_only_as_a_whole_piece() {
        let s = Subscriber::new(["jsmith1982+news@home.example", "me@home.example"]);
        assert!(s.identified_by("jsmith1982"));
        assert!(s.identified_by("JSmith1982"));
        assert!(!s.identified_by("jsmith1982x"));
        assert!(!s.identified_by("about-jsmith1982-posts"));
        assert!(!s.identified_by("me"));
        let team = Subscriber::new(["devops@company.example", "jane.doe@home.example"]);
        assert!(!team.identified_by("devops"));
        assert!(team.identified_by("jane.doe"));
        assert!(!Subscriber::default().identified_by("jsmith1982"));
    }
}

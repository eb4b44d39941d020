//! Bare URLs in running text (`see https://example.com/post.`): where each starts and ends, as
//! a reader would cut it from the sentence around it.

use super::clean;

/// The (start, end) byte ranges of the bare URLs in `text`: `http://`, `https://` or `www.` at
/// the start of a word, up to whitespace, a character that cannot be in a URL, or full-width
/// punctuation, minus the sentence punctuation at its end. Linear in `text`.
pub fn bare_urls(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    for at in memchr::memchr2_iter(b':', b'.', bytes) {
        let Some(start) = url_start_before(bytes, at).filter(|&start| start >= from) else {
            continue;
        };
        if !can_start(text, start) {
            continue;
        }
        let end = url_end(text, start);
        let end = trim_url_tail(bytes, start, end);
        if has_host(&text[start..end]) {
            found.push((start, end));
            from = end;
        }
    }
    found
}

/// Where a bare URL would start whose `://` or `www.` has its `:` or `.` at `at`: every bare
/// URL has one, so the text is searched for those two bytes (rare in prose) rather than for
/// every `h` and `w`.
fn url_start_before(bytes: &[u8], at: usize) -> Option<usize> {
    let before = |scheme: &[u8]| {
        at.checked_sub(scheme.len())
            .filter(|&start| bytes[start..at].eq_ignore_ascii_case(scheme))
    };
    match bytes[at] {
        b':' if bytes[at + 1..].starts_with(b"//") => before(b"https").or_else(|| before(b"http")),
        b'.' => before(b"www"),
        _ => None,
    }
}

/// True when a bare URL starts at `at`: a scheme or `www.`, not glued to a word before it.
fn can_start(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    let scheme = clean::starts_with_ignore_case(rest, "http://")
        || clean::starts_with_ignore_case(rest, "https://")
        || clean::starts_with_ignore_case(rest, "www.");
    scheme && (at == 0 || !text.as_bytes()[at - 1].is_ascii_alphanumeric())
}

/// Where the URL starting at `start` ends: at whitespace, a byte that cannot be in a URL, or
/// full-width / CJK punctuation and curly quotes.
fn url_end(text: &str, start: usize) -> usize {
    text[start..]
        .char_indices()
        .find(|&(_, c)| ends_bare_url(c))
        .map_or(text.len(), |(at, _)| start + at)
}

/// Characters that end a bare URL.
fn ends_bare_url(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_whitespace()
            || c.is_ascii_control()
            || matches!(
                c,
                '<' | '>' | '"' | '`' | '[' | ']' | '{' | '}' | '|' | '\\'
            );
    }
    c.is_whitespace()
        || matches!(c, '\u{2018}'..='\u{201f}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

/// Trims sentence punctuation off the end of a bare URL (`http://x.io).` → `http://x.io`); a
/// closing parenthesis stays when the URL opened one (`.../Foo_(bar)`).
fn trim_url_tail(bytes: &[u8], start: usize, mut end: usize) -> usize {
    let url = &bytes[start..end];
    let opens = url.iter().filter(|&&b| b == b'(').count();
    let mut closes = url.iter().filter(|&&b| b == b')').count();
    while end > start {
        let trim = match bytes[end - 1] {
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'*' | b'_' => true,
            b')' if closes > opens => {
                closes -= 1;
                true
            }
            _ => false,
        };
        if !trim {
            break;
        }
        end -= 1;
    }
    end
}

/// True when a bare URL candidate has a host: something after `://`, or a dotted name after
/// `www.`.
fn has_host(url: &str) -> bool {
    match url.find("://") {
        Some(at) => url.len() > at + 3,
        None => url
            .get("www.".len()..)
            .and_then(|rest| rest.split(['/', '?', '#']).next())
            .is_some_and(|host| host.contains('.') && !host.starts_with('.')),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The earlier scan, kept as the reference the byte search must agree with: every `h` and
    /// `w` tried as a start.
    fn bare_urls_by_scanning(text: &str) -> Vec<(usize, usize)> {
        let bytes = text.as_bytes();
        let mut found = Vec::new();
        let mut i = 0;
        while let Some(offset) = bytes[i..]
            .iter()
            .position(|&b| matches!(b, b'h' | b'H' | b'w' | b'W'))
        {
            let start = i + offset;
            i = start + 1;
            if !can_start(text, start) {
                continue;
            }
            let end = trim_url_tail(bytes, start, url_end(text, start));
            if has_host(&text[start..end]) {
                found.push((start, end));
                i = end;
            }
        }
        found
    }

    proptest::proptest! {
        #[test]
        fn bare_urls_are_those_a_scan_of_every_start_finds(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "http://", "https://", "HTTPS://", "www.", "WWW.", "wwww.", "h", "w", "x", "a.io",
                    "/p", ".", ":", "//", " ", "\n", "(", ")", ",", "见", "）", "é",
                ]),
                0..16,
            ),
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(bare_urls(&text), bare_urls_by_scanning(&text), "{:?}", text);
        }
    }

    fn urls(text: &str) -> Vec<&str> {
        bare_urls(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn bare_urls_are_trimmed_of_sentence_punctuation() {
        assert_eq!(
            urls("Start your trial now: http://x.io/t?a=1."),
            ["http://x.io/t?a=1"]
        );
        assert_eq!(urls("(see https://x.io/a)."), ["https://x.io/a"]);
        assert_eq!(
            urls("https://en.wikipedia.org/wiki/Foo_(bar),"),
            ["https://en.wikipedia.org/wiki/Foo_(bar)"]
        );
        assert_eq!(urls("xhttp://no.io and http://"), Vec::<&str>::new());
        assert_eq!(urls("see www.a.io/x, not www.nodot"), ["www.a.io/x"]);
    }

    #[test]
    fn a_www_with_nothing_after_it_is_no_url() {
        assert!(urls("see www. or www.. and WWW.").is_empty());
        assert!(urls("www.").is_empty());
        assert_eq!(urls("www.a.io."), ["www.a.io"]);
    }

    #[test]
    fn full_width_punctuation_ends_a_bare_url() {
        assert_eq!(
            urls("项目（https://a.io/x）。见https://b.io/中文，好"),
            ["https://a.io/x", "https://b.io/中文"]
        );
        assert_eq!(urls("“https://c.io/q”"), ["https://c.io/q"]);
    }
}

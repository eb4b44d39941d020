//! A markdown file's header: YAML front matter between `---` fences (Jekyll, Hugo), TOML front
//! matter between `+++` fences (Hugo, Zola) or Pelican-style `Key: value` lines at the top of the
//! file. All become the issue's header fields ([`Header`]) and the line its body starts on.

use crate::parse::error::{ParseErrorKind, MAX_FRONT_MATTER};
use crate::parse::issue::fields::{Field, Header};

/// Deepest `[`/`{` nesting handed to the YAML parser. Its scanner does work proportional to the
/// nesting depth for every token (quadratic on `[[[[...`), and serde_yaml refuses anything past
/// 128 levels anyway, so deeper front matter is read as `key: value` lines instead.
const MAX_YAML_NESTING: usize = 100;

/// Header keys that make a run of `Key: value` lines at the top a Pelican-style header.
const PELICAN_KEYS: &[&str] = &["title", "date", "number", "issue"];

/// A markdown file's header read: its fields, and where its body starts.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    /// The header's fields.
    pub header: Header,
    /// 0-based index of the body's first line.
    pub body_start: usize,
}

/// A header problem: the 1-based line and what is wrong.
pub type HeaderError = (usize, ParseErrorKind);

/// Reads the header at the top of `lines`: front matter, Pelican headers, or none.
pub fn read(lines: &[&str]) -> Result<FrontMatter, HeaderError> {
    match lines.first().map(|first| first.trim_end()) {
        Some(YAML_FENCE) => front_matter(lines, YAML_FENCE),
        Some(TOML_FENCE) => front_matter(lines, TOML_FENCE),
        _ => Ok(pelican(lines)),
    }
}

/// The line that opens and closes YAML front matter.
const YAML_FENCE: &str = "---";
/// The line that opens and closes TOML front matter.
const TOML_FENCE: &str = "+++";

/// Front matter from line 1 to the closing fence (`---` or `...` for YAML, `+++` for TOML).
fn front_matter(lines: &[&str], fence: &'static str) -> Result<FrontMatter, HeaderError> {
    let mut size = 0usize;
    let mut close = None;
    for (index, line) in lines.iter().enumerate().skip(1) {
        let line_end = line.trim_end();
        if line_end == fence || (fence == YAML_FENCE && line_end == "...") {
            close = Some(index);
            break;
        }
        size += line.len() + 1;
        if size > MAX_FRONT_MATTER {
            return Err((1, ParseErrorKind::FrontMatterTooLarge));
        }
    }
    let close = close.ok_or((1, ParseErrorKind::UnterminatedFrontMatter(fence)))?;
    let inner = &lines[1..close];
    let fields = if fence == TOML_FENCE {
        toml_fields(inner).unwrap_or_else(|| toml_line_fields(inner))
    } else {
        yaml_fields(inner).unwrap_or_else(|| key_value_fields(inner, 2))
    };
    Ok(FrontMatter {
        header: Header { fields },
        body_start: close + 1,
    })
}

/// Fields of a YAML mapping; `None` when the text is not YAML or not a mapping (the caller then
/// falls back to reading `key: value` lines, which copes with titles like `Issue 5: Foo`).
fn yaml_fields(inner: &[&str]) -> Option<Vec<Field>> {
    let yaml = inner.join("\n");
    if flow_nesting(&yaml) > MAX_YAML_NESTING {
        return None;
    }
    let value: serde_yaml::Value = serde_yaml::from_str(&yaml).ok()?;
    let mapping = value.as_mapping()?;
    let fields = mapping
        .iter()
        .filter_map(|(key, value)| {
            let key = scalar(key)?.to_lowercase();
            let value = scalar(value)?;
            let line = key_line(inner, &key).map_or(1, |offset| offset + 2);
            Some(Field { key, value, line })
        })
        .collect();
    Some(fields)
}

/// Top-level scalar fields of a TOML table (strings, numbers, booleans, dates as written); `None`
/// when the text is not TOML.
fn toml_fields(inner: &[&str]) -> Option<Vec<Field>> {
    let text = inner.join("\n");
    if flow_nesting(&text) > MAX_YAML_NESTING {
        return None;
    }
    let table: toml::Table = toml::from_str(&text).ok()?;
    let fields = table
        .iter()
        .filter_map(|(key, value)| {
            let value = match value {
                toml::Value::String(text) => text.trim().to_string(),
                toml::Value::Integer(number) => number.to_string(),
                toml::Value::Float(number) => number.to_string(),
                toml::Value::Boolean(flag) => flag.to_string(),
                toml::Value::Datetime(datetime) => datetime.to_string(),
                toml::Value::Array(_) | toml::Value::Table(_) => return None,
            };
            let key = key.to_lowercase();
            let line = inner
                .iter()
                .position(|line| {
                    toml_key_value(line).is_some_and(|(k, _)| k.eq_ignore_ascii_case(&key))
                })
                .map_or(1, |offset| offset + 2);
            Some(Field { key, value, line })
        })
        .collect();
    Some(fields)
}

/// Every `key = value` line of TOML front matter that does not parse, as a field (quotes
/// trimmed), up to the first `[table]` line.
fn toml_line_fields(inner: &[&str]) -> Vec<Field> {
    inner
        .iter()
        .take_while(|line| !line.trim_start().starts_with('['))
        .enumerate()
        .filter_map(|(offset, line)| {
            let (key, value) = toml_key_value(line)?;
            let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
            Some(Field {
                key: key.to_lowercase(),
                value: value.to_string(),
                line: offset + 2,
            })
        })
        .collect()
}

/// Splits a TOML `key = value` line (a bare key of letters, digits, `_` and `-`).
fn toml_key_value(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once('=')?;
    let key = key.trim();
    let valid_key = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    valid_key.then_some((key, value))
}

/// The deepest nesting of `[` and `{` in `yaml`, counting every bracket (quoted ones too, so it
/// can only overestimate).
fn flow_nesting(yaml: &str) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0;
    for byte in yaml.bytes() {
        match byte {
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// A YAML scalar as text; `None` for null, sequences and mappings.
fn scalar(value: &serde_yaml::Value) -> Option<String> {
    match value {
        serde_yaml::Value::String(text) => Some(text.trim().to_string()),
        serde_yaml::Value::Number(number) => Some(number.to_string()),
        serde_yaml::Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// The 0-based offset of the line in `inner` that starts with `key:`.
fn key_line(inner: &[&str], key: &str) -> Option<usize> {
    inner
        .iter()
        .position(|line| key_value(line).is_some_and(|(k, _)| k.eq_ignore_ascii_case(key)))
}

/// Every `key: value` line of `lines` as a field (`first_line` is the 1-based line of the first).
fn key_value_fields(lines: &[&str], first_line: usize) -> Vec<Field> {
    lines
        .iter()
        .enumerate()
        .filter_map(|(offset, line)| {
            let (key, value) = key_value(line)?;
            let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
            Some(Field {
                key: key.to_lowercase(),
                value: value.to_string(),
                line: first_line + offset,
            })
        })
        .collect()
}

/// Pelican / MultiMarkdown headers: the `Key: value` lines from line 1 up to the first other
/// line, when they include a title, date or number.
fn pelican(lines: &[&str]) -> FrontMatter {
    let count = lines
        .iter()
        .take_while(|line| key_value(line).is_some())
        .count();
    let fields = key_value_fields(&lines[..count], 1);
    if !fields
        .iter()
        .any(|f| PELICAN_KEYS.contains(&f.key.as_str()))
    {
        return FrontMatter::default();
    }
    FrontMatter {
        header: Header { fields },
        body_start: count,
    }
}

/// Splits `Key: value` (a key of letters, digits, `_` and `-`, then a colon followed by
/// whitespace or nothing, so `https://...` is not a header).
fn key_value(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(':')?;
    let key = key.trim_end();
    let valid_key = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let valid_value = value.is_empty() || value.starts_with([' ', '\t']);
    (valid_key && valid_value).then_some((key, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<&str> {
        text.split('\n').collect()
    }

    fn value<'a>(header: &'a Header, key: &str) -> Option<&'a str> {
        header.field(&[key]).map(|f| f.value.as_str())
    }

    #[test]
    fn yaml_front_matter_fields_and_body_start() {
        let text = "---\ntitle: DEVOPS WEEKLY ISSUE \\#515 - 8th November 2020 \ndate: 2020-11-08T09:02:24+00:00\n---\nbody";
        let FrontMatter { header, body_start } = read(&lines(text)).unwrap();
        assert_eq!(
            value(&header, "title"),
            Some("DEVOPS WEEKLY ISSUE \\#515 - 8th November 2020")
        );
        assert_eq!(value(&header, "date"), Some("2020-11-08T09:02:24+00:00"));
        assert_eq!(header.field(&["date"]).unwrap().line, 3);
        assert_eq!(body_start, 4);
    }

    #[test]
    fn invalid_yaml_falls_back_to_key_value_lines() {
        let FrontMatter { header, .. } =
            read(&lines("---\nlayout: post\ntitle: Issue 5: the one\n---")).unwrap();
        assert_eq!(value(&header, "title"), Some("Issue 5: the one"));
        assert_eq!(value(&header, "layout"), Some("post"));
    }

    #[test]
    fn empty_values_count_as_absent() {
        let FrontMatter { header, .. } = read(&lines("---\ndate:\ntitle: ''\n---")).unwrap();
        assert_eq!(header.field(&["date"]), None);
        assert_eq!(header.field(&["title"]), None);
    }

    #[test]
    fn non_mapping_front_matter_has_no_fields() {
        let FrontMatter { header, body_start } = read(&lines("---\n- a\n- b\n---\nx")).unwrap();
        assert!(header.fields.is_empty());
        assert_eq!(body_start, 4);
    }

    #[test]
    fn unterminated_and_huge_front_matter_are_errors() {
        let err = read(&lines("---\ntitle: x\n")).unwrap_err();
        assert!(matches!(
            err,
            (1, ParseErrorKind::UnterminatedFrontMatter("---"))
        ));
        let err = read(&lines("+++\ntitle = 'x'\n")).unwrap_err();
        assert!(matches!(
            err,
            (1, ParseErrorKind::UnterminatedFrontMatter("+++"))
        ));
        let big = format!("---\n{}\n---", "a: b\n".repeat(20_000));
        let err = read(&lines(&big)).unwrap_err();
        assert!(matches!(err, (1, ParseErrorKind::FrontMatterTooLarge)));
    }

    #[test]
    fn yaml_alias_bombs_do_not_expand() {
        let mut yaml = String::from("---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..10 {
            let prev = level - 1;
            let refs = vec![format!("*a{prev}"); 10].join(", ");
            yaml.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
        }
        yaml.push_str("title: Bomb\n---\n");
        let FrontMatter { header, body_start } = read(&lines(&yaml)).unwrap();
        assert_eq!(value(&header, "title"), Some("Bomb"));
        assert_eq!(body_start, 13);
    }

    #[test]
    fn deeply_nested_yaml_is_read_as_key_value_lines_in_linear_time() {
        for opener in ["[", "{a: "] {
            let text = format!(
                "---\nx: {}\ndate: 2021-03-02\n---\nbody",
                opener.repeat(60_000 / opener.len())
            );
            let started = std::time::Instant::now();
            let FrontMatter { header, .. } = read(&lines(&text)).unwrap();
            assert_eq!(value(&header, "date"), Some("2021-03-02"));
            assert!(started.elapsed().as_secs() < 10, "{opener}: quadratic");
        }
        assert_eq!(flow_nesting("a: [b, {c: [d]}], e: [f]"), 3);
        assert_eq!(flow_nesting("]]] [x]"), 1);
    }

    #[test]
    fn toml_front_matter_fields_and_body_start() {
        let text = "+++\ntitle = \"Issue 12: TOML\"\ndate = 2024-07-10\nweight = 3\ndraft = false\ntags = [\"a\"]\n\n[extra]\nnumber = 9\n+++\nbody";
        let FrontMatter { header, body_start } = read(&lines(text)).unwrap();
        assert_eq!(value(&header, "title"), Some("Issue 12: TOML"));
        assert_eq!(value(&header, "date"), Some("2024-07-10"));
        assert_eq!(header.field(&["date"]).unwrap().line, 3);
        assert_eq!(value(&header, "weight"), Some("3"));
        assert_eq!(value(&header, "draft"), Some("false"));
        assert_eq!(value(&header, "tags"), None);
        assert_eq!(value(&header, "number"), None);
        assert_eq!(body_start, 10);
        let offset = read(&lines("+++\ndate = 2024-07-10T09:30:00+08:00\n+++\n")).unwrap();
        assert_eq!(
            value(&offset.header, "date"),
            Some("2024-07-10T09:30:00+08:00")
        );
    }

    #[test]
    fn invalid_toml_falls_back_to_key_value_lines() {
        let FrontMatter { header, .. } = read(&lines(
            "+++\ntitle = Issue 5 = the one\ndate = \"2024-07-10\"\ndate = again\n+++",
        ))
        .unwrap();
        assert_eq!(value(&header, "title"), Some("Issue 5 = the one"));
        assert_eq!(value(&header, "date"), Some("2024-07-10"));
        let deep = format!("+++\nx = {}\ndate = 2021-03-02\n+++\n", "[".repeat(50_000));
        let FrontMatter { header, .. } = read(&lines(&deep)).unwrap();
        assert_eq!(value(&header, "date"), Some("2021-03-02"));
    }

    #[test]
    fn pelican_headers_without_fences() {
        let FrontMatter { header, body_start } = read(&lines(
            "Title: Weekly 500\nNumber: 500\nDate: 2023-06-28\n\n## News",
        ))
        .unwrap();
        assert_eq!(value(&header, "number"), Some("500"));
        assert_eq!(header.field(&["date"]).unwrap().line, 3);
        assert_eq!(body_start, 3);
        let FrontMatter { body_start, .. } = read(&lines("Date: 2023-06-28\n# News")).unwrap();
        assert_eq!(body_start, 1);
    }

    #[test]
    fn prose_and_urls_are_not_headers() {
        assert_eq!(
            read(&lines("https://x.io\n")).unwrap(),
            FrontMatter::default()
        );
        assert_eq!(
            read(&lines("Note: this week\nmore")).unwrap(),
            FrontMatter::default()
        );
        assert_eq!(
            read(&lines("Start your trial now: http://x.io")).unwrap(),
            FrontMatter::default()
        );
    }
}

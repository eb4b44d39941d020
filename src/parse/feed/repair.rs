//! Feeds that are not well-formed XML, repaired before feed-rs reads them, and feeds in the
//! Atom 0.3 draft, read as Atom 1.0.

use std::borrow::Cow;

use markup5ever_rcdom::{RcDom, SerializableHandle};
use xml5ever::serialize::{SerializeOpts, TraversalScope};
use xml5ever::tendril::TendrilSink;

/// `bytes` as well-formed XML: read by xml5ever (Servo's XML parser, which recovers from broken
/// markup as html5ever does for HTML: unclosed and mismatched tags, a cut-off file, stray `&`) and
/// written back out. `None` when the bytes hold no element at all.
/// No repair is tried past this nesting depth: xml5ever's time grows with the square of the
/// depth of unclosed elements, and no feed nests anywhere near this deep.
const MAX_REPAIR_DEPTH: usize = 512;

pub(super) fn repaired_xml(bytes: &[u8]) -> Option<Vec<u8>> {
    if nesting_depth(bytes) > MAX_REPAIR_DEPTH {
        return None;
    }
    let text = String::from_utf8_lossy(bytes);
    let dom =
        xml5ever::driver::parse_document(RcDom::default(), Default::default()).one(text.as_ref());
    let document: SerializableHandle = dom.document.clone().into();
    let mut out = Vec::new();
    let opts = SerializeOpts {
        traversal_scope: TraversalScope::ChildrenOnly(None),
    };
    xml5ever::serialize::serialize(&mut out, &document, opts).ok()?;
    out.contains(&b'<').then_some(out)
}

/// The Atom 0.3 draft's namespace (2003-2005; old Blogger and Movable Type archives still serve
/// it), which feed-rs does not read.
const ATOM_03: &[u8] = b"http://purl.org/atom/ns#";
/// Atom 1.0's namespace.
const ATOM_10: &[u8] = b"http://www.w3.org/2005/Atom";

/// `bytes` with the Atom 0.3 namespace renamed to Atom 1.0's: the two share `feed`, `entry`,
/// `title`, `link rel="alternate"`, `id`, `summary` and `content`, so feed-rs reads the entries;
/// 0.3's own date elements (`issued`, `created`, `modified`) are read beside it from the entry's
/// text, as every feed's dates are. Borrowed when the bytes name no Atom 0.3 namespace.
pub(super) fn atom_03_as_10(bytes: &[u8]) -> Cow<'_, [u8]> {
    let finder = memchr::memmem::Finder::new(ATOM_03);
    if finder.find(bytes).is_none() {
        return Cow::Borrowed(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut from = 0;
    for at in finder.find_iter(bytes) {
        out.extend_from_slice(&bytes[from..at]);
        out.extend_from_slice(ATOM_10);
        from = at + ATOM_03.len();
    }
    out.extend_from_slice(&bytes[from..]);
    Cow::Owned(out)
}

/// An upper bound on the element nesting of `bytes` (start tags less end and self-closing tags,
/// at its highest): a guard only, so it reads no more of the markup than that.
pub(super) fn nesting_depth(bytes: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for window in bytes.windows(2) {
        match window {
            [b'<', b'/'] | [b'/', b'>'] => depth = depth.saturating_sub(1),
            [b'<', next] if next.is_ascii_alphabetic() || *next == b'_' || *next == b':' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            _ => {}
        }
    }
    deepest
}

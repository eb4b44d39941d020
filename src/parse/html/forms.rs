//! Forms, read as a reader sees them. The reader never reads a form's own content (a search
//! box, a subscribe box, a reply form); around it:
//!
//! - **A form that holds the page**: ASP.NET WebForms (and some CMSs) set a whole page inside
//!   one `<form>`, where a reader sees the page and no form. A form holding more than half of
//!   the page's links is taken apart before reading: its content stays where it stands.
//! - **A box around a form**: a subscribe or search box sets its form beside a line of its own
//!   (`Get Example Weekly every Wednesday.`, `Follow: <a>Dribbble</a> · <a>Instagram</a>`),
//!   and on a page without `<main>` or `<article>` those words would join the last entry. The
//!   form's widest wrapper that holds no heading, at most [`BOX_LINKS`] links and
//!   [`BOX_WORDS`] words, and fewer than half of the page's links is the box: it goes whole.

use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

use super::roles::attr;

/// Most links of a box around a form (its follow, privacy and terms links).
const BOX_LINKS: usize = 4;
/// Most words of a box around a form, its form's labels included.
const BOX_WORDS: usize = 40;

/// `document` with every form that holds the page taken apart (its children in its place), and
/// every other form taken out with its box.
pub fn read_forms(document: &mut Html) {
    let root = document.tree.root();
    let mut page_links = None;
    let mut unwrapped = Vec::new();
    let mut boxes = Vec::new();
    // The arena in one scan (most pages hold no form); a node taken out before (an archive's
    // toolbar) stays in it, so a form counts only when it still hangs from the root.
    let forms = document.tree.nodes().filter(|node| {
        is_element(*node, "form") && node.ancestors().last().is_some_and(|top| top == root)
    });
    for form in forms {
        let all = *page_links.get_or_insert_with(|| links_in(root));
        let links = links_in(form);
        if links > 0 && links * 2 > all {
            unwrapped.push(form.id());
        } else {
            boxes.push(box_of(form, all).id());
        }
    }
    for form in unwrapped {
        take_apart(document, form);
    }
    for id in boxes {
        if let Some(mut node) = document.tree.get_mut(id) {
            node.detach();
        }
    }
}

/// `node`'s children put in its place, and `node` out.
fn take_apart(document: &mut Html, id: NodeId) {
    let children: Vec<NodeId> = match document.tree.get(id) {
        Some(node) => node.children().map(|child| child.id()).collect(),
        None => return,
    };
    let Some(mut node) = document.tree.get_mut(id) else {
        return;
    };
    if node.parent().is_none() {
        return;
    }
    for child in children {
        node.insert_id_before(child);
    }
    node.detach();
}

/// The widest wrapper of `form` that is its box (see the module doc), else the form.
fn box_of(form: NodeRef<'_, Node>, page_links: usize) -> NodeRef<'_, Node> {
    let mut widest = form;
    for wrapper in form.ancestors() {
        let Some(element) = wrapper.value().as_element() else {
            break;
        };
        if matches!(element.name(), "body" | "html" | "main" | "article")
            || !is_small_box(wrapper, page_links)
        {
            break;
        }
        widest = wrapper;
    }
    widest
}

/// True for a wrapper that holds no heading, at most [`BOX_LINKS`] links (fewer than half of
/// the page's) and [`BOX_WORDS`] words (counted up to a limit's first excess).
fn is_small_box(wrapper: NodeRef<'_, Node>, page_links: usize) -> bool {
    let (mut links, mut words) = (0, 0);
    for node in wrapper.descendants() {
        match node.value() {
            Node::Text(text) => words += text.split_whitespace().count(),
            Node::Element(element) => match element.name() {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => return false,
                "a" if attr(element, "href").is_some() => links += 1,
                _ => {}
            },
            _ => {}
        }
        if links > BOX_LINKS || words > BOX_WORDS || links * 2 >= page_links.max(1) {
            return false;
        }
    }
    true
}

/// True for an element named `name`.
fn is_element(node: NodeRef<'_, Node>, name: &str) -> bool {
    node.value()
        .as_element()
        .is_some_and(|element| element.name() == name)
}

/// The links `node` holds.
fn links_in(node: NodeRef<'_, Node>) -> usize {
    node.descendants()
        .filter(|node| {
            node.value()
                .as_element()
                .is_some_and(|element| element.name() == "a" && attr(element, "href").is_some())
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The element names of the body's children, after the forms are unwrapped.
    fn body_children(html: &str) -> Vec<String> {
        let mut document = Html::parse_document(html);
        read_forms(&mut document);
        let body = document
            .tree
            .nodes()
            .find(|node| is_element(*node, "body"))
            .unwrap();
        body.children()
            .filter_map(|child| child.value().as_element().map(|e| e.name().to_string()))
            .collect()
    }

    #[test]
    fn a_form_around_the_page_is_taken_apart() {
        let page = "<body><form id=form1><input type=hidden><h2>News</h2><p><a href=a>A</a> <a href=b>B</a></p></form></body>";
        assert_eq!(body_children(page), ["input", "h2", "p"]);
        let list = "<body><form><p><a href=a>A</a> <a href=b>B</a></p></form><p><a href=c>C</a></p></body>";
        assert_eq!(body_children(list), ["p", "p"]);
    }

    #[test]
    fn a_box_goes_with_its_form_and_a_wrapper_of_more_stays() {
        let entries =
            "<h2>News</h2><p><a href=a>A</a> what it is</p><p><a href=b>B</a> and this</p>";
        let boxed = format!("<body>{entries}<div><p>Get it every Wednesday.</p><form><input name=email><button>Go</button></form><p>Follow: <a href=d>Dribbble</a></p></div></body>");
        assert_eq!(body_children(&boxed), ["h2", "p", "p"]);
        let bare = format!("<body>{entries}<form><input name=email></form></body>");
        assert_eq!(body_children(&bare), ["h2", "p", "p"]);
        let wrapped = format!("<body><div>{entries}<form><input name=q></form></div></body>");
        assert_eq!(body_children(&wrapped), ["div"]);
    }
}

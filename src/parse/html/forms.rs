//! A `<form>` that holds the page: ASP.NET WebForms (and some CMSs) set a whole page inside
//! one `<form>`, where a reader sees the page and no form. The reader never reads a form (a
//! search box, a subscribe box, a reply form), so such a form is taken apart before reading:
//! its content stays where it stands, the form goes. A form is the page's when it holds more
//! than half of the page's links; a search or subscribe box (a field, a button,
//! a privacy link) never does.

use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

use super::roles::attr;

/// `document` with every form that holds the page taken apart (its children in its place).
pub fn unwrap_page_forms(document: &mut Html) {
    // From the root: nodes taken out before (an archive's toolbar) stay in the tree's arena.
    let root = document.tree.root();
    let mut page_links = None;
    let forms: Vec<NodeId> = root
        .descendants()
        .filter(|node| is_element(*node, "form"))
        .filter(|form| {
            let links = links_in(*form);
            links > 0 && links * 2 > *page_links.get_or_insert_with(|| links_in(root))
        })
        .map(|node| node.id())
        .collect();
    for form in forms {
        let children: Vec<NodeId> = match document.tree.get(form) {
            Some(node) => node.children().map(|child| child.id()).collect(),
            None => continue,
        };
        let Some(mut node) = document.tree.get_mut(form) else {
            continue;
        };
        if node.parent().is_none() {
            continue;
        }
        for child in children {
            node.insert_id_before(child);
        }
        node.detach();
    }
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
        unwrap_page_forms(&mut document);
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
    fn a_form_around_the_page_is_taken_apart_and_a_box_is_not() {
        let page = "<body><form id=form1><input type=hidden><h2>News</h2><p><a href=a>A</a> <a href=b>B</a></p></form></body>";
        assert_eq!(body_children(page), ["input", "h2", "p"]);
        let list = "<body><form><p><a href=a>A</a> <a href=b>B</a></p></form><p><a href=c>C</a></p></body>";
        assert_eq!(body_children(list), ["p", "p"]);
        let subscribe = "<body><p><a href=a>A</a> <a href=b>B</a></p><form><input name=email><button>Go</button> <a href=p>Privacy</a> <a href=t>Terms</a></form></body>";
        assert_eq!(body_children(subscribe), ["p", "form"]);
    }
}

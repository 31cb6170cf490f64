//! What a rule sees of an HTML page: an element's normalised text (cells separated by
//! " | "), and its context strings (preceding heading, table caption, column header, `dt`).

use std::rc::Rc;

use rustc_hash::FxHashMap;
use scraper::{ElementRef, Html, Node};
use url::Url;

use super::normalise_text;

/// Elements whose content is never text a reader sees.
const SKIP: &[&str] = &["script", "style", "noscript", "template", "svg", "head"];

/// Elements that separate words even when the markup has no whitespace between them.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dt",
    "dd",
    "dl",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "form",
    "label",
    "option",
    "button",
    "blockquote",
    "hr",
    "figcaption",
    "center",
];

const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

/// Identifies an element of one parsed document: the address of its data in the tree, which
/// does not move while the document is borrowed. (ego-tree's `NodeId` would do, but naming it
/// would add a direct dependency.)
type NodeKey = usize;

fn key(el: ElementRef<'_>) -> NodeKey {
    std::ptr::from_ref(el.value()) as usize
}

/// One parsed page with the caches rules share while judging it.
pub(crate) struct Page<'a> {
    doc: &'a Html,
    /// What relative URLs resolve against (the page's `<base href>` or its own URL).
    pub(crate) base: &'a Url,
    texts: FxHashMap<NodeKey, Rc<str>>,
    /// Attribute values as rules see them (URLs resolved), per element and attribute name.
    attrs: FxHashMap<(NodeKey, &'a str), Option<Rc<str>>>,
    /// For every element, the index in `outlines` of the headings above it.
    headings: Option<FxHashMap<NodeKey, usize>>,
    outlines: Vec<Vec<Rc<str>>>,
    body: Option<Rc<str>>,
}

impl<'a> Page<'a> {
    pub(crate) fn new(doc: &'a Html, base: &'a Url) -> Self {
        Page {
            doc,
            base,
            texts: FxHashMap::default(),
            attrs: FxHashMap::default(),
            headings: None,
            outlines: Vec::new(),
            body: None,
        }
    }

    /// The element's normalised text, table cells separated by " | ".
    pub(crate) fn text(&mut self, el: ElementRef<'a>) -> Rc<str> {
        self.texts
            .entry(key(el))
            .or_insert_with(|| node_text(el))
            .clone()
    }

    /// An attribute's value as rules see it (see [`super::attr_value`]), computed once per
    /// element and name.
    pub(crate) fn attr(&mut self, el: ElementRef<'a>, name: &'a str) -> Option<Rc<str>> {
        let base = self.base;
        self.attrs
            .entry((key(el), name))
            .or_insert_with(|| super::attr_value(el, name, base).map(Rc::from))
            .clone()
    }

    /// The text of the whole page body (or document when it has no body).
    pub(crate) fn body_text(&mut self) -> Rc<str> {
        if let Some(body) = &self.body {
            return body.clone();
        }
        let selector = scraper::Selector::parse("body").expect("'body' is a valid selector");
        let root = self
            .doc
            .select(&selector)
            .next()
            .unwrap_or_else(|| self.doc.root_element());
        let text = node_text(root);
        self.body = Some(text.clone());
        text
    }

    /// The strings a rule's `context` is tested against, each with whether `exclude` is
    /// tested against it too: the headings above the element in the outline (the nearest
    /// h1-h6 before it and each higher-level one before that; for a heading, the higher-level
    /// ones only). Only the nearest can veto, so a
    /// "Berita Terbaru" sidebar heading earlier in the page does not veto the content under
    /// it), the table caption, the column header, the `dt` before a `dd`, and with `own` the
    /// element's own text, `alt` and `title`.
    pub(crate) fn context(&mut self, el: ElementRef<'a>, own: bool) -> Vec<(Rc<str>, bool)> {
        let outline = self.outline(el);
        let nearest = outline.len().saturating_sub(1);
        let mut out: Vec<(Rc<str>, bool)> = outline
            .into_iter()
            .enumerate()
            .map(|(i, h)| (h, i == nearest))
            .collect();
        if let Some(table) = ancestors_or_self(el).find(|e| e.value().name() == "table") {
            if let Some(caption) = table
                .child_elements()
                .find(|c| c.value().name() == "caption")
            {
                out.push((self.text(caption), true));
            }
            if let Some(header) = column_header(el, table) {
                out.push((self.text(header), true));
            }
        }
        if el.value().name() == "dd"
            && let Some(dt) = el
                .prev_siblings()
                .filter_map(ElementRef::wrap)
                .find(|e| e.value().name() == "dt")
        {
            out.push((self.text(dt), true));
        }
        if own {
            out.push((self.text(el), true));
            for name in ["alt", "title"] {
                if let Some(v) = el.attr(name) {
                    out.push((Rc::from(normalise_text(v)), true));
                }
            }
        }
        out
    }

    /// Every string [`Page::context`] can give an element without `own`: the headings of
    /// the outline, table captions, the cells of tables' first rows, and `dt` terms.
    pub(crate) fn all_contexts(&mut self) -> Vec<Rc<str>> {
        self.build_outline();
        let mut out: Vec<Rc<str>> = self.outlines.iter().flatten().cloned().collect();
        for e in self.doc.root_element().descendent_elements() {
            match e.value().name() {
                "caption" | "dt" => out.push(self.text(e)),
                "table" => {
                    let cells = first_row(e)
                        .into_iter()
                        .flat_map(|row| row.child_elements());
                    for cell in cells.filter(|c| matches!(c.value().name(), "td" | "th")) {
                        out.push(self.text(cell));
                    }
                }
                _ => {}
            }
        }
        out.sort_by_key(|s| Rc::as_ptr(s).cast::<u8>() as usize);
        out.dedup_by(|a, b| Rc::ptr_eq(a, b));
        out
    }

    /// Computes, once, the headings above every element.
    fn build_outline(&mut self) {
        if self.headings.is_some() {
            return;
        }
        let mut map = FxHashMap::default();
        let mut levels: [Option<Rc<str>>; 6] = Default::default();
        let mut current = None;
        for e in self.doc.root_element().descendent_elements() {
            if let Some(i) = current {
                map.insert(key(e), i);
            }
            if let Some(level) = HEADINGS.iter().position(|h| *h == e.value().name()) {
                // A heading's own context is the headings it sits under, not the
                // sibling section before it.
                self.outlines
                    .push(levels[..level].iter().flatten().cloned().collect());
                map.insert(key(e), self.outlines.len() - 1);
                let text = self.text(e);
                levels[level] = Some(Rc::from(text.chars().take(200).collect::<String>()));
                levels[level + 1..].iter_mut().for_each(|l| *l = None);
                self.outlines
                    .push(levels.iter().flatten().cloned().collect());
                current = Some(self.outlines.len() - 1);
            }
        }
        self.headings = Some(map);
    }

    fn outline(&mut self, el: ElementRef<'a>) -> Vec<Rc<str>> {
        // The page footer repeats on every page: the heading of the page it sits under
        // ("Pengaduan") says nothing about the switchboard number in it.
        if ancestors_or_self(el).any(is_footer) {
            return Vec::new();
        }
        self.build_outline();
        self.headings
            .as_ref()
            .and_then(|map| map.get(&key(el)))
            .and_then(|&i| self.outlines.get(i))
            .cloned()
            .unwrap_or_default()
    }
}

/// `<footer>`, or a block whose id or class names it the footer.
fn is_footer(el: ElementRef<'_>) -> bool {
    let value = el.value();
    value.name() == "footer"
        || value
            .id()
            .is_some_and(|id| id.to_ascii_lowercase().contains("footer"))
        || value
            .classes()
            .any(|class| class.to_ascii_lowercase().contains("footer"))
}

fn ancestors_or_self<'a>(el: ElementRef<'a>) -> impl Iterator<Item = ElementRef<'a>> {
    std::iter::once(el).chain(el.ancestors().filter_map(ElementRef::wrap))
}

/// The header cell above the cell holding `el`: the cell covering the same column in the
/// table's first row (colspans counted), unless `el` is in the first row itself.
fn column_header<'a>(el: ElementRef<'a>, table: ElementRef<'a>) -> Option<ElementRef<'a>> {
    let cell = ancestors_or_self(el)
        .take_while(|e| e.id() != table.id())
        .find(|e| matches!(e.value().name(), "td" | "th"))?;
    let row = cell.parent().and_then(ElementRef::wrap)?;
    let first_row = first_row(table)?;
    if first_row.id() == row.id() {
        return None;
    }
    let is_cell = |e: &ElementRef<'_>| matches!(e.value().name(), "td" | "th");
    let column: usize = cell
        .prev_siblings()
        .filter_map(ElementRef::wrap)
        .filter(is_cell)
        .map(span)
        .sum();
    let mut start = 0;
    for header in first_row.child_elements().filter(is_cell) {
        let end = start + span(header);
        if (start..end).contains(&column) {
            return Some(header);
        }
        start = end;
    }
    None
}

/// The first row of `table` itself (not of a table nested in it).
fn first_row(table: ElementRef<'_>) -> Option<ElementRef<'_>> {
    table.descendent_elements().find(|e| {
        e.value().name() == "tr"
            && e.ancestors()
                .filter_map(ElementRef::wrap)
                .find(|a| a.value().name() == "table")
                .is_some_and(|t| t.id() == table.id())
    })
}

fn span(cell: ElementRef<'_>) -> usize {
    cell.attr("colspan")
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, 100)
}

/// Visible text under `root`, normalised; " | " between table cells, spaces between blocks.
fn node_text(root: ElementRef<'_>) -> Rc<str> {
    let mut raw = String::new();
    // `None` marks the end of a block element: a word break.
    let mut stack = vec![Some(*root)];
    while let Some(item) = stack.pop() {
        let Some(node) = item else {
            raw.push(' ');
            continue;
        };
        match node.value() {
            Node::Text(text) => raw.push_str(text),
            Node::Element(e) => {
                let name = e.name();
                if SKIP.contains(&name) {
                    continue;
                }
                if matches!(name, "td" | "th") {
                    raw.push_str(" | ");
                } else if BLOCK.contains(&name) {
                    raw.push(' ');
                    stack.push(None);
                }
                stack.extend(node.children().rev().map(Some));
            }
            Node::Document | Node::Fragment => stack.extend(node.children().rev().map(Some)),
            _ => {}
        }
    }
    let text = normalise_text(&raw);
    Rc::from(text.trim_matches(|c| c == '|' || c == ' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first<'a>(doc: &'a Html, css: &str) -> ElementRef<'a> {
        let sel = scraper::Selector::parse(css).expect("test selector");
        doc.select(&sel).next().expect("element present")
    }

    const TABLE: &str = r#"<html><head><title>t</title><script>var biaya = 1;</script></head><body>
        <h2>Berita</h2><p>lain</p>
        <h3>Standar Pelayanan KTP</h3>
        <table><caption>Matriks Layanan</caption>
        <tr><th>No</th><th colspan="2">Jenis Layanan</th><th>Biaya/Tarif</th></tr>
        <tr><td>1</td><td>KTP</td><td>baru</td><td><p>Gratis</p></td></tr>
        </table>
        <dl><dt>Waktu</dt><dd>1 hari</dd></dl>
        <style>.x{}</style></body></html>"#;

    #[test]
    fn text_separates_cells_and_skips_scripts() {
        let doc = Html::parse_document(TABLE);
        let url = Url::parse("https://a.go.id/").expect("test URL");
        let mut page = Page::new(&doc, &url);
        let row = first(&doc, "tr:nth-child(2)");
        assert_eq!(&*page.text(row), "1 | KTP | baru | Gratis");
        let body = page.body_text();
        assert!(
            body.starts_with("Berita lain Standar Pelayanan KTP Matriks Layanan | No | Jenis"),
            "{body}"
        );
        assert!(
            !body.contains("var biaya") && !body.contains(".x{}"),
            "{body}"
        );
    }

    #[test]
    fn context_has_heading_caption_column_header_and_dt() {
        let doc = Html::parse_document(TABLE);
        let url = Url::parse("https://a.go.id/").expect("test URL");
        let mut page = Page::new(&doc, &url);
        let fee = first(&doc, "tr:nth-child(2) td:nth-child(4) p");
        let shown = |v: Vec<(Rc<str>, bool)>| -> Vec<(String, bool)> {
            v.into_iter()
                .map(|(s, veto)| (s.to_string(), veto))
                .collect()
        };
        let want = [
            ("Berita", false),
            ("Standar Pelayanan KTP", true),
            ("Matriks Layanan", true),
            ("Biaya / Tarif", true),
        ];
        assert_eq!(
            shown(page.context(fee, false)),
            want.map(|(s, v)| (s.to_string(), v))
        );
        let kind = first(&doc, "tr:nth-child(2) td:nth-child(3)");
        assert_eq!(
            shown(page.context(kind, false))[3].0,
            "Jenis Layanan",
            "colspan covers the third column"
        );
        let header = first(&doc, "th");
        assert_eq!(
            page.context(header, false).len(),
            3,
            "no column header for the header row"
        );
        let dd = first(&doc, "dd");
        let got: Vec<String> = shown(page.context(dd, false))
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        assert_eq!(got, ["Berita", "Standar Pelayanan KTP", "Waktu"]);
        let h3 = first(&doc, "h3");
        assert_eq!(
            shown(page.context(h3, false)),
            [("Berita".to_string(), true)],
            "a heading sits under its parents only"
        );
        let first_p = first(&doc, "p");
        let got: Vec<String> = shown(page.context(first_p, true))
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        assert_eq!(got, ["Berita", "lain"]);
    }

    #[test]
    fn footer_text_takes_no_heading_from_the_page_above_it() {
        let doc = Html::parse_document(
            "<h1>Layanan Pengaduan</h1><p>WhatsApp 0812</p>\
             <footer><p>Telp. (0751) 462200</p></footer>\
             <div class=\"site-footer\"><p>Fax 1</p></div>",
        );
        let url = Url::parse("https://a.go.id/").expect("test URL");
        let mut page = Page::new(&doc, &url);
        assert_eq!(page.context(first(&doc, "p"), false).len(), 1);
        assert!(page.context(first(&doc, "footer p"), false).is_empty());
        assert!(
            page.context(first(&doc, ".site-footer p"), false)
                .is_empty()
        );
    }

    #[test]
    fn every_context_of_an_element_is_among_the_page_contexts() {
        // `judge_html` rules out a rule for a page from `all_contexts`: it must hold every
        // string `context` gives any element, or findings would be lost.
        let url = Url::parse("https://a.go.id/").expect("test URL");
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/web");
        let mut paths = vec![root];
        let mut bodies = vec![TABLE.as_bytes().to_vec()];
        while let Some(path) = paths.pop() {
            if path.is_dir() {
                let entries = std::fs::read_dir(&path).expect("fixture folder");
                paths.extend(entries.map(|e| e.expect("fixture entry").path()));
            } else if path.extension().is_some_and(|e| e == "html") {
                bodies.push(std::fs::read(&path).expect("fixture page"));
            }
        }
        assert!(bodies.len() > 100, "the fixture pages are found");
        let mut checked = 0;
        for body in &bodies {
            let doc = crate::document::parse_html(body, None);
            let mut page = Page::new(&doc, &url);
            let all: Vec<String> = page.all_contexts().iter().map(|c| c.to_string()).collect();
            for el in doc.root_element().descendent_elements() {
                for (context, _) in page.context(el, false) {
                    checked += 1;
                    assert!(all.iter().any(|c| **c == *context), "{context:?} missing");
                }
            }
        }
        assert!(checked > 5_000, "contexts were compared: {checked}");
    }
}

//! A document as the reader sees it: its blocks of text in reading order, whatever the markup.
//! An HTML page gives one block per paragraph, list item, heading, `dt`/`dd`, line between
//! `<br>`s and table row (cells joined by " | "); a PDF or office document one per line. The
//! site's chrome (menus, sidebars, footers) is left out: it repeats on every page and its
//! items ("Persyaratan KTP", "Layanan Pengaduan") are links, not components.

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};

use crate::detect::normalise_text;

/// One block of text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Block {
    /// Normalised text; a table row's cells joined by " | ".
    pub(crate) text: String,
    /// A heading (h1–h6, a caption, a page title class).
    pub(crate) heading: bool,
    /// A table row's cells, when the block is a row of two or more cells.
    pub(crate) cells: Vec<String>,
    /// The page of a document (1-based) the block is on.
    pub(crate) page: Option<u32>,
}

/// Elements whose content no reader sees, or that are controls.
pub(super) const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "head", "select", "button", "textarea",
    "nav", "aside", "footer", "iframe", "object",
];

/// Elements that start and end a block.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "section",
    "article",
    "header",
    "main",
    "form",
    "fieldset",
    "legend",
    "blockquote",
    "hr",
    "figure",
    "figcaption",
    "center",
    "pre",
    "address",
    "details",
    "summary",
    "label",
];

pub(super) const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6", "caption"];

/// Class or id words of the site's chrome.
const CHROME: &[&str] = &[
    "menu",
    "navbar",
    "nav",
    "navigation",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "widget",
    "footer",
];

/// The blocks of an HTML page, in reading order.
pub(crate) fn html_blocks(doc: &Html) -> Vec<Block> {
    let mut out = Blocks::default();
    let body = doc
        .root_element()
        .child_elements()
        .find(|e| e.value().name() == "body")
        .unwrap_or_else(|| doc.root_element());
    out.walk(*body);
    out.flush(false);
    merge_markers(out.blocks)
}

/// The blocks of a plain-text document (PDF pages, office text): one per line, a line with
/// " | " being a table row.
pub(crate) fn text_blocks<'a>(
    pages: impl IntoIterator<Item = (Option<u32>, &'a str)>,
) -> Vec<Block> {
    let mut blocks = Vec::new();
    for (page, text) in pages {
        for line in text.lines() {
            let text = normalise_text(line);
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            let cells: Vec<String> = if text.contains(" | ") {
                text.split(" | ").map(|c| c.trim().to_string()).collect()
            } else {
                Vec::new()
            };
            blocks.push(Block {
                text: text.to_string(),
                heading: false,
                cells,
                page,
            });
        }
    }
    merge_markers(blocks)
}

/// A list number alone in a block ("1." on its own line, as PDF extraction leaves table
/// cells) belongs to the block after it.
fn merge_markers(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut pending: Option<String> = None;
    for mut block in blocks {
        if block.cells.is_empty() && super::lexicon::is_marker_only(&block.text) {
            let marker = pending.take().unwrap_or_default();
            pending = Some(format!("{marker}{} ", block.text));
            continue;
        }
        if let Some(marker) = pending.take() {
            block.text.insert_str(0, &marker);
        }
        out.push(block);
    }
    out
}

#[derive(Default)]
struct Blocks {
    blocks: Vec<Block>,
    raw: String,
}

enum Step<'a> {
    Enter(NodeRef<'a, Node>),
    /// The end of a block element; `true` for a heading.
    Leave(bool),
}

impl Blocks {
    fn flush(&mut self, heading: bool) {
        if self.raw.trim().is_empty() {
            self.raw.clear();
            return;
        }
        let text = normalise_text(&self.raw);
        self.raw.clear();
        self.blocks.push(Block {
            text,
            heading,
            ..Block::default()
        });
    }

    fn walk(&mut self, root: NodeRef<'_, Node>) {
        let mut stack = vec![Step::Enter(root)];
        while let Some(step) = stack.pop() {
            let node = match step {
                Step::Leave(heading) => {
                    self.flush(heading);
                    continue;
                }
                Step::Enter(node) => node,
            };
            match node.value() {
                Node::Text(text) => self.raw.push_str(text),
                Node::Element(e) => {
                    let name = e.name();
                    let Some(el) = ElementRef::wrap(node) else {
                        continue;
                    };
                    if SKIP.contains(&name) || is_chrome(el) {
                        continue;
                    }
                    if name == "br" {
                        self.flush(false);
                        continue;
                    }
                    if name == "tr"
                        && let Some(cells) = data_row(el)
                    {
                        self.flush(false);
                        let text = cells
                            .iter()
                            .filter(|c| !c.is_empty())
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(" | ");
                        if !text.is_empty() {
                            self.blocks.push(Block {
                                text,
                                cells,
                                ..Block::default()
                            });
                        }
                        continue;
                    }
                    let heading = HEADINGS.contains(&name) || is_title_class(el);
                    if heading || BLOCK.contains(&name) {
                        self.flush(false);
                        stack.push(Step::Leave(heading));
                    }
                    stack.extend(node.children().rev().map(Step::Enter));
                }
                _ => {}
            }
        }
    }
}

/// `.entry-title`, `.page-title`, `.post-title`: the title of a CMS page, whatever its tag.
pub(super) fn is_title_class(el: ElementRef<'_>) -> bool {
    el.value()
        .classes()
        .any(|c| matches!(c, "entry-title" | "page-title" | "post-title"))
}

/// A menu, sidebar, breadcrumb or footer by its class or id: a word of [`CHROME`] on its own
/// or at either end of a hyphenated name ("main-menu", "site-footer", "widget-area"), but
/// not a state of a wrapper ("has-sidebar").
pub(super) fn is_chrome(el: ElementRef<'_>) -> bool {
    let value = el.value();
    let chrome = |name: &str| {
        let starts = |prefix: &str| {
            name.get(..prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        };
        if starts("has-") || starts("with-") || starts("no-") {
            return false;
        }
        let first = name.split(['-', '_']).next().unwrap_or("");
        let last = name.rsplit(['-', '_']).next().unwrap_or("");
        CHROME
            .iter()
            .any(|c| first.eq_ignore_ascii_case(c) || last.eq_ignore_ascii_case(c))
    };
    value.id().is_some_and(chrome) || value.classes().any(chrome)
}

/// Most characters in a row read as one block: a layout table's row is a whole page.
const MAX_ROW: usize = 4000;

/// The cells of a table row that holds data: two or more cells, no table inside, not a whole
/// page laid out in cells. A cell spanning columns is followed by empty cells for the others.
fn data_row(row: ElementRef<'_>) -> Option<Vec<String>> {
    let cells: Vec<ElementRef<'_>> = row
        .child_elements()
        .filter(|c| matches!(c.value().name(), "td" | "th"))
        .collect();
    if cells.len() < 2
        || row
            .descendent_elements()
            .any(|e| matches!(e.value().name(), "table" | "h1" | "h2" | "h3"))
    {
        return None;
    }
    let mut out = Vec::with_capacity(cells.len());
    let mut total = 0;
    for cell in cells {
        let mut raw = String::new();
        inline_text(*cell, &mut raw);
        let text = normalise_text(&raw).trim_matches(['|', ' ']).to_string();
        total += text.len();
        out.push(text);
        let span = cell
            .attr("colspan")
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, 50);
        out.extend(std::iter::repeat_n(String::new(), span - 1));
    }
    (total <= MAX_ROW).then_some(out)
}

/// The text under `root` with a space wherever a block or line ends.
fn inline_text(root: NodeRef<'_, Node>, raw: &mut String) {
    // `None` marks the end of a block: a word break.
    let mut stack = vec![Some(root)];
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
                if name == "br" || BLOCK.contains(&name) {
                    raw.push(' ');
                    stack.push(None);
                }
                stack.extend(node.children().rev().map(Some));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(blocks: &[Block]) -> Vec<&str> {
        blocks.iter().map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn html_blocks_follow_reading_order_whatever_the_markup() {
        let doc = Html::parse_document(
            "<html><body><nav><ul><li>Persyaratan KTP</li></ul></nav>\
             <div class=\"main-menu\"><a>Layanan Pengaduan</a></div>\
             <h2 class=\"x\">Standar Pelayanan KK</h2>\
             <p><strong>1. PERSYARATAN</strong><br>- Mengisi F1-02<br>- Fotokopi KK</p>\
             <p>Biaya/Tarif</p><p>GRATIS</p>\
             <table><tr><td>4</td><td>Jangka Waktu</td><td><p>1</p><p>hari</p></td></tr>\
             <tr><td colspan=\"2\">Produk</td><td>KK</td></tr></table>\
             <dl><dt>Pengaduan</dt><dd>WA 0812</dd></dl>\
             <div class=\"has-sidebar\">isi <b>tebal</b> teks</div>\
             <footer><p>Telp. 0751</p></footer></body></html>",
        );
        let blocks = html_blocks(&doc);
        assert_eq!(
            texts(&blocks),
            [
                "Standar Pelayanan KK",
                "1. PERSYARATAN",
                "- Mengisi F1-02",
                "- Fotokopi KK",
                "Biaya / Tarif",
                "GRATIS",
                "4 | Jangka Waktu | 1 hari",
                "Produk | KK",
                "Pengaduan",
                "WA 0812",
                "isi tebal teks",
            ]
        );
        assert!(blocks[0].heading && !blocks[1].heading);
        assert_eq!(blocks[7].cells, ["Produk", "", "KK"]);
    }

    #[test]
    fn a_layout_table_is_read_as_flow_not_as_one_row() {
        let long = "kata ".repeat(1000);
        let doc = Html::parse_document(&format!(
            "<table><tr><td>menu</td><td><p>Biaya</p><p>{long}</p></td></tr></table>"
        ));
        let blocks = html_blocks(&doc);
        assert_eq!(blocks.len(), 3, "{:?}", texts(&blocks));
        assert_eq!(blocks[1].text, "Biaya");
    }

    #[test]
    fn text_lines_are_blocks_and_lone_numbers_join_the_next_line() {
        let blocks = text_blocks([
            (
                Some(1),
                "NO KOMPONEN URAIAN\n1.\nPersyaratan\n1. Surat Pengantar Desa",
            ),
            (Some(2), "Biaya / Tarif | Gratis\n"),
        ]);
        assert_eq!(
            texts(&blocks),
            [
                "NO KOMPONEN URAIAN",
                "1. Persyaratan",
                "1. Surat Pengantar Desa",
                "Biaya / Tarif | Gratis"
            ]
        );
        assert_eq!(blocks[3].page, Some(2));
        assert_eq!(blocks[3].cells, ["Biaya / Tarif", "Gratis"]);
    }
}

//! A minimal page-drawing layer over `pdf-writer`: A4/A3 pages, the two standard Helvetica
//! fonts in WinAnsiEncoding, text, rectangles, lines and QR codes, with coordinates measured
//! from the top-left corner in points. Content streams are Flate-compressed.

use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use crate::qr::QrMatrix;
use crate::text::{Font, Measure, encode_winansi};

/// A4 width in points (210 mm).
pub(crate) const A4_W: f32 = 595.276;
/// A4 height in points (297 mm).
pub(crate) const A4_H: f32 = 841.89;
/// Points per millimetre.
pub(crate) const MM: f32 = 72.0 / 25.4;

/// An RGB colour with components in 0..=1.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rgb(pub(crate) f32, pub(crate) f32, pub(crate) f32);

/// Body text: near-black.
pub(crate) const INK: Rgb = Rgb(0.11, 0.11, 0.10);
/// Accent: Danish flag red.
pub(crate) const RED: Rgb = Rgb(0.78, 0.06, 0.18);
/// Labels and secondary text.
pub(crate) const GREY: Rgb = Rgb(0.42, 0.42, 0.40);
/// Rules and cut guides.
pub(crate) const LIGHT: Rgb = Rgb(0.80, 0.80, 0.78);

/// One page being drawn. Layout coordinates run from the top-left corner, in points of the
/// layout size; the page can be printed larger by a uniform scale (A4 layout on A3 paper).
pub(crate) struct Page {
    /// Layout width.
    pub(crate) width: f32,
    /// Layout height.
    pub(crate) height: f32,
    scale: f32,
    content: Content,
}

impl Page {
    /// A page whose paper is `scale` times the layout size.
    pub(crate) fn new(width: f32, height: f32, scale: f32) -> Self {
        let mut content = Content::new();
        if scale != 1.0 {
            content.transform([scale, 0.0, 0.0, scale, 0.0, 0.0]);
        }
        Self { width, height, scale, content }
    }

    /// An A4 page.
    pub(crate) fn a4() -> Self {
        Self::new(A4_W, A4_H, 1.0)
    }

    /// Draws one line of cleaned text with its baseline at `y` from the top, starting at `x`.
    pub(crate) fn text(&mut self, x: f32, y: f32, font: Font, size: f32, color: Rgb, s: &str) {
        if s.is_empty() {
            return;
        }
        let bytes = encode_winansi(s);
        self.content
            .begin_text()
            .set_fill_rgb(color.0, color.1, color.2)
            .set_font(font_name(font), size)
            .next_line(x, self.height - y)
            .show(Str(&bytes))
            .end_text();
    }

    /// Draws one line centred on `cx`.
    pub(crate) fn text_centered(&mut self, cx: f32, y: f32, font: Font, size: f32, color: Rgb, s: &str) {
        let w = font.at(size).width(s);
        self.text(cx - w / 2.0, y, font, size, color, s);
    }

    /// Draws lines top-down: the first baseline at `y`, then every `leading` points; returns
    /// the baseline after the last line.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn lines(
        &mut self,
        x: f32,
        y: f32,
        leading: f32,
        font: Font,
        size: f32,
        color: Rgb,
        lines: &[String],
        centered_in: Option<f32>,
    ) -> f32 {
        let mut y = y;
        for line in lines {
            match centered_in {
                Some(w) => self.text_centered(x + w / 2.0, y, font, size, color, line),
                None => self.text(x, y, font, size, color, line),
            }
            y += leading;
        }
        y
    }

    /// Fills a rectangle whose top-left corner is at (`x`, `y`).
    pub(crate) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        self.content.set_fill_rgb(color.0, color.1, color.2).rect(x, self.height - y - h, w, h).fill_nonzero();
    }

    /// Strokes a straight line, optionally dashed (`dash` = on/off length).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, color: Rgb, dash: Option<f32>) {
        self.content.save_state();
        if let Some(d) = dash {
            self.content.set_dash_pattern([d, d], 0.0);
        }
        self.content
            .set_line_width(width)
            .set_stroke_rgb(color.0, color.1, color.2)
            .move_to(x1, self.height - y1)
            .line_to(x2, self.height - y2)
            .stroke()
            .restore_state();
    }

    /// Draws a QR code filling the square at (`x`, `y`) of side `size` (no quiet zone: keep
    /// about four modules of white around it). Returns false if the data cannot be encoded,
    /// in which case nothing is drawn.
    pub(crate) fn qr(&mut self, x: f32, y: f32, size: f32, data: &str) -> bool {
        match QrMatrix::new(data) {
            Some(qr) => {
                self.qr_matrix(x, y, size, &qr);
                true
            }
            None => false,
        }
    }

    /// Draws an already encoded QR code, like [`Page::qr`].
    pub(crate) fn qr_matrix(&mut self, x: f32, y: f32, size: f32, qr: &QrMatrix) {
        let module = size / qr.width as f32;
        // Each row's runs reach slightly into the next row, so that renderers which snap every
        // rectangle to the pixel grid leave no hairline gaps between rows (the last row is not
        // extended, so the code stays exactly `size` high).
        let overlap = module * 0.05;
        self.content.set_fill_rgb(0.0, 0.0, 0.0);
        for (row, col, len) in qr.runs() {
            let top = y + row as f32 * module;
            let h = if row + 1 < qr.width { module + overlap } else { module };
            self.content.rect(x + col as f32 * module, self.height - top - h, len as f32 * module, h);
        }
        self.content.fill_nonzero();
    }
}

fn font_name(font: Font) -> Name<'static> {
    match font {
        Font::Regular => Name(b"F1"),
        Font::Bold => Name(b"F2"),
    }
}

/// Assembles pages into a PDF 1.7 file with document information.
pub(crate) fn finish(pages: Vec<Page>, title: &str, subject: &str) -> Vec<u8> {
    let catalog_id = Ref::new(1);
    let tree_id = Ref::new(2);
    let info_id = Ref::new(3);
    let font_ids = [(Font::Regular, Ref::new(4)), (Font::Bold, Ref::new(5))];
    let first_page = 6;
    let page_ids: Vec<Ref> = (0..pages.len() as i32).map(|i| Ref::new(first_page + 2 * i)).collect();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog_id).pages(tree_id).lang(TextStr("da"));
    pdf.pages(tree_id).kids(page_ids.iter().copied()).count(pages.len() as i32);
    {
        let mut info = pdf.document_info(info_id);
        info.title(TextStr(title));
        info.subject(TextStr(subject));
        info.creator(TextStr("Danmark spiser sammen"));
        info.producer(TextStr("rygrad-print"));
        info.finish();
    }
    for (font, id) in font_ids {
        pdf.type1_font(id)
            .base_font(Name(font.base_name()))
            .encoding_predefined(Name(b"WinAnsiEncoding"))
            .first_char(32)
            .last_char(255)
            .widths(font.widths().iter().map(|&w| f32::from(w)));
    }

    let mut fingerprint = Fnv::new();
    fingerprint.write(title.as_bytes());
    fingerprint.write(subject.as_bytes());
    for (page, &page_id) in pages.into_iter().zip(&page_ids) {
        let content_id = Ref::new(page_id.get() + 1);
        let raw = page.content.finish().into_vec();
        fingerprint.write(&raw);
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&raw, 6);
        let mut p = pdf.page(page_id);
        p.parent(tree_id)
            .media_box(Rect::new(0.0, 0.0, page.width * page.scale, page.height * page.scale))
            .contents(content_id);
        let mut resources = p.resources();
        let mut fonts = resources.fonts();
        for (font, id) in font_ids {
            fonts.pair(font_name(font), id);
        }
        fonts.finish();
        resources.finish();
        p.finish();
        pdf.stream(content_id, &compressed).filter(Filter::FlateDecode);
    }
    // Deterministic file identifier derived from the content (same input, same bytes).
    let id = fingerprint.bytes();
    pdf.set_file_id((id.clone(), id));
    pdf.finish()
}

/// 64-bit FNV-1a, doubled into a 16-byte file identifier.
struct Fnv(u64, u64);

impl Fnv {
    fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325, 0x8422_2325_cbf2_9ce4)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            self.1 = (self.1 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3 + 2);
        }
    }

    fn bytes(&self) -> Vec<u8> {
        let mut v = self.0.to_be_bytes().to_vec();
        v.extend_from_slice(&self.1.to_be_bytes());
        v
    }
}

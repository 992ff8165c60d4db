//! The 1200 × 630 PNG e-postcard, rasterised with `ab_glyph` from the embedded Liberation Sans
//! (metric-compatible with Helvetica, SIL OFL 1.1; see fonts/LICENSE) and encoded with `png`.

use ab_glyph::{Font as _, FontRef, PxScale, ScaleFont as _, point};

use crate::MealPrint;
use crate::qr::QrMatrix;
use crate::text::{Block, Measure, clean_line, clip_lines, fit, lines_in, stack};

pub(crate) static REGULAR_TTF: &[u8] = include_bytes!("../fonts/LiberationSans-Regular.ttf");
pub(crate) static BOLD_TTF: &[u8] = include_bytes!("../fonts/LiberationSans-Bold.ttf");

/// Postcard width in pixels (Open Graph share size).
pub(crate) const WIDTH: u32 = 1200;
/// Postcard height in pixels.
pub(crate) const HEIGHT: u32 = 630;

type Color = [u8; 3];
const PAPER: Color = [250, 246, 238];
const WHITE: Color = [255, 255, 255];
const RED: Color = [200, 16, 46];
const INK: Color = [28, 28, 26];
const GREY: Color = [96, 96, 92];

/// An RGB8 pixel buffer.
struct Canvas {
    w: u32,
    h: u32,
    px: Vec<u8>,
}

impl Canvas {
    fn new(w: u32, h: u32, bg: Color) -> Self {
        let px = bg.repeat((w * h) as usize);
        Self { w, h, px }
    }

    /// Fills a rectangle, clipped to the canvas.
    fn rect(&mut self, x: i64, y: i64, w: i64, h: i64, c: Color) {
        let (x0, y0) = (x.max(0), y.max(0));
        let (x1, y1) = ((x + w).min(i64::from(self.w)), (y + h).min(i64::from(self.h)));
        if x0 >= x1 || y0 >= y1 {
            return;
        }
        let row = c.repeat((x1 - x0) as usize);
        for yy in y0..y1 {
            let i = ((yy * i64::from(self.w) + x0) * 3) as usize;
            self.px[i..i + row.len()].copy_from_slice(&row);
        }
    }

    /// Blends colour `c` into one pixel with coverage `a` (0..=1); outside pixels are ignored.
    fn blend(&mut self, x: i64, y: i64, c: Color, a: f32) {
        if x < 0 || y < 0 || x >= i64::from(self.w) || y >= i64::from(self.h) {
            return;
        }
        let a = a.clamp(0.0, 1.0);
        let i = ((y * i64::from(self.w) + x) * 3) as usize;
        for (dst, &src) in self.px[i..i + 3].iter_mut().zip(&c) {
            let bg = f32::from(*dst);
            *dst = (bg + (f32::from(src) - bg) * a).round() as u8;
        }
    }

    /// Draws one line of cleaned text with its baseline at `y` (no kerning, like the measure).
    fn text(&mut self, font: &FontRef<'_>, size: f32, x: f32, y: f32, c: Color, s: &str) {
        let scaled = font.as_scaled(PxScale::from(size));
        let mut pen = x;
        for ch in s.chars() {
            let id = font.glyph_id(ch);
            let glyph = id.with_scale_and_position(PxScale::from(size), point(pen, y));
            pen += scaled.h_advance(id);
            if let Some(outline) = font.outline_glyph(glyph) {
                let b = outline.px_bounds();
                outline.draw(|gx, gy, cov| {
                    self.blend(b.min.x as i64 + i64::from(gx), b.min.y as i64 + i64::from(gy), c, cov)
                });
            }
        }
    }

    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 * 1024);
        let mut encoder = png::Encoder::new(&mut out, self.w, self.h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        // Writing into a Vec cannot fail for I/O reasons; the sizes are fixed and valid.
        let written = encoder
            .write_header()
            .and_then(|mut writer| writer.write_image_data(&self.px).and_then(|()| writer.finish()));
        debug_assert!(written.is_ok(), "PNG encoding failed: {written:?}");
        out
    }
}

/// A loaded font with the advances of U+0000..=U+00FF cached, since wrapping measures the same
/// characters many times.
struct Face<'a> {
    font: FontRef<'a>,
    advances: Vec<f32>,
}

impl<'a> Face<'a> {
    fn new(ttf: &'a [u8]) -> Option<Self> {
        let font = FontRef::try_from_slice(ttf).ok()?;
        let advances = (0u8..=255).map(|b| font.h_advance_unscaled(font.glyph_id(char::from(b)))).collect();
        Some(Self { font, advances })
    }

    /// The face at a pixel size.
    fn at(&self, size: f32) -> GlyphMeasure<'_> {
        let factor = self.font.as_scaled(PxScale::from(size)).h_scale_factor();
        GlyphMeasure { face: self, factor }
    }
}

/// A font at a pixel size, for wrapping; agrees with the advances used when drawing.
struct GlyphMeasure<'a> {
    face: &'a Face<'a>,
    factor: f32,
}

impl Measure for GlyphMeasure<'_> {
    fn char_width(&self, c: char) -> f32 {
        let unscaled = match self.face.advances.get(c as usize) {
            Some(&a) => a,
            None => self.face.font.h_advance_unscaled(self.face.font.glyph_id(c)),
        };
        unscaled * self.factor
    }
}

/// Renders the postcard.
pub(crate) fn postcard(meal: &MealPrint) -> Vec<u8> {
    let mut canvas = Canvas::new(WIDTH, HEIGHT, PAPER);
    canvas.rect(0, 0, 18, i64::from(HEIGHT), RED);

    // QR on a white panel on the right, with whole-pixel modules for a crisp scan.
    let panel = (780_i64, 110_i64, 360_i64);
    let qr = QrMatrix::new(&meal.meal_url);
    if let Some(qr) = &qr {
        canvas.rect(panel.0, panel.1, panel.2, panel.2, WHITE);
        let module = (320 / qr.width as i64).max(1);
        let side = module * qr.width as i64;
        let (qx, qy) = (panel.0 + (panel.2 - side) / 2, panel.1 + (panel.2 - side) / 2);
        for (row, col, len) in qr.runs() {
            canvas.rect(qx + col as i64 * module, qy + row as i64 * module, len as i64 * module, module, INK);
        }
    }

    // Text, if the embedded fonts load (they always should: they are part of the binary).
    let (Some(regular), Some(bold)) = (Face::new(REGULAR_TTF), Face::new(BOLD_TTF)) else {
        return canvas.encode();
    };
    let (x, width) = (72.0, if qr.is_some() { 650.0 } else { 1056.0 });
    canvas.text(&bold.font, 26.0, x, 92.0, RED, "DANMARK SPISER SAMMEN");

    // Title, when and place, centred vertically below the brand line; the title takes up to
    // 250 px, shrinking from 76 px to 36 px before it is cut.
    let title = clean_line(&meal.title);
    let t = fit(&title, |s| bold.at(s), 76.0, 36.0, width, |s| lines_in(250.0, s, 1.08));
    let when = clip_lines(&clean_line(&meal.when), &bold.at(34.0), width, 2);
    let place = clip_lines(&clean_line(&meal.place), &regular.at(30.0), width, 2);
    let rows = [
        (&bold, t.size, t.size * 1.08, INK, &t.lines, 0.0),
        (&bold, 34.0, 41.0, INK, &when, 30.0),
        (&regular, 30.0, 37.0, GREY, &place, 10.0),
    ];
    let blocks: Vec<Block> = rows
        .iter()
        .map(|&(_, size, leading, _, lines, gap_before)| Block { size, leading, lines: lines.len(), gap_before })
        .collect();
    let (region_top, region_bottom) = (124.0, 590.0);
    let (_, bottom) = stack(&blocks, 0.0);
    let top = region_top + ((region_bottom - region_top - bottom) / 2.0).max(0.0);
    let (baselines, _) = stack(&blocks, top);
    for ((font, size, leading, color, lines, _), mut y) in rows.into_iter().zip(baselines) {
        for line in lines {
            canvas.text(&font.font, size, x, y, color, line);
            y += leading;
        }
    }

    if qr.is_some() {
        let caption = "Scan og tilmeld dig";
        let m = bold.at(26.0);
        let cx = panel.0 as f32 + panel.2 as f32 / 2.0;
        canvas.text(&bold.font, 26.0, cx - m.width(caption) / 2.0, 516.0, INK, caption);
    }
    canvas.encode()
}

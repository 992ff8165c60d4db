//! SVG (the server-drawn charts) rasterised to PNG with `resvg`, text set in the embedded
//! Liberation Sans whatever family the SVG asks for, so the PNG looks the same on every server.

use resvg::{tiny_skia, usvg};
use std::sync::{Arc, OnceLock};

use crate::postcard::{BOLD_TTF, REGULAR_TTF};

/// Pixels per SVG user unit: a chart with a 640-wide viewBox becomes a 1280-pixel PNG, sharp
/// on high-density screens and in slides.
const SCALE: f32 = 2.0;
/// Refuses anything larger than this many pixels a side, so a huge viewBox cannot exhaust memory.
const MAX_SIDE: u32 = 8000;

#[derive(Debug, thiserror::Error)]
pub enum SvgPngError {
    #[error("the SVG could not be read: {0}")]
    Parse(#[from] usvg::Error),
    #[error("the image would be {0} × {1} pixels, which is empty or too large")]
    Size(u32, u32),
    #[error("the PNG could not be encoded: {0}")]
    Encode(String),
}

fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_font_data(REGULAR_TTF.to_vec());
            db.load_font_data(BOLD_TTF.to_vec());
            db.set_sans_serif_family("Liberation Sans");
            Arc::new(db)
        })
        .clone()
}

/// The SVG drawn at twice its size on white, as PNG.
pub fn svg_png(svg: &str) -> Result<Vec<u8>, SvgPngError> {
    let options = usvg::Options { fontdb: fonts(), font_family: "Liberation Sans".into(), ..Default::default() };
    let tree = usvg::Tree::from_str(svg, &options)?;
    let size = tree.size();
    let (w, h) = ((size.width() * SCALE).ceil() as u32, (size.height() * SCALE).ceil() as u32);
    if w > MAX_SIDE || h > MAX_SIDE {
        return Err(SvgPngError::Size(w, h));
    }
    let mut pixmap = tiny_skia::Pixmap::new(w, h).ok_or(SvgPngError::Size(w, h))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(SCALE, SCALE), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| SvgPngError::Encode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(png: &[u8]) -> (u32, u32, Vec<u8>) {
        let mut reader = png::Decoder::new(std::io::Cursor::new(png)).read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        (info.width, info.height, buf)
    }

    fn dark_pixels(rgba: &[u8]) -> usize {
        rgba.chunks(4).filter(|p| p[0] < 128 && p[1] < 128 && p[2] < 128).count()
    }

    #[test]
    fn an_svg_becomes_a_png_at_twice_its_size() {
        let png = svg_png(r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50"><rect x="10" y="10" width="20" height="20" fill="#000"/></svg>"##).unwrap();
        let (w, h, rgba) = decode(&png);
        assert_eq!((w, h), (200, 100));
        assert_eq!(dark_pixels(&rgba), 40 * 40);
    }

    #[test]
    fn text_is_drawn_with_the_embedded_font() {
        let text = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 40"><text x="5" y="30" font-family="Some Missing Font, sans-serif" font-size="24">Ærø 1.234,5</text></svg>"#;
        let (_, _, rgba) = decode(&svg_png(text).unwrap());
        assert!(dark_pixels(&rgba) > 500, "{} dark pixels", dark_pixels(&rgba));
    }

    #[test]
    fn a_broken_svg_is_an_error() {
        assert!(matches!(svg_png("<svg"), Err(SvgPngError::Parse(_))));
    }

    #[test]
    fn a_huge_svg_is_refused() {
        let huge = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100000 100000"/>"#;
        assert!(matches!(svg_png(huge), Err(SvgPngError::Size(..))));
    }
}

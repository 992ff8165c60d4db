//! QR code matrices for the PDF and PNG renderers.

use qrcode::{Color, EcLevel, QrCode};

use std::fmt::Write;

/// A QR code as a square grid of modules, without quiet zone.
pub(crate) struct QrMatrix {
    /// Modules per side.
    pub(crate) width: usize,
    /// Row-major, `true` for a dark module.
    pub(crate) dark: Vec<bool>,
}

impl QrMatrix {
    /// Encodes `data` at error-correction level M (15 % damage tolerated), falling back to L for
    /// long data. `None` if the data is empty or too long for any QR code (about 2,900 bytes).
    pub(crate) fn new(data: &str) -> Option<Self> {
        let data = data.trim();
        if data.is_empty() {
            return None;
        }
        let code = QrCode::with_error_correction_level(data, EcLevel::M)
            .or_else(|_| QrCode::with_error_correction_level(data, EcLevel::L))
            .ok()?;
        let width = code.width();
        let dark = code.to_colors().into_iter().map(|c| c == Color::Dark).collect();
        Some(Self { width, dark })
    }

    /// Horizontal runs of dark modules as `(row, first column, length)`, so that a renderer can
    /// draw one rectangle per run instead of one per module.
    pub(crate) fn runs(&self) -> Vec<(usize, usize, usize)> {
        let mut runs = Vec::new();
        for (y, row) in self.dark.chunks(self.width).enumerate() {
            let mut x = 0;
            while x < row.len() {
                if row[x] {
                    let start = x;
                    while x < row.len() && row[x] {
                        x += 1;
                    }
                    runs.push((y, start, x - start));
                } else {
                    x += 1;
                }
            }
        }
        runs
    }
}

/// `data` as a QR code in SVG, one unit per module with a quiet zone of four; none when the
/// data cannot be encoded.
pub(crate) fn svg(data: &str) -> Option<String> {
    let qr = QrMatrix::new(data)?;
    let side = qr.width + 8;
    let mut path = String::new();
    for (row, col, len) in qr.runs() {
        let _ = write!(path, "M{} {}h{len}v1h-{len}z", col + 4, row + 4);
    }
    Some(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" shape-rendering="crispEdges"><rect width="{side}" height="{side}" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_svg_draws_every_dark_run_inside_its_quiet_zone() {
        let svg = svg("https://rygrad.example/svar/ABC234").unwrap();
        let qr = QrMatrix::new("https://rygrad.example/svar/ABC234").unwrap();
        assert!(svg.starts_with("<svg") && svg.contains(&format!("viewBox=\"0 0 {0} {0}\"", qr.width + 8)));
        assert_eq!(svg.matches('z').count(), qr.runs().len());
        assert!(svg.contains("M4 4h7v1h-7z"), "the top-left finder pattern: {svg}");
        assert_eq!(super::svg("  "), None);
    }
}

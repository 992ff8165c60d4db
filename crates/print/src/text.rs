//! Text handling shared by the PDF and PNG renderers: cleaning user input down to the
//! WinAnsi repertoire, Helvetica metrics, greedy line wrapping and fitting text into a box.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// The horizontal ellipsis, used to mark text cut off to fit its box (WinAnsi 133).
pub(crate) const ELLIPSIS: char = '…';

/// Maps a character to its WinAnsiEncoding byte, if it has one.
///
/// Printable ASCII and U+00A0..U+00FF map to themselves; the 27 characters in 0x80..0x9F
/// (€, „, …, –, —, curly quotes, Š, Œ, ™ …) are listed explicitly.
pub(crate) fn winansi(c: char) -> Option<u8> {
    let code = c as u32;
    match code {
        0x20..=0x7E | 0xA0..=0xFF => Some(code as u8),
        _ => Some(match c {
            '€' => 0x80,
            '‚' => 0x82,
            'ƒ' => 0x83,
            '„' => 0x84,
            '…' => 0x85,
            '†' => 0x86,
            '‡' => 0x87,
            'ˆ' => 0x88,
            '‰' => 0x89,
            'Š' => 0x8A,
            '‹' => 0x8B,
            'Œ' => 0x8C,
            'Ž' => 0x8E,
            '\u{2018}' => 0x91,
            '\u{2019}' => 0x92,
            '\u{201C}' => 0x93,
            '\u{201D}' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            '˜' => 0x98,
            '™' => 0x99,
            'š' => 0x9A,
            '›' => 0x9B,
            'œ' => 0x9C,
            'ž' => 0x9E,
            'Ÿ' => 0x9F,
            _ => return None,
        }),
    }
}

/// Encodes text for a PDF string in a WinAnsi font; anything unencodable becomes `?`.
pub(crate) fn encode_winansi(s: &str) -> Vec<u8> {
    s.chars().map(|c| winansi(c).unwrap_or(b'?')).collect()
}

/// Typographic look-alikes outside WinAnsi that have a close WinAnsi equivalent.
fn lookalike(c: char) -> Option<char> {
    Some(match c {
        '\u{2010}' | '\u{2011}' | '\u{2043}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => '-',
        '\u{2012}' => '–',
        '\u{2015}' => '—',
        '\u{201B}' | '\u{2032}' | '\u{02BC}' => '\u{2019}',
        '\u{201F}' | '\u{2033}' => '"',
        '\u{2024}' => '.',
        '\u{2044}' | '\u{2215}' => '/',
        '\u{2007}' | '\u{202F}' => '\u{00A0}',
        '\u{2000}'..='\u{200A}' | '\u{205F}' | '\u{3000}' => ' ',
        '\u{2219}' | '\u{22C5}' => '·',
        _ => return None,
    })
}

/// Invisible characters that are dropped: format controls (zero-width and bidi marks,
/// joiners, BOM), variation selectors, emoji tags and skin-tone modifiers, the soft hyphen.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'
        | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0000}'..='\u{E0FFF}')
}

fn regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

/// Cleans user text for rendering, keeping line breaks as `\n`.
///
/// The text is NFC-normalised; control characters and invisible format characters are
/// dropped; tabs become spaces; typographic look-alikes are mapped (U+2011 → `-`, thin spaces
/// → space …); a letter with a diacritic that WinAnsi lacks falls back to its base letter
/// (ř → r, ą → a); anything else (emoji, CJK, Hebrew, Arabic, Cyrillic …) becomes one `?` per
/// character, where emoji sequences joined by ZWJ and flag pairs count as one character.
/// The result contains only WinAnsi-encodable characters and `\n`.
pub(crate) fn clean_multiline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // True while the last thing written was a `?` that may still absorb joined parts.
    let mut in_replaced = false;
    let mut swallow_next = false;
    let mut chars = s.nfc().peekable();
    while let Some(c) = chars.next() {
        if swallow_next {
            swallow_next = false;
            if winansi(c).is_none() && !c.is_whitespace() {
                continue;
            }
        }
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
                in_replaced = false;
                continue;
            }
            '\n' | '\u{0085}' | '\u{2028}' | '\u{2029}' | '\u{000B}' | '\u{000C}' => {
                out.push('\n');
                in_replaced = false;
                continue;
            }
            '\t' => {
                out.push(' ');
                in_replaced = false;
                continue;
            }
            '\u{200D}' => {
                // Zero-width joiner: in an emoji sequence the next character joins the `?`.
                swallow_next = in_replaced;
                continue;
            }
            _ => {}
        }
        if c.is_control() || invisible(c) || is_combining_mark(c) {
            continue;
        }
        if winansi(c).is_some() {
            out.push(c);
            in_replaced = false;
        } else if let Some(r) = lookalike(c) {
            out.push(r);
            in_replaced = false;
        } else if let Some(base) = base_letter(c) {
            out.push(base);
            in_replaced = false;
        } else if regional_indicator(c) {
            // A flag is a pair of regional indicators: one `?` for the pair.
            if let Some(&next) = chars.peek()
                && regional_indicator(next)
            {
                chars.next();
            }
            out.push('?');
            in_replaced = true;
        } else {
            out.push('?');
            in_replaced = true;
        }
    }
    out
}

/// The WinAnsi base letter of a precomposed letter that WinAnsi lacks (ř → r), if any.
fn base_letter(c: char) -> Option<char> {
    let mut first = None;
    let mut count = 0;
    decompose_canonical(c, |d| {
        if first.is_none() {
            first = Some(d);
        }
        count += 1;
    });
    match first {
        Some(b) if count > 1 && b.is_alphabetic() && winansi(b).is_some() => Some(b),
        _ => None,
    }
}

/// Cleans a one-line field: like [`clean_multiline`], then line breaks become spaces,
/// runs of spaces collapse to one and the ends are trimmed.
pub(crate) fn clean_line(s: &str) -> String {
    collapse_spaces(&clean_multiline(s).replace('\n', " "))
}

fn collapse_spaces(s: &str) -> String {
    s.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Splits cleaned multi-line text into paragraphs at blank lines. Inside a paragraph a line
/// break is kept (as `\n`) only before a line that starts a list item (`- `, `* `, `• `, `1. `);
/// other line breaks become spaces, so hard-wrapped pasted text flows again.
pub(crate) fn paragraphs(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let flush = |current: &mut Vec<String>, out: &mut Vec<String>| {
        if !current.is_empty() {
            out.push(current.join("\n"));
            current.clear();
        }
    };
    for raw in s.split('\n') {
        let line = collapse_spaces(raw);
        if line.is_empty() {
            flush(&mut current, &mut out);
        } else if current.is_empty() || is_list_item(&line) {
            current.push(line);
        } else if let Some(last) = current.last_mut() {
            last.push(' ');
            last.push_str(&line);
        }
    }
    flush(&mut current, &mut out);
    out
}

/// True for a line that starts a list item: `- `, `* `, `• ` or `12. `.
pub(crate) fn is_list_item(line: &str) -> bool {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("• ") {
        return true;
    }
    let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
    (1..=3).contains(&digits) && line[digits..].starts_with(". ")
}

/// The two standard PDF fonts used (never embedded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Font {
    /// Helvetica.
    Regular,
    /// Helvetica-Bold.
    Bold,
}

impl Font {
    /// The PostScript name of the standard font.
    pub(crate) fn base_name(self) -> &'static [u8] {
        match self {
            Font::Regular => b"Helvetica",
            Font::Bold => b"Helvetica-Bold",
        }
    }

    /// The AFM width table for WinAnsi codes 32..=255.
    pub(crate) fn widths(self) -> &'static [u16; 224] {
        match self {
            Font::Regular => &HELVETICA,
            Font::Bold => &HELVETICA_BOLD,
        }
    }

    /// Advance width of `c` in 1/1000 em (unencodable characters measure as `?`).
    pub(crate) fn units(self, c: char) -> u16 {
        let code = winansi(c).unwrap_or(b'?');
        if code < 32 {
            return self.widths()[(b'?' - 32) as usize];
        }
        self.widths()[(code - 32) as usize]
    }

    /// A measure for this font at `size` points.
    pub(crate) fn at(self, size: f32) -> PdfMeasure {
        PdfMeasure { font: self, size }
    }
}

/// Measures text set in a font, for wrapping.
pub(crate) trait Measure {
    /// Advance width of one character.
    fn char_width(&self, c: char) -> f32;

    /// Width of a run of text (no kerning).
    fn width(&self, s: &str) -> f32 {
        s.chars().map(|c| self.char_width(c)).sum()
    }
}

/// A standard PDF font at a size in points.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PdfMeasure {
    pub(crate) font: Font,
    pub(crate) size: f32,
}

impl Measure for PdfMeasure {
    fn char_width(&self, c: char) -> f32 {
        f32::from(self.font.units(c)) * self.size / 1000.0
    }

    fn width(&self, s: &str) -> f32 {
        // Sum whole units first so the result does not depend on how the text was built up.
        let units: u32 = s.chars().map(|c| u32::from(self.font.units(c))).sum();
        units as f32 * self.size / 1000.0
    }
}

/// Greedy word wrap of cleaned text into lines no wider than `max_width`.
///
/// Breaks at spaces (a no-break space U+00A0 does not break) and at `\n`. A word wider than the
/// box is split, after a `/`, `-` or `.` in its second half where there is one, otherwise
/// between characters. Every line measures ≤ `max_width`, unless the box is narrower than a
/// single character, which then stands alone on its line.
pub(crate) fn wrap(text: &str, m: &impl Measure, max_width: f32) -> Vec<String> {
    wrap_limited(text, m, max_width, usize::MAX)
}

/// Like [`wrap`], but stops once `limit` lines are complete and one more has begun, so
/// huge input costs little when only a few lines can be shown. The result then has
/// `limit + 1` lines, the last one incomplete.
pub(crate) fn wrap_limited(text: &str, m: &impl Measure, max_width: f32, limit: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for hard in text.split('\n') {
        let mut line = String::new();
        for word in hard.split(' ').filter(|w| !w.is_empty()) {
            if lines.len() > limit {
                return lines;
            }
            if !line.is_empty() {
                let keep = line.len();
                line.push(' ');
                line.push_str(word);
                if m.width(&line) <= max_width {
                    continue;
                }
                line.truncate(keep);
                lines.push(std::mem::take(&mut line));
            }
            if m.width(word) <= max_width {
                line.push_str(word);
            } else {
                line = split_long_word(word, m, max_width, &mut lines, limit);
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    lines
}

/// Splits a word wider than the box into full lines pushed onto `lines`; returns the rest.
fn split_long_word(word: &str, m: &impl Measure, max_width: f32, lines: &mut Vec<String>, limit: usize) -> String {
    let mut piece = String::new();
    for c in word.chars() {
        piece.push(c);
        // Invariant: `piece` fitted (or was one character) before `c` was added.
        while piece.chars().nth(1).is_some() && m.width(&piece) > max_width {
            if lines.len() > limit {
                return piece;
            }
            let Some(last) = piece.pop() else { break };
            // Prefer a break after a URL or compound separator in the second half.
            let half = piece.len() / 2;
            let cut = piece
                .char_indices()
                .filter(|&(i, ch)| i >= half && matches!(ch, '/' | '-' | '.'))
                .map(|(i, ch)| i + ch.len_utf8())
                .next_back()
                .filter(|&end| end < piece.len());
            let rest = match cut {
                Some(end) => piece.split_off(end),
                None => String::new(),
            };
            lines.push(std::mem::replace(&mut piece, rest));
            piece.push(last);
        }
    }
    piece
}

/// Shortens `line` so that it plus a trailing ellipsis fits `max_width`, and appends the ellipsis.
pub(crate) fn with_ellipsis(line: &str, m: &impl Measure, max_width: f32) -> String {
    let mut s = line.trim_end().to_string();
    loop {
        let candidate = format!("{s}{ELLIPSIS}");
        if s.is_empty() || m.width(&candidate) <= max_width {
            return candidate;
        }
        s.pop();
        s.truncate(s.trim_end().len());
    }
}

/// Text wrapped at a chosen size.
#[derive(Clone, Debug)]
pub(crate) struct Fitted {
    /// Font size chosen.
    pub(crate) size: f32,
    /// Lines, each no wider than the box.
    pub(crate) lines: Vec<String>,
}

/// Wraps `text` at the largest size from `max_size` down to `min_size` (in steps of about 5 %)
/// at which it takes at most `max_lines(size)` lines. If it does not fit even at `min_size`, the
/// lines allowed there are kept and the last one ends in an ellipsis.
pub(crate) fn fit<M: Measure>(
    text: &str,
    measure_at: impl Fn(f32) -> M,
    max_size: f32,
    min_size: f32,
    max_width: f32,
    max_lines: impl Fn(f32) -> usize,
) -> Fitted {
    let mut size = max_size;
    loop {
        let m = measure_at(size);
        let allowed = max_lines(size).max(1);
        let mut lines = wrap_limited(text, &m, max_width, allowed);
        if lines.len() <= allowed {
            return Fitted { size, lines };
        }
        let next = (size * 0.95).max(min_size);
        if size <= min_size || next >= size {
            lines.truncate(allowed);
            if let Some(last) = lines.last_mut() {
                *last = with_ellipsis(last, &m, max_width);
            }
            return Fitted { size, lines };
        }
        size = next;
    }
}

/// How many lines of `size` fit in `max_height` when lines are `size × leading` apart
/// (counting the first line as `size` high); at least one.
pub(crate) fn lines_in(max_height: f32, size: f32, leading: f32) -> usize {
    if max_height <= size { 1 } else { 1 + ((max_height - size) / (size * leading)).floor() as usize }
}

/// Vertical metrics of one block of lines, for stacking blocks top-down.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Block {
    /// Font size.
    pub(crate) size: f32,
    /// Distance between baselines.
    pub(crate) leading: f32,
    /// Number of lines (a block without lines takes no room, gap included).
    pub(crate) lines: usize,
    /// Space above the block (ignored for the first block with lines).
    pub(crate) gap_before: f32,
}

/// Ascent used for layout, as a fraction of the size: Helvetica's cap height is 0.718 em; the
/// extra room keeps the ring of Å clear of what is above.
const ASCENT: f32 = 0.78;
/// Helvetica's descender, 0.207 em.
const DESCENT: f32 = 0.21;

/// Stacks blocks from `top`: returns the first baseline of each block and the bottom of the
/// stack (the last block's descender).
pub(crate) fn stack(blocks: &[Block], top: f32) -> (Vec<f32>, f32) {
    let mut y = top;
    let mut started = false;
    let mut baselines = Vec::with_capacity(blocks.len());
    for b in blocks {
        if b.lines == 0 {
            baselines.push(y);
            continue;
        }
        if started {
            y += b.gap_before;
        }
        started = true;
        let first = y + ASCENT * b.size;
        baselines.push(first);
        y = first + (b.lines - 1) as f32 * b.leading + DESCENT * b.size;
    }
    (baselines, y)
}

/// Wraps at a fixed size and keeps at most `max_lines` lines, ending in an ellipsis if cut.
pub(crate) fn clip_lines(text: &str, m: &impl Measure, max_width: f32, max_lines: usize) -> Vec<String> {
    if max_lines == 0 {
        return Vec::new();
    }
    let mut lines = wrap_limited(text, m, max_width, max_lines);
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            *last = with_ellipsis(last, m, max_width);
        }
    }
    lines
}

/// Advance widths (1/1000 em) of Helvetica for WinAnsi codes 32..=255
/// (index = code - 32; 0 = code undefined in WinAnsi).
const HELVETICA: [u16; 224] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // 32..=47
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 48..=63
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // 64..=79
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // 80..=95
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // 96..=111
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 0, // 112..=127
    556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, // 128..=143
    0, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667, // 144..=159
    278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 160..=175
    400, 584, 333, 333, 333, 578, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 176..=191
    667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 192..=207
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 208..=223
    556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278, // 224..=239
    556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500, // 240..=255
];

/// Advance widths (1/1000 em) of Helvetica-Bold for WinAnsi codes 32..=255
/// (index = code - 32; 0 = code undefined in WinAnsi).
const HELVETICA_BOLD: [u16; 224] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // 32..=47
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, // 48..=63
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, // 64..=79
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, // 80..=95
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, // 96..=111
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 0, // 112..=127
    556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, // 128..=143
    0, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667, // 144..=159
    278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 160..=175
    400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 176..=191
    722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 192..=207
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 208..=223
    556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278, // 224..=239
    611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556, // 240..=255
];

#[cfg(test)]
mod tests {
    use super::*;

    const BOX: f32 = 481.9;

    fn assert_fits(lines: &[String], m: &impl Measure, width: f32) {
        for line in lines {
            let w = m.width(line);
            assert!(w <= width, "line {line:?} is {w} wide, box {width}");
        }
    }

    #[test]
    fn winansi_covers_danish_and_typography() {
        for (c, b) in [('æ', 0xE6), ('ø', 0xF8), ('å', 0xE5), ('Æ', 0xC6), ('Ø', 0xD8), ('Å', 0xC5)] {
            assert_eq!(winansi(c), Some(b));
        }
        for (c, b) in [('é', 0xE9), ('ü', 0xFC), ('€', 0x80), ('–', 0x96), ('…', 0x85), ('”', 0x94)] {
            assert_eq!(winansi(c), Some(b));
        }
        assert_eq!(winansi('ř'), None);
        assert_eq!(winansi('\u{1F600}'), None);
        assert_eq!(encode_winansi("Blåbær – 5 €"), b"Bl\xe5b\xe6r \x96 5 \x80");
    }

    #[test]
    fn afm_widths() {
        assert_eq!(Font::Regular.units('A'), 667);
        assert_eq!(Font::Bold.units('A'), 722);
        assert_eq!(Font::Regular.units(' '), 278);
        assert_eq!(Font::Regular.units('æ'), 889);
        assert_eq!(Font::Regular.units('ø'), 611);
        assert_eq!(Font::Bold.units('Ø'), 778);
        assert_eq!(Font::Regular.units('–'), 556);
        // Unencodable characters are printed, and measured, as '?'.
        assert_eq!(Font::Regular.units('\u{1F600}'), Font::Regular.units('?'));
        for font in [Font::Regular, Font::Bold] {
            for code in 32u32..=255 {
                let c = match code {
                    0x80..=0x9F => continue,
                    _ => char::from_u32(code).unwrap(),
                };
                assert!(font.units(c) > 0, "{font:?} {code}");
            }
        }
    }

    /// The embedded PDF font widths agree with Liberation Sans, which has Helvetica's metrics,
    /// except for a few symbols where Arial's (and so Liberation's) design differs.
    #[test]
    fn afm_widths_match_liberation_sans() {
        use ab_glyph::{Font as _, FontRef};
        let fonts = [
            (Font::Regular, &include_bytes!("../fonts/LiberationSans-Regular.ttf")[..]),
            (Font::Bold, &include_bytes!("../fonts/LiberationSans-Bold.ttf")[..]),
        ];
        let mut report = Vec::new();
        for (font, ttf) in fonts {
            let ttf = FontRef::try_from_slice(ttf).unwrap();
            let upem = ttf.units_per_em().unwrap();
            let mut differ = Vec::new();
            for code in (32u8..=126).chain(160..=255) {
                let c = char::from(code);
                let liberation = ttf.h_advance_unscaled(ttf.glyph_id(c)) * 1000.0 / upem;
                if (liberation - f32::from(font.units(c))).abs() > 1.0 {
                    differ.push(c);
                }
            }
            report.push((font, differ.into_iter().collect::<String>()));
        }
        let symbols = "¯±µ·÷".to_string();
        assert_eq!(report, [(Font::Regular, symbols.clone()), (Font::Bold, symbols)]);
    }

    #[test]
    fn cleaning() {
        assert_eq!(clean_line("  Suppe\tog\n\n brød\r\n"), "Suppe og brød");
        assert_eq!(clean_line("a\u{0}b\u{7}c\u{1b}[31md\u{7f}"), "abc[31md");
        // NFD input from macOS composes; letters WinAnsi lacks keep their base letter.
        assert_eq!(clean_line("Ga\u{30a}rd"), "Gård");
        assert_eq!(clean_line("Dvořák, Łódź, Kraków"), "Dvorák, ?ódz, Kraków");
        // Emoji: one '?' per emoji, including ZWJ sequences, skin tones and flags.
        assert_eq!(clean_line("Mad 🍲!"), "Mad ?!");
        assert_eq!(clean_line("👨‍👩‍👧 og 👍🏽 og 🇩🇰 og ❤️"), "? og ? og ? og ?");
        // Right-to-left text and bidi controls.
        assert_eq!(clean_line("\u{202E}abc\u{202C} שלום"), "abc ????");
        assert_eq!(clean_line("a\u{200B}b\u{FEFF}c\u{AD}d"), "abcd");
        assert_eq!(clean_line("1\u{2212}2 \u{2011} 3\u{202F}kr"), "1-2 - 3\u{A0}kr");
        assert_eq!(clean_multiline("a\r\nb\rc\u{2028}d"), "a\nb\nc\nd");
        for s in ["\u{301}", "\u{200D}\u{200D}x", "🇩", "\u{E0067}"] {
            let cleaned = clean_multiline(s);
            assert!(cleaned.chars().all(|c| c == '\n' || winansi(c).is_some()), "{s:?}");
        }
    }

    #[test]
    fn paragraphs_and_lists() {
        let text = "Første linje\nfortsætter her.\n\n\n- æbler\n- pærer\n1. en\n12. tolv\n\nSlut";
        assert_eq!(paragraphs(text), vec!["Første linje fortsætter her.", "- æbler\n- pærer\n1. en\n12. tolv", "Slut"]);
        assert!(!is_list_item("2027. Det var året"));
        assert!(!is_list_item("-ikke"));
    }

    #[test]
    fn long_titles_wrap_inside_the_box() {
        let title = "Stor fællesspisning for hele Østerbro med grønsagssuppe, hjemmebagt \
            surdejsbrød, æblekage og kaffe i gården bag Ærøgade – alle er velkomne, også børn";
        for size in [12.0, 18.0, 30.0, 64.0] {
            for font in [Font::Regular, Font::Bold] {
                let m = font.at(size);
                let lines = wrap(title, &m, BOX);
                assert!(lines.len() > 1);
                assert_fits(&lines, &m, BOX);
                let letters = |s: &str| s.replace(' ', "");
                assert_eq!(letters(&lines.concat()), letters(title), "no text lost");
            }
        }
        let f = fit(title, |s| Font::Bold.at(s), 64.0, 18.0, BOX, |_| 3);
        assert!(f.lines.len() <= 3 && f.size < 64.0 && f.size >= 18.0);
        assert_fits(&f.lines, &Font::Bold.at(f.size), BOX);
    }

    #[test]
    fn overlong_words_are_split() {
        let word = "å".repeat(10_000);
        let m = Font::Regular.at(11.0);
        let lines = wrap(&word, &m, 100.0);
        assert!(lines.len() > 100);
        assert_fits(&lines, &m, 100.0);
        assert_eq!(lines.concat(), word);

        let url = "https://danmarkspisersammen.dk/m/2027/en-meget-lang-adresse-til-et-maaltid/tilmeld";
        let lines = wrap(url, &m, 150.0);
        assert_fits(&lines, &m, 150.0);
        assert_eq!(lines.concat(), url);
        // Split after a separator where one is in the second half of the line.
        assert!(lines[1].ends_with('/') || lines[1].ends_with('-'), "{lines:?}");

        // A box narrower than one character still terminates, one character per line.
        let lines = wrap("WWW", &m, 1.0);
        assert_eq!(lines, vec!["W", "W", "W"]);
    }

    #[test]
    fn no_break_space_holds_words_together() {
        let m = Font::Regular.at(12.0);
        let text = "aaaa aaaa kl.\u{A0}18.00";
        let width = m.width("aaaa aaaa kl.");
        let lines = wrap(text, &m, width);
        assert_eq!(lines.last().map(String::as_str), Some("kl.\u{A0}18.00"));
    }

    #[test]
    fn fitting_cuts_with_an_ellipsis() {
        let text = "ord ".repeat(500);
        let f = fit(&text, |s| Font::Regular.at(s), 20.0, 10.0, 200.0, |_| 2);
        assert_eq!(f.size, 10.0);
        assert_eq!(f.lines.len(), 2);
        assert!(f.lines[1].ends_with(ELLIPSIS));
        assert_fits(&f.lines, &Font::Regular.at(10.0), 200.0);

        let lines = clip_lines(&"x".repeat(10_000), &Font::Bold.at(9.0), 50.0, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with(ELLIPSIS));
        assert_fits(&lines, &Font::Bold.at(9.0), 50.0);
        assert!(clip_lines("", &Font::Bold.at(9.0), 50.0, 3).is_empty());
    }

    #[test]
    fn stacking() {
        let blocks = [
            Block { size: 10.0, leading: 12.0, lines: 2, gap_before: 99.0 },
            Block { size: 20.0, leading: 24.0, lines: 0, gap_before: 50.0 },
            Block { size: 20.0, leading: 24.0, lines: 1, gap_before: 5.0 },
        ];
        let (baselines, bottom) = stack(&blocks, 100.0);
        assert_eq!(baselines[0], 100.0 + 7.8);
        let after_first = 107.8 + 12.0 + 2.1;
        assert!((baselines[2] - (after_first + 5.0 + 15.6)).abs() < 1e-3);
        assert!((bottom - (baselines[2] + 4.2)).abs() < 1e-3);
    }

    /// Random text from a mix of hostile pieces never breaks cleaning or wrapping.
    #[test]
    fn random_hostile_text() {
        let pieces = [
            "æ",
            "Ø",
            " ",
            "\n",
            "\n\n",
            "\t",
            "\u{0}",
            "\u{1b}",
            "\u{7f}",
            "\u{85}",
            "🍲",
            "\u{200D}",
            "\u{FE0F}",
            "🇩🇰",
            "שלום",
            "مرحبا",
            "\u{202E}",
            "\u{301}",
            "漢字",
            "(",
            ")",
            "\\",
            "%%EOF",
            "- ",
            "1. ",
            "\u{A0}",
            "\u{AD}",
            "\u{FFFD}",
            "\u{10FFFF}",
            "W",
            "ﬁ",
            "…",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..300 {
            let mut s = String::new();
            for _ in 0..(seed % 60) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let cleaned = clean_multiline(&s);
            assert!(cleaned.chars().all(|c| c == '\n' || winansi(c).is_some()), "{s:?}");
            let m = Font::Regular.at(11.0);
            for p in paragraphs(&cleaned) {
                let lines = wrap(&p, &m, 40.0);
                assert_fits(&lines, &m, 40.0);
            }
        }
    }
}

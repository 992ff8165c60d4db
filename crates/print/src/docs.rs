//! The PDF documents of the starter kit: invitation, poster, relay cards and host guide.

use crate::pdf::{A4_H, A4_W, GREY, INK, LIGHT, MM, Page, RED, finish};
use crate::qr::QrMatrix;
use crate::text::{
    Block, Fitted, Font, Measure, PdfMeasure, clean_line, clean_multiline, clip_lines, fit, is_list_item, lines_in,
    paragraphs, stack, with_ellipsis, wrap,
};
use crate::{MealPrint, Paper};

/// The invitation lays out at most this many characters of the description (it has room for
/// about 2,500).
const DESCRIPTION_CHARS: usize = 10_000;

/// The sentence printed on every relay card, naming the site the relay page is on.
pub(crate) fn baton_line(relay_url: &str) -> String {
    let site = relay_url.split_once("://").map_or(relay_url, |(_, rest)| rest);
    let site = site.split('/').next().unwrap_or(site);
    format!("Inviter en, du ikke plejer at spise med – og giv stafetten videre på {site}")
}

/// Wraps `text` in `font` at the largest size from `max_size` down to `min_size` at which it
/// fits in `max_height` with lines `size × leading` apart; cut with an ellipsis at `min_size`.
fn fit_height(
    text: &str,
    font: Font,
    (max_size, min_size): (f32, f32),
    width: f32,
    max_height: f32,
    leading: f32,
) -> Fitted {
    fit(text, |s| font.at(s), max_size, min_size, width, |s| lines_in(max_height, s, leading))
}

/// One laid-out line of body text: an optional list marker drawn at the left edge, and the
/// text drawn `indent` points in.
pub(crate) struct BodyLine {
    pub(crate) marker: Option<String>,
    pub(crate) indent: f32,
    pub(crate) text: String,
    /// True for the first line of a paragraph other than the first.
    pub(crate) new_paragraph: bool,
}

/// Lays out multi-paragraph user text: paragraphs split at blank lines, list items
/// (`- `, `* `, `• `, `1. `) with a bullet or number and a hanging indent, all wrapped to `width`.
pub(crate) fn body_lines(text: &str, m: PdfMeasure, width: f32) -> Vec<BodyLine> {
    let mut out = Vec::new();
    for (p, paragraph) in paragraphs(&clean_multiline(text)).iter().enumerate() {
        let mut first_in_paragraph = p > 0;
        for item in paragraph.split('\n') {
            let (marker, rest) = if is_list_item(item) {
                let (mark, rest) = item.split_once(' ').unwrap_or((item, ""));
                let mark = if mark.ends_with('.') { mark.to_string() } else { "•".to_string() };
                (Some(mark), rest.trim_start())
            } else {
                (None, item)
            };
            let indent = match &marker {
                Some(mark) => (m.width(mark) + m.char_width(' ') * 2.0).max(m.size * 1.3),
                None => 0.0,
            };
            let mut marker = marker;
            for line in wrap(rest, &m, width - indent) {
                out.push(BodyLine {
                    marker: marker.take(),
                    indent,
                    text: line,
                    new_paragraph: std::mem::take(&mut first_in_paragraph),
                });
            }
        }
    }
    out
}

fn draw_body_line(page: &mut Page, x: f32, y: f32, m: PdfMeasure, color: crate::pdf::Rgb, line: &BodyLine) {
    if let Some(mark) = &line.marker {
        page.text(x, y, m.font, m.size, color, mark);
    }
    page.text(x + line.indent, y, m.font, m.size, color, &line.text);
}

/// The A4 invitation.
pub(crate) fn invitation(meal: &MealPrint) -> Vec<u8> {
    let margin = 20.0 * MM;
    let width = A4_W - 2.0 * margin;
    let mut page = Page::a4();

    page.text(margin, 92.0, Font::Bold, 34.0, RED, "Du er inviteret");
    page.rect(margin, 108.0, 56.0, 4.0, RED);

    // Title: up to about four lines, shrinking from 30 pt to 18 pt before it is cut.
    let title = clean_line(&meal.title);
    let t = fit_height(&title, Font::Bold, (30.0, 18.0), width, 140.0, 1.15);
    let mut y = 134.0 + t.size * 0.75;
    for line in &t.lines {
        page.text(margin, y, Font::Bold, t.size, INK, line);
        y += t.size * 1.15;
    }
    y += 14.0 - t.size * 0.4;

    // When / where / host.
    let value = Font::Regular.at(15.0);
    for (label, text) in [("HVORNÅR", &meal.when), ("HVOR", &meal.place), ("VÆRT", &meal.host)] {
        let text = clean_line(text);
        if text.is_empty() {
            continue;
        }
        y += 10.0;
        page.text(margin, y, Font::Bold, 9.0, GREY, label);
        y += 19.0;
        let lines = clip_lines(&text, &value, width, 3);
        y = page.lines(margin, y, 19.0, Font::Regular, 15.0, INK, &lines, None) - 19.0;
        y += 12.0;
    }

    // Description, cut with an ellipsis where it would run into the QR section.
    let qr_section = A4_H - 215.0;
    let body = Font::Regular.at(12.0);
    let leading = 16.5;
    // Only the start of a long description can be shown: lay out no more than could fit.
    let description: String = clean_multiline(&meal.description).chars().take(DESCRIPTION_CHARS).collect();
    let lines = body_lines(&description, body, width);
    let limit = qr_section - 24.0;
    // Baselines of the lines that fit above the limit.
    let mut placed: Vec<(f32, &BodyLine)> = Vec::new();
    y += 22.0;
    for line in &lines {
        if line.new_paragraph {
            y += 7.0;
        }
        if y > limit {
            break;
        }
        placed.push((y, line));
        y += leading;
    }
    let cut = placed.len() < lines.len();
    let count = placed.len();
    for (i, (y, line)) in placed.into_iter().enumerate() {
        if cut && i + 1 == count {
            let shortened = BodyLine {
                text: with_ellipsis(&format!("{} ", line.text), &body, width - line.indent),
                marker: line.marker.clone(),
                indent: line.indent,
                new_paragraph: false,
            };
            draw_body_line(&mut page, margin, y, body, INK, &shortened);
        } else {
            draw_body_line(&mut page, margin, y, body, INK, line);
        }
    }

    // QR section.
    page.line(margin, qr_section, A4_W - margin, qr_section, 0.75, LIGHT, None);
    let qr_size = 125.0;
    let qr_top = qr_section + 20.0;
    let has_qr = page.qr(margin, qr_top, qr_size, &meal.meal_url);
    let (tx, tw) = if has_qr { (margin + qr_size + 24.0, width - qr_size - 24.0) } else { (margin, width) };
    let mut ty = qr_top + 26.0;
    page.text(tx, ty, Font::Bold, 16.0, INK, "Se måltidet og tilmeld dig");
    ty += 22.0;
    if has_qr {
        let hint = "Scan QR-koden med mobilens kamera, eller gå til:";
        let lines = wrap(hint, &Font::Regular.at(11.0), tw);
        ty = page.lines(tx, ty, 15.0, Font::Regular, 11.0, GREY, &lines, None);
    }
    let url = clean_line(&meal.meal_url);
    let lines = clip_lines(&url, &Font::Regular.at(10.0), tw, 4);
    page.lines(tx, ty + 2.0, 13.0, Font::Regular, 10.0, INK, &lines, None);

    // Footer.
    page.text_centered(A4_W / 2.0, A4_H - 30.0, Font::Bold, 11.0, RED, "Danmark spiser sammen");

    finish(vec![page], &format!("Invitation: {title}"), "Invitation")
}

/// The poster, laid out on A4 and scaled up uniformly for A3.
pub(crate) fn poster(meal: &MealPrint, paper: Paper) -> Vec<u8> {
    let scale = match paper {
        Paper::A4 => 1.0,
        Paper::A3 => 2f32.sqrt(),
    };
    let mut page = Page::new(A4_W, A4_H, scale);
    let margin = 48.0;
    let width = A4_W - 2.0 * margin;
    let cx = A4_W / 2.0;

    page.text_centered(cx, 64.0, Font::Bold, 13.0, RED, "DANMARK SPISER SAMMEN");
    page.rect(cx - 28.0, 76.0, 56.0, 3.0, RED);
    // The middle block (kicker, title, when, place, host) is centred between the header and
    // the QR code; the title takes up to 190 pt, shrinking from 64 pt to 26 pt before it is cut.
    let kicker = vec!["Kom og spis med".to_string()];
    let title = clean_line(&meal.title);
    let t = fit_height(&title, Font::Bold, (64.0, 26.0), width, 190.0, 1.08);
    let when = clip_lines(&clean_line(&meal.when), &Font::Bold.at(22.0), width, 2);
    let place = clip_lines(&clean_line(&meal.place), &Font::Regular.at(20.0), width, 2);
    let host = clean_line(&meal.host);
    let host = if host.is_empty() {
        Vec::new()
    } else {
        clip_lines(&format!("Vært: {host}"), &Font::Regular.at(14.0), width, 1)
    };
    let rows = [
        (Font::Bold, 22.0, 27.0, GREY, &kicker, 0.0),
        (Font::Bold, t.size, t.size * 1.08, INK, &t.lines, 14.0),
        (Font::Bold, 22.0, 27.0, INK, &when, 26.0),
        (Font::Regular, 20.0, 25.0, INK, &place, 8.0),
        (Font::Regular, 14.0, 18.0, GREY, &host, 14.0),
    ];
    let blocks: Vec<Block> = rows
        .iter()
        .map(|&(_, size, leading, _, lines, gap_before)| Block { size, leading, lines: lines.len(), gap_before })
        .collect();
    let qr_size = 180.0;
    let qr_top = A4_H - 96.0 - qr_size;
    let (region_top, region_bottom) = (100.0, qr_top - 30.0);
    let (_, bottom) = stack(&blocks, 0.0);
    let top = region_top + ((region_bottom - region_top - bottom) / 2.0).max(0.0);
    let (baselines, _) = stack(&blocks, top);
    for ((font, size, leading, color, lines, _), y) in rows.iter().zip(baselines) {
        page.lines(margin, y, *leading, *font, *size, *color, lines, Some(width));
    }

    if page.qr(cx - qr_size / 2.0, qr_top, qr_size, &meal.meal_url) {
        page.text_centered(cx, A4_H - 70.0, Font::Bold, 14.0, INK, "Scan koden og tilmeld dig");
        let url = clean_line(&meal.meal_url);
        let lines = clip_lines(&url, &Font::Regular.at(9.0), width, 1);
        page.lines(margin, A4_H - 54.0, 12.0, Font::Regular, 9.0, GREY, &lines, Some(width));
    }

    let subject = match paper {
        Paper::A4 => "Plakat A4",
        Paper::A3 => "Plakat A3",
    };
    finish(vec![page], &format!("Plakat: {title}"), subject)
}

/// Relay cards: eight 95 × 65 mm cards in a 2 × 4 grid on A4, with dashed cut guides and crop
/// marks outside the grid.
pub(crate) fn baton_cards(meal: &MealPrint) -> Vec<u8> {
    let (cw, ch) = (95.0 * MM, 65.0 * MM);
    let x0 = (A4_W - 2.0 * cw) / 2.0;
    let y0 = (A4_H - 4.0 * ch) / 2.0;
    let mut page = Page::a4();

    page.text_centered(
        A4_W / 2.0,
        y0 - 24.0,
        Font::Regular,
        8.0,
        GREY,
        "Madstafetten – klip kortene ud langs stregerne",
    );

    // Dashed guides on every cut line, and crop marks where the cut lines leave the grid.
    for i in 0..=2 {
        let x = x0 + i as f32 * cw;
        page.line(x, y0, x, y0 + 4.0 * ch, 0.4, LIGHT, Some(3.0));
        page.line(x, y0 - 4.0, x, y0 - 16.0, 0.5, INK, None);
        page.line(x, y0 + 4.0 * ch + 4.0, x, y0 + 4.0 * ch + 16.0, 0.5, INK, None);
    }
    for j in 0..=4 {
        let y = y0 + j as f32 * ch;
        page.line(x0, y, x0 + 2.0 * cw, y, 0.4, LIGHT, Some(3.0));
        page.line(x0 - 4.0, y, x0 - 16.0, y, 0.5, INK, None);
        page.line(x0 + 2.0 * cw + 4.0, y, x0 + 2.0 * cw + 16.0, y, 0.5, INK, None);
    }

    let pad = 5.0 * MM;
    let qr_size = 36.0 * MM;
    let code = clean_line(&meal.baton_code);
    let column = cw - 3.0 * pad - qr_size;
    let code_fit = fit(&code, |s| Font::Bold.at(s), 26.0, 9.0, column, |_| 1);
    let relay_qr = QrMatrix::new(&meal.relay_url);
    let sentence = clip_lines(&baton_line(&meal.relay_url), &Font::Regular.at(9.5), cw - 2.0 * pad, 3);

    for row in 0..4 {
        for col in 0..2 {
            let cx = x0 + col as f32 * cw;
            let cy = y0 + row as f32 * ch;
            page.text(cx + pad, cy + pad + 13.0, Font::Bold, 16.0, RED, "Madstafetten");
            page.text(cx + pad, cy + pad + 44.0, Font::Bold, 7.5, GREY, "STAFETKODE");
            page.lines(cx + pad, cy + pad + 72.0, 0.0, Font::Bold, code_fit.size, INK, &code_fit.lines, None);
            if let Some(qr) = &relay_qr {
                page.qr_matrix(cx + cw - pad - qr_size, cy + pad, qr_size, qr);
            }
            // The sentence sits at the bottom of the card.
            let first = cy + ch - pad - 3.0 - (sentence.len().saturating_sub(1)) as f32 * 12.5;
            page.lines(cx + pad, first, 12.5, Font::Regular, 9.5, INK, &sentence, None);
        }
    }

    finish(vec![page], &format!("Madstafetten: {code}"), "Stafetkort")
}

/// The multi-page A4 host guide.
pub(crate) fn host_guide(sections: &[(String, String)]) -> Vec<u8> {
    sectioned("DANMARK SPISER SAMMEN", "Værtsguide", "Værtsguide · Danmark spiser sammen", sections)
}

/// A multi-page A4 document: a kicker line and a title on the first page, then each
/// `(heading, body)` section in order, a running footer line on the following pages.
pub(crate) fn sectioned(kicker: &str, title: &str, running: &str, sections: &[(String, String)]) -> Vec<u8> {
    let margin = 20.0 * MM;
    let width = A4_W - 2.0 * margin;
    let top = 80.0;
    let bottom = A4_H - 64.0;
    let heading = Font::Bold.at(15.0);
    let heading_leading = 19.0;
    let body = Font::Regular.at(11.0);
    let leading = 15.5;

    let mut first = Page::a4();
    first.text(margin, 70.0, Font::Bold, 10.0, RED, &clean_line(kicker));
    first.text(margin, 104.0, Font::Bold, 28.0, INK, &clean_line(title));
    first.rect(margin, 118.0, 56.0, 4.0, RED);
    let mut pages = vec![first];
    let mut y = 156.0;

    let new_page = |pages: &mut Vec<Page>| {
        let mut p = Page::a4();
        p.text(margin, 46.0, Font::Regular, 8.0, GREY, &clean_line(running));
        p.line(margin, 54.0, A4_W - margin, 54.0, 0.5, LIGHT, None);
        pages.push(p);
    };

    for (s, (title, text)) in sections.iter().enumerate() {
        let title_lines = wrap(&clean_line(title), &heading, width);
        let lines = body_lines(text, body, width);
        if s > 0 {
            y += 14.0;
        }
        // Keep a heading with at least two lines of its body.
        let needed = title_lines.len() as f32 * heading_leading + 2.0 * leading;
        if y + needed > bottom && needed < bottom - top {
            new_page(&mut pages);
            y = top;
        }
        for line in &title_lines {
            if y > bottom {
                new_page(&mut pages);
                y = top;
            }
            if let Some(p) = pages.last_mut() {
                p.text(margin, y, Font::Bold, heading.size, INK, line);
            }
            y += heading_leading;
        }
        y += 2.0;
        for line in &lines {
            if line.new_paragraph {
                y += 7.0;
            }
            if y > bottom {
                new_page(&mut pages);
                y = top;
            }
            if let Some(p) = pages.last_mut() {
                draw_body_line(p, margin, y, body, INK, line);
            }
            y += leading;
        }
    }

    let total = pages.len();
    for (i, p) in pages.iter_mut().enumerate() {
        let label = format!("Side {} af {}", i + 1, total);
        p.text_centered(A4_W / 2.0, A4_H - 30.0, Font::Regular, 8.0, GREY, &label);
    }
    finish(pages, running, title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_fit_their_boxes() {
        let long = "Kæmpe fællesspisning for hele kvarteret med suppe, brød, salat, kage og kaffe i gården \
            bag Ærøgade og Østerbrogade – alle er velkomne, også børn, bedsteforældre og naboer"
            .repeat(3);
        for title in ["Suppe", "Fællesspisning i gården: suppe, brød og æblekage", &long] {
            // Invitation and poster title boxes.
            for (sizes, width, height, leading) in
                [((30.0, 18.0), A4_W - 40.0 * MM, 140.0, 1.15), ((64.0, 26.0), A4_W - 96.0, 190.0, 1.08)]
            {
                let f = fit_height(title, Font::Bold, sizes, width, height, leading);
                assert!(f.size <= sizes.0 && f.size >= sizes.1);
                let used = f.size + (f.lines.len() - 1) as f32 * f.size * leading;
                assert!(used <= height + 0.01, "{used} > {height}");
                for line in &f.lines {
                    assert!(Font::Bold.at(f.size).width(line) <= width, "{line:?}");
                }
            }
        }
    }

    #[test]
    fn body_lines_have_hanging_indents() {
        let m = Font::Regular.at(11.0);
        let text = "Intro.\n\n- et punkt der er så langt at det må brydes over flere linjer i en smal boks\n2. to";
        let lines = body_lines(text, m, 150.0);
        assert_eq!(lines[0].text, "Intro.");
        assert!(lines[1].new_paragraph);
        assert_eq!(lines[1].marker.as_deref(), Some("•"));
        assert!(lines[2].marker.is_none() && lines[2].indent == lines[1].indent && lines[1].indent > 0.0);
        let last = lines.last().unwrap();
        assert_eq!((last.marker.as_deref(), last.text.as_str()), (Some("2."), "to"));
        for l in &lines {
            assert!(m.width(&l.text) <= 150.0 - l.indent);
        }
    }
}

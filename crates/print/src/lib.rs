//! Print-ready "starter kit" for a meal in Danmark spiser sammen: an A4 invitation, an A4/A3
//! poster, a sheet of eight relay ("madstafet") cards, a multi-page host guide (all PDF 1.7)
//! and a 1200 × 630 PNG e-postcard for sharing; and the A4 posters survey groups answer by.
//!
//! The PDFs are written with `pdf-writer` using the standard Helvetica and Helvetica-Bold fonts
//! in WinAnsiEncoding (not embedded, so files stay small: a few KB). WinAnsi covers Danish
//! (æ ø å Æ Ø Å) and the rest of Western European text; other letters fall back to their base
//! letter (ř → r) and anything else prints as `?`. Lines are wrapped with the Helvetica AFM
//! widths. QR codes (`qrcode`) are drawn as filled rectangles. The postcard is rasterised from
//! the embedded Liberation Sans, which has Helvetica's metrics. SVG charts are rasterised to PNG
//! with `resvg`, their text set in the same Liberation Sans.
//!
//! Every function takes untrusted text and never panics: control characters are dropped,
//! over-long text shrinks and is then cut with an ellipsis, over-long words are split.

mod docs;
mod pdf;
mod postcard;
mod qr;
mod survey;
mod svg;
mod text;

pub use svg::{SvgPngError, svg_png};

/// What is printed about one meal. All text is UTF-8 as entered by the host.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MealPrint {
    /// The meal's title, e.g. "Suppe i gården".
    pub title: String,
    /// Date and time, already formatted in Danish, e.g. "25. april 2027 kl. 18.00–21.00".
    pub when: String,
    /// Where the meal is, e.g. "Fælleshuset, Nørregade 12, 8000 Aarhus C".
    pub place: String,
    /// The host's name as shown to guests.
    pub host: String,
    /// Free text from the host; paragraphs are separated by blank lines, and lines starting
    /// with `- `, `* `, `• ` or `1. ` are set as list items.
    pub description: String,
    /// The relay ("madstafet") code, e.g. "ABC-DEF".
    pub baton_code: String,
    /// The meal's public page; encoded in the QR code of the invitation, poster and postcard.
    pub meal_url: String,
    /// The relay page, e.g. `https://danmarkspisersammen.dk/stafet/ABCDEF`; encoded in the QR
    /// code of the relay cards.
    pub relay_url: String,
}

/// Paper size for the poster.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Paper {
    /// 210 × 297 mm.
    #[default]
    A4,
    /// 297 × 420 mm: the A4 layout scaled up by √2.
    A3,
}

/// An A4 invitation (one page): "Du er inviteret", the title, when, where and host, the
/// description (wrapped, cut with an ellipsis if it would run into the bottom section), a QR
/// code to `meal_url` with the URL in text, and the footer "Danmark spiser sammen".
pub fn invitation_pdf(meal: &MealPrint) -> Vec<u8> {
    docs::invitation(meal)
}

/// A poster (one page) on A4 or A3: the title as large as fits, when and where, the host, and
/// a large QR code to `meal_url`.
pub fn poster_pdf(meal: &MealPrint, paper: Paper) -> Vec<u8> {
    docs::poster(meal, paper)
}

/// An A4 sheet (one page) of eight 95 × 65 mm relay cards in a 2 × 4 grid, with dashed cut
/// lines and crop marks. Each card has "Madstafetten", the relay code in large type, a QR code
/// to `relay_url` and the line "Inviter en, du ikke plejer at spise med – og giv stafetten
/// videre på …" with the site of `relay_url` (e.g. danmarkspisersammen.dk).
pub fn baton_cards_pdf(meal: &MealPrint) -> Vec<u8> {
    docs::baton_cards(meal)
}

/// A 1200 × 630 PNG (the usual share-image size) with the title, when, place and a QR code to
/// `meal_url`.
pub fn postcard_png(meal: &MealPrint) -> Vec<u8> {
    postcard::postcard(meal)
}

/// A multi-page A4 host guide ("Værtsguide"): each `(heading, body)` section in order, with the
/// body split into paragraphs at blank lines, wrapped, and new pages as needed; a heading is
/// kept with the first lines of its body. Pages are numbered "Side 1 af N".
pub fn host_guide_pdf(sections: &[(String, String)]) -> Vec<u8> {
    docs::host_guide(sections)
}

/// A multi-page A4 list document (e.g. an activity catalogue): `kicker` (small, above) and
/// `title` on the first page, then each `(heading, body)` section as in the host guide, with
/// `running` as the header line of the following pages.
pub fn sections_pdf(kicker: &str, title: &str, running: &str, sections: &[(String, String)]) -> Vec<u8> {
    docs::sectioned(kicker, title, running, sections)
}

/// What the poster of a survey group shows. The words around the code come translated from
/// the caller; all of it is printed as given, cleaned.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SurveyPoster {
    /// Above the title, e.g. "Svar på spørgeskemaet".
    pub heading: String,
    pub survey_title: String,
    /// The group, e.g. "5.A".
    pub group_name: String,
    /// Above the code, e.g. "Jeres kode".
    pub code_label: String,
    /// The group's short code, printed large.
    pub code: String,
    /// The answering page, e.g. `https://rygrad.dk/svar/ABC234`: the QR code and the text.
    pub url: String,
    /// What to do, in numbered steps.
    pub steps: Vec<String>,
}

/// A4 posters, one page per group: the heading, the survey's title, the group, a large QR code
/// to the answering page, the code in large type, the page's address and the steps. `title` is
/// the document's title (in its information, so a reader's window shows it).
pub fn survey_posters_pdf(posters: &[SurveyPoster], title: &str) -> Vec<u8> {
    survey::survey_posters(posters, title)
}

/// `data` (an address) as a QR code in SVG, with its quiet zone, for a page to show; none when
/// it cannot be encoded.
pub fn qr_svg(data: &str) -> Option<String> {
    qr::svg(data)
}

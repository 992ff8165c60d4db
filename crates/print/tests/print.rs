//! Output checks for the starter kit: the PDFs are structurally valid PDF 1.7 with the expected
//! pages and text, the postcard is a decodable 1200 × 630 PNG, and hostile input never panics.

use std::time::Instant;

use rygrad_print::{MealPrint, Paper, baton_cards_pdf, host_guide_pdf, invitation_pdf, postcard_png, poster_pdf};

fn meal() -> MealPrint {
    MealPrint {
        title: "Fællesspisning i gården: suppe, brød og æblekage".into(),
        when: "25. april 2027 kl. 18.00–21.00".into(),
        place: "Gården bag Nørregade 12, 8000 Aarhus C".into(),
        host: "Søren Østergaard".into(),
        description: "Vi dækker langbord i gården.\n\nTag gerne med:\n- brød\n- en stol".into(),
        baton_code: "ABC-DEF".into(),
        meal_url: "https://danmarkspisersammen.dk/m/2027/aarhus-noerregade-12".into(),
        relay_url: "https://danmarkspisersammen.dk/stafet/ABCDEF".into(),
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn number_at(bytes: &[u8], at: usize) -> usize {
    let digits: String = bytes[at..].iter().take_while(|b| b.is_ascii_digit()).map(|&b| char::from(b)).collect();
    digits.parse().unwrap()
}

/// Checks the file structure and returns the number of pages: the header, `%%EOF`,
/// `startxref` pointing at the cross-reference table, every in-use xref entry pointing at its
/// `N 0 obj`, and the page tree's `/Count` equal to the number of `/Type /Page` objects.
fn check_pdf(pdf: &[u8]) -> usize {
    assert!(pdf.starts_with(b"%PDF-1.7\n"), "header");
    assert!(pdf.trim_ascii_end().ends_with(b"%%EOF"), "trailer marker");
    let sx = rfind(pdf, b"startxref\n").expect("startxref");
    let xref = number_at(pdf, sx + 10);
    assert!(pdf[xref..].starts_with(b"xref\n0 "), "startxref points at the xref table");
    let count = number_at(pdf, xref + 7);
    let mut at = find(pdf, b"\n", xref + 5).unwrap() + 1;
    for object in 0..count {
        let entry = &pdf[at..at + 20];
        if entry[17] == b'n' {
            let offset: usize = std::str::from_utf8(&entry[..10]).unwrap().parse().unwrap();
            let header = format!("{object} 0 obj");
            assert!(pdf[offset..].starts_with(header.as_bytes()), "xref entry {object}");
        }
        at += 20;
    }
    assert!(pdf[at..].starts_with(b"trailer\n"));

    let pages = {
        let mut n = 0;
        let mut from = 0;
        while let Some(p) = find(pdf, b"/Type /Page", from) {
            if pdf.get(p + 11) != Some(&b's') {
                n += 1;
            }
            from = p + 11;
        }
        n
    };
    let c = find(pdf, b"/Count ", 0).expect("page tree count");
    assert_eq!(number_at(pdf, c + 7), pages, "/Count matches the pages");
    pages
}

/// WinAnsi bytes back to text (Latin-1 plus the two specials the tests use).
fn winansi_decode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x96 => '–',
            0x85 => '…',
            0x95 => '•',
            _ => char::from(b),
        })
        .collect()
}

/// The strings shown on all pages, in order, from the Flate-compressed content streams.
fn pdf_strings(pdf: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = find(pdf, b">>\nstream\n", from) {
        let dict_start = rfind(&pdf[..p], b"obj\n").unwrap();
        let len_at = find(pdf, b"/Length ", dict_start).unwrap();
        let len = number_at(pdf, len_at + 8);
        let data = &pdf[p + 10..p + 10 + len];
        from = p + 10 + len;
        if find(&pdf[dict_start..p], b"/FlateDecode", 0).is_none() {
            continue;
        }
        let content = miniz_oxide::inflate::decompress_to_vec_zlib(data).expect("valid deflate");
        let mut i = 0;
        while i < content.len() {
            match content[i] {
                b'(' => {
                    let mut s = Vec::new();
                    let mut depth = 0;
                    i += 1;
                    while i < content.len() {
                        match content[i] {
                            b'\\' => {
                                i += 1;
                                let c = content[i];
                                if c.is_ascii_digit() {
                                    let oct = &content[i..i + 3];
                                    let v = u8::from_str_radix(std::str::from_utf8(oct).unwrap(), 8);
                                    s.push(v.unwrap());
                                    i += 2;
                                } else {
                                    s.push(match c {
                                        b'n' => b'\n',
                                        b'r' => b'\r',
                                        b't' => b'\t',
                                        other => other,
                                    });
                                }
                            }
                            b'(' => {
                                depth += 1;
                                s.push(b'(');
                            }
                            b')' if depth > 0 => {
                                depth -= 1;
                                s.push(b')');
                            }
                            b')' => break,
                            other => s.push(other),
                        }
                        i += 1;
                    }
                    out.push(winansi_decode(&s));
                }
                b'<' => {
                    let end = find(&content, b">", i).unwrap();
                    let hex = std::str::from_utf8(&content[i + 1..end]).unwrap();
                    let bytes: Vec<u8> =
                        (0..hex.len()).step_by(2).map(|k| u8::from_str_radix(&hex[k..k + 2], 16).unwrap()).collect();
                    out.push(winansi_decode(&bytes));
                    i = end;
                }
                _ => {}
            }
            i += 1;
        }
    }
    out
}

fn media_box(pdf: &[u8]) -> String {
    let p = find(pdf, b"/MediaBox [", 0).unwrap();
    let end = find(pdf, b"]", p).unwrap();
    String::from_utf8_lossy(&pdf[p + 11..end]).into_owned()
}

#[test]
fn invitation_is_one_a4_page_with_the_meal() {
    let pdf = invitation_pdf(&meal());
    assert_eq!(check_pdf(&pdf), 1);
    assert_eq!(media_box(&pdf), "0 0 595.276 841.89");
    let text = pdf_strings(&pdf).join(" ");
    for expected in [
        "Du er inviteret",
        "Fællesspisning i gården: suppe, brød og æblekage",
        "HVORNÅR",
        "25. april 2027 kl. 18.00–21.00",
        "Gården bag Nørregade 12, 8000 Aarhus C",
        "Søren Østergaard",
        "Vi dækker langbord i gården.",
        "• brød • en stol",
        "https://danmarkspisersammen.dk/m/2027/aarhus-noerregade-12",
        "Danmark spiser sammen",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from {text}");
    }
    assert!(find(&pdf, b"/BaseFont /Helvetica-Bold", 0).is_some());
    assert!(find(&pdf, b"/Encoding /WinAnsiEncoding", 0).is_some());
}

#[test]
fn a_long_description_is_cut_with_an_ellipsis() {
    let mut m = meal();
    m.description = (1..=400).map(|i| format!("Sætning nummer {i} om maden.")).collect::<Vec<_>>().join(" ");
    let pdf = invitation_pdf(&m);
    assert_eq!(check_pdf(&pdf), 1);
    let strings = pdf_strings(&pdf);
    let cut = strings.iter().position(|s| s.ends_with('…')).expect("an ellipsis");
    assert_eq!(strings[cut + 1], "Se måltidet og tilmeld dig", "the QR section follows the cut line");
}

#[test]
fn poster_scales_to_a3() {
    let a4 = poster_pdf(&meal(), Paper::A4);
    let a3 = poster_pdf(&meal(), Paper::A3);
    assert_eq!(check_pdf(&a4), 1);
    assert_eq!(check_pdf(&a3), 1);
    assert_eq!(media_box(&a4), "0 0 595.276 841.89");
    let dims: Vec<f32> = media_box(&a3).split(' ').map(|n| n.parse().unwrap()).collect();
    assert!((dims[2] - 841.89).abs() < 0.1 && (dims[3] - 1190.55).abs() < 0.1, "{dims:?}");
    // Same layout, so the same text.
    assert_eq!(pdf_strings(&a4), pdf_strings(&a3));
    let text = pdf_strings(&a4).join(" ");
    assert!(text.contains("Fællesspisning i gården: suppe, brød og æblekage"), "{text}");
    assert!(text.contains("Vært: Søren Østergaard"));
}

#[test]
fn baton_cards_are_eight_on_a_sheet() {
    let pdf = baton_cards_pdf(&meal());
    assert_eq!(check_pdf(&pdf), 1);
    let strings = pdf_strings(&pdf);
    assert_eq!(strings.iter().filter(|s| *s == "ABC-DEF").count(), 8);
    assert_eq!(strings.iter().filter(|s| *s == "Madstafetten").count(), 8);
    let text = strings.join(" ");
    let sentence = "Inviter en, du ikke plejer at spise med – og giv stafetten videre på danmarkspisersammen.dk";
    assert_eq!(text.matches(sentence).count(), 8, "{text}");
}

#[test]
fn baton_cards_name_the_site_the_relay_is_on() {
    let m = MealPrint { relay_url: "https://spis.example.org/stafet/ABCDEF".into(), ..meal() };
    let text = pdf_strings(&baton_cards_pdf(&m)).join(" ");
    assert_eq!(text.matches("giv stafetten videre på spis.example.org").count(), 8, "{text}");
    assert!(!text.contains("danmarkspisersammen"), "{text}");
}

fn words(n: usize) -> String {
    let vocabulary = [
        "mad",
        "fællesskab",
        "naboer",
        "bordet",
        "gryden",
        "æblekage",
        "rødgrød",
        "øl",
        "sammen",
        "velkommen",
        "kartofler",
        "grønsager",
        "hjemmebagt",
        "brød",
        "kaffe",
        "og",
        "i",
        "på",
    ];
    (0..n)
        .map(|i| vocabulary[(i * 7 + i / 3) % vocabulary.len()])
        .collect::<Vec<_>>()
        .chunks(60)
        .map(|c| c.join(" ") + ".")
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[test]
fn a_long_host_guide_runs_over_several_pages() {
    let sections: Vec<(String, String)> =
        (1..=6).map(|i| (format!("Afsnit {i}: Før, under og efter måltidet"), words(500))).collect();
    let pdf = host_guide_pdf(&sections);
    let pages = check_pdf(&pdf);
    assert!((5..=12).contains(&pages), "3,000 words gave {pages} pages");
    let strings = pdf_strings(&pdf);
    assert!(strings.contains(&format!("Side 1 af {pages}")));
    assert!(strings.contains(&format!("Side {pages} af {pages}")));
    assert!(strings.contains(&"Afsnit 6: Før, under og efter måltidet".to_string()));
    // Nothing lost: every word of the body is printed.
    let printed: usize = strings.iter().map(|s| s.matches("rødgrød").count()).sum();
    let written: usize = sections.iter().map(|(_, b)| b.matches("rødgrød").count()).sum();
    assert_eq!(printed, written);

    assert_eq!(check_pdf(&host_guide_pdf(&[])), 1);
}

#[test]
fn postcard_is_a_1200_by_630_png() {
    let png_bytes = postcard_png(&meal());
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    assert_eq!((info.width, info.height), (1200, 630));
    assert_eq!(info.color_type, png::ColorType::Rgb);
    let px = |x: usize, y: usize| &buf[(y * 1200 + x) * 3..(y * 1200 + x) * 3 + 3];
    assert_eq!(px(5, 300), [200, 16, 46], "red edge");
    assert_eq!(px(785, 115), [255, 255, 255], "white QR panel");
    let dark = (110..470).flat_map(|y| (780..1140).map(move |x| (x, y))).filter(|&(x, y)| px(x, y)[0] < 60);
    assert!(dark.count() > 20_000, "QR modules drawn");
    let text_ink = (150..450).flat_map(|y| (72..700).map(move |x| (x, y))).filter(|&(x, y)| px(x, y)[0] < 60);
    assert!(text_ink.count() > 5_000, "title drawn");
}

#[test]
fn same_input_same_bytes() {
    assert_eq!(invitation_pdf(&meal()), invitation_pdf(&meal()));
    assert_eq!(postcard_png(&meal()), postcard_png(&meal()));
}

#[test]
fn hostile_text_never_panics() {
    let long_word = "ø".repeat(10_000);
    let hostile = [
        String::new(),
        "\u{0}\u{1}\u{7}\u{8}\u{1b}[2J\u{7f}\u{85}\u{9b}".into(),
        "🍲👨‍👩‍👧‍👦🇩🇰❤️👍🏿 Mad! 😀".into(),
        "\u{202E}مرحبا بكم في العشاء\u{202C} שלום לכולם".into(),
        long_word.clone(),
        format!("{long_word} {long_word}\n\n{long_word}"),
        "(unbalanced \\ ) ((( endstream endobj %%EOF trailer <<".into(),
        "a\u{301}\u{301}\u{301}\u{20DD} \u{FEFF}\u{200B}\u{AD} \u{FFFD}\u{10FFFF}".into(),
        "- \n- \n1. \n\n\n\n   \t\t \r\r\n".into(),
        "漢字かなカナ 한국어 Ελληνικά Русский".into(),
        "ord ".repeat(20_000),
    ];
    for (i, text) in hostile.iter().enumerate() {
        let m = MealPrint {
            title: text.clone(),
            when: text.clone(),
            place: text.clone(),
            host: text.clone(),
            description: text.clone(),
            baton_code: text.clone(),
            // A URL too long for any QR code must not break the layout either.
            meal_url: if i % 2 == 0 { text.clone() } else { "https://x.dk/".repeat(400) },
            relay_url: text.clone(),
        };
        assert_eq!(check_pdf(&invitation_pdf(&m)), 1, "invitation {i}");
        assert_eq!(check_pdf(&poster_pdf(&m, Paper::A3)), 1, "poster {i}");
        assert_eq!(check_pdf(&baton_cards_pdf(&m)), 1, "cards {i}");
        let guide = host_guide_pdf(&[(text.clone(), text.clone()), (String::new(), String::new())]);
        assert!(check_pdf(&guide) >= 1, "guide {i}");
        let png_bytes = postcard_png(&m);
        let mut reader = png::Decoder::new(std::io::Cursor::new(png_bytes)).read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut buf).unwrap();
        for s in pdf_strings(&invitation_pdf(&m)) {
            assert!(!s.chars().any(|c| c.is_control()), "control character printed: {s:?}");
        }
    }
}

/// Prints how long each function takes (meaningful with `--release`); asserts nothing about time.
#[test]
fn timings() {
    let m = meal();
    let sections: Vec<(String, String)> = (1..=6).map(|i| (format!("Afsnit {i}"), words(500))).collect();
    let time = |name: &str, f: &dyn Fn() -> Vec<u8>| {
        let _ = f();
        let runs = 5;
        let start = Instant::now();
        let mut size = 0;
        for _ in 0..runs {
            size = f().len();
        }
        let per = start.elapsed() / runs;
        println!("{name:<28} {per:>10.2?}  {size:>7} bytes");
    };
    time("invitation_pdf", &|| invitation_pdf(&m));
    time("poster_pdf A4", &|| poster_pdf(&m, Paper::A4));
    time("poster_pdf A3", &|| poster_pdf(&m, Paper::A3));
    time("baton_cards_pdf", &|| baton_cards_pdf(&m));
    time("postcard_png", &|| postcard_png(&m));
    time("host_guide_pdf (3,000 words)", &|| host_guide_pdf(&sections));
}

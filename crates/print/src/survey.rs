//! The poster a survey group answers by: the code to scan or type, one A4 page per group.

use crate::SurveyPoster;
use crate::pdf::{A4_H, A4_W, GREY, INK, Page, RED, finish};
use crate::text::{Font, clean_line, clip_lines, fit, lines_in};

fn poster_page(poster: &SurveyPoster) -> Page {
    let mut page = Page::a4();
    let margin = 56.0;
    let width = A4_W - 2.0 * margin;
    let cx = A4_W / 2.0;

    let heading = clip_lines(&clean_line(&poster.heading), &Font::Bold.at(14.0), width, 1);
    page.lines(margin, 64.0, 18.0, Font::Bold, 14.0, RED, &heading, Some(width));
    page.rect(cx - 28.0, 76.0, 56.0, 3.0, RED);
    let title =
        fit(&clean_line(&poster.survey_title), |s| Font::Bold.at(s), 34.0, 20.0, width, |s| lines_in(84.0, s, 1.1));
    let after_title =
        page.lines(margin, 122.0, title.size * 1.1, Font::Bold, title.size, INK, &title.lines, Some(width));
    let group = clip_lines(&clean_line(&poster.group_name), &Font::Regular.at(24.0), width, 1);
    page.lines(margin, after_title + 14.0, 28.0, Font::Regular, 24.0, INK, &group, Some(width));

    let qr_size = 230.0;
    let qr_top = 250.0;
    page.qr(cx - qr_size / 2.0, qr_top, qr_size, &poster.url);

    let code_top = qr_top + qr_size + 46.0;
    page.text_centered(cx, code_top, Font::Regular, 14.0, GREY, &clean_line(&poster.code_label));
    page.text_centered(cx, code_top + 60.0, Font::Bold, 60.0, INK, &clean_line(&poster.code));
    let url = clip_lines(&clean_line(&poster.url), &Font::Regular.at(14.0), width, 1);
    page.lines(margin, code_top + 96.0, 18.0, Font::Regular, 14.0, INK, &url, Some(width));

    let mut y = code_top + 140.0;
    for (number, step) in poster.steps.iter().enumerate() {
        let number = format!("{}.", number + 1);
        page.text(margin, y, Font::Bold, 16.0, RED, &number);
        let lines = clip_lines(&clean_line(step), &Font::Regular.at(16.0), width - 26.0, 2);
        y = page.lines(margin + 26.0, y, 21.0, Font::Regular, 16.0, INK, &lines, None) + 8.0;
        if y > A4_H - 40.0 {
            break;
        }
    }
    page
}

pub(crate) fn survey_posters(posters: &[SurveyPoster], title: &str) -> Vec<u8> {
    finish(posters.iter().map(poster_page).collect(), title, "Plakat")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn poster(code: &str) -> SurveyPoster {
        SurveyPoster {
            heading: "Svar på spørgeskemaet".into(),
            survey_title: "Trivsel i 5. klasse ".repeat(10),
            group_name: "5.A".into(),
            code_label: "Koden er".into(),
            code: code.into(),
            url: format!("https://rygrad.example/svar/{code}"),
            steps: vec!["Scan koden med din telefon.".into(), "Eller gå til siden og skriv koden.".into()],
        }
    }

    #[test]
    fn one_page_per_poster() {
        let pdf = survey_posters(&[poster("ABC234"), poster("XYZ789"), poster("")], "Plakater: 5.A (ABC234)");
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/Count 3"), "{text}");
        assert!(text.contains("ABC234"), "the code is in the document's title");
    }
}

//! A question's shares drawn on the server as SVG (no JavaScript, prints): a dot per shown
//! group and option with its 95 % Wilson interval as whiskers, beside the table of the same
//! figures. Text is escaped by the template (`templates/surveys/chart.svg`); colours keep WCAG
//! AA contrast on white, as the indicators' charts do.

use askama::Template;
use std::fmt;

/// A coordinate in SVG user units, written with one decimal.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Px(f64);

impl fmt::Display for Px {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.1}", self.0)
    }
}

/// One group's share of an option: 0–1, with its interval, and its words for the tooltip.
pub(crate) struct SharePoint {
    pub group: String,
    pub share: f64,
    pub ci: (f64, f64),
    pub label: String,
}

/// An option and its groups' shares.
pub(crate) struct OptionShares {
    pub label: String,
    pub points: Vec<SharePoint>,
}

struct Heading {
    y: Px,
    label: String,
}

struct Dot {
    y: Px,
    x: Px,
    low: Px,
    high: Px,
    /// The whiskers' end caps.
    cap_top: Px,
    cap_bottom: Px,
    group: String,
    label: String,
}

struct Tick {
    x: Px,
    label: String,
}

#[derive(Template)]
#[template(path = "surveys/chart.svg")]
struct ShareSvg<'a> {
    id: &'a str,
    title: &'a str,
    description: &'a str,
    height: Px,
    top: Px,
    bottom: Px,
    headings: Vec<Heading>,
    dots: Vec<Dot>,
    ticks: Vec<Tick>,
}

const PLOT_LEFT: f64 = 230.0;
const PLOT_RIGHT: f64 = 620.0;
const ROW: f64 = 20.0;

/// The chart of one question (`id` unique on the page; `title` its accessible name,
/// `description` how to read it); `ticks` labels 0, 25, 50, 75 and 100 %. None when no group
/// shows a share.
pub(crate) fn share_chart(
    id: &str,
    title: &str,
    description: &str,
    options: &[OptionShares],
    ticks: [String; 5],
) -> Option<String> {
    if options.iter().all(|o| o.points.is_empty()) {
        return None;
    }
    let x = |share: f64| Px(PLOT_LEFT + share.clamp(0.0, 1.0) * (PLOT_RIGHT - PLOT_LEFT));
    let (mut headings, mut dots) = (Vec::new(), Vec::new());
    let mut y = 8.0;
    for option in options.iter().filter(|o| !o.points.is_empty()) {
        y += ROW;
        headings.push(Heading { y: Px(y), label: option.label.clone() });
        for p in &option.points {
            y += ROW;
            dots.push(Dot {
                y: Px(y),
                x: x(p.share),
                low: x(p.ci.0),
                high: x(p.ci.1),
                cap_top: Px(y - 4.0),
                cap_bottom: Px(y + 4.0),
                group: p.group.clone(),
                label: p.label.clone(),
            });
        }
    }
    let bottom = y + ROW / 2.0;
    let ticks = ticks.into_iter().enumerate().map(|(i, label)| Tick { x: x(i as f64 / 4.0), label }).collect();
    let svg = ShareSvg {
        id,
        title,
        description,
        height: Px(bottom + 24.0),
        top: Px(12.0),
        bottom: Px(bottom),
        headings,
        dots,
        ticks,
    };
    Some(svg.render().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticks() -> [String; 5] {
        ["0 %", "25 %", "50 %", "75 %", "100 %"].map(str::to_owned)
    }

    #[test]
    fn a_chart_draws_each_shown_share_with_its_interval_and_escapes_text() {
        let options = [
            OptionShares {
                label: "Ja & <b>nej</b>".into(),
                points: vec![SharePoint {
                    group: "5.A".into(),
                    share: 0.6,
                    ci: (0.31, 0.83),
                    label: "5.A: 60 %".into(),
                }],
            },
            OptionShares { label: "Ved ikke".into(), points: Vec::new() },
        ];
        let svg = share_chart("q-glad", "Er du glad?", "Andele med interval", &options, ticks()).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(root.attribute("aria-labelledby"), Some("q-glad-title q-glad-desc"));
        let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
        assert!(texts.contains(&"Ja & <b>nej</b>") && !texts.contains(&"Ved ikke"), "{texts:?}");
        let whisker = doc.descendants().find(|n| n.has_tag_name("line") && n.attribute("class") == Some("ci")).unwrap();
        let at = |share: f64| format!("{:.1}", PLOT_LEFT + share * (PLOT_RIGHT - PLOT_LEFT));
        assert_eq!((whisker.attribute("x1"), whisker.attribute("x2")), (Some(&*at(0.31)), Some(&*at(0.83))));
        let dot = doc.descendants().find(|n| n.has_tag_name("circle")).unwrap();
        assert_eq!(dot.attribute("cx"), Some(&*at(0.6)));
        assert_eq!(share_chart("q", "t", "d", &options[1..], ticks()), None);
    }
}

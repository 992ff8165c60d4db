//! Indicator charts drawn on the server as SVG: they need no JavaScript, print, embed in other
//! sites and rasterise to PNG (`rygrad_print::svg_png`). Geometry is worked out here; the
//! templates under `templates/indicators/chart_*.svg` lay it out and escape all text, for an
//! indicator's name, unit and labels are user text. Colours keep WCAG AA contrast on white
//! (text ≥ 4.5:1, lines and markers ≥ 3:1). Every chart sits beside a table of the same figures.

use askama::Template;
use rygrad_domain::format::{self, Lang};
use rygrad_domain::geo::geodata;
use rygrad_domain::indicator::{Direction, Period};
use rygrad_domain::indicator_stats::ForecastPoint;
use std::collections::HashMap;
use std::fmt;

use crate::meals::map::{HEIGHT as MAP_HEIGHT, WIDTH as MAP_WIDTH, outline_paths};

/// A coordinate in SVG user units, written with one decimal.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
struct Px(f64);

impl fmt::Display for Px {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.1}", self.0)
    }
}

/// Points as an SVG `points` list: `x,y x,y …`.
fn polyline(points: &[(Px, Px)]) -> String {
    points.iter().map(|(x, y)| format!("{x},{y}")).collect::<Vec<_>>().join(" ")
}

/// A linear map from data to pixels.
#[derive(Debug, Clone, Copy)]
struct Scale {
    from: (f64, f64),
    to: (f64, f64),
}

impl Scale {
    fn at(&self, v: f64) -> Px {
        let (d0, d1) = self.from;
        let (r0, r1) = self.to;
        if d1 == d0 {
            return Px((r0 + r1) / 2.0);
        }
        Px(r0 + (v - d0) / (d1 - d0) * (r1 - r0))
    }
}

/// Round tick values covering `lo..=hi`, about `count` of them (steps of 1, 2, 2.5 or 5 times
/// a power of ten), and the decimals they need.
fn nice_ticks(lo: f64, hi: f64, count: usize) -> (Vec<f64>, usize) {
    let (lo, hi) = if hi > lo { (lo, hi) } else { (lo - lo.abs().max(1.0) * 0.1, hi + hi.abs().max(1.0) * 0.1) };
    let rough = (hi - lo) / count.max(1) as f64;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().map(|m| m * power).find(|s| *s >= rough).unwrap_or(10.0 * power);
    let first = (lo / step).floor() as i64;
    let last = (hi / step).ceil() as i64;
    let decimals = (-(step.log10().floor()) as i64 + i64::from(step / power == 2.5)).max(0) as usize;
    ((first..=last).map(|i| i as f64 * step).collect(), decimals)
}

/// The smallest and largest of `values`, if any is finite.
fn extent(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| Some(acc.map_or((v, v), |(lo, hi): (f64, f64)| (lo.min(v), hi.max(v)))))
}

/// `text` cut to `max` characters with an ellipsis; the whole text stays in the chart's title.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max - 1).collect();
    format!("{}…", cut.trim_end())
}

/// "12,3 %" / "12,3 personer": a value with the indicator's unit.
fn with_unit(lang: Lang, value: f64, decimals: usize, unit: &str) -> String {
    let number = format::number(lang, value, decimals);
    if unit.is_empty() { number } else { format!("{number} {unit}") }
}

/// The texts of a turn-the-curve chart, translated by the caller.
#[derive(Debug, Clone)]
pub struct CurveLabels {
    /// For a screen reader: what the chart shows, e.g. "Målt 2015–2024, basislinje 2015, mål
    /// 2030 og prognose til 2030".
    pub description: String,
    pub measured: String,
    pub baseline: String,
    pub target: String,
    /// The forecast and its band, e.g. "Prognose uden ændring (95 %)".
    pub forecast: String,
    /// A measured value's 95 % interval, e.g. "95 %-interval".
    pub interval: String,
    /// Shown under the legend, e.g. "Kilde: Danmarks Statistik, FOLK1A"; empty for none.
    pub source: String,
}

/// What a turn-the-curve chart shows.
#[derive(Debug, Clone)]
pub struct CurveSpec<'a> {
    /// Unique on the page: the chart's title and description get ids from it.
    pub id: &'a str,
    /// The indicator's name.
    pub name: &'a str,
    /// The unit of the values, e.g. `%`.
    pub unit: &'a str,
    pub lang: Lang,
    pub decimals: usize,
    pub points: &'a [(Period, f64)],
    /// The 95 % intervals of the points that have one (a survey's shares): period, low, high.
    pub intervals: &'a [(Period, f64, f64)],
    pub baseline: Option<(Period, f64)>,
    pub targets: &'a [(Period, f64)],
    pub forecast: &'a [ForecastPoint],
    pub labels: &'a CurveLabels,
}

const PLOT_LEFT: f64 = 64.0;
const PLOT_RIGHT: f64 = 620.0;
const PLOT_TOP: f64 = 52.0;
const PLOT_BOTTOM: f64 = 280.0;
/// At most this many period labels under the x axis.
const X_LABELS: usize = 8;

struct Marker {
    x: Px,
    y: Px,
    label: String,
}

/// A point's 95 % interval drawn as a whisker from `low` to `high`.
struct Whisker {
    x: Px,
    low: Px,
    high: Px,
    label: String,
}

struct Tick {
    at: Px,
    label: String,
}

struct LegendItem {
    x: Px,
    kind: &'static str,
    label: String,
}

#[derive(Template)]
#[template(path = "indicators/chart_curve.svg")]
struct CurveSvg<'a> {
    left: Px,
    right: Px,
    bottom: Px,
    id: &'a str,
    name: &'a str,
    heading: String,
    description: &'a str,
    unit: &'a str,
    source: &'a str,
    y_ticks: Vec<Tick>,
    x_ticks: Vec<Tick>,
    band: Option<String>,
    forecast_line: Option<String>,
    target_line: Option<String>,
    baseline: Option<(Px, Marker)>,
    targets: Vec<Marker>,
    history_line: Option<String>,
    whiskers: Vec<Whisker>,
    points: Vec<Marker>,
    legend: Vec<LegendItem>,
}

/// The turn-the-curve chart: the measured history as a line with points, the baseline as a
/// marker with a dotted line across the chart, the targets as markers on a dashed path from the
/// baseline, and the forecast if nothing changes as a dashed line in its shaded 95 % band; a
/// measured value with a 95 % interval (a survey's share) has it as a whisker. The
/// y axis has round ticks in the language's number format and the unit above it; the x axis
/// names at most 8 periods. A legend names what is drawn. 640 × 380 units, scaled to the width
/// of its container by CSS.
pub fn turn_the_curve(spec: &CurveSpec) -> String {
    let mut periods: Vec<Period> = spec.points.iter().map(|&(p, _)| p).collect();
    periods.extend(spec.baseline.map(|(p, _)| p));
    periods.extend(spec.targets.iter().map(|&(p, _)| p));
    periods.extend(spec.forecast.iter().map(|f| f.period));
    let values = spec
        .points
        .iter()
        .map(|&(_, v)| v)
        .chain(spec.baseline.map(|(_, v)| v))
        .chain(spec.targets.iter().map(|&(_, v)| v))
        .chain(spec.forecast.iter().flat_map(|f| [f.low, f.high]))
        .chain(spec.intervals.iter().flat_map(|&(_, low, high)| [low, high]));
    let (lo, hi) = extent(values).unwrap_or((0.0, 1.0));
    let (ticks, tick_decimals) = nice_ticks(lo, hi, 5);
    let y = Scale { from: (ticks[0], ticks[ticks.len() - 1]), to: (PLOT_BOTTOM, PLOT_TOP) };
    let first = periods.iter().map(|p| p.index()).min();
    let last = periods.iter().map(|p| p.index()).max();
    let frequency = periods.first().map(|p| p.frequency());
    let (first, last) = (first.unwrap_or(0), last.unwrap_or(0));
    let x = Scale { from: (first as f64, last as f64), to: (PLOT_LEFT + 8.0, PLOT_RIGHT - 8.0) };
    let xp = |p: Period| x.at(p.index() as f64);
    let label = |p: Period, v: f64| format!("{}: {}", p.code(), with_unit(spec.lang, v, spec.decimals, spec.unit));

    let y_ticks =
        ticks.iter().map(|&t| Tick { at: y.at(t), label: format::number(spec.lang, t, tick_decimals) }).collect();
    let step = ((last - first + 1) as usize).div_ceil(X_LABELS).max(1);
    let x_ticks = match frequency {
        Some(frequency) => (first..=last)
            .step_by(step)
            .map(|i| Tick { at: x.at(i as f64), label: Period::from_index(frequency, i).code() })
            .collect(),
        None => Vec::new(),
    };

    let mut history: Vec<(Period, f64)> = spec.points.to_vec();
    history.sort_by_key(|&(p, _)| p.index());
    let points: Vec<Marker> =
        history.iter().map(|&(p, v)| Marker { x: xp(p), y: y.at(v), label: label(p, v) }).collect();
    let history_line = (points.len() > 1).then(|| polyline(&points.iter().map(|m| (m.x, m.y)).collect::<Vec<_>>()));
    let points = readable(points, MAX_MARKERS);
    let whiskers = spec
        .intervals
        .iter()
        .map(|&(p, low, high)| Whisker {
            x: xp(p),
            low: y.at(low),
            high: y.at(high),
            label: format!(
                "{} {}: {}–{}",
                spec.labels.interval,
                p.code(),
                format::number(spec.lang, low, spec.decimals),
                with_unit(spec.lang, high, spec.decimals, spec.unit)
            ),
        })
        .collect();

    let mut targets: Vec<(Period, f64)> = spec.targets.to_vec();
    targets.sort_by_key(|&(p, _)| p.index());
    let path: Vec<(Px, Px)> = spec.baseline.iter().chain(&targets).map(|&(p, v)| (xp(p), y.at(v))).collect();
    let target_line = (path.len() > 1).then(|| polyline(&path));
    let targets = targets.iter().map(|&(p, v)| Marker { x: xp(p), y: y.at(v), label: label(p, v) }).collect();
    let baseline = spec.baseline.map(|(p, v)| {
        (y.at(v), Marker { x: xp(p), y: y.at(v), label: format!("{}: {}", spec.labels.baseline, label(p, v)) })
    });

    let (band, forecast_line) = if spec.forecast.is_empty() {
        (None, None)
    } else {
        // both start at the last measured point, where the band has no width yet
        let start = history.last().map(|&(p, v)| (xp(p), y.at(v)));
        let high = spec.forecast.iter().map(|f| (xp(f.period), y.at(f.high)));
        let low = spec.forecast.iter().rev().map(|f| (xp(f.period), y.at(f.low)));
        let band: Vec<(Px, Px)> = start.into_iter().chain(high).chain(low).collect();
        let line: Vec<(Px, Px)> =
            start.into_iter().chain(spec.forecast.iter().map(|f| (xp(f.period), y.at(f.value)))).collect();
        (Some(polyline(&band)), Some(polyline(&line)))
    };

    let shown = [
        (!spec.points.is_empty(), "measured", &spec.labels.measured),
        (spec.baseline.is_some(), "baseline", &spec.labels.baseline),
        (!spec.targets.is_empty(), "target", &spec.labels.target),
        (!spec.forecast.is_empty(), "forecast", &spec.labels.forecast),
        (!spec.intervals.is_empty(), "interval", &spec.labels.interval),
    ];
    let shown: Vec<_> = shown.into_iter().filter(|(on, ..)| *on).collect();
    // five items share the width that four have otherwise
    let (spacing, length) = if shown.len() > 4 { (114.0, 15) } else { (140.0, 20) };
    let legend = shown
        .into_iter()
        .enumerate()
        .map(|(i, (_, kind, label))| LegendItem {
            x: Px(PLOT_LEFT + i as f64 * spacing),
            kind,
            label: shorten(label, length),
        })
        .collect();

    CurveSvg {
        left: Px(PLOT_LEFT),
        right: Px(PLOT_RIGHT),
        bottom: Px(PLOT_BOTTOM),
        id: spec.id,
        name: spec.name,
        heading: shorten(spec.name, 70),
        description: &spec.labels.description,
        unit: spec.unit,
        source: &spec.labels.source,
        y_ticks,
        x_ticks,
        band,
        forecast_line,
        target_line,
        baseline,
        targets,
        history_line,
        whiskers,
        points,
        legend,
    }
    .render()
    .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "indicators/chart_sparkline.svg")]
struct SparklineSvg<'a> {
    label: &'a str,
    line: Option<String>,
    last: Option<(Px, Px)>,
}

const SPARK_WIDTH: f64 = 120.0;
const SPARK_HEIGHT: f64 = 32.0;

/// A small line (120 × 32) of the values in period order, its last point marked, for the
/// dashboard and the goal tree. `label` says in words what it shows (e.g. "2019–2024: 12,3 →
/// 14,1 %"): it is the chart's accessible name.
pub fn sparkline(points: &[(Period, f64)], label: &str) -> String {
    let mut sorted = points.to_vec();
    sorted.sort_by_key(|&(p, _)| p.index());
    let (lo, hi) = extent(sorted.iter().map(|&(_, v)| v)).unwrap_or((0.0, 1.0));
    let (i0, i1) = match (sorted.first(), sorted.last()) {
        (Some(a), Some(b)) => (a.0.index() as f64, b.0.index() as f64),
        _ => (0.0, 1.0),
    };
    let x = Scale { from: (i0, i1), to: (3.0, SPARK_WIDTH - 3.0) };
    let y = Scale { from: (lo, hi), to: (SPARK_HEIGHT - 3.0, 3.0) };
    let at: Vec<(Px, Px)> = sorted.iter().map(|&(p, v)| (x.at(p.index() as f64), y.at(v))).collect();
    SparklineSvg { label, line: (at.len() > 1).then(|| polyline(&at)), last: at.last().copied() }
        .render()
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "indicators/chart_small.svg")]
struct SmallSvg<'a> {
    name: &'a str,
    heading: String,
    high: Tick,
    low: Tick,
    line: Option<String>,
    points: Vec<Marker>,
}

const SMALL_WIDTH: f64 = 200.0;
const SMALL_HEIGHT: f64 = 110.0;

/// Above this many points a line shows the course better than markers (a weekly series of
/// years would be a smear of dots): then only the latest point is marked. A small multiple has
/// room for fewer.
const MAX_MARKERS: usize = 60;
const MAX_SMALL_MARKERS: usize = 12;

/// The markers worth drawing: all of a short series, the latest of a long one.
fn readable(mut markers: Vec<Marker>, max: usize) -> Vec<Marker> {
    if markers.len() > max {
        markers.drain(..markers.len() - 1);
    }
    markers
}

/// Small multiples: one small chart (200 × 110) per unit, named by its label, all on the
/// same y scale and the same span of periods so that they compare at a glance. The page lays
/// them out in a grid (`.ind-multiples` in indicators.css).
pub fn small_multiples(units: &[(String, Vec<(Period, f64)>)], unit: &str, decimals: usize, lang: Lang) -> Vec<String> {
    let all = units.iter().flat_map(|(_, points)| points.iter());
    let (lo, hi) = extent(all.clone().map(|&(_, v)| v)).unwrap_or((0.0, 1.0));
    let (ticks, tick_decimals) = nice_ticks(lo, hi, 2);
    let (lo, hi) = (ticks[0], ticks[ticks.len() - 1]);
    let first = all.clone().map(|(p, _)| p.index()).min().unwrap_or(0);
    let last = all.map(|(p, _)| p.index()).max().unwrap_or(0);
    let x = Scale { from: (first as f64, last as f64), to: (40.0, SMALL_WIDTH - 6.0) };
    let y = Scale { from: (lo, hi), to: (SMALL_HEIGHT - 8.0, 24.0) };
    units
        .iter()
        .map(|(name, points)| {
            let mut sorted = points.clone();
            sorted.sort_by_key(|&(p, _)| p.index());
            let points: Vec<Marker> = sorted
                .iter()
                .map(|&(p, v)| Marker {
                    x: x.at(p.index() as f64),
                    y: y.at(v),
                    label: format!("{}: {}", p.code(), with_unit(lang, v, decimals, unit)),
                })
                .collect();
            SmallSvg {
                name,
                heading: shorten(name, 28),
                high: Tick { at: y.at(hi), label: format::number(lang, hi, tick_decimals) },
                low: Tick { at: y.at(lo), label: format::number(lang, lo, tick_decimals) },
                line: (points.len() > 1).then(|| polyline(&points.iter().map(|m| (m.x, m.y)).collect::<Vec<_>>())),
                points: readable(points, MAX_SMALL_MARKERS),
            }
            .render()
            .unwrap_or_default()
        })
        .collect()
}

/// Five classes from light to dark (ColorBrewer "Blues"); the darkest is the best.
const CLASS_COLOURS: [&str; 5] = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];
const NO_DATA_COLOUR: &str = "#c8c8c8";

/// The texts of a map, translated by the caller.
#[derive(Debug, Clone)]
pub struct MapLabels {
    /// What the map shows, e.g. "Andel røgfri unge, 2024, efter kommune".
    pub title: String,
    /// "Ingen data".
    pub no_data: String,
    /// Under the legend, e.g. "Mørkere er bedre".
    pub darker_is_better: String,
}

/// What a choropleth map shows: a value per municipality code ("0101").
#[derive(Debug, Clone)]
pub struct MapSpec<'a> {
    /// Unique on the page, as for the curve.
    pub id: &'a str,
    pub values: &'a HashMap<String, f64>,
    pub direction: Direction,
    pub unit: &'a str,
    pub decimals: usize,
    pub lang: Lang,
    pub labels: &'a MapLabels,
}

struct Area<'a> {
    d: &'a str,
    fill: &'static str,
    label: String,
}

struct LegendClass {
    y: Px,
    fill: &'static str,
    label: String,
}

#[derive(Template)]
#[template(path = "indicators/chart_map.svg")]
struct MapSvg<'a> {
    id: &'a str,
    width: Px,
    height: Px,
    title: &'a str,
    areas: Vec<Area<'a>>,
    legend: Vec<LegendClass>,
    no_data: LegendClass,
    darker_is_better: &'a str,
}

/// The class (0–4) of each value by quantiles: values in rank order are cut into five groups of
/// about equal size, equal values always in one class. With the direction down (lower is better)
/// the classes turn around, so the darkest is always the best.
fn quantile_classes(values: &HashMap<String, f64>, direction: Direction) -> HashMap<&str, usize> {
    let mut sorted: Vec<f64> = values.values().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len().max(1);
    values
        .iter()
        .filter(|(_, v)| v.is_finite())
        .map(|(code, v)| {
            let rank = sorted.partition_point(|x| x < v);
            let class = rank * CLASS_COLOURS.len() / n;
            let class = if direction == Direction::Down { CLASS_COLOURS.len() - 1 - class } else { class };
            (code.as_str(), class)
        })
        .collect()
}

/// The 98 municipalities shaded in five quantile classes of their values (darker is better, by
/// the indicator's direction), grey where there is no value, with a legend of each class's
/// range (the smallest and largest value in it) in the Kattegat. Each municipality names its
/// value on hover and to a screen reader.
pub fn choropleth(spec: &MapSpec) -> String {
    let classes = quantile_classes(spec.values, spec.direction);
    let names = geodata();
    let areas = outline_paths()
        .iter()
        .map(|(code, d)| {
            let name = names.municipality(code).map_or(code.as_str(), |m| m.name.as_str());
            let value = spec.values.get(code).filter(|v| v.is_finite());
            match (value, classes.get(code.as_str())) {
                (Some(&v), Some(&class)) => Area {
                    d,
                    fill: CLASS_COLOURS[class],
                    label: format!("{name}: {}", with_unit(spec.lang, v, spec.decimals, spec.unit)),
                },
                _ => Area { d, fill: NO_DATA_COLOUR, label: format!("{name}: {}", spec.labels.no_data) },
            }
        })
        .collect();
    let mut ranges: [Option<(f64, f64)>; 5] = [None; 5];
    for (code, &class) in &classes {
        let v = spec.values[*code];
        ranges[class] = Some(ranges[class].map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))));
    }
    let mut ranges: Vec<(usize, (f64, f64))> =
        ranges.iter().enumerate().filter_map(|(c, r)| Some((c, (*r)?))).collect();
    ranges.sort_by(|a, b| a.1.0.total_cmp(&b.1.0));
    let number = |v: f64| format::number(spec.lang, v, spec.decimals);
    let legend_y = |i: usize| Px(48.0 + i as f64 * 22.0);
    let legend: Vec<LegendClass> = ranges
        .iter()
        .enumerate()
        .map(|(i, &(class, (lo, hi)))| LegendClass {
            y: legend_y(i),
            fill: CLASS_COLOURS[class],
            label: if number(lo) == number(hi) { number(lo) } else { format!("{}–{}", number(lo), number(hi)) },
        })
        .collect();
    let no_data = LegendClass { y: legend_y(legend.len()), fill: NO_DATA_COLOUR, label: spec.labels.no_data.clone() };
    MapSvg {
        id: spec.id,
        width: Px(MAP_WIDTH),
        height: Px(MAP_HEIGHT),
        title: &spec.labels.title,
        areas,
        legend,
        no_data,
        darker_is_better: &spec.labels.darker_is_better,
    }
    .render()
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> CurveLabels {
        CurveLabels {
            description: "Målt 2016–2024".into(),
            measured: "Målt".into(),
            baseline: "Basislinje".into(),
            target: "Mål".into(),
            forecast: "Prognose".into(),
            interval: "95 %-interval".into(),
            source: "Kilde: Danmarks Statistik".into(),
        }
    }

    fn years(values: &[(i32, f64)]) -> Vec<(Period, f64)> {
        values.iter().map(|&(y, v)| (Period::Year(y), v)).collect()
    }

    fn curve(name: &str, points: &[(Period, f64)], forecast: &[ForecastPoint]) -> String {
        let labels = labels();
        let targets = years(&[(2030, 20.0)]);
        turn_the_curve(&CurveSpec {
            id: "ind-1",
            name,
            unit: "%",
            lang: Lang::Da,
            decimals: 1,
            points,
            intervals: &[],
            baseline: Some((Period::Year(2016), 10.0)),
            targets: &targets,
            forecast,
            labels: &labels,
        })
    }

    /// Parses the SVG as XML, which also proves every text was escaped.
    fn parse(svg: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}: {svg}"))
    }

    fn count(doc: &roxmltree::Document, class: &str) -> usize {
        doc.descendants().filter(|n| n.attribute("class") == Some(class)).count()
    }

    fn texts(doc: &roxmltree::Document) -> Vec<String> {
        doc.descendants().filter_map(|n| n.text()).map(str::to_owned).collect()
    }

    #[test]
    fn the_curve_is_xml_with_one_marker_per_measured_point() {
        let points = years(&[(2016, 10.0), (2018, 11.5), (2020, 12.25), (2022, 13.0)]);
        let svg = curve("Røgfri unge", &points, &[]);
        let doc = parse(&svg);
        assert_eq!(count(&doc, "ind-point"), 4);
        assert_eq!(count(&doc, "ind-history"), 1);
    }

    #[test]
    fn the_curve_shows_the_baseline_and_the_targets() {
        let svg = curve("Røgfri unge", &years(&[(2020, 12.0)]), &[]);
        let doc = parse(&svg);
        assert_eq!(count(&doc, "ind-baseline"), 1);
        assert_eq!(count(&doc, "ind-baseline-marker"), 1);
        assert_eq!(count(&doc, "ind-target"), 1);
        assert_eq!(count(&doc, "ind-target-path"), 1);
        assert!(texts(&doc).iter().any(|t| t == "Basislinje: 2016: 10 %"), "{svg}");
    }

    #[test]
    fn the_curve_escapes_a_hostile_name() {
        let svg = curve("<script>alert(1)</script> & \"x\"", &years(&[(2020, 12.0)]), &[]);
        assert!(!svg.contains("<script>"));
        let doc = parse(&svg);
        let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
        assert_eq!(title.text(), Some("<script>alert(1)</script> & \"x\""));
    }

    #[test]
    fn the_curve_writes_numbers_the_danish_way() {
        let points = years(&[(2016, 1234.5), (2020, 1300.25)]);
        let svg = curve("Borgere", &points, &[]);
        let texts = texts(&parse(&svg));
        assert!(texts.iter().any(|t| t == "2016: 1.234,5 %"), "{texts:?}");
        assert!(texts.iter().any(|t| t == "1.500"), "a y tick in thousands: {texts:?}");
    }

    #[test]
    fn a_value_with_an_interval_has_a_whisker_and_a_legend_entry() {
        let points = years(&[(2024, 40.0), (2025, 45.0)]);
        let intervals = [(Period::Year(2025), 35.5, 54.3)];
        let labels = labels();
        let svg = turn_the_curve(&CurveSpec {
            id: "s",
            name: "Trivsel",
            unit: "%",
            lang: Lang::Da,
            decimals: 1,
            points: &points,
            intervals: &intervals,
            baseline: Some((Period::Year(2024), 40.0)),
            targets: &years(&[(2027, 60.0)]),
            forecast: &[ForecastPoint { period: Period::Year(2026), value: 50.0, low: 45.0, high: 55.0 }],
            labels: &labels,
        });
        let doc = parse(&svg);
        assert_eq!(count(&doc, "ind-whisker"), 1, "only the point with an interval");
        assert!(texts(&doc).iter().any(|t| t == "95 %-interval 2025: 35,5–54,3 %"), "{:?}", texts(&doc));
        assert_eq!(count(&doc, "ind-legend"), 5, "measured, baseline, target, forecast and the interval");
        let whisker = doc.descendants().find(|n| n.attribute("class") == Some("ind-whisker")).unwrap();
        let line = whisker.children().find(|n| n.has_tag_name("line")).unwrap();
        let y = |a: &str| line.attribute(a).unwrap().parse::<f64>().unwrap();
        assert!(y("y1") > y("y2"), "from the low end (lower on the chart) to the high");
    }

    #[test]
    fn the_curve_draws_the_forecast_in_its_band() {
        let points = years(&[(2020, 10.0), (2021, 11.0), (2022, 12.0)]);
        let forecast: Vec<ForecastPoint> = (2023..=2025)
            .map(|y| {
                let v = 10.0 + f64::from(y - 2020);
                ForecastPoint { period: Period::Year(y), value: v, low: v - 1.0, high: v + 1.0 }
            })
            .collect();
        let svg = curve("Røgfri unge", &points, &forecast);
        let doc = parse(&svg);
        let band = doc.descendants().find(|n| n.attribute("class") == Some("ind-band")).unwrap();
        let line = doc.descendants().find(|n| n.attribute("class") == Some("ind-forecast")).unwrap();
        // both from the last measured point on
        assert_eq!(band.attribute("points").unwrap().split(' ').count(), 1 + 3 + 3);
        assert_eq!(line.attribute("points").unwrap().split(' ').count(), 1 + 3);
        assert_eq!(count(&doc, "ind-legend"), 4);
    }

    #[test]
    fn the_curve_rasterises_to_a_png() {
        let svg = curve("Røgfri unge", &years(&[(2016, 10.0), (2020, 12.0)]), &[]);
        let png = rygrad_print::svg_png(&svg).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        // 640 × 380 drawn at twice the size
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 1280);
    }

    #[test]
    fn the_curve_names_itself_to_screen_readers() {
        let svg = curve("Røgfri unge", &years(&[(2020, 12.0)]), &[]);
        let doc = parse(&svg);
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(root.attribute("aria-labelledby"), Some("ind-1-title ind-1-desc"));
        assert!(
            doc.descendants().any(|n| n.attribute("id") == Some("ind-1-desc") && n.text() == Some("Målt 2016–2024"))
        );
    }

    #[test]
    fn the_curve_thins_out_period_labels() {
        let points: Vec<_> = (1..=40).map(|w| (Period::Week(2024, w), f64::from(w))).collect();
        let labels = labels();
        let svg = turn_the_curve(&CurveSpec {
            id: "w",
            name: "Ugentlig",
            unit: "",
            lang: Lang::Da,
            decimals: 0,
            points: &points,
            intervals: &[],
            baseline: None,
            targets: &[],
            forecast: &[],
            labels: &labels,
        });
        let doc = parse(&svg);
        let ticks = count(&doc, "ind-x-tick");
        assert!((2..=X_LABELS).contains(&ticks), "{ticks} labels");
        assert_eq!(count(&doc, "ind-point"), 40);
        assert_eq!(count(&doc, "ind-baseline"), 0);
    }

    #[test]
    fn an_empty_curve_is_still_a_chart() {
        let svg = curve("Ny indikator", &[], &[]);
        let doc = parse(&svg);
        assert_eq!(count(&doc, "ind-point"), 0);
        assert_eq!(count(&doc, "ind-history"), 0);
    }

    #[test]
    fn nice_ticks_are_round_and_cover_the_values() {
        assert_eq!(nice_ticks(3.2, 17.9, 5), (vec![0.0, 5.0, 10.0, 15.0, 20.0], 0));
        let (ticks, decimals) = nice_ticks(0.12, 0.58, 5);
        assert_eq!((ticks.len(), decimals), (6, 1));
        assert_eq!(nice_ticks(0.0, 10.0, 4), (vec![0.0, 2.5, 5.0, 7.5, 10.0], 1));
        let (flat, _) = nice_ticks(4.0, 4.0, 5);
        assert!(flat[0] < 4.0 && *flat.last().unwrap() > 4.0);
    }

    #[test]
    fn a_sparkline_draws_every_point_and_marks_the_last() {
        let svg = sparkline(&years(&[(2022, 2.0), (2020, 1.0), (2021, 3.0)]), "2020–2022: 1 → 2");
        let doc = parse(&svg);
        let line = doc.descendants().find(|n| n.has_tag_name("polyline")).unwrap();
        let points: Vec<&str> = line.attribute("points").unwrap().split(' ').collect();
        assert_eq!(points.len(), 3);
        let last = doc.descendants().find(|n| n.has_tag_name("circle")).unwrap();
        assert_eq!(points[2], format!("{},{}", last.attribute("cx").unwrap(), last.attribute("cy").unwrap()));
        assert!(svg.contains("2020–2022: 1 → 2"));
    }

    #[test]
    fn small_multiples_share_one_y_scale() {
        let units = vec![
            ("København".to_owned(), years(&[(2020, 10.0), (2021, 20.0)])),
            ("<b>Skole</b>".to_owned(), years(&[(2020, 20.0), (2021, 40.0)])),
        ];
        let charts = small_multiples(&units, "%", 1, Lang::Da);
        assert_eq!(charts.len(), 2);
        let y_of = |svg: &str, label: &str| {
            let doc = parse(svg);
            let point = doc.descendants().find(|n| n.children().any(|c| c.text() == Some(label))).unwrap();
            point.attribute("cy").unwrap().to_owned()
        };
        // 20 sits at the same height in both
        assert_eq!(y_of(&charts[0], "2021: 20 %"), y_of(&charts[1], "2020: 20 %"));
        assert!(parse(&charts[1]).descendants().any(|n| n.text() == Some("<b>Skole</b>")));
    }

    fn map_labels() -> MapLabels {
        MapLabels {
            title: "Andel, 2024".into(),
            no_data: "Ingen data".into(),
            darker_is_better: "Mørkere er bedre".into(),
        }
    }

    fn fill_of<'a>(doc: &'a roxmltree::Document, name: &str) -> &'a str {
        let area = doc
            .descendants()
            .find(|n| {
                n.has_tag_name("path")
                    && n.children().any(|c| c.text().is_some_and(|t| t.starts_with(&format!("{name}:"))))
            })
            .unwrap();
        area.attribute("fill").unwrap()
    }

    #[test]
    fn the_map_shades_every_municipality_and_greys_those_without_data() {
        let values: HashMap<String, f64> = geodata()
            .municipalities()
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 10 != 0)
            .map(|(i, m)| (m.code.clone(), i as f64))
            .collect();
        let labels = map_labels();
        let svg = choropleth(&MapSpec {
            id: "map",
            values: &values,
            direction: Direction::Up,
            unit: "%",
            decimals: 1,
            lang: Lang::Da,
            labels: &labels,
        });
        let doc = parse(&svg);
        let areas: Vec<_> = doc.descendants().filter(|n| n.attribute("class") == Some("ind-area")).collect();
        assert_eq!(areas.len(), 98);
        let grey = areas.iter().filter(|a| a.attribute("fill") == Some(NO_DATA_COLOUR)).count();
        assert_eq!(grey, 98 - values.len());
        assert_eq!(count(&doc, "ind-legend-class"), 6, "five classes and no data");
    }

    #[test]
    fn the_map_darkens_the_better_end_by_direction() {
        let values: HashMap<String, f64> = [("0101", 1.0), ("0147", 2.0), ("0151", 3.0), ("0153", 4.0), ("0751", 5.5)]
            .map(|(c, v)| (c.to_owned(), v))
            .into();
        let labels = map_labels();
        let spec = |direction| MapSpec {
            id: "map",
            values: &values,
            direction,
            unit: "",
            decimals: 1,
            lang: Lang::Da,
            labels: &labels,
        };
        let up = choropleth(&spec(Direction::Up));
        let doc = parse(&up);
        assert_eq!(fill_of(&doc, "Aarhus"), CLASS_COLOURS[4]);
        assert_eq!(fill_of(&doc, "København"), CLASS_COLOURS[0]);
        assert!(texts(&doc).iter().any(|t| t == "Aarhus: 5,5"));
        let down = choropleth(&spec(Direction::Down));
        let doc = parse(&down);
        assert_eq!(fill_of(&doc, "København"), CLASS_COLOURS[4]);
    }

    #[test]
    fn equal_values_share_a_class() {
        let values: HashMap<String, f64> =
            (0..10).map(|i| (format!("{i}"), if i < 6 { 1.0 } else { f64::from(i) })).collect();
        let classes = quantile_classes(&values, Direction::Up);
        let ones: std::collections::HashSet<usize> = (0..6).map(|i| classes[format!("{i}").as_str()]).collect();
        assert_eq!(ones.len(), 1);
        assert_eq!(classes["9"], 4);
    }
}

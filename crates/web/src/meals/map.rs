//! Maps drawn on the server as SVG: Denmark's municipality borders from the embedded data, with
//! meals as dots. They need no JavaScript and no tile server, so the site works offline; the
//! list beside the map carries the links.

use rygrad_domain::geo::geodata;
use rygrad_store::relay::RelayMeal;
use std::fmt::Write;
use std::sync::OnceLock;

const WEST: f64 = 8.0;
const EAST: f64 = 15.25;
const NORTH: f64 = 57.8;
const SOUTH: f64 = 54.5;
/// Pixels per degree of latitude; longitude is shortened by cos(56°).
const SCALE: f64 = 160.0;
const LON_FACTOR: f64 = 0.5592;

/// Grid cell for clustering, in pixels.
const CELL: f64 = 14.0;

fn radius_for(count: usize) -> String {
    format!("{:.1}", if count <= 1 { 4.0 } else { (5.0 + (count as f64).sqrt() * 1.2).min(22.0) })
}

pub const WIDTH: f64 = (EAST - WEST) * SCALE * LON_FACTOR;
pub const HEIGHT: f64 = (NORTH - SOUTH) * SCALE;

pub fn project(lat: f64, lon: f64) -> (f64, f64) {
    ((lon - WEST) * SCALE * LON_FACTOR, (NORTH - lat) * SCALE)
}

/// The municipality borders as one SVG document, built once and served as a static file.
pub fn denmark_svg() -> &'static str {
    static SVG: OnceLock<String> = OnceLock::new();
    SVG.get_or_init(|| {
        let mut svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH:.0} {HEIGHT:.0}\" width=\"{WIDTH:.0}\" height=\"{HEIGHT:.0}\">\
<g fill=\"#e4ebe4\" stroke=\"#7a8a7a\" stroke-width=\"0.6\" stroke-linejoin=\"round\">"
        );
        for (_, d) in outline_paths() {
            let _ = write!(svg, "<path d=\"{d}\"/>");
        }
        svg.push_str("</g></svg>");
        svg
    })
}

/// Each municipality's code and its border as SVG path data in the map's projection, built
/// once: points closer than a pixel to the last one kept are dropped.
pub(crate) fn outline_paths() -> &'static [(String, String)] {
    static PATHS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    PATHS.get_or_init(|| {
        geodata()
            .outlines()
            .map(|(code, shape)| {
                let mut d = String::new();
                for polygon in shape {
                    for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                        let mut last: Option<(f64, f64)> = None;
                        for (i, c) in ring.coords().enumerate() {
                            let (x, y) = project(c.y, c.x);
                            if let Some((lx, ly)) = last
                                && (x - lx).abs() < 0.9
                                && (y - ly).abs() < 0.9
                            {
                                continue;
                            }
                            let _ = write!(d, "{}{x:.1},{y:.1}", if i == 0 { "M" } else { "L" });
                            last = Some((x, y));
                        }
                        d.push('Z');
                    }
                }
                (code.to_owned(), d)
            })
            .collect()
    })
}

/// The municipality borders as GeoJSON for the zoomable map, built once: coordinates rounded to
/// 4 decimals (about 10 m) and points closer than ~150 m to the last kept dropped, which keeps
/// the file small enough to send to a phone.
pub fn municipalities_geojson() -> &'static str {
    static GEOJSON: OnceLock<String> = OnceLock::new();
    GEOJSON.get_or_init(|| {
        const MIN_STEP: f64 = 0.0015;
        let round = |v: f64| (v * 10_000.0).round() / 10_000.0;
        let g = geodata();
        let features: Vec<serde_json::Value> = g
            .outlines()
            .map(|(code, shape)| {
                let polygons: Vec<Vec<Vec<[f64; 2]>>> = shape
                    .iter()
                    .map(|polygon| {
                        std::iter::once(polygon.exterior())
                            .chain(polygon.interiors())
                            .map(|ring| {
                                let coords: Vec<_> = ring.coords().collect();
                                let mut kept: Vec<[f64; 2]> = Vec::new();
                                for (i, c) in coords.iter().enumerate() {
                                    let last = i + 1 == coords.len();
                                    if let Some(&[x, y]) = kept.last()
                                        && !last
                                        && (c.x - x).abs() < MIN_STEP
                                        && (c.y - y).abs() < MIN_STEP
                                    {
                                        continue;
                                    }
                                    kept.push([round(c.x), round(c.y)]);
                                }
                                kept
                            })
                            // a ring needs four positions to stay a ring
                            .filter(|ring| ring.len() >= 4)
                            .collect()
                    })
                    .filter(|rings: &Vec<Vec<[f64; 2]>>| !rings.is_empty())
                    .collect();
                let name = g.municipality(code).map_or(code, |m| m.name.as_str());
                serde_json::json!({
                    "type": "Feature",
                    "properties": { "code": code, "name": name },
                    "geometry": { "type": "MultiPolygon", "coordinates": polygons },
                })
            })
            .collect();
        serde_json::json!({ "type": "FeatureCollection", "features": features }).to_string()
    })
}

pub struct Dot {
    pub x: f64,
    pub y: f64,
    pub label: String,
    /// Radius in pixels; clusters grow with the number of meals they hold.
    pub r: String,
    /// Meals in the dot; more than one is a cluster and shows its count.
    pub count: usize,
}

impl Dot {
    fn single(x: f64, y: f64, label: String) -> Self {
        Self { x, y, label, r: "4".into(), count: 1 }
    }
}

pub struct Line {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
}

/// What one map shows.
pub struct MapView {
    pub width: String,
    pub height: String,
    pub dots: Vec<Dot>,
    pub lines: Vec<Line>,
    /// The search circle: centre and radius in pixels.
    pub circle: Option<(f64, f64, f64)>,
}

impl MapView {
    /// A relay: its meals, and a line from each meal to the meal it came from.
    pub fn relay(line: &[RelayMeal], descendants: &[RelayMeal]) -> Self {
        let position: std::collections::HashMap<i64, (f64, f64)> =
            line.iter().chain(descendants).map(|m| (m.id, project(m.lat, m.lon))).collect();
        let dots = line
            .iter()
            .chain(descendants.iter().skip(1))
            .map(|m| {
                let (x, y) = position[&m.id];
                Dot::single(x, y, m.title.clone())
            })
            .collect();
        let lines = line
            .iter()
            .chain(descendants)
            .filter_map(|m| {
                let (x1, y1) = *position.get(&m.parent_id?)?;
                let (x2, y2) = position[&m.id];
                Some(Line { x1, y1, x2, y2 })
            })
            .collect();
        Self::with(dots, lines, None)
    }

    /// One dot per municipality with meals, at its postal-code centre, labelled with the count.
    pub fn municipality_counts(counts: &std::collections::BTreeMap<String, i64>) -> Self {
        let g = geodata();
        let dots = counts
            .iter()
            .filter_map(|(code, n)| {
                let p = g.postal_codes().iter().find(|p| &p.municipality_code == code)?;
                let (x, y) = project(p.lat, p.lon);
                let name = g.municipality(code).map_or(code.as_str(), |m| m.name.as_str());
                Some(Dot { x, y, label: format!("{name}: {n}"), r: radius_for(*n as usize), count: *n as usize })
            })
            .collect();
        Self::with(dots, Vec::new(), None)
    }

    /// Many meals, clustered on a grid of [`CELL`] pixels so that thousands stay readable;
    /// `label` names a cluster's count ("12 måltider").
    pub fn clustered(
        points: &[(f64, f64)],
        center: Option<(f64, f64)>,
        radius_km: u32,
        label: impl Fn(usize) -> String,
    ) -> Self {
        let mut clusters = Clusters::default();
        points.iter().for_each(|&(lat, lon)| clusters.add(lat, lon));
        let circle = center.map(|(lat, lon)| {
            let (x, y) = project(lat, lon);
            (x, y, f64::from(radius_km) / 111.0 * SCALE)
        });
        Self::with(clusters.dots(label), Vec::new(), circle)
    }

    /// The clusters gathered so far, as a map.
    pub fn of_clusters(clusters: &Clusters, label: impl Fn(usize) -> String) -> Self {
        Self::with(clusters.dots(label), Vec::new(), None)
    }

    fn with(dots: Vec<Dot>, lines: Vec<Line>, circle: Option<(f64, f64, f64)>) -> Self {
        Self { width: format!("{WIDTH:.0}"), height: format!("{HEIGHT:.0}"), dots, lines, circle }
    }
}

/// Points gathered in cells of [`CELL`] pixels: sums of positions and counts, so points can be
/// added in several rounds (a map per year of a spread) without going over the earlier ones.
#[derive(Default)]
pub struct Clusters {
    cells: std::collections::HashMap<(i32, i32), (f64, f64, usize)>,
}

impl Clusters {
    pub fn add(&mut self, lat: f64, lon: f64) {
        let (x, y) = project(lat, lon);
        let cell = self.cells.entry(((x / CELL) as i32, (y / CELL) as i32)).or_insert((0.0, 0.0, 0));
        cell.0 += x;
        cell.1 += y;
        cell.2 += 1;
    }

    /// One dot per cell at the mean of its points, small clusters drawn over big ones.
    fn dots(&self, label: impl Fn(usize) -> String) -> Vec<Dot> {
        let mut dots: Vec<Dot> = self
            .cells
            .values()
            .map(|&(sx, sy, n)| Dot { x: sx / n as f64, y: sy / n as f64, label: label(n), r: radius_for(n), count: n })
            .collect();
        dots.sort_by_key(|d| std::cmp::Reverse(d.count));
        dots
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_of_points_become_a_few_clusters() {
        let points: Vec<(f64, f64)> =
            (0..5000).map(|i| (55.6 + f64::from(i % 50) * 0.001, 12.5 + f64::from(i / 50) * 0.001)).collect();
        let map = super::MapView::clustered(&points, None, 25, |n| n.to_string());
        assert!(map.dots.len() < 10, "{} clusters", map.dots.len());
        assert_eq!(map.dots.iter().map(|d| d.count).sum::<usize>(), 5000);
    }

    #[test]
    fn the_geojson_has_every_municipality_and_stays_small() {
        let doc: serde_json::Value = serde_json::from_str(super::municipalities_geojson()).unwrap();
        let features = doc["features"].as_array().unwrap();
        assert_eq!(features.len(), 98);
        assert!(features.iter().any(|f| f["properties"]["name"] == "Aarhus"));
        let size = super::municipalities_geojson().len();
        assert!(size < 450_000, "{size} bytes");
    }

    #[test]
    fn the_map_has_every_municipality_and_stays_small() {
        let svg = super::denmark_svg();
        assert_eq!(svg.matches("<path").count(), 98);
        assert!(svg.len() < 400_000, "{} bytes", svg.len());
    }
}

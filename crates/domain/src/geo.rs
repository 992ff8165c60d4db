//! Denmark's municipalities, regions, postal codes and towns, embedded in the binary so that the
//! product works offline (sources and attribution in `data/dk/SOURCES.md` and on `/om-data`),
//! and an offline geocoder for a postal code or a town name.

use crate::FieldError;
use geo::{
    BoundingRect, Closest, ClosestPoint, Contains, Distance, Haversine, Intersects, LineString, MultiPolygon, Point,
    Polygon, Rect,
};
use std::collections::HashMap;
use std::sync::OnceLock;

const KOMMUNER_GEOJSON: &str = include_str!("../../../data/dk/kommuner.geojson");
const KOMMUNEGRUPPER_CSV: &str = include_str!("../../../data/dk/kommunegrupper.csv");
const POSTNUMRE_CSV: &str = include_str!("../../../data/dk/postnumre.csv");
const BYER_CSV: &str = include_str!("../../../data/dk/byer.csv");
const STEDER_CSV: &str = include_str!("../../../data/dk/steder.csv");

#[derive(Debug, Clone, serde::Serialize)]
pub struct Municipality {
    /// The official 4-digit code, e.g. "0101".
    pub code: String,
    pub name: String,
    pub region_code: String,
    pub region_name: String,
    /// Danmarks Statistik's municipality group (1 capital … 5 rural).
    pub group_code: u8,
    pub group_name: String,
    pub population: u32,
}

impl Municipality {
    /// Urban per Danmarks Statistik's groups 1–3, rural for 4–5 (commuter and rural).
    pub fn is_rural(&self) -> bool {
        self.group_code >= 4
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct PostalCode {
    pub code: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub municipality_code: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Town {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u32,
    pub municipality_code: String,
}

pub struct Geodata {
    boundaries: Vec<Boundary>,
    municipalities: Vec<Municipality>,
    by_code: HashMap<String, usize>,
    postal_codes: Vec<PostalCode>,
    towns: Vec<Town>,
    /// Every name the geocoder knows, folded for matching.
    names: Vec<Name>,
}

/// A name the geocoder matches: a postal code's, a town's, a municipality's, or a district's or
/// island's (from `steder.csv`, placed at its main postal code).
struct Name {
    folded: String,
    postal_code: Option<String>,
    kind: NameKind,
    population: u32,
    place: Place,
}

/// What a name is, in the order an exact match ranks.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum NameKind {
    PostalCode,
    Town,
    Municipality,
    DistrictOrIsland,
}

/// How far off the simplified coastline a point may lie and still belong to the nearest
/// municipality. The farthest postal code centre lies 7.2 km out (1433 København K, a sea fort in
/// the Øresund; the small islands' codes lie up to 2.7 km out), checked by a test; Sweden's coast
/// lies farther than this from Denmark's islands.
pub const COAST_KM: f64 = 8.0;

/// The embedded data, parsed once. The files are part of the build, so a parse error is a bug.
pub fn geodata() -> &'static Geodata {
    static DATA: OnceLock<Geodata> = OnceLock::new();
    DATA.get_or_init(Geodata::load)
}

#[derive(serde::Deserialize)]
struct FeatureCollection {
    features: Vec<Feature>,
}
#[derive(serde::Deserialize)]
struct Feature {
    properties: KommuneProps,
    geometry: Geometry,
}
/// GeoJSON (Multi)Polygon coordinates: [lon, lat] pairs in rings in polygons.
#[derive(serde::Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    Polygon(Vec<Vec<[f64; 2]>>),
    MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
}

impl Geometry {
    fn into_multi_polygon(self) -> MultiPolygon<f64> {
        let polygon = |rings: Vec<Vec<[f64; 2]>>| {
            let mut rings =
                rings.into_iter().map(|r| LineString::from(r.into_iter().map(|[x, y]| (x, y)).collect::<Vec<_>>()));
            let exterior = rings.next().unwrap_or_else(|| LineString::new(Vec::new()));
            Polygon::new(exterior, rings.collect())
        };
        match self {
            Geometry::Polygon(rings) => MultiPolygon::new(vec![polygon(rings)]),
            Geometry::MultiPolygon(polygons) => MultiPolygon::new(polygons.into_iter().map(polygon).collect()),
        }
    }
}

/// A municipality's boundary with its bounding box, for point-in-polygon lookups.
struct Boundary {
    code: String,
    bbox: Rect<f64>,
    shape: MultiPolygon<f64>,
}
#[derive(serde::Deserialize)]
struct KommuneProps {
    kode: String,
    regionkode: String,
    regionnavn: String,
}

#[derive(serde::Deserialize)]
struct GroupRow {
    kode: String,
    navn: String,
    kommunegruppe_kode: u8,
    kommunegruppe: String,
    folketal: u32,
}

#[derive(serde::Deserialize)]
struct PostalRow {
    nr: String,
    navn: String,
    lat: f64,
    lon: f64,
    kommunekode: String,
}

#[derive(serde::Deserialize)]
struct PlaceRow {
    navn: String,
    postnr: String,
}

#[derive(serde::Deserialize)]
struct TownRow {
    name: String,
    lat: f64,
    lon: f64,
    population: u32,
    kommunekode: String,
}

fn read_csv<T: serde::de::DeserializeOwned>(text: &str) -> Vec<T> {
    csv::Reader::from_reader(text.as_bytes()).deserialize().collect::<Result<_, _>>().expect("embedded CSV is valid")
}

impl Geodata {
    fn load() -> Self {
        let features =
            serde_json::from_str::<FeatureCollection>(KOMMUNER_GEOJSON).expect("embedded GeoJSON is valid").features;
        let mut regions: HashMap<String, (String, String)> = HashMap::new();
        let mut boundaries = Vec::with_capacity(features.len());
        for f in features {
            let shape = f.geometry.into_multi_polygon();
            let bbox = shape.bounding_rect().expect("a municipality has a shape");
            boundaries.push(Boundary { code: f.properties.kode.clone(), bbox, shape });
            regions.insert(f.properties.kode, (f.properties.regionkode, f.properties.regionnavn));
        }
        let municipalities: Vec<Municipality> = read_csv::<GroupRow>(KOMMUNEGRUPPER_CSV)
            .into_iter()
            .map(|r| {
                let (region_code, region_name) = regions[&r.kode].clone();
                Municipality {
                    code: r.kode,
                    name: r.navn,
                    region_code,
                    region_name,
                    group_code: r.kommunegruppe_kode,
                    group_name: r.kommunegruppe,
                    population: r.folketal,
                }
            })
            .collect();
        let by_code = municipalities.iter().enumerate().map(|(i, m)| (m.code.clone(), i)).collect();
        let postal_codes: Vec<PostalCode> = read_csv::<PostalRow>(POSTNUMRE_CSV)
            .into_iter()
            .map(|r| PostalCode { code: r.nr, name: r.navn, lat: r.lat, lon: r.lon, municipality_code: r.kommunekode })
            .collect();
        let towns: Vec<Town> = read_csv::<TownRow>(BYER_CSV)
            .into_iter()
            .map(|r| Town {
                name: danish_town_name(r.name),
                lat: r.lat,
                lon: r.lon,
                population: r.population,
                municipality_code: r.kommunekode,
            })
            .collect();
        let names = names(&municipalities, &postal_codes, &towns);
        Self { boundaries, municipalities, by_code, postal_codes, towns, names }
    }

    /// All 98 municipalities, sorted by name (Danish order: æ, ø, å last).
    pub fn municipalities(&self) -> Vec<&Municipality> {
        let mut all: Vec<_> = self.municipalities.iter().collect();
        all.sort_by_key(|m| danish_sort_key(&m.name));
        all
    }

    pub fn municipality(&self, code: &str) -> Option<&Municipality> {
        self.by_code.get(code).map(|&i| &self.municipalities[i])
    }

    /// A region's name by its code ("1084" → "Region Hovedstaden").
    pub fn region_name(&self, code: &str) -> Option<&str> {
        self.municipalities.iter().find(|m| m.region_code == code).map(|m| m.region_name.as_str())
    }

    /// The municipality a point lies in, or for a point just off the coast the nearest one
    /// within [`COAST_KM`]: the borders are simplified, so harbours, fjords and the centres of
    /// island postal codes fall in the water. A point out at sea lies in none.
    pub fn municipality_at(&self, lat: f64, lon: f64) -> Option<&Municipality> {
        self.municipality_containing(lat, lon).or_else(|| {
            let boundary = self.nearest_boundary(Point::new(lon, lat))?;
            self.municipality(&boundary.code)
        })
    }

    /// The municipality whose simplified border contains a point, with no allowance for the coast
    /// (for generated points, which should fall on land as drawn).
    pub fn municipality_containing(&self, lat: f64, lon: f64) -> Option<&Municipality> {
        let point = Point::new(lon, lat);
        let boundary =
            self.boundaries.iter().filter(|b| b.bbox.intersects(&point)).find(|b| b.shape.contains(&point))?;
        self.municipality(&boundary.code)
    }

    /// The boundary closest to a point outside all of them, if within [`COAST_KM`].
    fn nearest_boundary(&self, point: Point<f64>) -> Option<&Boundary> {
        // a box around the point wide enough for COAST_KM in any direction (1° latitude ≈ 111 km)
        let dlat = COAST_KM / 111.0;
        let dlon = dlat / point.y().to_radians().cos();
        let reach = Rect::new((point.x() - dlon, point.y() - dlat), (point.x() + dlon, point.y() + dlat));
        self.boundaries
            .iter()
            .filter(|b| b.bbox.intersects(&reach))
            .filter_map(|b| match b.shape.closest_point(&point) {
                Closest::Intersection(p) | Closest::SinglePoint(p) => Some((Haversine.distance(point, p), b)),
                Closest::Indeterminate => None,
            })
            .filter(|(metres, _)| *metres <= COAST_KM * 1000.0)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, b)| b)
    }

    /// Every municipality's code and boundary (lon/lat), for drawing maps.
    pub fn outlines(&self) -> impl Iterator<Item = (&str, &MultiPolygon<f64>)> {
        self.boundaries.iter().map(|b| (b.code.as_str(), &b.shape))
    }

    /// Whether a point is within Denmark's bounding box (land and near waters).
    pub fn in_denmark_box(lat: f64, lon: f64) -> bool {
        (54.4..=57.9).contains(&lat) && (7.9..=15.3).contains(&lon)
    }

    /// The postal code whose point is closest to a point in a municipality, as the label people
    /// write ("8000 Aarhus C"): what a meal's place reads as when its form is shown again.
    pub fn postal_label_near(&self, lat: f64, lon: f64, municipality_code: &str) -> Option<String> {
        let point = Point::new(lon, lat);
        let distance = |p: &PostalCode| Haversine.distance(point, Point::new(p.lon, p.lat));
        self.postal_codes
            .iter()
            .filter(|p| p.municipality_code == municipality_code)
            .min_by(|a, b| distance(a).total_cmp(&distance(b)))
            .map(|p| Place::from_postal(p).label)
    }

    pub fn postal_codes(&self) -> &[PostalCode] {
        &self.postal_codes
    }

    pub fn towns(&self) -> &[Town] {
        &self.towns
    }

    /// Finds a place as people write it: a postal code ("8000"), a code with its name ("8000
    /// Aarhus C"), a postal name, town, municipality, district or island ("Nørrebro",
    /// "Bornholm"), in old or new spelling ("Århus" = "Aarhus"). Exact matches come before names
    /// that begin with the query, bigger towns before smaller; at most `limit`.
    pub fn geocode(&self, query: &str, limit: usize) -> Vec<Place> {
        let folded = fold(query);
        let (code, name) = match folded.split_once(' ') {
            Some((code, name)) if is_postal_code(code) => (Some(code), name),
            _ if is_postal_code(&folded) => (Some(folded.as_str()), ""),
            _ => (None, folded.as_str()),
        };
        if code.is_none() && name.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<((u8, NameKind, u32), &Place)> = Vec::new();
        for n in &self.names {
            let rank = match code {
                // the code decides; a name that disagrees with it only ranks the place lower
                Some(code) if n.kind == NameKind::PostalCode && n.postal_code.as_deref() == Some(code) => {
                    if name.is_empty() || n.folded == name { 0 } else { 3 }
                }
                Some(_) => continue,
                None if n.folded == name => 1,
                None if n.folded.starts_with(name) => 2,
                None => continue,
            };
            hits.push(((rank, n.kind, u32::MAX - n.population), &n.place));
        }
        hits.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.label.cmp(&b.1.label)));
        let mut seen = std::collections::HashSet::new();
        hits.into_iter().map(|(_, p)| p).filter(|p| seen.insert(&p.label)).take(limit).cloned().collect()
    }
}

fn is_postal_code(s: &str) -> bool {
    s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())
}

/// A name as the geocoder compares it: lower case, single spaces, no full stops or commas, and
/// æ, ø, å written the old way (ae, oe, aa), so "Århus", "Aarhus" and "AARHUS" are one name.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.to_lowercase().chars() {
        match c {
            'å' => out.push_str("aa"),
            'æ' => out.push_str("ae"),
            'ø' => out.push_str("oe"),
            '.' => {}
            c if c == ',' || c.is_whitespace() => out.push(' '),
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn names(municipalities: &[Municipality], postal_codes: &[PostalCode], towns: &[Town]) -> Vec<Name> {
    let postal = |code: &str| postal_codes.iter().find(|p| p.code == code);
    let mut names: Vec<Name> = postal_codes
        .iter()
        .map(|p| Name {
            folded: fold(&p.name),
            postal_code: Some(p.code.clone()),
            kind: NameKind::PostalCode,
            population: 0,
            place: Place::from_postal(p),
        })
        .collect();
    names.extend(towns.iter().map(|t| Name {
        folded: fold(&t.name),
        postal_code: None,
        kind: NameKind::Town,
        population: t.population,
        place: Place::from_town(t),
    }));
    // a municipality is found at its biggest town, or else at its first postal code
    for m in municipalities {
        let biggest = towns.iter().filter(|t| t.municipality_code == m.code).max_by_key(|t| t.population);
        let at = biggest
            .map(|t| (t.lat, t.lon))
            .or_else(|| postal_codes.iter().find(|p| p.municipality_code == m.code).map(|p| (p.lat, p.lon)));
        if let Some((lat, lon)) = at {
            names.push(Name {
                folded: fold(&m.name),
                postal_code: None,
                kind: NameKind::Municipality,
                population: m.population,
                place: Place { label: m.name.clone(), lat, lon, municipality_code: m.code.clone() },
            });
        }
    }
    for row in read_csv::<PlaceRow>(STEDER_CSV) {
        let p = postal(&row.postnr).expect("steder.csv names postal codes that exist");
        names.push(Name {
            folded: fold(&row.navn),
            postal_code: None,
            kind: NameKind::DistrictOrIsland,
            population: 0,
            place: Place { label: row.navn, lat: p.lat, lon: p.lon, municipality_code: p.municipality_code.clone() },
        });
    }
    names
}

/// A geocoded place.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Place {
    pub label: String,
    pub lat: f64,
    pub lon: f64,
    pub municipality_code: String,
}

impl Place {
    fn from_postal(p: &PostalCode) -> Self {
        Self {
            label: format!("{} {}", p.code, p.name),
            lat: p.lat,
            lon: p.lon,
            municipality_code: p.municipality_code.clone(),
        }
    }

    fn from_town(t: &Town) -> Self {
        Self { label: t.name.clone(), lat: t.lat, lon: t.lon, municipality_code: t.municipality_code.clone() }
    }
}

/// GeoNames gives a few towns their English or older names; people here write them in Danish.
fn danish_town_name(name: String) -> String {
    match name.as_str() {
        "Copenhagen" => "København".into(),
        "Århus" => "Aarhus".into(),
        "Elsinore" => "Helsingør".into(),
        _ => name,
    }
}

/// Sort key that puts æ, ø, å (and "aa", read as å) after z, as Danish readers expect.
pub fn danish_sort_key(s: &str) -> String {
    s.to_lowercase()
        .replace("aa", "å")
        .chars()
        .map(|c| match c {
            'æ' => '{',
            'ø' => '|',
            'å' => '}',
            c => c,
        })
        .collect()
}

/// A municipality code that exists.
pub fn parse_municipality_code(input: &str) -> Result<String, FieldError> {
    let code = input.trim();
    if code.is_empty() {
        return Err(FieldError::new("required"));
    }
    geodata().municipality(code).map(|m| m.code.clone()).ok_or(FieldError::new("unknown-municipality"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_98_municipalities_in_5_regions() {
        let g = geodata();
        assert_eq!(g.municipalities().len(), 98);
        let regions: std::collections::HashSet<_> = g.municipalities().iter().map(|m| m.region_code.clone()).collect();
        assert_eq!(regions.len(), 5);
        let kbh = g.municipality("0101").unwrap();
        assert_eq!(kbh.name, "København");
        assert_eq!(kbh.region_name, "Region Hovedstaden");
        assert_eq!(g.region_name(&kbh.region_code), Some("Region Hovedstaden"));
        assert_eq!(g.region_name("9999"), None);
        assert!(!kbh.is_rural());
        assert!(g.municipality("0825").unwrap().is_rural(), "Læsø is rural");
    }

    #[test]
    fn danish_order_puts_aa_last() {
        let names: Vec<_> = geodata().municipalities().iter().map(|m| m.name.clone()).collect();
        assert_eq!(names[names.len() - 4..], ["Ærø", "Aabenraa", "Aalborg", "Aarhus"]);
    }

    #[test]
    fn geocodes_postal_codes_and_towns() {
        let g = geodata();
        let hit = &g.geocode("8000", 5)[0];
        assert_eq!(hit.label, "8000 Aarhus C");
        assert_eq!(hit.municipality_code, "0751");
        let skagen = &g.geocode("skagen", 5)[0];
        assert_eq!(skagen.municipality_code, "0813");
        assert!(g.geocode("zzzz-ingen", 5).is_empty());
        assert!(g.geocode("", 5).is_empty());
    }

    #[test]
    fn the_place_search_accepts_the_forms_danes_write() {
        let g = geodata();
        let first = |q: &str| g.geocode(q, 5).into_iter().next().map(|p| p.label);
        assert_eq!(first("8000 Aarhus C").as_deref(), Some("8000 Aarhus C"));
        assert_eq!(first("8000 århus c").as_deref(), Some("8000 Aarhus C"), "a code with the old spelling");
        assert_eq!(first("4000 Roskilde").as_deref(), Some("4000 Roskilde"));
        assert_eq!(first("5000 Odense C.").as_deref(), Some("5000 Odense C"));
        assert_eq!(first("  2200   København N ").as_deref(), Some("2200 København N"));
        assert_eq!(first("8000 Odense").as_deref(), Some("8000 Aarhus C"), "the code decides");
        assert_eq!(first("Århus"), first("Aarhus"));
        assert_eq!(first("Århus").as_deref(), Some("Aarhus"));
        assert_eq!(first("aabenraa").as_deref(), Some("6200 Aabenraa"));
        assert_eq!(first("Åbenrå").as_deref(), Some("6200 Aabenraa"));
        assert_eq!(first("Noerrebro").as_deref(), Some("Nørrebro"));
        let norrebro = &g.geocode("Nørrebro", 1)[0];
        assert_eq!(norrebro.municipality_code, "0101");
        for (island, municipality) in [
            ("Bornholm", "0400"),
            ("Samsø", "0741"),
            ("Fanø", "0563"),
            ("Læsø", "0825"),
            ("Møn", "0390"),
            ("Als", "0540"),
        ] {
            let hit = &g.geocode(island, 1)[0];
            assert!(hit.label.ends_with(island), "{island}: {hit:?}");
            assert_eq!(hit.municipality_code, municipality, "{island}");
        }
    }

    #[test]
    fn the_place_search_ranks_exact_names_and_bigger_towns_first() {
        let g = geodata();
        let labels: Vec<_> = g.geocode("Aarhus", 4).into_iter().map(|p| p.label).collect();
        assert_eq!(labels[0], "Aarhus", "the town before its postal districts: {labels:?}");
        assert!(labels[1..].iter().all(|l| l.contains("Aarhus ")), "{labels:?}");
        let labels: Vec<_> = g.geocode("Roskilde", 3).into_iter().map(|p| p.label).collect();
        assert_eq!(labels[0], "4000 Roskilde", "{labels:?}");
        assert!(g.geocode("8000 Aarhus C", 10).len() == 1, "one place for a full postal address");
    }

    #[test]
    fn points_are_located_in_their_municipality() {
        let g = geodata();
        let at = |lat, lon| g.municipality_at(lat, lon).map(|m| m.name.as_str());
        assert_eq!(at(55.6761, 12.5683), Some("København"), "Københavns Rådhus");
        assert_eq!(at(55.6786, 12.5310), Some("Frederiksberg"), "an enclave inside København");
        assert_eq!(at(56.1572, 10.2107), Some("Aarhus"), "Aarhus Domkirke");
        assert_eq!(at(57.7209, 10.5839), Some("Frederikshavn"), "Skagen");
        assert_eq!(at(56.5, 11.5), None, "the Kattegat");
        assert_eq!(at(55.30, 7.95), None, "the North Sea, west of Rømø");
        // every postal code's point with a DAGI source lies in its own municipality
        let mismatches = g
            .postal_codes()
            .iter()
            .filter(|p| g.municipality_at(p.lat, p.lon).is_some_and(|m| m.code != p.municipality_code))
            .count();
        assert!(mismatches < 5, "{mismatches} postal points outside their municipality");
    }

    #[test]
    fn every_postal_code_centre_lies_in_a_municipality() {
        let g = geodata();
        let outside: Vec<_> = g
            .postal_codes()
            .iter()
            .filter(|p| g.municipality_at(p.lat, p.lon).is_none())
            .map(|p| format!("{} {}", p.code, p.name))
            .collect();
        assert!(outside.is_empty(), "{outside:?}");
        for (code, municipality) in [("4000", "Roskilde"), ("5800", "Nyborg"), ("8240", "Aarhus"), ("8305", "Samsø")] {
            let p = g.postal_codes().iter().find(|p| p.code == code).unwrap();
            assert_eq!(g.municipality_at(p.lat, p.lon).map(|m| m.name.as_str()), Some(municipality), "{code}");
        }
    }

    #[test]
    fn a_point_far_out_at_sea_lies_in_no_municipality() {
        let g = geodata();
        let at = |lat, lon| g.municipality_at(lat, lon).map(|m| m.name.as_str());
        assert_eq!(at(56.95, 11.0), None, "mid-Kattegat, 25 km from Læsø");
        assert_eq!(at(55.60, 13.0), None, "Malmö's harbour, across the Øresund");
    }

    #[test]
    fn a_point_reads_as_its_nearest_postal_code_in_its_municipality() {
        let g = geodata();
        assert_eq!(g.postal_label_near(56.1500, 10.1970, "0751").as_deref(), Some("8000 Aarhus C"));
        assert_eq!(g.postal_label_near(55.65647, 12.06373, "0265").as_deref(), Some("4000 Roskilde"));
    }

    #[test]
    fn municipality_codes_must_exist() {
        assert_eq!(parse_municipality_code("0101").unwrap(), "0101");
        assert_eq!(parse_municipality_code("9999").unwrap_err().code, "unknown-municipality");
    }
}

//! Grid clustering of map points for a zoom level, so a map of thousands of meals sends a few
//! hundred markers. Points are projected to Web Mercator pixels (256-pixel tiles, as Leaflet
//! draws them) and grouped by square cells of a fixed pixel size; a cluster sits at the mean
//! of its points, not at its cell's centre, so it stays where the meals are.

/// The deepest zoom a map asks for (Leaflet's usual maximum is 18–19).
pub const MAX_ZOOM: u8 = 20;

/// A rectangle of latitudes and longitudes (no crossing of the antimeridian).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    pub south: f64,
    pub west: f64,
    pub north: f64,
    pub east: f64,
}

impl BBox {
    /// A valid box, or the reason it is not (a stable code for an error message).
    pub fn new(south: f64, west: f64, north: f64, east: f64) -> Result<Self, &'static str> {
        if ![south, west, north, east].iter().all(|v| v.is_finite()) {
            return Err("bbox-not-a-number");
        }
        if !(-90.0..=90.0).contains(&south) || !(-90.0..=90.0).contains(&north) {
            return Err("bbox-latitude-range");
        }
        if !(-180.0..=180.0).contains(&west) || !(-180.0..=180.0).contains(&east) {
            return Err("bbox-longitude-range");
        }
        if south > north || west > east {
            return Err("bbox-order");
        }
        Ok(Self { south, west, north, east })
    }

    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        (self.south..=self.north).contains(&lat) && (self.west..=self.east).contains(&lon)
    }

    pub fn center(&self) -> (f64, f64) {
        ((self.south + self.north) / 2.0, (self.west + self.east) / 2.0)
    }
}

/// Points that fell into one grid cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub lat: f64,
    pub lon: f64,
    pub count: usize,
    /// Index (in the input) of one point of the cluster: the point itself when `count == 1`.
    pub first: usize,
}

/// Web Mercator pixel coordinates of a point at a zoom level.
fn pixel(lat: f64, lon: f64, zoom: u8) -> (f64, f64) {
    let size = 256.0 * f64::from(1u32 << zoom.min(MAX_ZOOM));
    // Mercator is undefined at the poles; Leaflet clamps to the same latitude.
    let lat = lat.clamp(-85.051_128, 85.051_128).to_radians();
    let x = (lon + 180.0) / 360.0 * size;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * size;
    (x, y)
}

/// Groups `points` (lat, lon) into cells of `cell_px` pixels at `zoom`. Every point lands in
/// exactly one cluster; the result is ordered by cell, so the same input gives the same output.
pub fn grid(points: &[(f64, f64)], zoom: u8, cell_px: f64) -> Vec<Cluster> {
    let mut cells: std::collections::BTreeMap<(i64, i64), Cluster> = std::collections::BTreeMap::new();
    for (i, &(lat, lon)) in points.iter().enumerate() {
        let (x, y) = pixel(lat, lon, zoom);
        let key = ((x / cell_px).floor() as i64, (y / cell_px).floor() as i64);
        let c = cells.entry(key).or_insert(Cluster { lat: 0.0, lon: 0.0, count: 0, first: i });
        // sums now, means below
        c.lat += lat;
        c.lon += lon;
        c.count += 1;
    }
    cells.into_values().map(|c| Cluster { lat: c.lat / c.count as f64, lon: c.lon / c.count as f64, ..c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(clusters: &[Cluster]) -> usize {
        clusters.iter().map(|c| c.count).sum()
    }

    #[test]
    fn every_point_lands_in_exactly_one_cluster() {
        let points: Vec<(f64, f64)> =
            (0..10_000).map(|i| (54.6 + f64::from(i % 100) * 0.03, 8.1 + f64::from(i / 100) * 0.07)).collect();
        for zoom in [0, 5, 7, 10, 14] {
            assert_eq!(total(&grid(&points, zoom, 60.0)), 10_000, "zoom {zoom}");
        }
    }

    #[test]
    fn zooming_in_splits_clusters() {
        // Copenhagen and Aarhus: one cluster for the country, two for a region
        let points = [(55.676, 12.568), (55.677, 12.570), (56.157, 10.211)];
        assert_eq!(grid(&points, 3, 60.0).len(), 1);
        let zoomed = grid(&points, 8, 60.0);
        assert_eq!(zoomed.len(), 2);
        let cph = zoomed.iter().find(|c| c.count == 2).unwrap();
        assert!((cph.lat - 55.6765).abs() < 1e-9 && (cph.lon - 12.569).abs() < 1e-9);
        let aarhus = zoomed.iter().find(|c| c.count == 1).unwrap();
        assert_eq!(aarhus.first, 2);
        assert_eq!((aarhus.lat, aarhus.lon), points[2]);
        // at street level the two Copenhagen meals are apart too
        assert_eq!(grid(&points, 18, 60.0).len(), 3);
    }

    #[test]
    fn no_points_no_clusters() {
        assert!(grid(&[], 7, 60.0).is_empty());
    }

    #[test]
    fn bounding_boxes_are_checked() {
        assert_eq!(BBox::new(56.0, 8.0, 55.0, 9.0), Err("bbox-order"));
        assert_eq!(BBox::new(54.0, 9.0, 55.0, 8.0), Err("bbox-order"));
        assert_eq!(BBox::new(-91.0, 8.0, 55.0, 9.0), Err("bbox-latitude-range"));
        assert_eq!(BBox::new(54.0, 8.0, 55.0, 181.0), Err("bbox-longitude-range"));
        assert_eq!(BBox::new(f64::NAN, 8.0, 55.0, 9.0), Err("bbox-not-a-number"));
        let b = BBox::new(54.5, 8.0, 57.8, 15.2).unwrap();
        assert!(b.contains(55.676, 12.568));
        assert!(!b.contains(59.9, 10.7), "Oslo is outside");
    }
}

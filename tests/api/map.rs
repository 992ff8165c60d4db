//! The zoomable maps' data: clustered meals for a view (`mealClusters`), the relay's spread by
//! week, the municipality borders as GeoJSON, Leaflet served from the binary, and the tile
//! setting with its CSP. Also the import page's skip reasons, shown in Danish.

use crate::helpers::*;
use chrono::{DateTime, Duration, Utc};
use reqwest::Method;
use rygrad_domain::meal::MealPlan;
use rygrad_store::meals::{GeneratedMeal, MealOwner};
use serde_json::{Value, json};

/// ISO 8601 in UTC without a `+` that a query string would need escaped.
fn iso(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

const DENMARK: &str = "south=54.5&west=8.0&north=57.8&east=15.3";

/// Creates a listed meal through the API at a point, `days` ahead; returns its id and baton code.
async fn meal_at(
    c: &Client,
    token: &str,
    title: &str,
    (lat, lon): (f64, f64),
    days: i64,
    parent: Option<&str>,
) -> (i64, String) {
    let mut body = meal_body(days, json!({ "title": title, "lat": lat, "lon": lon, "capacity": 10 }));
    if let Some(code) = parent {
        body["baton_code"] = json!(code);
    }
    let (status, created) = c.send_json(Method::POST, "/api/v1/meals", Some(token), &body).await;
    assert_eq!(status, 201, "{created}");
    (created["id"].as_i64().unwrap(), created["baton_code"].as_str().unwrap().to_owned())
}

fn counts(clusters: &Value) -> Vec<u64> {
    clusters["clusters"].as_array().unwrap().iter().map(|c| c["count"].as_u64().unwrap()).collect()
}

fn assert_adds_up(view: &Value) {
    assert_eq!(counts(view).iter().sum::<u64>(), view["total"].as_u64().unwrap(), "{view}");
}

const CPH: (f64, f64) = (55.6761, 12.5683);
const CPH_NEAR: (f64, f64) = (55.6790, 12.5730);
const AARHUS: (f64, f64) = (56.1572, 10.2107);
const SKAGEN: (f64, f64) = (57.7209, 10.5839);

#[tokio::test]
async fn clusters_add_up_split_when_zooming_in_and_stay_in_the_view() {
    let app = spawn_app().await;
    app.user("vaert@example.dk", false).await;
    let token = app.api_token("vaert@example.dk").await;
    let c = app.client();
    let (cph, _) = meal_at(&c, &token, "København A", CPH, 5, None).await;
    let (cph_near, _) = meal_at(&c, &token, "København B", CPH_NEAR, 6, None).await;
    meal_at(&c, &token, "Aarhus", AARHUS, 7, None).await;
    meal_at(&c, &token, "Skagen", SKAGEN, 8, None).await;
    // months ahead: on the map as in the finder's list, unless a period ends before it
    meal_at(&c, &token, "Odense senere", (55.3959, 10.3883), 90, None).await;

    // The country at zoom 6 for the next 60 days: the two Copenhagen meals in one cluster.
    let to = iso(Utc::now() + Duration::days(60));
    let (status, country) = c.get_json(&format!("/api/v1/meal-clusters?{DENMARK}&zoom=6&to={to}"), None).await;
    assert_eq!(status, 200, "{country}");
    assert_eq!(country["total"], 4);
    assert_adds_up(&country);
    let mut sizes = counts(&country);
    sizes.sort_unstable();
    assert_eq!(sizes, [1, 1, 2]);
    let pair = country["clusters"].as_array().unwrap().iter().find(|c| c["count"] == 2).unwrap();
    assert!(pair.get("meal_id").is_none() && pair.get("url").is_none(), "a cluster links no meal: {pair}");
    let lone = country["clusters"].as_array().unwrap().iter().find(|c| c["title"] == "Skagen").unwrap();
    assert!(lone["url"].as_str().unwrap().ends_with(&format!("/maaltider/{}", lone["meal_id"])), "{lone}");

    // Without an end, every upcoming meal.
    let (_, longer) = c.get_json(&format!("/api/v1/meal-clusters?{DENMARK}&zoom=6"), None).await;
    assert_eq!(longer["total"], 5);

    // Zoomed in on Copenhagen: the pair splits, and nothing from outside the view comes along.
    let (_, city) =
        c.get_json("/api/v1/meal-clusters?south=55.60&west=12.45&north=55.75&east=12.70&zoom=15", None).await;
    assert_eq!(city["total"], 2, "{city}");
    assert_eq!(counts(&city), [1, 1]);
    let mut ids: Vec<i64> =
        city["clusters"].as_array().unwrap().iter().map(|c| c["meal_id"].as_i64().unwrap()).collect();
    ids.sort_unstable();
    assert_eq!(ids, [cph, cph_near]);

    // A view of Jutland only.
    let (_, jutland) = c.get_json("/api/v1/meal-clusters?south=55.5&west=8.0&north=57.8&east=11.0&zoom=7", None).await;
    assert_eq!(jutland["total"], 2);
    assert_adds_up(&jutland);
    for cluster in jutland["clusters"].as_array().unwrap() {
        assert!(cluster["lon"].as_f64().unwrap() < 11.0, "{cluster}");
    }

    // Near a point: only the meals within the radius.
    let (_, near) = c
        .get_json(&format!("/api/v1/meal-clusters?{DENMARK}&zoom=6&near_lat=56.15&near_lon=10.2&radius_km=25"), None)
        .await;
    assert_eq!(near["total"], 1, "{near}");
    let (status, _) = c.get_json(&format!("/api/v1/meal-clusters?{DENMARK}&zoom=6&near_lat=56.15"), None).await;
    assert_eq!(status, 400, "a point without a radius");

    // A theme no meal has.
    let (_, themed) = c.get_json(&format!("/api/v1/meal-clusters?{DENMARK}&zoom=6&theme=elderly"), None).await;
    assert_eq!(themed["total"], 0);
    assert_eq!(themed["clusters"], json!([]));
}

#[tokio::test]
async fn bad_views_are_refused_with_a_message() {
    let app = spawn_app().await;
    let c = app.client();
    let from = iso(Utc::now());
    let before = iso(Utc::now() - Duration::days(1));
    for (query, says) in [
        ("south=56&west=8&north=55&east=15&zoom=6".to_owned(), "south skal være mindre end north"),
        ("south=54&west=15&north=57&east=8&zoom=6".to_owned(), "west mindre end east"),
        ("south=-95&west=8&north=55&east=15&zoom=6".to_owned(), "mellem -90 og 90"),
        ("south=54&west=8&north=57&east=190&zoom=6".to_owned(), "mellem -180 og 180"),
        (format!("{DENMARK}&zoom=21"), "zoom skal være mellem 0 og 20"),
        (format!("{DENMARK}&zoom=6&theme=unicorns"), "Ukendt tema"),
        (format!("{DENMARK}&zoom=6&from={from}&to={before}"), "to skal ligge efter from"),
        (DENMARK.to_owned(), "zoom"),
        ("south=abc&west=8&north=57&east=15&zoom=6".to_owned(), "south"),
        (format!("{DENMARK}&zoom=6&from=i-morgen"), "from"),
    ] {
        let (status, body) = c.get_json(&format!("/api/v1/meal-clusters?{query}"), None).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert_eq!(body["error"], "bad-request");
        assert!(body["message"].as_str().unwrap().contains(says), "{query}: {body}");
    }
}

#[tokio::test]
async fn a_view_of_thousands_of_meals_is_clustered() {
    let app = spawn_app().await;
    let first = app.store.max_meal_id().await.unwrap() + 1;
    let starts: DateTime<Utc> = Utc::now() + Duration::days(3);
    // 40 × 40 meals on a grid over mid-Jutland, 0.02° apart
    let meals: Vec<GeneratedMeal> = (0..1600)
        .map(|i| {
            let id = first + i;
            let plan = MealPlan {
                title: format!("Gittermåltid {i}"),
                lat: 55.9 + (i / 40) as f64 * 0.02,
                lon: 8.8 + (i % 40) as f64 * 0.02,
                municipality_code: "0657".into(),
                starts_at: starts,
                ends_at: starts + Duration::hours(3),
                capacity: 10,
                ..MealPlan::default()
            };
            GeneratedMeal {
                id,
                owner: MealOwner::default(),
                plan,
                seats_taken: 0,
                parent_id: None,
                root_id: id,
                generation: 1,
            }
        })
        .collect();
    app.store.insert_generated_meals(&meals).await.unwrap();
    let c = app.client();
    let (_, view) = c.get_json(&format!("/api/v1/meal-clusters?{DENMARK}&zoom=7"), None).await;
    assert_eq!(view["total"], 1600);
    assert_adds_up(&view);
    assert!(counts(&view).len() < 50, "{} clusters", counts(&view).len());
    // Deep in: lone meals carry their link even in a view of many meals.
    let (_, deep) = c.get_json("/api/v1/meal-clusters?south=55.85&west=8.75&north=56.75&east=9.6&zoom=14", None).await;
    assert_eq!(deep["total"], 1600);
    let lone: Vec<&Value> = deep["clusters"].as_array().unwrap().iter().filter(|c| c["count"] == 1).collect();
    assert!(!lone.is_empty());
    assert!(lone[0]["title"].as_str().unwrap().starts_with("Gittermåltid"), "{}", lone[0]);
}

#[tokio::test]
async fn the_relay_spreads_week_by_week() {
    let app = spawn_app().await;
    app.user("vaert@example.dk", false).await;
    let token = app.api_token("vaert@example.dk").await;
    let c = app.client();
    let (_, root) = meal_at(&c, &token, "Første", CPH, 2, None).await;
    let (_, child) = meal_at(&c, &token, "Anden", AARHUS, 9, Some(&root)).await;
    meal_at(&c, &token, "Tredje", SKAGEN, 16, Some(&child)).await;
    meal_at(&c, &token, "Fjerde", SKAGEN, 17, Some(&child)).await;

    let (status, spread) = c.get_json(&format!("/api/v1/relays/{root}/spread"), None).await;
    assert_eq!(status, 200, "{spread}");
    let weeks = spread["weeks"].as_array().unwrap();
    assert!((3..=4).contains(&weeks.len()), "{spread}");
    assert!(weeks.windows(2).all(|w| w[0].as_str() < w[1].as_str()), "weeks in order: {spread}");
    let points = spread["points"].as_array().unwrap();
    assert_eq!(points.iter().map(|p| p[3].as_u64().unwrap()).sum::<u64>(), 4);
    assert_eq!(points[0][0], 0, "the first meal in the first week");
    assert!((points[0][1].as_f64().unwrap() - CPH.0).abs() < 0.001);

    let (_, national) = c.get_json("/api/v1/relay-spread", None).await;
    assert!(national["points"].as_array().unwrap().iter().map(|p| p[3].as_u64().unwrap()).sum::<u64>() >= 3);

    assert_eq!(c.get_json("/api/v1/relays/ZZZZZZ/spread", None).await.0, 404);
    let page = c.get(&format!("/stafet/{root}")).await.body;
    assert!(page.contains(&format!("data-relay-spread=\"/api/v1/relays/{root}/spread\"")), "the slider's data");
    assert!(page.contains("Spredningen uge for uge"));
}

#[tokio::test]
async fn borders_leaflet_and_tiles_are_served() {
    let app = spawn_app().await;
    let c = app.client();
    let response = c.http.get(format!("{}/assets/kommuner.geojson", app.address)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/geo+json");
    assert!(response.headers()["cache-control"].to_str().unwrap().contains("max-age"));
    let geojson: Value = response.json().await.unwrap();
    assert_eq!(geojson["type"], "FeatureCollection");
    let features = geojson["features"].as_array().unwrap();
    assert_eq!(features.len(), 98);
    let aarhus = features.iter().find(|f| f["properties"]["code"] == "0751").unwrap();
    assert_eq!(aarhus["properties"]["name"], "Aarhus");
    assert_eq!(aarhus["geometry"]["type"], "MultiPolygon");

    let leaflet = c.http.get(format!("{}/assets/vendor/leaflet/dist/leaflet.js", app.address)).send().await.unwrap();
    assert_eq!(leaflet.status(), 200);
    assert_eq!(leaflet.headers()["content-type"], "text/javascript");
    assert!(leaflet.text().await.unwrap().contains("Leaflet 1.9.4"));
    assert_eq!(c.get("/assets/vendor/leaflet/package.json").await.status, 404);
    assert_eq!(c.get("/assets/vendor/../../Cargo.toml").await.status, 404);

    // Offline by default: no tiles, and images from the site only.
    let (_, settings) = c.get_json("/assets/map.json", None).await;
    assert_eq!(settings["tiles"], Value::Null);
    let home = c.http.get(format!("{}/", app.address)).send().await.unwrap();
    let csp = home.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("img-src 'self' data:;"), "{csp}");
    let page = home.text().await.unwrap();
    assert!(
        page.contains("data-meal-map") && page.contains("/static/danmark.svg"),
        "Leaflet data and the SVG fallback"
    );

    let tiled = spawn_app_with(|config| {
        config.tile_url = Some("https://{s}.tiles.example.org/{z}/{x}/{y}.png".into());
        config.tile_attribution = "© Eksempelkort".into();
    })
    .await;
    let (_, settings) = tiled.client().get_json("/assets/map.json", None).await;
    assert_eq!(settings["tiles"]["url"], "https://{s}.tiles.example.org/{z}/{x}/{y}.png");
    assert_eq!(settings["tiles"]["attribution"], "© Eksempelkort");
    let home = tiled.client().http.get(format!("{}/", tiled.address)).send().await.unwrap();
    let csp = home.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("img-src 'self' data: https://*.tiles.example.org;"), "{csp}");
}

#[tokio::test]
async fn the_openapi_document_has_the_map_operations() {
    let app = spawn_app().await;
    let (_, doc) = app.client().get_json("/api/v1/openapi.json", None).await;
    assert_eq!(doc["paths"]["/api/v1/meal-clusters"]["get"]["operationId"], "mealClusters");
    assert_eq!(doc["paths"]["/api/v1/relay-spread"]["get"]["operationId"], "relaySpread");
    assert!(doc["paths"]["/api/v1/relays/{baton_code}/spread"]["get"].is_object());
}

#[tokio::test]
async fn the_import_page_gives_skip_reasons_in_danish() {
    let app = spawn_app().await;
    organisation(&app, "klubben").await;
    let admin = app.logged_in("admin@example.dk", true).await;
    let start = (Utc::now() + Duration::days(9)).format("%Y%m%dT170000Z").to_string();
    let event = |uid: &str, extra: &str| {
        format!("BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{start}\r\nSUMMARY:Spisning\r\n{extra}END:VEVENT\r\n")
    };
    let ics = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n{}{}END:VCALENDAR\r\n",
        event("aflyst@test", "LOCATION:9990 Skagen\r\nSTATUS:CANCELLED\r\n"),
        event("maanen@test", "LOCATION:Månen\r\n"),
    );
    let body = crate::import::import(&admin, "klubben", ics.into_bytes()).await;
    assert!(body.contains("<td>aflyst@test</td><td>Aflyst</td>"), "{body}");
    assert!(body.contains("Stedet &#34;Månen&#34; har intet dansk postnummer eller bynavn"), "{body}");
    assert!(!body.contains("cancelled") && !body.contains("has no Danish postal code"));
}

#[tokio::test]
async fn the_place_search_finds_postal_codes_with_names_old_spellings_districts_and_islands() {
    let app = spawn_app().await;
    let c = app.client();
    for (query, label) in [
        ("8000%20Aarhus%20C", "8000 Aarhus C"),
        ("4000%20Roskilde", "4000 Roskilde"),
        ("5000%20Odense%20C", "5000 Odense C"),
        ("%C3%85rhus", "Aarhus"),
        ("N%C3%B8rrebro", "Nørrebro"),
        ("Bornholm", "Bornholm"),
    ] {
        let (status, places) = c.get_json(&format!("/api/v1/geocode?q={query}"), None).await;
        assert_eq!(status, 200);
        assert_eq!(places[0]["label"], label, "{query}: {places}");
    }
    let page = c.get("/maaltider?sted=8000+Aarhus+C").await;
    assert!(page.body.contains("8000 Aarhus C") && !page.body.contains("sted-error"), "{}", page.body);
}

#[tokio::test]
async fn a_meal_pinned_at_a_postal_code_centre_in_the_fjord_is_hosted_in_roskilde() {
    let app = spawn_app().await;
    app.user("vaert@example.dk", false).await;
    let token = app.api_token("vaert@example.dk").await;
    let c = app.client();
    // 4000 Roskilde's centre, where the map pin lands, lies in the fjord on the simplified border
    let body = meal_body(5, json!({ "title": "Roskilde", "lat": 55.65647, "lon": 12.06373, "capacity": 10 }));
    let (status, created) = c.send_json(Method::POST, "/api/v1/meals", Some(&token), &body).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["municipality_code"], "0265", "{created}");
}

#[tokio::test]
async fn the_finders_map_shows_the_same_meals_as_its_list() {
    let app = spawn_app().await;
    app.user("vaert@example.dk", false).await;
    let token = app.api_token("vaert@example.dk").await;
    let c = app.client();
    let mut near_aarhus = Vec::new();
    for (i, days) in [3, 20, 75, 150].into_iter().enumerate() {
        let at = (AARHUS.0 + 0.002 * i as f64, AARHUS.1);
        near_aarhus.push(meal_at(&c, &token, &format!("Aarhus {i}"), at, days, None).await.0);
    }
    meal_at(&c, &token, "Skagen", SKAGEN, 3, None).await;

    let page = c.get("/maaltider?sted=8000").await.body;
    let mut listed: Vec<i64> =
        page.split("href=\"/maaltider/").skip(1).filter_map(|rest| rest.split('"').next()?.parse().ok()).collect();
    listed.sort_unstable();
    listed.dedup();
    near_aarhus.sort_unstable();
    assert_eq!(listed, near_aarhus, "the list has every upcoming meal near 8000");

    // the map asks for clusters with the query the page gives it
    let clusters = page
        .split("data-clusters=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&#38;", "&")
        .replace("&amp;", "&");
    let (status, view) = c.get_json(&format!("/api/v1/meal-clusters?{DENMARK}&zoom=18&{clusters}"), None).await;
    assert_eq!(status, 200, "{view}");
    let mut mapped: Vec<i64> =
        view["clusters"].as_array().unwrap().iter().map(|c| c["meal_id"].as_i64().unwrap()).collect();
    mapped.sort_unstable();
    assert_eq!(mapped, listed, "{clusters}");
}

#[tokio::test]
async fn the_edit_form_shows_the_meals_place() {
    let app = spawn_app().await;
    let host = app.logged_in("vaert@example.dk", false).await;
    let date = (Utc::now() + Duration::days(10)).date_naive().to_string();
    let fields = [
        ("title", "Suppe"),
        ("place", "4000 Roskilde"),
        ("date", date.as_str()),
        ("starts_at", "18:00"),
        ("ends_at", "21:00"),
        ("capacity", "10"),
    ];
    let created = host.post("/maaltider/ny", &fields).await;
    let location = created.location.expect("the meal is created");
    let form = host.get(&format!("{location}/rediger")).await.body;
    let place = form.split("name=\"place\"").nth(1).unwrap().split('>').next().unwrap();
    assert!(place.contains("value=\"4000 Roskilde\""), "{place}");
}

#[tokio::test]
async fn theme_feeds_have_danish_urls_and_the_finder_links_its_feed() {
    let app = spawn_app().await;
    let c = app.client();
    let feed = c.get("/kalender/tema/naboer.ics").await;
    assert_eq!(feed.status, 200);
    assert!(feed.body.starts_with("BEGIN:VCALENDAR"), "{}", feed.body);
    for (old, new) in [
        ("/kalender/tema/neighbours.ics", "/kalender/tema/naboer.ics"),
        ("/kalender/tema/across_generations", "/kalender/tema/paa-tvaers-af-generationer"),
    ] {
        let moved = c.get(old).await;
        assert_eq!(moved.status, 308, "{old}");
        assert_eq!(moved.location.as_deref(), Some(new));
    }
    assert_eq!(c.get("/kalender/tema/pirater.ics").await.status, 404);

    let all = c.get("/maaltider").await.body;
    assert!(all.contains("Abonnér på kalenderen"), "{all}");
    assert!(all.contains(r#"href="webcal://"#) && all.contains("/kalender.ics\""), "{all}");
    let neighbours = c.get("/maaltider?tema=neighbours").await.body;
    assert!(neighbours.contains("/kalender/tema/naboer.ics\""), "{neighbours}");
    let aarhus = c.get("/maaltider?sted=8000").await.body;
    assert!(aarhus.contains("/kalender/kommune/0751.ics\""), "{aarhus}");
}

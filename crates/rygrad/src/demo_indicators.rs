//! The municipal alliances' shared measurement in the demo: indicators under their goals with
//! years of figures for the municipality, its neighbours and the country, baselines and
//! targets, telling a story (some curves turn, one stays flat, one goes the wrong way). The
//! figures are invented; their sources name where such figures come from.

use crate::demo_meals::Random;
use rygrad_domain::indicator::{
    Frequency, IndicatorInput, Measurement, Period, PointInput, Unit, ValueSource, due_period,
};
use rygrad_store::Store;
use rygrad_store::audit::AuditActor;
use rygrad_store::indicators::Provenance;
use std::collections::HashMap;

const FIRST_YEAR: i32 = 2017;

/// How a figure moves: its level in the first year, its change per year before and after the
/// alliance's work took hold (`turn`), and how much it wobbles.
#[derive(Clone, Copy)]
struct Story {
    start: f64,
    before: f64,
    after: f64,
    turn: i32,
    wobble: f64,
}

struct Demo {
    name: &'static str,
    definition: &'static str,
    unit: &'static str,
    direction: &'static str,
    source: &'static str,
    owner: &'static str,
    /// Titles of the goals it measures.
    goals: &'static [&'static str],
    rule: &'static str,
    noise: f64,
    public: bool,
    baseline_year: i32,
    targets: &'static [(i32, f64)],
    /// `municipality` (the home municipality, its neighbours and the country) or `custom`
    /// (the initiative's own units).
    geography: &'static str,
    story: Story,
}

struct Alliance {
    slug: &'static str,
    home: &'static str,
    neighbours: &'static [&'static str],
    own_units: &'static [&'static str],
    indicators: &'static [Demo],
}

const fn story(start: f64, before: f64, after: f64, turn: i32, wobble: f64) -> Story {
    Story { start, before, after, turn, wobble }
}

const LEJRE: Alliance = Alliance {
    slug: "trivsel-lejre",
    home: "0350",
    neighbours: &["0265", "0316", "0259", "0329"],
    own_units: &["Allerslev Skole", "Hvalsø Skole", "Kirke Hyllinge Skole", "Osted Skole", "Trællerupskolen"],
    indicators: &[
        Demo {
            name: "Elever med høj trivsel",
            definition: "Andel af eleverne i 4.–9. klasse med høj generel trivsel i den nationale trivselsmåling.",
            unit: "%",
            direction: "up",
            source: "Den nationale trivselsmåling (demodata)",
            owner: "Lejre Kommune",
            goals: &["Alle børn og unge har mindst ét fællesskab"],
            rule: "target_path",
            noise: 1.0,
            public: true,
            baseline_year: 2019,
            targets: &[(2026, 92.0), (2028, 93.0)],
            geography: "municipality",
            story: story(88.0, -0.3, 0.9, 2020, 0.4),
        },
        Demo {
            name: "Børn der ofte føler sig ensomme",
            definition: "Andel af eleverne i 4.–9. klasse, der svarer «ofte» eller «meget tit» til, om de føler sig ensomme.",
            unit: "%",
            direction: "down",
            source: "Den nationale trivselsmåling (demodata)",
            owner: "Center for Social Udvikling",
            goals: &["Færre børn føler sig ensomme"],
            rule: "target_path",
            noise: 0.8,
            public: true,
            baseline_year: 2019,
            targets: &[(2025, 5.0), (2028, 4.0)],
            geography: "municipality",
            story: story(7.2, 0.2, 0.0, 2020, 0.3),
        },
        Demo {
            name: "Børn i en fritidsaktivitet",
            definition: "Andel af de 10–15-årige, der er medlem af mindst én forening.",
            unit: "%",
            direction: "up",
            source: "Foreningernes medlemstal (demodata)",
            owner: "Idrætsforeningen Lejre IF",
            goals: &["Flere børn deltager i fritidslivet", "80 % af børnene går til mindst én fritidsaktivitet"],
            rule: "target_path",
            noise: 1.5,
            public: true,
            baseline_year: 2018,
            targets: &[(2027, 80.0)],
            geography: "municipality",
            story: story(68.0, 0.2, 1.6, 2019, 0.8),
        },
        Demo {
            name: "Elevfravær",
            definition: "Gennemsnitligt fravær i folkeskolen i procent af skoledagene.",
            unit: "%",
            direction: "down",
            source: "Børne- og Undervisningsministeriets fraværsstatistik (demodata)",
            owner: "Lejre Kommune",
            goals: &["Alle børn og unge har mindst ét fællesskab"],
            rule: "trend",
            noise: 0.3,
            public: false,
            baseline_year: 2019,
            targets: &[(2028, 5.5)],
            geography: "municipality",
            story: story(5.4, 0.1, 0.35, 2021, 0.15),
        },
        Demo {
            name: "Forældre der kender de andre forældre i klassen",
            definition: "Andel af forældrene, der kender mindst halvdelen af de andre forældre i klassen.",
            unit: "%",
            direction: "up",
            source: "Alliancens forældreundersøgelse (demodata)",
            owner: "Forældrenetværket Trygge Børn",
            goals: &["Forældre kender hinanden på tværs af klassen"],
            rule: "target_path",
            noise: 2.0,
            public: false,
            baseline_year: 2019,
            targets: &[(2027, 70.0)],
            geography: "municipality",
            story: story(52.0, 0.0, 2.4, 2020, 1.2),
        },
        Demo {
            name: "Høj trivsel pr. skole",
            definition: "Andel af skolens elever i 4.–9. klasse med høj generel trivsel.",
            unit: "%",
            direction: "up",
            source: "Den nationale trivselsmåling, skoleniveau (demodata)",
            owner: "Lejre Kommune",
            goals: &["Trivselsmålingen deles med alle partnere hvert år"],
            rule: "trend",
            noise: 2.0,
            public: false,
            baseline_year: 2019,
            targets: &[],
            geography: "custom",
            story: story(87.0, -0.2, 0.8, 2020, 1.5),
        },
    ],
};

const HELSINGOER: Alliance = Alliance {
    slug: "lettere-liv-helsingoer",
    home: "0217",
    neighbours: &["0210", "0270", "0219"],
    own_units: &[],
    indicators: &[
        Demo {
            name: "Børn med overvægt ved skolestart",
            definition: "Andel af børnene i 0. klasse med overvægt eller svær overvægt ved sundhedsplejens måling.",
            unit: "%",
            direction: "down",
            source: "Børnedatabasen, indskolingsundersøgelsen (demodata)",
            owner: "Sundhedsplejen i Helsingør",
            goals: &["Færre børn med overvægt i 0. og 9. klasse"],
            rule: "target_path",
            noise: 0.8,
            public: true,
            baseline_year: 2018,
            targets: &[(2025, 11.0), (2030, 9.0)],
            geography: "municipality",
            story: story(13.5, 0.2, -0.45, 2019, 0.3),
        },
        Demo {
            name: "Børn med overvægt i 9. klasse",
            definition: "Andel af eleverne i 9. klasse med overvægt eller svær overvægt ved udskolingsundersøgelsen.",
            unit: "%",
            direction: "down",
            source: "Børnedatabasen, udskolingsundersøgelsen (demodata)",
            owner: "Sundhedsplejen i Helsingør",
            goals: &["Færre børn med overvægt i 0. og 9. klasse"],
            rule: "target_path",
            noise: 1.0,
            public: true,
            baseline_year: 2018,
            targets: &[(2026, 16.0), (2030, 14.0)],
            geography: "municipality",
            story: story(18.0, 0.3, 0.1, 2020, 0.4),
        },
        Demo {
            name: "Børn der spiser frugt og grønt hver dag",
            definition: "Andel af eleverne i 5.–9. klasse, der spiser frugt eller grønt hver dag.",
            unit: "%",
            direction: "up",
            source: "Skolebørnsundersøgelsen (demodata)",
            owner: "Madskolen Nordsjælland",
            goals: &["Sund mad i alle skoleboder"],
            rule: "target_path",
            noise: 2.0,
            public: true,
            baseline_year: 2019,
            targets: &[(2026, 60.0)],
            geography: "municipality",
            story: story(48.0, -0.4, 2.0, 2020, 1.0),
        },
        Demo {
            name: "Fysisk aktive børn",
            definition: "Andel af de 11–15-årige, der er fysisk aktive mindst 60 minutter om dagen.",
            unit: "%",
            direction: "up",
            source: "Skolebørnsundersøgelsen (demodata)",
            owner: "Helsingør Svømmeklub",
            goals: &["Flere familier bevæger sig sammen"],
            rule: "trend",
            noise: 1.5,
            public: true,
            baseline_year: 2019,
            targets: &[(2027, 30.0)],
            geography: "municipality",
            story: story(22.0, -0.3, -0.6, 2021, 0.7),
        },
        Demo {
            name: "Familier på familiehold",
            definition: "Familier, der har gennemført et familiehold med mad og bevægelse i årets løb.",
            unit: "familier",
            direction: "up",
            source: "Foreningen Aktive Familier, deltagerlister (demodata)",
            owner: "Foreningen Aktive Familier",
            goals: &["200 familier på familiehold om året"],
            rule: "target_path",
            noise: 10.0,
            public: false,
            baseline_year: 2018,
            targets: &[(2026, 200.0)],
            geography: "municipality",
            story: story(40.0, 5.0, 22.0, 2020, 6.0),
        },
        Demo {
            name: "Voksne med svær overvægt",
            definition: "Andel af de voksne med et BMI på 30 eller derover.",
            unit: "%",
            direction: "down",
            source: "Den Nationale Sundhedsprofil (demodata)",
            owner: "Helsingør Kommune",
            goals: &["Børn og familier i Helsingør lever sundere"],
            rule: "trend",
            noise: 0.8,
            public: true,
            baseline_year: 2017,
            targets: &[(2030, 16.0)],
            geography: "municipality",
            story: story(16.5, 0.35, 0.25, 2020, 0.3),
        },
    ],
};

pub async fn seed(store: &Store, by: &AuditActor) -> anyhow::Result<()> {
    for alliance in [LEJRE, HELSINGOER] {
        seed_alliance(store, by, &alliance).await?;
    }
    Ok(())
}

async fn seed_alliance(store: &Store, by: &AuditActor, a: &Alliance) -> anyhow::Result<()> {
    let Some(initiative) = store.initiative_by_slug(a.slug).await? else {
        return Ok(());
    };
    let id = initiative.row.id;
    if !store.indicators_of(id).await?.is_empty() {
        return Ok(());
    }
    let orgs: HashMap<String, String> =
        store.memberships_of_initiative(id).await?.into_iter().map(|(_, o)| (o.name, o.slug)).collect();
    let goals: HashMap<String, i64> = store.goals_of(id).await?.into_iter().map(|g| (g.title, g.id)).collect();
    let mut own_units = Vec::new();
    for name in a.own_units {
        own_units.push(Unit::Custom(store.create_indicator_unit(id, name, by).await?.id));
    }
    // Figures up to the last year due, so the demo's statuses are never stale.
    let last_year = match due_period(Frequency::Year, rygrad_domain::format::local_date(chrono::Utc::now())) {
        Period::Year(year) => year,
        _ => FIRST_YEAR + 8,
    };
    let mut random = Random::new(u64::from(a.home.parse::<u16>().unwrap_or(0)));
    for d in a.indicators {
        let units: Vec<Unit> = if d.geography == "custom" {
            own_units.clone()
        } else {
            std::iter::once(Unit::Municipality(a.home.to_owned()))
                .chain(a.neighbours.iter().map(|c| Unit::Municipality((*c).to_owned())))
                .chain(std::iter::once(Unit::Country))
                .collect()
        };
        let home = |unit: &Unit| matches!(unit, Unit::Municipality(c) if c == a.home) || d.geography == "custom";
        let mut values = Vec::new();
        for (i, unit) in units.iter().enumerate() {
            // Neighbours and the country start near the home municipality and keep the old
            // course; only where the alliance works does the curve turn.
            let offset =
                if home(unit) && d.geography != "custom" { 0.0 } else { (i as f64 - 2.0) * d.story.wobble * 1.5 };
            for year in FIRST_YEAR..=last_year {
                let s = d.story;
                let years = f64::from(year - FIRST_YEAR);
                let turned = f64::from((year - s.turn).max(0));
                let course = if home(unit) { s.before * (years - turned) + s.after * turned } else { s.before * years };
                let value = s.start + offset + course + (random.unit() - 0.5) * 2.0 * s.wobble;
                values.push(Measurement {
                    unit: unit.clone(),
                    period: Period::Year(year),
                    value: (value * 10.0).round() / 10.0,
                    note: if year == 2021 && home(unit) && d.source.contains("trivselsmåling") {
                        "Målingen blev gennemført online efter nedlukningen.".to_owned()
                    } else {
                        String::new()
                    },
                    sample: None,
                });
            }
        }
        let baseline = values
            .iter()
            .find(|m| home(&m.unit) && m.period == Period::Year(d.baseline_year))
            .map(|m| PointInput { period: d.baseline_year.to_string(), value: m.value });
        let plan = IndicatorInput {
            name: d.name.into(),
            definition: d.definition.into(),
            unit: d.unit.into(),
            direction: d.direction.into(),
            frequency: "year".into(),
            geography: d.geography.into(),
            decimals: Some(1),
            source: d.source.into(),
            organisation: orgs.get(d.owner).cloned().unwrap_or_default(),
            goal_ids: d.goals.iter().filter_map(|t| goals.get(*t).copied()).collect(),
            baseline,
            targets: d.targets.iter().map(|(y, v)| PointInput { period: y.to_string(), value: *v }).collect(),
            status_rule: d.rule.into(),
            noise: Some(d.noise),
            public: d.public,
        }
        .validate()
        .map_err(|e| anyhow::anyhow!("demo indicator {}: {e:?}", d.name))?;
        let owner = match &plan.organisation {
            Some(slug) => store.organisation_by_slug(slug).await?.map(|o| o.id),
            None => None,
        };
        let indicator = store
            .create_indicator(id, &plan, owner, by)
            .await?
            .map_err(|r| anyhow::anyhow!("demo indicator: {r:?}"))?;
        let provenance =
            Provenance { source: ValueSource::File, source_name: "demodata.csv".into(), entered_by: by.user_id };
        store.apply_import(&indicator, &values, &provenance, by).await?;
    }
    Ok(())
}

/// Indicators at scale for benchmarks: `values` weekly values spread over 100 indicators × the
/// 98 municipalities × as many ISO weeks back from the last one due as that takes; 30 of the
/// indicators in an initiative `slug` of their own (under its one goal: the dashboard's), the
/// other 70 in `{slug}-2`. Written through the store as an import would write them.
pub async fn generate(
    store: &Store,
    slug: &str,
    values: u64,
    seed: u64,
    mut progress: impl FnMut(u64),
) -> anyhow::Result<()> {
    use rygrad_domain::goal::GoalInput;
    const INDICATORS: u64 = 100;
    const ON_DASHBOARD: u64 = 30;
    let by = AuditActor::system();
    let mut initiatives = Vec::new();
    for slug in [slug.to_owned(), format!("{slug}-2")] {
        initiatives.push(crate::demo::benchmark_initiative(store, &slug, &by).await?);
    }
    let id = initiatives[0];
    let goal = GoalInput { title: "Færre føler sig ensomme".into(), ..Default::default() }
        .validate()
        .map_err(|e| anyhow::anyhow!("goal: {e:?}"))?;
    let goal = store.create_goal(id, &goal, &by).await?.map_err(|r| anyhow::anyhow!("goal: {r:?}"))?.id;
    let municipalities: Vec<Unit> =
        rygrad_domain::geo::geodata().municipalities().iter().map(|m| Unit::Municipality(m.code.clone())).collect();
    let per_indicator = values.div_ceil(INDICATORS);
    let weeks = per_indicator.div_ceil(municipalities.len() as u64) as i64;
    let last = due_period(Frequency::Week, rygrad_domain::format::local_date(chrono::Utc::now())).index();
    let mut random = Random::new(seed);
    let mut done = 0;
    for n in 0..INDICATORS {
        let plan = IndicatorInput {
            name: format!("Indikator {}", n + 1),
            unit: "%".into(),
            direction: if n % 2 == 0 { "up" } else { "down" }.into(),
            frequency: "week".into(),
            geography: "municipality".into(),
            goal_ids: if n < ON_DASHBOARD { vec![goal] } else { Vec::new() },
            noise: Some(0.5),
            public: true,
            ..Default::default()
        }
        .validate()
        .map_err(|e| anyhow::anyhow!("indicator: {e:?}"))?;
        let home = if n < ON_DASHBOARD { id } else { initiatives[1] };
        let indicator = store.create_indicator(home, &plan, None, &by).await?.map_err(|r| anyhow::anyhow!("{r:?}"))?;
        let count = per_indicator.min(values - done);
        let mut batch = Vec::with_capacity(count as usize);
        'weeks: for week in (last - weeks + 1)..=last {
            for unit in &municipalities {
                if batch.len() as u64 == count {
                    break 'weeks;
                }
                batch.push(Measurement {
                    unit: unit.clone(),
                    period: Period::from_index(Frequency::Week, week),
                    value: (500.0 + random.unit() * 400.0).round() / 10.0,
                    note: String::new(),
                    sample: None,
                });
            }
        }
        let provenance = Provenance { source: ValueSource::File, source_name: "benchmark".into(), entered_by: None };
        store.apply_import(&indicator, &batch, &provenance, &by).await?;
        done += count;
        progress(done);
    }
    Ok(())
}

/// A CSV file as a partner would upload it (`;`, decimal comma, municipality names, ISO weeks
/// written `2024-W07`) with `rows` rows: the 98 municipalities × as many weeks back from the
/// last one due as that takes.
pub fn write_csv(path: &std::path::Path, rows: u64, seed: u64) -> anyhow::Result<()> {
    use std::io::Write;
    let municipalities = rygrad_domain::geo::geodata().municipalities();
    let weeks = rows.div_ceil(municipalities.len() as u64) as i64;
    let last = due_period(Frequency::Week, rygrad_domain::format::local_date(chrono::Utc::now())).index();
    let mut random = Random::new(seed);
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(out, "Kommune;Uge;Andel")?;
    let mut written = 0;
    for week in (last - weeks + 1)..=last {
        let period = Period::from_index(Frequency::Week, week).code().replacen('W', "-W", 1);
        for m in &municipalities {
            if written == rows {
                break;
            }
            let value = (500.0 + random.unit() * 400.0).round() / 10.0;
            writeln!(out, "{};{period};{}", m.name, format!("{value:.1}").replace('.', ","))?;
            written += 1;
        }
    }
    out.flush()?;
    Ok(())
}

//! Realistic meals at any scale for demos and benchmarks: placed in towns weighted by
//! population, spread over the past two years and the coming year with peaks in week 17, with
//! seats taken and relay trees (most meals carry on the baton of an earlier one).

use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Copenhagen;
use rygrad_domain::geo::geodata;
use rygrad_domain::meal::{MealPlan, THEMES};
use rygrad_store::Store;
use rygrad_store::campaigns::Campaign;
use rygrad_store::meals::{GeneratedMeal, MealOwner};

/// splitmix64: fast, seedable, good enough for demo data.
pub struct Random(u64);

impl Random {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const TITLES: [&str; 10] = [
    "Fællesspisning i {}",
    "Suppe og snak i {}",
    "Naboernes langbord i {}",
    "Kom og spis med i {}",
    "Søndagsmiddag for alle i {}",
    "Grød og godt selskab i {}",
    "Madklub for nye venner i {}",
    "Spis sammen på tværs i {}",
    "Aftensmad i fællessalen, {}",
    "Picnic i parken, {}",
];

/// Options for a run.
pub struct Plan<'a> {
    pub meals: u64,
    pub now: DateTime<Utc>,
    pub campaigns: &'a [Campaign],
    pub organisations: &'a [i64],
    pub seed: u64,
}

/// Generates and inserts meals in batches; `progress` is told how many are done.
pub async fn generate(store: &Store, plan: Plan<'_>, mut progress: impl FnMut(u64)) -> anyhow::Result<()> {
    const BATCH: u64 = 5_000;
    let g = geodata();
    let towns = g.towns();
    let total_population: u64 = towns.iter().map(|t| u64::from(t.population)).sum();
    let mut rng = Random::new(plan.seed);
    let start = plan.now - Duration::days(730);
    let span_days = 1095;
    // Start days first, sorted, so that a meal's baton always comes from an earlier meal.
    let mut days: Vec<i64> = (0..plan.meals)
        .map(|_| {
            if rng.unit() < 0.3 {
                // a campaign week: week 17 of one of the three years
                let year = start.year() + rng.below(3) as i32 + 1;
                let monday = chrono::NaiveDate::from_isoywd_opt(year, 17, chrono::Weekday::Mon).unwrap_or_default();
                (monday - start.date_naive()).num_days() + rng.below(7) as i64
            } else {
                rng.below(span_days) as i64
            }
        })
        .map(|d| d.clamp(0, span_days as i64 - 1))
        .collect();
    days.sort_unstable();
    let first_id = store.max_meal_id().await? + 1;
    // root and generation of every generated meal, by index, for the relay links
    let mut lineage: Vec<(i64, i32)> = Vec::with_capacity(plan.meals as usize);
    let mut done = 0u64;
    while done < plan.meals {
        let end = (done + BATCH).min(plan.meals);
        let mut batch = Vec::with_capacity((end - done) as usize);
        for i in done..end {
            let id = first_id + i as i64;
            let mut pick = rng.below(total_population);
            let town = towns
                .iter()
                .find(|t| {
                    let p = u64::from(t.population);
                    if pick < p {
                        true
                    } else {
                        pick -= p;
                        false
                    }
                })
                .unwrap_or(&towns[0]);
            let (mut lat, mut lon) = (town.lat + (rng.unit() - 0.5) * 0.05, town.lon + (rng.unit() - 0.5) * 0.08);
            let municipality = match g.municipality_containing(lat, lon) {
                Some(m) => m.code.clone(),
                None => {
                    (lat, lon) = (town.lat, town.lon);
                    town.municipality_code.clone()
                }
            };
            let day = start.date_naive() + Duration::days(days[i as usize]);
            let time = NaiveTime::from_hms_opt(17 + rng.below(3) as u32, [0, 30][rng.below(2) as usize], 0)
                .unwrap_or_default();
            let starts_at = Copenhagen
                .from_local_datetime(&day.and_time(time))
                .earliest()
                .map_or(plan.now, |t| t.with_timezone(&Utc));
            let capacity = 6 + rng.below(35) as i32;
            let is_past = starts_at < plan.now;
            let seats_taken = if is_past {
                capacity * (50 + rng.below(51) as i32) / 100
            } else {
                capacity * rng.below(80) as i32 / 100
            };
            // Most meals carry on the baton of a recent earlier meal.
            let parent = (i > 0 && rng.unit() < 0.7).then(|| {
                let window = i.min(20_000);
                i - 1 - rng.below(window)
            });
            let (parent_id, root_id, generation) = match parent {
                Some(p) => {
                    let (root, generation) = lineage[p as usize];
                    (Some(first_id + p as i64), root, generation + 1)
                }
                None => (None, id, 1),
            };
            lineage.push((root_id, generation));
            let campaign_id = plan.campaigns.iter().find(|c| c.starts_on <= day && day <= c.ends_on).map(|c| c.id);
            let theme_a = THEMES[rng.below(THEMES.len() as u64) as usize];
            let mut themes = vec![theme_a.to_owned()];
            if rng.unit() >= 0.5 {
                themes.push(THEMES[rng.below(THEMES.len() as u64) as usize].to_owned());
            }
            let title = TITLES[rng.below(TITLES.len() as u64) as usize].replace("{}", &town.name);
            let owner = MealOwner {
                host_user_id: None,
                organisation_id: (!plan.organisations.is_empty() && rng.unit() < 0.4)
                    .then(|| plan.organisations[rng.below(plan.organisations.len() as u64) as usize]),
                campaign_id,
            };
            let address = format!(
                "{} {}",
                ["Torvet", "Skolevej", "Kirkestræde", "Havnegade", "Parkvej"][rng.below(5) as usize],
                1 + rng.below(60)
            );
            let meal = MealPlan {
                title,
                address,
                lat,
                lon,
                municipality_code: municipality,
                starts_at,
                ends_at: starts_at + Duration::hours(3),
                capacity: capacity as u32,
                themes,
                ..MealPlan::default()
            };
            batch.push(GeneratedMeal { id, owner, plan: meal, seats_taken, parent_id, root_id, generation });
        }
        store.insert_generated_meals(&batch).await?;
        done = end;
        progress(done);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_is_repeatable_and_spread() {
        let (mut a, mut b) = (Random::new(7), Random::new(7));
        assert_eq!(a.next_u64(), b.next_u64());
        let mean = (0..10_000).map(|_| a.unit()).sum::<f64>() / 10_000.0;
        assert!((0.45..0.55).contains(&mean), "{mean}");
    }
}

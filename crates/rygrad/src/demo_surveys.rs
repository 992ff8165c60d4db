//! Surveys in the demo: the pupils' wellbeing survey of the children's alliance, a baseline and
//! two later waves across twelve school classes (some with fewer than five answers, so the
//! results show suppression), and a loneliness survey for the meal campaign before and after it.
//! The answers are invented; each wave leans a little kinder than the one before. The
//! wellbeing survey feeds an indicator of the alliance: the share of pupils who often or always
//! like being in their class, in Lejre, one value per closed wave with its interval.

use crate::demo_meals::Random;
use chrono::NaiveDate;
use rygrad_domain::indicator::IndicatorInput;
use rygrad_domain::survey::{Answer, QuestionKind, SurveyInput, SurveyPlan, WaveStatus, group_code};
use rygrad_domain::survey_feed::{FeedUnits, SurveyLinkInput};
use rygrad_domain::survey_templates::{loneliness, pupils_wellbeing};
use rygrad_store::Store;
use rygrad_store::audit::AuditActor;
use rygrad_store::surveys::Survey;
use serde_json::Value;
use std::collections::BTreeMap;

/// A wave: its name, whether it is the baseline, the day its answers came in, and how much
/// kinder its answers lean (0 = as the baseline).
struct Wave {
    name: &'static str,
    baseline: bool,
    answered_on: (i32, u32, u32),
    lift: f64,
}

struct DemoSurvey {
    initiative: &'static str,
    input: fn() -> SurveyInput,
    waves: &'static [Wave],
    /// Each group's name and how many answer in each wave.
    groups: &'static [(&'static str, [u32; 3])],
    feeds: Option<Feed>,
}

/// An indicator a demo survey's question feeds, for its whole waves in one municipality.
struct Feed {
    name: &'static str,
    definition: &'static str,
    /// The title of the goal it measures.
    goal: &'static str,
    question: &'static str,
    options: &'static [u32],
    municipality: &'static str,
}

const CLASSES: [(&str, [u32; 3]); 12] = [
    ("Hvalsø Skole 4.a", [21, 22, 20]),
    ("Hvalsø Skole 4.b", [19, 3, 18]),
    ("Hvalsø Skole 5.a", [23, 21, 22]),
    ("Hvalsø Skole 6.a", [4, 17, 19]),
    ("Allerslev Skole 4.a", [18, 19, 2]),
    ("Allerslev Skole 5.a", [20, 18, 21]),
    ("Allerslev Skole 6.a", [17, 16, 18]),
    ("Kirke Hyllinge Skole 4.a", [22, 21, 23]),
    ("Kirke Hyllinge Skole 5.a", [2, 4, 20]),
    ("Kirke Hyllinge Skole 6.a", [19, 20, 19]),
    ("Osted Friskole 4.-6.", [12, 11, 13]),
    ("Trællerup Skole 5.a", [16, 15, 3]),
];

const MEAL_GROUPS: [(&str, [u32; 3]); 4] = [
    ("Fællesspisninger i Region Hovedstaden", [64, 71, 0]),
    ("Fællesspisninger i Region Midtjylland", [48, 52, 0]),
    ("Fællesspisninger i Region Syddanmark", [31, 29, 0]),
    ("Fællesspisninger på øerne", [4, 6, 0]),
];

const SURVEYS: [DemoSurvey; 2] = [
    DemoSurvey {
        initiative: "trivsel-lejre",
        input: pupils_wellbeing,
        waves: &[
            Wave { name: "Nulpunktsmåling 2024", baseline: true, answered_on: (2024, 3, 12), lift: 0.0 },
            Wave { name: "Måling 2025", baseline: false, answered_on: (2025, 3, 11), lift: 0.15 },
            Wave { name: "Måling 2026", baseline: false, answered_on: (2026, 3, 10), lift: 0.3 },
        ],
        groups: &CLASSES,
        feeds: Some(Feed {
            name: "Elever, der tit eller altid kan lide at være i deres klasse",
            definition: "Andel af eleverne i alliancens trivselsundersøgelse, der svarer \"Tit\" eller \"Altid\" \
                         til \"Kan du lide at være i din klasse?\", med 95 %-konfidensinterval (demodata).",
            goal: "Alle børn og unge har mindst ét fællesskab",
            question: "glad_klasse",
            options: &[4, 5],
            municipality: "0350",
        }),
    },
    DemoSurvey {
        initiative: "danmark-spiser-sammen",
        input: loneliness,
        waves: &[
            Wave { name: "Før kampagnen 2026", baseline: true, answered_on: (2026, 4, 6), lift: 0.0 },
            Wave { name: "Efter kampagnen 2026", baseline: false, answered_on: (2026, 5, 18), lift: 0.2 },
        ],
        groups: &MEAL_GROUPS,
        feeds: None,
    },
];

const FREE_TEXTS: [&str; 4] = [
    "Det er godt, når vi spiller sammen i frikvarteret.",
    "Jeg vil gerne have flere pauser.",
    "Min klasse er sød.",
    "Nogle gange er der for meget larm.",
];

/// Seeds the demo surveys, once (an initiative that has surveys keeps them).
pub async fn seed(store: &Store, by: &AuditActor) -> anyhow::Result<()> {
    let mut random = Random::new(2026);
    for demo in &SURVEYS {
        let Some(initiative) = store.initiative_by_slug(demo.initiative).await? else {
            continue;
        };
        if !store.surveys_of(initiative.row.id).await?.is_empty() {
            continue;
        }
        let plan = (demo.input)().validate().map_err(|e| anyhow::anyhow!("demo survey: {e:?}"))?;
        let secret: Vec<u8> = (0..32).map(|_| random.below(256) as u8).collect();
        let survey = store.create_survey(initiative.row.id, &plan, &secret, by).await?;
        for (index, wave) in demo.waves.iter().enumerate() {
            let created = store.create_survey_wave(survey.id, wave.name, wave.baseline, by).await?;
            let (y, m, d) = wave.answered_on;
            let day = NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| anyhow::anyhow!("demo wave day"))?;
            for (name, counts) in demo.groups {
                let group = store.create_survey_group(created.id, name, || group_code(random.next_u64()), by).await?;
                let open = store
                    .open_survey_group(&group.code)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("demo group not open"))?;
                for _ in 0..counts[index] {
                    if let Some(answers) = answers(&plan, wave.lift, &mut random) {
                        store.store_survey_response(&open, day, None, &answers).await?;
                    }
                }
            }
            // every wave but the newest is over
            if index + 1 < demo.waves.len() {
                store.set_survey_wave_status(created.id, WaveStatus::Closed, by).await?;
            }
        }
        if let Some(feed) = &demo.feeds {
            seed_feed(store, &survey, feed, by).await?;
        }
    }
    Ok(())
}

/// The indicator a survey feeds, linked and with the closed waves' values written.
async fn seed_feed(store: &Store, survey: &Survey, feed: &Feed, by: &AuditActor) -> anyhow::Result<()> {
    let goal_ids = store.goals_of(survey.initiative_id).await?.into_iter().filter(|g| g.title == feed.goal);
    let plan = IndicatorInput {
        goal_ids: goal_ids.map(|g| g.id).collect(),
        name: feed.name.into(),
        definition: feed.definition.into(),
        unit: "%".into(),
        direction: "up".into(),
        frequency: "year".into(),
        geography: "municipality".into(),
        source: survey.plan.title.clone(),
        ..Default::default()
    }
    .validate()
    .map_err(|e| anyhow::anyhow!("demo indicator: {e:?}"))?;
    let indicator = store
        .create_indicator(survey.initiative_id, &plan, None, by)
        .await?
        .map_err(|e| anyhow::anyhow!("demo indicator: {e:?}"))?;
    let link = SurveyLinkInput {
        survey_id: survey.id,
        question: feed.question.into(),
        options: feed.options.to_vec(),
        units: FeedUnits::Wave.code().into(),
        unit: Some(feed.municipality.into()),
    }
    .validate(&survey.plan, indicator.geography, &indicator.unit)
    .map_err(|e| anyhow::anyhow!("demo survey link: {e:?}"))?;
    let link = store.save_indicator_survey_link(&indicator, &link, by).await?;
    rygrad_web::write_survey_feed(store, &indicator, &link, by).await?;
    Ok(())
}

/// One respondent's answers, leaning `lift` towards each scale's last options (mostly the kinder
/// end in both templates: "always" glad, "hardly ever" lonely), checked as a real answer would be.
fn answers(plan: &SurveyPlan, lift: f64, random: &mut Random) -> Option<BTreeMap<String, Answer>> {
    let mut raw: BTreeMap<String, Value> = BTreeMap::new();
    for q in &plan.questions {
        let options = q.options.len() as f64;
        let pick = |random: &mut Random| {
            let skewed = 1.0 - random.unit().powf(1.0 + lift * 2.0);
            ((skewed * options) as u32 + 1).clamp(1, q.options.len() as u32)
        };
        let value = match q.kind {
            QuestionKind::Single | QuestionKind::Likert => Value::from(pick(random).to_string()),
            QuestionKind::Multi => Value::from(vec![pick(random).to_string()]),
            QuestionKind::Number => Value::from(q.min.unwrap_or(0.0) + random.below(5) as f64),
            QuestionKind::Text if random.below(4) == 0 => {
                Value::from(FREE_TEXTS[random.below(FREE_TEXTS.len() as u64) as usize])
            }
            QuestionKind::Text => continue,
        };
        raw.insert(q.key.clone(), value);
    }
    plan.check_answers(&raw).ok()
}

/// A survey at scale for benchmarks: the pupils' wellbeing set with an age question, one open
/// wave of `groups` classes answering by code, and `responses` answers over them, in the
/// initiative `slug` (created when there is none, so a demo initiative may be named). One
/// class in fifty gets 1 to 4 answers, so results show suppression; the others share the rest
/// unevenly. Each class's answers are written in one batch through the store, as checked
/// answers with the day only. Returns the survey's id.
pub async fn generate(
    store: &Store,
    slug: &str,
    responses: u64,
    groups: u64,
    seed: u64,
    mut progress: impl FnMut(u64),
) -> anyhow::Result<i64> {
    use rygrad_domain::survey::QuestionInput;
    anyhow::ensure!(groups > 0, "a survey's answers need at least one group");
    let by = AuditActor::system();
    let initiative = match store.initiative_by_slug(slug).await? {
        Some(initiative) => initiative.row.id,
        None => crate::demo::benchmark_initiative(store, slug, &by).await?,
    };
    let mut input = pupils_wellbeing();
    input.questions.insert(
        0,
        QuestionInput {
            key: "alder".into(),
            text: "Hvor gammel er du?".into(),
            kind: "number".into(),
            required: false,
            min: Some(9.0),
            max: Some(16.0),
            ..Default::default()
        },
    );
    let plan = input.validate().map_err(|e| anyhow::anyhow!("benchmark survey: {e:?}"))?;
    let mut random = Random::new(seed);
    let secret: Vec<u8> = (0..32).map(|_| random.below(256) as u8).collect();
    let survey = store.create_survey(initiative, &plan, &secret, &by).await?;
    let wave = store.create_survey_wave(survey.id, "Måling i stor skala", true, &by).await?;
    let day = rygrad_domain::format::local_date(chrono::Utc::now());
    let mut done = 0;
    for (n, count) in class_sizes(responses, groups, &mut random).into_iter().enumerate() {
        let (school, class) = (n / 12 + 1, n % 12);
        let name = format!("Skole {school} {}.{}", 4 + class / 2, if class % 2 == 0 { 'a' } else { 'b' });
        let group = store.create_survey_group(wave.id, &name, || group_code(random.next_u64()), &by).await?;
        let open =
            store.open_survey_group(&group.code).await?.ok_or_else(|| anyhow::anyhow!("benchmark group not open"))?;
        // classes lean kinder or harsher, as real ones do
        let lift = random.unit() * 0.4;
        let batch: Vec<BTreeMap<String, Answer>> = (0..count)
            .map(|_| answers(&plan, lift, &mut random).ok_or_else(|| anyhow::anyhow!("generated answer refused")))
            .collect::<anyhow::Result<_>>()?;
        store.store_survey_responses(&open, day, batch.iter().map(|a| (None, a))).await?;
        done += count;
        progress(done);
    }
    Ok(survey.id)
}

/// Answers per class: `total` over `groups`, one class in fifty with 1 to 4.
fn class_sizes(total: u64, groups: u64, random: &mut Random) -> Vec<u64> {
    let small = |n: u64| n % 50 == 7;
    let mut left = total;
    let mut sizes: Vec<u64> = (0..groups)
        .map(|n| {
            let size = if small(n) { (1 + random.below(4)).min(left) } else { 0 };
            left -= size;
            size
        })
        .collect();
    let weights: Vec<f64> = (0..groups).map(|n| if small(n) { 0.0 } else { 0.6 + random.unit() * 0.8 }).collect();
    let sum: f64 = weights.iter().sum();
    let rest = left;
    for (size, weight) in sizes.iter_mut().zip(&weights).filter(|(_, w)| **w > 0.0) {
        let share = ((rest as f64 * weight / sum) as u64).min(left);
        *size += share;
        left -= share;
    }
    // what rounding leaves goes one each to the large classes (to all, when there are none)
    let mut takers: Vec<usize> = (0..sizes.len()).filter(|&i| weights[i] > 0.0).collect();
    if takers.is_empty() {
        takers = (0..sizes.len()).collect();
    }
    for &i in takers.iter().cycle().take(left as usize) {
        sizes[i] += 1;
    }
    sizes
}

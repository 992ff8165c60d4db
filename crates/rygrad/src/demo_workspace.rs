//! Demo action plans for the two municipal alliances (+Trivsel Lejre and Lettere Liv
//! Helsingør): goals and tracks (only where the initiative has none yet), activities in every
//! status across tracks and goals, and commitments with deliveries. Early on the secretariat
//! leads most activities; later the partners take over more of them, as the seeds describe.

use rygrad_domain::activity::{ActivityInput, CommitmentInput, DeliveryInput};
use rygrad_domain::goal::{GoalInput, TrackInput};
use rygrad_store::activities::ActivityLinks;
use rygrad_store::organisations::Organisation;
use rygrad_store::{AuditActor, Store};
use std::collections::HashMap;

struct Goal {
    title: &'static str,
    level: &'static str,
    parent: Option<usize>,
}

struct Track {
    title: &'static str,
    description: &'static str,
    lead: &'static str,
}

struct Commitment {
    org: &'static str,
    kind: &'static str,
    amount: &'static str,
    /// (what, amount, day)
    deliveries: &'static [(&'static str, &'static str, &'static str)],
}

struct Activity {
    title: &'static str,
    description: &'static str,
    lead: &'static str,
    partners: &'static [&'static str],
    tracks: &'static [usize],
    goals: &'static [usize],
    status: &'static str,
    stop_reason: &'static str,
    period: (&'static str, &'static str),
    target_group: &'static str,
    participants: &'static str,
    evaluation: (&'static str, &'static str, &'static str),
    commitments: &'static [Commitment],
}

struct Workspace {
    slug: &'static str,
    goals: &'static [Goal],
    tracks: &'static [Track],
    activities: &'static [Activity],
}

const fn goal(title: &'static str, level: &'static str, parent: Option<usize>) -> Goal {
    Goal { title, level, parent }
}

const fn track(title: &'static str, description: &'static str, lead: &'static str) -> Track {
    Track { title, description, lead }
}

const NO_EVALUATION: (&str, &str, &str) = ("", "", "");

const LEJRE: Workspace = Workspace {
    slug: "trivsel-lejre",
    goals: &[
        goal("Alle børn og unge har mindst ét fællesskab", "vision", None),
        goal("Færre børn føler sig ensomme", "long_term", Some(0)),
        goal("Flere børn deltager i fritidslivet", "long_term", Some(0)),
        goal("Alle 4.-klasser møder foreningslivet", "intermediate", Some(2)),
        goal("Forældre kender hinanden på tværs af klassen", "intermediate", Some(1)),
        goal("80 % af børnene går til mindst én fritidsaktivitet", "target", Some(3)),
        goal("Trivselsmålingen deles med alle partnere hvert år", "target", Some(1)),
    ],
    tracks: &[
        track("Fællesskaber i fritiden", "Foreninger, spejdere og klubber åbner dørene.", "Idrætsforeningen Lejre IF"),
        track("Trivsel i skolen", "Skolerne arbejder med klassefællesskaber.", "Allerslev Skole"),
        track("Forældre som ressource", "Forældrenetværk i alle klasser.", "Forældrenetværket Trygge Børn"),
        track("Frivillige voksne", "Flere voksne, der vil være noget for børn.", "Frivilligcenter Lejre"),
        track("Viden og data", "Fælles måling og læring.", "Lejre Kommune"),
    ],
    activities: &[
        Activity {
            title: "Fritidspas til alle 4.-klasser",
            description: "Hvert barn får et pas med tre gratis prøvegange i en forening efter eget valg.",
            lead: "Lejre Kommune",
            partners: &["Idrætsforeningen Lejre IF", "Spejderne i Hvalsø", "Allerslev Skole"],
            tracks: &[0],
            goals: &[3, 5],
            status: "anchored",
            stop_reason: "",
            period: ("2015-08-15", "2016-06-30"),
            target_group: "Børn i 4. klasse",
            participants: "312",
            evaluation: ("Klasselærerne delte passene ud i timen.", "Nogle foreninger havde ventelister.", "5"),
            commitments: &[
                Commitment {
                    org: "Lejre Kommune",
                    kind: "money",
                    amount: "60000",
                    deliveries: &[("Tryk af pas og trænerhonorarer", "52000", "2016-05-31")],
                },
                Commitment {
                    org: "Idrætsforeningen Lejre IF",
                    kind: "staff_hours",
                    amount: "120",
                    deliveries: &[
                        ("Prøvetræninger i efteråret", "70", "2015-12-15"),
                        ("Prøvetræninger i foråret", "55", "2016-05-15"),
                    ],
                },
            ],
        },
        Activity {
            title: "Trivselsmåling delt med partnerne",
            description: "Kommunen deler resultaterne af trivselsmålingen, så alle partnere kan se udviklingen.",
            lead: "Lejre Kommune",
            partners: &["Center for Social Udvikling"],
            tracks: &[4],
            goals: &[6],
            status: "running",
            stop_reason: "",
            period: ("2015-10-01", ""),
            target_group: "Alliancens partnere",
            participants: "",
            evaluation: NO_EVALUATION,
            commitments: &[Commitment {
                org: "Center for Social Udvikling",
                kind: "data",
                amount: "1",
                deliveries: &[("Analyse af måling 2016", "1", "2016-11-01")],
            }],
        },
        Activity {
            title: "Klassens forældremøde om fællesskab",
            description: "Et oplæg og en øvelse, som forældre selv kan holde på klassens forældremøde.",
            lead: "Lejre Kommune",
            partners: &["Forældrenetværket Trygge Børn"],
            tracks: &[2],
            goals: &[4],
            status: "completed",
            stop_reason: "",
            period: ("2016-01-10", "2016-12-15"),
            target_group: "Forældre i 0.–6. klasse",
            participants: "640",
            evaluation: ("Et færdigt materiale gjorde det let.", "Svært at nå de forældre, der ikke kommer.", "4"),
            commitments: &[Commitment {
                org: "Forældrenetværket Trygge Børn",
                kind: "volunteers",
                amount: "12",
                deliveries: &[("Forældre, der holdt oplægget", "9", "2016-11-30")],
            }],
        },
        Activity {
            title: "Spejdernes åbne lejr",
            description: "En weekendlejr i Hvalsø for børn, der ikke går til noget.",
            lead: "Spejderne i Hvalsø",
            partners: &["Frivilligcenter Lejre"],
            tracks: &[0, 3],
            goals: &[2],
            status: "completed",
            stop_reason: "",
            period: ("2017-05-19", "2017-05-21"),
            target_group: "Børn 8–12 år uden fritidsaktivitet",
            participants: "46",
            evaluation: ("Lederne hentede børnene ved skolen.", "Få frivillige ledere.", "5"),
            commitments: &[
                Commitment {
                    org: "Spejderne i Hvalsø",
                    kind: "rooms",
                    amount: "1",
                    deliveries: &[("Spejderhytten en weekend", "1", "2017-05-21")],
                },
                Commitment {
                    org: "Frivilligcenter Lejre",
                    kind: "volunteers",
                    amount: "8",
                    deliveries: &[("Frivillige ledere", "6", "2017-05-21")],
                },
            ],
        },
        Activity {
            title: "Lektiecafé på biblioteket",
            description: "Frivillige hjælper med lektier to eftermiddage om ugen.",
            lead: "Biblioteket i Hvalsø",
            partners: &["Frivilligcenter Lejre", "Ungdomsskolen i Lejre"],
            tracks: &[3],
            goals: &[1],
            status: "running",
            stop_reason: "",
            period: ("2017-09-01", ""),
            target_group: "Elever i 5.–9. klasse",
            participants: "85",
            evaluation: NO_EVALUATION,
            commitments: &[Commitment { org: "Biblioteket i Hvalsø", kind: "rooms", amount: "2", deliveries: &[] }],
        },
        Activity {
            title: "Håndbold for piger, der ikke går til noget",
            description: "Et hold uden konkurrence, hvor man kan komme, når man har lyst.",
            lead: "Idrætsforeningen Lejre IF",
            partners: &["Allerslev Skole"],
            tracks: &[0],
            goals: &[2, 5],
            status: "running",
            stop_reason: "",
            period: ("2018-01-08", ""),
            target_group: "Piger 10–14 år",
            participants: "28",
            evaluation: NO_EVALUATION,
            commitments: &[
                Commitment {
                    org: "Idrætsforeningen Lejre IF",
                    kind: "staff_hours",
                    amount: "80",
                    deliveries: &[("Træning i foråret", "36", "2018-06-20")],
                },
                Commitment {
                    org: "Fonden for Børns Trivsel",
                    kind: "money",
                    amount: "25000",
                    deliveries: &[("Tilskud til trænere og haltid", "25000", "2018-02-01")],
                },
            ],
        },
        Activity {
            title: "Musik i frikvarteret",
            description: "Musikskolen spiller med børnene i frikvartererne på to skoler.",
            lead: "Musikskolen Lejre",
            partners: &["Allerslev Skole"],
            tracks: &[1],
            goals: &[1],
            status: "stopped",
            stop_reason: "Musikskolen trådte ud af alliancen, og ingen overtog aktiviteten.",
            period: ("2017-03-01", "2018-12-31"),
            target_group: "Børn i indskolingen",
            participants: "150",
            evaluation: ("Børnene var begejstrede.", "Afhang af én medarbejder.", "3"),
            commitments: &[],
        },
        Activity {
            title: "Trivselsambassadører i udskolingen",
            description: "Ældre elever uddannes til at tage sig af de yngre i frikvartererne.",
            lead: "Ungdomsskolen i Lejre",
            partners: &["Allerslev Skole"],
            tracks: &[1],
            goals: &[1],
            status: "planned",
            stop_reason: "",
            period: ("2019-08-12", "2020-06-19"),
            target_group: "Elever i 7.–9. klasse",
            participants: "",
            evaluation: NO_EVALUATION,
            commitments: &[Commitment {
                org: "Ungdomsskolen i Lejre",
                kind: "staff_hours",
                amount: "60",
                deliveries: &[],
            }],
        },
        Activity {
            title: "Fælles kommunikation om fritidstilbud",
            description: "Én samlet oversigt over fritidstilbud til forældre, på skolernes intranet.",
            lead: "Forældrenetværket Trygge Børn",
            partners: &[],
            tracks: &[2],
            goals: &[3],
            status: "idea",
            stop_reason: "",
            period: ("2019-09-01", ""),
            target_group: "Forældre",
            participants: "",
            evaluation: NO_EVALUATION,
            commitments: &[],
        },
    ],
};

const HELSINGOER: Workspace = Workspace {
    slug: "lettere-liv-helsingoer",
    goals: &[
        goal("Børn og familier i Helsingør lever sundere", "vision", None),
        goal("Færre børn med overvægt i 0. og 9. klasse", "long_term", Some(0)),
        goal("Flere familier bevæger sig sammen", "intermediate", Some(1)),
        goal("Sund mad i alle skoleboder", "intermediate", Some(1)),
        goal("200 familier på familiehold om året", "target", Some(2)),
    ],
    tracks: &[
        track("Bevægelse", "Aktiviteter, hvor hele familien bevæger sig.", "Helsingør Svømmeklub"),
        track("Mad og måltider", "Sund mad i skolen og derhjemme.", "Madskolen Nordsjælland"),
        track("Familien i centrum", "Støtte til familier, der vil ændre vaner.", "Foreningen Aktive Familier"),
        track("Skole og sundhedspleje", "Tidlig opsporing og samtaler.", "Sundhedsplejen i Helsingør"),
    ],
    activities: &[
        Activity {
            title: "Familiesvømning søndag morgen",
            description: "Svømmehallen åbner for familier med instruktører i vandet.",
            lead: "Helsingør Kommune",
            partners: &["Helsingør Svømmeklub"],
            tracks: &[0],
            goals: &[2, 4],
            status: "anchored",
            stop_reason: "",
            period: ("2015-09-06", "2017-06-25"),
            target_group: "Familier med børn 4–12 år",
            participants: "420",
            evaluation: ("Fast tidspunkt hver uge.", "Få fædre deltog.", "4"),
            commitments: &[
                Commitment {
                    org: "Helsingør Kommune",
                    kind: "rooms",
                    amount: "1",
                    deliveries: &[("Svømmehallen søndag morgen", "1", "2016-06-30")],
                },
                Commitment {
                    org: "Helsingør Svømmeklub",
                    kind: "staff_hours",
                    amount: "200",
                    deliveries: &[("Instruktører 2015–16", "180", "2016-06-30")],
                },
            ],
        },
        Activity {
            title: "Madskole for familier",
            description: "Fire aftener, hvor familier laver billig og sund mad sammen.",
            lead: "Madskolen Nordsjælland",
            partners: &["Foreningen Aktive Familier", "Skolen ved Rønnebærhaven"],
            tracks: &[1, 2],
            goals: &[2, 3],
            status: "completed",
            stop_reason: "",
            period: ("2016-02-01", "2016-11-30"),
            target_group: "Familier henvist af sundhedsplejen",
            participants: "64",
            evaluation: ("Børnene lavede maden selv.", "Svært at finde aftener, der passede.", "5"),
            commitments: &[Commitment {
                org: "Region Hovedstaden",
                kind: "money",
                amount: "80000",
                deliveries: &[("Råvarer og kokke", "74500", "2016-11-30")],
            }],
        },
        Activity {
            title: "Sundhedsplejens samtale i 0. klasse",
            description: "En samtale med familien, når barnet vejes i 0. klasse.",
            lead: "Helsingør Kommune",
            partners: &["Sundhedsplejen i Helsingør"],
            tracks: &[3],
            goals: &[1],
            status: "running",
            stop_reason: "",
            period: ("2015-08-10", ""),
            target_group: "Familier med børn i 0. klasse",
            participants: "1100",
            evaluation: NO_EVALUATION,
            commitments: &[Commitment {
                org: "Sundhedsplejen i Helsingør",
                kind: "staff_hours",
                amount: "400",
                deliveries: &[("Samtaler 2015–16", "380", "2016-06-30")],
            }],
        },
        Activity {
            title: "Cykelture for familier",
            description: "Cykelklubben kører ture for familier hver anden weekend.",
            lead: "Cykelklubben Øresund",
            partners: &[],
            tracks: &[0],
            goals: &[2],
            status: "stopped",
            stop_reason: "Klubben havde ikke frivillige nok til at fortsætte.",
            period: ("2016-05-01", "2019-05-31"),
            target_group: "Familier",
            participants: "90",
            evaluation: ("Ruterne var korte og trygge.", "For få frivillige turledere.", "3"),
            commitments: &[Commitment {
                org: "Cykelklubben Øresund",
                kind: "volunteers",
                amount: "6",
                deliveries: &[("Turledere", "3", "2017-09-30")],
            }],
        },
        Activity {
            title: "Sund skolebod",
            description: "Skoleboden får nyt sortiment udviklet med eleverne.",
            lead: "Skolen ved Rønnebærhaven",
            partners: &["Madskolen Nordsjælland", "Forældreforeningen Sunde Børn"],
            tracks: &[1],
            goals: &[3],
            status: "running",
            stop_reason: "",
            period: ("2018-08-13", ""),
            target_group: "Elever i 4.–9. klasse",
            participants: "",
            evaluation: NO_EVALUATION,
            commitments: &[],
        },
        Activity {
            title: "Naturdage for familiehold",
            description: "Familieholdene mødes i skoven og laver mad over bål.",
            lead: "Naturskolen Teglstrup",
            partners: &["Foreningen Aktive Familier"],
            tracks: &[0, 2],
            goals: &[4],
            status: "planned",
            stop_reason: "",
            period: ("2019-09-07", "2020-05-30"),
            target_group: "Familiehold",
            participants: "",
            evaluation: NO_EVALUATION,
            commitments: &[Commitment {
                org: "Naturskolen Teglstrup",
                kind: "staff_hours",
                amount: "48",
                deliveries: &[],
            }],
        },
    ],
};

pub async fn seed(store: &Store, by: &AuditActor) -> anyhow::Result<()> {
    for workspace in [LEJRE, HELSINGOER] {
        seed_workspace(store, by, &workspace).await?;
    }
    Ok(())
}

async fn seed_workspace(store: &Store, by: &AuditActor, w: &Workspace) -> anyhow::Result<()> {
    let Some(initiative) = store.initiative_by_slug(w.slug).await? else {
        return Ok(());
    };
    let id = initiative.row.id;
    let orgs: HashMap<String, Organisation> =
        store.memberships_of_initiative(id).await?.into_iter().map(|(_, o)| (o.name.clone(), o)).collect();
    let org = |name: &str| orgs.get(name).ok_or_else(|| anyhow::anyhow!("demo organisation {name} is not a member"));
    // Goals and tracks may already have been written by another part of the demo.
    let mut goals: Vec<i64> = store.goals_of(id).await?.iter().map(|g| g.id).collect();
    if goals.is_empty() {
        for g in w.goals {
            let plan = GoalInput {
                title: g.title.into(),
                level: g.level.into(),
                parent_id: g.parent.map(|p| goals[p]),
                ..Default::default()
            }
            .validate()
            .map_err(|e| anyhow::anyhow!("demo goal {}: {e:?}", g.title))?;
            let row = store.create_goal(id, &plan, by).await?.map_err(|r| anyhow::anyhow!("demo goal: {r:?}"))?;
            goals.push(row.id);
        }
    }
    let mut tracks: Vec<i64> = store.tracks_of(id).await?.iter().map(|t| t.id).collect();
    if tracks.is_empty() {
        for t in w.tracks {
            let plan = TrackInput { title: t.title.into(), description: t.description.into(), ..Default::default() }
                .validate()
                .map_err(|e| anyhow::anyhow!("demo track {}: {e:?}", t.title))?;
            tracks.push(store.create_track(id, &plan, Some(org(t.lead)?.id), by).await?.id);
        }
    }
    for a in w.activities {
        let plan = ActivityInput {
            title: a.title.into(),
            description: a.description.into(),
            status: a.status.into(),
            stop_reason: a.stop_reason.into(),
            starts_on: a.period.0.into(),
            ends_on: a.period.1.into(),
            target_group: a.target_group.into(),
            participants_reached: a.participants.into(),
            helped: a.evaluation.0.into(),
            hindered: a.evaluation.1.into(),
            satisfaction: a.evaluation.2.into(),
            ..Default::default()
        }
        .validate()
        .map_err(|e| anyhow::anyhow!("demo activity {}: {e:?}", a.title))?;
        let links = ActivityLinks {
            lead_organisation_id: Some(org(a.lead)?.id),
            partner_ids: a.partners.iter().map(|p| org(p).map(|o| o.id)).collect::<anyhow::Result<_>>()?,
            // existing goals and tracks of another demo part are fewer, perhaps: wrap around
            track_ids: a.tracks.iter().filter_map(|t| tracks.get(t % tracks.len().max(1)).copied()).collect(),
            goal_ids: a.goals.iter().filter_map(|g| goals.get(g % goals.len().max(1)).copied()).collect(),
        };
        let row = store
            .create_activity(id, &plan, &links, a.status == "idea", by)
            .await?
            .map_err(|r| anyhow::anyhow!("demo activity {}: {r:?}", a.title))?;
        for c in a.commitments {
            let committer = org(c.org)?;
            let plan = CommitmentInput {
                organisation: committer.slug.clone(),
                activity_id: Some(row.id),
                kind: c.kind.into(),
                amount: c.amount.into(),
                starts_on: a.period.0.into(),
                ..Default::default()
            }
            .validate()
            .map_err(|e| anyhow::anyhow!("demo commitment {}: {e:?}", c.org))?;
            let commitment = store
                .create_commitment(id, committer.id, &plan, by)
                .await?
                .map_err(|r| anyhow::anyhow!("demo commitment: {r:?}"))?;
            let kind = plan.terms.kind;
            for (what, amount, day) in c.deliveries {
                let delivery = DeliveryInput {
                    description: (*what).into(),
                    amount: (*amount).into(),
                    delivered_on: (*day).into(),
                }
                .validate(kind)
                .map_err(|e| anyhow::anyhow!("demo delivery {what}: {e:?}"))?;
                store.record_delivery(&commitment, &delivery, by).await?;
            }
        }
    }
    Ok(())
}

/// The size of a generated workspace (`rygrad demo-workspace`), for benchmarks.
pub struct Scale {
    pub organisations: u64,
    pub activities: u64,
    pub commitments: u64,
    pub seed: u64,
}

const SECTORS: [&str; 6] = ["association", "education", "business", "foundation", "volunteer_group", "municipality"];
const STATUSES: [&str; 6] = ["idea", "planned", "running", "completed", "anchored", "stopped"];
const KINDS: [&str; 7] = ["staff_hours", "money", "rooms", "volunteers", "communication", "data", "other"];
const WORDS: [&str; 12] = [
    "Fritidspas",
    "Lektiecafé",
    "Forældrenetværk",
    "Svømning",
    "Madskole",
    "Spejderlejr",
    "Trivselsambassadører",
    "Åben hal",
    "Naturdage",
    "Musik i frikvarteret",
    "Cykeltur",
    "Løbeklub",
];

/// Adds an initiative `slug` with `organisations` members (the first is the secretariat), 40
/// goals, 5 tracks, `activities` activities over six years and `commitments` commitments (one
/// in ten to a goal), half of them with a delivery. Written through the store, so every row
/// has its audit entry as in real use.
pub async fn generate(
    store: &Store,
    slug: &str,
    scale: &Scale,
    mut progress: impl FnMut(&str, u64),
) -> anyhow::Result<()> {
    use rygrad_domain::membership::MembershipRole;
    use rygrad_domain::organisation::OrganisationInput;
    let by = AuditActor::system();
    let mut random = crate::demo_meals::Random::new(scale.seed);
    let id = crate::demo::benchmark_initiative(store, slug, &by).await?;
    let start: chrono::NaiveDate = "2020-01-01".parse()?;
    let mut orgs = Vec::new();
    for n in 0..scale.organisations {
        let profile = OrganisationInput {
            name: format!("{slug} aktør {n}"),
            sector: SECTORS[random.below(SECTORS.len() as u64) as usize].into(),
            ..Default::default()
        }
        .validate()
        .map_err(|e| anyhow::anyhow!("organisation: {e:?}"))?;
        let org = store.create_organisation(&profile, None, &by).await?;
        let role = if n == 0 { MembershipRole::Secretariat } else { MembershipRole::Member };
        store.add_membership(id, org.id, role, start, &by).await?;
        orgs.push(org);
        progress("organisations", n + 1);
    }
    let mut goals: Vec<i64> = Vec::new();
    for n in 0..40 {
        let parent = (n > 0).then(|| goals[random.below(goals.len() as u64) as usize]);
        let plan = GoalInput { title: format!("Mål {n}"), parent_id: parent, ..Default::default() }
            .validate()
            .map_err(|e| anyhow::anyhow!("goal: {e:?}"))?;
        goals.push(store.create_goal(id, &plan, &by).await?.map_err(|r| anyhow::anyhow!("goal: {r:?}"))?.id);
    }
    let mut tracks = Vec::new();
    for (n, lead) in orgs.iter().take(5).enumerate() {
        let plan = TrackInput { title: format!("Spor {n}"), ..Default::default() }
            .validate()
            .map_err(|e| anyhow::anyhow!("track: {e:?}"))?;
        tracks.push(store.create_track(id, &plan, Some(lead.id), &by).await?.id);
    }
    let pick = |random: &mut crate::demo_meals::Random, n: usize| random.below(n as u64) as usize;
    let mut activities = Vec::new();
    for n in 0..scale.activities {
        let starts = start + chrono::Days::new(random.below(6 * 365));
        let status = STATUSES[pick(&mut random, STATUSES.len())];
        let plan = ActivityInput {
            title: format!("{} {n}", WORDS[pick(&mut random, WORDS.len())]),
            description: "Genereret til benchmark: en aktivitet med en beskrivelse af passende længde.".into(),
            status: status.into(),
            stop_reason: if status == "stopped" { "Ingen frivillige".into() } else { String::new() },
            starts_on: starts.to_string(),
            target_group: "Børn og unge".into(),
            ..Default::default()
        }
        .validate()
        .map_err(|e| anyhow::anyhow!("activity: {e:?}"))?;
        // a fifth led by the secretariat, the rest by a partner
        let lead = if random.below(5) == 0 { 0 } else { pick(&mut random, orgs.len()) };
        let links = ActivityLinks {
            lead_organisation_id: Some(orgs[lead].id),
            partner_ids: (0..random.below(4)).map(|_| orgs[pick(&mut random, orgs.len())].id).collect(),
            track_ids: vec![tracks[pick(&mut random, tracks.len())]],
            goal_ids: vec![goals[pick(&mut random, goals.len())]],
        };
        let row = store
            .create_activity(id, &plan, &links, false, &by)
            .await?
            .map_err(|r| anyhow::anyhow!("activity: {r:?}"))?;
        activities.push((row.id, starts));
        progress("activities", n + 1);
    }
    for n in 0..scale.commitments {
        let org = &orgs[pick(&mut random, orgs.len())];
        let kind = KINDS[pick(&mut random, KINDS.len())];
        let (activity_id, goal_id, starts) = if random.below(10) == 0 || activities.is_empty() {
            (None, Some(goals[pick(&mut random, goals.len())]), start)
        } else {
            let (a, day) = activities[pick(&mut random, activities.len())];
            (Some(a), None, day)
        };
        let plan = CommitmentInput {
            organisation: org.slug.clone(),
            activity_id,
            goal_id,
            kind: kind.into(),
            amount: (1 + random.below(500)).to_string(),
            starts_on: starts.to_string(),
            ..Default::default()
        }
        .validate()
        .map_err(|e| anyhow::anyhow!("commitment: {e:?}"))?;
        let c =
            store.create_commitment(id, org.id, &plan, &by).await?.map_err(|r| anyhow::anyhow!("commitment: {r:?}"))?;
        if random.below(2) == 0 {
            let delivery = DeliveryInput {
                description: "Leveret".into(),
                amount: (1 + random.below(plan.terms.amount as u64)).to_string(),
                delivered_on: (starts + chrono::Days::new(30)).to_string(),
            }
            .validate(plan.terms.kind)
            .map_err(|e| anyhow::anyhow!("delivery: {e:?}"))?;
            store.record_delivery(&c, &delivery, &by).await?;
        }
        progress("commitments", n + 1);
    }
    Ok(())
}

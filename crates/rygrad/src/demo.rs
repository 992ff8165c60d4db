//! Demo data modelled on the seeds, with invented people: three initiatives (a national
//! movement against loneliness with a yearly meal campaign, a municipal alliance for children's
//! wellbeing, one against childhood obesity), about 40 organisations, memberships with roles and
//! some that ended, and one demo user per role. Loaded once; a database with the demo
//! administrator already in it is left alone.

use chrono::NaiveDate;
use rygrad_domain::initiative::InitiativeInput;
use rygrad_domain::invitation::InitiativeRole;
use rygrad_domain::membership::{Leave, MembershipRole};
use rygrad_domain::organisation::OrganisationInput;
use rygrad_store::accounts::NewUser;
use rygrad_store::{AuditActor, Store};
use rygrad_web::http::auth::password;

pub const PASSWORD: &str = "demo-adgang";

struct Org {
    name: &'static str,
    sector: &'static str,
    municipality: &'static str,
    description: &'static str,
}

const fn org(name: &'static str, sector: &'static str, municipality: &'static str, description: &'static str) -> Org {
    Org { name, sector, municipality, description }
}

const ORGANISATIONS: &[Org] = &[
    // National movement against loneliness
    org("Fællesskabsfonden", "foundation", "0101", "Fond, der støtter fællesskaber og frivillighed i hele landet."),
    org("Landsforeningen Nærvær", "association", "0101", "Landsdækkende forening mod ensomhed blandt ældre."),
    org("Ungdommens Spisefællesskab", "association", "0751", "Unge, der inviterer unge til fællesspisning."),
    org("Danske Madklubber", "association", "0461", "Paraply for lokale madklubber og spisefællesskaber."),
    org("Frivilligcentrenes Netværk", "volunteer_group", "0751", "Netværk af frivilligcentre."),
    org("Folkekøkkenet i Nordvest", "volunteer_group", "0101", "Frivillige, der laver mad til og med naboer."),
    org(
        "Supermarkedskæden Fælles Bord",
        "business",
        "0157",
        "Detailkæde, der stiller lokaler og råvarer til rådighed.",
    ),
    org("Boligselskabet Grønnegården", "business", "0167", "Almen boligorganisation med fælleslokaler."),
    org("Højskolen ved Fjorden", "education", "0316", "Folkehøjskole med fokus på fællesskab."),
    org("Aarhus Kommune", "municipality", "0751", "Kommunens enhed for aktivt medborgerskab."),
    org("Aalborg Kommune", "municipality", "0851", "Ældre- og handicapforvaltningen."),
    org("Region Syddanmark", "region", "0461", "Regional udvikling og sundhed."),
    org("Styrelsen for Social Samhørighed", "state", "0101", "Statslig styrelse (opdigtet i demodata)."),
    org("Borgergruppen Spis Sammen Skagen", "citizens_group", "0813", "Naboer, der mødes til spisning hver måned."),
    org("Studenterhusets Madhold", "volunteer_group", "0461", "Studerende, der laver mad for medstuderende."),
    // Children's wellbeing, Lejre
    org("Lejre Kommune", "municipality", "0350", "Børne- og ungeforvaltningen og sekretariatet for alliancen."),
    org("Idrætsforeningen Lejre IF", "association", "0350", "Fodbold, gymnastik og håndbold for børn og unge."),
    org("Spejderne i Hvalsø", "association", "0350", "Spejdergruppe for 7–17-årige."),
    org("Ungdomsskolen i Lejre", "education", "0350", "Fritidsundervisning og klubber."),
    org("Allerslev Skole", "education", "0350", "Folkeskole."),
    org("Kirkerup Friskole", "education", "0350", "Friskole."),
    org("Forældrenetværket Trygge Børn", "citizens_group", "0350", "Forældre, der vil styrke børns trivsel."),
    org("Lokalbanken Sjælland", "business", "0350", "Lokal bank, der støtter foreningslivet."),
    org("Fonden for Børns Trivsel", "foundation", "0101", "Fond, der støtter indsatser for børn og unges trivsel."),
    org("Center for Social Udvikling", "foundation", "0101", "Videnscenter, der rådgiver om metode og evaluering."),
    org("Frivilligcenter Lejre", "volunteer_group", "0350", "Formidler frivillige til lokale foreninger."),
    org("Biblioteket i Hvalsø", "municipality", "0350", "Bibliotek og kulturhus."),
    org("Musikskolen Lejre", "education", "0350", "Musikundervisning for børn."),
    // Childhood obesity, Helsingør
    org("Helsingør Kommune", "municipality", "0217", "Sundhed og forebyggelse, sekretariatet for alliancen."),
    org("Skolen ved Rønnebærhaven", "education", "0217", "Folkeskole og pilotskole for Sund Skole."),
    org("Helsingør Svømmeklub", "association", "0217", "Svømning for alle aldre."),
    org("Foreningen Aktive Familier", "association", "0217", "Motion og madlavning for familier."),
    org("Sportsbutikken Kronborg Sport", "business", "0217", "Lokal sportsforretning."),
    org("Madskolen Nordsjælland", "education", "0217", "Madkurser for børn og forældre."),
    org("Sundhedsplejen i Helsingør", "municipality", "0217", "Sundhedsplejersker for børn og familier."),
    org("Boligforeningen Vapnagaard", "business", "0217", "Almen boligforening."),
    org("Naturskolen Teglstrup", "education", "0217", "Udeundervisning og natur."),
    org("Cykelklubben Øresund", "association", "0217", "Cykling for børn og voksne."),
    org("Region Hovedstaden", "region", "0217", "Regional sundhedsfremme."),
    org("Forældreforeningen Sunde Børn", "citizens_group", "0217", "Forældre, der arbejder for sunde skolemåltider."),
];

struct Member {
    org: &'static str,
    role: MembershipRole,
    since: &'static str,
    left: Option<(&'static str, &'static str)>,
}

const fn member(org: &'static str, role: MembershipRole, since: &'static str) -> Member {
    Member { org, role, since, left: None }
}

const fn left(
    org: &'static str,
    role: MembershipRole,
    since: &'static str,
    until: &'static str,
    reason: &'static str,
) -> Member {
    Member { org, role, since, left: Some((until, reason)) }
}

fn date(s: &str) -> NaiveDate {
    s.parse().expect("demo dates are valid")
}

/// A public initiative of its own for generated data at scale (benchmarks); its id.
pub async fn benchmark_initiative(store: &Store, slug: &str, by: &AuditActor) -> anyhow::Result<i64> {
    let input = InitiativeInput {
        name: format!("Benchmark {slug}"),
        slug: slug.to_owned(),
        starts_on: "2020-01-01".into(),
        is_public: true,
        ..Default::default()
    }
    .validate()
    .map_err(|e| anyhow::anyhow!("initiative: {e:?}"))?;
    Ok(store.create_initiative(&input, by).await?.id)
}

/// Demo meals added by `serve --demo`.
pub const DEMO_MEALS: u64 = 400;

/// Generated meals for the movement's campaigns (the demo's, or those a database already has).
pub async fn add_meals(store: &Store, meals: u64, seed: u64, progress: impl FnMut(u64)) -> anyhow::Result<()> {
    let initiative = store.initiative_by_slug(MOVEMENT).await?;
    let campaigns = match &initiative {
        Some(i) => store.campaigns_of(i.row.id).await?,
        None => Vec::new(),
    };
    let organisations = match &initiative {
        Some(i) => store.memberships_of_initiative(i.row.id).await?.into_iter().map(|(_, o)| o.id).collect(),
        None => Vec::new(),
    };
    let plan = crate::demo_meals::Plan {
        meals,
        now: chrono::Utc::now(),
        campaigns: &campaigns,
        organisations: &organisations,
        seed,
    };
    crate::demo_meals::generate(store, plan, progress).await
}

const MOVEMENT: &str = "danmark-spiser-sammen";

pub async fn seed(store: &Store) -> anyhow::Result<()> {
    if store.user_by_email("admin@demo.rygrad.dk").await?.is_some() {
        return Ok(());
    }
    let hash = password::hash(PASSWORD.to_owned()).await?;
    let user = |email: &'static str, name: &'static str, is_admin: bool| NewUser {
        email,
        name,
        password_hash: &hash,
        is_admin,
        email_confirmed: true,
    };
    let admin = store.create_user(user("admin@demo.rygrad.dk", "Ada Administrator", true)).await?;
    let backbone = store.create_user(user("sekretariat@demo.rygrad.dk", "Sara Sekretariat", false)).await?;
    let member_user = store.create_user(user("medlem@demo.rygrad.dk", "Mads Medlem", false)).await?;
    store.create_user(user("borger@demo.rygrad.dk", "Bodil Borger", false)).await?;
    let by = AuditActor { user_id: Some(admin.id), name: admin.name.clone() };

    let mut org_ids = std::collections::HashMap::new();
    for o in ORGANISATIONS {
        let profile = OrganisationInput {
            name: o.name.into(),
            sector: o.sector.into(),
            municipality_code: o.municipality.into(),
            description: o.description.into(),
            ..Default::default()
        }
        .validate()
        .map_err(|e| anyhow::anyhow!("demo organisation {}: {e:?}", o.name))?;
        let row = store.create_organisation(&profile, None, &by).await?;
        org_ids.insert(o.name, row.id);
    }

    let initiatives = [
        (
            InitiativeInput {
                name: "Danmark spiser sammen".into(),
                slug: "danmark-spiser-sammen".into(),
                problem_statement: "Hver tiende dansker føler sig ofte ensom, og ensomhed trives i isolation. \
Ingen aktør kan skabe fællesskaberne alene: det kræver organisationer, skoler, kommuner, foreninger og virksomheder på tværs af sektorer.\n\n\
Kilde: nationale sundhedsprofiler og bevægelsens egne undersøgelser (demodata)."
                    .into(),
                vision: "Et Danmark, hvor ingen er ufrivilligt ensomme – og hvor det er naturligt at invitere nogen, man ikke plejer at spise med."
                    .into(),
                guiding_principles: "Åben for alle.\nHver aktør bidrager med egne ressourcer.\nVi måler, om folks netværk bliver stærkere.".into(),
                municipalities: Vec::new(),
                starts_on: "2016-01-01".into(),
                ends_on: "".into(),
                is_public: true,
            },
            vec![
                member("Fællesskabsfonden", MembershipRole::Chair, "2016-01-01"),
                member("Landsforeningen Nærvær", MembershipRole::ViceChair, "2016-01-01"),
                member("Frivilligcentrenes Netværk", MembershipRole::Secretariat, "2016-01-01"),
                member("Ungdommens Spisefællesskab", MembershipRole::Member, "2016-03-01"),
                member("Danske Madklubber", MembershipRole::Member, "2016-03-01"),
                member("Folkekøkkenet i Nordvest", MembershipRole::Member, "2017-02-01"),
                member("Supermarkedskæden Fælles Bord", MembershipRole::Member, "2017-04-01"),
                member("Højskolen ved Fjorden", MembershipRole::Member, "2018-01-15"),
                member("Aarhus Kommune", MembershipRole::Member, "2016-06-01"),
                member("Aalborg Kommune", MembershipRole::Member, "2019-09-01"),
                member("Region Syddanmark", MembershipRole::Member, "2020-01-01"),
                member("Borgergruppen Spis Sammen Skagen", MembershipRole::Member, "2022-04-01"),
                member("Studenterhusets Madhold", MembershipRole::Member, "2021-09-01"),
                left("Boligselskabet Grønnegården", MembershipRole::Member, "2016-06-01", "2019-12-31", "Fusioneret med et andet boligselskab."),
                left("Styrelsen for Social Samhørighed", MembershipRole::Member, "2017-01-01", "2021-06-30", "Opgaven flyttet til et andet ministerområde."),
            ],
        ),
        (
            InitiativeInput {
                name: "+Trivsel Lejre".into(),
                slug: "trivsel-lejre".into(),
                problem_statement: "En del børn og unge oplever diffus mistrivsel og risikerer at gå under radaren – på grund af drillerier, \
problemer derhjemme eller sygdom. Et barns trivsel afhænger af mange aktører: skole, fritid, familie og lokalsamfund.\n\n\
Kilde: den nationale trivselsmåling i folkeskolen (demodata)."
                    .into(),
                vision: "Alle børn og unge i Lejre har mindst ét fællesskab, hvor de trives og føler sig set.".into(),
                guiding_principles: "Børn og unge inddrages i, hvad der skal ske.\nPartnere driver selv aktiviteterne; sekretariatet faciliterer.\nVi deler data og lærer af dem.".into(),
                municipalities: vec!["0350".into()],
                starts_on: "2015-01-01".into(),
                ends_on: "2019-12-31".into(),
                is_public: true,
            },
            vec![
                member("Lejre Kommune", MembershipRole::Secretariat, "2015-01-01"),
                member("Idrætsforeningen Lejre IF", MembershipRole::Chair, "2015-03-01"),
                member("Spejderne i Hvalsø", MembershipRole::Member, "2015-03-01"),
                member("Ungdomsskolen i Lejre", MembershipRole::ViceChair, "2015-03-01"),
                member("Allerslev Skole", MembershipRole::Member, "2015-08-01"),
                member("Forældrenetværket Trygge Børn", MembershipRole::Member, "2016-02-01"),
                member("Fonden for Børns Trivsel", MembershipRole::Member, "2015-01-01"),
                member("Center for Social Udvikling", MembershipRole::Member, "2015-01-01"),
                member("Frivilligcenter Lejre", MembershipRole::Member, "2016-09-01"),
                member("Biblioteket i Hvalsø", MembershipRole::Member, "2017-01-01"),
                left("Lokalbanken Sjælland", MembershipRole::Member, "2015-06-01", "2017-08-31", "Filialen i kommunen lukkede."),
                left("Kirkerup Friskole", MembershipRole::Member, "2015-08-01", "2018-06-30", "Ny skoleleder prioriterede andre indsatser."),
                left("Musikskolen Lejre", MembershipRole::Member, "2016-01-01", "2018-12-31", "Kontaktpersonen fik nyt job."),
            ],
        ),
        (
            InitiativeInput {
                name: "Lettere Liv Helsingør".into(),
                slug: "lettere-liv-helsingoer".into(),
                problem_statement: "Andelen af overvægtige børn og unge er steget markant. Overvægt har ofte social slagside og giver \
risiko for mobning, isolation, lavt selvværd og skolefravær. Der findes ingen lette løsninger.\n\n\
Kilde: sundhedsplejens og skolernes målinger af børns vægt (demodata)."
                    .into(),
                vision: "Børn, unge og familier i Helsingør får lyst til at bevæge sig og spise sundt – med mod på livet.".into(),
                guiding_principles: "Familien er i centrum.\nIngen løsninger uden målgruppen.\nSmå sejre fejres og deles.".into(),
                municipalities: vec!["0217".into()],
                starts_on: "2015-01-01".into(),
                ends_on: "2020-06-30".into(),
                is_public: false,
            },
            vec![
                member("Helsingør Kommune", MembershipRole::Secretariat, "2015-01-01"),
                member("Skolen ved Rønnebærhaven", MembershipRole::Chair, "2015-02-01"),
                member("Helsingør Svømmeklub", MembershipRole::Member, "2015-02-01"),
                member("Foreningen Aktive Familier", MembershipRole::ViceChair, "2015-02-01"),
                member("Madskolen Nordsjælland", MembershipRole::Member, "2016-01-01"),
                member("Sundhedsplejen i Helsingør", MembershipRole::Member, "2015-02-01"),
                member("Naturskolen Teglstrup", MembershipRole::Member, "2017-04-01"),
                member("Region Hovedstaden", MembershipRole::Member, "2016-01-01"),
                member("Forældreforeningen Sunde Børn", MembershipRole::Member, "2018-08-01"),
                member("Center for Social Udvikling", MembershipRole::Member, "2015-01-01"),
                left("Sportsbutikken Kronborg Sport", MembershipRole::Member, "2015-06-01", "2016-12-31", "Butikken lukkede."),
                left("Boligforeningen Vapnagaard", MembershipRole::Member, "2016-03-01", "2018-03-31", "Ny bestyrelse."),
                left("Cykelklubben Øresund", MembershipRole::Member, "2016-05-01", "2019-05-31", "Klubben havde ikke frivillige nok."),
            ],
        ),
    ];

    for (index, (input, members)) in initiatives.into_iter().enumerate() {
        let profile = input.validate().map_err(|e| anyhow::anyhow!("demo initiative {}: {e:?}", input.name))?;
        let initiative = store.create_initiative(&profile, &by).await?;
        for m in members {
            let org_id = org_ids[m.org];
            let row = store.add_membership(initiative.id, org_id, m.role, date(m.since), &by).await?;
            if let Some((until, reason)) = m.left {
                let leave = Leave { ends_on: date(until), reason: reason.into() };
                store.end_membership(row.id, &leave, &by).await?;
            }
        }
        // The backbone demo user runs the loneliness movement and the Lejre alliance; the member
        // demo user acts for the sports club in Lejre.
        if index < 2 {
            store.grant_role(initiative.id, backbone.id, InitiativeRole::Backbone, None, &by).await?;
        }
        if index == 0 {
            let this_year = chrono::Datelike::year(&chrono::Utc::now());
            for year in [this_year, this_year + 1] {
                let plan = rygrad_domain::campaign::CampaignInput {
                    name: format!("Danmark spiser sammen {year}"),
                    year: year.to_string(),
                    themes: vec!["elderly".into(), "young_people".into(), "across_generations".into()],
                    target_meals: "1000".into(),
                    target_member_meals: "500".into(),
                    target_flagships: "5".into(),
                    target_flagship_guests: "300".into(),
                    target_guests: "15000".into(),
                    target_rural_municipalities: "20".into(),
                    target_urban_municipalities: "30".into(),
                    ..Default::default()
                }
                .validate(year)
                .map_err(|e| anyhow::anyhow!("demo campaign: {e:?}"))?;
                store.create_campaign(initiative.id, &plan, &by).await?;
            }
        }
        if index == 1 {
            store
                .grant_role(
                    initiative.id,
                    member_user.id,
                    InitiativeRole::Member,
                    Some(org_ids["Idrætsforeningen Lejre IF"]),
                    &by,
                )
                .await?;
        }
    }
    crate::demo_workspace::seed(store, &by).await?;
    crate::demo_meetings::seed(store).await?;
    crate::demo_indicators::seed(store, &by).await?;
    crate::demo_surveys::seed(store, &by).await?;
    add_meals(store, DEMO_MEALS, 2026, |_| {}).await?;
    Ok(())
}

//! Demo data for the alliance workspace of the two municipal alliances (+Trivsel Lejre and
//! Lettere Liv Helsingør): knowledge base sections in two versions with comments and support,
//! and meetings with agendas, minutes, decisions and action items — some done, some overdue.
//! Dates are relative to the day the demo is loaded, so there is always something upcoming and
//! something overdue.

use chrono::{Duration, NaiveDate};
use rygrad_domain::knowledge_base::{SectionInput, SectionKind};
use rygrad_domain::meeting::{ActionItemInput, MeetingInput};
use rygrad_store::{AuditActor, Store};

struct Section {
    kind: SectionKind,
    body: &'static str,
    sources: &'static str,
    note: &'static str,
}

struct Item {
    title: &'static str,
    organisation: &'static str,
    /// Days after the meeting.
    due_after: i64,
    done: bool,
}

struct Meeting {
    title: &'static str,
    working_group: &'static str,
    /// Days from today (negative: in the past).
    day: i64,
    place: &'static str,
    link: &'static str,
    agenda: &'static str,
    minutes: &'static str,
    participants: &'static [&'static str],
    decisions: &'static [&'static str],
    items: &'static [Item],
}

struct Alliance {
    slug: &'static str,
    /// Second versions of the sections the profile started (and a first and second strategy).
    sections: &'static [Section],
    /// A comment by the member demo user, who acts in Lejre only.
    comment: Option<(SectionKind, &'static str)>,
    meetings: &'static [Meeting],
}

const LEJRE: Alliance = Alliance {
    slug: "trivsel-lejre",
    sections: &[
        Section {
            kind: SectionKind::Problem,
            body: "En del børn og unge oplever diffus mistrivsel og risikerer at gå under radaren – på grund af drillerier, \
problemer derhjemme eller sygdom. Trivselsmålingen viser, at hvert sjette barn i 4.–9. klasse sjældent føler sig som en del af fællesskabet.\n\n\
Et barns trivsel afhænger af mange aktører: skole, fritid, familie og lokalsamfund. Ingen af dem kan løse det alene.",
            sources: "Den nationale trivselsmåling i folkeskolen, Lejre (demodata)\nInterview med skoleledere og foreningsformænd, foråret (demodata)",
            note: "Tal fra trivselsmålingen og kilder tilføjet",
        },
        Section {
            kind: SectionKind::Strategies,
            body: "1. Fritidspas: alle børn tilbydes en prøvetime i en forening.\n2. Trivselsvenner i skolerne.",
            sources: "",
            note: "Første udkast",
        },
        Section {
            kind: SectionKind::Strategies,
            body: "1. Fritidspas: alle børn tilbydes en prøvetime i en forening.\n2. Trivselsvenner i skolerne.\n3. Forældrenetværk i hver årgang.",
            sources: "",
            note: "Forældrenetværk tilføjet efter alliancemødet",
        },
    ],
    comment: Some((SectionKind::Strategies, "Vi vil gerne være med til at teste fritidspasset i efterårsferien.")),
    meetings: &[
        Meeting {
            title: "Alliancemøde: status på fritidspasset",
            working_group: "",
            day: -60,
            place: "Lejre Rådhus, mødelokale 3",
            link: "",
            agenda: "1. Velkomst og godkendelse af dagsorden\n2. Status på fritidspasset\n3. Nye data fra trivselsmålingen\n4. Eventuelt",
            minutes: "Fritidspasset er afprøvet på to skoler med 46 deltagende børn. Idrætsforeningen fortalte om erfaringerne; \
flere børn er fortsat i foreningen efter prøvetimen.",
            participants: &["Lejre Kommune", "Idrætsforeningen Lejre IF", "Spejderne i Hvalsø", "Allerslev Skole"],
            decisions: &[
                "Fritidspasset udbredes til alle skoler i kommunen fra næste skoleår.",
                "Spejderne og idrætsforeningen deler instruktører ved prøvetimerne.",
            ],
            items: &[
                Item {
                    title: "Lav en oversigt over prøvetimer i efteråret",
                    organisation: "Idrætsforeningen Lejre IF",
                    due_after: 14,
                    done: true,
                },
                Item {
                    title: "Send trivselstal for 4.–6. klasse til sekretariatet",
                    organisation: "Allerslev Skole",
                    due_after: 30,
                    done: false,
                },
            ],
        },
        Meeting {
            title: "Arbejdsgruppemøde om forældrenetværk",
            working_group: "Arbejdsgruppen for forældre",
            day: -20,
            place: "",
            link: "https://moede.example.dk/foraeldre",
            agenda: "1. Erfaringer fra Forældrenetværket Trygge Børn\n2. Plan for opstart i 0. klasse",
            minutes: "Forældrenetværket fortalte om deres model. Gruppen anbefaler at starte i 0. klasse.",
            participants: &["Forældrenetværket Trygge Børn", "Idrætsforeningen Lejre IF", "Lejre Kommune"],
            decisions: &["Forældrenetværk startes i alle 0. klasser efter sommerferien."],
            items: &[
                Item {
                    title: "Udarbejd en invitation til forældremøder",
                    organisation: "Forældrenetværket Trygge Børn",
                    due_after: 10,
                    done: false,
                },
                Item {
                    title: "Find en trænings-sal til forældrearrangementet",
                    organisation: "Idrætsforeningen Lejre IF",
                    due_after: 22,
                    done: false,
                },
            ],
        },
        Meeting {
            title: "Alliancemøde: årsplan",
            working_group: "",
            day: 14,
            place: "Biblioteket i Hvalsø",
            link: "",
            agenda: "1. Velkomst\n2. Årsplan for sporene\n3. Hvem driver hvad?\n4. Eventuelt",
            minutes: "",
            participants: &[
                "Lejre Kommune",
                "Idrætsforeningen Lejre IF",
                "Ungdomsskolen i Lejre",
                "Fonden for Børns Trivsel",
            ],
            decisions: &[],
            items: &[],
        },
    ],
};

const HELSINGOER: Alliance = Alliance {
    slug: "lettere-liv-helsingoer",
    sections: &[
        Section {
            kind: SectionKind::Problem,
            body: "Andelen af overvægtige børn og unge er steget markant, især i boligområder med få foreningstilbud. \
Overvægt har ofte social slagside og giver risiko for mobning, isolation, lavt selvværd og skolefravær.",
            sources: "Sundhedsplejens indskolingsmålinger (demodata)\nSkolernes udskolingsmålinger (demodata)",
            note: "Social slagside uddybet, kilder tilføjet",
        },
        Section {
            kind: SectionKind::Strategies,
            body: "1. Sund Skole: mad og bevægelse i skoledagen.\n2. Aktive familier i boligområderne.",
            sources: "",
            note: "Første udkast",
        },
        Section {
            kind: SectionKind::Strategies,
            body: "1. Sund Skole: mad og bevægelse i skoledagen.\n2. Aktive familier i boligområderne.\n3. Madskole for børn og forældre sammen.",
            sources: "",
            note: "Madskolen tilføjet",
        },
    ],
    comment: None,
    meetings: &[
        Meeting {
            title: "Alliancemøde: Sund Skole",
            working_group: "",
            day: -45,
            place: "Helsingør Rådhus",
            link: "",
            agenda: "1. Velkomst\n2. Resultater fra pilotskolen\n3. Næste skridt",
            minutes: "Pilotskolen viste flere elever i bevægelse i frikvartererne. Forældre efterspørger madkurser.",
            participants: &[
                "Helsingør Kommune",
                "Skolen ved Rønnebærhaven",
                "Madskolen Nordsjælland",
                "Sundhedsplejen i Helsingør",
            ],
            decisions: &["Sund Skole udvides til to skoler mere.", "Madskolen tilbyder familiekurser i vinterferien."],
            items: &[
                Item {
                    title: "Lav en plan for familiekurser",
                    organisation: "Madskolen Nordsjælland",
                    due_after: 20,
                    done: true,
                },
                Item {
                    title: "Skaf data om frikvartersbevægelse",
                    organisation: "Skolen ved Rønnebærhaven",
                    due_after: 30,
                    done: false,
                },
            ],
        },
        Meeting {
            title: "Arbejdsgruppemøde om aktive familier",
            working_group: "Arbejdsgruppen for familier",
            day: 21,
            place: "Naturskolen Teglstrup",
            link: "",
            agenda: "1. Familiedage i naturen\n2. Samarbejde med svømmeklubben",
            minutes: "",
            participants: &["Foreningen Aktive Familier", "Helsingør Svømmeklub", "Naturskolen Teglstrup"],
            decisions: &[],
            items: &[],
        },
    ],
};

async fn demo_user(store: &Store, email: &str) -> anyhow::Result<AuditActor> {
    let user = store.user_by_email(email).await?.ok_or_else(|| anyhow::anyhow!("demo user {email} missing"))?;
    Ok(AuditActor { user_id: Some(user.id), name: user.name })
}

/// Loads the workspace demo data after the initiatives and users. The backbone demo user writes
/// for Lejre; the administrator for Helsingør, which has no demo backbone user.
pub async fn seed(store: &Store) -> anyhow::Result<()> {
    let backbone = demo_user(store, "sekretariat@demo.rygrad.dk").await?;
    let admin = demo_user(store, "admin@demo.rygrad.dk").await?;
    let member = demo_user(store, "medlem@demo.rygrad.dk").await?;
    let today = rygrad_domain::format::local_date(chrono::Utc::now());
    for (alliance, by) in [(&LEJRE, &backbone), (&HELSINGOER, &admin)] {
        let initiative =
            store.initiative_by_slug(alliance.slug).await?.ok_or_else(|| anyhow::anyhow!("demo initiative missing"))?;
        let id = initiative.row.id;
        for s in alliance.sections {
            let revision = SectionInput { body: s.body.into(), sources: s.sources.into(), note: s.note.into() }
                .validate()
                .map_err(|e| anyhow::anyhow!("demo section: {e:?}"))?;
            store.revise_section(id, s.kind, &revision, by).await?;
        }
        if let (Some((kind, comment)), Some(member_id)) = (alliance.comment, member.user_id) {
            store.comment_on_section(id, kind, comment, &member).await?;
            store.set_section_support(id, SectionKind::Vision, member_id, true, &member).await?;
        }
        if let Some(user_id) = by.user_id {
            store.set_section_support(id, SectionKind::Vision, user_id, true, by).await?;
        }
        let members = store.memberships_of_initiative(id).await?;
        let slug_of = |name: &str| members.iter().find(|(_, o)| o.name == name).map(|(_, o)| o.slug.clone());
        for m in alliance.meetings {
            let day = today + Duration::days(m.day);
            let input = MeetingInput {
                title: m.title.into(),
                kind: if m.working_group.is_empty() { "alliance_group" } else { "working_group" }.into(),
                working_group: m.working_group.into(),
                date: day.to_string(),
                starts_at: "16:00".into(),
                ends_at: "18:00".into(),
                place: m.place.into(),
                link: m.link.into(),
                agenda: m.agenda.into(),
                minutes: m.minutes.into(),
                participants: m.participants.iter().filter_map(|n| slug_of(n)).collect(),
            };
            let plan = input.validate().map_err(|e| anyhow::anyhow!("demo meeting {}: {e:?}", m.title))?;
            let mut participant_ids = Vec::new();
            for slug in &plan.participants {
                participant_ids.extend(store.organisation_by_slug(slug).await?.map(|o| o.id));
            }
            let meeting = store.create_meeting(id, &plan, &participant_ids, by).await?;
            for d in m.decisions {
                store.create_decision(&meeting, d, by).await?;
            }
            for item in m.items {
                let (slug, org_id) = members
                    .iter()
                    .find(|(_, o)| o.name == item.organisation)
                    .map(|(_, o)| (o.slug.clone(), o.id))
                    .ok_or_else(|| anyhow::anyhow!("demo organisation {} missing", item.organisation))?;
                let due: NaiveDate = day + Duration::days(item.due_after);
                let input = ActionItemInput { title: item.title.into(), organisation: slug, due_on: due.to_string() };
                let plan = input.validate(day).map_err(|e| anyhow::anyhow!("demo action item: {e:?}"))?;
                let row = store.create_action_item(&meeting, &plan, org_id, by).await?;
                if item.done {
                    store.set_action_item_done(row.id, true, by).await?;
                }
            }
        }
    }
    Ok(())
}

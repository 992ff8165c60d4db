//! The binary's subcommands, run as a user would run them.

use crate::helpers::*;
use std::process::Command;

#[tokio::test]
async fn migrate_user_and_token_commands() {
    let (url, _dir) = fresh_database().await;
    let out = rygrad_cli(&url, &["migrate"]).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = rygrad_cli(
        &url,
        &["user", "create", "--email", "chef@example.dk", "--password", "hemmeligt-kodeord", "--admin"],
    )
    .await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let again =
        rygrad_cli(&url, &["user", "create", "--email", "chef@example.dk", "--password", "hemmeligt-kodeord"]).await;
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
    let out = rygrad_cli(&url, &["token", "create", "--email", "chef@example.dk"]).await;
    assert!(out.status.success());
    let token = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert_eq!(token.len(), 43);

    let store = rygrad_store::Store::connect(&url).await.unwrap();
    let user = store.user_by_api_token(&rygrad_web::http::auth::tokens::hash_token(&token)).await.unwrap().unwrap();
    assert!(user.is_admin);
    let missing = rygrad_cli(&url, &["token", "create", "--email", "ingen@example.dk"]).await;
    assert!(!missing.status.success());
}

#[tokio::test]
async fn backup_copies_a_live_sqlite_database_and_restores() {
    if backend() != "sqlite" {
        return; // PostgreSQL is backed up with pg_dump; `rygrad backup` is for SQLite.
    }
    let app = spawn_app().await;
    initiative(&app, "sikret", true).await;
    let dir = std::env::temp_dir().join(unique("rygrad-backup-"));
    std::fs::create_dir_all(&dir).unwrap();
    let backup = dir.join("backup.db");
    // writes go on while the backup runs
    let writer = {
        let store = app.store.clone();
        tokio::spawn(async move {
            for i in 0..50 {
                let profile = rygrad_domain::organisation::OrganisationInput {
                    name: format!("Under backup {i}"),
                    sector: "business".into(),
                    ..Default::default()
                }
                .validate()
                .unwrap();
                store.create_organisation(&profile, None, &rygrad_store::AuditActor::system()).await.unwrap();
            }
        })
    };
    let out = rygrad_cli(&app.database_url, &["backup", backup.to_str().unwrap()]).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    writer.await.unwrap();
    // Restoring is copying the file into place; the copy opens and holds the data.
    let restored = format!("sqlite://{}", backup.display());
    let out = rygrad_cli(&restored, &["migrate"]).await;
    assert!(out.status.success());
    let store = rygrad_store::Store::connect(&restored).await.unwrap();
    assert!(store.initiative_by_slug("sikret").await.unwrap().is_some());
    let again = rygrad_cli(&app.database_url, &["backup", backup.to_str().unwrap()]).await;
    assert!(!again.status.success(), "an existing file is never overwritten");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn serve_starts_and_stops_gracefully_on_sigterm() {
    let (url, _dir) = fresh_database().await;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let mut child = Command::new(env!("CARGO_BIN_EXE_rygrad"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .env("DATABASE_URL", &url)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut up = false;
    for _ in 0..100 {
        if reqwest::get(format!("http://127.0.0.1:{port}/healthz")).await.is_ok_and(|r| r.status() == 200) {
            up = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(up, "the server answered /healthz");
    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let started = std::time::Instant::now();
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        assert!(started.elapsed().as_secs() < 10, "did not stop on SIGTERM");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert!(exit.success(), "exit status {exit:?}");
    let mut log = String::new();
    use std::io::Read;
    child.stdout.take().unwrap().read_to_string(&mut log).unwrap();
    // structured (JSON) log lines, without personal data
    let first = log.lines().next().unwrap();
    let line: serde_json::Value = serde_json::from_str(first).unwrap_or_else(|_| panic!("not JSON: {first}"));
    assert_eq!(line["message"], "rygrad is listening");
    assert!(log.contains("shutting down"));
}

#[test]
fn switches_accept_the_usual_ways_of_saying_yes_and_no() {
    use clap::Parser;
    let parse = |args: &[&str]| {
        let cli = rygrad::cli::Cli::try_parse_from([&["rygrad", "serve"][..], args].concat()).unwrap();
        let rygrad::cli::Command::Serve(serve) = cli.command else { unreachable!() };
        (serve.demo, serve.secure_cookies)
    };
    assert_eq!(parse(&[]), (false, false));
    assert_eq!(parse(&["--demo", "--secure-cookies"]), (true, true));
    for yes in ["1", "true", "yes", "on"] {
        assert_eq!(parse(&[&format!("--demo={yes}"), &format!("--secure-cookies={yes}")]), (true, true), "{yes}");
    }
    for no in ["0", "false", "no", "off"] {
        assert_eq!(parse(&[&format!("--demo={no}"), &format!("--secure-cookies={no}")]), (false, false), "{no}");
    }
}

#[tokio::test]
async fn the_readme_production_example_starts() {
    use std::io::BufRead;
    let (url, _dir) = fresh_database().await;
    let mut child = Command::new(env!("CARGO_BIN_EXE_rygrad"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("DATABASE_URL", &url)
        .env("RYGRAD_SECURE_COOKIES", "1")
        .env("RYGRAD_DEMO", "0")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let listening = stdout.lines().map_while(Result::ok).any(|line| line.contains("rygrad is listening"));
    child.kill().unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(listening, "{}", String::from_utf8_lossy(&output.stderr));
}

#[tokio::test]
async fn processes_starting_together_on_a_new_database_both_migrate() {
    for _ in 0..3 {
        let (url, _dir) = fresh_database().await;
        let (a, b) =
            (rygrad_store::Store::connect(&url).await.unwrap(), rygrad_store::Store::connect(&url).await.unwrap());
        let (first, second) = tokio::join!(a.migrate(), b.migrate());
        first.unwrap();
        second.unwrap();
        a.ping().await.unwrap();
        assert!(a.user_by_email("ingen@example.dk").await.unwrap().is_none(), "the schema is there");
    }
}

#[tokio::test]
async fn demo_data_adds_indicator_values_at_scale_and_writes_a_csv_that_imports_cleanly() {
    use rygrad_domain::indicator::{Frequency, Geography};
    use rygrad_domain::indicator_import::{ImportContext, MappingInput, SourceRow, plan};
    let (url, _dir) = fresh_database().await;
    assert!(rygrad_cli(&url, &["migrate"]).await.status.success());
    let csv = std::env::temp_dir().join(unique("rygrad-values-")).with_extension("csv");
    let out = rygrad_cli(
        &url,
        &["demo-data", "--indicator-values", "2500", "--indicator-csv", csv.to_str().unwrap(), "--csv-rows", "300"],
    )
    .await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let store = rygrad_store::Store::connect(&url).await.unwrap();
    let mut indicators = Vec::new();
    for slug in ["maaling-i-stor-skala", "maaling-i-stor-skala-2"] {
        let initiative = store.initiative_by_slug(slug).await.unwrap().unwrap().row.id;
        indicators.push(store.indicators_of(initiative).await.unwrap());
    }
    assert_eq!((indicators[0].len(), indicators[1].len()), (30, 70), "30 on the dashboard");
    assert!(indicators[0].iter().all(|i| i.goal_ids.len() == 1));
    let indicators = indicators.concat();
    let mut stored = 0;
    for indicator in &indicators {
        if let Some(period) = store.latest_indicator_period(indicator).await.unwrap() {
            assert_eq!(period.frequency(), Frequency::Week);
        }
        stored += store.indicator_values_all(indicator).await.unwrap().len();
    }
    assert_eq!(stored, 2500);

    let table = rygrad_sheets::read(&std::fs::read(&csv).unwrap(), "values.csv").unwrap();
    std::fs::remove_file(&csv).unwrap();
    let rows: Vec<SourceRow> = table.rows.iter().map(|r| SourceRow { line: r.line, cells: &r.cells }).collect();
    let context = ImportContext {
        frequency: Frequency::Week,
        geography: Geography::Municipality,
        custom_units: &[],
        separator: table.separator,
    };
    let read = plan(&table.header, &rows, &context, &MappingInput::default()).unwrap();
    assert_eq!((read.values.len(), read.errors.len(), read.skipped.len()), (300, 0, 0));
}

#[tokio::test]
async fn demo_data_adds_a_survey_at_scale_with_small_groups_and_its_counts_kept() {
    use rygrad_domain::survey::{QuestionKind, WaveStatus};
    use std::collections::BTreeMap;
    let (url, _dir) = fresh_database().await;
    assert!(rygrad_cli(&url, &["migrate"]).await.status.success());
    let out = rygrad_cli(&url, &["demo-data", "--survey-answers", "1200", "--survey-groups", "60"]).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let store = rygrad_store::Store::connect(&url).await.unwrap();
    let initiative = store.initiative_by_slug("undersoegelse-i-stor-skala").await.unwrap().unwrap().row.id;
    let surveys = store.surveys_of(initiative).await.unwrap();
    assert_eq!(surveys.len(), 1);
    let plan = &surveys[0].plan;
    for kind in
        [QuestionKind::Single, QuestionKind::Multi, QuestionKind::Likert, QuestionKind::Number, QuestionKind::Text]
    {
        assert!(plan.questions.iter().any(|q| q.kind == kind), "{kind:?}");
    }
    let waves = store.survey_waves_of(surveys[0].id).await.unwrap();
    assert_eq!(waves.len(), 1);
    assert_eq!(waves[0].status, WaveStatus::Open, "the bench answers it");
    assert_eq!(store.survey_groups_of(waves[0].id).await.unwrap().len(), 60);

    let counts = store.survey_counts_by_group(waves[0].id).await.unwrap();
    assert_eq!((counts.total, counts.respondents.len()), (1200, 60), "every class answered");
    let small: Vec<u64> = counts.respondents.values().copied().filter(|&n| n < 5).collect();
    assert_eq!(small.len(), 2, "one class in fifty: {small:?}");

    let responses = store.survey_responses_of(surveys[0].id).await.unwrap();
    assert_eq!(responses.len(), 1200);
    assert!(responses.iter().any(|r| r.answers.get("andet").is_some_and(|a| a.is_string())), "some free text");
    assert!(responses.iter().all(|r| r.answers.get("alder").is_some_and(|a| a.is_number())));
    // the counts kept while writing are the answers stored, counted again
    // and so are those by the answer to a question (0: not answered)
    let mut recounted: BTreeMap<(i64, String, u32), u64> = BTreeMap::new();
    let mut by_answer: BTreeMap<(i64, String, u32), u64> = BTreeMap::new();
    for r in &responses {
        let bullied = r.answers.get("mobbet").map_or(0, |a| a.as_str().unwrap().parse::<i64>().unwrap());
        for (key, answer) in &r.answers {
            let options: Vec<&serde_json::Value> = match answer {
                serde_json::Value::Array(items) => items.iter().collect(),
                serde_json::Value::String(_) if key != "andet" => vec![answer],
                _ => Vec::new(),
            };
            for option in options {
                let option: u32 = option.as_str().unwrap().parse().unwrap();
                *recounted.entry((r.group_id, key.clone(), option)).or_default() += 1;
                *by_answer.entry((bullied, key.clone(), option)).or_default() += 1;
            }
        }
    }
    assert_eq!(counts.cells, recounted);
    let kept = store.survey_counts_by_answer(waves[0].id, "mobbet").await.unwrap();
    assert_eq!(kept.cells, by_answer);
    assert_eq!(kept.total, 1200);
}

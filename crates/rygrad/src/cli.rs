//! Subcommands: serve, migrate, backup, user create, token create.

use anyhow::Context;
use clap::builder::BoolishValueParser;
use clap::{ArgAction, Parser, Subcommand};
use rygrad_store::Store;
use rygrad_store::accounts::NewUser;
use rygrad_web::http::auth::{password, tokens};
use rygrad_web::{AppState, WebConfig};
use std::net::IpAddr;

#[derive(Parser)]
#[command(name = "rygrad", version, about = "A workspace for collective impact alliances")]
pub struct Cli {
    /// `sqlite://path` (created if missing) or `postgres://user@host/db`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://rygrad.db", global = true, hide_env_values = true)]
    pub database_url: String,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Runs the web server (migrating the database first).
    Serve(ServeArgs),
    /// Brings the database schema up to date.
    Migrate,
    /// Writes a consistent copy of the live SQLite database to PATH.
    Backup { path: String },
    /// Manages accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manages personal API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Imports the events of an iCalendar file as meals of an organisation; prints a JSON
    /// summary of what was imported, updated and skipped (with reasons).
    ImportIcs {
        file: String,
        #[arg(long)]
        organisation: String,
    },
    /// Adds realistic generated meals across Denmark (with seats taken and relay trees), and
    /// indicator values and survey answers at scale (for benchmarks).
    DemoData {
        #[arg(long, default_value_t = 0)]
        meals: u64,
        /// Weekly values of 100 municipality indicators in an initiative of their own.
        #[arg(long, default_value_t = 0)]
        indicator_values: u64,
        /// The initiative the indicator values go in (created).
        #[arg(long, default_value = "maaling-i-stor-skala")]
        indicator_slug: String,
        /// Also writes a CSV file of this many weekly values, as a partner would upload it.
        #[arg(long, requires = "csv_rows")]
        indicator_csv: Option<std::path::PathBuf>,
        #[arg(long, default_value_t = 0)]
        csv_rows: u64,
        /// Answers to a generated survey (one open wave) over `--survey-groups` classes.
        #[arg(long, default_value_t = 0)]
        survey_answers: u64,
        #[arg(long, default_value_t = 500)]
        survey_groups: u64,
        /// The initiative the survey goes in (created when there is none).
        #[arg(long, default_value = "undersoegelse-i-stor-skala")]
        survey_slug: String,
        /// Seed of the generator, for repeatable data.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Adds a generated initiative with an action plan at scale (for benchmarks).
    DemoWorkspace {
        #[arg(long, default_value = "benchmark")]
        slug: String,
        #[arg(long, default_value_t = 500)]
        organisations: u64,
        #[arg(long, default_value_t = 5000)]
        activities: u64,
        #[arg(long, default_value_t = 20000)]
        commitments: u64,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
}

#[derive(clap::Args, Clone)]
pub struct ServeArgs {
    #[arg(long, env = "RYGRAD_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Loads the demo data (if the database has none) and lists the demo users on the login page.
    #[arg(long, env = "RYGRAD_DEMO", action = ArgAction::Set, num_args = 0..=1, default_value = "false",
        default_missing_value = "true", value_parser = BoolishValueParser::new())]
    pub demo: bool,
    /// The address people reach the site at, for links in mail; defaults to http://LISTEN.
    #[arg(long, env = "RYGRAD_BASE_URL")]
    pub base_url: Option<String>,
    /// `smtp://user:pass@host:587`; without it, mail is shown on the outbox page /udbakke.
    #[arg(long, env = "RYGRAD_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    #[arg(long, env = "RYGRAD_MAIL_FROM", default_value = "rygrad <noreply@rygrad.local>")]
    pub mail_from: String,
    /// Comma-separated proxy addresses whose X-Forwarded-For is believed.
    #[arg(long, env = "RYGRAD_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<IpAddr>,
    /// Marks cookies Secure (serve behind HTTPS).
    #[arg(long, env = "RYGRAD_SECURE_COOKIES", action = ArgAction::Set, num_args = 0..=1, default_value = "false",
        default_missing_value = "true", value_parser = BoolishValueParser::new())]
    pub secure_cookies: bool,
    /// Days after a meal that its guests' personal data is deleted (only counts remain).
    #[arg(long, env = "RYGRAD_GUEST_DATA_DAYS", default_value_t = 30)]
    pub guest_data_days: i64,
    /// Days sent mail is kept before it is deleted with its recipient and text.
    #[arg(long, env = "RYGRAD_SENT_MAIL_DAYS", default_value_t = 7)]
    pub sent_mail_days: i64,
    /// Map tiles, e.g. `https://tile.openstreetmap.org/{z}/{x}/{y}.png`; none: borders only, offline.
    #[arg(long, env = "RYGRAD_TILE_URL")]
    pub tile_url: Option<String>,
    /// The tile provider's required credit, e.g. `© OpenStreetMap`.
    #[arg(long, env = "RYGRAD_TILE_ATTRIBUTION", default_value = "")]
    pub tile_attribution: String,
    /// Statistics Denmark's StatBank API, which indicator connectors fetch tables from.
    #[arg(long, env = "RYGRAD_STATBANK_URL", default_value = "https://api.statbank.dk/v1")]
    pub statbank_url: String,
    /// Seconds a connector waits for StatBank's answer.
    #[arg(long, env = "RYGRAD_STATBANK_TIMEOUT", default_value_t = 30)]
    pub statbank_timeout: u64,
    /// Log format: json (structured) or text.
    #[arg(long, env = "RYGRAD_LOG_FORMAT", default_value = "json")]
    pub log_format: String,
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Creates an account with a confirmed address.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
        #[arg(long, default_value = "")]
        name: String,
        /// Makes the account a platform administrator.
        #[arg(long)]
        admin: bool,
    },
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Prints a new personal API token for the account.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "cli")]
        label: String,
    },
}

pub fn init_logging(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("RYGRAD_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(false);
    let _ = if format == "text" { builder.try_init() } else { builder.json().flatten_event(true).try_init() };
}

async fn open_store(url: &str) -> anyhow::Result<Store> {
    let store = Store::connect(url).await.with_context(|| "could not open the database named by DATABASE_URL")?;
    store.migrate().await.context("migrating the database failed")?;
    Ok(store)
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve(&cli.database_url, args).await,
        Command::Migrate => {
            open_store(&cli.database_url).await?;
            println!("database is up to date");
            Ok(())
        }
        Command::Backup { path } => {
            let store = Store::connect(&cli.database_url).await?;
            anyhow::ensure!(!std::path::Path::new(&path).exists(), "{path} exists already; choose a new file");
            store.backup_sqlite(&path).await?;
            println!("backup written to {path}");
            Ok(())
        }
        Command::User(UserCommand::Create { email, password: pw, name, admin }) => {
            let store = open_store(&cli.database_url).await?;
            let email = rygrad_domain::account::Email::parse(&email)
                .map_err(|_| anyhow::anyhow!("not a valid e-mail address"))?;
            rygrad_domain::account::NewPassword::parse(&pw)
                .map_err(|_| anyhow::anyhow!("the password must be at least 10 characters"))?;
            let name =
                if name.trim().is_empty() { email.as_str().split('@').next().unwrap_or("").to_owned() } else { name };
            let hash = password::hash(pw).await?;
            let user = store
                .create_user(NewUser {
                    email: email.as_str(),
                    name: &name,
                    password_hash: &hash,
                    is_admin: admin,
                    email_confirmed: true,
                })
                .await
                .map_err(|e| match e {
                    rygrad_store::StoreError::Taken(_) => {
                        anyhow::anyhow!("an account with that e-mail exists already")
                    }
                    other => other.into(),
                })?;
            println!("created user {}{}", user.id, if admin { " (administrator)" } else { "" });
            Ok(())
        }
        Command::ImportIcs { file, organisation } => {
            let store = open_store(&cli.database_url).await?;
            let org = store
                .organisation_by_slug(&organisation)
                .await?
                .ok_or_else(|| anyhow::anyhow!("no organisation has the short name {organisation:?}"))?;
            let bytes = std::fs::read(&file).with_context(|| format!("could not read {file}"))?;
            let (campaign_id, window) = import_target(&store, org.id).await?;
            let target = rygrad_web::meals::import::ImportTarget { organisation_id: org.id, campaign_id, window };
            let summary = import_now(&store, bytes, &target).await.map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
            println!("{}", serde_json::to_string_pretty(&summary)?);
            Ok(())
        }
        Command::DemoData {
            meals,
            indicator_values,
            indicator_slug,
            indicator_csv,
            csv_rows,
            survey_answers,
            survey_groups,
            survey_slug,
            seed,
        } => {
            let store = open_store(&cli.database_url).await?;
            let bar = |what: &str, len: u64| {
                let bar = indicatif::ProgressBar::new(len);
                bar.set_style(
                    indicatif::ProgressStyle::with_template(&format!(
                        "{{bar:40}} {{pos}}/{{len}} {what} ({{per_sec}}, {{eta}} left)"
                    ))
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                );
                bar
            };
            if meals > 0 {
                let started = std::time::Instant::now();
                let progress = bar("meals", meals);
                crate::demo::add_meals(&store, meals, seed, |done| progress.set_position(done)).await?;
                progress.finish();
                println!("added {meals} meals in {:.1} s", started.elapsed().as_secs_f64());
            }
            if indicator_values > 0 {
                let started = std::time::Instant::now();
                let progress = bar("values", indicator_values);
                crate::demo_indicators::generate(&store, &indicator_slug, indicator_values, seed, |done| {
                    progress.set_position(done)
                })
                .await?;
                progress.finish();
                println!("added {indicator_values} indicator values in {:.1} s", started.elapsed().as_secs_f64());
            }
            if let Some(path) = indicator_csv {
                crate::demo_indicators::write_csv(&path, csv_rows, seed)?;
                println!("wrote {csv_rows} rows to {}", path.display());
            }
            if survey_answers > 0 {
                let started = std::time::Instant::now();
                let progress = bar("answers", survey_answers);
                let survey =
                    crate::demo_surveys::generate(&store, &survey_slug, survey_answers, survey_groups, seed, |done| {
                        progress.set_position(done)
                    })
                    .await?;
                progress.finish();
                println!(
                    "added survey {survey} with {survey_answers} answers over {survey_groups} groups in {:.1} s",
                    started.elapsed().as_secs_f64()
                );
            }
            Ok(())
        }
        Command::DemoWorkspace { slug, organisations, activities, commitments, seed } => {
            let store = open_store(&cli.database_url).await?;
            let started = std::time::Instant::now();
            let scale = crate::demo_workspace::Scale { organisations, activities, commitments, seed };
            crate::demo_workspace::generate(&store, &slug, &scale, |what, done| {
                if done % 1000 == 0 {
                    eprintln!("{what}: {done}");
                }
            })
            .await?;
            println!("generated the workspace {slug} in {:.1} s", started.elapsed().as_secs_f64());
            Ok(())
        }
        Command::Token(TokenCommand::Create { email, label }) => {
            let store = open_store(&cli.database_url).await?;
            let email = rygrad_domain::account::Email::parse(&email)
                .map_err(|_| anyhow::anyhow!("not a valid e-mail address"))?;
            let user = store
                .user_by_email(email.as_str())
                .await?
                .ok_or_else(|| anyhow::anyhow!("no account has that e-mail address"))?;
            let token = tokens::new_token();
            store.create_api_token(user.id, &tokens::hash_token(&token), &label).await?;
            println!("{token}");
            Ok(())
        }
    }
}

/// Queues the import as a job, as the web does, and does it in this process; if a server's
/// worker takes it first, waits for that one to finish it.
async fn import_now(
    store: &Store,
    bytes: Vec<u8>,
    target: &rygrad_web::meals::import::ImportTarget,
) -> anyhow::Result<rygrad_web::meals::import::ImportSummary> {
    use rygrad_domain::background_job::JobStatus;
    let job_id = rygrad_web::meals::import::queue_import(store, bytes, target, None).await?;
    let worker = format!("cli-{}", tokens::new_token());
    if let Some(job) = store.claim_job(&worker, rygrad_web::http::jobs::JOB_STALE_AFTER, Some(job_id)).await? {
        return Ok(rygrad_web::meals::import::run_import_job(store, &job, &worker).await?);
    }
    loop {
        let job = store.background_job(job_id).await?.ok_or_else(|| anyhow::anyhow!("the import job vanished"))?;
        match job.status {
            JobStatus::Done => return Ok(serde_json::from_str(&job.result)?),
            JobStatus::Failed => anyhow::bail!("the import failed: {}", job.error.unwrap_or_default()),
            JobStatus::Queued | JobStatus::Running => tokio::time::sleep(std::time::Duration::from_millis(500)).await,
        }
    }
}

/// The open campaign of an initiative the organisation belongs to (its period is the import
/// window), else no campaign and the default window.
async fn import_target(
    store: &Store,
    organisation_id: i64,
) -> anyhow::Result<(Option<i64>, (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>))> {
    let now = chrono::Utc::now();
    let today = rygrad_domain::format::local_date(now);
    for initiative_id in store.current_initiatives_of_organisation(organisation_id, today).await? {
        if let Some(c) = store.campaigns_of(initiative_id).await?.into_iter().find(|c| c.ends_on >= today) {
            let at = |d: chrono::NaiveDate, t| rygrad_domain::meal::local_instant(d, t).unwrap_or(now);
            let window = (
                at(c.starts_on, chrono::NaiveTime::MIN),
                at(c.ends_on, chrono::NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default()),
            );
            return Ok((Some(c.id), window));
        }
    }
    Ok((None, rygrad_web::meals::import::default_window(now)))
}

pub fn web_config(args: &ServeArgs, listen: &str) -> WebConfig {
    WebConfig {
        demo: args.demo,
        base_url: args.base_url.clone().unwrap_or_else(|| format!("http://{listen}")),
        smtp_url: args.smtp_url.clone().filter(|s| !s.is_empty()),
        mail_from: args.mail_from.clone(),
        trusted_proxies: args.trusted_proxies.clone(),
        secure_cookies: args.secure_cookies,
        guest_data_days: args.guest_data_days,
        sent_mail_days: args.sent_mail_days,
        tile_url: args.tile_url.clone().filter(|s| !s.is_empty()),
        tile_attribution: args.tile_attribution.clone(),
        statbank_url: args.statbank_url.clone(),
        statbank_timeout: std::time::Duration::from_secs(args.statbank_timeout),
        ..WebConfig::default()
    }
}

async fn serve(database_url: &str, args: ServeArgs) -> anyhow::Result<()> {
    init_logging(&args.log_format);
    let started = std::time::Instant::now();
    let store = open_store(database_url).await?;
    if args.demo {
        crate::demo::seed(&store).await.context("loading the demo data failed")?;
    }
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .with_context(|| format!("could not listen on {}", args.listen))?;
    let address = listener.local_addr()?.to_string();
    // The meal index loads beside the first requests instead of before them.
    let warming = store.clone();
    tokio::spawn(async move {
        if let Err(e) = warming.warm_meal_index().await {
            tracing::error!(error = %e, "loading the meal index failed");
        }
    });
    let state = AppState::new(store, web_config(&args, &address))?;
    tracing::info!(
        address = %format!("http://{address}"),
        demo = args.demo,
        startup_ms = started.elapsed().as_millis() as u64,
        "rygrad is listening"
    );
    rygrad_web::serve(listener, state).await?;
    Ok(())
}

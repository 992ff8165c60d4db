//! Translations (Fluent files in `locales/`, Danish first) and per-language formatting.

use chrono::{DateTime, NaiveDate, Utc};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
use rygrad_domain::format::{self, Lang};
use std::borrow::Cow;
use std::collections::HashMap;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "da",
        // Fluent's bidi isolation marks would end up inside attributes and e-mails.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static DA: LanguageIdentifier = langid!("da");
static EN: LanguageIdentifier = langid!("en");

/// Whole numbers of any width, by value or by reference (templates pass references).
pub trait AsInt {
    fn as_int(&self) -> i64;
}

macro_rules! as_int {
    ($($t:ty),*) => {$(
        impl AsInt for $t {
            fn as_int(&self) -> i64 {
                i64::try_from(*self).unwrap_or(i64::MAX)
            }
        }
    )*};
}
as_int!(i32, i64, u32, u64, usize);

impl<T: AsInt> AsInt for &T {
    fn as_int(&self) -> i64 {
        (**self).as_int()
    }
}

/// A day or none, by value or by reference, for the ends of a period.
pub trait MaybeDate {
    fn maybe_date(&self) -> Option<NaiveDate>;
}

impl MaybeDate for NaiveDate {
    fn maybe_date(&self) -> Option<NaiveDate> {
        Some(*self)
    }
}

impl MaybeDate for Option<NaiveDate> {
    fn maybe_date(&self) -> Option<NaiveDate> {
        *self
    }
}

impl<T: MaybeDate> MaybeDate for &T {
    fn maybe_date(&self) -> Option<NaiveDate> {
        (**self).maybe_date()
    }
}

/// The translator for one request's language.
#[derive(Clone, Copy, Debug)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Self { lang }
    }

    fn id(&self) -> &'static LanguageIdentifier {
        match self.lang {
            Lang::Da => &DA,
            Lang::En => &EN,
        }
    }

    /// The message `id`; a missing id shows the id itself (and fails the completeness test).
    pub fn t(&self, id: &str) -> String {
        LOCALES.try_lookup(self.id(), id).unwrap_or_else(|| id.to_owned())
    }

    pub fn t1(&self, id: &str, name: &str, value: impl ToString) -> String {
        self.with(id, &[(name, value.to_string())])
    }

    pub fn t2(&self, id: &str, n1: &str, v1: impl ToString, n2: &str, v2: impl ToString) -> String {
        self.with(id, &[(n1, v1.to_string()), (n2, v2.to_string())])
    }

    /// A message with a count, for plural rules ("1 organisation", "2 organisationer").
    pub fn count(&self, id: &str, count: impl AsInt) -> String {
        let count = count.as_int();
        let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        args.insert("count".into(), FluentValue::from(count));
        args.insert("formatted".into(), FluentValue::from(format::integer(self.lang, count)));
        LOCALES.try_lookup_with_args(self.id(), id, &args).unwrap_or_else(|| id.to_owned())
    }

    /// A message with several counts, for plural rules on each: `$name` selects the plural
    /// form, `$name_formatted` shows the number ("1 commitment, none delivered"); `texts` are further
    /// arguments.
    pub fn counts<N: AsInt>(&self, id: &str, counts: &[(&str, N)], texts: &[(&str, String)]) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue> =
            texts.iter().map(|(k, v)| (Cow::Owned((*k).to_owned()), FluentValue::from(v.clone()))).collect();
        for (name, count) in counts {
            let count = count.as_int();
            args.insert(Cow::Owned((*name).to_owned()), FluentValue::from(count));
            args.insert(Cow::Owned(format!("{name}_formatted")), FluentValue::from(format::integer(self.lang, count)));
        }
        LOCALES.try_lookup_with_args(self.id(), id, &args).unwrap_or_else(|| id.to_owned())
    }

    /// A message with named arguments.
    pub fn with(&self, id: &str, pairs: &[(&str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> =
            pairs.iter().map(|(k, v)| (Cow::Owned((*k).to_owned()), FluentValue::from(v.clone()))).collect();
        LOCALES.try_lookup_with_args(self.id(), id, &args).unwrap_or_else(|| id.to_owned())
    }

    /// Whether two values are equal, for templates comparing a chosen value with an option.
    pub fn same(&self, a: &str, b: &str) -> bool {
        a == b
    }

    pub fn has(&self, id: &str) -> bool {
        LOCALES.try_lookup(self.id(), id).is_some()
    }

    pub fn date(&self, d: &NaiveDate) -> String {
        format::date(self.lang, *d)
    }

    /// A period that may be open at either end: "1. januar 2016 – 31. marts 2017",
    /// "fra 1. januar 2016", "til 31. marts 2017"; empty when both ends are open.
    pub fn period(&self, start: impl MaybeDate, end: impl MaybeDate) -> String {
        match (&start.maybe_date(), &end.maybe_date()) {
            (Some(s), Some(e)) => self.t2("period-between", "start", self.date(s), "end", self.date(e)),
            (Some(s), None) => self.t1("period-from", "start", self.date(s)),
            (None, Some(e)) => self.t1("period-until", "end", self.date(e)),
            (None, None) => String::new(),
        }
    }

    pub fn datetime(&self, t: &DateTime<Utc>) -> String {
        format::date_time(self.lang, *t)
    }

    pub fn int(&self, n: impl AsInt) -> String {
        format::integer(self.lang, n.as_int())
    }

    /// "18.00" / "18:00" in Copenhagen.
    pub fn time(&self, t: &DateTime<Utc>) -> String {
        format::time(self.lang, *t)
    }

    /// "2,4 km".
    pub fn km(&self, km: &f64) -> String {
        format!("{} km", format::number(self.lang, *km, 1))
    }

    /// "27,50 kr." / "DKK 27.50" from øre.
    pub fn kroner(&self, ore: &i32) -> String {
        self.t1("price-kroner", "amount", format::kroner(self.lang, i64::from(*ore)))
    }

    pub fn theme(&self, code: &str) -> String {
        self.t(&format!("theme-{}", code.replace('_', "-")))
    }

    pub fn sector(&self, code: &str) -> String {
        self.t(&format!("sector-{}", code.replace('_', "-")))
    }

    pub fn membership_role(&self, code: &str) -> String {
        self.t(&format!("membership-role-{}", code.replace('_', "-")))
    }

    pub fn person_role(&self, code: &str) -> String {
        self.t(&format!("person-role-{code}"))
    }

    pub fn municipality(&self, code: &str) -> String {
        rygrad_domain::geo::geodata().municipality(code).map_or_else(|| code.to_owned(), |m| m.name.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message ids a language's Fluent files (one per concept) define.
    fn defined(lang: Lang) -> std::collections::BTreeSet<String> {
        let dir = format!("{}/locales/{}", env!("CARGO_MANIFEST_DIR"), lang.code());
        walk(std::path::Path::new(&dir))
            .into_iter()
            .filter(|path| path.extension().is_some_and(|e| e == "ftl"))
            .flat_map(|path| {
                let text = std::fs::read_to_string(path).unwrap();
                text.lines()
                    .filter_map(|l| l.split_once(" =").map(|(id, _)| id.to_owned()))
                    .filter(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// Every message id used in code and templates exists in both languages, and both
    /// languages define the same ids.
    #[test]
    fn every_used_message_exists_in_both_languages() {
        let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let templates = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let mut ids = std::collections::BTreeSet::new();
        let calls = [".t(\"", ".t1(\"", ".t2(\"", ".count(\"", ".counts(\"", ".with(\""];
        for dir in [src, templates] {
            for entry in walk(std::path::Path::new(dir)) {
                let text = std::fs::read_to_string(&entry).unwrap();
                for call in calls {
                    for piece in text.split(call).skip(1) {
                        let id = piece.split('"').next().unwrap_or("");
                        // ids built at run time ("log-action-" ~ action) are checked elsewhere
                        if !id.is_empty()
                            && !id.ends_with('-')
                            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                        {
                            ids.insert(id.to_owned());
                        }
                    }
                }
            }
        }
        assert!(ids.len() > 100, "found only {} ids", ids.len());
        let (da, en) = (defined(Lang::Da), defined(Lang::En));
        let missing: Vec<_> = ids.iter().filter(|id| !da.contains(*id) || !en.contains(*id)).collect();
        assert!(missing.is_empty(), "missing messages: {missing:#?}");
        assert_eq!(da, en, "Danish and English define different ids");
    }

    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.extend(walk(&path));
            } else {
                out.push(path);
            }
        }
        out
    }

    #[test]
    fn plural_and_formatting() {
        let da = Tr::new(Lang::Da);
        assert_eq!(da.count("organisation-count", 1), "1 organisation");
        assert_eq!(da.count("organisation-count", 1234), "1.234 organisationer");
        assert_eq!(Tr::new(Lang::En).count("organisation-count", 2), "2 organisations");
    }

    /// Each message with a count reads right for one and for two, in both languages.
    #[test]
    fn counted_messages_agree_with_one_and_two() {
        let (da, en) = (Tr::new(Lang::Da), Tr::new(Lang::En));
        let plan = |tr: Tr, promised, delivered| {
            tr.counts("plan-cell", &[("promised", promised), ("delivered", delivered)], &[])
        };
        assert_eq!(plan(da, 1, 0), "1 tilsagn, intet leveret");
        assert_eq!(plan(da, 2, 1), "2 tilsagn, 1 leveret");
        assert_eq!(plan(da, 2, 2), "2 tilsagn, 2 leveret");
        assert_eq!(plan(en, 1, 0), "1 commitment, none delivered");
        assert_eq!(plan(en, 2, 1), "2 commitments, 1 delivered");
        assert_eq!(da.count("import-skipped", 1), "Ét arrangement blev ikke hentet:");
        let imported = |tr: &Tr, new: usize, updated: usize| {
            tr.counts("import-counts", &[("imported", new), ("updated", updated)], &[])
        };
        assert_eq!(imported(&da, 1, 1), "Ét nyt måltid, ét opdateret.");
        assert_eq!(imported(&da, 1234, 2), "1.234 nye måltider, 2 opdaterede.");
        assert_eq!(imported(&en, 1, 0), "1 new meal, 0 updated.");
        assert_eq!(da.count("import-skipped", 2), "2 arrangementer blev ikke hentet:");
        assert_eq!(en.count("import-skipped", 1), "1 event was not imported:");
        assert_eq!(en.count("import-skipped", 2), "2 events were not imported:");
        assert_eq!(en.count("generation-count", 1), "1 generation");
        assert_eq!(en.count("generation-count", 2), "2 generations");
        let refused = |tr: Tr, n| tr.counts("goal-delete-refused", &[("children", n)], &[("title", "Mål".into())]);
        assert!(refused(en, 1).contains("because 1 sub-goal points to it"), "{}", refused(en, 1));
        assert!(refused(en, 2).contains("because 2 sub-goals point to it"));
        assert!(refused(da, 1).contains("fordi 1 delmål peger på det"));
        assert!(refused(da, 2).contains("fordi 2 delmål peger på det"));
        let guests =
            |tr: Tr, taken, capacity| tr.counts("guests-summary", &[("taken", taken), ("capacity", capacity)], &[]);
        assert_eq!(guests(da, 1, 1), "1 af 1 plads er taget.");
        assert_eq!(guests(da, 1, 2), "1 af 2 pladser er taget.");
        assert_eq!(guests(en, 1, 1), "1 of 1 seat is taken.");
        assert_eq!(guests(en, 2, 2), "2 of 2 seats are taken.");
    }

    #[test]
    fn an_open_ended_period_reads_from_its_start() {
        let (da, en) = (Tr::new(Lang::Da), Tr::new(Lang::En));
        let d = |s: &str| Some(s.parse::<NaiveDate>().unwrap());
        assert_eq!(da.period(d("2016-01-01"), None), "fra 1. januar 2016");
        assert_eq!(da.period(None, d("2017-03-31")), "til 31. marts 2017");
        assert_eq!(da.period(d("2016-01-01"), d("2017-03-31")), "1. januar 2016 – 31. marts 2017");
        assert_eq!(en.period(d("2016-01-01"), None), "from 1 January 2016");
        assert_eq!(da.period(None, None), "");
    }

    #[test]
    fn a_member_is_described_by_role_and_start() {
        let da = Tr::new(Lang::Da);
        assert_eq!(
            da.t2("member-role-since", "role", "Medlem", "date", "1. januar 2025"),
            "Medlem siden 1. januar 2025"
        );
        assert_eq!(
            Tr::new(Lang::En).t2("member-role-since", "role", "Chair", "date", "1 January 2025"),
            "Chair since 1 January 2025"
        );
    }

    #[test]
    fn every_code_has_a_message() {
        for lang in [Lang::Da, Lang::En] {
            let tr = Tr::new(lang);
            for s in rygrad_domain::organisation::Sector::ALL {
                assert!(tr.has(&format!("sector-{}", s.code().replace('_', "-"))), "{s:?}");
            }
            for r in rygrad_domain::membership::MembershipRole::ALL {
                assert!(tr.has(&format!("membership-role-{}", r.code().replace('_', "-"))), "{r:?}");
            }
            for r in rygrad_domain::invitation::InitiativeRole::ALL {
                assert!(tr.has(&format!("person-role-{}", r.code())), "{r:?}");
            }
            for code in ERROR_CODES {
                assert!(tr.has(&format!("err-{code}")), "err-{code}");
            }
            for page in [
                "not-found",
                "forbidden",
                "unauthenticated",
                "bad-request",
                "invalid-text",
                "csrf",
                "too-many-requests",
                "too-large",
                "method-not-allowed",
                "timeout",
                "internal",
            ] {
                assert!(tr.has(&format!("error-{page}")) && tr.has(&format!("error-title-{page}")), "{page}");
            }
            for action in ["create", "update", "end", "grant", "invite"] {
                assert!(tr.has(&format!("log-action-{action}")), "{action}");
            }
            for theme in rygrad_domain::meal::THEMES {
                assert!(tr.has(&format!("theme-{}", theme.replace('_', "-"))), "{theme}");
            }
            for mode in rygrad_domain::meal::JoinMode::ALL {
                assert!(tr.has(&format!("join-mode-{}", mode.code())), "{mode:?}");
            }
            for status in rygrad_domain::signup::SignupStatus::ALL {
                assert!(tr.has(status.message_id()), "{status:?}");
            }
            for entity in
                ["initiative", "organisation", "membership", "role", "invitation", "campaign", "goal", "track"]
            {
                assert!(tr.has(&format!("log-entity-{entity}")), "{entity}");
            }
        }
    }

    /// Every validation code the domain can produce.
    const ERROR_CODES: &[&str] = &[
        "required",
        "control-chars",
        "too-long",
        "slug-format",
        "slug-length",
        "email-format",
        "password-short",
        "unknown-municipality",
        "unknown-choice",
        "date-format",
        "date-range",
        "end-before-start",
        "url-format",
        "organisation-required",
        "taken",
        "password-mismatch",
        "wrong-password",
        "unknown-organisation",
        "already-member",
        "baton-format",
        "baton-typo",
        "baton-unknown",
        "meal-in-past",
        "capacity-range",
        "number-format",
        "number-range",
        "coordinates-format",
        "outside-denmark",
        "place-not-found",
        "time-format",
        "time-does-not-exist",
        "price-range",
        "party-size-range",
        "signup-closed",
        "already-signed-up",
        "goal-unknown-parent",
        "goal-cycle",
        "party-larger-than-meal",
        "capacity-below-signups",
        "meal-spans-days",
        "end-before-start-time",
        "import-fetch",
        "import-private-address",
        "import-too-large",
        "import-nothing",
        "import-not-calendar",
        "period-invalid",
        "period-wrong-frequency",
        "period-repeated",
        "unit-unknown",
        "number-invalid",
        "out-of-range",
        // surveys
        "too-many",
        "key-invalid",
        "key-repeated",
        "options-count",
        "scale-points",
        "options-not-allowed",
        "option-repeated",
        "not-allowed",
        "min-above-max",
        "show-if-unknown-question",
        "show-if-not-choice",
        "show-if-unknown-option",
        "question-unknown",
        "option-unknown",
        "answer-invalid",
        "answer-too-long",
        "number-out-of-range",
        "answered-question-removed",
        "answered-kind-changed",
        "answered-options-removed",
        "group-code-invalid",
    ];
}

//! Background jobs: work too long for a request (a calendar import of thousands of events),
//! queued in the database and done by whichever server process claims it first.

/// What a job does; the payload's shape depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// Meals from an iCalendar file, for one organisation.
    CalendarImport,
    /// An indicator's values fetched from Statistics Denmark by its connector.
    IndicatorConnector,
    /// An indicator's values from a CSV or spreadsheet file, checked before it was queued.
    IndicatorImport,
    /// The values of the indicators a survey feeds, after one of its waves closed: queued in
    /// the closing's transaction, so a crash cannot lose them.
    SurveyFeedRefresh,
}

impl JobKind {
    pub const ALL: [JobKind; 4] =
        [JobKind::CalendarImport, JobKind::IndicatorConnector, JobKind::IndicatorImport, JobKind::SurveyFeedRefresh];

    pub fn code(self) -> &'static str {
        match self {
            JobKind::CalendarImport => "calendar_import",
            JobKind::IndicatorConnector => "indicator_connector",
            JobKind::IndicatorImport => "indicator_import",
            JobKind::SurveyFeedRefresh => "survey_feed_refresh",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// Where a job is: waiting, being worked on (possibly resumed after a crash), or finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobStatus {
    Queued,
    Running,
    Done,
    Failed,
}

impl JobStatus {
    pub const ALL: [JobStatus; 4] = [JobStatus::Queued, JobStatus::Running, JobStatus::Done, JobStatus::Failed];

    pub fn code(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Done => "done",
            JobStatus::Failed => "failed",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.code() == code)
    }

    /// Done or failed: nothing more will happen, so a status page stops refreshing.
    pub fn is_finished(self) -> bool {
        matches!(self, JobStatus::Done | JobStatus::Failed)
    }
}

/// A job is given up after this many claims: a job that crashes its worker every time must not
/// be retried for ever.
pub const MAX_ATTEMPTS: i32 = 5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_are_none() {
        for status in JobStatus::ALL {
            assert_eq!(JobStatus::parse(status.code()), Some(status));
        }
        for kind in JobKind::ALL {
            assert_eq!(JobKind::parse(kind.code()), Some(kind));
        }
        assert_eq!(JobStatus::parse("paused"), None);
        assert!(JobStatus::Failed.is_finished() && !JobStatus::Running.is_finished());
    }
}

//! When a mail that could not be sent is tried again: soon after a first failure, then at
//! growing intervals, so that an SMTP outage of minutes or hours loses nothing, and with jitter
//! so that mails queued together do not all hit a recovering server at the same moment.

use chrono::Duration;

/// Waits after the 1st, 2nd, … failed attempt; after the last the mail is given up. Together
/// about 9 hours of trying, and a failure is seen the same working day.
const WAITS_SECONDS: [i64; 7] = [30, 2 * 60, 10 * 60, 30 * 60, 2 * 3600, 3 * 3600, 3 * 3600];

/// How many times a mail is tried before it is given up.
pub const MAX_ATTEMPTS: i32 = WAITS_SECONDS.len() as i32 + 1;

/// The wait before the next attempt after `attempts` failed ones, or `None` when the mail is
/// given up. `jitter` in -1.0..=1.0 moves the wait by up to ±20 %.
pub fn retry_delay(attempts: i32, jitter: f64) -> Option<Duration> {
    let base = *WAITS_SECONDS.get(usize::try_from(attempts.checked_sub(1)?).ok()?)?;
    let factor = 1.0 + 0.2 * jitter.clamp(-1.0, 1.0);
    Some(Duration::milliseconds((base as f64 * 1000.0 * factor).round() as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_retry_comes_within_a_minute() {
        assert_eq!(retry_delay(1, 0.0), Some(Duration::seconds(30)));
        assert!(retry_delay(1, 1.0).unwrap() < Duration::minutes(1));
    }

    #[test]
    fn waits_grow_to_hours() {
        let waits: Vec<Duration> = (1..MAX_ATTEMPTS).map(|n| retry_delay(n, 0.0).unwrap()).collect();
        assert!(waits.windows(2).all(|w| w[0] <= w[1]), "{waits:?}");
        assert!(*waits.last().unwrap() >= Duration::hours(2));
        let total: Duration = waits.iter().sum();
        assert!(total > Duration::hours(6) && total < Duration::hours(24), "{total}");
    }

    #[test]
    fn jitter_moves_a_wait_by_at_most_a_fifth() {
        assert_eq!(retry_delay(2, 1.0), Some(Duration::seconds(144)));
        assert_eq!(retry_delay(2, -1.0), Some(Duration::seconds(96)));
        assert_eq!(retry_delay(2, 7.0), retry_delay(2, 1.0), "out-of-range jitter is clamped");
    }

    #[test]
    fn after_the_last_attempt_the_mail_is_given_up() {
        assert!(retry_delay(MAX_ATTEMPTS - 1, 0.0).is_some());
        assert_eq!(retry_delay(MAX_ATTEMPTS, 0.0), None);
        assert_eq!(retry_delay(0, 0.0), None, "no wait before any attempt failed");
    }
}

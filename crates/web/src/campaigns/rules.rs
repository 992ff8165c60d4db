//! What the campaign's pages and its API (and the meals API's progress) share: the targets with
//! their progress.

use rygrad_domain::campaign::TargetProgress;
use rygrad_store::campaigns::Progress;
use rygrad_store::entity::campaign;

/// Every target with its goal and current value (the dashboard shows the same).
pub(crate) fn targets(c: &campaign::Model, p: &Progress) -> Vec<TargetProgress> {
    let flagship_guests = p.flagship_guests.iter().copied().min().unwrap_or(0);
    [
        ("meals", c.target_meals, p.meals),
        ("member_meals", c.target_member_meals, p.member_meals),
        ("flagships", c.target_flagships, p.flagships),
        ("flagship_guests", c.target_flagship_guests, flagship_guests),
        ("guests", c.target_guests, p.guests),
        ("rural_municipalities", c.target_rural_municipalities, p.rural_municipalities),
        ("urban_municipalities", c.target_urban_municipalities, p.urban_municipalities),
    ]
    .into_iter()
    .map(|(target, goal, current)| TargetProgress::new(target, goal, current))
    .collect()
}

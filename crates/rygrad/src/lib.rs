//! The `rygrad` binary's library: the command line, start-up, and the demo data, so that tests
//! and every subcommand share one bootstrap.

pub mod cli;
pub mod demo;
pub mod demo_indicators;
pub mod demo_meals;
pub mod demo_meetings;
pub mod demo_surveys;
pub mod demo_workspace;

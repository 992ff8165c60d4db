//! Black-box tests against a server on a free port, each with its own database: a temporary
//! SQLite file, or (with `RYGRAD_TEST_DATABASE=postgres`) its own PostgreSQL schema. The test
//! script runs this binary once per backend. Mail goes over real SMTP to a sink in the test.

mod helpers;
mod smtp_sink;

mod accounts;
mod activities;
mod authorization;
mod cli;
mod demo;
mod goals;
mod hostile_input;
mod import;
mod indicator_pages;
mod indicator_results;
mod indicators;
mod initiatives;
mod jobs;
mod json_api;
mod knowledge_base;
mod mail;
mod map;
mod meals;
mod meetings;
mod migrations;
mod openapi;
mod organisations;
mod reads;
mod site;
mod statbank;
mod survey_admin;
mod survey_exports;
mod survey_feed;
mod survey_pages;
mod surveys;

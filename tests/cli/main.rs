//! Integration tests: the built `kanban` binary against a real PostgreSQL, one throwaway
//! database per test. Start the server with `db/up` first.

// A failed unwrap is a failed test, which is what a test should do with the unexpected.
#![allow(clippy::unwrap_used)]

mod support;

mod board;
mod completion;
mod concurrency;
mod config;
mod connecting;
mod connection;
mod doctor;
mod formats;
mod history;
mod life;
mod names;
mod old_service;
mod pgbouncer;
mod readme;
mod report;
mod rights;
mod schema;
mod surface;
mod terminal;
mod tls;
mod torture;
mod trouble;
mod upgrades;
mod watch;

//! The floor for `kanban`'s single-task commands: the same `postgres` crate connecting (same
//! settings file, no TLS negotiation beyond what `sslmode=prefer` costs) and running one
//! statement. `benches/run.py` times it beside kanban and psql; it does nothing else.
//!
//! Usage: floor ENV_FILE 'SQL' [PARAM]

// A measuring tool, not the product: it may panic on bad input.
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let settings: HashMap<String, String> = dotenvy::from_path_iter(&args[1])
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut config = postgres::Config::new();
    config
        .host(&settings["POSTGRES_HOST"])
        .port(settings["POSTGRES_PORT"].parse().unwrap())
        .dbname(&settings["POSTGRES_DB"])
        .user(&settings["POSTGRES_USER"])
        .password(&settings["POSTGRES_PASSWORD"]);
    let mut client = config.connect(postgres::NoTls).unwrap();
    let param = args.get(3).cloned().unwrap_or_default();
    let rows = client
        .query_typed(&args[2], &[(&param, postgres::types::Type::TEXT)])
        .unwrap();
    println!("{}", rows.len());
}

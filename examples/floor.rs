//! The floor for `kanban`'s single-task commands: the same `postgres` crate connecting with the
//! same settings file (no TLS) and running one statement, nothing else. `benches/latency.py`
//! times it beside kanban and psql, so that the ratios it prints can be reproduced.
//!
//! Usage: floor ENV_FILE 'SQL' [TEXT_PARAM]    connect, run SQL, print the row count
//!        floor --startup                      start and exit (the cost of a process)

// A measuring tool, not the product: it may panic on bad input.
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--startup") {
        return;
    }
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
    let Ok(mut client) = config.connect(postgres::NoTls) else {
        std::process::exit(6);
    };
    let rows = match args.get(3) {
        Some(param) => client.query_typed(&args[2], &[(param, postgres::types::Type::TEXT)]),
        None => client.query_typed(&args[2], &[]),
    }
    .unwrap();
    println!("{}", rows.len());
}

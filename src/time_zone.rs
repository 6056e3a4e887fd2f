//! The local time zone: dates for people in the tables, and a `TZ` checked before anything
//! reads it (the time library would read whatever file it names, to the end).

use std::env;

use chrono::{DateTime, Datelike, Local, Timelike, Utc};

use crate::error::Failure;

/// Refuses a `TZ` that names something other than a time zone file: the time library would
/// read all of it (`TZ=/dev/zero` never ends). Names without a file (`UTC`, `IST-5:30`) pass.
pub fn check_time_zone() -> Result<(), Failure> {
    /// Real zone files are a few kilobytes.
    const MAX_ZONE_FILE: u64 = 1024 * 1024;
    let Some(tz) = env::var_os("TZ") else {
        return Ok(());
    };
    let tz = tz.to_string_lossy();
    let name = tz.strip_prefix(':').unwrap_or(&tz);
    if name.is_empty() {
        return Ok(());
    }
    let path = if name.starts_with('/') {
        std::path::PathBuf::from(name)
    } else {
        let dir = env::var_os("TZDIR").unwrap_or_else(|| "/usr/share/zoneinfo".into());
        std::path::Path::new(&dir).join(name)
    };
    // A zone file starts with the magic "TZif".
    let zone_file = |meta: &std::fs::Metadata| {
        meta.is_file()
            && meta.len() <= MAX_ZONE_FILE
            && std::fs::File::open(&path).is_ok_and(|mut file| {
                let mut magic = [0u8; 4];
                std::io::Read::read_exact(&mut file, &mut magic).is_ok() && &magic == b"TZif"
            })
    };
    match std::fs::metadata(&path) {
        Ok(meta) if !zone_file(&meta) => Err(Failure::config(format!(
            "TZ={tz} names {}, which is not a time zone file: use a zone name like Europe/Berlin, or unset TZ",
            path.display()
        ))),
        _ => Ok(()),
    }
}

/// The name of the zone a report's days are in, for the server: `given` (--tz), else `TZ`
/// (`:Europe/Berlin` and a path into a zoneinfo directory name their zone), else the zone
/// /etc/localtime links to, else /etc/timezone, else UTC.
pub fn zone_name(given: Option<&str>) -> String {
    let from_path = |path: &str| {
        path.rsplit_once("zoneinfo/")
            .map(|(_, name)| name.to_owned())
            .filter(|name| !name.is_empty())
    };
    if let Some(given) = given {
        return given.trim().to_owned();
    }
    if let Some(tz) = env::var("TZ").ok().filter(|tz| !tz.is_empty()) {
        let tz = tz.strip_prefix(':').unwrap_or(&tz);
        return if tz.starts_with('/') {
            from_path(tz).unwrap_or_else(|| "UTC".to_owned())
        } else {
            tz.to_owned()
        };
    }
    std::fs::read_link("/etc/localtime")
        .ok()
        .and_then(|target| from_path(&target.to_string_lossy()))
        .or_else(|| {
            std::fs::read_to_string("/etc/timezone")
                .ok()
                .map(|name| name.trim().to_owned())
                .filter(|name| !name.is_empty())
        })
        .unwrap_or_else(|| "UTC".to_owned())
}

/// A moment in this machine's time zone, for people: `2026-03-01 14:15:45`. By hand, since
/// chrono's formatter parses its pattern anew for every value: half the time of a long
/// table's rendering (a history of 100,000 events: 1.0 s, then 0.6 s).
pub fn local_time(time: DateTime<Utc>) -> String {
    let local = time.with_timezone(&Local).naive_local();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute(),
        local.second()
    )
}

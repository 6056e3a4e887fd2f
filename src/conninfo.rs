//! Connection strings as libpq reads them: `postgres://user:password@host:port/db?key=value`
//! URLs and `key=value key='quoted value'` lists. Our own small parser, because the driver's
//! rejects libpq options it does not know (sslrootcert, passfile) and we must never echo a
//! password back in an error.

use std::collections::HashMap;

/// The options kanban understands, as libpq names them, and kanban's own limits.
const KNOWN: [&str; 19] = [
    "host",
    "port",
    "dbname",
    "user",
    "password",
    "sslmode",
    "sslrootcert",
    "connect_timeout",
    "application_name",
    "passfile",
    "options",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_count",
    "tcp_user_timeout",
    // kanban's own limits (see the README's "When things go wrong").
    "lock_timeout",
    "statement_timeout",
    "read_timeout",
];

/// Parses a URL or a key=value list into option names and values. Errors never quote the
/// input, which may hold a password.
pub fn parse(text: &str) -> Result<HashMap<String, String>, String> {
    let text = text.trim();
    let options = if let Some(rest) = text
        .strip_prefix("postgresql://")
        .or_else(|| text.strip_prefix("postgres://"))
    {
        parse_url(rest)?
    } else if text.contains("://") {
        return Err("only postgres:// and postgresql:// URLs are connection strings".to_owned());
    } else {
        parse_key_values(text)?
    };
    for key in options.keys() {
        if !KNOWN.contains(&key.as_str()) {
            // Not quoted: a malformed string can put part of a password where a key goes.
            return Err(format!(
                "a connection option kanban does not know (known: {})",
                KNOWN.join(", ")
            ));
        }
    }
    Ok(options)
}

fn parse_url(rest: &str) -> Result<HashMap<String, String>, String> {
    let mut options = HashMap::new();
    let (before_query, query) = match rest.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (rest, None),
    };
    let (authority, path) = match before_query.split_once('/') {
        Some((authority, path)) => (authority, Some(path)),
        None => (before_query, None),
    };
    let host_port = match authority.rsplit_once('@') {
        Some((credentials, host_port)) => {
            let (user, password) = match credentials.split_once(':') {
                Some((user, password)) => (user, Some(password)),
                None => (credentials, None),
            };
            insert_decoded(&mut options, "user", user)?;
            if let Some(password) = password {
                insert_decoded(&mut options, "password", password)?;
            }
            host_port
        }
        None => authority,
    };
    if host_port.contains(',') {
        return Err("several hosts in one URL are not supported; name one".to_owned());
    }
    let (host, port) = if let Some(bracketed) = host_port.strip_prefix('[') {
        let (host, after) = bracketed
            .split_once(']')
            .ok_or("an IPv6 host needs its closing `]`")?;
        (host, after.strip_prefix(':'))
    } else {
        match host_port.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        }
    };
    insert_decoded(&mut options, "host", host)?;
    if let Some(port) = port {
        insert_decoded(&mut options, "port", port)?;
    }
    if let Some(path) = path {
        insert_decoded(&mut options, "dbname", path)?;
    }
    for pair in query
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty())
    {
        let (key, value) = pair
            .split_once('=')
            .ok_or("each URL parameter needs a value: key=value")?;
        let key = percent_decode(key)?;
        let value = percent_decode(value)?;
        options.insert(key, value);
    }
    Ok(options)
}

/// Empty URL parts mean "not given", as in libpq.
fn insert_decoded(
    options: &mut HashMap<String, String>,
    key: &str,
    raw: &str,
) -> Result<(), String> {
    if !raw.is_empty() {
        options.insert(key.to_owned(), percent_decode(raw)?);
    }
    Ok(())
}

fn percent_decode(raw: &str) -> Result<String, String> {
    let bytes = raw.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = bytes
                .get(index + 1..index + 3)
                .and_then(|hex| std::str::from_utf8(hex).ok())
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .ok_or("a `%` in the URL is not followed by two hex digits")?;
            decoded.push(hex);
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(decoded).map_err(|_| "the URL decodes to invalid UTF-8".to_owned())
}

/// `key=value` pairs separated by spaces; values may be single-quoted, with `\'` and `\\`.
fn parse_key_values(text: &str) -> Result<HashMap<String, String>, String> {
    let mut options = HashMap::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            break;
        }
        let mut key = String::new();
        while let Some(c) = chars.next_if(|c| *c != '=' && !c.is_whitespace()) {
            key.push(c);
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next() != Some('=') {
            return Err(
                "expected a postgres:// URL or key=value pairs; a word has no `=` (a value with spaces needs 'single quotes')"
                    .to_owned(),
            );
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        if chars.next_if_eq(&'\'').is_some() {
            loop {
                match chars.next() {
                    Some('\\') => value.push(chars.next().ok_or("a value ends in `\\`")?),
                    Some('\'') => break,
                    Some(c) => value.push(c),
                    None => return Err(format!("the quoted value of `{key}` is not closed")),
                }
            }
        } else {
            while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                if c == '\\' {
                    value.push(chars.next().ok_or("a value ends in `\\`")?);
                } else {
                    value.push(c);
                }
            }
        }
        options.insert(key, value);
    }
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get<'a>(options: &'a HashMap<String, String>, key: &str) -> Option<&'a str> {
        options.get(key).map(String::as_str)
    }

    #[test]
    fn urls_give_every_part() {
        let options =
            parse("postgres://al%40ice:p%3Ass%2Fw@db.example.com:6543/my%20db?sslmode=verify-full&application_name=ci")
                .unwrap();
        assert_eq!(get(&options, "user"), Some("al@ice"));
        assert_eq!(get(&options, "password"), Some("p:ss/w"));
        assert_eq!(get(&options, "host"), Some("db.example.com"));
        assert_eq!(get(&options, "port"), Some("6543"));
        assert_eq!(get(&options, "dbname"), Some("my db"));
        assert_eq!(get(&options, "sslmode"), Some("verify-full"));
        assert_eq!(get(&options, "application_name"), Some("ci"));
    }

    #[test]
    fn urls_may_leave_parts_out() {
        let options = parse("postgresql://").unwrap();
        assert!(options.is_empty());
        let options = parse("postgresql:///kanban?host=%2Fvar%2Frun%2Fpostgresql").unwrap();
        assert_eq!(get(&options, "dbname"), Some("kanban"));
        assert_eq!(get(&options, "host"), Some("/var/run/postgresql"));
        let options = parse("postgres://[::1]:5433/x").unwrap();
        assert_eq!(get(&options, "host"), Some("::1"));
        assert_eq!(get(&options, "port"), Some("5433"));
        let options = parse("postgres://bob@localhost").unwrap();
        assert_eq!(get(&options, "user"), Some("bob"));
        assert_eq!(get(&options, "password"), None);
    }

    #[test]
    fn key_values_follow_libpq_quoting() {
        let options = parse(
            "host=localhost port = 5432 dbname='my db' password='it\\'s a \\\\ secret' user=u\\ v",
        )
        .unwrap();
        assert_eq!(get(&options, "host"), Some("localhost"));
        assert_eq!(get(&options, "port"), Some("5432"));
        assert_eq!(get(&options, "dbname"), Some("my db"));
        assert_eq!(get(&options, "password"), Some("it's a \\ secret"));
        assert_eq!(get(&options, "user"), Some("u v"));
    }

    #[test]
    fn errors_never_quote_the_password() {
        for bad in [
            "postgres://u:s3cret@h:1/db?bogus=-c",
            "host=h password='s3cret",
            "password=s3cret junk",
            "mysql://u:s3cret@h/db",
            "postgres://u:s3cret%zz@h/db",
        ] {
            let error = parse(bad).unwrap_err();
            assert!(!error.contains("s3cret"), "{bad} -> {error}");
        }
    }
}

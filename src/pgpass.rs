//! The password file, with libpq's rules: `hostname:port:database:username:password` lines,
//! `*` matching anything, `\:` and `\\` escapes, `#` comments, first match wins, and the
//! whole file ignored (with a warning) when its group or others may read it.

use std::fs;
use std::path::Path;

/// What looking in the password file found.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    Found(String),
    NoMatch,
    /// The file exists but was not used; the reason is a warning for stderr.
    Ignored(String),
}

/// The password for this connection from the file at `path`, if any line matches. `host` is
/// the host as configured; a Unix-socket directory matches the name `localhost`, as in libpq.
pub fn lookup(path: &Path, host: &str, port: u16, dbname: &str, user: &str) -> Lookup {
    let Ok(metadata) = fs::metadata(path) else {
        return Lookup::NoMatch;
    };
    if !metadata.is_file() {
        return Lookup::Ignored(format!(
            "password file {} is not a plain file; ignoring it",
            path.display()
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if metadata.permissions().mode() & 0o077 != 0 {
            return Lookup::Ignored(format!(
                "password file {} has group or world access; permissions should be u=rw (0600) or less; ignoring it",
                path.display()
            ));
        }
    }
    let Ok(text) = fs::read_to_string(path) else {
        return Lookup::Ignored(format!(
            "password file {} cannot be read; ignoring it",
            path.display()
        ));
    };
    let host = if host.starts_with('/') {
        "localhost"
    } else {
        host
    };
    let wanted = [host, &port.to_string(), dbname, user];
    text.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .filter_map(|line| {
            let fields = split_fields(line);
            let [pattern @ .., password] = fields.as_slice() else {
                return None;
            };
            let matches = pattern.len() == 4
                && pattern
                    .iter()
                    .zip(wanted)
                    .all(|(pattern, value)| pattern == "*" || pattern == value);
            matches.then(|| password.clone())
        })
        .next()
        .map_or(Lookup::NoMatch, Lookup::Found)
}

/// Splits on unescaped `:`; a backslash makes the next character literal.
fn split_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => field.extend(chars.next()),
            ':' => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn file(text: &str, mode: u32) -> tempfile::NamedTempFile {
        let file = tempfile::NamedTempFile::new().unwrap();
        fs::write(file.path(), text).unwrap();
        fs::set_permissions(file.path(), fs::Permissions::from_mode(mode)).unwrap();
        file
    }

    #[test]
    fn the_first_matching_line_wins_and_stars_match_anything() {
        let pgpass = file(
            "# comment\nother:5432:*:*:wrong\nlocalhost:5432:kanban:me:first\n*:*:*:me:second\n",
            0o600,
        );
        let look = |host, port, db, user| lookup(pgpass.path(), host, port, db, user);
        assert_eq!(
            look("localhost", 5432, "kanban", "me"),
            Lookup::Found("first".into())
        );
        assert_eq!(
            look("db.example", 6000, "x", "me"),
            Lookup::Found("second".into())
        );
        assert_eq!(
            look("/var/run/postgresql", 5432, "kanban", "me"),
            Lookup::Found("first".into())
        );
        assert_eq!(look("localhost", 5432, "kanban", "you"), Lookup::NoMatch);
    }

    #[test]
    fn escapes_let_colons_and_backslashes_through() {
        let pgpass = file("h\\:1:5432:db:u:pa\\:ss\\\\word\n", 0o600);
        assert_eq!(
            lookup(pgpass.path(), "h:1", 5432, "db", "u"),
            Lookup::Found("pa:ss\\word".into())
        );
    }

    #[test]
    fn a_file_others_can_read_is_ignored_with_a_warning() {
        let pgpass = file("*:*:*:*:secret\n", 0o644);
        match lookup(pgpass.path(), "h", 1, "d", "u") {
            Lookup::Ignored(warning) => {
                assert!(warning.contains("group or world access"));
                assert!(!warning.contains("secret"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn short_lines_and_missing_files_match_nothing() {
        let pgpass = file("localhost:5432:db\n", 0o600);
        assert_eq!(
            lookup(pgpass.path(), "localhost", 5432, "db", "u"),
            Lookup::NoMatch
        );
        assert_eq!(
            lookup(Path::new("/nonexistent/pgpass"), "h", 1, "d", "u"),
            Lookup::NoMatch
        );
    }
}

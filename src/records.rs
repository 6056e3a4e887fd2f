//! Records for scripts: JSON, CSV and TSV, written field by field with hand-made writers
//! (RFC 3339 times, exact decimals, integers) so a listing of a million rows streams at the
//! speed of the server. A stable contract: fields are only ever added, at the end.

use std::borrow::Cow;
use std::io::{self, Write};

use chrono::{DateTime, Datelike, SecondsFormat, TimeDelta, Timelike, Utc};
use rust_decimal::Decimal;

use crate::cli::Format;
use crate::task::Task;

/// One field of a record, typed so each format can write it faithfully. Task fields borrow
/// from the task, so streaming a listing allocates next to nothing per row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Text(Cow<'a, str>),
    Integer(i64),
    /// A number already formatted (never money: money is always `Text`).
    Number(String),
    Bool(bool),
    /// A moment, written as RFC 3339 in UTC with microseconds, whatever `TZ` says.
    Time(DateTime<Utc>),
    /// A duration, written as `HH:MM:SS`.
    Clock(TimeDelta),
    /// An exact decimal, written as a string (`"2.63"`): money and rates are never numbers.
    Decimal(Decimal),
    /// A list of whole numbers: a JSON array, space-separated in CSV and TSV.
    Integers(Vec<i64>),
}

impl Value<'_> {
    pub fn text(text: impl Into<String>) -> Value<'static> {
        Value::Text(Cow::Owned(text.into()))
    }
}

/// The fields of a task for scripts, in contract order (the old system's names first).
pub const TASK_FIELDS: [&str; 11] = [
    "name",
    "status",
    "start_datetime",
    "end_datetime",
    "elapsed_time",
    "cost",
    "elapsed_seconds",
    "hourly_rate",
    "sessions",
    "paused",
    "id",
];

pub fn task_values(task: &Task) -> [Value<'_>; 11] {
    let elapsed = task.elapsed();
    let or_null = |value: Option<Value<'static>>| value.unwrap_or(Value::Null);
    [
        Value::Text(Cow::Borrowed(&task.name)),
        Value::Text(Cow::Borrowed(task.status.label())),
        or_null(task.started.map(Value::Time)),
        or_null(task.finished.map(Value::Time)),
        or_null(elapsed.map(Value::Clock)),
        or_null(task.cost().map(Value::Decimal)),
        or_null(elapsed.map(|elapsed| Value::Integer(elapsed.num_seconds()))),
        or_null(task.hourly_rate.map(Value::Decimal)),
        Value::Integer(i64::from(task.sessions)),
        Value::Bool(task.paused()),
        Value::Integer(task.id),
    ]
}

/// Writes `2026-03-01T14:15:45.250000+00:00`: RFC 3339, UTC, always six fractional digits.
/// By hand, because chrono's general formatter is a visible cost over a million rows.
fn write_rfc3339<W: Write + ?Sized>(out: &mut W, time: DateTime<Utc>) -> io::Result<()> {
    let naive = time.naive_utc();
    let year = naive.year();
    if !(0..=9999).contains(&year) {
        return out.write_all(
            time.to_rfc3339_opts(SecondsFormat::Micros, false)
                .as_bytes(),
        );
    }
    let mut buffer = *b"0000-00-00T00:00:00.000000+00:00";
    let mut put = |at: usize, width: usize, mut number: u32| {
        for index in (at..at + width).rev() {
            buffer[index] = b'0' + (number % 10) as u8;
            number /= 10;
        }
    };
    put(0, 4, year.unsigned_abs());
    put(5, 2, naive.month());
    put(8, 2, naive.day());
    put(11, 2, naive.hour());
    put(14, 2, naive.minute());
    put(17, 2, naive.second());
    // A leap second shows as nanoseconds past 1e9; keep the fraction to six digits.
    put(20, 6, naive.nanosecond() / 1000 % 1_000_000);
    out.write_all(&buffer)
}

/// A stream of records: JSON array elements, or CSV/TSV rows under a header. The header (or
/// `[`) is written with the first record or at the end, never before: a listing whose query
/// fails leaves stdout empty.
pub struct Records<'a, W: Write> {
    out: &'a mut W,
    format: Format,
    names: &'a [&'a str],
    /// In JSON, each name as `"name":`, escaped once for the whole listing.
    keys: Vec<Vec<u8>>,
    /// A record is written here first, then to `out` in one piece: a million rows of a
    /// dozen fields would otherwise cost a few hundred million small writes.
    line: Vec<u8>,
    count: usize,
    begun: bool,
}

impl<'a, W: Write> Records<'a, W> {
    #[allow(clippy::unnecessary_wraps)]
    pub fn start(out: &'a mut W, format: Format, names: &'a [&'a str]) -> io::Result<Self> {
        let keys = match format {
            Format::Json => names
                .iter()
                .map(|name| {
                    let mut key = Vec::new();
                    let _ = write_json_string(&mut key, name);
                    key.push(b':');
                    key
                })
                .collect(),
            Format::Csv | Format::Tsv | Format::Table => Vec::new(),
        };
        Ok(Records {
            out,
            format,
            names,
            keys,
            line: Vec::new(),
            count: 0,
            begun: false,
        })
    }

    fn begin(&mut self) -> io::Result<()> {
        if self.begun {
            return Ok(());
        }
        self.begun = true;
        let header: Vec<Value<'_>> = self
            .names
            .iter()
            .map(|name| Value::Text(Cow::Borrowed(*name)))
            .collect();
        match self.format {
            Format::Json => self.out.write_all(b"["),
            Format::Csv => write_row(self.out, b',', &header, csv_field),
            Format::Tsv | Format::Table => write_row(self.out, b'\t', &header, tsv_field),
        }
    }

    pub fn task(&mut self, task: &Task) -> io::Result<()> {
        self.record(&task_values(task))
    }

    pub fn record(&mut self, values: &[Value<'_>]) -> io::Result<()> {
        self.begin()?;
        let line = &mut self.line;
        line.clear();
        match self.format {
            Format::Json => {
                line.extend_from_slice(if self.count == 0 { b"\n  {" } else { b",\n  {" });
                for (index, (key, value)) in self.keys.iter().zip(values).enumerate() {
                    if index > 0 {
                        line.push(b',');
                    }
                    line.extend_from_slice(key);
                    write_json_value(line, value)?;
                }
                line.push(b'}');
            }
            Format::Csv => write_row(line, b',', values, csv_field)?,
            Format::Tsv | Format::Table => write_row(line, b'\t', values, tsv_field)?,
        }
        self.out.write_all(line)?;
        self.count += 1;
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.begin()?;
        if self.format == Format::Json {
            let end: &[u8] = if self.count == 0 { b"]\n" } else { b"\n]\n" };
            self.out.write_all(end)?;
        }
        Ok(())
    }
}

/// Writes a value as CSV/TSV text (nulls are empty fields); `field` applies the format's
/// quoting to free text.
pub fn write_plain<W: Write + ?Sized>(
    out: &mut W,
    value: &Value<'_>,
    field: fn(&mut W, &str) -> io::Result<()>,
) -> io::Result<()> {
    match value {
        Value::Null => Ok(()),
        Value::Text(text) => field(out, text),
        Value::Number(number) => out.write_all(number.as_bytes()),
        Value::Integer(number) => write_integer(out, i128::from(*number)),
        Value::Bool(flag) => out.write_all(if *flag { b"true" } else { b"false" }),
        Value::Time(time) => write_rfc3339(out, *time),
        Value::Clock(elapsed) => write_clock(out, *elapsed),
        Value::Decimal(number) => write_decimal(out, *number),
        Value::Integers(numbers) => {
            for (index, number) in numbers.iter().enumerate() {
                if index > 0 {
                    out.write_all(b" ")?;
                }
                write_integer(out, i128::from(*number))?;
            }
            Ok(())
        }
    }
}

/// Digits of an integer, without going through `fmt` (a listing writes millions of them).
fn write_integer<W: Write + ?Sized>(out: &mut W, number: i128) -> io::Result<()> {
    let mut buffer = [0u8; 40];
    let mut start = buffer.len();
    let mut wide = number.unsigned_abs();
    // Dividing a u128 is a library call, a tenth of a JSON listing's time: only the digits
    // of a number beyond 64 bits (a decimal's mantissa) take it.
    let mut rest = loop {
        match u64::try_from(wide) {
            Ok(narrow) => break narrow,
            Err(_) => {
                start -= 1;
                buffer[start] = b'0' + (wide % 10) as u8;
                wide /= 10;
            }
        }
    };
    loop {
        start -= 1;
        buffer[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if number < 0 {
        start -= 1;
        buffer[start] = b'-';
    }
    out.write_all(&buffer[start..])
}

/// `HH:MM:SS` as `format_elapsed` gives it, written straight out.
fn write_clock<W: Write + ?Sized>(out: &mut W, elapsed: TimeDelta) -> io::Result<()> {
    let seconds = elapsed.num_seconds().max(0);
    let hours = seconds / 3600;
    if hours < 10 {
        out.write_all(b"0")?;
    }
    write_integer(out, i128::from(hours))?;
    let minutes = seconds % 3600 / 60;
    let seconds = seconds % 60;
    out.write_all(&[
        b':',
        b'0' + (minutes / 10) as u8,
        b'0' + (minutes % 10) as u8,
        b':',
        b'0' + (seconds / 10) as u8,
        b'0' + (seconds % 10) as u8,
    ])
}

/// A decimal as its plain digits, scale kept (`2.60` stays `2.60`), as `Decimal`'s `Display`.
fn write_decimal<W: Write + ?Sized>(out: &mut W, number: Decimal) -> io::Result<()> {
    let scale = number.scale();
    let mantissa = number.mantissa();
    if mantissa < 0 {
        out.write_all(b"-")?;
    }
    let magnitude = mantissa.unsigned_abs();
    let unit = 10u128.pow(scale);
    write_integer(out, i128::try_from(magnitude / unit).unwrap_or(i128::MAX))?;
    if scale > 0 {
        let fraction = magnitude % unit;
        let mut digits = [b'0'; 28];
        let mut rest = fraction;
        for index in (0..scale as usize).rev() {
            digits[index] = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        out.write_all(b".")?;
        out.write_all(&digits[..scale as usize])?;
    }
    Ok(())
}

pub fn verbatim<W: Write + ?Sized>(out: &mut W, text: &str) -> io::Result<()> {
    out.write_all(text.as_bytes())
}

/// One line of fields between separators.
fn write_row<W: Write + ?Sized>(
    out: &mut W,
    separator: u8,
    values: &[Value<'_>],
    field: fn(&mut W, &str) -> io::Result<()>,
) -> io::Result<()> {
    for (index, value) in values.iter().enumerate() {
        if index > 0 {
            out.write_all(&[separator])?;
        }
        write_plain(out, value, field)?;
    }
    out.write_all(b"\n")
}

/// RFC 4180: quote a field holding a comma, quote or line break; double inner quotes.
fn csv_field<W: Write + ?Sized>(out: &mut W, field: &str) -> io::Result<()> {
    if field
        .bytes()
        .any(|byte| matches!(byte, b',' | b'"' | b'\n' | b'\r'))
    {
        write!(out, "\"{}\"", field.replace('"', "\"\""))
    } else {
        out.write_all(field.as_bytes())
    }
}

/// TSV has no quoting: a tab or line break inside a field would split it. Task names cannot
/// hold either (the schema forbids control characters), and no other field can; if one ever
/// did, it becomes a space rather than a broken row.
fn tsv_field<W: Write + ?Sized>(out: &mut W, field: &str) -> io::Result<()> {
    if field
        .bytes()
        .any(|byte| matches!(byte, b'\t' | b'\n' | b'\r'))
    {
        out.write_all(field.replace(['\t', '\n', '\r'], " ").as_bytes())
    } else {
        out.write_all(field.as_bytes())
    }
}

/// A JSON object of the named fields, on one line.
pub fn write_json_object<W: Write + ?Sized>(
    out: &mut W,
    names: &[&str],
    values: &[Value<'_>],
) -> io::Result<()> {
    out.write_all(b"{")?;
    write_json_fields(out, names, values)?;
    out.write_all(b"}")
}

/// The `"name":value` pairs of a JSON object, without its braces.
pub fn write_json_fields<W: Write + ?Sized>(
    out: &mut W,
    names: &[&str],
    values: &[Value<'_>],
) -> io::Result<()> {
    for (index, (name, value)) in names.iter().zip(values).enumerate() {
        if index > 0 {
            out.write_all(b",")?;
        }
        write_json_string(out, name)?;
        out.write_all(b":")?;
        write_json_value(out, value)?;
    }
    Ok(())
}

/// A value as JSON: text as a string, numbers as numbers, and money, rates, times and
/// durations as strings (exact, whatever the reader's floating point).
fn write_json_value<W: Write + ?Sized>(out: &mut W, value: &Value<'_>) -> io::Result<()> {
    match value {
        Value::Null => out.write_all(b"null"),
        Value::Text(text) => write_json_string(out, text),
        Value::Integer(_) | Value::Number(_) | Value::Bool(_) => write_plain(out, value, verbatim),
        Value::Integers(numbers) => {
            out.write_all(b"[")?;
            for (index, number) in numbers.iter().enumerate() {
                if index > 0 {
                    out.write_all(b",")?;
                }
                write_integer(out, i128::from(*number))?;
            }
            out.write_all(b"]")
        }
        // None of these forms holds a character JSON must escape.
        Value::Time(_) | Value::Clock(_) | Value::Decimal(_) => {
            out.write_all(b"\"")?;
            write_plain(out, value, verbatim)?;
            out.write_all(b"\"")
        }
    }
}

/// A JSON string (RFC 8259): quotes, backslashes and control characters escaped; everything
/// else, emoji included, written as UTF-8.
pub fn write_json_string<W: Write + ?Sized>(out: &mut W, text: &str) -> io::Result<()> {
    out.write_all(b"\"")?;
    let bytes = text.as_bytes();
    let mut plain_from = 0;
    // Byte by byte: every character JSON escapes is ASCII, and no byte of a longer UTF-8
    // character is.
    for (index, &byte) in bytes.iter().enumerate() {
        let escape: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..0x20 => b"",
            _ => continue,
        };
        out.write_all(&bytes[plain_from..index])?;
        if escape.is_empty() {
            write!(out, "\\u{byte:04x}")?;
        } else {
            out.write_all(escape)?;
        }
        plain_from = index + 1;
    }
    out.write_all(&bytes[plain_from..])?;
    out.write_all(b"\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::task::format_elapsed;

    fn json(text: &str) -> String {
        let mut out = Vec::new();
        write_json_string(&mut out, text).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn csv(text: &str) -> String {
        let mut out = Vec::new();
        csv_field(&mut out, text).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn json_strings_escape_what_they_must() {
        assert_eq!(json("plain"), r#""plain""#);
        assert_eq!(json(r#"say "hi" \ bye"#), r#""say \"hi\" \\ bye""#);
        assert_eq!(json("a\nb\tc\u{1}"), r#""a\nb\tc\u0001""#);
        assert_eq!(json("🏠 Дом"), "\"🏠 Дом\"");
        assert_eq!(json("\u{0}\u{1f} \u{7f}é"), "\"\\u0000\\u001f \u{7f}é\"");
    }

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv("plain text"), "plain text");
        assert_eq!(csv("a,b"), "\"a,b\"");
        assert_eq!(csv(r#"say "hi""#), r#""say ""hi""""#);
    }

    #[test]
    fn times_are_rfc3339_utc_with_microseconds() {
        let write = |text: &str| {
            let time = DateTime::parse_from_rfc3339(text).unwrap().to_utc();
            let mut out = Vec::new();
            write_rfc3339(&mut out, time).unwrap();
            let fast = String::from_utf8(out).unwrap();
            assert_eq!(fast, time.to_rfc3339_opts(SecondsFormat::Micros, false));
            fast
        };
        assert_eq!(
            write("2026-03-01T14:15:45.25Z"),
            "2026-03-01T14:15:45.250000+00:00"
        );
        assert_eq!(
            write("2026-03-01T19:45:45+05:30"),
            "2026-03-01T14:15:45.000000+00:00"
        );
        assert_eq!(
            write("0001-01-01T00:00:00.000001Z"),
            "0001-01-01T00:00:00.000001+00:00"
        );
        assert_eq!(
            write("9999-12-31T23:59:59.999999Z"),
            "9999-12-31T23:59:59.999999+00:00"
        );
    }

    fn plain(value: Value<'_>) -> String {
        let mut out = Vec::new();
        write_plain(&mut out, &value, verbatim).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_are_written_as_their_display_forms() {
        for number in [0_i64, 7, -7, 10, 945, i64::MAX, i64::MIN] {
            assert_eq!(plain(Value::Integer(number)), number.to_string());
        }
        for text in [
            "0",
            "2.63",
            "0.05",
            "10",
            "12.5",
            "149.99",
            "1234567.8901",
            "-3.10",
            // A mantissa wider than 64 bits.
            "79228162514264337593543950335",
            "-7922816251426433759354395.0335",
        ] {
            let number: Decimal = text.parse().unwrap();
            assert_eq!(plain(Value::Decimal(number)), number.to_string());
        }
        assert_eq!(plain(Value::Bool(true)), "true");
        assert_eq!(plain(Value::Bool(false)), "false");
        for seconds in [0_i64, 59, 945, 172_800, 360_000 + 59] {
            let elapsed = TimeDelta::seconds(seconds);
            assert_eq!(plain(Value::Clock(elapsed)), format_elapsed(elapsed));
        }
    }

    #[test]
    fn records_stream_as_a_json_array() {
        let mut out = Vec::new();
        let mut records = Records::start(&mut out, Format::Json, &["a", "b"]).unwrap();
        records.record(&[Value::Integer(1), Value::Null]).unwrap();
        records
            .record(&[Value::Bool(true), Value::text("x")])
            .unwrap();
        records.finish().unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "[\n  {\"a\":1,\"b\":null},\n  {\"a\":true,\"b\":\"x\"}\n]\n"
        );
        let mut empty = Vec::new();
        Records::start(&mut empty, Format::Json, &["a"])
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(empty, b"[]\n");
    }
}

//! Standard output, buffered at line boundaries: only whole lines reach the reader, and the
//! number that did is known, so a listing cut off midway ends on a complete line and the
//! error can say how much of it arrived.

use std::io::{self, Write};
use std::sync::atomic::{AtomicU64, Ordering};

/// Lines that reached stdout so far (the guard reads it when it must end the process).
static LINES_OUT: AtomicU64 = AtomicU64::new(0);

const CAPACITY: usize = 64 * 1024;

/// How many whole lines reached stdout.
pub fn lines_out() -> u64 {
    LINES_OUT.load(Ordering::Relaxed)
}

/// The line breaks in `bytes`, eight bytes at a time: counted one by one, they took a tenth
/// of a JSON listing's time.
fn count_lines(bytes: &[u8]) -> usize {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let (words, rest) = bytes.as_chunks::<8>();
    let in_words: u32 = words
        .iter()
        .map(|word| {
            // Zero where a byte is a line break; then a high bit for each zero byte, exactly
            // (adding 0x7f to seven bits never carries into the next byte).
            let flipped = u64::from_ne_bytes(*word) ^ 0x0a0a_0a0a_0a0a_0a0a;
            (!(((flipped & LOW7) + LOW7) | flipped) & !LOW7).count_ones()
        })
        .sum();
    in_words as usize + rest.iter().filter(|byte| **byte == b'\n').count()
}

/// A buffer in front of `inner` that hands on whole lines only, until `flush`.
#[derive(Debug)]
pub struct LineBuffered<W: Write> {
    inner: W,
    buffer: Vec<u8>,
}

impl<W: Write> LineBuffered<W> {
    pub fn new(inner: W) -> Self {
        // The buffer is taken at the first write: a command that fails prints nothing.
        LineBuffered {
            inner,
            buffer: Vec::new(),
        }
    }

    fn pass_on(&mut self, upto: usize) -> io::Result<()> {
        let lines = count_lines(&self.buffer[..upto]);
        self.inner.write_all(&self.buffer[..upto])?;
        self.buffer.drain(..upto);
        LINES_OUT.fetch_add(lines as u64, Ordering::Relaxed);
        Ok(())
    }
}

impl<W: Write> Write for LineBuffered<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.buffer.capacity() == 0 {
            self.buffer.reserve(CAPACITY);
        }
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CAPACITY
            && let Some(last) = self.buffer.iter().rposition(|b| *b == b'\n')
        {
            self.pass_on(last + 1)?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.pass_on(self.buffer.len())?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for LineBuffered<W> {
    /// On the way out of an error, what was written goes: the main thread writes whole
    /// records, so the count in its message matches. (Only a forced exit from another thread
    /// leaves a partial line behind, unwritten, and counts whole lines instead.)
    fn drop(&mut self) {
        let _ = self.pass_on(self.buffer.len());
        let _ = self.inner.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_are_counted_exactly() {
        let naive = |bytes: &[u8]| bytes.iter().filter(|byte| **byte == b'\n').count();
        let mut bytes: Vec<u8> = (0..=255u8).cycle().take(4099).collect();
        bytes.extend_from_slice(b"\n\n\x0b\x09\n\x8a\n");
        for start in 0..9 {
            for end in [bytes.len(), bytes.len() - 3, start + 17] {
                let slice = &bytes[start..end];
                assert_eq!(count_lines(slice), naive(slice));
            }
        }
        assert_eq!(count_lines(b"\n\n\n\n\n\n\n\n\n"), 9);
        assert_eq!(count_lines(b""), 0);
    }

    #[test]
    fn only_whole_lines_pass_before_a_flush() {
        let mut out = Vec::new();
        let mut buffered = LineBuffered::new(&mut out);
        let line = "x".repeat(1000) + "\n";
        for _ in 0..70 {
            buffered.write_all(line.as_bytes()).unwrap();
        }
        buffered.write_all(b"partial").unwrap();
        assert_eq!(buffered.inner.len() % 1001, 0);
        assert!(!buffered.inner.is_empty() && buffered.inner.ends_with(b"\n"));
        drop(buffered);
        assert!(out.ends_with(b"partial"));
    }
}

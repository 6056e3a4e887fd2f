//! What the user probably meant: the closest of some known words by edit distance, compared
//! without regard to letter case, as git's "did you mean" does.

/// The candidate nearest to `typed`, if one is near enough to be a typo of it: at most a
/// third of its length in edits (and at least one edit allowed). Letter case and symbols such
/// as emoji are not counted: "plan team offsite" finds "Plan team offsite 🎉".
pub fn closest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let typed = folded(typed);
    let allowed = (typed.len() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| (distance(&typed, &folded(candidate)), candidate))
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Lower case, without symbols (emoji, pictographs) and the spaces they leave at the ends.
fn folded(text: &str) -> Vec<char> {
    let kept: String = text
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace() || c.is_ascii_punctuation())
        .collect();
    kept.trim().chars().collect()
}

/// Levenshtein distance, with a swap of two neighbours counted as one edit.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut before: Vec<usize> = (0..=b.len()).collect();
    let mut previous_row: Vec<usize> = vec![0; b.len() + 1];
    let mut row = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let substitution = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (before[j] + 1)
                .min(row[j - 1] + 1)
                .min(before[j - 1] + substitution);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(previous_row[j - 2] + 1);
            }
        }
        previous_row.clone_from(&before);
        before.clone_from(&row);
    }
    before[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_the_word_and_strangers_find_nothing() {
        let keys = ["POSTGRES_PORT", "POSTGRES_HOST", "POSTGRES_PASSWORD"];
        assert_eq!(closest("POSTGRES_PROT", keys), Some("POSTGRES_PORT"));
        assert_eq!(closest("postgres_host", keys), Some("POSTGRES_HOST"));
        assert_eq!(closest("POSTGRES_PASWORD", keys), Some("POSTGRES_PASSWORD"));
        assert_eq!(closest("SOMETHING_ELSE", keys), None);
        assert_eq!(distance(&['a', 'b'], &['b', 'a']), 1);
        let names = [
            "Plan team offsite 🎉",
            "Rotate AWS keys",
            "Fix login bug on Safari",
        ];
        assert_eq!(closest("Plan team offsite", names), Some(names[0]));
        assert_eq!(closest("Rotate AWS key", names), Some(names[1]));
        assert_eq!(closest("fix login bug on safari", names), Some(names[2]));
        assert_eq!(closest("Buy milk", names), None);
    }
}

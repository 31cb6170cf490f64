//! "Did you mean …?": the known name nearest to a misspelt one, for selector-file problems.

/// The candidate closest to `wanted` by edit distance, if it is close enough to be a typo.
pub(super) fn closest<'a>(
    wanted: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).max(2);
    candidates
        .map(|c| (edit_distance(wanted, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_suggests_only_near_misses() {
        let ids = ["fees-row", "fees-cell", "timelines-row"];
        assert_eq!(closest("fees-rows", ids.into_iter()), Some("fees-row"));
        assert_eq!(
            closest("timeline-row", ids.into_iter()),
            Some("timelines-row")
        );
        assert_eq!(closest("complaint", ids.into_iter()), None);
    }
}

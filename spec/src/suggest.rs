//! Suggestions for a misspelt name: the same name in another case, or one or two letters off.

/// The candidates closest to `name`: those equal but for case first, then those within an
/// edit distance of two (of one for names of four letters or fewer), nearest first, at most
/// `limit`.
///
/// ```
/// let names = ["RoomId", "TRTCUserIds", "RoomIds"];
/// assert_eq!(tencent_action_spec::closest("RoomID", names, 3), ["RoomId", "RoomIds"]);
/// assert!(tencent_action_spec::closest("Zone", names, 3).is_empty());
/// ```
pub fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<&'a str> {
    let lower = name.to_ascii_lowercase();
    let budget = if name.chars().count() <= 4 { 1 } else { 2 };
    let mut scored: Vec<(usize, &'a str)> = candidates
        .into_iter()
        .filter(|c| *c != name)
        .filter_map(|c| {
            let c_lower = c.to_ascii_lowercase();
            if c_lower == lower {
                return Some((0, c));
            }
            let d = distance(&lower, &c_lower, budget)?;
            Some((d, c))
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(limit).map(|(_, c)| c).collect()
}

/// Levenshtein distance, or `None` past `budget`.
fn distance(a: &str, b: &str, budget: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > budget {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        row[0] = i + 1;
        let mut best = row[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            row[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(row[j] + 1);
            best = best.min(row[j + 1]);
        }
        if best > budget {
            return None;
        }
        std::mem::swap(&mut prev, &mut row);
    }
    let d = prev[b.len()];
    (d <= budget).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_first_then_distance() {
        let names = [
            "CreateTRTCSignaturesWithRoomId",
            "CreateTRTCSignatures",
            "DeleteDevice",
        ];
        assert_eq!(
            closest("CreateTRTCSignatureWithRoomId", names, 3),
            ["CreateTRTCSignaturesWithRoomId"]
        );
        assert_eq!(
            closest("createtrtcsignatureswithroomid", names, 3),
            ["CreateTRTCSignaturesWithRoomId"]
        );
        assert_eq!(closest("Nothing", names, 3), Vec::<&str>::new());
    }

    #[test]
    fn distances() {
        assert_eq!(distance("kitten", "sitting", 3), Some(3));
        assert_eq!(distance("kitten", "sitting", 2), None);
        assert_eq!(distance("", "ab", 2), Some(2));
    }
}

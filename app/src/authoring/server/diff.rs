//! Two versions of a module compared line by line, with three lines of context around each
//! change, for the reviewer. The `similar` crate does the comparison (Myers' algorithm).

use similar::{ChangeTag, TextDiff};

use crate::authoring::{DiffLine, FileChange, FileDiff, LineChange};
use crate::content::ModuleFiles;

/// Lines of unchanged text shown around a change.
const CONTEXT: usize = 3;

/// The files that differ, in path order.
pub fn files(old: &ModuleFiles, new: &ModuleFiles) -> Vec<FileDiff> {
    let mut paths: Vec<&String> = old.files.keys().chain(new.files.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter_map(|path| {
            let before = old.files.get(path);
            let after = new.files.get(path);
            let change = match (before, after) {
                (Some(a), Some(b)) if a == b => return None,
                (Some(_), Some(_)) => FileChange::Changed,
                (None, Some(_)) => FileChange::Added,
                (Some(_), None) => FileChange::Removed,
                (None, None) => return None,
            };
            Some(FileDiff {
                path: path.clone(),
                change,
                lines: lines(
                    before.map(String::as_str).unwrap_or(""),
                    after.map(String::as_str).unwrap_or(""),
                ),
            })
        })
        .collect()
}

/// The changed lines of two texts with their context; a `Gap` stands for unchanged lines left out.
pub fn lines(old: &str, new: &str) -> Vec<DiffLine> {
    let diff = TextDiff::from_lines(old, new);
    let mut out = Vec::new();
    for (i, group) in diff.grouped_ops(CONTEXT).iter().enumerate() {
        if i > 0 {
            out.push(DiffLine {
                change: LineChange::Gap,
                old_line: None,
                new_line: None,
                text: String::new(),
            });
        }
        for op in group {
            for change in diff.iter_changes(op) {
                out.push(DiffLine {
                    change: match change.tag() {
                        ChangeTag::Equal => LineChange::Same,
                        ChangeTag::Insert => LineChange::Added,
                        ChangeTag::Delete => LineChange::Removed,
                    },
                    old_line: change.old_index().map(|n| n + 1),
                    new_line: change.new_index().map(|n| n + 1),
                    text: change.value().trim_end_matches(['\n', '\r']).to_owned(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_changed_line_shows_with_its_neighbours_and_numbers() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
        let new = "a\nb\nc\nd\nE\nf\ng\nh\ni\nj\n";
        let found = lines(old, new);
        let removed: Vec<_> = found
            .iter()
            .filter(|l| l.change == LineChange::Removed)
            .collect();
        let added: Vec<_> = found
            .iter()
            .filter(|l| l.change == LineChange::Added)
            .collect();
        assert_eq!(removed.len(), 1);
        assert_eq!(removed[0].text, "e");
        assert_eq!(removed[0].old_line, Some(5));
        assert_eq!(added[0].text, "E");
        assert_eq!(added[0].new_line, Some(5));
        // Three lines either side, not the whole file.
        assert_eq!(found.len(), 8);
        assert!(!found.iter().any(|l| l.text == "a"));
    }

    #[test]
    fn files_report_added_removed_and_changed() {
        let mut old = ModuleFiles::default();
        old.files.insert("quiz.toml".into(), "draw = 10\n".into());
        old.files.insert("lessons/01-a.md".into(), "# A\n".into());
        let mut new = old.clone();
        new.files.insert("quiz.toml".into(), "draw = 12\n".into());
        new.files.remove("lessons/01-a.md");
        new.files.insert("lessons/02-b.md".into(), "# B\n".into());
        let found = files(&old, &new);
        let summary: Vec<(&str, FileChange)> =
            found.iter().map(|f| (f.path.as_str(), f.change)).collect();
        assert_eq!(
            summary,
            vec![
                ("lessons/01-a.md", FileChange::Removed),
                ("lessons/02-b.md", FileChange::Added),
                ("quiz.toml", FileChange::Changed),
            ]
        );
    }
}

//! The benchmarks' result table: a Markdown table whose columns are as wide as their widest cell,
//! so that it reads in a terminal and pastes into a note.

/// Prints `title`, then `header` and `rows` as an aligned Markdown table, then `notes` each on a
/// line of its own after `note: `.
pub fn print<const N: usize>(
    title: &str,
    header: [&str; N],
    rows: &[[String; N]],
    notes: &[String],
) {
    let header = header.map(str::to_owned);
    let mut widths = [0usize; N];
    for row in std::iter::once(&header).chain(rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |row: &[String; N]| {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell}{}", " ".repeat(width - cell.chars().count())))
            .collect();
        format!("| {} |", cells.join(" | "))
    };
    println!();
    println!("{title}");
    println!("{}", line(&header));
    println!(
        "|{}|",
        widths
            .iter()
            .map(|w| "-".repeat(w + 2))
            .collect::<Vec<_>>()
            .join("|")
    );
    for row in rows {
        println!("{}", line(row));
    }
    for note in notes {
        println!("note: {note}");
    }
}

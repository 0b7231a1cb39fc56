//! Section anchors: the rule authors learn in content/FORMAT.md.

/// `## Woran Sie Phishing erkennen` → `woran-sie-phishing-erkennen`: lower case, umlauts written
/// out, every other character that is not a letter or digit becomes a hyphen, hyphens collapse
/// and are trimmed.
pub fn anchor(heading: &str) -> String {
    let mut out = String::with_capacity(heading.len());
    for c in heading.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            c if c.is_alphanumeric() => out.push(c),
            _ => {
                if !out.ends_with('-') {
                    out.push('-');
                }
            }
        }
    }
    out.trim_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::anchor;

    #[test]
    fn anchors_follow_the_documented_rule() {
        let cases = [
            ("Woran Sie Phishing erkennen", "woran-sie-phishing-erkennen"),
            (
                "Grundsätze und Rechtsgrundlagen",
                "grundsaetze-und-rechtsgrundlagen",
            ),
            ("Größe & Maße: 72 Stunden!", "groesse-masse-72-stunden"),
            ("  Übung — „Fristen“  ", "uebung-fristen"),
            ("Art. 5 DSGVO", "art-5-dsgvo"),
        ];
        for (heading, expected) in cases {
            assert_eq!(anchor(heading), expected, "heading {heading:?}");
        }
    }
}

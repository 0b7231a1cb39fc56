//! What a proven competence is in another framework: a pass recorded under DigComp 2.2 shown
//! with its DigComp 3.0 equivalent (`content/framework-mappings.toml`). Evidence stays stored
//! under the id the module proves; this only adds the other edition's name and level wherever a
//! learner reads their competences: the module page, the catalogue and the evidence page.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::i18n::I18n;

/// A competence and level as another framework names them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EquivalentRef {
    /// The competence id and level this is the equivalent of.
    pub of: String,
    pub of_level: u8,
    /// The framework's name, e.g. "DigComp 3.0".
    pub framework: String,
    /// Number and title, e.g. "1.2 Informationen bewerten".
    pub competence: String,
    pub level: u8,
    /// The highest level of that framework (4 for DigComp 3.0).
    pub max_level: u8,
    /// The name of the level on that framework's scale, e.g. "Mittel"; empty without one.
    pub level_name: String,
}

/// The equivalents of every (competence, level) in `proves`, in that order.
#[cfg(feature = "ssr")]
pub fn equivalents_of(
    store: &crate::content::ContentStore,
    proves: &[(String, u8)],
    locale: crate::i18n::Locale,
) -> Vec<EquivalentRef> {
    proves
        .iter()
        .flat_map(|(id, level)| {
            store.equivalents(id, *level).into_iter().map(move |e| {
                let title = e.competence.title.get(locale);
                EquivalentRef {
                    of: id.clone(),
                    of_level: *level,
                    framework: e.framework.name(locale).to_owned(),
                    competence: match e.competence.code() {
                        Some(code) => format!("{code} {title}"),
                        None => title.to_owned(),
                    },
                    level: e.level,
                    max_level: e.framework.levels,
                    level_name: e
                        .level_title
                        .map(|t| crate::content::frameworks::name_part(t.get(locale)).to_owned())
                        .unwrap_or_default(),
                }
            })
        })
        .collect()
}

/// "Entspricht DigComp 3.0: 1.2 Informationen bewerten – Stufe 2 von 4 (Mittel)".
pub fn note(i18n: I18n, equivalent: &EquivalentRef) -> String {
    let args = [
        ("framework", equivalent.framework.clone().into()),
        ("competence", equivalent.competence.clone().into()),
        ("level", (equivalent.level as f64).into()),
        ("max", (equivalent.max_level as f64).into()),
        ("name", equivalent.level_name.clone().into()),
    ];
    if equivalent.level_name.is_empty() {
        i18n.t_args("equivalent-note-unnamed", args)
    } else {
        i18n.t_args("equivalent-note", args)
    }
}

/// The notes for `id` at `level`, from a list that covers several competences.
pub fn notes_for(i18n: I18n, equivalents: &[EquivalentRef], id: &str, level: u8) -> Vec<String> {
    equivalents
        .iter()
        .filter(|e| e.of == id && e.of_level == level)
        .map(|e| note(i18n, e))
        .collect()
}

/// The notes as a view: each on its own line, in a quieter style, after the competence.
pub fn notes_view(notes: Vec<String>) -> impl IntoView {
    notes
        .into_iter()
        .map(|note| view! { <br /><span class="subtle">{note}</span> })
        .collect_view()
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn a_digcomp_2_2_pass_is_named_in_digcomp_3_0_too() {
        let store = crate::content::frameworks::tests::shipped();
        let proves = vec![("digcomp-2.2/1.2".to_owned(), 3u8)];
        let found = equivalents_of(&store, &proves, crate::i18n::Locale::De);
        assert_eq!(
            found,
            vec![EquivalentRef {
                of: "digcomp-2.2/1.2".into(),
                of_level: 3,
                framework: "DigComp 3.0".into(),
                competence: "1.2 Informationen bewerten".into(),
                level: 2,
                max_level: 4,
                level_name: "Mittel".into(),
            }]
        );
        let english = equivalents_of(&store, &proves, crate::i18n::Locale::En);
        assert_eq!(english[0].competence, "1.2 Evaluating information");
        assert_eq!(english[0].level_name, "Intermediate");
        let i18n = I18n {
            locale: crate::i18n::Locale::De,
        };
        assert_eq!(
            notes_for(i18n, &found, "digcomp-2.2/1.2", 3),
            vec![
                "Entspricht DigComp 3.0: 1.2 Informationen bewerten – Stufe 2 von 4 (Mittel)"
                    .to_owned()
            ]
        );
        assert!(notes_for(i18n, &found, "digcomp-2.2/1.2", 2).is_empty());
        let municipal = vec![("kommunal-2026/ki".to_owned(), 3u8)];
        assert!(equivalents_of(&store, &municipal, crate::i18n::Locale::De).is_empty());
    }
}

//! The data dictionary as printed by `grab dict`: one section or all of them.

use serde::Serialize;

use super::table::new_table;
use super::{Render, Style};
use crate::dict::{Section, SectionName};
use crate::sanitize::for_terminal;

#[derive(Debug, Clone, Serialize)]
pub struct DictView {
    /// `builtin` or `live`.
    pub source: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tips: Vec<String>,
    pub sections: Vec<Section>,
}

impl Render for DictView {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    fn table(&self, style: &Style) -> String {
        let mut blocks = Vec::new();
        for section in &self.sections {
            let mut table = new_table(style, &["Code", "Meaning"]);
            for entry in &section.entries {
                table.add_row(vec![
                    for_terminal(&entry.code),
                    for_terminal(&entry.meaning),
                ]);
            }
            blocks.push(format!(
                "{} ({}): {}\n{table}",
                section.name,
                section.vendor_key,
                for_terminal(&section.note)
            ));
        }
        if !self.tips.is_empty() {
            let tips: Vec<String> = self
                .tips
                .iter()
                .map(|tip| format!("  • {}", for_terminal(tip)))
                .collect();
            blocks.push(format!(
                "{}:\n{}",
                SectionName::Tips.short(),
                tips.join("\n")
            ));
        }
        blocks.join("\n\n")
    }

    fn lines(&self) -> Vec<String> {
        let entries = self.sections.iter().flat_map(|section| {
            section.entries.iter().map(move |entry| {
                for_terminal(&format!(
                    "{}\t{}\t{}",
                    section.name, entry.code, entry.meaning
                ))
            })
        });
        let tips = self
            .tips
            .iter()
            .map(|tip| for_terminal(&format!("{}\t\t{tip}", SectionName::Tips.short())));
        entries.chain(tips).collect()
    }
}

//! The data dictionary as printed by `grab dict`: one section or all of them.

use serde::Serialize;

use super::table::new_table;
use super::{Render, Style};
use crate::dict::{Section, SectionName};

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
                table.add_row(vec![entry.code.clone(), entry.meaning.clone()]);
            }
            blocks.push(format!(
                "{} ({}): {}\n{table}",
                section.name,
                section.vendor_key,
                section.note.clone()
            ));
        }
        if !self.tips.is_empty() {
            let tips: Vec<String> = self.tips.iter().map(|tip| format!("  • {}", tip)).collect();
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
            section
                .entries
                .iter()
                .map(move |entry| format!("{}\t{}\t{}", section.name, entry.code, entry.meaning))
        });
        let tips = self
            .tips
            .iter()
            .map(|tip| format!("{}\t\t{tip}", SectionName::Tips.short()));
        entries.chain(tips).collect()
    }
}

//! `grab dict`: the vendor's code tables, live from dataDictionary.php or built in.

use crate::cli::DictArgs;
use crate::context::Context;
use crate::dict::{self, Dictionary, SectionName};
use crate::error::{Error, Result};
use crate::output::DictView;

pub async fn run(ctx: &Context, args: &DictArgs) -> Result<()> {
    let section = args.section.as_deref().map(parse_section).transpose()?;

    let (source, dictionary) = if args.offline {
        ("builtin", dict::builtin().clone())
    } else {
        ("live", ctx.client()?.data_dictionary().await?)
    };
    ctx.printer.print(&select(source, dictionary, section))
}

fn parse_section(text: &str) -> Result<SectionName> {
    SectionName::parse(text).ok_or_else(|| {
        let names: Vec<&str> = SectionName::ALL
            .iter()
            .map(|section| section.short())
            .collect();
        Error::usage(format!(
            "unknown dictionary section `{text}`: use one of {}",
            names.join(", ")
        ))
    })
}

fn select(source: &'static str, dictionary: Dictionary, section: Option<SectionName>) -> DictView {
    match section {
        None => DictView {
            source,
            tips: dictionary.tips,
            sections: dictionary.sections,
        },
        Some(SectionName::Tips) => DictView {
            source,
            tips: dictionary.tips,
            sections: vec![],
        },
        Some(name) => DictView {
            source,
            tips: vec![],
            sections: dictionary.section(name).cloned().into_iter().collect(),
        },
    }
}

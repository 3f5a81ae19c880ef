//! Table drawing shared by every view: borders and colour only when a person is looking.

use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table, TableComponent, presets};

use super::Style;

pub fn new_table(style: &Style, headers: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Dynamic);
    // Like gh and kubectl: no frame, one rule under the header.
    table.set_style(TableComponent::HeaderLines, '─');
    table.set_style(TableComponent::MiddleHeaderIntersections, '─');
    let header: Vec<Cell> = headers
        .iter()
        .map(|title| {
            if style.color {
                Cell::new(title).add_attribute(Attribute::Bold)
            } else {
                Cell::new(title)
            }
        })
        .collect();
    table.set_header(header);
    for column in table.column_iter_mut() {
        column.set_padding((0, 2));
    }
    table
}

/// A cell dimmed on a colour terminal, for what cannot be had (sold out, closed).
pub fn dim(style: &Style, text: impl ToString) -> Cell {
    let cell = Cell::new(text.to_string());
    if style.color {
        cell.fg(Color::DarkGrey)
    } else {
        cell
    }
}

/// A cell highlighted on a colour terminal, for what can be booked.
pub fn good(style: &Style, text: impl ToString) -> Cell {
    let cell = Cell::new(text.to_string());
    if style.color {
        cell.fg(Color::Green)
    } else {
        cell
    }
}

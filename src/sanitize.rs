//! Text from the network made safe for a terminal: control characters (which could move the
//! cursor or change colours) are replaced, and line breaks folded where one line is promised.

/// Replaces control characters with U+FFFD, keeping line breaks and tabs.
pub fn for_terminal(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

/// One line: line breaks become spaces, other control characters are replaced, tabs stay
/// (they separate the fields of a pipe line).
pub fn one_line(text: &str) -> String {
    let folded: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    for_terminal(folded.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_from_a_server_cannot_reach_the_terminal() {
        assert_eq!(for_terminal("ok\u{1b}[2J"), "ok\u{fffd}[2J");
        assert_eq!(for_terminal("two\nlines"), "two\nlines");
    }

    #[test]
    fn one_line_folds_breaks_and_keeps_tabs() {
        assert_eq!(one_line("line one\nline two\r\n"), "line one line two");
        assert_eq!(one_line("a\tb\u{7}"), "a\tb\u{fffd}");
    }
}

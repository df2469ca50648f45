//! Reading a brat collection's `annotation.conf`: the entity types, the relation types with
//! the entity types each argument may have, and the attributes with the types they are of and
//! their values, so that a brat project's declarations come into the schema with its files.
//!
//! ```text
//! [entities]
//! PER
//! [relations]
//! Met␉Arg1:PER, Arg2:PER|ORG
//! <OVERLAP>␉Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>
//! [attributes]
//! Negated␉Arg:<ENTITY>
//! Confidence␉Arg:PER|ORG, Value:High|Low
//! ```
//!
//! `<ENTITY>`, `<EVENT>` and `<ANY>` allow any type (an empty list); brat's own settings (names
//! in angle brackets), hierarchy indentation and `!` (a type that cannot be chosen) are read as
//! brat reads them. Events are not declared: their triggers are read as spans.

use crate::formats::Declared;

/// What `annotation.conf` declares.
pub(super) fn read(text: &str) -> Declared {
    let mut declared = Declared::default();
    let mut section = "";
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = match name.trim() {
                "entities" => "entities",
                "relations" => "relations",
                "attributes" => "attributes",
                _ => "",
            };
            continue;
        }
        let (name, definition) = match line.split_once(char::is_whitespace) {
            Some((name, rest)) => (name.trim_start_matches('!'), rest.trim()),
            None => (line.trim_start_matches('!'), ""),
        };
        if name.is_empty() || name.starts_with('<') {
            continue;
        }
        let args = arguments(definition);
        let get = |key: &str| {
            (args.iter())
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        match section {
            "entities" => declared.labels.push(name.to_string()),
            "relations" => {
                declared
                    .relation_types
                    .push((name.to_string(), get("Arg1"), get("Arg2")))
            }
            "attributes" => declared
                .attributes
                .push((name.to_string(), get("Arg"), get("Value"))),
            _ => {}
        }
    }
    declared
}

/// `Arg1:PER|ORG, Arg2:<ENTITY>` as (key, the types or values it lists); a wildcard lists none
/// (any).
fn arguments(definition: &str) -> Vec<(String, Vec<String>)> {
    (definition.split(','))
        .filter_map(|part| part.trim().split_once(':'))
        .map(|(key, values)| {
            let values = (values.split('|'))
                .map(str::trim)
                .filter(|v| !v.is_empty() && !v.starts_with('<'))
                .map(str::to_string)
                .collect();
            (key.trim().to_string(), values)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conf_table() {
        let conf = "# a comment\n[entities]\nPER\nORG\n\tSUB-ORG\n!Abstract\n\n[relations]\n\
                    Met\tArg1:PER, Arg2:PER|ORG\nIn Arg1:<ENTITY>, Arg2:GPE\n\
                    <OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\
                    [events]\nAttack\tVictim:PER\n[attributes]\nNegated\tArg:<ENTITY>\n\
                    Confidence\tArg:PER|ORG, Value:High|Low\n";
        let d = read(conf);
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(d.labels, s(&["PER", "ORG", "SUB-ORG", "Abstract"]));
        assert_eq!(
            d.relation_types,
            [
                ("Met".to_string(), s(&["PER"]), s(&["PER", "ORG"])),
                ("In".to_string(), vec![], s(&["GPE"])),
            ]
        );
        assert_eq!(
            d.attributes,
            [
                ("Negated".to_string(), vec![], vec![]),
                (
                    "Confidence".to_string(),
                    s(&["PER", "ORG"]),
                    s(&["High", "Low"])
                ),
            ]
        );
    }
}

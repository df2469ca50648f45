//! The label schema: its invariants, the palette's readability in both themes, keys and merging.

use postil_core::schema::*;

#[test]
fn default_schema_is_valid_and_readable() {
    let schema = LabelSchema::default_ner();
    let names: Vec<_> = schema.labels().iter().map(|l| l.name.as_str()).collect();
    for want in ["PERSON", "ORG", "GPE", "LOC", "DATE", "EVENT", "MISC"] {
        assert!(names.contains(&want), "{want} missing");
    }
    // Re-validating the built-in schema checks names, keys and contrast.
    assert_eq!(
        LabelSchema::with(
            schema.labels().to_vec(),
            schema.overlaps(),
            schema.doc_sets().to_vec()
        ),
        Ok(schema.clone())
    );
    for label in schema.labels() {
        assert!(
            TEXT_COLOR.contrast(label.color) >= 7.0,
            "{} is below AAA",
            label.name
        );
    }
}

#[test]
fn colour_parsing_and_contrast() {
    let cases = [
        ("#000000", Some((0, 0, 0))),
        ("#FFd3a8", Some((255, 211, 168))),
        ("ffd3a8", None),
        ("#ffd3a", None),
        ("#gg0000", None),
        ("#ééé", None),
    ];
    for (s, want) in cases {
        let got = s.parse::<Color>().ok().map(|c| (c.r, c.g, c.b));
        assert_eq!(got, want, "{s}");
    }
    let black = Color { r: 0, g: 0, b: 0 };
    let white = Color {
        r: 255,
        g: 255,
        b: 255,
    };
    assert!((black.contrast(white) - 21.0).abs() < 1e-9);
    assert_eq!(
        "#1b1b1b".parse::<Color>().map(|c| c.to_string()),
        Ok("#1b1b1b".into())
    );
}

#[test]
fn schema_rejections() {
    let ok = |name: &str, key: char| LabelDef {
        name: name.into(),
        color: Color {
            r: 0xee,
            g: 0xee,
            b: 0xee,
        },
        key,
    };
    let dark = LabelDef {
        color: Color {
            r: 0x20,
            g: 0x20,
            b: 0x40,
        },
        ..ok("DARK", 'k')
    };
    let cases: Vec<(Vec<LabelDef>, &str)> = vec![
        (vec![ok("", 'a')], "empty name"),
        (vec![ok("TWO WORDS", 'a')], "white space"),
        (vec![ok("A", 'a'), ok("A", 'b')], "appears twice"),
        (vec![ok("A", 'a'), ok("B", 'A')], "used by both"),
        (vec![ok("A", ' ')], "not a single"),
        (vec![dark], "hard to read"),
    ];
    for (labels, want) in cases {
        let err = LabelSchema::new(labels)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains(want), "{err:?} should say {want:?}");
    }
}

#[test]
fn palette_reads_in_both_themes() {
    for c in PALETTE {
        assert!(TEXT_COLOR.contrast(c) >= 7.0, "{c} under text");
        assert!(c.contrast(DARK_PAGE) >= 3.0, "{c} on the dark page");
    }
    for l in LabelSchema::default_ner().labels() {
        assert!(
            PALETTE.contains(&l.color),
            "{} comes from the palette",
            l.name
        );
    }
}

#[test]
fn keys_are_unique_across_span_and_document_labels() {
    let base = LabelSchema::default_ner();
    let clash = vec![DocLabelSet {
        name: "topic".into(),
        multiple: true,
        values: vec![DocLabelValue {
            name: "people".into(),
            key: Some('P'),
        }],
    }];
    let err = base.with_doc_sets(clash).unwrap_err().to_string();
    assert_eq!(err, "key “P” is used by both “PERSON” and “topic/people”");
    let mut labels = base.labels().to_vec();
    labels[0].key = '?';
    assert!(base
        .with_labels(labels)
        .unwrap_err()
        .to_string()
        .contains("kept for the app’s own shortcuts"));
    let twice = vec![
        DocLabelSet {
            name: "a".into(),
            multiple: false,
            values: vec![],
        },
        DocLabelSet {
            name: "a".into(),
            multiple: true,
            values: vec![],
        },
    ];
    assert!(base
        .with_doc_sets(twice)
        .unwrap_err()
        .to_string()
        .contains("appears twice"));
    let (set, value) = base.doc_value_by_key('8').unwrap();
    assert_eq!(
        (set.name.as_str(), value.name.as_str(), set.multiple),
        ("stance", "neutral", false)
    );
    assert_eq!(base.free_key("PRODUCT", Some('p')), 'r');
}

#[test]
fn unused_color_takes_the_first_free_palette_colour() {
    let ner = LabelSchema::default_ner();
    // The default schema uses the first seven palette colours.
    assert_eq!(ner.unused_color(), PALETTE[7]);
    let mut labels = ner.labels().to_vec();
    labels.remove(1);
    assert_eq!(ner.with_labels(labels).unwrap().unused_color(), PALETTE[1]);
    let all: Vec<LabelDef> = PALETTE
        .iter()
        .enumerate()
        .map(|(i, c)| LabelDef {
            name: format!("L{i}"),
            color: *c,
            key: char::from(b'a' + i as u8),
        })
        .collect();
    assert_eq!(LabelSchema::new(all).unwrap().unused_color(), PALETTE[0]);
    assert_eq!(LabelSchema::new(vec![]).unwrap().unused_color(), PALETTE[0]);
}

#[test]
fn keys_match_ignoring_case() {
    let schema = LabelSchema::default_ner();
    assert_eq!(schema.by_key('P').map(|l| l.name.as_str()), Some("PERSON"));
    assert_eq!(schema.by_key('g').map(|l| l.name.as_str()), Some("GPE"));
    assert_eq!(schema.by_key('z'), None);
}

#[test]
fn merge_adds_missing_labels_with_free_keys() {
    let mut mine = LabelSchema::default_ner();
    let theirs = LabelSchema::new(vec![
        LabelDef {
            name: "PERSON".into(),
            color: Color {
                r: 0xff,
                g: 0xff,
                b: 0xff,
            },
            key: 'x',
        },
        LabelDef {
            name: "PRODUCT".into(),
            color: Color {
                r: 0xee,
                g: 0xee,
                b: 0xee,
            },
            key: 'p',
        },
    ])
    .unwrap();
    assert_eq!(mine.merge(&theirs), vec!["PRODUCT".to_string()]);
    assert_eq!(mine.get("PERSON").map(|l| l.key), Some('p'), "mine kept");
    // 'p' is PERSON's, so PRODUCT takes the next free letter of its name: 'r'.
    assert_eq!(mine.get("PRODUCT").map(|l| l.key), Some('r'));
    assert!(LabelSchema::new(mine.labels().to_vec()).is_ok());
}

//! How one block of a document is cut for display: into runs at every place where what covers
//! the text changes (an annotation, the selected words, a search hit), each run knowing which
//! annotations cover it (innermost first, each with the lane its underline takes so that
//! overlapping spans never share one) and which annotations end with it (their label tags
//! follow the run, innermost first). The app draws the runs; the rules are here.
//!
//! Offsets are `char`s into the document, spans half-open. Runs cover the block exactly, in
//! order, and never start or end inside a character.

use crate::annotation::Annotation;
use crate::span::Span;

/// One run of a block's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub span: Span,
    /// Inside the selected words.
    pub selected: bool,
    /// Inside a search hit.
    pub hit: bool,
    /// Inside an annotation of a layer on show (another annotator's, or a suggestion).
    pub ghost: bool,
    /// The annotations covering the run, innermost (shortest) first: the first fills the
    /// run, the others underline it in their lanes.
    pub covering: Vec<Cover>,
    /// The annotations that end with this run (indices into the slice given to [`runs`]),
    /// innermost (latest start) first.
    pub ending: Vec<usize>,
}

/// An annotation covering a run (its index in the slice given to [`runs`]), and its
/// underline lane (0, 1, ...) in the block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cover {
    pub index: usize,
    pub lane: usize,
}

/// Cuts `block` into runs. `annotations` are those that touch the block, in reading order
/// (as `AnnotationSet::within` gives them); `hits` are search hits, sorted; `ghosts` the
/// spans of layers on show, as [`ghosts`] gives them.
pub fn runs(
    block: Span,
    annotations: &[&Annotation],
    hits: &[Span],
    ghosts: &[Span],
    range: Option<Span>,
) -> Vec<Run> {
    let lane = lanes(annotations);
    let mut cuts: Vec<u32> = vec![block.start, block.end];
    for a in annotations {
        cuts.extend([a.span.start, a.span.end]);
    }
    for s in range.iter().chain(hits).chain(ghosts) {
        cuts.extend([s.start, s.end]);
    }
    cuts.retain(|o| block.start <= *o && *o <= block.end);
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|w| {
            let piece = Span::new(w[0], w[1]);
            let mut covering: Vec<usize> = (0..annotations.len())
                .filter(|i| annotations[*i].span.covers(piece))
                .collect();
            covering.sort_by_key(|i| (annotations[*i].span.len(), annotations[*i].id));
            let mut ending: Vec<usize> = (0..annotations.len())
                .filter(|i| annotations[*i].span.end == piece.end)
                .collect();
            ending.sort_by_key(|i| std::cmp::Reverse(annotations[*i].span.start));
            Run {
                span: piece,
                selected: range.is_some_and(|r| r.covers(piece)),
                hit: hits.iter().any(|h| h.covers(piece)),
                ghost: ghosts.iter().any(|g| g.covers(piece)),
                covering: covering
                    .into_iter()
                    .map(|i| Cover {
                        index: i,
                        lane: lane[i],
                    })
                    .collect(),
                ending,
            }
        })
        .collect()
}

/// Where the annotations of `sets` lie, as few spans as can say it: sorted, disjoint and not
/// touching (what [`runs`] takes as `ghosts`).
pub fn ghosts<'a>(sets: impl IntoIterator<Item = &'a [Annotation]>) -> Vec<Span> {
    merged(sets.into_iter().flatten().map(|a| a.span).collect())
}

/// `spans` sorted, with those that overlap or touch made one.
pub fn merged(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_unstable_by_key(|s| (s.start, s.end));
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// Gives each annotation (in reading order) a lane so that overlapping ones never share one:
/// the first lane free at its start.
fn lanes(annotations: &[&Annotation]) -> Vec<usize> {
    let mut ends: Vec<u32> = Vec::new();
    annotations
        .iter()
        .map(|a| match ends.iter().position(|e| *e <= a.span.start) {
            Some(lane) => {
                ends[lane] = a.span.end;
                lane
            }
            None => {
                ends.push(a.span.end);
                ends.len() - 1
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::AnnotationId;

    fn a(id: u32, s: u32, e: u32) -> Annotation {
        Annotation {
            created: None,
            id: AnnotationId(id),
            span: Span::new(s, e),
            label: "X".into(),
            note: String::new(),
            attributes: Default::default(),
        }
    }

    /// Each run as "start-end:covering ids(lanes)|ending ids", with s / h for selected / hit.
    fn show(runs: &[Run], anns: &[&Annotation]) -> Vec<String> {
        runs.iter()
            .map(|r| {
                let cover: Vec<String> = r
                    .covering
                    .iter()
                    .map(|c| format!("{}({})", anns[c.index].id, c.lane))
                    .collect();
                let ending: Vec<String> =
                    r.ending.iter().map(|i| anns[*i].id.to_string()).collect();
                format!(
                    "{}-{}:{}|{}{}{}{}",
                    r.span.start,
                    r.span.end,
                    cover.join(","),
                    ending.join(","),
                    if r.selected { " s" } else { "" },
                    if r.hit { " h" } else { "" },
                    if r.ghost { " g" } else { "" }
                )
            })
            .collect()
    }

    /// (annotations, hits, selected words, the runs expected).
    type Case<'a> = (Vec<&'a Annotation>, Vec<Span>, Option<Span>, Vec<&'a str>);

    #[test]
    fn runs_table() {
        // "Wilson Center in Washington": ORG 0..27 holds GPE 17..27; a PERSON 30..35 after.
        let org = a(1, 0, 27);
        let gpe = a(2, 17, 27);
        let person = a(3, 30, 35);
        let crossing = a(4, 20, 32);
        let cases: Vec<Case> = vec![
            (vec![], vec![], None, vec!["0-40:|"]),
            (
                vec![&org, &gpe, &person],
                vec![],
                None,
                vec![
                    "0-17:1(0)|",
                    "17-27:2(1),1(0)|2,1",
                    "27-30:|",
                    "30-35:3(0)|3",
                    "35-40:|",
                ],
            ),
            // A span crossing two others takes a third lane where both are still open.
            (
                vec![&org, &gpe, &crossing, &person],
                vec![],
                None,
                vec![
                    "0-17:1(0)|",
                    "17-20:2(1),1(0)|",
                    "20-27:2(1),4(2),1(0)|2,1",
                    "27-30:4(2)|",
                    "30-32:3(0),4(2)|4",
                    "32-35:3(0)|3",
                    "35-40:|",
                ],
            ),
            // The selection and hits cut too, and mark their runs.
            (
                vec![&person],
                vec![Span::new(2, 4), Span::new(33, 38)],
                Some(Span::new(0, 6)),
                vec![
                    "0-2:| s",
                    "2-4:| s h",
                    "4-6:| s",
                    "6-30:|",
                    "30-33:3(0)|",
                    "33-35:3(0)|3 h",
                    "35-38:| h",
                    "38-40:|",
                ],
            ),
        ];
        for (anns, hits, range, want) in cases {
            assert_eq!(
                show(&runs(Span::new(0, 40), &anns, &hits, &[], range), &anns),
                want
            );
        }
    }

    #[test]
    fn a_block_cuts_spans_that_reach_beyond_it() {
        // A span from the block before runs into this one (block 10..20).
        let long = a(1, 5, 15);
        let anns = [&long];
        let got = show(
            &runs(Span::new(10, 20), &anns, &[], &[], Some(Span::new(18, 25))),
            &anns,
        );
        assert_eq!(got, ["10-15:1(0)|1", "15-18:|", "18-20:| s"]);
    }

    #[test]
    fn layers_on_show_are_cut_as_ghosts() {
        // (spans of two layers, the union, and the runs of block 0..20 with one annotation)
        let (x, y) = (
            [a(1, 2, 5), a(2, 4, 8), a(3, 12, 14)],
            [a(1, 8, 10), a(2, 16, 18)],
        );
        let g = ghosts([&x[..], &y[..]]);
        assert_eq!(g, [Span::new(2, 10), Span::new(12, 14), Span::new(16, 18)]);
        let mine = a(9, 0, 3);
        let anns = [&mine];
        let got = show(&runs(Span::new(0, 20), &anns, &[], &g, None), &anns);
        assert_eq!(
            got,
            [
                "0-2:9(0)|",
                "2-3:9(0)|9 g",
                "3-10:| g",
                "10-12:|",
                "12-14:| g",
                "14-16:|",
                "16-18:| g",
                "18-20:|"
            ]
        );
        assert!(ghosts(std::iter::empty::<&[Annotation]>()).is_empty());
    }
}

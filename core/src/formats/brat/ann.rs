//! `.ann` files: writing a document's annotations as brat lines, and reading them back.
//!
//! Offsets are `char`s, half-open. Postil's side counts in the document's text as kept; brat's
//! side counts in the text with universal newlines (see the parent module), and [`Breaks`]
//! converts between the two.

use crate::annotation::AnnotationSet;
use crate::document::Document;
use crate::formats::report::{example, listed};
use crate::formats::Problem;
use crate::prose::count;
use crate::text::to_u32;
use std::collections::{BTreeMap, HashMap};

/// Where the `\r` of each `\r\n` is in a text: the characters brat does not count.
struct Breaks {
    crs: Vec<u32>,
}

impl Breaks {
    fn new(text: &str) -> Self {
        let mut crs = Vec::new();
        let mut previous_cr = None;
        for (i, c) in text.chars().enumerate() {
            if c == '\n' {
                crs.extend(previous_cr);
            }
            previous_cr = (c == '\r').then(|| to_u32(i));
        }
        Breaks { crs }
    }

    /// The offset brat counts for `offset` in the text as kept, or `None` between `\r` and `\n`.
    fn to_brat(&self, offset: u32) -> Option<u32> {
        let before = self.crs.partition_point(|&cr| cr < offset);
        if before > 0 && self.crs[before - 1] + 1 == offset {
            return None;
        }
        Some(offset - to_u32(before))
    }
}

/// What the `.ann` files could not hold, gathered over the whole export.
#[derive(Default)]
pub(super) struct Losses {
    inside_crlf: Vec<String>,
    only_breaks: Vec<String>,
    trimmed: Vec<String>,
    notes_on_lines: usize,
    renamed: BTreeMap<String, String>,
    /// Documents with document-level labels, which brat has no place for.
    pub doc_labels: usize,
    /// Relations one of whose ends could not be written.
    unlinked: Vec<String>,
}

impl Losses {
    pub(super) fn sentences(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.inside_crlf.is_empty() {
            out.push(listed(
                format!(
                    "{} dropped: they start or end between \\r and \\n, which brat reads as one \
                     line break",
                    count(self.inside_crlf.len(), "span was", "spans were")
                ),
                &self.inside_crlf,
            ));
        }
        if !self.only_breaks.is_empty() {
            out.push(listed(
                format!(
                    "{} dropped: they hold only line breaks, and a brat span cannot",
                    count(self.only_breaks.len(), "span was", "spans were")
                ),
                &self.only_breaks,
            ));
        }
        if !self.trimmed.is_empty() {
            out.push(listed(
                format!(
                    "{} at a line break, which brat cannot hold; they were written without it",
                    count(
                        self.trimmed.len(),
                        "span starts or ends",
                        "spans start or end"
                    )
                ),
                &self.trimmed,
            ));
        }
        if !self.unlinked.is_empty() {
            out.push(listed(
                format!(
                    "{} dropped: an annotation they link could not be written",
                    count(self.unlinked.len(), "relation was", "relations were")
                ),
                &self.unlinked,
            ));
        }
        if self.notes_on_lines > 0 {
            out.push(format!(
                "{} line breaks, written as spaces (an .ann line holds one line)",
                count(self.notes_on_lines, "note had", "notes had")
            ));
        }
        if self.doc_labels > 0 {
            out.push(format!(
                "The document labels of {} dropped (brat has no place for them)",
                count(self.doc_labels, "document were", "documents were")
            ));
        }
        if !self.renamed.is_empty() {
            let pairs: Vec<String> = self
                .renamed
                .iter()
                .map(|(from, to)| format!("“{from}” as {to}"))
                .collect();
            out.push(listed(
                format!(
                    "{} white space, which brat type names cannot; written",
                    count(self.renamed.len(), "label has", "labels have")
                ),
                &pairs,
            ));
        }
        out
    }
}

/// The `.ann` lines of one document; labels not yet in `labels` are added to it, and
/// relation types not yet in `kinds` to that.
pub(super) fn write(
    document: &Document,
    set: &AnnotationSet,
    labels: &mut Vec<String>,
    kinds: &mut Vec<String>,
    attributes: &mut BTreeMap<String, std::collections::BTreeSet<String>>,
    losses: &mut Losses,
) -> String {
    let mut written: HashMap<crate::AnnotationId, u32> = HashMap::new();
    let breaks = Breaks::new(document.text());
    let chars: Vec<char> = super::universal_newlines(document.text()).chars().collect();
    let mut out = String::new();
    let (mut t, mut note_id, mut attribute_id) = (0u32, 0u32, 0u32);
    let chains = FragmentChains::of(set);
    for a in set.iter() {
        if chains.inner.contains(&a.id) {
            continue;
        }
        let members: Vec<&crate::Annotation> = match chains.heads.get(&a.id) {
            Some(ids) => ids.iter().filter_map(|id| set.get(*id)).collect(),
            None => vec![a],
        };
        // Every member's fragments, split at line breaks as brat writes a span over lines.
        let mut pieces: Vec<(u32, u32)> = Vec::new();
        for m in &members {
            let covered = document.slice(m.span).unwrap_or_default();
            let seen = || example(covered, &m.label, document.title());
            let (Some(start), Some(end)) =
                (breaks.to_brat(m.span.start), breaks.to_brat(m.span.end))
            else {
                losses.inside_crlf.push(seen());
                continue;
            };
            let fragments = fragments(&chars, start, end);
            let (Some(first), Some(last)) = (fragments.first(), fragments.last()) else {
                losses.only_breaks.push(seen());
                continue;
            };
            if first.0 != start || last.1 != end {
                losses.trimmed.push(seen());
            }
            pieces.extend(fragments);
        }
        if pieces.is_empty() {
            continue;
        }
        pieces.sort_unstable();
        let label = type_name(&a.label, losses);
        if !labels.contains(&label) {
            labels.push(label.clone());
        }
        let offsets: Vec<String> = pieces.iter().map(|(s, e)| format!("{s} {e}")).collect();
        let texts: Vec<String> = pieces
            .iter()
            .map(|&(s, e)| chars[s as usize..e as usize].iter().collect())
            .collect();
        t += 1;
        out.push_str(&format!(
            "T{t}\t{label} {}\t{}\n",
            offsets.join(";"),
            texts.join(" ")
        ));
        let mut own: BTreeMap<&str, &str> = BTreeMap::new();
        for m in &members {
            written.insert(m.id, t);
            for (name, value) in &m.attributes {
                own.entry(name).or_insert(value);
            }
        }
        for (name, value) in own {
            let name = type_name(name, losses);
            attribute_id += 1;
            let values = attributes.entry(name.clone()).or_default();
            if value == crate::schema::FLAG_SET {
                out.push_str(&format!("A{attribute_id}\t{name} T{t}\n"));
            } else {
                let value = type_name(value, losses);
                out.push_str(&format!("A{attribute_id}\t{name} T{t} {value}\n"));
                values.insert(value);
            }
        }
        for m in &members {
            if !m.note.is_empty() {
                note_id += 1;
                out.push_str(&note_line(note_id, &format!("T{t}"), &m.note, losses));
            }
        }
    }
    let mut r = 0u32;
    for relation in set.relations() {
        if chains.links.contains(&relation.id) {
            continue;
        }
        let (Some(from), Some(to)) = (written.get(&relation.from), written.get(&relation.to))
        else {
            losses.unlinked.push(format!(
                "“{}” in “{}”",
                relation.kind,
                crate::article::cut(document.title(), 40)
            ));
            continue;
        };
        let kind = type_name(&relation.kind, losses);
        if !kinds.contains(&kind) {
            kinds.push(kind.clone());
        }
        r += 1;
        out.push_str(&format!("R{r}\t{kind} Arg1:T{from} Arg2:T{to}\n"));
        if !relation.note.is_empty() {
            note_id += 1;
            out.push_str(&note_line(
                note_id,
                &format!("R{r}"),
                &relation.note,
                losses,
            ));
        }
    }
    out
}

/// Annotations of one label linked in a line by [`FRAGMENT`] relations (how a discontinuous
/// brat span is read), to be written back as one discontinuous `T` line. A link that branches,
/// joins two labels, or would make fragments overlap is left a relation.
#[derive(Default)]
struct FragmentChains {
    /// The first annotation of each chain → the chain's annotations, in order.
    heads: HashMap<crate::AnnotationId, Vec<crate::AnnotationId>>,
    /// The chains' other annotations (written with their head).
    inner: std::collections::HashSet<crate::AnnotationId>,
    /// The relations a chain is made of (not written as `R` lines).
    links: std::collections::HashSet<crate::RelationId>,
}

impl FragmentChains {
    fn of(set: &AnnotationSet) -> Self {
        let mut next: HashMap<crate::AnnotationId, (crate::AnnotationId, crate::RelationId)> =
            HashMap::new();
        let mut prev: HashMap<crate::AnnotationId, crate::AnnotationId> = HashMap::new();
        for r in set.relations() {
            let same_label = match (set.get(r.from), set.get(r.to)) {
                (Some(a), Some(b)) => a.label == b.label,
                _ => false,
            };
            if r.kind != FRAGMENT || !same_label {
                continue;
            }
            if next.contains_key(&r.from) || prev.contains_key(&r.to) {
                continue;
            }
            next.insert(r.from, (r.to, r.id));
            prev.insert(r.to, r.from);
        }
        let mut chains = FragmentChains::default();
        for &head in next.keys().filter(|id| !prev.contains_key(id)) {
            let (mut ids, mut links) = (vec![head], Vec::new());
            let mut at = head;
            while let Some(&(to, link)) = next.get(&at) {
                if ids.contains(&to) {
                    break;
                }
                ids.push(to);
                links.push(link);
                at = to;
            }
            let mut spans: Vec<crate::Span> = ids
                .iter()
                .filter_map(|id| set.get(*id))
                .map(|a| a.span)
                .collect();
            spans.sort_by_key(|s| s.start);
            if spans.len() != ids.len() || spans.windows(2).any(|w| w[1].start < w[0].end) {
                continue;
            }
            // The head written is the chain's first in the text, where the set's order meets it.
            ids.sort_by_key(|id| set.get(*id).map(|a| (a.span.start, a.span.end)));
            chains.inner.extend(ids[1..].iter().copied());
            chains.links.extend(links);
            chains.heads.insert(ids[0], ids);
        }
        chains
    }
}

/// `#3␉AnnotatorNotes T1␉the note`, its line breaks written as spaces (an `.ann` line holds one
/// line; counted in `losses`).
fn note_line(id: u32, target: &str, note: &str, losses: &mut Losses) -> String {
    let one_line: String = note
        .chars()
        .map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c })
        .collect();
    if one_line != note {
        losses.notes_on_lines += 1;
    }
    format!("#{id}\tAnnotatorNotes {target}\t{one_line}\n")
}

/// The runs of `[start, end)` between line breaks, as brat writes a span over lines.
fn fragments(chars: &[char], start: u32, end: u32) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut run: Option<u32> = None;
    for i in start..end {
        let newline = chars.get(i as usize) == Some(&'\n');
        match (run, newline) {
            (None, false) => run = Some(i),
            (Some(from), true) => {
                out.push((from, i));
                run = None;
            }
            _ => {}
        }
    }
    out.extend(run.map(|from| (from, end)));
    out
}

/// A label as a brat type name: no white space (the name ends at the first space).
fn type_name(label: &str, losses: &mut Losses) -> String {
    if !label.is_empty() && !label.contains(char::is_whitespace) {
        return label.to_string();
    }
    let name: String = label
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect();
    let name = if name.is_empty() { "_".into() } else { name };
    losses.renamed.insert(label.to_string(), name.clone());
    name
}

/// One span read from an `.ann` file, at brat's offsets.
pub(super) struct ReadSpan {
    pub start: u32,
    pub end: u32,
    pub label: String,
    pub note: String,
    /// From `A` lines: name to value (a flag's value is [`crate::schema::FLAG_SET`]).
    pub attributes: crate::annotation::Attributes,
    /// "doc.ann line 4", for problems found later.
    pub at: String,
}

#[derive(Default)]
pub(super) struct Parsed {
    pub spans: Vec<ReadSpan>,
    /// Relations: from `spans[from]` to `spans[to]`, with their type and note.
    pub relations: Vec<ReadRelation>,
}

/// One relation read from an `.ann` file (an `R` line).
pub(super) struct ReadRelation {
    pub from: usize,
    pub to: usize,
    pub kind: String,
    pub note: String,
}

/// What the `.ann` files held that Postil cannot, gathered over the whole import: for each
/// kind, where ("doc.ann R1").
#[derive(Clone, Default)]
pub(super) struct Skipped {
    /// Events read as their trigger span and role relations, and the roles' names.
    events: Vec<String>,
    roles: std::collections::BTreeSet<String>,
    /// Discontinuous spans read as their fragments linked in order.
    fragmented: Vec<String>,
    /// `M` lines (brat's older attribute modifiers) read as yes/no attributes.
    modifiers: Vec<String>,
    equivalences: Vec<String>,
    normalizations: Vec<String>,
    other_notes: Vec<String>,
    /// Attributes of relations (brat allows them; Postil's relations have none).
    relation_attributes: Vec<String>,
    pub empty_texts: Vec<String>,
    /// `.ann` files whose offsets were counted on the text with `\r\n` line breaks, with how
    /// many spans each has (read at the places their texts show).
    pub crlf: Vec<(String, usize)>,
}

impl Skipped {
    /// What was read differently from brat's usual form, for `Imported::adjusted`.
    pub(super) fn adjusted(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        if !self.events.is_empty() {
            let roles: Vec<&str> = self.roles.iter().map(String::as_str).collect();
            out.push(listed(
                format!(
                    "{} read as {} trigger span with {} roles as relations from it ({})",
                    count(self.events.len(), "event was", "events were"),
                    if self.events.len() == 1 {
                        "its"
                    } else {
                        "their"
                    },
                    if self.events.len() == 1 {
                        "its"
                    } else {
                        "their"
                    },
                    roles.join(", ")
                ),
                &self.events,
            ));
        }
        if !self.fragmented.is_empty() {
            out.push(listed(
                format!(
                    "{} text between {} fragments: each fragment was read as a span of its \
                     label, linked to the next by a “{FRAGMENT}” relation (Postil spans are \
                     continuous)",
                    count(
                        self.fragmented.len(),
                        "discontinuous span has",
                        "discontinuous spans have"
                    ),
                    if self.fragmented.len() == 1 {
                        "its"
                    } else {
                        "their"
                    },
                ),
                &self.fragmented,
            ));
        }
        if !self.modifiers.is_empty() {
            out.push(listed(
                format!(
                    "{} (brat's older modifiers) read as yes/no attributes",
                    count(self.modifiers.len(), "M line was", "M lines were")
                ),
                &self.modifiers,
            ));
        }
        out.extend((self.crlf.iter()).map(|(name, n)| {
            format!(
                "{name}: its offsets were counted on the text with \\r\\n line breaks, \
                     which the .txt does not have; {} read where {} own text is",
                count(*n, "span was", "spans were"),
                if *n == 1 { "its" } else { "their" }
            )
        }));
        out
    }

    pub(super) fn sentences(&self) -> Vec<String> {
        let kinds: [(&Vec<String>, &str, &str); 5] = [
            (
                &self.relation_attributes,
                "attribute of a relation (Postil's relations have none)",
                "attributes of relations (Postil's relations have none)",
            ),
            (&self.equivalences, "equivalence", "equivalences"),
            (&self.normalizations, "normalization", "normalizations"),
            (
                &self.other_notes,
                "note on an attribute or equivalence",
                "notes on attributes or equivalences",
            ),
            (&self.empty_texts, "empty text", "empty texts"),
        ];
        kinds
            .into_iter()
            .filter(|(found, _, _)| !found.is_empty())
            .map(|(found, one, many)| listed(count(found.len(), one, many), found))
            .collect()
    }
}

/// Reads an `.ann` file against its text as brat counts it (`view`). Problems name the line.
///
/// A file whose spans do not all fit that text, but all do when its offsets are taken as
/// counted on the text with `\r\n` line breaks (the `.ann` was made on a Windows copy of the
/// `.txt`, or by a tool that counts both characters), is read so: each span's own text shows
/// where it is. That is noted in `skipped.crlf` for the report.
pub(super) fn read(
    name: &str,
    content: &str,
    view: &str,
    problems: &mut Vec<Problem>,
    skipped: &mut Skipped,
) -> Parsed {
    let before = skipped.clone();
    let mut found = Vec::new();
    let parsed = read_counted(name, content, view, None, &mut found, skipped);
    if found.is_empty() || !view.contains('\n') {
        problems.extend(found);
        return parsed;
    }
    let on_crlf = crlf_offsets(view);
    let mut again = before.clone();
    let mut found_again = Vec::new();
    let repaired = read_counted(
        name,
        content,
        view,
        Some(&on_crlf),
        &mut found_again,
        &mut again,
    );
    if found_again.is_empty() && !repaired.spans.is_empty() {
        again.crlf.push((name.to_string(), repaired.spans.len()));
        *skipped = again;
        return repaired;
    }
    problems.extend(found);
    parsed
}

/// For each `char` offset of `view` (and its end), where it is when each `\n` is `\r\n`.
fn crlf_offsets(view: &str) -> Vec<u32> {
    let mut out = Vec::with_capacity(view.len() + 1);
    let mut at = 0u32;
    for c in view.chars() {
        out.push(at);
        at += if c == '\n' { 2 } else { 1 };
    }
    out.push(at);
    out
}

/// [`read`] with the offsets taken as they are, or (`on_crlf`) as counted with `\r\n` breaks.
fn read_counted(
    name: &str,
    content: &str,
    view: &str,
    on_crlf: Option<&[u32]>,
    problems: &mut Vec<Problem>,
    skipped: &mut Skipped,
) -> Parsed {
    let chars: Vec<char> = view.chars().collect();
    let mut spans: Vec<ReadSpan> = Vec::new();
    // A `T` id → its span (a discontinuous one's first fragment); an `E` id → its trigger's
    // `T` id.
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    let mut triggers: HashMap<&str, &str> = HashMap::new();
    // Lines that name other annotations, resolved once every line is read (a line may come
    // before what it names): notes (line, target, text), relations and event roles (line, id,
    // type, from, to), attributes (line, name, target, value).
    let mut notes: Vec<(String, &str, &str)> = Vec::new();
    let mut links: Vec<(String, &str, String, &str, &str)> = Vec::new();
    let mut attributes: Vec<(String, &str, &str, Option<&str>)> = Vec::new();
    // Fragments of one discontinuous span, linked in order: (from, to) span indices.
    let mut fragment_links: Vec<(usize, usize)> = Vec::new();
    // Lines end in `\n` or `\r\n`. (brat would also end one at a lone `\r`; no tool writes
    // those, and a span text holding one fails the text check below, naming its line.)
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    for (index, line) in content.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("{name} line {}", index + 1);
        let mut fail = |what: String| {
            problems.push(Problem {
                at: at.clone(),
                what,
            })
        };
        let mut parts = line.splitn(3, '\t');
        let id = parts.next().unwrap_or_default();
        let middle = parts.next().unwrap_or_default();
        let tail = parts.next();
        let place = format!("{name} {id}");
        match id.chars().next() {
            Some('T') => match text_bound(id, middle, tail, &chars, on_crlf) {
                Ok(Bound::Span(start, end, label)) => {
                    if by_id.insert(id, spans.len()).is_some() {
                        fail(format!("the id {id} is used twice"));
                    }
                    spans.push(ReadSpan {
                        start,
                        end,
                        label: label.to_string(),
                        note: String::new(),
                        attributes: Default::default(),
                        at: at.clone(),
                    });
                }
                Ok(Bound::Gapped(fragments, label)) => {
                    if by_id.insert(id, spans.len()).is_some() {
                        fail(format!("the id {id} is used twice"));
                    }
                    for (i, (start, end)) in fragments.into_iter().enumerate() {
                        if i > 0 {
                            fragment_links.push((spans.len() - 1, spans.len()));
                        }
                        spans.push(ReadSpan {
                            start,
                            end,
                            label: label.to_string(),
                            note: String::new(),
                            attributes: Default::default(),
                            at: at.clone(),
                        });
                    }
                    skipped.fragmented.push(place);
                }
                Err(what) => fail(what),
            },
            Some('#') => {
                let mut words = middle.split_whitespace();
                let (_kind, target) = (words.next(), words.next().unwrap_or_default());
                if target.starts_with(['T', 'R', 'E']) {
                    notes.push((at.clone(), target, tail.unwrap_or_default()));
                } else {
                    skipped.other_notes.push(place);
                }
            }
            Some('R') => {
                let mut words = middle.split_whitespace();
                let kind = words.next().unwrap_or_default();
                let args: Vec<&str> = words
                    .filter_map(|w| w.split_once(':').map(|(_, id)| id))
                    .collect();
                match args.as_slice() {
                    [from, to] if !kind.is_empty() => {
                        links.push((at.clone(), id, kind.to_string(), from, to));
                    }
                    _ => fail(format!(
                        "{id} is not a relation of a type between two arguments \
                         (“Type Arg1:T1 Arg2:T2”)"
                    )),
                }
            }
            // `E1␉Attack:T3 Victim:T4 Attacker:E2`: its trigger span, and a relation from it
            // for each role (a numbered role, `Theme2`, is the role `Theme`).
            Some('E') => {
                let mut words = middle.split_whitespace();
                match words.next().and_then(|w| w.split_once(':')) {
                    Some((_, trigger)) if trigger.starts_with('T') => {
                        if triggers.insert(id, trigger).is_some() {
                            fail(format!("the id {id} is used twice"));
                        }
                        for (role, arg) in words.filter_map(|w| w.split_once(':')) {
                            let role = role.trim_end_matches(|c: char| c.is_ascii_digit());
                            let role = if role.is_empty() { "Arg" } else { role };
                            skipped.roles.insert(role.to_string());
                            links.push((at.clone(), id, role.to_string(), id, arg));
                        }
                        skipped.events.push(place);
                    }
                    _ => fail(format!(
                        "{id} is not an event with a trigger (“Type:T1 Role:T2 …”)"
                    )),
                }
            }
            // `A1␉Negated T3` (yes/no) or `A2␉Confidence T3 High`; `M` is brat's older name.
            Some(kind @ ('A' | 'M')) => {
                let words: Vec<&str> = middle.split_whitespace().collect();
                match words.as_slice() {
                    [attribute, target] => {
                        attributes.push((at.clone(), attribute, target, None));
                    }
                    [attribute, target, value] => {
                        attributes.push((at.clone(), attribute, target, Some(value)));
                    }
                    _ => fail(format!(
                        "{id} is not an attribute of an annotation (“Name T1” or “Name T1 Value”)"
                    )),
                }
                if kind == 'M' {
                    skipped.modifiers.push(place);
                }
            }
            Some('*') => skipped.equivalences.push(place),
            Some('N') => skipped.normalizations.push(place),
            _ => fail(format!(
                "“{}” is not a brat annotation id (T, R, E, A, M, N, * or #)",
                id.chars().take(20).collect::<String>()
            )),
        }
    }
    // What an id names: a span, or an event's trigger span.
    let span_of = |id: &str| -> Option<usize> {
        let t = if id.starts_with('E') {
            *triggers.get(id)?
        } else {
            id
        };
        by_id.get(t).copied()
    };
    let mut relations: Vec<ReadRelation> = Vec::new();
    let mut relation_ids: HashMap<&str, usize> = HashMap::new();
    for (from, to) in fragment_links {
        relations.push(ReadRelation {
            from,
            to,
            kind: FRAGMENT.to_string(),
            note: String::new(),
        });
    }
    for (at, id, kind, from, to) in links {
        let event = id.starts_with('E');
        match (span_of(from), span_of(to)) {
            (Some(from), Some(to)) => {
                if !event && relation_ids.insert(id, relations.len()).is_some() {
                    problems.push(Problem {
                        at,
                        what: format!("the id {id} is used twice"),
                    });
                    continue;
                }
                relations.push(ReadRelation {
                    from,
                    to,
                    kind,
                    note: String::new(),
                });
            }
            _ => {
                let missing = if span_of(from).is_some() { to } else { from };
                let what = if event && missing == id {
                    format!("{id}'s trigger is not in this file")
                } else {
                    format!("{id} links {missing}, which is not in this file")
                };
                problems.push(Problem { at, what });
            }
        }
    }
    for (at, attribute, target, value) in attributes {
        match span_of(target) {
            Some(i) => {
                let value = value.unwrap_or(crate::schema::FLAG_SET);
                spans[i]
                    .attributes
                    .insert(attribute.to_string(), value.to_string());
            }
            None if target.starts_with('R') => skipped.relation_attributes.push(at),
            None => problems.push(Problem {
                at,
                what: format!(
                    "the attribute {attribute} is on {target}, which is not in this file"
                ),
            }),
        }
    }
    for (at, target, text) in notes {
        if let Some(&i) = relation_ids.get(target) {
            let note = &mut relations[i].note;
            if !note.is_empty() {
                note.push('\n');
            }
            note.push_str(text);
            continue;
        }
        match span_of(target) {
            Some(i) => {
                let note = &mut spans[i].note;
                if !note.is_empty() {
                    note.push('\n');
                }
                note.push_str(text);
            }
            None => problems.push(Problem {
                at,
                what: format!("the note is on {target}, which is not in this file"),
            }),
        }
    }
    Parsed { spans, relations }
}

/// The type of the relations that link a discontinuous brat span's fragments, in order.
pub(super) const FRAGMENT: &str = "fragment";

enum Bound<'a> {
    Span(u32, u32, &'a str),
    /// Fragments with text between them, in order.
    Gapped(Vec<(u32, u32)>, &'a str),
}

/// A `T` line: `T1␉LABEL 0 5;6 10␉text`.
fn text_bound<'a>(
    id: &str,
    middle: &'a str,
    tail: Option<&str>,
    chars: &[char],
    on_crlf: Option<&[u32]>,
) -> Result<Bound<'a>, String> {
    let (label, offsets) = middle
        .split_once(' ')
        .ok_or_else(|| format!("{id} has no offsets after its type (“{middle}”)"))?;
    if label.is_empty() {
        return Err(format!("{id} has no type"));
    }
    let text = tail.ok_or_else(|| format!("{id} has no text after its offsets"))?;
    let len = to_u32(chars.len());
    let mut fragments = Vec::new();
    for fragment in offsets.split(';') {
        let numbers: Vec<Option<u32>> = fragment
            .split_whitespace()
            .map(|n| n.parse().ok())
            .collect();
        let (start, end) = match numbers.as_slice() {
            [Some(start), Some(end)] => (*start, *end),
            _ => {
                return Err(format!(
                    "{id}: “{fragment}” is not a start and an end offset"
                ))
            }
        };
        // Counted with \r\n breaks: the place in the text, unless between \r and \n.
        let (start, end) = match on_crlf {
            None => (start, end),
            Some(places) => {
                let back = |o: u32| places.binary_search(&o).ok().map(to_u32);
                match (back(start), back(end)) {
                    (Some(s), Some(e)) => (s, e),
                    _ => return Err(format!("{id}: {start} {end} falls inside a line break")),
                }
            }
        };
        if start >= end {
            return Err(format!(
                "{id}: the fragment {start} {end} is empty or reversed"
            ));
        }
        if end > len {
            return Err(format!(
                "{id}: the fragment {start} {end} runs past the end of the text ({len} characters)"
            ));
        }
        fragments.push((start, end));
    }
    let slice = |(s, e): (u32, u32)| chars[s as usize..e as usize].iter().collect::<String>();
    let expected: Vec<String> = fragments.iter().map(|&f| slice(f)).collect();
    let expected = expected.join(" ");
    if text != expected {
        return Err(format!(
            "{id} says its text is “{}” but the .txt has “{}” at {offsets}",
            shown(text),
            shown(&expected)
        ));
    }
    fragments.sort_unstable();
    let (start, end) = (fragments[0].0, fragments[fragments.len() - 1].1);
    for pair in fragments.windows(2) {
        let (before, after) = (pair[0], pair[1]);
        if after.0 < before.1 {
            return Err(format!("{id}: its fragments overlap"));
        }
        if !chars[before.1 as usize..after.0 as usize]
            .iter()
            .all(|c| c.is_whitespace())
        {
            return Ok(Bound::Gapped(fragments, label));
        }
    }
    Ok(Bound::Span(start, end, label))
}

/// A text for a message: at most 60 characters, control characters escaped.
fn shown(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(60)
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_debug().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect();
    if text.chars().count() > 60 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_skip_the_cr_of_crlf() {
        // "a\r\nb\rc": brat sees "a\nb\nc".
        let breaks = Breaks::new("a\r\nb\rc");
        let got: Vec<Option<u32>> = (0..=6).map(|o| breaks.to_brat(o)).collect();
        assert_eq!(
            got,
            [Some(0), Some(1), None, Some(2), Some(3), Some(4), Some(5)]
        );
    }

    #[test]
    fn fragments_split_at_line_breaks() {
        let chars: Vec<char> = "ab\ncd\n\nef\n".chars().collect();
        type Case = ((u32, u32), &'static [(u32, u32)]);
        let cases: &[Case] = &[
            ((0, 2), &[(0, 2)]),
            ((0, 5), &[(0, 2), (3, 5)]),
            ((1, 9), &[(1, 2), (3, 5), (7, 9)]),
            ((2, 3), &[]),
            ((2, 4), &[(3, 4)]),
            ((5, 10), &[(7, 9)]),
        ];
        for ((s, e), want) in cases {
            assert_eq!(fragments(&chars, *s, *e), *want, "{s}..{e}");
        }
    }

    #[test]
    fn text_bound_lines() {
        let chars: Vec<char> = "Lavrov met\nKhan in 北京.".chars().collect();
        let ok = |middle: &str, text: &str| match text_bound("T1", middle, Some(text), &chars, None)
        {
            Ok(Bound::Span(s, e, l)) => format!("{l} {s} {e}"),
            Ok(Bound::Gapped(f, l)) => format!("{l} gapped {f:?}"),
            Err(e) => e,
        };
        let cases = [
            ("PER 0 6", "Lavrov", "PER 0 6"),
            ("LOC 19 21", "北京", "LOC 19 21"),
            ("PER 7 10;11 15", "met Khan", "PER 7 15"),
            ("PER 11 15;7 10", "Khan met", "PER 7 15"),
            (
                "PER 0 6;11 15",
                "Lavrov Khan",
                "PER gapped [(0, 6), (11, 15)]",
            ),
            (
                "PER 0 6",
                "Lavrvo",
                "T1 says its text is “Lavrvo” but the .txt has “Lavrov” at 0 6",
            ),
            (
                "PER 0 99",
                "x",
                "T1: the fragment 0 99 runs past the end of the text (22 characters)",
            ),
            ("PER 5 5", "", "T1: the fragment 5 5 is empty or reversed"),
            ("PER 0 x", "L", "T1: “0 x” is not a start and an end offset"),
            ("PER", "L", "T1 has no offsets after its type (“PER”)"),
            ("PER 0 6;3 8", "Lavrov rov m", "T1: its fragments overlap"),
        ];
        for (middle, text, want) in cases {
            assert_eq!(ok(middle, text), want, "{middle}");
        }
    }
}

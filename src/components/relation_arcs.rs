//! The open document's relations drawn over the article: an arc from one annotation's label tag
//! to the other's, with an arrowhead and the relation's type, those of the selected annotation
//! drawn stronger. Arcs over the same line are stacked, the wider above the narrower (as brat
//! draws them), so that their types do not sit on each other; a declared type's tag has its
//! colour behind it. Only relations near the screen are drawn (both ends within a screen of it),
//! looked at first by their paragraphs, which are cheap to measure even when the browser has
//! skipped laying them out; the arcs are drawn again after each change, and on scrolling and
//! resizing, at most once a frame. The drawing is one call into the page (`draw_arcs`), as the
//! paragraphs are filled (see `paragraph.rs`); the types become text, never markup.

use gloo::events::EventListener;
use postil_core::{AnnotationId, AnnotationSet, LabelSchema};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[wasm_bindgen(inline_js = r#"
const NS = 'http://www.w3.org/2000/svg';
export function draw_arcs(svg, article, ends, kinds, lens, colors, selected) {
  const box = article.getBoundingClientRect();
  const screen = window.innerHeight;
  const near = (r) => r.bottom > -screen && r.top < 2 * screen;
  const parts = [];
  if (ends.length > 0) {
    const defs = document.createElementNS(NS, 'defs');
    const marker = document.createElementNS(NS, 'marker');
    marker.setAttribute('id', 'arc-head');
    marker.setAttribute('viewBox', '0 0 10 10');
    marker.setAttribute('refX', '9');
    marker.setAttribute('refY', '5');
    marker.setAttribute('markerWidth', '7');
    marker.setAttribute('markerHeight', '7');
    marker.setAttribute('orient', 'auto');
    const head = document.createElementNS(NS, 'path');
    head.setAttribute('d', 'M0,0 L10,5 L0,10 z');
    marker.append(head);
    defs.append(marker);
    parts.push(defs);
  }
  let at = 0;
  const arcs = [];
  for (let i = 0; 2 * i < ends.length; i++) {
    const kind = kinds.slice(at, at + lens[i]);
    at += lens[i];
    const a = document.getElementById('ann-' + ends[2 * i]);
    const b = document.getElementById('ann-' + ends[2 * i + 1]);
    if (!a || !b) continue;
    const pa = a.closest('.block'), pb = b.closest('.block');
    if (!pa || !pb || !near(pa.getBoundingClientRect()) || !near(pb.getBoundingClientRect())) continue;
    const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();
    if (ra.width === 0 || rb.width === 0) continue;
    const x1 = ra.left + ra.width / 2 - box.left, y1 = ra.top - box.top;
    const x2 = rb.left + rb.width / 2 - box.left, y2 = rb.top - box.top;
    const color = colors.slice(7 * i, 7 * i + 7);
    arcs.push({ i, kind, x1, y1, x2, y2, color, left: Math.min(x1, x2), right: Math.max(x1, x2),
      line: Math.min(y1, y2), level: 0 });
  }
  // Stacking: narrower arcs first; each goes one level above the arcs it overlaps on its line.
  const placed = [];
  for (const arc of arcs.slice().sort((p, q) => (p.right - p.left) - (q.right - q.left))) {
    for (const o of placed) {
      if (o.left < arc.right + 24 && arc.left < o.right + 24 && Math.abs(o.line - arc.line) < 12) {
        arc.level = Math.max(arc.level, o.level + 1);
      }
    }
    placed.push(arc);
  }
  for (const { i, kind, x1, y1, x2, y2, color, level } of arcs) {
    const lift = Math.min(40, 14 + Math.abs(x2 - x1) / 8) + Math.min(level, 6) * 13;
    const top = Math.min(y1, y2) - lift;
    const g = document.createElementNS(NS, 'g');
    const involved = ends[2 * i] === selected || ends[2 * i + 1] === selected;
    g.setAttribute('class', (involved ? 'arc involved' : 'arc') + (color[0] === '#' ? ' typed' : ''));
    if (color[0] === '#') g.setAttribute('style', '--arc-tag: ' + color);
    const path = document.createElementNS(NS, 'path');
    path.setAttribute('d', `M${x1},${y1} C${x1},${top} ${x2},${top} ${x2},${y2 - 1}`);
    path.setAttribute('marker-end', 'url(#arc-head)');
    const label = document.createElementNS(NS, 'text');
    label.setAttribute('x', String((x1 + x2) / 2));
    // On the curve, at its middle (a cubic Bézier's point at t = 1/2), just above it.
    label.setAttribute('y', String(0.125 * (y1 + y2) + 0.75 * top - 3));
    label.setAttribute('text-anchor', 'middle');
    label.textContent = kind;
    g.append(path, label);
    parts.push(g);
  }
  const [w, h] = [String(article.scrollWidth), String(article.scrollHeight)];
  if (svg.getAttribute('width') !== w) svg.setAttribute('width', w);
  if (svg.getAttribute('height') !== h) svg.setAttribute('height', h);
  if (parts.length > 0 || svg.childNodes.length > 0) svg.replaceChildren(...parts);
}
"#)]
extern "C" {
    fn draw_arcs(
        svg: &web_sys::Element,
        article: &web_sys::Element,
        ends: &[u32],
        kinds: &str,
        lens: &[u32],
        colors: &str,
        selected: u32,
    );
}

/// The relations as `draw_arcs` takes them: each relation's two ends, the types joined with
/// their lengths in UTF-16 units (JavaScript's `slice` counts those), and each type's colour
/// (`#rrggbb`, or seven dashes for a type the schema does not declare).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Arcs {
    ends: Vec<u32>,
    kinds: String,
    lens: Vec<u32>,
    colors: String,
    selected: u32,
}

impl Arcs {
    pub fn of(set: &AnnotationSet, schema: &LabelSchema, selected: Option<AnnotationId>) -> Self {
        // Without relations the selection does not matter: nothing is drawn again.
        if set.relations().is_empty() {
            return Arcs::default();
        }
        let mut arcs = Arcs {
            selected: selected.map_or(0, |id| id.0),
            ..Arcs::default()
        };
        for r in set.relations() {
            arcs.ends.extend([r.from.0, r.to.0]);
            arcs.kinds.push_str(&r.kind);
            arcs.lens.push(postil_core::text::utf16_len(&r.kind));
            match schema.relation_type(&r.kind) {
                Some(t) => arcs.colors.push_str(&t.color.to_string()),
                None => arcs.colors.push_str("-------"),
            }
        }
        arcs
    }
}

#[derive(Properties, PartialEq)]
pub struct RelationArcsProps {
    /// What to draw ([`Arcs::of`] the open document's annotations): the arcs hold no
    /// annotation set, so an edit hands the article's paragraphs, and nothing else, a new one.
    pub arcs: Arcs,
    /// The article the arcs are drawn over (their positions are relative to it).
    pub article: NodeRef,
    /// The article's text size: the tags move when it changes, and the arcs with them.
    #[prop_or(100)]
    pub text_size: u16,
}

#[component]
pub fn RelationArcs(props: &RelationArcsProps) -> Html {
    let svg = use_node_ref();
    // What was drawn last, for redrawing on scroll and resize.
    let current = use_mut_ref(Arcs::default);
    let redraw = {
        let (svg, article, current) = (svg.clone(), props.article.clone(), current.clone());
        Rc::new(move || draw(&svg, &article, &current.borrow()))
    };
    {
        let redraw = redraw.clone();
        let current = current.clone();
        let size = use_mut_ref(|| props.text_size);
        use_effect_with(
            (props.arcs.clone(), props.text_size),
            move |(arcs, text_size)| {
                // A document without relations draws nothing, now or on scrolling.
                let resized = std::mem::replace(&mut *size.borrow_mut(), *text_size) != *text_size;
                let changed = *current.borrow() != *arcs || (resized && !arcs.ends.is_empty());
                *current.borrow_mut() = arcs.clone();
                // Once more after this render's other effects: the paragraphs fill their blocks in
                // effects too, and an annotation that arrived with its relation (from another tab,
                // an import or an undo) has no tag to start from until then. (A timeout, not a
                // frame: a tab in the background gets no frames, and would keep no arcs.)
                let again = changed.then(|| {
                    redraw();
                    gloo::timers::callback::Timeout::new(0, move || redraw())
                });
                move || drop(again)
            },
        );
    }
    {
        use_effect_with((), move |_| {
            // At most one redraw a frame, however many scroll events come.
            let waiting = Rc::new(Cell::new(false));
            let schedule = move |_: &web_sys::Event| {
                if current.borrow().ends.is_empty() || waiting.replace(true) {
                    return;
                }
                let (waiting, redraw) = (waiting.clone(), redraw.clone());
                // Freed by the browser's one call to it.
                let frame = Closure::once_into_js(move || {
                    waiting.set(false);
                    redraw();
                });
                if let Some(w) = web_sys::window() {
                    let _ = w.request_animation_frame(frame.unchecked_ref());
                }
            };
            let listeners = web_sys::window().map(|w| {
                [
                    EventListener::new(&w, "scroll", schedule.clone()),
                    EventListener::new(&w, "resize", schedule),
                ]
            });
            move || drop(listeners)
        });
    }
    html! { <svg ref={svg} class="relation-arcs" aria-hidden="true" /> }
}

fn draw(svg: &NodeRef, article: &NodeRef, arcs: &Arcs) {
    if let (Some(svg), Some(article)) = (
        svg.cast::<web_sys::Element>(),
        article.cast::<web_sys::Element>(),
    ) {
        draw_arcs(
            &svg,
            &article,
            &arcs.ends,
            &arcs.kinds,
            &arcs.lens,
            &arcs.colors,
            arcs.selected,
        );
    }
}

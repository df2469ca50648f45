//! An edit renders again only the paragraph it touches, in headless Chromium: the promise that
//! keeps long articles fast.
//!
//! The DOM cannot show this. A paragraph rendered again to the same output makes Yew write
//! nothing, so `e2e/rerender.spec.ts` (which watches the DOM) still passes when every
//! paragraph renders on every edit. What shows it: Yew hands a component new props only when
//! they differ from the ones it holds, and then renders it; when they compare equal, it keeps
//! the old ones and does not render. So once the article is given a new annotation set, the
//! paragraphs holding the new set (in their `BlockAnnotations`) are exactly the ones that
//! rendered again or were mounted anew, and the others still hold the old set. The test
//! counts the holders of each set.
#![cfg(target_arch = "wasm32")]

use postil::components::article::{Article, ArticleProps};
use postil::view::DocView;
use postil_core::edit::label_span;
use postil_core::sample::sample_document;
use postil_core::{AnnotationSet, LabelSchema, Overlaps, Span};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use yew::prelude::*;
use yew::scheduler::flush;

wasm_bindgen_test_configure!(run_in_browser);

struct Fixed {
    view: Rc<DocView>,
    schema: Rc<LabelSchema>,
    hits: Rc<[Span]>,
    on_pointer: Callback<(u32, u32)>,
    on_pick: Callback<postil_core::AnnotationId>,
    on_drag_link: Callback<(postil_core::AnnotationId, postil_core::AnnotationId)>,
}

impl Fixed {
    /// The article's props, as the app gives them: everything the same but the annotations.
    fn props(&self, annotations: &Rc<AnnotationSet>) -> ArticleProps {
        ArticleProps {
            view: self.view.clone(),
            annotations: annotations.clone(),
            schema: self.schema.clone(),
            range: None,
            selected: None,
            hits: self.hits.clone(),
            ghosts: self.hits.clone(),
            on_pointer: self.on_pointer.clone(),
            on_pick: self.on_pick.clone(),
            on_drag_link: self.on_drag_link.clone(),
            text_size: 100,
        }
    }
}

/// The code-point span of the only occurrence of `words` in the document.
fn span_of(view: &DocView, words: &str) -> Span {
    let text = view.doc.text();
    let at = text.find(words).expect("the words are in the sample");
    assert_eq!(text.matches(words).count(), 1, "{words} occurs once");
    let start = text[..at].chars().count() as u32;
    Span::new(start, start + words.chars().count() as u32)
}

#[wasm_bindgen_test]
async fn an_edit_and_its_undo_render_again_only_the_paragraph_they_touch() {
    let fixed = Fixed {
        view: Rc::new(DocView::new(Rc::new(sample_document()))),
        schema: Rc::new(LabelSchema::default_ner()),
        hits: Rc::from(Vec::new()),
        on_pointer: Callback::noop(),
        on_pick: Callback::noop(),
        on_drag_link: Callback::noop(),
    };
    let blocks = fixed.view.blocks.len();
    assert!(blocks > 10, "an article of several paragraphs: {blocks}");
    let document = web_sys::window().and_then(|w| w.document()).unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();

    let before = Rc::new(AnnotationSet::new(fixed.view.doc.char_len()));
    let mut handle =
        yew::Renderer::<Article>::with_root_and_props(root.clone(), fixed.props(&before)).render();
    flush().await;
    // Held here, by the article, and by every block's paragraph.
    assert_eq!(Rc::strong_count(&before), 2 + blocks);

    // Label a word in a paragraph in the middle.
    let span = span_of(&fixed.view, "Kugelman");
    let touched = fixed
        .view
        .blocks
        .iter()
        .position(|b| b.span.covers(span))
        .expect("a block holds the word");
    assert!(0 < touched && touched < blocks - 1, "{touched}");
    let mut labeled = (*before).clone();
    labeled
        .run(|s| label_span(s, span, "PERSON", Overlaps::Allowed))
        .unwrap();
    let labeled = Rc::new(labeled);
    handle.update(fixed.props(&labeled));
    flush().await;
    let block = root
        .query_selector_all("article > .block")
        .unwrap()
        .item(touched as u32)
        .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        .expect("the touched block is drawn");
    assert!(
        block
            .query_selector("[aria-label='PERSON: Kugelman']")
            .unwrap()
            .is_some(),
        "the label is drawn in its paragraph"
    );
    // Held here, by the article and by the touched paragraph; the others kept the old set.
    assert_eq!(
        Rc::strong_count(&labeled),
        3,
        "paragraphs given the new set"
    );
    assert_eq!(Rc::strong_count(&before), 1 + (blocks - 1));

    // Undo: an annotation set equal to the first one, in a new `Rc`, as the reducer makes it.
    let undone = Rc::new((*before).clone());
    handle.update(fixed.props(&undone));
    flush().await;
    assert!(root.query_selector(".tag").unwrap().is_none());
    assert_eq!(Rc::strong_count(&undone), 3, "paragraphs given the new set");
    assert_eq!(Rc::strong_count(&labeled), 1);
    assert_eq!(Rc::strong_count(&before), 1 + (blocks - 1));

    handle.destroy();
    root.remove();
}

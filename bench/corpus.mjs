// The seeded corpus the sync benchmarks use (bench/sync.mjs, bench/sync-browser.mjs): news-like
// documents of about 300 words, some with astral characters (emoji, mathematical letters) and
// combining marks, each with about 10 entity annotations at code-point offsets, checked
// against the text. The same seed always gives the same corpus.
let seed;
function random() {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
const pick = (xs) => xs[Math.floor(random() * xs.length)];
const WORDS = ('the a of to in and said on for with that was by at from as its after over talks ' +
  'government minister officials week year report new security economic agreement meeting ' +
  'according president foreign trade would could during against between market energy prices ' +
  'country region police court vote election budget plan support statement spokesman leaders ' +
  'increase people last first two three million percent since under while before also more').split(' ');
const ENTITIES = {
  PERSON: ['Angela Merkel', 'Sergei Lavrov', 'Zoe\u0308 Ma\u0300rquez', 'José Ramos', 'Nguye\u0302\u0303n Văn An', '𝔐𝔞𝔯𝔦𝔞 Olsen', 'Imran Khan', 'Ngozi Okonjo-Iweala'],
  GPE: ['Washington', 'Moscow', 'Islamabad', 'Sa\u0303o Paulo', '北京', 'Kraków', 'Berlin', 'Nairobi'],
  ORG: ['United Nations', 'World Bank', 'Wilson Center', 'Reuters', 'Crédit Agricole', 'Bundesbank'],
  DATE: ['Tuesday', 'last week', 'March 2024', 'on Friday'],
};
export const LABELS = Object.keys(ENTITIES);
const EXTRAS = ['👩‍👩‍👧', '🇺🇸', '😀', '📈', '𝔼'];
export const COLORS = ['#ffd3a8', '#c7e8ff', '#bfdcff', '#f7f0a1'];

function makeDocument(n) {
  let text = '';
  let length = 0; // in code points
  const annotations = [];
  const add = (s) => {
    text += s;
    length += Array.from(s).length;
  };
  add(`Report ${n + 1}: ${pick(WORDS)} ${pick(WORDS)} ${pick(ENTITIES.GPE)}\n\n`);
  let words = 0;
  while (words < 300) {
    const sentence = 8 + Math.floor(random() * 14);
    for (let i = 0; i < sentence; i++) {
      if (i > 0) add(' ');
      if (annotations.length < 10 && random() < 0.05) {
        const label = pick(LABELS);
        const entity = pick(ENTITIES[label]);
        const start = length;
        add(entity);
        annotations.push({ id: annotations.length + 1, start, end: length, label, text: entity });
      } else if (random() < 0.01) {
        add(pick(EXTRAS));
      } else {
        let w = pick(WORDS);
        if (i === 0) w = w[0].toUpperCase() + w.slice(1);
        add(w);
      }
      words++;
    }
    add(random() < 0.15 ? '.\r\n\r\n' : '. ');
  }
  for (const a of annotations) {
    if (Array.from(text).slice(a.start, a.end).join('') !== a.text) throw new Error('an offset is wrong');
  }
  return { id: `news-${String(n + 1).padStart(4, '0')}`, title: `Report ${n + 1}`, text: text.trimEnd(), annotations };
}


/** `n` documents, the same each time. */
export function makeCorpus(n) {
  seed = 20261207;
  return { documents: Array.from({ length: n }, (_, i) => makeDocument(i)), LABELS, COLORS };
}

/** The corpus as a Postil file by `annotator`. */
export function postilFile(documents, annotator) {
  return JSON.stringify({
    format: 'postil',
    version: 3,
    offset_unit: 'codepoint',
    annotator,
    labels: LABELS.map((name, i) => ({ name, color: COLORS[i], key: name[0].toLowerCase() })),
    documents,
  });
}

// wink-nlp 2 with wink-eng-lite-web-model over every corpus document: canonical JSON Lines.
//
// One line per document, in doc_id order: {"doc_id", "entities": [{"start", "end", "type",
// "text"}]}, offsets in Unicode code points. Types are wink's own (DATE, DURATION, CARDINAL,
// ORDINAL, ...); metadata.json maps them to OntoNotes types. wink gives an entity as a span of
// token indexes; a token's character offset is rebuilt from the tokens' values and the
// spaces before each (which together give back the text exactly: checked, or it fails).
import fs from 'node:fs'
import path from 'node:path'
import winkNLP from 'wink-nlp'
import model from 'wink-eng-lite-web-model'

const nlp = winkNLP(model)
const its = nlp.its

function entities(text) {
  const doc = nlp.readDoc(text)
  const values = doc.tokens().out(its.value)
  const spaces = doc.tokens().out(its.precedingSpaces)
  const starts = []
  let at = 0
  values.forEach((value, i) => {
    at += spaces[i].length
    starts.push(at)
    at += value.length
  })
  if (spaces.map((s, i) => s + values[i]).join('') !== text.slice(0, at) || text.slice(at).trim()) {
    throw new Error('the tokens do not give back the text: offsets cannot be rebuilt')
  }
  const cp = Array.from({ length: text.length + 1 }, (_, i) => Array.from(text.slice(0, i)).length)
  const found = []
  doc.entities().each(e => {
    const [first, last] = e.out(its.span)
    const start = starts[first]
    const end = starts[last] + values[last].length
    found.push({ start: cp[start], end: cp[end], type: e.out(its.type), text: text.slice(start, end) })
  })
  return found
}

const corpus = process.argv[2]
const out = []
for (const name of fs.readdirSync(corpus).filter(n => n.endsWith('.txt')).sort()) {
  const text = fs.readFileSync(path.join(corpus, name), 'utf8')
  out.push(JSON.stringify({ doc_id: name.slice(0, -4), entities: entities(text) }) + '\n')
}
process.stdout.write(out.join(''))

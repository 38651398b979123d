// compromise 14 with compromise-dates 3 over every corpus document: canonical JSON Lines.
//
// One line per document, in doc_id order: {"doc_id", "entities": [{"start", "end", "type",
// "text", "value"?}]}, offsets in Unicode code points. Types are compromise's own (Person,
// Place, Organization, Date); metadata.json maps them to OntoNotes types. A span runs from
// the first matched term's text to the last one's, so the punctuation compromise keeps
// around a term (its "pre" and "post") stays out. A date's value is compromise-dates' own
// resolution (anchored to the dateline, 2010-02-18) written as TIMEX3 when its unit is a
// day, ISO week, month or year; other dates carry none.
import fs from 'node:fs'
import path from 'node:path'
import nlp from 'compromise'
import datesPlugin from 'compromise-dates'

nlp.plugin(datesPlugin)
const TODAY = '2010-02-18'

function isoWeek(day) {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 4 - (d.getUTCDay() || 7)) // the Thursday of its week decides the year
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1)
  const week = Math.ceil(((d - yearStart) / 86400000 + 1) / 7)
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`
}

function timex(dates) {
  if (!dates || !dates.start) return undefined
  const day = dates.start.slice(0, 10)
  switch (dates.unit) {
    case 'day': return day
    case 'week': return isoWeek(day)
    case 'month': return day.slice(0, 7)
    case 'year': return day.slice(0, 4)
    default: return undefined
  }
}

function codePoints(text) {
  // UTF-16 index -> code point index (JavaScript strings count UTF-16 units)
  const map = new Array(text.length + 1)
  let cp = 0
  for (let i = 0; i < text.length; i++) {
    map[i] = cp
    const c = text.charCodeAt(i)
    if (c < 0xd800 || c > 0xdbff) cp++
  }
  map[text.length] = cp
  return map
}

function entities(text) {
  const doc = nlp(text)
  const cp = codePoints(text)
  const found = []
  const add = (match, type, withValue) => {
    for (const j of match.json({ offset: true, terms: { offset: true }, dates: { today: TODAY } })) {
      const first = j.terms[0].offset
      const last = j.terms[j.terms.length - 1].offset
      const start = first.start
      const end = last.start + last.length
      const span = text.slice(start, end)
      if (!span.trim() || span !== span.trim()) throw new Error(`unexpected span ${JSON.stringify(span)} at ${start}`)
      const e = { start: cp[start], end: cp[end], type, text: span }
      const value = withValue ? timex(j.dates) : undefined
      if (value !== undefined) e.value = value
      found.push(e)
    }
  }
  add(doc.people(), 'Person', false)
  add(doc.places(), 'Place', false)
  add(doc.organizations(), 'Organization', false)
  add(doc.dates({ today: TODAY }), 'Date', true)
  return found.sort((a, b) => a.start - b.start || a.end - b.end || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0))
}

const corpus = process.argv[2]
const out = []
for (const name of fs.readdirSync(corpus).filter(n => n.endsWith('.txt')).sort()) {
  const text = fs.readFileSync(path.join(corpus, name), 'utf8')
  out.push(JSON.stringify({ doc_id: name.slice(0, -4), entities: entities(text) }) + '\n')
}
process.stdout.write(out.join(''))

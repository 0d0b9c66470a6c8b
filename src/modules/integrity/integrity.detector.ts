import { CATEGORY_PRIORS, INDICATORS, OFFENCE_GROUPS, type Indicator, type OffenceGroup } from './integrity.lexicon.ts'

/**
 * The uncrimed-incident detector: reads a report's words and says whether it discloses a crime, which offence
 * group it most likely is, and why. Pure and in-process.
 *
 * A logistic model over two kinds of feature, both explainable as "this phrase added so much":
 * - the offence-indicator lexicon (integrity.lexicon.ts), fixed weights from the recording rules;
 * - word and two-word-phrase weights a force learns from its own reviewers' verdicts (`train`), added on top.
 *
 * Words are tokenised with one regular expression and stemmed by a few suffix rules, each distinct word worked
 * out once and cached: wink-nlp's tokeniser and lemmatiser were tried and read about 20 times slower than this on the same
 * narratives, which would have missed the throughput target; the lexicon needs stems, not lemmas with parts of speech.
 */

export interface ModelWeights {
  bias: number
  /** Feature (a stem, or two stems joined by a space) → learnt log-odds weight. */
  weights: Record<string, number>
}

export interface Contribution {
  feature: string
  weight: number
  group: OffenceGroup | null
  reason: string
}

export interface Assessment {
  crimeIndicative: boolean
  score: number
  offenceGroup: OffenceGroup | null
  reasons: string[]
  contributions: Contribution[]
}

/** The shipped model's bias: with no indicator at all, a report reads as not disclosing a crime. */
export const BASE_BIAS = -2
/** Scores at or above this are crime-indicative (chosen for recall; see the README's integrity section). */
export const THRESHOLD = 0.5
const MAX_REASONS = 5

const IRREGULAR: Record<string, string> = {
  stole: 'steal',
  stolen: 'steal',
  broken: 'broke',
  struck: 'strike',
  threw: 'throw',
  thrown: 'throw',
  fought: 'fight',
  bit: 'bite',
  bitten: 'bite',
  beaten: 'beat',
  taken: 'take',
  taking: 'take',
  robbed: 'rob',
  robbing: 'rob',
  mugged: 'mug',
  mugging: 'mug',
  hitting: 'hit',
  fallen: 'fall',
  lying: 'lie',
  left: 'leave',
  leaving: 'leave',
}

/** A word reduced by a few suffix rules, so inflections meet: "punched", "punches", "punching" → "punch". */
export function stem(word: string): string {
  const irregular = IRREGULAR[word]
  let w = irregular ?? word
  if (w.length <= 3) {
    return w
  }
  if (w.endsWith('ies') && w.length > 4) {
    w = `${w.slice(0, -3)}y`
  } else if (w.endsWith('sses')) {
    w = w.slice(0, -2)
  } else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) {
    w = w.slice(0, -1)
  }
  if (w.endsWith('ing') && w.length > 5) {
    w = undouble(w.slice(0, -3))
  } else if (w.endsWith('ed') && w.length > 4) {
    w = undouble(w.slice(0, -2))
  }
  if (w.endsWith('e') && w.length > 4) {
    w = w.slice(0, -1)
  }
  return w
}

function undouble(w: string): string {
  const last = w[w.length - 1]
  return w.length > 3 && last === w[w.length - 2] && last !== 's' && last !== 'l' ? w.slice(0, -1) : w
}

interface Word {
  id: number
  stem: string
  /** Lexicon entries this word meets on its own. */
  hits: Indicator[]
}

interface Lexicon {
  exact: Map<string, Indicator>
  prefixes: Indicator[]
  phrases: Map<string, Indicator>
}

function buildLexicon(indicators: readonly Indicator[]): Lexicon {
  const lexicon: Lexicon = { exact: new Map(), prefixes: [], phrases: new Map() }
  for (const indicator of indicators) {
    if (indicator.term.includes(' ')) {
      const key = indicator.term.split(' ').map(stem).join(' ')
      if (!lexicon.phrases.has(key)) {
        lexicon.phrases.set(key, { ...indicator, term: key })
      }
    } else if (indicator.term.endsWith('*')) {
      lexicon.prefixes.push({ ...indicator, term: indicator.term.slice(0, -1) })
    } else if (!lexicon.exact.has(stem(indicator.term))) {
      lexicon.exact.set(stem(indicator.term), { ...indicator, term: stem(indicator.term) })
    }
  }
  return lexicon
}

const LEXICON = buildLexicon(INDICATORS)
const TOKEN = /[a-z0-9]+(?:'[a-z]+)?/g
const VOCABULARY_LIMIT = 200_000

/** Every distinct word seen, worked out once: its stem, an id for phrase keys, and the lexicon entries it meets. */
class Vocabulary {
  private words = new Map<string, Word>()
  private stems = new Map<string, number>()

  word(token: string): Word {
    let word = this.words.get(token)
    if (word === undefined) {
      if (this.words.size > VOCABULARY_LIMIT) {
        this.words.clear()
      }
      const s = stem(token)
      const exact = LEXICON.exact.get(s)
      const hits = LEXICON.prefixes.filter((p) => token.startsWith(p.term) || s.startsWith(p.term))
      if (exact !== undefined && !hits.some((h) => h.reason === exact.reason)) {
        hits.push(exact)
      }
      word = { id: this.stemId(s), stem: s, hits }
      this.words.set(token, word)
    }
    return word
  }

  stemId(s: string): number {
    let id = this.stems.get(s)
    if (id === undefined) {
      id = this.stems.size
      this.stems.set(s, id)
    }
    return id
  }
}

const vocabulary = new Vocabulary()
/** Two stem ids as one number (ids stay far below 2^22 as the vocabulary is capped). */
const phraseKey = (a: number, b: number) => a * 4_194_304 + b

/** The lexicon's phrases keyed by their two stems' ids, so scoring looks them up without building strings. */
const PHRASES = new Map<number, Indicator>(
  [...LEXICON.phrases].map(([key, indicator]) => {
    const [first, second] = key.split(' ') as [string, string]
    return [phraseKey(vocabulary.stemId(first), vocabulary.stemId(second)), indicator]
  }),
)

const alreadyCounted = (contributions: readonly Contribution[], reason: string) =>
  contributions.some((c) => c.reason === reason)

/** The features of a text: its distinct stems and two-stem phrases (as strings, for training and reasons). */
export function features(text: string): string[] {
  const found = new Set<string>()
  let previous: Word | undefined
  for (const match of text.toLowerCase().matchAll(TOKEN)) {
    const word = vocabulary.word(match[0])
    found.add(word.stem)
    if (previous !== undefined) {
      found.add(`${previous.stem} ${word.stem}`)
    }
    previous = word
  }
  return [...found]
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x))

/**
 * A detector for one force: the shipped lexicon and bias, plus what the force's verdicts taught it (if any).
 * Learnt phrase weights are looked up by stem-id pairs, so scoring allocates no strings per word.
 */
export class Detector {
  private readonly learntWords = new Map<number, number>()
  private readonly learntPhrases = new Map<number, number>()
  private readonly learntNames = new Map<number, string>()

  constructor(readonly learnt: ModelWeights = { bias: 0, weights: {} }) {
    for (const [feature, weight] of Object.entries(learnt.weights)) {
      const parts = feature.split(' ')
      if (parts.length === 1) {
        this.learntWords.set(vocabulary.stemId(parts[0]!), weight)
      } else if (parts.length === 2) {
        const key = phraseKey(vocabulary.stemId(parts[0]!), vocabulary.stemId(parts[1]!))
        this.learntPhrases.set(key, weight)
        this.learntNames.set(key, feature)
      }
    }
  }

  assess(text: string, category?: string | null): Assessment {
    const { logit, contributions } = this.evaluate(text, category)
    const score = sigmoid(logit)
    const crimeIndicative = score >= THRESHOLD
    return {
      crimeIndicative,
      score: Math.round(score * 1000) / 1000,
      offenceGroup: crimeIndicative ? likelyGroup(contributions) : null,
      reasons: reasonsFrom(contributions, crimeIndicative),
      contributions,
    }
  }

  /** The log-odds before the logistic function, and what made it up. */
  evaluate(text: string, category?: string | null): { logit: number; contributions: Contribution[] } {
    const contributions: Contribution[] = []
    const seenLearnt = this.learntWords.size + this.learntPhrases.size > 0 ? new Set<number>() : undefined
    let logit = BASE_BIAS + this.learnt.bias
    const prior = category ? CATEGORY_PRIORS[category] : undefined
    if (prior !== undefined) {
      logit += prior.weight
      contributions.push({
        feature: `category ${category}`,
        weight: prior.weight,
        group: prior.group,
        reason: `it was categorised as ${category}`,
      })
    }
    let previous: Word | undefined
    const lower = text.toLowerCase()
    // One shared global expression: scoring is synchronous, so resetting lastIndex is enough.
    TOKEN.lastIndex = 0
    for (let match = TOKEN.exec(lower); match !== null; match = TOKEN.exec(lower)) {
      const word = vocabulary.word(match[0])
      for (const hit of word.hits) {
        if (!alreadyCounted(contributions, hit.reason)) {
          logit += hit.weight
          contributions.push({ feature: match[0], weight: hit.weight, group: hit.group, reason: hit.reason })
        }
      }
      if (seenLearnt !== undefined && !seenLearnt.has(word.id)) {
        seenLearnt.add(word.id)
        const learnt = this.learntWords.get(word.id)
        if (learnt !== undefined) {
          logit += learnt
          contributions.push({ feature: word.stem, weight: learnt, group: null, reason: LEARNT })
        }
      }
      if (previous !== undefined) {
        logit += this.phrase(previous, word, match[0], contributions, seenLearnt)
      }
      previous = word
    }
    return { logit, contributions }
  }

  private phrase(
    previous: Word,
    word: Word,
    token: string,
    contributions: Contribution[],
    seenLearnt: Set<number> | undefined,
  ): number {
    let added = 0
    const key = phraseKey(previous.id, word.id)
    const hit = PHRASES.get(key)
    if (hit !== undefined && !alreadyCounted(contributions, hit.reason)) {
      added += hit.weight
      contributions.push({
        feature: `${previous.stem} ${token}`,
        weight: hit.weight,
        group: hit.group,
        reason: hit.reason,
      })
    }
    if (seenLearnt !== undefined && this.learntPhrases.size > 0) {
      const learnt = this.learntPhrases.get(key)
      if (learnt !== undefined && !seenLearnt.has(key + PHRASE_OFFSET)) {
        seenLearnt.add(key + PHRASE_OFFSET)
        added += learnt
        contributions.push({ feature: this.learntNames.get(key)!, weight: learnt, group: null, reason: LEARNT })
      }
    }
    return added
  }
}

const LEARNT = 'weighted by this force’s own verdicts'
const PHRASE_OFFSET = 2 ** 52

/** The offence group with the most positive weight behind it. */
function likelyGroup(contributions: readonly Contribution[]): OffenceGroup | null {
  const totals = new Map<OffenceGroup, number>()
  for (const c of contributions) {
    if (c.group !== null && c.weight > 0) {
      totals.set(c.group, (totals.get(c.group) ?? 0) + c.weight)
    }
  }
  // A theft with violence or its threat is a robbery (Home Office Crime Recording Rules, Robbery volume).
  const theft = totals.get('theft') ?? 0
  const force = totals.get('violence-against-the-person') ?? 0
  if (theft > 0 && force > 0 && !totals.has('burglary')) {
    totals.set('robbery', (totals.get('robbery') ?? 0) + theft + force)
  }
  let best: OffenceGroup | null = null
  for (const [group, total] of totals) {
    if (best === null || total > totals.get(best)!) {
      best = group
    }
  }
  return best
}

/** The strongest contributions in the direction of the verdict, as a records officer reads them. */
function reasonsFrom(contributions: readonly Contribution[], crimeIndicative: boolean): string[] {
  return contributions
    .filter((c) => (crimeIndicative ? c.weight > 0 : c.weight < 0))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, MAX_REASONS)
    .map((c) => `“${c.feature}”: ${c.reason} (${c.weight > 0 ? '+' : ''}${c.weight.toFixed(1)})`)
}

export function offenceGroupLabel(group: string | null): string {
  return group === null ? 'Not known' : (OFFENCE_GROUPS[group as OffenceGroup] ?? group)
}

export interface TrainingExample {
  text: string
  category?: string | null | undefined
  crime: boolean
}

/**
 * Learns a force's weights from its reviewed incidents: logistic regression by gradient descent on what the
 * lexicon model gets wrong (its log-odds for each example are worked out once and held fixed), over each
 * example's distinct stems and two-stem phrases, with L2 shrinkage so a handful of verdicts moves only the words
 * they share. Deterministic (full batch, fixed order): the same verdicts always give the same model.
 */
export function train(examples: readonly TrainingExample[], options = { epochs: 60, rate: 2, l2: 0.01 }): ModelWeights {
  const lexicon = new Detector()
  const rows = examples.map((e) => ({
    features: features(e.text),
    target: e.crime ? 1 : 0,
    base: lexicon.evaluate(e.text, e.category).logit,
  }))
  const weights = new Map<string, number>()
  let bias = 0
  const n = Math.max(rows.length, 1)
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const gradient = new Map<string, number>()
    let biasGradient = 0
    for (const row of rows) {
      let z = row.base + bias
      for (const feature of row.features) {
        z += weights.get(feature) ?? 0
      }
      const error = sigmoid(z) - row.target
      biasGradient += error
      for (const feature of row.features) {
        gradient.set(feature, (gradient.get(feature) ?? 0) + error)
      }
    }
    bias -= (options.rate * biasGradient) / n / 4
    for (const [feature, g] of gradient) {
      const w = weights.get(feature) ?? 0
      weights.set(feature, w - options.rate * (g / n + options.l2 * w))
    }
  }
  const kept: Record<string, number> = {}
  for (const [feature, w] of weights) {
    if (Math.abs(w) >= 0.01) {
      kept[feature] = Math.round(w * 1000) / 1000
    }
  }
  return { bias: Math.round(bias * 1000) / 1000, weights: kept }
}

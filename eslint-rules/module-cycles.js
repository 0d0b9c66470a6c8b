// @ts-check
/**
 * `tally/no-module-cycle`: modules must not import each other, directly or round a longer loop, counting
 * `import type` too. import-x/no-cycle skips type-only imports (they vanish at run time), but two modules that
 * need each other's types still cannot be understood, tested or moved apart one at a time.
 *
 * The graph is every import between src/modules/<module>/ folders in non-test source, read once per lint run.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

const SPECIFIER = /\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g

/** @type {Map<string, Map<string, Set<string>>>} modules root → module → modules it imports */
const graphs = new Map()

/** @param {string} file */
function isTest(file) {
  return file.endsWith('.test.ts')
}

/**
 * @param {string} modulesRoot
 * @param {string} file
 * @returns {string | undefined} the module a path is inside
 */
function moduleOf(modulesRoot, file) {
  const relative = path.relative(modulesRoot, file)
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    return undefined
  }
  const [name, ...rest] = relative.split(path.sep)
  return rest.length > 0 ? name : undefined
}

/** @param {string} modulesRoot */
function graphOf(modulesRoot) {
  let graph = graphs.get(modulesRoot)
  if (graph) {
    return graph
  }
  graph = new Map()
  for (const entry of readdirSync(modulesRoot, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name)
    if (!entry.isFile() || !entry.name.endsWith('.ts') || isTest(file)) {
      continue
    }
    const from = moduleOf(modulesRoot, file)
    if (from === undefined) {
      continue
    }
    const edges = graph.get(from) ?? new Set()
    graph.set(from, edges)
    for (const match of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const specifier = match[1] ?? match[2] ?? ''
      const to = specifier.startsWith('.')
        ? moduleOf(modulesRoot, path.resolve(path.dirname(file), specifier))
        : undefined
      if (to !== undefined && to !== from) {
        edges.add(to)
      }
    }
  }
  graphs.set(modulesRoot, graph)
  return graph
}

/**
 * The shortest way from `start` back to `goal`, if any.
 * @param {Map<string, Set<string>>} graph
 * @param {string} start
 * @param {string} goal
 * @returns {string[] | undefined}
 */
function pathBack(graph, start, goal) {
  /** @type {Map<string, string | undefined>} */
  const cameFrom = new Map([[start, undefined]])
  const queue = [start]
  while (queue.length > 0) {
    const current = /** @type {string} */ (queue.shift())
    if (current === goal) {
      const route = []
      for (let at = /** @type {string | undefined} */ (current); at !== undefined; at = cameFrom.get(at)) {
        route.unshift(at)
      }
      return route
    }
    for (const next of graph.get(current) ?? []) {
      if (!cameFrom.has(next)) {
        cameFrom.set(next, current)
        queue.push(next)
      }
    }
  }
  return undefined
}

/** @type {import('eslint').Rule.RuleModule} */
const noModuleCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'Modules under src/modules must not import each other in a loop (type imports included).' },
    schema: [],
    messages: {
      cycle: 'Modules import each other in a loop: {{route}}. Move what both need to one side or to platform/.',
    },
  },
  create(context) {
    const file = context.filename
    const modulesRoot = path.join(context.cwd, 'src', 'modules')
    const from = moduleOf(modulesRoot, file)
    if (from === undefined || isTest(file)) {
      return {}
    }
    /** @param {import('estree').ImportDeclaration | import('estree').ExportNamedDeclaration | import('estree').ExportAllDeclaration | import('estree').ImportExpression} node */
    const check = (node) => {
      const source = node.source
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string' || !source.value.startsWith('.')) {
        return
      }
      const to = moduleOf(modulesRoot, path.resolve(path.dirname(file), source.value))
      if (to === undefined || to === from) {
        return
      }
      const back = pathBack(graphOf(modulesRoot), to, from)
      if (back) {
        context.report({ node: source, messageId: 'cycle', data: { route: [from, ...back].join(' → ') } })
      }
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    }
  },
}

export default { meta: { name: 'tally' }, rules: { 'no-module-cycle': noModuleCycle } }

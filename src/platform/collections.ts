/** Items grouped by a key, in first-seen order (Map.groupBy, which Node.js 20 lacks). */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group) {
      group.push(item)
    } else {
      groups.set(k, [item])
    }
  }
  return groups
}

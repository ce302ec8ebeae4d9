// The part of Json.NET's JObject.SelectToken that the validator's property names use: dotted names, [n] indexes
// and [start:end] slices (`AncestorsWithRootFirst[-1:].Url`). Like SelectToken, a missing step yields undefined
// and a path that matches several tokens is an error.

type Step = { name: string } | { index: number } | { slice: [number | null, number | null] }

export class JsonPathError extends Error {}

export function selectToken(root: unknown, path: string): unknown {
  let current: unknown[] = [root]
  for (const step of parsePath(path)) {
    const next: unknown[] = []
    for (const token of current) {
      if ('name' in step) {
        if (isObject(token) && Object.hasOwn(token, step.name)) next.push(token[step.name])
      } else if ('index' in step) {
        if (Array.isArray(token) && step.index >= 0 && step.index < token.length) next.push(token[step.index])
      } else if (Array.isArray(token)) {
        next.push(...sliceOf(token, step.slice))
      }
    }
    current = next
  }
  if (current.length > 1) throw new JsonPathError(`path "${path}" matches ${current.length} values, expected one`)
  return current[0]
}

function sliceOf(array: unknown[], [start, end]: [number | null, number | null]): unknown[] {
  const length = array.length
  const from = start === null ? 0 : start < 0 ? Math.max(length + start, 0) : Math.min(start, length)
  const to = end === null ? length : end < 0 ? Math.max(length + end, 0) : Math.min(end, length)
  return array.slice(from, Math.max(from, to))
}

const cache = new Map<string, Step[]>()

export function parsePath(path: string): Step[] {
  const cached = cache.get(path)
  if (cached) return cached
  const steps: Step[] = []
  let rest = path.startsWith('$') ? path.slice(1) : path
  while (rest.length > 0) {
    if (rest.startsWith('.')) rest = rest.slice(1)
    const bracket = /^\[\s*(?:'([^']*)'|(-?\d+)|(-?\d*)\s*:\s*(-?\d*))\s*\]/.exec(rest)
    if (bracket) {
      if (bracket[1] !== undefined) steps.push({ name: bracket[1] })
      else if (bracket[2] !== undefined) steps.push({ index: Number(bracket[2]) })
      else steps.push({ slice: [bracket[3] ? Number(bracket[3]) : null, bracket[4] ? Number(bracket[4]) : null] })
      rest = rest.slice(bracket[0].length)
      continue
    }
    const name = /^[^.[\]]+/.exec(rest)
    if (!name) throw new JsonPathError(`cannot read JSON path "${path}" at "${rest}"`)
    steps.push({ name: name[0] })
    rest = rest.slice(name[0].length)
  }
  cache.set(path, steps)
  return steps
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

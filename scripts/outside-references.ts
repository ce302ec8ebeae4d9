import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'

// Finds paths in test and script sources that lead outside the repository, so a clone with nothing beside it
// runs every test. Three shapes are recognised, the ones this code base uses to reach files:
//   - a relative path literal ('../x', './x', '..', or the start of `../${name}`), resolved from the file's
//     folder as `new URL(path, import.meta.url)` and imports do;
//   - join/resolve(<repository root variable>, '..', ...) and join/resolve(__dirname or here, '..', ...);
//   - an absolute path literal inside the folder that holds the repository.
// A shell script (.ci/run) runs from the repository root after its `cd "$(dirname "$0")/.."`, so any `../` in
// it leads outside.

export interface OutsideReference {
  /** repository-relative path of the file, with forward slashes */
  file: string
  line: number
  text: string
  /** where it leads, relative to the repository root */
  leadsTo: string
}

const ROOT_VARIABLE = /^(?:repo|root|repoRoot|repositoryRoot|REPO|ROOT|REPO_ROOT)$/
const HERE_VARIABLE = /^(?:__dirname|here)$/
const RELATIVE_LITERAL = /(['"`])((?:\.\.?\/)+[^'"`$\s]*|\.\.?)(?=['"`$])/g
const JOINED_SEGMENTS = /\b(?:join|resolve)\(\s*([A-Za-z_$][\w$]*)((?:\s*,\s*(?:'[^']*'|"[^"]*"))+)/g

const outside = (root: string, target: string): boolean => {
  const fromRoot = relative(root, target)
  return fromRoot === '..' || fromRoot.startsWith('..' + sep) || isAbsolute(fromRoot)
}

const lineOf = (source: string, index: number): number => source.slice(0, index).split('\n').length

/** The references of one file (path relative to `root`) that lead outside `root`. */
export function findOutsideReferences(root: string, file: string, source: string): OutsideReference[] {
  const found: OutsideReference[] = []
  const folder = dirname(join(root, file))
  const report = (index: number, text: string, target: string) =>
    found.push({ file: file.split(sep).join('/'), line: lineOf(source, index), text, leadsTo: relative(root, target) })

  if (/\.(?:ts|tsx|mts|cts|js|mjs|cjs)$/.test(file)) {
    for (const match of source.matchAll(RELATIVE_LITERAL)) {
      const target = resolve(folder, match[2]!)
      if (outside(root, target)) report(match.index, match[0], target)
    }
    for (const match of source.matchAll(JOINED_SEGMENTS)) {
      const base = ROOT_VARIABLE.test(match[1]!) ? root : HERE_VARIABLE.test(match[1]!) ? folder : null
      if (base === null) continue
      const segments = [...match[2]!.matchAll(/'([^']*)'|"([^"]*)"/g)].map((segment) => segment[1] ?? segment[2]!)
      const target = resolve(base, ...segments)
      if (outside(root, target)) report(match.index, match[0], target)
    }
  } else {
    const withoutSelf = source.replaceAll('"$(dirname "$0")/..', '"$(dirname "$0")')
    for (const match of withoutSelf.matchAll(/(?:^|[\s"'=:])(\.\.\/[^\s"']*)/g)) {
      report(match.index, match[1]!, resolve(root, match[1]!))
    }
  }

  const parent = dirname(root)
  if (parent !== dirname(parent)) {
    // an absolute path beside the repository (e.g. a sibling checkout), however it is spelled in the file
    const escaped = parent.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    for (const match of source.matchAll(new RegExp(`(?<=^|[\\s'"\`=(])${escaped}/[^'"\`\\s)]*`, 'gm'))) {
      const target = match[0]
      if (outside(root, target)) report(match.index, target, target)
    }
  }
  return found
}

/** Whether a repository-relative path is a test, test helper, script or CI file, i.e. one the check covers. */
export function isTestOrScript(file: string): boolean {
  const path = file.split(sep).join('/')
  return (
    /^(?:e2e|bench|scripts|fixtures|\.ci)\//.test(path) ||
    /\.(?:test|spec)\.(?:ts|tsx|mts|mjs|js)$/.test(path) ||
    /(?:^|\/)(?:test-support|testing)\//.test(path) ||
    /(?:^|\/)test-kit\.ts$/.test(path) ||
    /^(?:vitest|playwright|playwright\.electron)\.config\.ts$/.test(path) ||
    path === 'package.json'
  )
}

// Runs electronegativity on the built output and fails on any finding above INFORMATIONAL that is not
// answered by a reviewed suppression in security/electronegativity-reviewed.json (each with its reason).
// electronegativity always exits 0, so the gate reads its reports (stack-notes section 5).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const outDir = join(root, '.ci-results')
mkdirSync(outDir, { recursive: true })
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version

function scan(output) {
  const result = spawnSync(
    join(root, 'node_modules', '.bin', 'electronegativity'),
    ['-i', 'out', '-e', electronVersion, '-r', '-v', 'false', '-x', 'AvailableSecurityFixesGlobalCheck', '-o', output],
    { cwd: root, encoding: 'utf8' },
  )
  if (!existsSync(output)) {
    process.stderr.write(`electronegativity produced no report:\n${result.stdout}\n${result.stderr}\n`)
    process.exit(1)
  }
  return readFileSync(output, 'utf8')
}

// The SARIF report lists every finding reliably (rule, file, line) but has no severity. The CSV has the severity,
// but writes code samples unescaped and can mangle a row; a finding whose severity cannot be read from it is
// treated as above INFORMATIONAL, so it must be reviewed.
const sarif = JSON.parse(scan(join(outDir, 'electronegativity.sarif')))
const csv = scan(join(outDir, 'electronegativity.csv'))
const severities = new Map()
for (const m of csv.matchAll(
  /^"?([A-Z0-9_]+_CHECK)"?,"?(INFORMATIONAL|LOW|MEDIUM|HIGH|CRITICAL)"?,"?(?:CERTAIN|FIRM|TENTATIVE)"?,"?([^,"\n]+)"?,"?(\d+):\d+"?,/gm,
)) {
  severities.set(`${m[1]} ${m[3]} ${m[4]}`, m[2])
}
const findings = (sarif.runs ?? []).flatMap((run) =>
  (run.results ?? []).map((r) => {
    const location = r.locations?.[0]?.physicalLocation
    const file = location?.artifactLocation?.uri ?? '?'
    const line = location?.region?.startLine ?? 0
    return { issue: r.ruleId, file, location: String(line), severity: severities.get(`${r.ruleId} ${file} ${line}`) ?? 'UNKNOWN' }
  }),
)

const reviewedFile = join(root, 'security', 'electronegativity-reviewed.json')
const reviewed = existsSync(reviewedFile) ? JSON.parse(readFileSync(reviewedFile, 'utf8')).reviewed : []
const isReviewed = (f) =>
  reviewed.some((r) => r.issue === f.issue && (!r.file || f.file.endsWith(r.file)) && typeof r.reason === 'string' && r.reason.length > 20)

const serious = findings.filter((f) => f.severity !== 'INFORMATIONAL')
const open = serious.filter((f) => !isReviewed(f))
for (const f of serious) {
  process.stdout.write(`${isReviewed(f) ? 'reviewed' : 'OPEN    '} ${f.severity} ${f.issue} ${f.file}:${f.location}\n`)
}
process.stdout.write(`electronegativity: ${findings.length} findings, ${serious.length} above informational, ${open.length} not reviewed\n`)
process.exit(open.length === 0 ? 0 : 1)

// Runs electronegativity on the built output and fails on any finding above INFORMATIONAL that is not
// answered by a reviewed suppression in security/electronegativity-reviewed.json (each with its reason).
// electronegativity always exits 0, so the gate reads its CSV (stack-notes section 5).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const outDir = join(root, '.ci-results')
mkdirSync(outDir, { recursive: true })
const csv = join(outDir, 'electronegativity.csv')
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version

const result = spawnSync(
  join(root, 'node_modules', '.bin', 'electronegativity'),
  ['-i', 'out', '-e', electronVersion, '-r', '-v', 'false', '-x', 'AvailableSecurityFixesGlobalCheck', '-o', csv],
  { cwd: root, encoding: 'utf8' },
)
if (!existsSync(csv)) {
  process.stderr.write(`electronegativity produced no report:\n${result.stdout}\n${result.stderr}\n`)
  process.exit(1)
}

function parseCsv(text) {
  const rows = []
  let row = [], field = '', quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++ }
      else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') { row.push(field); field = '' }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = '' }
    else if (c !== '\r') field += c
  }
  if (field || row.length) { row.push(field); rows.push(row) }
  return rows
}

const [header, ...rows] = parseCsv(readFileSync(csv, 'utf8')).filter((r) => r.length > 1)
const col = (name) => header.findIndex((h) => h.trim().toLowerCase() === name)
const findings = rows.map((r) => ({
  issue: r[col('issue')],
  file: r[col('filename')],
  location: r[col('location')],
  severity: r[col('severity')],
  confidence: r[col('confidence')],
  description: r[col('description')],
}))

const reviewedFile = join(root, 'security', 'electronegativity-reviewed.json')
const reviewed = existsSync(reviewedFile) ? JSON.parse(readFileSync(reviewedFile, 'utf8')).reviewed : []
const isReviewed = (f) =>
  reviewed.some((r) => r.issue === f.issue && (!r.file || f.file.endsWith(r.file)) && typeof r.reason === 'string' && r.reason.length > 20)

const serious = findings.filter((f) => f.severity && f.severity.toUpperCase() !== 'INFORMATIONAL')
const open = serious.filter((f) => !isReviewed(f))
for (const f of serious) {
  process.stdout.write(`${isReviewed(f) ? 'reviewed' : 'OPEN    '} ${f.severity} ${f.issue} ${f.file}:${f.location}\n`)
}
process.stdout.write(`electronegativity: ${findings.length} findings, ${serious.length} above informational, ${open.length} not reviewed\n`)
process.exit(open.length === 0 ? 0 : 1)

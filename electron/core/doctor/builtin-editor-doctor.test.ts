import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createBuiltinEditor, type BuiltinEditor } from '../builtin-editor/builtin-editor'
import { silentLog, systemClock, systemRandom } from '../deps'
import { runDoctor } from './run-doctor'
import { startDoctorHarness, type DoctorHarness } from './test-support/doctor-harness'

// The whole doctor against WOPI Desk's own editor (a real WOPI client with proof keys, on its own origin) and
// the real host with proofs required: a healthy local setup must come out without a single failure.

let h: DoctorHarness
let editor: BuiltinEditor
let editorDir: string

beforeEach(async () => {
  editorDir = await mkdtemp(join(tmpdir(), 'wopi-desk-doctor-builtin-'))
  await mkdir(join(editorDir, 'renderer'))
  await writeFile(join(editorDir, 'renderer', 'editor.html'), '<!doctype html><title>editor</title>')
  editor = await createBuiltinEditor({
    dataDir: join(editorDir, 'data'),
    staticDir: join(editorDir, 'renderer'),
    clock: systemClock,
    random: systemRandom,
    log: silentLog,
    maintenanceIntervalMs: 3_600_000,
    leaveWaitMs: 200,
  })
  h = await startDoctorHarness({ proofs: true, files: { 'notes.txt': 'hello\n' } })
  h.host.desk.settings.update({ hostPageOrigin: new URL(h.host.desk.wopiBase()).origin })
})
afterEach(async () => {
  await editor.close()
  await h.close()
  await rm(editorDir, { recursive: true, force: true })
})

it('a healthy setup with the built-in editor: no failures, the canary verified by proof, nothing left behind', async () => {
  const endpointId = await h.addEditor(editor.discoveryUrl)
  const report = await runDoctor(h.deps, { store: null })
  const failures = report.checks.filter((check) => check.status === 'fail')
  expect(failures).toEqual([])
  const of = (id: string) => report.checks.find((check) => check.id === id && check.endpointId === endpointId)!
  expect(of('discovery.reachable').status).toBe('pass')
  expect(of('host.reachable-from-editor').status).toBe('pass')
  expect(of('host.reachable-from-editor').detail).toContain('called CheckFileInfo on this host')
  expect(of('editor.framing').status).toBe('pass')
  expect(of('proof.keys').status).toBe('pass')
  expect(of('discovery.formats').status).toBe('skip')
  // The canary's CheckFileInfo was proof-signed by the editor and verified by the host.
  const canaryRows = h.host.desk.requestLog
    .recent({ operation: 'CheckFileInfo' })
    .filter((row) => row.fileName?.startsWith('.wopi-desk-doctor-'))
  expect(canaryRows.some((row) => row.client === 'WOPI Desk editor' && row.proof === 'current' && row.status === 200)).toBe(true)
  expect(await readdir(h.host.root)).toEqual(['notes.txt'])
})

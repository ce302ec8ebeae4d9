import { generateKeyPairSync } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DoctorReport } from '../../../contract/dto'
import { createCatalogRepo } from '../../db/catalog-repo'
import { signProof, unixMsToTicks } from '../../wopi/proof-keys'
import { wopi } from '../../wopi/test-kit'
import { startDoctorHarness, type DoctorHarness } from '../test-support/doctor-harness'
import { startFakeEditor, type FakeEditor } from '../test-support/fake-editor'
import { buildDiagnosticsReport, reportJson } from './diagnostics-report'
import { createPathRedactor } from './path-redactor'

// The diagnostics report leaves the computer: known secrets are planted everywhere the report draws from (the
// traffic log, editor errors and notes, a doctor run) and searched for in the finished file.

const CONTENTS = 'TOP-SECRET-CONTENT-4711 quarterly numbers'
const HOME = '/home/planted-user'

let h: DoctorHarness
let fake: FakeEditor
beforeEach(async () => {
  h = await startDoctorHarness({ files: { 'Secret.docx': `PK\x03\x04 ${CONTENTS}`, 'Team/Plan.odt': 'PK\x03\x04 plan' } })
  fake = await startFakeEditor()
})
afterEach(async () => {
  await fake.close()
  await h.close()
})

describe('diagnostics report', () => {
  it('carries versions, settings, catalog, doctor results and requests, and none of the planted secrets', async () => {
    const endpointId = await h.addEditor(fake.discoveryUrl)
    // Real traffic: a document opened and downloaded with real tokens (the router already keeps them out of the log).
    const access = await h.host.token('Secret.docx')
    expect((await wopi(access)).status).toBe(200)
    const download = await wopi(access, { path: '/contents' })
    expect(download.text()).toContain(CONTENTS)

    // Planted: a token in a URL and in a log line, a proof header value, paths outside the served folder.
    const plantedToken = 'PlantedTok3n_abcdefghijklmnopqrstuvwxyz0123'
    const secondToken = 'Zq8-Second_Token_value_9876543210ABCDEFGHij'
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const proof = signProof(keys.privateKey, plantedToken, 'http://x/wopi/files/1', unixMsToTicks(Date.now()))
    const outside = join(tmpdir(), 'outside-served-folder-xyz', 'budget.xlsx')
    h.host.desk.requestLog.record({
      ts: h.host.clock.now(),
      operation: 'PutFile',
      method: 'POST',
      fileId: access.fileId,
      fileName: 'Secret.docx',
      userId: 'u1',
      sessionId: null,
      wopiSessionId: null,
      correlationId: null,
      client: 'Collabora',
      status: 500,
      durationMs: 3,
      lockId: null,
      oldLockId: null,
      proof: null,
      error: `internal error writing ${outside} for Bearer ${secondToken}; X-WOPI-Proof: ${proof}`,
      details: { path: `/wopi/files/${access.fileId}/contents?access_token=${plantedToken}`, note: `token was ${secondToken}` },
    })
    const store = createCatalogRepo(h.host.desk.db)
    store.recordFailure(
      endpointId,
      h.host.clock.now(),
      `refresh failed: ${fake.origin}/hosting/discovery?access_token=${plantedToken} (C:\\Users\\alex\\AppData\\Local\\wopi-desk\\log.txt)`,
    )
    store.setNotes(endpointId, [`The certificate file ${HOME}/certs/editor.pem could not be read.`])
    const doctor: DoctorReport = {
      runId: 'run-1',
      startedAt: h.host.clock.now(),
      finishedAt: h.host.clock.now(),
      checks: [
        {
          id: 'host.data-dir',
          title: 'The data folder is writable',
          endpointId: null,
          status: 'pass',
          detail: `The data folder ${h.host.dataDir} is writable.`,
          fix: '',
        },
        {
          id: 'host.served-folder',
          title: 'Served folder',
          endpointId: null,
          status: 'warn',
          detail: `${h.host.root}/Team/Plan.odt is fine; ${HOME}/Desktop/notes.txt is not served`,
          fix: `See ${HOME}/.config`,
        },
      ],
    }

    const report = await buildDiagnosticsReport({
      desk: h.host.desk,
      catalog: h.catalog,
      doctor,
      env: { appVersion: '9.8.7', electronVersion: '45.5.0', chromeVersion: '140.0.0.0', homeDir: HOME },
      now: Date.UTC(2025, 2, 1, 10, 20, 30),
    })
    const text = report.text
    expect(report.fileName).toBe('wopi-desk-report-20250301-102030.txt')

    for (const secret of [
      plantedToken,
      secondToken,
      access.accessToken,
      proof,
      proof.slice(0, 40),
      CONTENTS,
      outside,
      h.host.root,
      h.host.dataDir,
      HOME,
      'C:\\Users\\alex',
      'alex\\AppData',
    ]) {
      expect(text, `the report contains ${secret.slice(0, 30)}`).not.toContain(secret)
    }
    // And nothing of the served folder's absolute path, the data folder or the user's home in any form.
    expect(text).not.toContain(tmpdir() + '/wopi-desk-test-')

    const json = reportJson(text)
    expect(json).toMatchObject({
      format: 'wopi-desk-diagnostics/1',
      app: { version: '9.8.7', electron: '45.5.0', chrome: '140.0.0.0', node: process.versions.node },
      os: { platform: process.platform, arch: process.arch },
      settings: { root: '<served folder>', dataDir: '<data folder>', userName: '<user name>' },
    })
    const catalog = json['catalog'] as Record<string, unknown>[]
    expect(catalog[0]).toMatchObject({ id: endpointId, kind: 'collabora', proofKeys: 'no', apps: 4 })
    expect(String(catalog[0]!['lastError'])).toContain('access_token=<redacted>')
    expect(String(catalog[0]!['lastError'])).toContain('<path outside the served folder>')
    expect((catalog[0]!['notes'] as string[])[0]).toBe('The certificate file <home> could not be read.')
    const checks = (json['doctor'] as { checks: { detail: string }[] }).checks
    expect(checks[0]!.detail).toBe('The data folder <data folder> is writable.')
    expect(checks[1]!.detail).toBe('<served folder>/Team/Plan.odt is fine; <home> is not served')
    const requests = json['requests'] as { operation: string; fileName: string; error: string | null; details: Record<string, string> }[]
    expect(requests.map((request) => request.operation)).toEqual(['PutFile', 'GetFile', 'CheckFileInfo'])
    expect(requests[0]!.details['path']).toBe(`/wopi/files/${access.fileId}/contents?access_token=<redacted>`)
    expect(requests[0]!.error).toContain('<path outside the served folder>')
    expect(requests[0]!.error).toContain('Bearer <redacted>')
    expect(requests[1]!.fileName).toBe('Secret.docx')
    expect(text).toContain('Recent errors (2):')
    expect(text).toContain('WARN Served folder: <served folder>/Team/Plan.odt is fine')
  })
})

describe('path redactor', () => {
  const redact = createPathRedactor({ root: '/home/alex/Documents', dataDir: '/home/alex/.config/wopi-desk', home: '/home/alex' })
  it.each([
    ['/home/alex/Documents/Team/Plan.odt', '<served folder>/Team/Plan.odt'],
    ['/home/alex/Documents', '<served folder>'],
    ['/home/alex/DocumentsOld/x', '<home>'],
    ['/home/alex/.config/wopi-desk/versions/1', '<data folder>'],
    ['file /srv/share/budget.xlsx missing', 'file <path outside the served folder> missing'],
    ['D:\\Work\\budget.xlsx', '<path outside the served folder>'],
    ['\\\\server\\share\\x.docx', '<path outside the served folder>'],
    ['GET /wopi/files/abc/contents', 'GET /wopi/files/abc/contents'],
    [
      'http://127.0.0.1:17890/wopi/files/abc and https://docs.example/browser/x/cool.html',
      'http://127.0.0.1:17890/wopi/files/abc and https://docs.example/browser/x/cool.html',
    ],
    ['set "wopi" in /etc/onlyoffice/documentserver/local.json', 'set "wopi" in /etc/onlyoffice/documentserver/local.json'],
  ])('%s -> %s', (input, expected) => {
    expect(redact(input)).toBe(expected)
  })
})

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { createDocumentIntake, documentPathOf, documentsInArgv } from './document-intake'

const dir = mkdtempSync(join(tmpdir(), 'wopi-desk-intake-'))
mkdirSync(join(dir, 'sub dir'))
const report = join(dir, 'sub dir', 'Q3 report (final).odt')
writeFileSync(report, 'x')
writeFileSync(join(dir, 'notes.txt'), 'x')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('documents in a launch argv', () => {
  it('resolves relative paths against the sender’s working directory, not ours', () => {
    expect(documentsInArgv(['/usr/bin/wopi-desk', 'notes.txt'], { cwd: dir })).toEqual([join(dir, 'notes.txt')])
    expect(documentsInArgv(['/usr/bin/wopi-desk', 'notes.txt'], { cwd: join(dir, 'sub dir') })).toEqual([])
  })

  it('takes file:// URIs as file managers pass them (%U, percent-encoded)', () => {
    const uri = pathToFileURL(report).href
    expect(uri).toContain('%20')
    expect(documentsInArgv(['wopi-desk', uri], { cwd: '/' })).toEqual([report])
  })

  it('drops flags, other URI schemes, folders, missing files, the app itself and duplicates', () => {
    const argv = [
      'electron',
      dir,
      '--port=0',
      '-psn_0_123',
      'smb://server/share/a.odt',
      join(dir, 'gone.odt'),
      join(dir, 'out', 'main', 'index.js'),
      report,
      report,
    ]
    expect(documentsInArgv(argv, { cwd: dir, appPaths: [dir] })).toEqual([report])
  })

  it('refuses a malformed file URI instead of guessing', () => {
    expect(documentPathOf('file://remote-host/share/a.odt', { cwd: dir, exists: () => true })).toBe(
      process.platform === 'win32' ? '\\\\remote-host\\share\\a.odt' : null,
    )
  })
})

describe('the document intake', () => {
  it('keeps documents that arrive before the app is ready and opens them in arrival order, then later ones at once', async () => {
    const opened: string[] = []
    const intake = createDocumentIntake(() => undefined)
    intake.add('/a.odt')
    intake.add('/b.odt')
    intake.add('/a.odt')
    expect(intake.pending()).toEqual(['/a.odt', '/b.odt'])
    expect(opened).toEqual([])
    await intake.ready(async (path) => void opened.push(path))
    expect(opened).toEqual(['/a.odt', '/b.odt'])
    expect(intake.pending()).toEqual([])
    intake.add('/c.odt')
    await new Promise((done) => setTimeout(done, 0))
    expect(opened).toEqual(['/a.odt', '/b.odt', '/c.odt'])
  })

  it('reports a document that failed to open and goes on with the next', async () => {
    const failed: string[] = []
    const opened: string[] = []
    const intake = createDocumentIntake((path) => failed.push(path))
    intake.add('/bad.odt')
    intake.add('/good.odt')
    await intake.ready(async (path) => {
      if (path === '/bad.odt') throw new Error('no')
      opened.push(path)
    })
    expect(failed).toEqual(['/bad.odt'])
    expect(opened).toEqual(['/good.odt'])
  })
})

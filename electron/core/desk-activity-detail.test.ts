import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDesk, type Desk } from './desk'
import { testDeskOptions } from './desk-test-options'
import { wopi } from './wopi/test-kit'
import { requestById } from './db/request-log-repo'

// Activity's detail panel: one request in full (headers both ways, the start of a JSON answer, timing), with no
// token anywhere; and conformance traffic tagged so Errors and the report can leave it out.

describe('a request in detail', () => {
  let base: string
  let desk: Desk | null = null
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'wopi-desk-activity-'))
    await mkdir(join(base, 'Documents'))
    await writeFile(join(base, 'Documents', 'notes.md'), '# Notes\n')
    desk = await createDesk(testDeskOptions(base))
  })
  afterEach(async () => {
    await desk?.close()
    desk = null
    await rm(base, { recursive: true, force: true })
  })

  it('shows headers, the start of the answer and the timing, redacted', async () => {
    const access = await desk!.host.issueToken('notes.md', { write: true })
    const info = await wopi(access, { headers: { 'X-WOPI-CorrelationId': 'corr-1', Authorization: `Bearer ${access.accessToken}` } })
    expect(info.status).toBe(200)
    const [row] = await desk!.api['activity:recent']({ operation: 'CheckFileInfo' })
    const detail = await desk!.api['activity:request-detail'](row!.id)
    expect(detail.request).toMatchObject({ operation: 'CheckFileInfo', status: 200, correlationId: 'corr-1' })
    expect(detail.details?.requestHeaders).toMatchObject({ 'x-wopi-correlationid': 'corr-1' })
    expect(detail.details?.requestHeaders).not.toHaveProperty('authorization')
    expect(detail.details?.responseHeaders?.['content-type']).toMatch(/application\/json/)
    expect(detail.details?.responseBody).toContain('"BaseFileName": "notes.md"')
    expect(JSON.stringify(detail)).not.toContain(access.accessToken)
    await expect(desk!.api['activity:request-detail'](999_999)).rejects.toMatchObject({ code: 'not-found' })
  })

  it('stores compact rows and keeps the headers of recent requests in memory', async () => {
    const access = await desk!.host.issueToken('notes.md')
    expect((await wopi(access, { headers: { 'X-WOPI-CorrelationId': 'corr-2' } })).status).toBe(200)
    const [row] = await desk!.api['activity:recent']({ operation: 'CheckFileInfo' })
    const stored = requestById(desk!.host.db, row!.id)
    expect(stored?.details).toMatchObject({ path: expect.stringContaining('access_token=REDACTED') })
    expect(stored?.details).not.toHaveProperty('requestHeaders')
    expect(stored?.details).not.toHaveProperty('responseBody')
    const detail = await desk!.api['activity:request-detail'](row!.id)
    expect(detail.details).toMatchObject({ path: stored!.details!['path'], requestHeaders: { 'x-wopi-correlationid': 'corr-2' } })
  })

  it('tags conformance traffic', async () => {
    const access = await desk!.host.issueToken('notes.md')
    await wopi(access, {
      headers: { 'User-Agent': 'WOPI-Desk-Conformance/1.0 (WOPI validator test cases)' },
      path: '/contents',
      token: 'wrong-token',
    })
    await wopi(access, { headers: { 'User-Agent': 'Mozilla/5.0' }, path: '/contents', token: 'wrong-token' })
    const errors = await desk!.api['activity:recent']({ status: 'error' })
    expect(errors.map((row) => row.conformance ?? false).sort()).toEqual([false, true])
    const report = await desk!.api['doctor:report']()
    expect(report.text).toMatch(/Recent errors \(1\)/)
  })
})

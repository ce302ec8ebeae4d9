import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { request } from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RequestRecord } from '../db/request-log-repo'
import type { IssuedAccess } from '../host'
import type { ProofGate } from './proof-gate'
import { signProof, unixMsToTicks, verifyProofEitherTokenForm, type ProofKeySet } from './proof-keys'
import { redactUrl } from './router'
import { lockFile, startTestHost, wopi, type TestHost } from './test-kit'

function rawGet(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const parsed = new URL(url)
    const req = request({ host: parsed.hostname, port: parsed.port, path: parsed.pathname + parsed.search, headers }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end()
  })
}

describe('WOPI router', () => {
  let host: TestHost
  let access: IssuedAccess
  beforeEach(async () => {
    host = await startTestHost({ files: { 'a.docx': 'a', 'b.docx': 'b' } })
    access = await host.token('a.docx')
  })
  afterEach(async () => {
    await host.close()
  })

  describe('access tokens (401)', () => {
    it('refuses a missing, forged, expired or other-file token', async () => {
      expect((await wopi(access, { token: '' })).status).toBe(401)
      expect((await wopi(access, { token: 'forged-' + access.accessToken.slice(7) })).status).toBe(401)
      const other = await host.token('b.docx')
      expect((await wopi({ wopiSrc: access.wopiSrc, accessToken: other.accessToken })).status).toBe(401)
      const shortLived = await host.token('a.docx', { ttlSeconds: 60 })
      expect((await wopi(shortLived)).status).toBe(200)
      host.clock.advance(60_000)
      expect((await wopi(shortLived)).status).toBe(401)
      expect((await wopi(access)).status).toBe(200)
    })

    it('issues URL-safe 32-byte tokens with an absolute expiry and stores only their hash', async () => {
      expect(access.accessToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(Buffer.from(access.accessToken, 'base64url')).toHaveLength(32)
      expect(access.accessTokenTtl).toBe(host.clock.now() + 36_000_000)
      const rows = host.desk.db.prepare('SELECT * FROM tokens').all() as Record<string, unknown>[]
      expect(JSON.stringify(rows)).not.toContain(access.accessToken)
      expect(rows[0]!['hash']).toMatch(/^[0-9a-f]{64}$/)
    })

    it('falls back to Authorization: Bearer when the query has no token', async () => {
      expect((await wopi(access, { token: '', headers: { Authorization: `Bearer ${access.accessToken}` } })).status).toBe(200)
      expect((await wopi(access, { token: '', headers: { Authorization: 'Bearer nope' } })).status).toBe(401)
    })

    it('checks the token before the file (401 before 404) and the file before the operation (404 before 501)', async () => {
      expect((await wopi({ wopiSrc: access.wopiSrc.replace(access.fileId, 'unknownid'), accessToken: '' })).status).toBe(401)
      await wopi(access, { override: 'DELETE' })
      expect((await wopi(access, { override: 'GET_SHARE_URL', headers: { 'X-WOPI-UrlType': 'ReadOnly' } })).status).toBe(404)
    })
  })

  it('answers 404 to unknown routes', async () => {
    const base = host.desk.wopiBase()
    for (const path of [
      '/wopi/files/',
      '/wopi/files/x/y',
      `/wopi/files/${access.fileId}/contents/extra`,
      '/wopi/containers/x',
      '/nothing',
      '/',
    ]) {
      expect(await rawGet(`${base}${path}?access_token=${access.accessToken}`), path).toBe(404)
    }
  })

  it('answers 501 to operations it does not support, after the token check', async () => {
    expect((await wopi(access, { override: 'GET_SHARE_URL', headers: { 'X-WOPI-UrlType': 'ReadOnly' } })).status).toBe(501)
    expect((await wopi(access, { path: '/ancestry' })).status).toBe(501)
    expect((await wopi(access, { path: '/ecosystem_pointer' })).status).toBe(501)
    expect((await wopi(access, { override: 'MADE_UP', body: '' })).status).toBe(501)
    expect((await wopi(access, { method: 'POST', body: '' })).status).toBe(501)
    expect((await wopi(access, { override: 'MADE_UP', body: '', token: 'bad' })).status).toBe(401)
    expect((await wopi(access, { override: 'lock', headers: { 'X-WOPI-Lock': 'lower-case override' } })).status).toBe(200)
  })

  describe('traffic log', () => {
    it('records every request without tokens, with client, session and correlation ids', async () => {
      const seen: RequestRecord[] = []
      const unsubscribe = host.desk.requestLog.onRequest((record) => seen.push(record))
      await lockFile(access, 'LockA', {
        'User-Agent': 'COOLWSD HTTP Agent 24.04',
        'X-WOPI-SessionId': 'sess-1',
        'X-WOPI-CorrelationId': 'corr-1',
      })
      await wopi(access, { headers: { 'X-WOPI-ClientVersion': '8.1', 'X-LOOL-WOPI-IsModifiedByUser': 'true' } })
      await wopi(access, { headers: { 'User-Agent': 'WOPI-Desk-Editor/0.1.0' } })
      await wopi(access, { token: 'wrong' })
      unsubscribe()
      await wopi(access)
      expect(seen.map((r) => r.operation)).toEqual(['Lock', 'CheckFileInfo', 'CheckFileInfo', 'CheckFileInfo'])
      expect(seen[0]).toMatchObject({
        status: 200,
        method: 'POST',
        fileId: access.fileId,
        fileName: 'a.docx',
        userId: host.desk.settings.get().userId,
        wopiSessionId: 'sess-1',
        correlationId: 'corr-1',
        client: 'Collabora',
        lockId: 'LockA',
        proof: 'none',
        error: null,
      })
      expect(seen[1]!.client).toBe('ONLYOFFICE')
      expect(seen[2]!.client).toBe('WOPI Desk editor')
      expect(seen[3]).toMatchObject({ status: 401, error: 'unknown or forged access token' })
      const stored = host.desk.requestLog.recent()
      expect(stored).toHaveLength(5)
      expect(stored[0]!.details?.['path']).toBe(`/wopi/files/${access.fileId}?access_token=REDACTED`)
      const everything = JSON.stringify(host.desk.db.prepare('SELECT * FROM requests').all())
      expect(everything).not.toContain(access.accessToken)
    })

    it('keeps a bounded ring', async () => {
      await host.restart({ trafficCapacity: 10 })
      access = await host.token('a.docx')
      for (let i = 0; i < 25; i++) await wopi(access)
      host.desk.requestLog.flush()
      const count = host.desk.db.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number }
      expect(count.n).toBe(10)
      expect(host.desk.requestLog.recent({ limit: 100 })).toHaveLength(10)
    })

    it('redacts tokens from URLs', () => {
      expect(redactUrl('/wopi/files/x?access_token=abc&access_token_ttl=1')).toBe('/wopi/files/x?access_token=REDACTED&access_token_ttl=1')
    })
  })

  describe('proof keys', () => {
    let keys: { privateKey: KeyObject; publicKey: KeyObject }
    let gateCalls: number
    const appId = 'app-with-proofs'

    function gate(): ProofGate {
      const jwk = keys.publicKey.export({ format: 'jwk' })
      const set: ProofKeySet = {
        current: {
          modulus: Buffer.from(jwk.n!, 'base64url').toString('base64'),
          exponent: Buffer.from(jwk.e!, 'base64url').toString('base64'),
        },
      }
      return {
        async verify(input) {
          gateCalls++
          if (input.appId !== appId) return { required: false }
          const header = (name: string) => (typeof input.headers[name] === 'string' ? (input.headers[name] as string) : undefined)
          const outcome = verifyProofEitherTokenForm(
            set,
            {
              accessToken: input.accessToken,
              url: input.signedUrl,
              timestamp: header('x-wopi-timestamp'),
              proof: header('x-wopi-proof'),
              proofOld: header('x-wopi-proofold'),
            },
            input.rawAccessToken,
            host.clock.now(),
          )
          return outcome.ok ? { required: true, ok: true, via: outcome.via } : { required: true, ok: false, reason: outcome.reason }
        },
      }
    }

    function signed(token: IssuedAccess, url: string, at = host.clock.now()) {
      const ticks = unixMsToTicks(at)
      return { 'X-WOPI-Proof': signProof(keys.privateKey, token.accessToken, url, ticks), 'X-WOPI-TimeStamp': ticks.toString() }
    }

    beforeEach(async () => {
      keys = generateKeyPairSync('rsa', { modulusLength: 2048 })
      gateCalls = 0
      await host.restart({ proofGate: gate() })
    })

    it('accepts a request signed over the public URL and refuses a bad proof with 500', async () => {
      const token = await host.token('a.docx', { appId })
      const url = `${token.wopiSrc}?access_token=${token.accessToken}`
      const ok = await wopi(token, { headers: signed(token, url) })
      expect(ok.status).toBe(200)
      const otherUrl = `${token.wopiSrc}/contents?access_token=${token.accessToken}`
      const bad = await wopi(token, { headers: signed(token, otherUrl) })
      expect(bad.status).toBe(500)
      expect(bad.header('x-wopi-servererror')).toMatch(/^proof key check failed/)
      expect(bad.header('x-wopi-servererror')).not.toContain(token.accessToken)
      const stale = await wopi(token, { headers: signed(token, url, host.clock.now() - 21 * 60_000) })
      expect(stale.status).toBe(500)
      const records = host.desk.requestLog.recent()
      expect(records.map((r) => r.proof)).toEqual([
        expect.stringMatching(/^failed: X-WOPI-TimeStamp/),
        expect.stringMatching(/^failed: no signature/),
        'current',
      ])
    })

    it('checks the proof before rejecting an expired token, and skips tokens without an app', async () => {
      const token = await host.token('a.docx', { appId, ttlSeconds: 60 })
      host.clock.advance(120_000)
      const url = `${token.wopiSrc}?access_token=${token.accessToken}`
      expect(
        (await wopi(token, { headers: { 'X-WOPI-Proof': 'AAAA', 'X-WOPI-TimeStamp': unixMsToTicks(host.clock.now()).toString() } })).status,
      ).toBe(500)
      expect((await wopi(token, { headers: signed(token, url) })).status).toBe(401)
      const calls = gateCalls
      const plain = await host.token('a.docx')
      expect((await wopi(plain)).status).toBe(200)
      expect(gateCalls).toBe(calls)
    })

    it('never echoes the token in a failure reason', async () => {
      await host.restart({
        proofGate: { verify: async (input) => ({ required: true, ok: false, reason: `bad signature for ${input.signedUrl}` }) },
      })
      const token = await host.token('a.docx', { appId })
      const response = await wopi(token)
      expect(response.status).toBe(500)
      expect(response.header('x-wopi-servererror')).toContain('access_token=REDACTED')
      expect(JSON.stringify(host.desk.requestLog.recent())).not.toContain(token.accessToken)
    })

    it('verifies against the public URL when one is configured', async () => {
      host.desk.settings.update({ publicUrl: 'https://desk.example.test:8443' })
      const token = await host.token('a.docx', { appId })
      expect(token.wopiSrc.startsWith('https://desk.example.test:8443/wopi/files/')).toBe(true)
      const local = { wopiSrc: `http://127.0.0.1:${host.desk.wopi.port}/wopi/files/${token.fileId}`, accessToken: token.accessToken }
      const publicUrl = `${token.wopiSrc}?access_token=${token.accessToken}`
      expect((await wopi(local, { headers: signed(token, publicUrl) })).status).toBe(200)
      expect((await wopi(local, { headers: signed(token, `${local.wopiSrc}?access_token=${token.accessToken}`) })).status).toBe(500)
    })
  })
})

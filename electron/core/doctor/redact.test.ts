import { describe, expect, it } from 'vitest'
import { createRedactor } from './redact'

const TOKEN = 'Zx9_kLm2Qw8-RtY7uIo0PaS5dF4gH3jK1lZcXvBnM6q'

describe('doctor redaction', () => {
  it('replaces secrets of the run, raw and URL-encoded', () => {
    const redact = createRedactor()
    redact.add('s3cr+t/==value')
    expect(redact('a s3cr+t/==value b s3cr%2Bt%2F%3D%3Dvalue c')).toBe('a <redacted> b <redacted> c')
  })

  it('catches tokens by shape: query, encoded query, form body, JSON, Bearer, proof headers, PEM, key attributes', () => {
    const redact = createRedactor()
    const cases = [
      `GET /wopi/files/abc?access_token=${TOKEN}&access_token_ttl=0`,
      `/cool/http%3A%2F%2Fh%2Fwopi%2Ffiles%2Fx%3Faccess_token%3D${TOKEN}%26access_token_ttl%3D0/ws`,
      `{"access_token":"${TOKEN}"}`,
      `Authorization: Bearer ${TOKEN}`,
      `X-WOPI-Proof: ${'A'.repeat(20)}abc+/=`,
      `{"x-wopi-proofold":"abcdef"}`,
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----',
      `<proof-key modulus="${'B'.repeat(30)}" exponent="AQAB"/>`,
      `token was ${TOKEN} here`,
      'proxy https://admin:abcdef@proxy.example:3128/ refused',
    ]
    for (const text of cases) {
      const out = redact(text)
      expect(out).not.toContain(TOKEN)
      expect(out).not.toMatch(/AAAAAAAAAAAAAAAAAAAA|MIIEow|BBBBBBBBBBBBBBBBBBBB|abcdef/)
    }
    expect(redact(`?access_token=${TOKEN}&access_token_ttl=1700000000000`)).toBe('?access_token=<redacted>&access_token_ttl=1700000000000')
  })

  it('leaves ordinary text alone: paths, UUIDs, hashes, file ids, URLs', () => {
    const redact = createRedactor()
    const text =
      'file /home/alex/Documents/Quarterly Report 2024.docx, id 3f8a1c2e-9b7d-4e5f-a1b2-c3d4e5f6a7b8, sha 5ba5ba7a205e58d1de521c6f290b484787901e4104409cc9fb28d5803fc48079, fileId AbCdEfGh12345678ZyXwVu, http://192.168.1.20:17890/wopi/files/AbCdEfGh12345678ZyXwVu'
    expect(redact(text)).toBe(text)
  })
})

describe('token-shaped text', () => {
  it('catches random base64url tokens and signatures but leaves ordinary names and paths readable', async () => {
    const { createHash } = await import('node:crypto')
    const { looksSecret } = await import('./redact')
    // Deterministic stand-ins for random tokens (32 bytes, base64url) and RSA signatures (256 bytes, base64).
    const bytes = (seed: number, length: number) => {
      const chunks: Buffer[] = []
      for (let i = 0; chunks.length * 32 < length; i++) chunks.push(createHash('sha256').update(`${seed}:${i}`).digest())
      return Buffer.concat(chunks).subarray(0, length)
    }
    for (let seed = 0; seed < 50; seed++) {
      expect(looksSecret(bytes(seed, 32).toString('base64url'))).toBe(true)
      expect(looksSecret(bytes(seed, 256).toString('base64'))).toBe(true)
    }
    for (const readable of [
      '/tmp/wopi-desk-e2e-console-Vxkkug/data',
      '/home/alex/Documents/Quarterly-report-2025-Final-version-approved.docx',
      'Budget_2025_Q3_Marketing_Department_Draft2',
      '/Users/alex/Library/Application-Support/WOPI-Desk/versions',
    ]) {
      expect(looksSecret(readable), readable).toBe(false)
    }
  })
})

import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLog, systemRandom } from '../deps'
import { unixMsToTicks, verifyProof } from '../wopi/proof-keys'
import { openProofKeyStore } from './proof-key-store'

let dir: string
beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'wopi-desk-keys-')), 'keys')
})
afterEach(async () => {
  await rm(join(dir, '..'), { recursive: true, force: true })
})

const url = 'http://127.0.0.1:1/wopi/files/a?access_token=tok'
const now = Date.UTC(2025, 0, 2, 3, 4, 5)

describe('openProofKeyStore', () => {
  it('creates an owner-only key pair on first run and loads the same key afterwards', async () => {
    const first = await openProofKeyStore({ dir, random: systemRandom, log: silentLog })
    const files = ['builtin-editor-proof-current.pem', 'builtin-editor-install-id']
    for (const file of files) {
      if (process.platform !== 'win32') expect((await stat(join(dir, file))).mode & 0o777).toBe(0o600)
    }
    expect((await stat(dir)).mode & 0o077).toBe(0)
    expect(await readFile(join(dir, files[0]!), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/)
    const second = await openProofKeyStore({ dir, random: systemRandom, log: silentLog })
    expect(second.fingerprint()).toBe(first.fingerprint())
    expect(second.installId()).toBe(first.installId())
    expect(second.published()).toEqual(first.published())
    expect(first.published().oldvalue).toBeUndefined()
  })

  it('signs with the current key; after rotateKeys also with the old one, and both verify', async () => {
    const store = await openProofKeyStore({ dir, random: systemRandom, log: silentLog })
    const ticks = unixMsToTicks(now)
    const before = store.published()
    const plain = store.sign('tok', url, ticks)
    expect(plain.proofOld).toBeUndefined()
    expect(
      verifyProof(
        { current: before },
        { accessToken: 'tok', url, timestamp: ticks.toString(), proof: plain.proof, proofOld: undefined },
        now,
      ),
    ).toMatchObject({ ok: true, via: 'current' })

    await store.rotateKeys()
    const after = store.published()
    expect(after.oldmodulus).toBe(before.modulus)
    expect(after.oldvalue).toBe(before.value)
    expect(after.modulus).not.toBe(before.modulus)
    const signed = store.sign('tok', url, ticks)
    // A host that still has the pre-rotation discovery accepts X-WOPI-ProofOld with its "current" key (spec 9.2 rule 2).
    expect(
      verifyProof(
        { current: before },
        { accessToken: 'tok', url, timestamp: ticks.toString(), proof: signed.proof, proofOld: signed.proofOld },
        now,
      ),
    ).toMatchObject({ ok: true, via: 'old-proof' })
    expect(
      verifyProof(
        { current: { value: after.value } },
        { accessToken: 'tok', url, timestamp: ticks.toString(), proof: signed.proof, proofOld: undefined },
        now,
      ),
    ).toMatchObject({ ok: true, via: 'current' })

    const reopened = await openProofKeyStore({ dir, random: systemRandom, log: silentLog })
    expect(reopened.published()).toEqual(after)
  })

  it('repairs key files that others can read', async () => {
    if (process.platform === 'win32') return
    await openProofKeyStore({ dir, random: systemRandom, log: silentLog })
    const file = join(dir, 'builtin-editor-proof-current.pem')
    const { chmod } = await import('node:fs/promises')
    await chmod(file, 0o644)
    await openProofKeyStore({ dir, random: systemRandom, log: silentLog })
    expect((await stat(file)).mode & 0o777).toBe(0o600)
  })

  it('refuses a corrupt key with a message that says what to do, and leaves the file alone', async () => {
    await openProofKeyStore({ dir, random: systemRandom, log: silentLog })
    const file = join(dir, 'builtin-editor-proof-current.pem')
    const garbage = randomBytes(40).toString('hex')
    await writeFile(file, garbage)
    await expect(openProofKeyStore({ dir, random: systemRandom, log: silentLog })).rejects.toThrow(/Delete the file/)
    expect(await readFile(file, 'utf8')).toBe(garbage)
  })
})

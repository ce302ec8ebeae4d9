import { createHash, createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto'
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Log, Random } from '../deps'
import { randomId } from '../deps'
import { signProof } from '../wopi/proof-keys'
import { encodeCspPublicKeyBlob, rsaPublicNumbers } from './csp-blob'

// The built-in editor's WOPI proof keys (spec 9): an RSA-2048 pair created on first run and kept in
// `<data>/keys/` with owner-only permissions. The private key never leaves this process; discovery publishes
// the public half. rotateKeys() moves the current pair to "old" (X-WOPI-ProofOld, old* attributes), as an
// editor does when it rolls its key.

const CURRENT_FILE = 'builtin-editor-proof-current.pem'
const OLD_FILE = 'builtin-editor-proof-old.pem'
const INSTALL_ID_FILE = 'builtin-editor-install-id'

/** What discovery's <proof-key> carries. old* are absent until a rotation happened. */
export interface PublishedProofKey {
  value: string
  modulus: string
  exponent: string
  oldvalue?: string
  oldmodulus?: string
  oldexponent?: string
}

export interface ProofSignature {
  proof: string
  /** present once an old key exists */
  proofOld?: string
}

export interface ProofKeyStore {
  /** X-WOPI-Proof (+ X-WOPI-ProofOld) over token ‖ UPPER(url) ‖ ticks */
  sign(accessToken: string, url: string, ticks: bigint): ProofSignature
  published(): PublishedProofKey
  /** SHA-256 of the current public key (hex, 16 chars): safe to show and log */
  fingerprint(): string
  /** a stable random id of this installation, used to recognise locks this editor left behind */
  installId(): string
  rotateKeys(): Promise<void>
}

export async function openProofKeyStore(options: { dir: string; random: Random; log: Log }): Promise<ProofKeyStore> {
  const { dir, log } = options
  await mkdir(dir, { recursive: true, mode: 0o700 })
  let current = await readPrivateKey(join(dir, CURRENT_FILE), log)
  let old = current ? await readPrivateKey(join(dir, OLD_FILE), log) : null
  if (!current) {
    current = await generateRsaKey()
    await writeSecret(join(dir, CURRENT_FILE), pem(current))
    log.info('built-in editor: created a new proof key pair', { fingerprint: fingerprintOf(current) })
  }
  let installId = await readInstallId(join(dir, INSTALL_ID_FILE), log)
  if (!installId) {
    installId = randomId(options.random, 9)
    await writeSecret(join(dir, INSTALL_ID_FILE), installId + '\n')
  }
  const id = installId

  let publishedCache: PublishedProofKey | null = null
  return {
    sign(accessToken, url, ticks) {
      const proof = signProof(current!, accessToken, url, ticks)
      return old ? { proof, proofOld: signProof(old, accessToken, url, ticks) } : { proof }
    },
    published() {
      publishedCache ??= publish(current!, old)
      return publishedCache
    },
    fingerprint: () => fingerprintOf(current!),
    installId: () => id,
    async rotateKeys() {
      const next = await generateRsaKey()
      // Old first: a crash between the two writes leaves old == current, which still verifies everything.
      await writeSecret(join(dir, OLD_FILE), pem(current!))
      await writeSecret(join(dir, CURRENT_FILE), pem(next))
      old = current
      current = next
      publishedCache = null
      log.info('built-in editor: rotated its proof key', { fingerprint: fingerprintOf(next) })
    },
  }
}

function publish(current: KeyObject, old: KeyObject | null): PublishedProofKey {
  const now = describe(current)
  if (!old) return now
  const before = describe(old)
  return { ...now, oldvalue: before.value, oldmodulus: before.modulus, oldexponent: before.exponent }
}

function describe(privateKey: KeyObject): PublishedProofKey {
  const numbers = rsaPublicNumbers(createPublicKey(privateKey))
  return {
    value: encodeCspPublicKeyBlob(numbers).toString('base64'),
    modulus: numbers.modulus.toString('base64'),
    exponent: numbers.exponent.toString('base64'),
  }
}

function fingerprintOf(privateKey: KeyObject): string {
  const der = createPublicKey(privateKey).export({ type: 'spki', format: 'der' })
  return createHash('sha256').update(der).digest('hex').slice(0, 16)
}

function generateRsaKey(): Promise<KeyObject> {
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: 2048, publicExponent: 0x10001 }, (error, _publicKey, privateKey) => {
      if (error) reject(error)
      else resolve(privateKey)
    })
  })
}

function pem(privateKey: KeyObject): string {
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
}

async function readPrivateKey(file: string, log: Log): Promise<KeyObject | null> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  await tightenPermissions(file, log)
  try {
    const key = createPrivateKey(text)
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not an RSA key')
    return key
  } catch (error) {
    throw new Error(
      `The built-in editor's proof key ${file} is unreadable (${(error as Error).message}). ` +
        'Delete the file to let WOPI Desk create a new key, then re-import the built-in editor so hosts learn the new key.',
    )
  }
}

async function readInstallId(file: string, log: Log): Promise<string | null> {
  try {
    const id = (await readFile(file, 'utf8')).trim()
    await tightenPermissions(file, log)
    return /^[A-Za-z0-9_-]{8,64}$/.test(id) ? id : null
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

/** A key file others can read is repaired, not trusted silently (mode bits are meaningless on Windows). */
async function tightenPermissions(file: string, log: Log): Promise<void> {
  if (process.platform === 'win32') return
  const info = await stat(file)
  if ((info.mode & 0o077) !== 0) {
    await chmod(file, 0o600)
    log.warn('built-in editor: key file was readable by other users; permissions set to 0600', { file })
  }
}

/** Write-then-rename so a crash never leaves a half-written key; 0600 from the first byte. */
let tempCounter = 0
async function writeSecret(file: string, content: string): Promise<void> {
  const temp = `${file}.${process.pid}.${++tempCounter}.tmp`
  await writeFile(temp, content, { mode: 0o600, flag: 'wx' })
  await rename(temp, file)
}

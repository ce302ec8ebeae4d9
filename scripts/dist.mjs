// `npm run dist [-- <electron-builder flags>]`: builds when stale, then packages with electron-builder
// (electron-builder.yml: AppImage + deb, NSIS, dmg for the platform it runs on, or those its flags name).
// Signing and notarization come from environment variables; where they are absent this says so in one line
// each and electron-builder builds unsigned. WOPI_DESK_UPDATE_URL, when set, becomes the update feed
// (a generic provider); without it the app never looks for updates.
import { spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureBuild } from './ensure-build.mjs'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const env = process.env
const args = process.argv.slice(2)
const PLATFORM_FLAGS = { '--linux': 'linux', '-l': 'linux', '--mac': 'darwin', '-m': 'darwin', '--win': 'win32', '-w': 'win32' }
const named = args.map((arg) => PLATFORM_FLAGS[arg]).filter(Boolean)
const platforms = named.length > 0 ? [...new Set(named)] : [process.platform]

/** One line per credential set that is missing, naming the variables that would enable it. */
export function signingNotes(env, platforms) {
  const notes = []
  if (platforms.includes('darwin')) {
    if (!env.CSC_LINK && !env.CSC_NAME) notes.push('macOS: not signed (set CSC_LINK and CSC_KEY_PASSWORD to a Developer ID certificate).')
    const appleId = env.APPLE_ID && env.APPLE_APP_SPECIFIC_PASSWORD && env.APPLE_TEAM_ID
    const apiKey = env.APPLE_API_KEY && env.APPLE_API_KEY_ID && env.APPLE_API_ISSUER
    if (!appleId && !apiKey)
      notes.push(
        'macOS: not notarized (set APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID, or APPLE_API_KEY, APPLE_API_KEY_ID and APPLE_API_ISSUER).',
      )
  }
  if (platforms.includes('win32') && !env.WIN_CSC_LINK && !env.CSC_LINK)
    notes.push('Windows: not signed (set WIN_CSC_LINK and WIN_CSC_KEY_PASSWORD to a code-signing certificate).')
  return notes
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureBuild()
  for (const note of signingNotes(env, platforms)) process.stderr.write(`Note: ${note}\n`)
  const extra = []
  if (platforms.includes('darwin') && !env.CSC_LINK && !env.CSC_NAME) extra.push('-c.mac.identity=null')
  if (platforms.includes('darwin') && !(env.APPLE_ID || env.APPLE_API_KEY)) extra.push('-c.mac.notarize=false')
  if (env.WOPI_DESK_UPDATE_URL) extra.push('-c.publish.provider=generic', `-c.publish.url=${env.WOPI_DESK_UPDATE_URL}`)
  else process.stderr.write('Note: no update feed (set WOPI_DESK_UPDATE_URL to publish one); the app will not look for updates.\n')
  const result = spawnSync(join(root, 'node_modules', '.bin', 'electron-builder'), [...extra, ...args], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  })
  process.exit(result.status ?? 1)
}

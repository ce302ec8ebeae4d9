import { describe, expect, it } from 'vitest'
import { signingNotes } from './dist.mjs'

describe('npm run dist without signing credentials', () => {
  it('notes, per platform it builds for, what is skipped and which variables enable it', () => {
    expect(signingNotes({}, ['linux'])).toEqual([])
    expect(signingNotes({}, ['win32'])).toEqual([
      'Windows: not signed (set WIN_CSC_LINK and WIN_CSC_KEY_PASSWORD to a code-signing certificate).',
    ])
    const mac = signingNotes({ CSC_LINK: 'cert.p12' }, ['darwin'])
    expect(mac).toHaveLength(1)
    expect(mac[0]).toMatch(/^macOS: not notarized \(set APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID/)
  })

  it('says nothing when the credentials are there', () => {
    const env = { CSC_LINK: 'cert.p12', APPLE_ID: 'a@b.c', APPLE_APP_SPECIFIC_PASSWORD: 'x', APPLE_TEAM_ID: 'T', WIN_CSC_LINK: 'w.pfx' }
    expect(signingNotes(env, ['darwin', 'win32', 'linux'])).toEqual([])
  })
})

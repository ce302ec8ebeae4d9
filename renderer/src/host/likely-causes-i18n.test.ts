import type { TFunction, TOptions } from 'i18next'
import { describe, expect, it } from 'vitest'
import { createI18n } from '../i18n/create-i18n'
import { hostResources } from '../i18n/host-resources'
import enHost from '../i18n/locales/en/host.json'
import { diagnose, type Diagnosis, type DiagnosisInput, type SeenRequest } from './likely-causes'
import { timedOutCollaboraOpen as base } from './test-support/diagnosis-input'

// The "what probably went wrong" card in another language: every text the diagnosis can produce is rendered in
// English and in the translation, and none of the translated ones may still be the English one. The inputs walk
// every branch; a recording t() proves that every host:diagnosis key was reached, so a new cause without a
// translation (or a branch this list misses) fails here.

const read: SeenRequest[] = [{ operation: 'CheckFileInfo', status: 200, error: null }]
const refusals: SeenRequest[][] = [
  [{ operation: 'CheckFileInfo', status: 500, error: 'proof check failed' }],
  [{ operation: 'CheckFileInfo', status: 401, error: null }],
  [{ operation: 'GetFile', status: 404, error: null }],
  [{ operation: 'Lock', status: 409, error: 'locked by another editor' }],
  [{ operation: 'PutFile', status: 413, error: null }],
]

const inputs: DiagnosisInput[] = [
  ...(['collabora', 'onlyoffice', 'office', 'builtin', 'unknown'] as const).flatMap((kind) =>
    [[], null, read].map((requests) => ({ ...base, kind, requests })),
  ),
  { ...base, wopiBase: 'http://192.168.1.20:17890' },
  { ...base, pageOrigin: 'http://localhost:17890' },
  { ...base, kind: 'onlyoffice', editorOrigin: 'https://docs.example', requests: read },
  { ...base, editorOrigin: 'https://docs.example', requests: null },
  { ...base, requests: read, trigger: { type: 'load-error', errorType: 'websocketconnectionfailed', errorMsg: null } },
  { ...base, trigger: { type: 'failed', reason: null } },
  ...refusals.map((requests) => ({ ...base, requests })),
]

function texts(diagnosis: Diagnosis): string[] {
  const out = [diagnosis.title]
  if (diagnosis.evidence) out.push(diagnosis.evidence)
  if (diagnosis.editorSaid) out.push(diagnosis.editorSaid)
  for (const cause of diagnosis.causes) out.push(cause.title, cause.detail, cause.fix)
  return out
}

function leafKeys(tree: object, prefix: string): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}.${key}`] : leafKeys(value as object, `${prefix}.${key}`),
  )
}

function recording(t: TFunction, used: Set<string>): TFunction {
  return ((key: string, options?: TOptions) => {
    used.add(key)
    return t(key, options)
  }) as TFunction
}

const english = createI18n(hostResources, 'en').t

describe('likely causes in German and Chinese', () => {
  it('the inputs reach every host:diagnosis text', () => {
    const used = new Set<string>()
    for (const input of inputs) diagnose(input, recording(english, used))
    const all = leafKeys(enHost.diagnosis, 'host:diagnosis')
    expect(all.filter((key) => !used.has(key))).toEqual([])
  })

  for (const language of ['de', 'zh-Hans'] as const) {
    it(`${language}: no text is left in English, and every placeholder is filled`, () => {
      const translated = createI18n(hostResources, language).t
      const untranslated: string[] = []
      for (const input of inputs) {
        const source = texts(diagnose(input, english))
        const target = texts(diagnose(input, translated))
        expect(target.length).toBe(source.length)
        target.forEach((text, index) => {
          if (text === source[index]) untranslated.push(text)
          expect(text).not.toMatch(/\{\{|\}\}/)
        })
      }
      expect(untranslated).toEqual([])
    })
  }

  it('the check notices an English text in a translation', () => {
    const englishOnly = createI18n({ en: hostResources.en, de: { common: {}, host: {} } }, 'de').t
    const source = texts(diagnose(base, english))
    const target = texts(diagnose(base, englishOnly))
    expect(target).toEqual(source)
  })

  it('keeps addresses, names and commands as they are', () => {
    const german = createI18n(hostResources, 'de').t
    const diagnosis = diagnose(base, german)
    expect(diagnosis.title).toBe('Writer hat report.docx nicht fertig geöffnet')
    expect(diagnosis.causes[0]!.fix).toContain('http://host.docker.internal:17890')
    expect(diagnosis.causes[1]!.fix).toContain('aliasgroup1=http://127.0.0.1:17890')
    const chinese = diagnose({ ...base, kind: 'office', requests: null }, createI18n(hostResources, 'zh-Hans').t)
    expect(chinese.causes.find((cause) => cause.id === 'office-editing')!.fix).toContain('Set-OfficeWebAppsFarm -EditingEnabled:$true')
  })
})

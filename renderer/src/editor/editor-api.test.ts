import { describe, expect, it } from 'vitest'
import { createI18n } from '../i18n/create-i18n'
import { editorResources } from '../i18n/editor-resources'
import type { i18n } from 'i18next'
import { createEditorApi, type Translate } from './editor-api'

// The messages the editor page's channel makes itself, when its server cannot be reached or answers something
// that is not an API result, come in the page's language, also after the page switched to the document's.

const current =
  (instance: i18n): Translate =>
  (key, values) =>
    instance.t(key, values)

const offline: typeof fetch = async () => {
  throw new TypeError('Failed to fetch')
}
const notJson: typeof fetch = async () => new Response('<html>Bad gateway</html>', { status: 502 })

describe('editor api messages', () => {
  it('says in the page language that the server could not be reached, keeping the text', async () => {
    const english = createI18n(editorResources, 'en')
    const result = await createEditorApi('sid', current(english), offline).load()
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'unreachable',
        message: 'The editor could not reach WOPI Desk. Check that it is still running, then try again. Your text is kept here.',
      },
    })
    const german = await createEditorApi('sid', current(createI18n(editorResources, 'de')), notJson).load()
    expect(german).toEqual({
      ok: false,
      error: { code: 'unexpected-response', message: 'Der Editor-Server antwortete mit HTTP 502. Ihr Text bleibt hier erhalten.' },
    })
  })

  it('follows a language change made after the api was created', async () => {
    const instance = createI18n(editorResources, 'en')
    const api = createEditorApi('sid', current(instance), offline)
    await instance.changeLanguage('zh-Hans')
    const result = await api.load()
    expect(result.ok ? '' : result.error.message).toBe('编辑器无法连接到 WOPI Desk。请确认它仍在运行，然后重试。您的文本仍保留在此处。')
  })
})

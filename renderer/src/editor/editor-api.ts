import {
  EDITOR_API_HEADER,
  EDITOR_API_HEADER_VALUE,
  type ApiResult,
  type HeartbeatResult,
  type LoadedDocument,
  type ReloadResult,
  type RenameResult,
  type SaveAsMode,
  type SaveAsResult,
  type SaveParams,
  type SaveResult,
  type TakeOverResult,
} from '../../../electron/contract/editor-page'

// The page's only channel: its own editor server (same origin). The session id in the address is the
// capability; the custom header proves the request comes from script on this page, not from a form.

/** keepalive requests (sent while the page unloads) may carry at most 64 KiB in total. */
const KEEPALIVE_LIMIT = 60 * 1024

export function sessionIdFromLocation(pathname: string): string {
  return pathname.split('/').filter(Boolean).pop() ?? ''
}

export interface EditorApi {
  load(): Promise<ApiResult<LoadedDocument>>
  reload(): Promise<ApiResult<ReloadResult>>
  save(text: string, params: SaveParams): Promise<ApiResult<SaveResult>>
  saveAs(text: string, name: string, mode: SaveAsMode, overwrite: boolean): Promise<ApiResult<SaveAsResult>>
  rename(name: string): Promise<ApiResult<RenameResult>>
  takeOver(): Promise<ApiResult<TakeOverResult>>
  heartbeat(): Promise<ApiResult<HeartbeatResult>>
  /**
   * pagehide: tell the server the page is going (a reload of the host page opens a new session, which then
   * takes over at once) and hand it the unsaved text to save if the page does not come back. Best effort;
   * false when the text is too large for a keepalive request (sessionStorage still has it).
   */
  leave(draft: string | null, base: string | null): boolean
  close(): Promise<ApiResult<{ closed: boolean }>>
}

/** The page's translation at the time of the call (the page switches to the document's language after loading). */
export type Translate = (key: string, values?: Record<string, string | number>) => string

/** t words the messages this channel makes itself; the server's own come as they are. */
export function createEditorApi(sessionId: string, t: Translate, fetchImpl: typeof fetch = (...args) => fetch(...args)): EditorApi {
  const base = `/editor/api/${encodeURIComponent(sessionId)}/`

  async function post<T>(
    verb: string,
    init: { text?: string; json?: unknown; query?: Record<string, string | undefined> } = {},
  ): Promise<ApiResult<T>> {
    const query = new URLSearchParams()
    for (const [name, value] of Object.entries(init.query ?? {})) if (value !== undefined) query.set(name, value)
    const qs = query.toString()
    let response: Response
    try {
      response = await fetchImpl(`${base}${verb}${qs ? `?${qs}` : ''}`, {
        method: 'POST',
        credentials: 'same-origin',
        cache: 'no-store',
        headers: {
          [EDITOR_API_HEADER]: EDITOR_API_HEADER_VALUE,
          'Content-Type': init.text !== undefined ? 'text/plain;charset=UTF-8' : 'application/json',
        },
        body: init.text ?? JSON.stringify(init.json ?? {}),
      })
    } catch {
      return {
        ok: false,
        error: {
          code: 'unreachable',
          message: t('editor:connection.unreachable'),
        },
      }
    }
    try {
      return (await response.json()) as ApiResult<T>
    } catch {
      return {
        ok: false,
        error: { code: 'unexpected-response', message: t('editor:connection.unexpected', { status: response.status }) },
      }
    }
  }

  const flag = (value: boolean | undefined) => (value ? '1' : undefined)

  return {
    load: () => post('load'),
    reload: () => post('reload'),
    save: (text, params) =>
      post('save', {
        text,
        query: { base: params.base, force: flag(params.force), autosave: flag(params.autosave), exit: flag(params.exit) },
      }),
    saveAs: (text, name, mode, overwrite) => post('save-as', { text, query: { name, mode, overwrite: flag(overwrite) } }),
    rename: (name) => post('rename', { json: { name } }),
    takeOver: () => post('take-over'),
    heartbeat: () => post('heartbeat'),
    leave(draft, baseTimestamp) {
      const fits = draft === null || new Blob([draft]).size <= KEEPALIVE_LIMIT
      const query = new URLSearchParams()
      if (draft !== null && fits) query.set('draft', '1')
      if (baseTimestamp) query.set('base', baseTimestamp)
      const qs = query.toString()
      void fetchImpl(`${base}leave${qs ? `?${qs}` : ''}`, {
        method: 'POST',
        keepalive: true,
        credentials: 'same-origin',
        headers: { [EDITOR_API_HEADER]: EDITOR_API_HEADER_VALUE, 'Content-Type': 'text/plain;charset=UTF-8' },
        body: draft !== null && fits ? draft : '',
      }).catch(() => undefined)
      return fits
    },
    close: () => post('close'),
  }
}

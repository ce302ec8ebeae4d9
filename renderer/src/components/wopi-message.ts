// The WOPI PostMessage format (spec 11.2) shared by both sides of the frame: the host page and the built-in
// editor. Messages are JSON {MessageId, SendTime, Values}; Office and Collabora send JSON text, some editors
// objects, so both parse.

export interface WopiMessage {
  MessageId: string
  SendTime: number
  Values: Record<string, unknown>
}

export function parseWopiMessage(data: unknown): WopiMessage | null {
  let value: unknown = data
  if (typeof data === 'string') {
    try {
      value = JSON.parse(data)
    } catch {
      return null
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null
  const record = value as Record<string, unknown>
  const id = record['MessageId']
  if (typeof id !== 'string' || id === '' || id.length > 200) return null
  const values = record['Values']
  return {
    MessageId: id,
    SendTime: typeof record['SendTime'] === 'number' ? record['SendTime'] : 0,
    Values: values && typeof values === 'object' && !Array.isArray(values) ? (values as Record<string, unknown>) : {},
  }
}

export function formatWopiMessage(messageId: string, values: Record<string, unknown>, now: number): string {
  return JSON.stringify({ MessageId: messageId, SendTime: now, Values: values })
}

/**
 * Our own PostMessage (spec 11.2 lets hosts ignore unknown MessageIds, so other hosts are unaffected): the
 * built-in editor opened with a write token but can only show the document (someone else holds the lock, the
 * file is read-only, not text...). Values: { Reason: string } in plain words. Without it the host page's bar
 * would go on saying "Editing".
 */
export const VIEW_ONLY_MESSAGE = 'WopiDesk_ViewOnly'

import type { ApiImplementation } from '../../contract/channels'
import type { SessionService } from './session-service'

export type SessionApi = Pick<ApiImplementation, 'files:open' | 'files:new-document' | 'files:close-session'>

/** The console channels that open and close documents; both transports bind them like every other channel. */
export function createSessionApi(sessions: SessionService): SessionApi {
  return {
    'files:open': (request) => sessions.open(request),
    'files:new-document': (request) => sessions.newDocument(request),
    'files:close-session': async (sessionId) => {
      // Closing twice is fine (the editor view and the page's own Close may both ask).
      sessions.close(sessionId)
    },
  }
}

import type { EndpointKind } from './dto'

// The contract between the host page and the WOPI listener that serves it: the data the page reads from its
// `<script type="application/json" id="session">` block, and the element names both sides agree on. The access
// token is NOT part of it: it is only in the hidden form the page submits into the editor frame.

export const SESSION_DATA_ELEMENT_ID = 'session'
export const EDITOR_FORM_ID = 'editor-form'
export const EDITOR_FRAME_NAME = 'editor-frame'

export interface HostPageUrls {
  /** POST: the page closes its session (UI_Close, the Close button) */
  close: string
  /** GET: the "document closed" page (CloseUrl) */
  closed: string
  /** GET: a sibling session with the edit action, then a redirect to its page */
  edit: string
  /** GET: a sibling session with the view action */
  view: string
  /** GET (JSON): the file's kept versions */
  versions: string
  /** GET (JSON): WOPI requests the editor made for this session, for the "why is it not loading" panel */
  status: string
}

export interface HostPageData {
  sessionId: string
  fileName: string
  appName: string
  /** the editor (endpoint) the app belongs to, e.g. "Collabora Online (127.0.0.1:9980)" */
  endpointName: string
  editorKind: EndpointKind
  action: string
  /** the token may write */
  canWrite: boolean
  /** the user may write the file (a view session can switch to edit) */
  mayWrite: boolean
  /** where the form POSTs (never carries the token) */
  actionUrl: string
  /** scheme://host:port of actionUrl: the only origin the page talks to */
  editorOrigin: string
  /** this page's origin, as sent in PostMessageOrigin */
  hostOrigin: string
  /** the WOPI base the editor server must reach (the part of WOPISrc before /wopi/files/...) */
  wopiBase: string
  /** same-origin URL of the app's icon, or null */
  iconUrl: string | null
  /** how long to wait for App_LoadingStatus before explaining what probably went wrong */
  loadTimeoutMs: number
  urls: HostPageUrls
  /** the language chosen in Settings ('en', 'de', 'zh-Hans'); null = the browser's */
  language: string | null
  /** where "Back to WOPI Desk" leads in a browser; null in the desktop app */
  consoleUrl: string | null
}

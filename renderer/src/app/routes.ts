// Hash routing without a router dependency: `#/editors`, `#/files/Reports/2024` (the folder path, each segment
// URI-encoded), `#/activity`, `#/settings`, `#/doctor`.

export const pages = ['editors', 'files', 'activity', 'settings', 'doctor'] as const
export type Page = (typeof pages)[number]

export interface Route {
  page: Page
  /** for Files: the folder, '' = the served root, '/'-separated without leading slash */
  dir: string
}

export const defaultRoute: Route = { page: 'editors', dir: '' }

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, '')
  const [head = '', ...rest] = path.split('/')
  const page = pages.find((candidate) => candidate === head.toLowerCase())
  if (!page) return defaultRoute
  if (page !== 'files') return { page, dir: '' }
  const segments: string[] = []
  for (const raw of rest) {
    if (raw === '') continue
    let segment: string
    try {
      segment = decodeURIComponent(raw)
    } catch {
      segment = raw
    }
    if (segment === '.' || segment === '..') continue // the server confines paths too; this keeps the UI honest
    segments.push(segment)
  }
  return { page, dir: segments.join('/') }
}

export function routeHref(route: Partial<Route> & { page: Page }): string {
  if (route.page !== 'files' || !route.dir) return `#/${route.page}`
  const encoded = route.dir
    .split('/')
    .filter((segment) => segment !== '')
    .map(encodeURIComponent)
    .join('/')
  return `#/files/${encoded}`
}

/** The key of each page's title in the common namespace. */
export const pageTitleKeys = {
  editors: 'common:nav.editors',
  files: 'common:nav.files',
  activity: 'common:nav.activity',
  settings: 'common:nav.settings',
  doctor: 'common:nav.doctor',
} as const satisfies Record<Page, string>

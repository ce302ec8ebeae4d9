// Hash routing without a router dependency: `#/editors`, `#/files/Reports/2024` (the folder path, each segment
// URI-encoded), `#/activity`, `#/settings`, `#/doctor`.

export const pages = ['editors', 'files', 'activity', 'settings', 'doctor'] as const
export type Page = (typeof pages)[number]

export interface Route {
  page: Page
  /** for Files: the folder, '' = the served root, '/'-separated without leading slash */
  dir: string
  /** for Files: the place `dir` is in (`#/files/Reports?place=<id>`); left out for the served folder */
  place?: string
}

export const defaultRoute: Route = { page: 'editors', dir: '' }

export function parseHash(hash: string): Route {
  const [withoutQuery = '', query = ''] = hash.split('?', 2)
  const place = new URLSearchParams(query).get('place')
  const path = withoutQuery.replace(/^#\/?/, '')
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
  return { page, dir: segments.join('/'), ...(place && place !== 'root' ? { place } : {}) }
}

export function routeHref(route: Partial<Route> & { page: Page }): string {
  if (route.page !== 'files') return `#/${route.page}`
  const placeQuery = route.place && route.place !== 'root' ? `?place=${encodeURIComponent(route.place)}` : ''
  if (!route.dir) return `#/files${placeQuery}`
  const encoded = route.dir
    .split('/')
    .filter((segment) => segment !== '')
    .map(encodeURIComponent)
    .join('/')
  return `#/files/${encoded}${placeQuery}`
}

/** The key of each page's title in the common namespace. */
export const pageTitleKeys = {
  editors: 'common:nav.editors',
  files: 'common:nav.files',
  activity: 'common:nav.activity',
  settings: 'common:nav.settings',
  doctor: 'common:nav.doctor',
} as const satisfies Record<Page, string>

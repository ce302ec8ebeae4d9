import { sep } from 'node:path'

// The diagnostics report leaves this computer, so it names no place outside the served folder: the served folder
// becomes <served folder> (paths inside it stay, relative), the data folder <data folder>, the home folder <home>,
// and any other absolute path <path outside the served folder>. URL paths (/wopi/..., /hosting/...) are not file
// paths and stay.

const URL_PATH_PREFIXES = [
  '/wopi/',
  '/hosting/',
  '/browser/',
  '/cool/',
  '/lool/',
  '/loleaflet/',
  '/host/',
  '/open/',
  '/editor/',
  '/api/',
  '/web-apps/',
  '/we/',
  '/wv/',
  '/x/',
  '/p/',
]
// Editor configuration files named in fixes: places on the editor's server, not on this computer.
const CONFIG_PATHS = ['/etc/onlyoffice/', '/etc/coolwsd/']

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export interface PathPlaces {
  root: string
  dataDir: string
  home: string
}

export function createPathRedactor(places: PathPlaces): (text: string) => string {
  const named: [string, string][] = (
    [
      [places.root, '<served folder>'],
      [places.dataDir, '<data folder>'],
      [places.home, '<home>'],
    ] as [string, string][]
  )
    .filter(([path]) => path && path !== sep && path.length > 1)
    .flatMap(([path, label]) => {
      const trimmed = path.replace(/[\\/]+$/, '')
      // Both separators: a Windows path may be written either way in an error message.
      return [...new Set([trimmed, trimmed.replace(/\\/g, '/')])].map((form) => [form, label] as [string, string])
    })
    .sort((a, b) => b[0].length - a[0].length)
  const patterns = named.map(([path, label]) => ({
    // The folder itself, or anything below it; never a longer name that merely starts the same way.
    regex: new RegExp(`${escapeRegExp(path)}((?:[\\\\/][^\\s"'<>|,;)\\]]*)?)(?![\\w.-])`, 'g'),
    label,
    inside: label === '<served folder>',
  }))
  return (text: string) => {
    if (!text) return text
    let out = text
    for (const { regex, label, inside } of patterns) {
      out = out.replace(regex, (_match, rest: string) => {
        if (!rest) return label
        // Inside the served folder the relative path is useful to support; elsewhere only the label stays.
        return inside ? `${label}${rest.replace(/\\/g, '/')}` : label
      })
    }
    // Any other absolute path (POSIX, Windows drive, UNC), unless it is the path part of a URL.
    out = out.replace(/(^|[\s"'(=,[])(\/(?!\/)[^\s"'),;\]<>]+)/g, (match, lead: string, path: string) =>
      [...URL_PATH_PREFIXES, ...CONFIG_PATHS].some((prefix) => path.startsWith(prefix) || `${path}/` === prefix)
        ? match
        : `${lead}<path outside the served folder>`,
    )
    out = out.replace(
      /(^|[\s"'(=,[])([A-Za-z]:\\[^\s"'),;\]<>]*|\\\\[^\s"'),;\]<>]+)/g,
      (_match, lead: string) => `${lead}<path outside the served folder>`,
    )
    return out
  }
}

// A check's fix is one string written for both the CLI and the console (electron/core/doctor/checks). The console
// shows the parts a person copies — configuration snippets and commands — as code with a copy button, and offers
// the catalog refresh as a button instead of a command (the console has it; `wopi-desk` may not be on PATH).

export type FixPart = { kind: 'text'; text: string } | { kind: 'code'; text: string }

// Each pattern matches one copyable snippet. Order matters only where two could start at the same place.
const snippetPatterns: RegExp[] = [
  // coolwsd.xml and similar: an element with its closing tag, possibly nested.
  /<([a-z_]+)(?:\s[^>]*)?>.*?<\/\1>/g,
  // nginx directives and blocks written after "nginx: "
  /(?<=nginx: )(?:[^{};,]*\{[^}]*\}|[^(){};,]+;)/g,
  // Apache directives after "Apache: "
  /(?<=Apache: )(?:Header unset [\w-]+|ProxyPassMatch [^(]+?nocanon)/g,
  // commands and their flags, up to the punctuation that ends the sentence part
  /\b(?:wopi-desk|docker exec|coolconfig|timedatectl|w32tm) [^,;)]*?(?=[,;)]|\.(?:\s|$)|$)/g,
  /(?<=^|[\s(])-e (?:"[^"]*"|\S+?)(?=[,;)]|\.?(?:\s|$))/g,
  /--add-host=\S+?(?=[,;)]|\.?(?:\s|$))/g,
]

/** Splits a fix into prose and copyable snippets, in order. */
export function splitFix(fix: string): FixPart[] {
  const found: { start: number; end: number }[] = []
  for (const pattern of snippetPatterns) {
    for (const match of fix.matchAll(pattern)) {
      const start = match.index
      const end = start + match[0].length
      if (match[0].trim() === '') continue
      // A command inside an XML snippet (or the reverse) belongs to the longer one.
      if (found.some((other) => start < other.end && end > other.start)) continue
      found.push({ start, end })
    }
  }
  found.sort((a, b) => a.start - b.start)
  const parts: FixPart[] = []
  let at = 0
  for (const { start, end } of found) {
    if (start > at) parts.push({ kind: 'text', text: fix.slice(at, start) })
    parts.push({ kind: 'code', text: fix.slice(start, end) })
    at = end
  }
  if (at < fix.length) parts.push({ kind: 'text', text: fix.slice(at) })
  return parts
}

const refreshCommand = /\s*:?\s*\(?wopi-desk discovery refresh [^\s).;]+(?: --data <data folder>)?\)?/g

/** Whether the fix asks for a catalog refresh of the check's editor, which the console does with a button. */
export function asksForRefresh(fix: string, endpointId: string | null): boolean {
  return endpointId !== null && /refresh the catalog/i.test(fix)
}

/** The fix without the refresh command, for a page that offers the refresh as a button next to it. */
export function withoutRefreshCommand(fix: string): string {
  return fix.replace(refreshCommand, '')
}

/** A one-line nginx block as people write it in a config file: one directive per line. */
export function formatSnippet(code: string): string {
  if (!/\{[^}]*;[^}]*\}\s*$/.test(code)) return code
  return code
    .replace(/\{\s*/, '{\n  ')
    .replace(/;\s*(?=\S)(?!\})/g, ';\n  ')
    .replace(/;\s*\}\s*$/, ';\n}')
}

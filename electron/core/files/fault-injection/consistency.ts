import { lstat, readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { createVersionRepo } from '../../db/version-repo'
import type { Host } from '../../host'
import { isTempFileName } from '../temp-files'

// The invariant every fault must leave intact, checked after a restart (which reconciles): files, versions,
// trash and database agree, and every document exists exactly once, in the folder or in the trash.

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
}

/** Problems found, one sentence each; empty when all agrees. `docPrefix` names the suite's documents by content. */
export async function consistencyProblems(host: Host, options: { docs?: string[] } = {}): Promise<string[]> {
  const problems: string[] = []
  const { files, dataDir } = host
  const root = files.root
  const liveInos = new Set<string>()
  const docPlaces = new Map<string, string[]>()
  const notePlace = (content: string, place: string) => {
    const doc = content.split(':')[0]!
    docPlaces.set(doc, [...(docPlaces.get(doc) ?? []), place])
  }

  for (const row of files.liveRows()) {
    const path = join(root, ...row.relPath.split('/'))
    const stats = await lstat(path, { bigint: true }).catch(() => null)
    if (!stats) {
      problems.push(`live row ${row.id} names ${row.relPath}, which is not on disk`)
      continue
    }
    if (!stats.isFile()) problems.push(`live row ${row.id} names ${row.relPath}, which is not a regular file`)
    if (stats.ino.toString() !== row.ino || Number(stats.size) !== row.size) {
      problems.push(
        `live row ${row.id} (${row.relPath}) records ino ${row.ino} size ${row.size}, the disk has ino ${stats.ino} size ${stats.size}`,
      )
    }
    liveInos.add(stats.ino.toString())
    notePlace(await readFile(path, 'utf8'), `folder:${row.relPath}`)
  }

  for (const entry of await readdir(root, { recursive: true }).catch(() => [] as string[])) {
    const name = entry.split('/').pop()!
    if (!isTempFileName(name)) continue
    const stats = await lstat(join(root, entry), { bigint: true }).catch(() => null)
    if (stats && liveInos.has(stats.ino.toString()))
      problems.push(`temp file ${entry} holds the bytes a live row records (a save not finished)`)
  }

  const versionPaths = createVersionRepo(host.db).allStorePaths()
  const versionFiles = new Set((await filesUnder(join(dataDir, 'versions'))).map((path) => path.slice(dataDir.length + 1)))
  for (const storePath of versionPaths) {
    if (!versionFiles.delete(storePath)) problems.push(`version row ${storePath} has no file`)
  }
  for (const path of versionFiles) problems.push(`version file ${path} has no row`)

  const trashRows = files.listTrash()
  const trashFiles = new Set((await filesUnder(join(dataDir, 'trash'))).map((path) => path.slice(dataDir.length + 1)))
  for (const entry of trashRows) {
    if (!trashFiles.delete(entry.storePath)) {
      problems.push(`trash entry ${entry.id} (${entry.relPath}) has no file`)
      continue
    }
    if (files.get(entry.fileId)) problems.push(`trash entry ${entry.id} belongs to file ${entry.fileId}, which is live too`)
    notePlace(await readFile(join(dataDir, ...entry.storePath.split('/')), 'utf8'), `trash:${entry.id}`)
  }
  for (const path of trashFiles) problems.push(`trash file ${path} has no entry`)

  for (const doc of options.docs ?? []) {
    const places = docPlaces.get(doc) ?? []
    if (places.length !== 1) problems.push(`${doc} is in ${places.length} places (${places.join(', ') || 'lost'}), not exactly one`)
  }
  return problems
}

/** The generation number a suite document's content carries (doc-N:gen-G:...). */
export function generationOf(content: string): number {
  return Number(/^[^:]+:gen-(\d+):/.exec(content)?.[1] ?? -1)
}

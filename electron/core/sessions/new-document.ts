import { stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { AppDto, NewDocumentRequest, OpenResult } from '../../contract/dto'
import { ApiError } from '../../contract/envelope'
import type { FileRow } from '../db/file-repo'
import { fileNameProblem, splitExtension } from '../files/file-names'
import type { FileStore } from '../files/file-store'
import { normaliseRelPath, resolveInside } from '../files/path-confinement'
import type { DeskSettings } from '../settings/settings'
import { toOpenError } from './session-errors'
import type { OpenChoice, SessionCatalog } from './session-service'
import { writable } from './write-access'

/**
 * "New document": an empty file created in the served folder and opened with the editor's `editnew` action
 * (spec 3.3). Every refusal comes before anything is created, and a failed open removes the file again.
 */
export function createNewDocument(deps: {
  files: FileStore
  catalog: SessionCatalog
  settings: () => Pick<DeskSettings, 'maxFileSizeBytes'>
  openFile(file: FileRow, choice: OpenChoice): Promise<OpenResult>
}): (request: NewDocumentRequest, inFolder?: string) => Promise<OpenResult> {
  const { files, catalog } = deps

  function templateFor(ext: string, wantedAppId: string | undefined): { app: AppDto; actionExt: string } {
    const order = new Map(catalog.handlersFor(ext).map((handler, index) => [handler.appId, index]))
    const candidates: { app: AppDto; actionExt: string; rank: number; listed: number }[] = []
    let listed = 0
    for (const endpoint of catalog.listEndpoints()) {
      if (!endpoint.enabled) continue
      for (const app of endpoint.apps) {
        listed++
        if (!app.enabled || !app.present) continue
        const actions = app.actions.filter((action) => action.name === 'editnew' && action.supported)
        // Its own extension first; else a template action that creates this extension (Office: dotx -> docx).
        const direct = actions.find((action) => action.ext === ext)
        const viaNewext = actions.find((action) => action.newext?.toLowerCase() === ext)
        const chosen = direct ?? viaNewext
        if (chosen) candidates.push({ app, actionExt: chosen.ext, rank: order.get(app.id) ?? Number.MAX_SAFE_INTEGER, listed })
      }
    }
    candidates.sort((a, b) => a.rank - b.rank || a.listed - b.listed)
    if (wantedAppId !== undefined) {
      const app = catalog.resolveApp(wantedAppId)
      const match = candidates.find((candidate) => candidate.app.id === app.id)
      if (match) return match
      const others = candidates.map((candidate) => `"${candidate.app.name}"`)
      throw new ApiError(
        'invalid-argument',
        `"${app.name}" cannot create new .${ext} documents.${others.length ? ` Apps that can: ${others.join(', ')}.` : ''}`,
      )
    }
    const first = candidates[0]
    if (!first) {
      throw new ApiError(
        'not-found',
        `No editor can create new .${ext} documents (none offers a "new document" action for it). Import one on the Editors page, or enable one.`,
      )
    }
    return first
  }

  return async function newDocument(request, inFolder) {
    const name = request.name.trim()
    const problem = fileNameProblem(name)
    if (problem) throw new ApiError('invalid-argument', `"${request.name}" cannot be used as a file name: ${problem}. Choose another name.`)
    const ext = splitExtension(name).ext.replace(/^\./, '').toLowerCase()
    if (!ext)
      throw new ApiError('invalid-argument', `Give "${name}" an extension such as .docx, so WOPI Desk knows which editor creates it.`)
    const shownDir = request.dir.replace(/^\/+|\/+$/g, '') || (inFolder ?? 'the served folder')
    let dirPath: string
    try {
      const rel = normaliseRelPath(request.dir)
      // Another place's folder: created through the store that serves it (the routing store finds it by path).
      const base = inFolder ?? files.root
      if (!base) throw new ApiError('unavailable', 'No folder is being served; choose one in the settings first.')
      dirPath = rel === '' ? base : await resolveInside(base, rel)
      if (!(await stat(dirPath)).isDirectory()) throw new ApiError('invalid-argument', `"${shownDir}" is a file, not a folder.`)
    } catch (error) {
      throw toOpenError(error, request.dir)
    }
    const template = templateFor(ext, request.appId)
    // Checked before anything is created, so a refusal changes nothing.
    const taken = await files.findEntry(dirPath, name)
    if (taken) throw new ApiError('conflict', `"${taken}" already exists in ${shownDir}. Choose another name.`)
    catalog.pickAction(template.app.id, template.actionExt, 'editnew')
    if (!(await writable(dirPath))) {
      throw new ApiError(
        'forbidden',
        `The folder ${shownDir} is read-only, so no document can be created in it. Make it writable, or choose another folder.`,
      )
    }

    let created: FileRow
    try {
      created = await files.withNamespace(() => files.createFile(dirPath, name, Readable.from([]), deps.settings().maxFileSizeBytes))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST')
        throw new ApiError('conflict', `"${name}" already exists in ${shownDir}. Choose another name.`)
      throw toOpenError(error, name)
    }
    try {
      // Spec 3.3: the 0-byte file is opened with editnew; the editor PutFiles its blank template into it.
      return await deps.openFile(created, { appId: template.app.id, action: 'editnew', actionExt: template.actionExt })
    } catch (error) {
      // Nothing is left behind by a failed attempt.
      await unlink(join(dirPath, name)).catch(() => undefined)
      throw toOpenError(error, name)
    }
  }
}

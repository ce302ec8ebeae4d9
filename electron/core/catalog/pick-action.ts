import type { ActionRow } from '../db/catalog-repo'

// Which action to open a file with when the caller did not name one (spec 10.2/10.3): edit when the host and
// the user can write, else the editor's own default, else a viewer.

const VIEW_LIKE = ['view', 'view_comment', 'embedview', 'mobileView', 'interactivepreview', 'imagepreview']
const WRITES = new Set(['edit', 'editnew', 'mobileEdit', 'convert', 'formedit', 'embededit', 'preloadedit'])
/** Never chosen implicitly: they create or convert files, or are not document views at all. */
const NEVER_IMPLICIT = new Set([
  'editnew',
  'convert',
  'getinfo',
  'rest',
  'legacywebservice',
  'syndicate',
  'preloadview',
  'preloadedit',
  'preloadunifiedapp',
])

export function chooseDefaultAction(candidates: ActionRow[], canWrite: boolean): ActionRow | undefined {
  const byName = (name: string) => candidates.find((action) => action.name === name)
  const edit = byName('edit')
  if (canWrite && edit) return edit
  const declared = candidates.find((action) => action.isDefault && !NEVER_IMPLICIT.has(action.name))
  if (declared && (canWrite || !WRITES.has(declared.name))) return declared
  for (const name of VIEW_LIKE) {
    const found = byName(name)
    if (found) return found
  }
  // A read-only user may still get the editor's only action: Collabora lists just `edit` for docx and shows
  // the document read-only when CheckFileInfo says UserCanWrite=false.
  return declared ?? edit ?? candidates.find((action) => !NEVER_IMPLICIT.has(action.name))
}

import Button from '@mui/material/Button'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import ListItemIcon from '@mui/material/ListItemIcon'
import Menu from '@mui/material/Menu'
import MenuItem from '@mui/material/MenuItem'
import TextField from '@mui/material/TextField'
import DeleteOutlined from '@mui/icons-material/DeleteOutlined'
import DriveFileRenameOutlineOutlined from '@mui/icons-material/DriveFileRenameOutlineOutlined'
import HistoryRounded from '@mui/icons-material/HistoryRounded'
import LaunchRounded from '@mui/icons-material/LaunchRounded'
import { useCallback, useId, useMemo, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { FileEntryDto } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { errorMessage } from '../../api/api-call-error'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { useNotify } from '../../components/NotifyProvider'
import { bytesToBase64 } from '../editors/icon-upload'

// The Files page's own changes to the folder: rename (F2 or the row's menu), delete to the trash (Delete key or
// the menu), for files and whole folders alike, upload (button or drag and drop) and new folder. The Trash view
// itself is its own component.

/** what the console sends in one call (the host's limit may be lower; it says so) */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024

/** `place`: the place `dir` is in (PlaceDto.id); the served folder when left out */
export function useFileActions(dir: string, onChanged: () => void, place?: string) {
  const { t } = useTranslation()
  // Sent with every action; an empty object means the served folder.
  const where = useMemo(() => (place ? { place } : {}), [place])
  const api = useApi()
  const notify = useNotify()
  const [renaming, setRenaming] = useState<FileEntryDto | null>(null)
  const [deleting, setDeleting] = useState<FileEntryDto | null>(null)
  const [newFolderOpen, setNewFolderOpen] = useState(false)
  const [menu, setMenu] = useState<{ entry: FileEntryDto; x: number; y: number } | null>(null)
  const [uploading, setUploading] = useState(false)
  const uploadInput = useRef<HTMLInputElement>(null)

  const upload = useCallback(
    async (list: FileList | File[]) => {
      const chosen = [...list]
      if (chosen.length === 0) return
      setUploading(true)
      const done: string[] = []
      try {
        for (const file of chosen) {
          if (file.size > MAX_UPLOAD_BYTES) {
            notify(t('files:actions.uploadTooLarge', { name: file.name }), 'error')
            continue
          }
          const base64 = bytesToBase64(new Uint8Array(await file.arrayBuffer()))
          const entry = await api.call('files:upload', { ...where, dir, name: file.name, base64 })
          done.push(entry.name)
        }
        if (done.length > 0)
          notify(
            done.length === 1 ? t('files:actions.uploadedOne', { name: done[0] }) : t('files:actions.uploaded', { count: done.length }),
          )
      } catch (error) {
        notify(errorMessage(error), 'error')
      } finally {
        setUploading(false)
        if (done.length > 0) onChanged()
      }
    },
    [api, dir, where, notify, onChanged, t],
  )

  return {
    rename: setRenaming,
    remove: setDeleting,
    openMenu: (entry: FileEntryDto, x: number, y: number) => setMenu({ entry, x, y }),
    newFolder: () => setNewFolderOpen(true),
    chooseUpload: () => uploadInput.current?.click(),
    upload,
    uploading,
    element: (options: { onOpen: (entry: FileEntryDto) => void; onVersions: (entry: FileEntryDto) => void }) => (
      <>
        <input
          ref={uploadInput}
          type="file"
          multiple
          hidden
          aria-label={t('files:actions.filesToUpload')}
          onChange={(event) => {
            const files = event.currentTarget.files
            if (files) void upload(files)
            event.currentTarget.value = ''
          }}
        />
        <Menu
          open={menu !== null}
          onClose={() => setMenu(null)}
          anchorReference="anchorPosition"
          anchorPosition={menu ? { top: menu.y, left: menu.x } : undefined}
          slotProps={{ list: { 'aria-label': menu ? t('files:actions.menuFor', { name: menu.entry.name }) : t('files:actions.menu') } }}
        >
          {menu?.entry.kind === 'file' && (
            <MenuItem
              onClick={() => {
                options.onOpen(menu.entry)
                setMenu(null)
              }}
            >
              <ListItemIcon>
                <LaunchRounded fontSize="small" />
              </ListItemIcon>
              {t('files:actions.open')}
            </MenuItem>
          )}
          {menu && (
            <MenuItem
              onClick={() => {
                setRenaming(menu.entry)
                setMenu(null)
              }}
            >
              <ListItemIcon>
                <DriveFileRenameOutlineOutlined fontSize="small" />
              </ListItemIcon>
              {t('files:actions.renameItem')}
            </MenuItem>
          )}
          {menu?.entry.kind === 'file' && (
            <MenuItem
              onClick={() => {
                options.onVersions(menu.entry)
                setMenu(null)
              }}
            >
              <ListItemIcon>
                <HistoryRounded fontSize="small" />
              </ListItemIcon>
              {t('files:actions.versions')}
            </MenuItem>
          )}
          {menu && (
            <MenuItem
              onClick={() => {
                setDeleting(menu.entry)
                setMenu(null)
              }}
              sx={{ color: 'error.main' }}
            >
              <ListItemIcon sx={{ color: 'inherit' }}>
                <DeleteOutlined fontSize="small" />
              </ListItemIcon>
              {t('files:actions.deleteItem')}
            </MenuItem>
          )}
        </Menu>
        <NameDialog
          open={renaming !== null}
          title={renaming ? t('files:actions.renameTitle', { name: renaming.name }) : t('common:actions.rename')}
          label={t('files:actions.newName')}
          initial={renaming?.name ?? ''}
          selectStem={renaming?.kind === 'file'}
          submitLabel={t('common:actions.rename')}
          onClose={() => setRenaming(null)}
          onSubmit={async (name) => {
            const entry =
              renaming!.kind === 'folder'
                ? await api.call('files:rename-folder', renaming!.path, name, where)
                : await api.call('files:rename', renaming!.path, name, where)
            notify(t('files:actions.renamed', { name: entry.name }))
            setRenaming(null)
            onChanged()
          }}
        />
        <NameDialog
          open={newFolderOpen}
          title={t('files:newFolder')}
          label={t('files:actions.folderName')}
          initial=""
          submitLabel={t('common:actions.create')}
          onClose={() => setNewFolderOpen(false)}
          onSubmit={async (name) => {
            const entry = await api.call('files:new-folder', { ...where, dir, name })
            notify(t('files:actions.created', { name: entry.name }))
            setNewFolderOpen(false)
            onChanged()
          }}
        />
        <ConfirmDialog
          open={deleting !== null}
          title={deleting ? t('files:actions.deleteTitle', { name: deleting.name }) : t('files:actions.deleteTitleBare')}
          confirmLabel={t('files:actions.moveToTrash')}
          destructive
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            if (deleting!.kind === 'folder') {
              const { trashIds } = await api.call('files:trash-folder', deleting!.path, where)
              notify(t('files:actions.folderTrashed', { name: deleting!.name, count: trashIds.length }))
            } else {
              await api.call('files:trash', deleting!.path, where)
              notify(t('files:actions.trashed', { name: deleting!.name }))
            }
            setDeleting(null)
            onChanged()
          }}
        >
          {deleting?.kind === 'folder' ? t('files:actions.folderTrashNote') : t('files:actions.trashNote')}
        </ConfirmDialog>
      </>
    ),
  }
}

function NameDialog(props: {
  open: boolean
  title: string
  label: string
  initial: string
  submitLabel: string
  selectStem?: boolean
  onClose: () => void
  onSubmit: (name: string) => Promise<void>
}) {
  const { t } = useTranslation()
  const titleId = useId()
  const [name, setName] = useState(props.initial)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (name.trim() === '') return setError(t('files:actions.enterName'))
    setBusy(true)
    try {
      await props.onSubmit(name.trim())
    } catch (caught) {
      setError(errorMessage(caught))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Dialog
      open={props.open}
      onClose={() => !busy && props.onClose()}
      aria-labelledby={titleId}
      maxWidth="xs"
      fullWidth
      slotProps={{
        transition: {
          onEnter: () => {
            setName(props.initial)
            setError(null)
          },
        },
      }}
    >
      <form onSubmit={(event) => void submit(event)} noValidate>
        <DialogTitle id={titleId}>{props.title}</DialogTitle>
        <DialogContent>
          <TextField
            autoFocus
            fullWidth
            label={props.label}
            value={name}
            onChange={(event) => {
              setName(event.target.value)
              setError(null)
            }}
            onFocus={(event) => {
              // Renaming usually keeps the extension: select the name before it, as file managers do.
              if (!props.selectStem) return
              const dot = event.target.value.lastIndexOf('.')
              event.target.setSelectionRange(0, dot > 0 ? dot : event.target.value.length)
            }}
            error={error !== null}
            helperText={error ?? ' '}
            disabled={busy}
            sx={{ mt: 1 }}
            slotProps={{ htmlInput: { spellCheck: false } }}
          />
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={props.onClose} disabled={busy}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" variant="contained" loading={busy}>
            {props.submitLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  )
}

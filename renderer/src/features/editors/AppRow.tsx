import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Chip from '@mui/material/Chip'
import IconButton from '@mui/material/IconButton'
import Stack from '@mui/material/Stack'
import Switch from '@mui/material/Switch'
import TextField from '@mui/material/TextField'
import Tooltip from '@mui/material/Tooltip'
import Typography from '@mui/material/Typography'
import EditOutlined from '@mui/icons-material/EditOutlined'
import ImageOutlined from '@mui/icons-material/ImageOutlined'
import SettingsBackupRestoreOutlined from '@mui/icons-material/SettingsBackupRestoreOutlined'
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { AppDto } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { errorMessage } from '../../api/api-call-error'
import { AppIcon } from '../../components/AppIcon'
import { useNotify } from '../../components/NotifyProvider'
import { actionSummary } from './catalog-logic'
import { checkIconFile, ICON_ACCEPT, readIconUpload } from './icon-upload'
import { useTranslation } from 'react-i18next'

const VISIBLE_EXTENSIONS = 10

/** One app of an editor: icon, name (renamed in place), extensions, actions, enabled switch. */
export function AppRow({ app, onChange }: { app: AppDto; onChange: (app: AppDto) => void }) {
  const { t } = useTranslation()
  const api = useApi()
  const notify = useNotify()
  const [editing, setEditing] = useState(false)
  const [draft, setDraft] = useState(app.name)
  const [nameError, setNameError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [iconError, setIconError] = useState<string | null>(null)
  const [iconBusy, setIconBusy] = useState(false)
  const [showAllExtensions, setShowAllExtensions] = useState(false)
  const [toggling, setToggling] = useState(false)
  const fileInput = useRef<HTMLInputElement>(null)
  const renameButton = useRef<HTMLButtonElement>(null)
  // Leaving the name field unmounts it (and Save/Cancel): focus goes back to the Rename button once it is
  // drawn again, not in a frame that may come before React has drawn it.
  const focusRenameAfterEdit = useRef(false)
  useEffect(() => {
    if (editing || !focusRenameAfterEdit.current) return
    focusRenameAfterEdit.current = false
    renameButton.current?.focus()
  }, [editing])

  const startEditing = () => {
    setDraft(app.name)
    setNameError(null)
    setEditing(true)
  }
  const cancelEditing = () => {
    focusRenameAfterEdit.current = true
    setEditing(false)
    setNameError(null)
  }
  const commit = async () => {
    const name = draft.trim()
    if (name === '') return setNameError(t('editors:app.nameEmpty'))
    if (name.length > 100) return setNameError(t('editors:app.nameLong'))
    if (name === app.name) return cancelEditing()
    setSaving(true)
    try {
      const updated = await api.call('catalog:rename-app', app.id, name)
      onChange(updated)
      focusRenameAfterEdit.current = true
      setEditing(false)
      notify(t('editors:app.renamed', { name: updated.name }))
    } catch (error) {
      setNameError(errorMessage(error))
    } finally {
      setSaving(false)
    }
  }
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault()
      void commit()
    } else if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      cancelEditing()
    }
  }

  const chooseIcon = async (file: File | undefined) => {
    if (!file) return
    setIconError(null)
    const check = checkIconFile(file, t)
    if (!check.ok) return setIconError(check.message)
    setIconBusy(true)
    try {
      const upload = await readIconUpload(file, check.mimeType)
      onChange(await api.call('catalog:set-icon', app.id, upload))
      notify(t('editors:app.iconChanged', { name: app.name }))
    } catch (error) {
      setIconError(errorMessage(error))
    } finally {
      setIconBusy(false)
      if (fileInput.current) fileInput.current.value = ''
    }
  }
  const resetIcon = async () => {
    setIconError(null)
    setIconBusy(true)
    try {
      onChange(await api.call('catalog:set-icon', app.id, null))
      notify(t('editors:app.iconReset', { name: app.name }))
    } catch (error) {
      setIconError(errorMessage(error))
    } finally {
      setIconBusy(false)
    }
  }
  const toggle = async (enabled: boolean) => {
    setToggling(true)
    try {
      onChange(await api.call('catalog:set-app-enabled', app.id, enabled))
    } catch (error) {
      notify(errorMessage(error), 'error')
    } finally {
      setToggling(false)
    }
  }

  const extensions = showAllExtensions ? app.extensions : app.extensions.slice(0, VISIBLE_EXTENSIONS)
  const hidden = app.extensions.length - extensions.length
  const actions = actionSummary(app, 3)

  return (
    <Box
      role="listitem"
      aria-label={app.name}
      sx={{
        display: 'grid',
        gridTemplateColumns: '32px minmax(170px, 240px) 1fr auto',
        columnGap: 2,
        rowGap: 0.5,
        alignItems: 'start',
        px: 2.5,
        py: 1.5,
        opacity: app.enabled ? 1 : 0.62,
        '&:not(:last-of-type)': { borderBottom: 1, borderColor: 'divider' },
      }}
    >
      <Box sx={{ pt: 0.25 }}>
        <AppIcon name={app.name} iconUrl={app.iconUrl} />
      </Box>
      <Box sx={{ minWidth: 0, gridColumn: editing ? '2 / 4' : undefined }}>
        {editing ? (
          <Stack direction="row" sx={{ gap: 0.5, alignItems: 'flex-start' }}>
            <TextField
              autoFocus
              value={draft}
              onChange={(event) => {
                setDraft(event.target.value)
                setNameError(null)
              }}
              onKeyDown={onKeyDown}
              error={nameError !== null}
              helperText={nameError ?? t('editors:app.editHelp', { name: app.discoveredName })}
              disabled={saving}
              slotProps={{ htmlInput: { 'aria-label': t('editors:app.newNameFor', { name: app.name }), maxLength: 100 } }}
              sx={{ flex: 1, minWidth: 0, maxWidth: 420 }}
            />
            <Button size="small" variant="contained" onClick={() => void commit()} loading={saving} sx={{ mt: 0.25 }}>
              {t('common:actions.save')}
            </Button>
            <Button size="small" onClick={cancelEditing} disabled={saving} sx={{ mt: 0.25 }}>
              {t('common:actions.cancel')}
            </Button>
          </Stack>
        ) : (
          <>
            <Stack direction="row" sx={{ alignItems: 'center', gap: 0.5, minWidth: 0 }}>
              <Typography variant="subtitle2" noWrap title={app.name} component="span">
                {app.name}
              </Typography>
              <Tooltip title={t('editors:app.renameNamed', { name: app.name })}>
                <IconButton
                  size="small"
                  aria-label={t('editors:app.renameNamed', { name: app.name })}
                  onClick={startEditing}
                  ref={renameButton}
                  sx={{ p: 0.25 }}
                >
                  <EditOutlined sx={{ fontSize: 16 }} />
                </IconButton>
              </Tooltip>
            </Stack>
            {app.renamed && (
              <Typography variant="caption" color="text.secondary" component="div" noWrap>
                {t('editors:app.discoveredAs', { name: app.discoveredName })}
              </Typography>
            )}
            {actions.shown.length > 0 && (
              <Typography
                variant="caption"
                color="text.secondary"
                component="div"
                title={t('editors:app.actions', { actions: [...actions.shown, ...actions.hidden].join(', ') })}
              >
                {actions.shown.join(' · ')}
                {actions.hidden.length > 0 && ` · ${t('editors:app.more', { count: actions.hidden.length })}`}
              </Typography>
            )}
            {!app.present && <Chip size="small" color="warning" variant="outlined" label={t('editors:app.gone')} sx={{ mt: 0.5 }} />}
          </>
        )}
      </Box>
      <Box
        sx={{ display: editing ? 'none' : 'flex', flexWrap: 'wrap', gap: 0.5, minWidth: 0, pt: 0.25 }}
        aria-label={t('editors:app.typesOf', { name: app.name })}
      >
        {app.extensions.length === 0 ? (
          <Typography variant="caption" color="text.secondary" sx={{ pt: 0.25, overflowWrap: 'anywhere' }}>
            {app.mimeTypes.length > 0 ? app.mimeTypes.join(', ') : t('editors:app.noTypes')}
          </Typography>
        ) : (
          <>
            {extensions.map((ext) => (
              <Chip key={ext} size="small" label={`.${ext}`} sx={{ height: 22, fontSize: '0.75rem', borderRadius: 1 }} />
            ))}
            {(hidden > 0 || showAllExtensions) && app.extensions.length > VISIBLE_EXTENSIONS && (
              <Chip
                size="small"
                variant="outlined"
                clickable
                onClick={() => setShowAllExtensions((value) => !value)}
                label={showAllExtensions ? t('editors:app.fewer') : t('editors:app.more', { count: hidden })}
                aria-label={
                  showAllExtensions
                    ? t('editors:app.fewerOf', { name: app.name })
                    : t('editors:app.moreOf', { count: hidden, name: app.name })
                }
                sx={{ height: 22, fontSize: '0.75rem', borderRadius: 1 }}
              />
            )}
          </>
        )}
      </Box>
      <Stack direction="row" sx={{ alignItems: 'center', gap: 0.25 }}>
        <input
          ref={fileInput}
          type="file"
          accept={ICON_ACCEPT}
          hidden
          aria-label={t('editors:app.iconFile', { name: app.name })}
          onChange={(event) => void chooseIcon(event.target.files?.[0])}
        />
        <Tooltip title={t('editors:app.changeIcon', { name: app.name })}>
          <span>
            <IconButton
              size="small"
              aria-label={t('editors:app.changeIcon', { name: app.name })}
              onClick={() => fileInput.current?.click()}
              disabled={iconBusy}
            >
              <ImageOutlined fontSize="small" />
            </IconButton>
          </span>
        </Tooltip>
        {app.iconSource === 'custom' && (
          <Tooltip title={t('editors:app.resetIconHelp')}>
            <span>
              <IconButton
                size="small"
                aria-label={t('editors:app.resetIcon', { name: app.name })}
                onClick={() => void resetIcon()}
                disabled={iconBusy}
              >
                <SettingsBackupRestoreOutlined fontSize="small" />
              </IconButton>
            </span>
          </Tooltip>
        )}
        <Tooltip title={app.enabled ? t('editors:app.enabledHelp') : t('editors:app.disabledHelp')}>
          <Switch
            size="small"
            checked={app.enabled}
            disabled={toggling}
            onChange={(_event, checked) => void toggle(checked)}
            slotProps={{ input: { 'aria-label': t('editors:card.enableNamed', { name: app.name }) } }}
          />
        </Tooltip>
      </Stack>
      {iconError && (
        <Typography variant="caption" color="error" role="alert" sx={{ gridColumn: '2 / -1' }}>
          {iconError}
        </Typography>
      )}
    </Box>
  )
}

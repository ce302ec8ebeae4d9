import Alert from '@mui/material/Alert'
import Button from '@mui/material/Button'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogContentText from '@mui/material/DialogContentText'
import DialogTitle from '@mui/material/DialogTitle'
import InputAdornment from '@mui/material/InputAdornment'
import ListItemIcon from '@mui/material/ListItemIcon'
import MenuItem from '@mui/material/MenuItem'
import Skeleton from '@mui/material/Skeleton'
import Stack from '@mui/material/Stack'
import TextField from '@mui/material/TextField'
import Box from '@mui/material/Box'
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react'
import type { OpenResult } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { errorMessage } from '../../api/api-call-error'
import { useCall } from '../../api/use-call'
import { AppIcon } from '../../components/AppIcon'
import { checkDocumentName, documentFileName, newDocumentTemplates } from './file-logic'
import { Trans, useTranslation } from 'react-i18next'

export function NewDocumentDialog({
  open,
  dir,
  place,
  onClose,
  onCreated,
}: {
  open: boolean
  dir: string
  /** the place `dir` is in (PlaceDto.id); the served folder when left out */
  place?: string
  onClose: () => void
  onCreated: (fileName: string, result: OpenResult) => void
}) {
  const { t } = useTranslation()
  const api = useApi()
  const titleId = useId()
  const catalog = useCall(() => (open ? api.call('catalog:list') : Promise.resolve(null)), [api, open])
  const templates = useMemo(() => newDocumentTemplates(catalog.data ?? []), [catalog.data])
  const [templateKey, setTemplateKey] = useState('')
  const [stem, setStem] = useState('')
  const [nameError, setNameError] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const template = templates.find((candidate) => candidate.key === templateKey) ?? templates[0]

  useEffect(() => {
    if (open) {
      setStem('')
      setNameError(null)
      setError(null)
      setTemplateKey('')
    }
  }, [open])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!template) return
    const problem = checkDocumentName(stem, t)
    if (problem) return setNameError(problem)
    const name = documentFileName(stem, template.ext)
    setBusy(true)
    setError(null)
    try {
      const result = await api.call('files:new-document', { ...(place ? { place } : {}), dir, name, appId: template.appId })
      onCreated(name, result)
    } catch (caught) {
      setError(errorMessage(caught))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} maxWidth="sm" aria-labelledby={titleId}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <DialogTitle id={titleId}>{t('files:newDocument')}</DialogTitle>
        <DialogContent>
          <DialogContentText variant="body2" sx={{ mb: 2.5 }}>
            {dir ? t('files:newDocumentDialog.introIn', { dir }) : t('files:newDocumentDialog.intro')}
          </DialogContentText>
          {catalog.loading && !catalog.data ? (
            <Stack sx={{ gap: 2 }}>
              <Skeleton variant="rounded" height={40} />
              <Skeleton variant="rounded" height={40} />
            </Stack>
          ) : catalog.error ? (
            <Alert severity="error">{catalog.error.message}</Alert>
          ) : templates.length === 0 ? (
            <Alert severity="info">
              <Trans i18nKey="files:newDocumentDialog.noTemplates" components={{ code: <code /> }} />
            </Alert>
          ) : (
            <Stack sx={{ gap: 2.5 }}>
              <TextField
                select
                label={t('files:newDocumentDialog.type')}
                value={template?.key ?? ''}
                onChange={(event) => setTemplateKey(event.target.value)}
                disabled={busy}
                fullWidth
              >
                {templates.map((candidate) => (
                  <MenuItem key={candidate.key} value={candidate.key}>
                    <ListItemIcon sx={{ minWidth: 32 }}>
                      <AppIcon name={candidate.appName} iconUrl={candidate.iconUrl} size={20} />
                    </ListItemIcon>
                    <Box component="span" sx={{ fontWeight: 600, mr: 0.75 }}>
                      .{candidate.ext}
                    </Box>
                    <Box component="span" sx={{ color: 'text.secondary' }}>
                      {candidate.appName} · {candidate.endpointName}
                    </Box>
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                autoFocus
                label={t('files:newDocumentDialog.name')}
                value={stem}
                onChange={(event) => {
                  setStem(event.target.value)
                  setNameError(null)
                }}
                error={nameError !== null}
                helperText={nameError ?? ' '}
                disabled={busy}
                fullWidth
                slotProps={{
                  input: template ? { endAdornment: <InputAdornment position="end">.{template.ext}</InputAdornment> } : {},
                  htmlInput: { maxLength: 200 },
                }}
              />
            </Stack>
          )}
          {error && (
            <Alert severity="error" sx={{ mt: 1 }}>
              {error}
            </Alert>
          )}
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={onClose} disabled={busy}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" variant="contained" loading={busy} disabled={!template}>
            {t('files:newDocumentDialog.create')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  )
}

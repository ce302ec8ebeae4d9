import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Card from '@mui/material/Card'
import InputAdornment from '@mui/material/InputAdornment'
import ListItemIcon from '@mui/material/ListItemIcon'
import MenuItem from '@mui/material/MenuItem'
import Skeleton from '@mui/material/Skeleton'
import Stack from '@mui/material/Stack'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import SearchRounded from '@mui/icons-material/SearchRounded'
import { useEffect, useId, useMemo, useRef, useState } from 'react'
import type { HandlerDto } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { errorMessage } from '../../api/api-call-error'
import { AppIcon } from '../../components/AppIcon'
import { ErrorAlert } from '../../components/ErrorAlert'
import { useNotify } from '../../components/NotifyProvider'
import { mapWithConcurrency } from '../../components/concurrency'
import { isCommonExtension, orderExtensions } from './catalog-logic'
import { Trans, useTranslation } from 'react-i18next'

const AUTOMATIC = '__automatic__'
const FIRST_SHOWN = 12

/**
 * For each extension that several apps open: which one "Open" uses (catalog:handlers / catalog:set-default).
 * Two editors share dozens of extensions, so the common ones come first and the others behind "Show all"
 * or the filter; handlers are fetched only for the extensions on screen.
 */
export function DefaultAppsSection({ extensions, catalogVersion }: { extensions: string[]; catalogVersion: number }) {
  const { t } = useTranslation()
  const api = useApi()
  const notify = useNotify()
  const headingId = useId()
  const [handlers, setHandlers] = useState<Record<string, HandlerDto[]>>({})
  const [error, setError] = useState<unknown>(null)
  const [saving, setSaving] = useState<string | null>(null)
  const [showAll, setShowAll] = useState(false)
  const [filter, setFilter] = useState('')
  const requested = useRef(new Set<string>())

  const ordered = useMemo(() => orderExtensions(extensions), [extensions])
  const needle = filter.trim().toLowerCase().replace(/^\./, '')
  const shown = needle
    ? ordered.filter((ext) => ext.includes(needle))
    : showAll
      ? ordered
      : ordered.slice(0, Math.max(FIRST_SHOWN, ordered.filter(isCommonExtension).length))

  // A catalog change can change every handler list: start over.
  useEffect(() => {
    requested.current = new Set()
    setHandlers({})
    setError(null)
  }, [catalogVersion])

  const shownKey = shown.join(',')
  useEffect(() => {
    const missing = shown.filter((ext) => !requested.current.has(ext))
    if (missing.length === 0) return
    for (const ext of missing) requested.current.add(ext)
    let cancelled = false
    mapWithConcurrency(missing, 6, async (ext) => [ext, await api.call('catalog:handlers', ext)] as const).then(
      (pairs) => !cancelled && setHandlers((previous) => ({ ...previous, ...Object.fromEntries(pairs) })),
      (caught: unknown) => {
        for (const ext of missing) requested.current.delete(ext)
        if (!cancelled) setError(caught)
      },
    )
    return () => {
      cancelled = true
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- shownKey stands for `shown`, a new array at each render
  }, [api, shownKey, catalogVersion])

  const choose = async (ext: string, value: string) => {
    setSaving(ext)
    try {
      const next = await api.call('catalog:set-default', ext, value === AUTOMATIC ? null : value)
      setHandlers((previous) => ({ ...previous, [ext]: next }))
      const chosen = next.find((handler) => handler.isDefault)
      notify(chosen ? t('editors:defaults.chosen', { ext, app: chosen.appName }) : t('editors:defaults.automaticChosen', { ext }))
    } catch (caught) {
      notify(errorMessage(caught), 'error')
    } finally {
      setSaving(null)
    }
  }

  if (extensions.length === 0) return null
  const hiddenCount = ordered.length - shown.length
  return (
    <Card component="section" aria-labelledby={headingId} sx={{ p: 2.5 }}>
      <Stack direction="row" sx={{ gap: 2, alignItems: 'flex-start', justifyContent: 'space-between', flexWrap: 'wrap', mb: 2.5 }}>
        <Box sx={{ flex: '1 1 360px' }}>
          <Typography variant="h2" component="h2" id={headingId}>
            {t('editors:defaults.title')}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
            <Trans i18nKey="editors:defaults.intro" count={extensions.length} components={{ strong: <strong /> }} />
          </Typography>
        </Box>
        <TextField
          placeholder={t('editors:defaults.filter')}
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          sx={{ width: 220 }}
          slotProps={{
            htmlInput: { 'aria-label': t('editors:defaults.filter') },
            input: {
              startAdornment: (
                <InputAdornment position="start">
                  <SearchRounded fontSize="small" />
                </InputAdornment>
              ),
            },
          }}
        />
      </Stack>
      {error !== null && <ErrorAlert error={error} sx={{ mb: 2 }} />}
      {shown.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {t('editors:defaults.noMatch', { filter: filter.trim() })}
        </Typography>
      ) : (
        <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', gap: 2 }}>
          {shown.map((ext) => {
            const list = handlers[ext]
            if (!list) return <Skeleton key={ext} variant="rounded" height={40} />
            const chosen = list.find((handler) => handler.isDefault)
            return (
              <TextField
                key={ext}
                select
                label={t('editors:defaults.appFor', { ext })}
                value={chosen?.appId ?? AUTOMATIC}
                disabled={saving === ext}
                onChange={(event) => void choose(ext, event.target.value)}
                fullWidth
                // The closed field names the app only: with the editor's name too it was cut to "WOPI Desk Text · …".
                // The menu still says which editor each app belongs to.
                slotProps={{
                  select: {
                    renderValue: (value) => {
                      const handler = list.find((candidate) => candidate.appId === value)
                      return handler ? handler.appName : t('editors:defaults.automatic')
                    },
                  },
                }}
                helperText={chosen ? chosen.endpointName : undefined}
              >
                <MenuItem value={AUTOMATIC}>
                  <Typography variant="body2" color="text.secondary" component="span">
                    {t('editors:defaults.automatic')}
                  </Typography>
                </MenuItem>
                {list.map((handler) => (
                  <MenuItem key={handler.appId} value={handler.appId}>
                    <ListItemIcon sx={{ minWidth: 30 }}>
                      <AppIcon name={handler.appName} iconUrl={handler.iconUrl} size={20} />
                    </ListItemIcon>
                    <Box component="span" sx={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
                      {handler.appName}
                      <Box component="span" sx={{ color: 'text.secondary' }}>
                        {' '}
                        · {handler.endpointName}
                      </Box>
                    </Box>
                  </MenuItem>
                ))}
              </TextField>
            )
          })}
        </Box>
      )}
      {!needle && (hiddenCount > 0 || showAll) && (
        <Button onClick={() => setShowAll((value) => !value)} sx={{ mt: 2 }} aria-expanded={showAll}>
          {showAll ? t('editors:defaults.commonOnly') : t('editors:defaults.showAll', { count: ordered.length })}
        </Button>
      )}
    </Card>
  )
}

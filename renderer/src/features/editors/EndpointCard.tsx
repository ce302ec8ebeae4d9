import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Card from '@mui/material/Card'
import Chip from '@mui/material/Chip'
import Collapse from '@mui/material/Collapse'
import Divider from '@mui/material/Divider'
import FormControlLabel from '@mui/material/FormControlLabel'
import MenuItem from '@mui/material/MenuItem'
import Stack from '@mui/material/Stack'
import Switch from '@mui/material/Switch'
import TextField from '@mui/material/TextField'
import Tooltip from '@mui/material/Tooltip'
import Typography from '@mui/material/Typography'
import DeleteOutlined from '@mui/icons-material/DeleteOutlined'
import ExpandMore from '@mui/icons-material/ExpandMore'
import GppGoodOutlined from '@mui/icons-material/GppGoodOutlined'
import GppMaybeOutlined from '@mui/icons-material/GppMaybeOutlined'
import RefreshRounded from '@mui/icons-material/RefreshRounded'
import { useId, useState, type ReactNode } from 'react'
import type { AppDto, EndpointDto } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { errorMessage } from '../../api/api-call-error'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { formatDateTime, formatRelative, pluralize } from '../../components/format'
import { useNotify } from '../../components/NotifyProvider'
import { monoFontFamily } from '../../components/brand'
import { AppRow } from './AppRow'
import { EndpointStatusLine } from './EndpointStatusLine'
import { endpointKindLabels, splitApps } from './catalog-logic'

export interface EndpointCardProps {
  endpoint: EndpointDto
  now: number
  refreshing: boolean
  onRefresh: () => void
  onEndpointChange: (endpoint: EndpointDto) => void
  onAppChange: (app: AppDto) => void
  onRemoved: () => void
}

/** One imported editor (discovery endpoint) and its apps. */
export function EndpointCard({ endpoint, now, refreshing, onRefresh, onEndpointChange, onAppChange, onRemoved }: EndpointCardProps) {
  const api = useApi()
  const notify = useNotify()
  const headingId = useId()
  const [confirmRemove, setConfirmRemove] = useState(false)
  const [showMimeApps, setShowMimeApps] = useState(false)
  const [busy, setBusy] = useState<'enabled' | 'zone' | null>(null)
  // The exact time is built on first hover: the first Intl.DateTimeFormat loads the locale's date patterns, which
  // took ~70 ms of the console's first render here, for a tooltip few people open.
  const [exactTimeWanted, setExactTimeWanted] = useState(false)
  const { byExtension, mimeOnly } = splitApps(endpoint.apps)

  const setEnabled = async (enabled: boolean) => {
    setBusy('enabled')
    try {
      onEndpointChange(await api.call('catalog:set-endpoint-enabled', endpoint.id, enabled))
    } catch (error) {
      notify(errorMessage(error), 'error')
    } finally {
      setBusy(null)
    }
  }
  const setZone = async (zone: string) => {
    setBusy('zone')
    try {
      onEndpointChange(await api.call('catalog:set-zone', endpoint.id, zone))
      notify(`${endpoint.name} now uses the ${zone} zone.`)
    } catch (error) {
      notify(errorMessage(error), 'error')
    } finally {
      setBusy(null)
    }
  }

  return (
    <Card component="section" aria-labelledby={headingId} sx={{ overflow: 'visible' }}>
      <Box sx={{ px: 2.5, pt: 2, pb: 2 }}>
        <Stack direction="row" sx={{ alignItems: 'center', gap: 1.5, flexWrap: 'wrap' }}>
          <Stack direction="row" sx={{ alignItems: 'center', gap: 1, flex: '1 1 240px', minWidth: 0 }}>
            <Typography variant="h2" component="h2" id={headingId} noWrap title={endpoint.name}>
              {endpoint.name}
            </Typography>
            {endpoint.name !== endpointKindLabels[endpoint.kind] && <Chip size="small" label={endpointKindLabels[endpoint.kind]} variant="outlined" />}
            {!endpoint.enabled && <Chip size="small" label="Disabled" />}
          </Stack>
          <FormControlLabel
            control={
              <Switch
                checked={endpoint.enabled}
                disabled={busy === 'enabled'}
                onChange={(_event, checked) => void setEnabled(checked)}
                slotProps={{ input: { 'aria-label': `Enable ${endpoint.name}` } }}
              />
            }
            label="Enabled"
            sx={{ mr: 0.5, '& .MuiFormControlLabel-label': { fontSize: '0.875rem' } }}
          />
          <Button
            variant="outlined"
            size="small"
            startIcon={<RefreshRounded />}
            onClick={onRefresh}
            loading={refreshing}
            loadingPosition="start"
            aria-label={`Refresh ${endpoint.name}`}
          >
            Refresh
          </Button>
          <Button
            size="small"
            color="error"
            startIcon={<DeleteOutlined />}
            onClick={() => setConfirmRemove(true)}
            aria-label={`Remove ${endpoint.name}`}
          >
            Remove
          </Button>
        </Stack>
        <EndpointStatusLine endpointId={endpoint.id} endpointName={endpoint.name} refreshKey={endpoint.lastAttemptAt ?? endpoint.fetchedAt} />

        <Box
          component="dl"
          sx={{
            display: 'grid',
            gridTemplateColumns: { xs: '1fr 1fr', md: 'minmax(0, 1.5fr) minmax(150px, 0.9fr) minmax(0, 1.5fr) minmax(110px, 0.7fr)' },
            columnGap: 3,
            rowGap: 2,
            m: 0,
            mt: 2,
          }}
        >
          <Detail label="Discovery URL">
            <Typography variant="body2" noWrap title={endpoint.discoveryUrl}>
              {endpoint.discoveryUrl}
            </Typography>
            {endpoint.insecureTls && (
              <Tooltip title="Certificate checks are off for this editor only, as chosen when it was imported.">
                <Chip size="small" color="warning" variant="outlined" label="Self-signed certificate trusted" sx={{ mt: 0.75 }} />
              </Tooltip>
            )}
          </Detail>
          <Detail label="Zone">
            {endpoint.zones.length < 2 ? (
              <Typography variant="body2" title="The only zone this editor publishes">
                {endpoint.zone}
              </Typography>
            ) : (
              <TextField
                select
                value={endpoint.zones.includes(endpoint.zone) ? endpoint.zone : ''}
                onChange={(event) => void setZone(event.target.value)}
                disabled={busy === 'zone'}
                slotProps={{ htmlInput: { 'aria-label': 'Zone' } }}
                sx={{ mt: 0.25 }}
                fullWidth
              >
                {endpoint.zones.map((zone) => (
                  <MenuItem key={zone} value={zone}>
                    {zone}
                  </MenuItem>
                ))}
              </TextField>
            )}
          </Detail>
          <Detail label="Proof keys">
            {endpoint.proofKeys.present ? (
              <Stack direction="row" sx={{ gap: 1, alignItems: 'flex-start' }}>
                <GppGoodOutlined color="success" fontSize="small" sx={{ mt: 0.25 }} aria-hidden />
                <Box>
                  <Typography variant="body2" sx={{ fontWeight: 600 }}>
                    Yes
                  </Typography>
                  <Typography variant="body2" color="text.secondary">
                    This editor signs its requests.
                    {endpoint.proofKeys.fingerprint && (
                      <>
                        {' '}
                        Key{' '}
                        <Box component="span" sx={{ fontFamily: monoFontFamily, fontSize: '0.75rem' }}>
                          {endpoint.proofKeys.fingerprint}
                        </Box>
                        {endpoint.proofKeys.hasOldKey ? ', with a previous key for rotation.' : '.'}
                      </>
                    )}
                  </Typography>
                </Box>
              </Stack>
            ) : (
              <Stack direction="row" sx={{ gap: 1, alignItems: 'flex-start' }}>
                <GppMaybeOutlined color="warning" fontSize="small" sx={{ mt: 0.25 }} aria-hidden />
                <Box>
                  <Typography variant="body2" sx={{ fontWeight: 600 }}>
                    No
                  </Typography>
                  <Typography variant="body2" color="text.secondary">
                    This editor publishes no proof keys: requests cannot be verified.
                  </Typography>
                </Box>
              </Stack>
            )}
          </Detail>
          <Detail label="Last refresh">
            <Typography
              variant="body2"
              title={exactTimeWanted ? formatDateTime(endpoint.fetchedAt) : undefined}
              onPointerEnter={() => setExactTimeWanted(true)}
            >
              {formatRelative(endpoint.fetchedAt, now)}
            </Typography>
          </Detail>
        </Box>

        {endpoint.lastError && (
          <Alert severity="warning" sx={{ mt: 2 }}>
            <strong>The last refresh failed</strong>
            {endpoint.lastAttemptAt ? ` (${formatRelative(endpoint.lastAttemptAt, now)})` : ''}: {endpoint.lastError} The apps below
            are from the last successful refresh.
          </Alert>
        )}
      </Box>

      <Divider />
      <Typography variant="overline" color="text.secondary" component="h3" sx={{ display: 'block', px: 2.5, pt: 1.25, pb: 0.25 }}>
        {pluralize(byExtension.length, 'app')} for file types
        {!endpoint.enabled && (
          <Box component="span" sx={{ textTransform: 'none', letterSpacing: 0, fontWeight: 500, ml: 1 }}>
            — not offered while this editor is disabled
          </Box>
        )}
      </Typography>
      <Box role="list" aria-label={`Apps of ${endpoint.name}`} sx={{ opacity: endpoint.enabled ? 1 : 0.6 }}>
        {byExtension.map((app) => (
          <AppRow key={app.id} app={app} onChange={onAppChange} />
        ))}
      </Box>
      {byExtension.length === 0 && (
        <Typography variant="body2" color="text.secondary" sx={{ px: 2.5, py: 2 }}>
          This editor lists no apps for file extensions.
        </Typography>
      )}
      {mimeOnly.length > 0 && (
        <>
          <Divider />
          <Button
            fullWidth
            onClick={() => setShowMimeApps((value) => !value)}
            aria-expanded={showMimeApps}
            endIcon={<ExpandMore sx={{ transform: showMimeApps ? 'rotate(180deg)' : 'none', transition: 'transform 150ms' }} />}
            sx={{ justifyContent: 'space-between', px: 2.5, py: 1.25, borderRadius: 0, color: 'text.secondary', fontWeight: 500 }}
          >
            {showMimeApps ? 'Hide' : 'Show'} {pluralize(mimeOnly.length, 'MIME-type app')} (for hosts that open files by content type)
          </Button>
          <Collapse in={showMimeApps} unmountOnExit>
            <Divider />
            <Box role="list" aria-label={`MIME-type apps of ${endpoint.name}`}>
              {mimeOnly.map((app) => (
                <AppRow key={app.id} app={app} onChange={onAppChange} />
              ))}
            </Box>
          </Collapse>
        </>
      )}

      <ConfirmDialog
        open={confirmRemove}
        title={`Remove ${endpoint.name}?`}
        confirmLabel="Remove"
        destructive
        onClose={() => setConfirmRemove(false)}
        onConfirm={async () => {
          await api.call('catalog:remove-endpoint', endpoint.id)
          notify(`${endpoint.name} was removed.`)
          onRemoved()
        }}
      >
        Its {pluralize(endpoint.apps.length, 'app')} will no longer be offered for opening files, and your names, icons and
        default choices for them are forgotten. Files and their versions are not touched.{' '}
        {endpoint.kind === 'builtin' ? 'It stays removed after a restart; “Restore the built-in editor” on this page brings it back.' : 'You can import the editor again later.'}
      </ConfirmDialog>
    </Card>
  )
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box sx={{ minWidth: 0 }}>
      <Typography component="dt" variant="overline" color="text.secondary" sx={{ display: 'block', lineHeight: 1.6 }}>
        {label}
      </Typography>
      <Box component="dd" sx={{ m: 0 }}>
        {children}
      </Box>
    </Box>
  )
}

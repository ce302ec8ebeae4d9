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
import { formatDateTime, formatRelative } from '../../components/format'
import { useNotify } from '../../components/NotifyProvider'
import { monoFontFamily } from '../../components/brand'
import { AppRow } from './AppRow'
import { EndpointStatusLine } from './EndpointStatusLine'
import { endpointKindLabel, showsKindChip, splitApps } from './catalog-logic'
import { Trans, useTranslation } from 'react-i18next'

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
  const { t } = useTranslation()
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
      notify(t('editors:card.zoneSet', { name: endpoint.name, zone }))
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
            {showsKindChip(endpoint, t) && <Chip size="small" label={endpointKindLabel(endpoint.kind, t)} variant="outlined" />}
            {!endpoint.enabled && <Chip size="small" label={t('editors:card.disabled')} />}
          </Stack>
          <FormControlLabel
            control={
              <Switch
                checked={endpoint.enabled}
                disabled={busy === 'enabled'}
                onChange={(_event, checked) => void setEnabled(checked)}
                slotProps={{ input: { 'aria-label': t('editors:card.enableNamed', { name: endpoint.name }) } }}
              />
            }
            label={t('editors:card.enabled')}
            sx={{ mr: 0.5, '& .MuiFormControlLabel-label': { fontSize: '0.875rem' } }}
          />
          <Button
            variant="outlined"
            size="small"
            startIcon={<RefreshRounded />}
            onClick={onRefresh}
            loading={refreshing}
            loadingPosition="start"
            aria-label={t('editors:card.refreshNamed', { name: endpoint.name })}
          >
            {t('common:actions.refresh')}
          </Button>
          <Button
            size="small"
            color="error"
            startIcon={<DeleteOutlined />}
            onClick={() => setConfirmRemove(true)}
            aria-label={t('editors:card.removeNamed', { name: endpoint.name })}
          >
            {t('editors:card.remove')}
          </Button>
        </Stack>
        <EndpointStatusLine
          endpointId={endpoint.id}
          endpointName={endpoint.name}
          refreshKey={endpoint.lastAttemptAt ?? endpoint.fetchedAt}
        />

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
          <Detail label={t('editors:card.discoveryUrl')}>
            <Typography variant="body2" noWrap title={endpoint.discoveryUrl}>
              {endpoint.discoveryUrl}
            </Typography>
            {endpoint.insecureTls && (
              <Tooltip title={t('editors:card.insecureHelp')}>
                <Chip size="small" color="warning" variant="outlined" label={t('editors:card.insecure')} sx={{ mt: 0.75 }} />
              </Tooltip>
            )}
          </Detail>
          <Detail label={t('editors:card.zone')}>
            {endpoint.zones.length < 2 ? (
              <Typography variant="body2" title={t('editors:card.onlyZone')}>
                {endpoint.zone}
              </Typography>
            ) : (
              <TextField
                select
                value={endpoint.zones.includes(endpoint.zone) ? endpoint.zone : ''}
                onChange={(event) => void setZone(event.target.value)}
                disabled={busy === 'zone'}
                slotProps={{ htmlInput: { 'aria-label': t('editors:card.zone') } }}
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
          <Detail label={t('editors:card.proofKeys')}>
            {endpoint.proofKeys.present ? (
              <ProofKeysStatus
                icon={<GppGoodOutlined color="success" fontSize="small" sx={{ mt: 0.25 }} aria-hidden />}
                title={t('editors:card.yes')}
              >
                {t('editors:card.signs')}
                {endpoint.proofKeys.fingerprint && (
                  <>
                    {' '}
                    <Trans
                      i18nKey={endpoint.proofKeys.hasOldKey ? 'editors:card.keyWithOld' : 'editors:card.key'}
                      values={{ fingerprint: endpoint.proofKeys.fingerprint }}
                      components={{ key: <Box component="span" sx={{ fontFamily: monoFontFamily, fontSize: '0.75rem' }} /> }}
                    />
                  </>
                )}
              </ProofKeysStatus>
            ) : (
              <ProofKeysStatus
                icon={<GppMaybeOutlined color="warning" fontSize="small" sx={{ mt: 0.25 }} aria-hidden />}
                title={t('editors:card.no')}
              >
                {t('editors:card.noKeys')}
              </ProofKeysStatus>
            )}
          </Detail>
          <Detail label={t('editors:card.lastRefresh')}>
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
            <Trans
              i18nKey={endpoint.lastAttemptAt ? 'editors:card.refreshFailedAt' : 'editors:card.refreshFailed'}
              values={{ when: endpoint.lastAttemptAt ? formatRelative(endpoint.lastAttemptAt, now) : '', error: endpoint.lastError }}
              components={{ strong: <strong /> }}
            />
          </Alert>
        )}
      </Box>

      <Divider />
      <Typography variant="overline" color="text.secondary" component="h3" sx={{ display: 'block', px: 2.5, pt: 1.25, pb: 0.25 }}>
        {t('editors:card.appsForTypes', { count: byExtension.length })}
        {!endpoint.enabled && (
          <Box component="span" sx={{ textTransform: 'none', letterSpacing: 0, fontWeight: 500, ml: 1 }}>
            {t('editors:card.notOffered')}
          </Box>
        )}
      </Typography>
      <Box role="list" aria-label={t('editors:card.appsOf', { name: endpoint.name })} sx={{ opacity: endpoint.enabled ? 1 : 0.6 }}>
        {byExtension.map((app) => (
          <AppRow key={app.id} app={app} onChange={onAppChange} />
        ))}
      </Box>
      {byExtension.length === 0 && (
        <Typography variant="body2" color="text.secondary" sx={{ px: 2.5, py: 2 }}>
          {t('editors:card.noApps')}
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
            {t(showMimeApps ? 'editors:card.hideMime' : 'editors:card.showMime', { count: mimeOnly.length })}
          </Button>
          <Collapse in={showMimeApps} unmountOnExit>
            <Divider />
            <Box role="list" aria-label={t('editors:card.mimeAppsOf', { name: endpoint.name })}>
              {mimeOnly.map((app) => (
                <AppRow key={app.id} app={app} onChange={onAppChange} />
              ))}
            </Box>
          </Collapse>
        </>
      )}

      <ConfirmDialog
        open={confirmRemove}
        title={t('editors:card.removeTitle', { name: endpoint.name })}
        confirmLabel={t('editors:card.remove')}
        destructive
        onClose={() => setConfirmRemove(false)}
        onConfirm={async () => {
          await api.call('catalog:remove-endpoint', endpoint.id)
          notify(t('editors:card.removed', { name: endpoint.name }))
          onRemoved()
        }}
      >
        {t('editors:card.removeBody', { count: endpoint.apps.length })}{' '}
        {endpoint.kind === 'builtin' ? t('editors:card.removeBuiltin') : t('editors:card.removeAgain')}
      </ConfirmDialog>
    </Card>
  )
}

/** Whether the editor signs its requests: an icon, a bold yes or no, and what follows from it. */
function ProofKeysStatus({ icon, title, children }: { icon: ReactNode; title: string; children: ReactNode }) {
  return (
    <Stack direction="row" sx={{ gap: 1, alignItems: 'flex-start' }}>
      {icon}
      <Box>
        <Typography variant="body2" sx={{ fontWeight: 600 }}>
          {title}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {children}
        </Typography>
      </Box>
    </Stack>
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

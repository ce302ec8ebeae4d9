import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import IconButton from '@mui/material/IconButton'
import Tooltip from '@mui/material/Tooltip'
import Typography from '@mui/material/Typography'
import ContentCopyRounded from '@mui/icons-material/ContentCopyRounded'
import RefreshRounded from '@mui/icons-material/RefreshRounded'
import TipsAndUpdatesOutlined from '@mui/icons-material/TipsAndUpdatesOutlined'
import { useState } from 'react'
import type { CheckResultDto } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { errorMessage } from '../../api/api-call-error'
import { monoFontFamily } from '../../components/brand'
import { copyText } from '../../components/clipboard'
import { useNotify } from '../../components/NotifyProvider'
import { asksForRefresh, formatSnippet, splitFix, withoutRefreshCommand } from './fix-text'
import { useTranslation } from 'react-i18next'

/** snippets longer than this get a block of their own */
const INLINE_MAX = 48

/** "How to fix", with snippets as copyable code and the catalog refresh as a button. */
export function FixAdvice({ check, onRefreshed }: { check: CheckResultDto; onRefreshed?: () => void }) {
  const { t } = useTranslation()
  const refresh = asksForRefresh(check.fix, check.endpointId)
  const parts = splitFix(refresh ? withoutRefreshCommand(check.fix) : check.fix)
  return (
    <Box sx={{ mt: 1, display: 'flex', gap: 1, alignItems: 'flex-start', p: 1.25, borderRadius: 1, bgcolor: 'action.hover' }}>
      <TipsAndUpdatesOutlined sx={{ fontSize: 18, color: 'primary.main', mt: 0.15 }} aria-hidden />
      <Box sx={{ minWidth: 0, flex: 1 }}>
        <Typography variant="body2" component="div" sx={{ overflowWrap: 'anywhere' }}>
          <Box component="span" sx={{ fontWeight: 650 }}>
            {t('doctor:howToFix')}{' '}
          </Box>
          {parts.map((part, index) =>
            part.kind === 'text' ? (
              <span key={index}>{part.text}</span>
            ) : (
              <Snippet key={index} code={formatSnippet(part.text)} block={part.text.length > INLINE_MAX} />
            ),
          )}
        </Typography>
        {refresh && check.endpointId && <RefreshButton endpointId={check.endpointId} onRefreshed={onRefreshed} />}
      </Box>
    </Box>
  )
}

function Snippet({ code, block }: { code: string; block: boolean }) {
  const { t } = useTranslation()
  const notify = useNotify()
  const copy = async () => {
    const ok = await copyText(code)
    notify(ok ? t('doctor:copied') : t('files:opened.copyBlocked'), ok ? 'success' : 'warning')
  }
  const button = (
    <Tooltip title={t('common:actions.copy')}>
      <IconButton
        size="small"
        aria-label={t('files:opened.copyNamed', { label: code.length > 40 ? `${code.slice(0, 40)}…` : code })}
        onClick={() => void copy()}
        sx={{ p: 0.25, ml: 0.25 }}
      >
        <ContentCopyRounded sx={{ fontSize: 15 }} />
      </IconButton>
    </Tooltip>
  )
  const codeSx = {
    fontFamily: monoFontFamily,
    fontSize: '0.8125rem',
    bgcolor: 'background.paper',
    border: 1,
    borderColor: 'divider',
    borderRadius: 0.75,
  }
  if (!block) {
    return (
      <Box component="span" sx={{ whiteSpace: 'nowrap' }}>
        <Box component="code" sx={{ ...codeSx, px: 0.5, py: 0.125, whiteSpace: 'pre-wrap' }}>
          {code}
        </Box>
        {button}
      </Box>
    )
  }
  return (
    <Box component="span" sx={{ display: 'flex', alignItems: 'flex-start', gap: 0.5, my: 0.75 }}>
      <Box
        component="code"
        sx={{ ...codeSx, display: 'block', flex: 1, minWidth: 0, px: 1, py: 0.75, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
      >
        {code}
      </Box>
      {button}
    </Box>
  )
}

function RefreshButton({ endpointId, onRefreshed }: { endpointId: string; onRefreshed: (() => void) | undefined }) {
  const { t } = useTranslation()
  const api = useApi()
  const notify = useNotify()
  const [busy, setBusy] = useState(false)
  const refresh = async () => {
    setBusy(true)
    try {
      await api.call('catalog:refresh', endpointId)
      notify(t('doctor:catalogRefreshed'), 'success')
      onRefreshed?.()
    } catch (error) {
      notify(errorMessage(error), 'error')
    } finally {
      setBusy(false)
    }
  }
  return (
    <Button
      size="small"
      variant="outlined"
      startIcon={<RefreshRounded />}
      loading={busy}
      loadingPosition="start"
      onClick={() => void refresh()}
      sx={{ mt: 1 }}
    >
      {t('doctor:refreshCatalog')}
    </Button>
  )
}

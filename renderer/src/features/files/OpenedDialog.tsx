import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import IconButton from '@mui/material/IconButton'
import Tooltip from '@mui/material/Tooltip'
import Typography from '@mui/material/Typography'
import ContentCopyRounded from '@mui/icons-material/ContentCopyRounded'
import OpenInNewRounded from '@mui/icons-material/OpenInNewRounded'
import { useId } from 'react'
import { monoFontFamily } from '../../components/brand'
import { copyText } from '../../components/clipboard'
import { useNotify } from '../../components/NotifyProvider'
import { actionLabel } from './file-logic'
import type { OpenedDocument } from './use-open-file'
import { Trans, useTranslation } from 'react-i18next'

/** Browser only: what was opened in the new tab, with both URLs, for when the tab was blocked or fails. */
export function OpenedDialog({ opened, onClose }: { opened: OpenedDocument | null; onClose: () => void }) {
  const { t } = useTranslation()
  const titleId = useId()
  return (
    <Dialog open={opened !== null} onClose={onClose} maxWidth="sm" aria-labelledby={titleId}>
      {opened && (
        <>
          <DialogTitle id={titleId}>{t('files:opened.title', { name: opened.fileName, app: opened.result.appName })}</DialogTitle>
          <DialogContent>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 2.5 }}>
              <Trans
                i18nKey={opened.result.canWrite ? 'files:opened.bodyWrite' : 'files:opened.bodyRead'}
                values={{ action: actionLabel(opened.result.action, t) }}
                components={{ strong: <strong /> }}
              />
            </Typography>
            <UrlField label={t('files:opened.hostPageUrl')} value={opened.result.hostPageUrl} />
            <UrlField label={t('files:opened.editorUrl')} value={opened.result.actionUrl} />
          </DialogContent>
          <DialogActions sx={{ px: 3, pb: 2 }}>
            <Button onClick={onClose}>{t('common:actions.close')}</Button>
            <Button
              variant="contained"
              href={opened.result.hostPageUrl}
              target="_blank"
              rel="noopener noreferrer"
              endIcon={<OpenInNewRounded />}
            >
              {t('files:opened.openHostPage')}
            </Button>
          </DialogActions>
        </>
      )}
    </Dialog>
  )
}

function UrlField({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation()
  const notify = useNotify()
  const labelId = useId()
  return (
    <Box sx={{ mb: 2 }}>
      <Typography variant="overline" color="text.secondary" id={labelId} component="div">
        {label}
      </Typography>
      <Box
        sx={{
          display: 'flex',
          alignItems: 'flex-start',
          gap: 1,
          p: 1,
          pl: 1.5,
          borderRadius: 1,
          bgcolor: 'action.hover',
        }}
      >
        <Typography
          aria-labelledby={labelId}
          sx={{ fontFamily: monoFontFamily, fontSize: '0.8125rem', overflowWrap: 'anywhere', flex: 1, py: 0.5 }}
        >
          {value}
        </Typography>
        <Tooltip title={t('common:actions.copy')}>
          <IconButton
            size="small"
            aria-label={t('files:opened.copyNamed', { label })}
            onClick={() =>
              void copyText(value).then((ok) =>
                notify(ok ? t('files:opened.copied', { label }) : t('files:opened.copyBlocked'), ok ? 'success' : 'warning'),
              )
            }
          >
            <ContentCopyRounded fontSize="small" />
          </IconButton>
        </Tooltip>
      </Box>
    </Box>
  )
}

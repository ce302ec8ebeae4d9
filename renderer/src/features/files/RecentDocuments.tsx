import Chip from '@mui/material/Chip'
import Stack from '@mui/material/Stack'
import Typography from '@mui/material/Typography'
import HistoryRounded from '@mui/icons-material/HistoryRounded'
import { useMemo } from 'react'
import { useApi } from '../../api/ApiProvider'
import { useCall } from '../../api/use-call'
import { recentDocumentsOf } from './recent-documents'
import { useTranslation } from 'react-i18next'

/** The documents opened last, one click to open again. Nothing is shown before the first document was opened. */
export function RecentDocuments({ onOpen }: { onOpen(path: string, name: string): void }) {
  const { t } = useTranslation()
  const api = useApi()
  const sessions = useCall(() => api.call('activity:sessions', 50), [api])
  const recent = useMemo(() => recentDocumentsOf(sessions.data ?? []), [sessions.data])
  if (recent.length === 0) return null
  return (
    <Stack
      component="nav"
      aria-label={t('files:recent.nav')}
      direction="row"
      sx={{ alignItems: 'center', gap: 1, mb: 1.5, flexWrap: 'wrap' }}
    >
      <Typography variant="body2" color="text.secondary" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}>
        <HistoryRounded fontSize="small" aria-hidden /> {t('files:recent.title')}
      </Typography>
      {recent.map((document) => (
        <Chip
          key={document.path}
          label={document.name}
          title={document.path}
          variant="outlined"
          size="small"
          onClick={() => onOpen(document.path, document.name)}
        />
      ))}
    </Stack>
  )
}

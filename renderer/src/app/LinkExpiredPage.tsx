import Box from '@mui/material/Box'
import Paper from '@mui/material/Paper'
import Typography from '@mui/material/Typography'
import LinkOffRounded from '@mui/icons-material/LinkOffRounded'
import { Trans, useTranslation } from 'react-i18next'

const commandSx = { fontFamily: 'monospace', px: 0.5, borderRadius: 0.5, bgcolor: 'action.hover' } as const

/** Shown instead of the console once the server no longer accepts this browser's console session. */
export function LinkExpiredPage() {
  const { t } = useTranslation()
  return (
    <Box sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', bgcolor: 'background.default', p: 3 }}>
      <Paper variant="outlined" sx={{ p: 5, maxWidth: 520, textAlign: 'center' }} role="alert">
        <LinkOffRounded sx={{ fontSize: 44, color: 'text.secondary', mb: 2 }} aria-hidden />
        <Typography variant="h1" component="h1" gutterBottom>
          {t('common:linkExpired.title')}
        </Typography>
        <Typography color="text.secondary">
          <Trans i18nKey="common:linkExpired.body" components={{ code: <Box component="code" sx={commandSx} /> }} />
        </Typography>
      </Paper>
    </Box>
  )
}

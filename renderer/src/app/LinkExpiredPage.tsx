import Box from '@mui/material/Box'
import Paper from '@mui/material/Paper'
import Typography from '@mui/material/Typography'
import LinkOffRounded from '@mui/icons-material/LinkOffRounded'

/** Shown instead of the console once the server no longer accepts this browser's console session. */
export function LinkExpiredPage() {
  return (
    <Box sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', bgcolor: 'background.default', p: 3 }}>
      <Paper variant="outlined" sx={{ p: 5, maxWidth: 520, textAlign: 'center' }} role="alert">
        <LinkOffRounded sx={{ fontSize: 44, color: 'text.secondary', mb: 2 }} aria-hidden />
        <Typography variant="h1" component="h1" gutterBottom>
          This console link is no longer valid.
        </Typography>
        <Typography color="text.secondary">
          Each start of WOPI Desk makes a new Console URL with a new key. Print the current one with{' '}
          <Box component="code" sx={{ fontFamily: 'monospace', px: 0.5, borderRadius: 0.5, bgcolor: 'action.hover' }}>
            wopi-desk console
          </Box>{' '}
          (in a clone of the repository:{' '}
          <Box component="code" sx={{ fontFamily: 'monospace', px: 0.5, borderRadius: 0.5, bgcolor: 'action.hover' }}>
            npm run -s cli -- console
          </Box>
          ) and open it here.
        </Typography>
      </Paper>
    </Box>
  )
}

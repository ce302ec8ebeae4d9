import Box from '@mui/material/Box'
import Typography from '@mui/material/Typography'
import type { ReactNode } from 'react'

/** What an empty page says: what belongs here, why it is empty, and the one thing to do next. */
export function EmptyState({ icon, title, children, action }: { icon: ReactNode; title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Box
      sx={{
        textAlign: 'center',
        py: { xs: 6, md: 8 },
        px: 3,
        border: 1,
        borderStyle: 'dashed',
        borderColor: 'divider',
        borderRadius: 2,
        bgcolor: 'background.paper',
      }}
    >
      <Box
        sx={{
          display: 'inline-flex',
          p: 1.5,
          mb: 2,
          borderRadius: '50%',
          color: 'primary.main',
          bgcolor: 'action.hover',
          '& svg': { fontSize: 32 },
        }}
        aria-hidden
      >
        {icon}
      </Box>
      <Typography variant="h2" component="h2" gutterBottom>
        {title}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ maxWidth: 520, mx: 'auto', mb: action ? 3 : 0 }} component="div">
        {children}
      </Typography>
      {action}
    </Box>
  )
}

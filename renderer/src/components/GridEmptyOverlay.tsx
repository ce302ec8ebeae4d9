import Box from '@mui/material/Box'
import Typography from '@mui/material/Typography'
import type { ReactNode } from 'react'

/** What an empty grid says, centred in the grid: an icon, one line of what is missing, one of what to do. */
export function GridEmptyOverlay({ icon, title, children }: { icon: ReactNode; title: string; children?: ReactNode }) {
  return (
    <Box sx={{ height: '100%', display: 'grid', placeItems: 'center', p: 3, textAlign: 'center' }}>
      <Box sx={{ maxWidth: 440 }}>
        <Box aria-hidden sx={{ color: 'text.disabled', mb: 1, '& svg': { fontSize: 40 } }}>
          {icon}
        </Box>
        <Typography variant="h3" component="p" sx={{ mb: 0.5 }}>
          {title}
        </Typography>
        {children && (
          <Typography variant="body2" color="text.secondary">
            {children}
          </Typography>
        )}
      </Box>
    </Box>
  )
}

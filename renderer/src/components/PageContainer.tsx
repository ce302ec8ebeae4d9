import Box from '@mui/material/Box'
import type { ReactNode } from 'react'

/** The content column of a page: one width and padding for every page. `fill` lets a grid take the rest of the height. */
export function PageContainer({ children, fill, maxWidth = 1200 }: { children: ReactNode; fill?: boolean; maxWidth?: number }) {
  return (
    <Box
      sx={{
        width: '100%',
        maxWidth,
        px: { xs: 2.5, md: 3, lg: 4 },
        py: 3.5,
        ...(fill ? { flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' } : {}),
      }}
    >
      {children}
    </Box>
  )
}

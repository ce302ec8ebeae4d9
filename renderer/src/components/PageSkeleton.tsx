import Box from '@mui/material/Box'
import Skeleton from '@mui/material/Skeleton'

export function PageSkeleton() {
  return (
    <Box sx={{ p: 4 }} aria-busy="true" aria-label="Loading">
      <Skeleton variant="text" width={220} height={36} />
      <Skeleton variant="text" width={420} sx={{ mb: 3 }} />
      <Skeleton variant="rounded" height={160} sx={{ mb: 2 }} />
      <Skeleton variant="rounded" height={160} />
    </Box>
  )
}

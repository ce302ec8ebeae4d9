import Box from '@mui/material/Box'
import Skeleton from '@mui/material/Skeleton'
import { useTranslation } from 'react-i18next'

export function PageSkeleton() {
  const { t } = useTranslation()
  return (
    <Box sx={{ p: 4 }} aria-busy="true" aria-label={t('common:loading')}>
      <Skeleton variant="text" width={220} height={36} />
      <Skeleton variant="text" width={420} sx={{ mb: 3 }} />
      <Skeleton variant="rounded" height={160} sx={{ mb: 2 }} />
      <Skeleton variant="rounded" height={160} />
    </Box>
  )
}

import Box from '@mui/material/Box'
import Skeleton from '@mui/material/Skeleton'
import type { SvgIconProps } from '@mui/material/SvgIcon'
import Typography from '@mui/material/Typography'
import type { ComponentType } from 'react'
import type { CallState } from '../api/use-call'
import { ErrorAlert } from './ErrorAlert'

/**
 * A list in a dialog while it has no rows to show: the error with a retry, rows of skeleton while the first answer
 * is on its way, or an icon with why the list is empty. Renders nothing once there are rows.
 */
export function DialogListStates({
  list,
  emptyIcon: EmptyIcon,
  emptyTitle,
  emptyHelp,
}: {
  list: Pick<CallState<readonly unknown[]>, 'data' | 'error' | 'loading' | 'reload'>
  emptyIcon: ComponentType<SvgIconProps>
  emptyTitle: string
  emptyHelp: string
}) {
  return (
    <>
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.reload()} sx={{ m: 2 }} />}
      {list.loading && !list.data && (
        <Box sx={{ p: 2 }} aria-busy="true">
          {[0, 1, 2].map((index) => (
            <Skeleton key={index} height={44} />
          ))}
        </Box>
      )}
      {list.data?.length === 0 && (
        <Box sx={{ p: 4, textAlign: 'center' }}>
          <EmptyIcon sx={{ fontSize: 36, color: 'text.secondary', mb: 1 }} aria-hidden />
          <Typography>{emptyTitle}</Typography>
          <Typography variant="body2" color="text.secondary">
            {emptyHelp}
          </Typography>
        </Box>
      )}
    </>
  )
}

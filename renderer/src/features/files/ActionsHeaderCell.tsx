import Box from '@mui/material/Box'
import TableCell from '@mui/material/TableCell'
import { visuallyHidden } from '../../components/visually-hidden'
import { useTranslation } from 'react-i18next'

/** The header over a column of row buttons: nothing to see, but a screen reader names the column. */
export function ActionsHeaderCell() {
  const { t } = useTranslation()
  return (
    <TableCell align="right" sx={{ pr: 3 }}>
      <Box component="span" sx={visuallyHidden}>
        {t('files:columns.actions')}
      </Box>
    </TableCell>
  )
}

import Box from '@mui/material/Box'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import Typography from '@mui/material/Typography'
import { BarChart } from '@mui/x-charts/BarChart'
import { formatDuration } from '../../components/format'
import { useDarkMode } from '../../components/use-dark-mode'
import type { LatencyStat } from './activity-logic'
import { useTranslation } from 'react-i18next'

/** Median and p95 duration per WOPI operation, with the numbers beside the bars. */
export function LatencyChart({ stats }: { stats: LatencyStat[] }) {
  const { t } = useTranslation()
  const dark = useDarkMode()
  if (stats.length === 0) {
    return (
      <Typography color="text.secondary" sx={{ py: 6, textAlign: 'center' }}>
        {t('activity:latency.none')}
      </Typography>
    )
  }
  const dataset = stats.map((stat) => ({ operation: stat.operation, median: stat.median, p95: stat.p95 }))
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 2 }}>
      <Box role="figure" aria-label={t('activity:latency.figure')}>
        <BarChart
          height={260}
          dataset={dataset}
          xAxis={[{ scaleType: 'band', dataKey: 'operation', tickLabelStyle: { fontSize: 11 } }]}
          yAxis={[{ label: 'ms', width: 48 }]}
          series={[
            {
              dataKey: 'median',
              label: t('activity:latency.median'),
              color: dark ? '#86a9ff' : '#2456c4',
              valueFormatter: (value) => (value == null ? '' : formatDuration(value)),
            },
            {
              dataKey: 'p95',
              label: t('activity:latency.p95Long'),
              color: dark ? '#e0a24a' : '#d9822b',
              valueFormatter: (value) => (value == null ? '' : formatDuration(value)),
            },
          ]}
          grid={{ horizontal: true }}
          margin={{ left: 8, right: 8, top: 8, bottom: 8 }}
          borderRadius={4}
        />
      </Box>
      <Table size="small" aria-label={t('activity:latency.title')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('activity:columns.operation')}</TableCell>
            <TableCell align="right">{t('activity:tabs.requests')}</TableCell>
            <TableCell align="right">{t('activity:statusErrors')}</TableCell>
            <TableCell align="right">{t('activity:latency.median')}</TableCell>
            <TableCell align="right">{t('activity:latency.p95')}</TableCell>
            <TableCell align="right">{t('activity:latency.max')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {stats.map((stat) => (
            <TableRow key={stat.operation}>
              <TableCell sx={{ fontWeight: 600 }}>{stat.operation}</TableCell>
              <TableCell align="right" sx={numeric}>
                {stat.count.toLocaleString()}
              </TableCell>
              <TableCell align="right" sx={{ ...numeric, color: stat.errors > 0 ? 'error.main' : 'text.secondary' }}>
                {stat.errors.toLocaleString()}
              </TableCell>
              <TableCell align="right" sx={numeric}>
                {formatDuration(stat.median)}
              </TableCell>
              <TableCell align="right" sx={numeric}>
                {formatDuration(stat.p95)}
              </TableCell>
              <TableCell align="right" sx={{ ...numeric, color: 'text.secondary' }}>
                {formatDuration(stat.max)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  )
}

const numeric = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const

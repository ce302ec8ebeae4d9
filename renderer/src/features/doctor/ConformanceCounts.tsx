import Chip from '@mui/material/Chip'
import type { ConformanceReport } from '../../../../electron/contract/dto'
import { useTranslation } from 'react-i18next'

/** A conformance report's passed, failed and skipped counts as chips; failures stand out only when there are some. */
export function ConformanceCounts({ report }: { report: Pick<ConformanceReport, 'passed' | 'failed' | 'skipped'> }) {
  const { t } = useTranslation()
  return (
    <>
      <Chip color="success" variant="outlined" label={t('doctor:counts.passed', { count: report.passed })} />
      <Chip
        color={report.failed > 0 ? 'error' : 'default'}
        variant={report.failed > 0 ? 'filled' : 'outlined'}
        label={t('doctor:counts.failed', { count: report.failed })}
      />
      <Chip variant="outlined" label={t('doctor:counts.skipped', { count: report.skipped })} />
    </>
  )
}

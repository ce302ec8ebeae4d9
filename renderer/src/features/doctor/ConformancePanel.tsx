import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Card from '@mui/material/Card'
import Stack from '@mui/material/Stack'
import Typography from '@mui/material/Typography'
import FactCheckOutlined from '@mui/icons-material/FactCheckOutlined'
import { useId, useState } from 'react'
import type { ConformanceReport } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { errorMessage } from '../../api/api-call-error'
import { monoFontFamily } from '../../components/brand'
import { CaseTitle } from './CaseTitle'
import { ConformanceCounts } from './ConformanceCounts'
import { skipReasons } from './conformance-logic'
import { RunProgress } from './RunProgress'
import { useTranslation } from 'react-i18next'

/** Runs the WOPI validator cases against this host (conformance:run) and lists what failed. */
export function ConformancePanel() {
  const { t } = useTranslation()
  const api = useApi()
  const headingId = useId()
  const [report, setReport] = useState<ConformanceReport | null>(null)
  const [running, setRunning] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const run = async () => {
    setRunning(true)
    setError(null)
    try {
      setReport(await api.call('conformance:run', {}))
    } catch (caught) {
      setError(errorMessage(caught))
    } finally {
      setRunning(false)
    }
  }
  const failing = report?.cases.filter((testCase) => testCase.status === 'failed') ?? []
  const skipped = report ? skipReasons(report.cases, t) : []

  return (
    <Card component="section" aria-labelledby={headingId} sx={{ p: 3 }}>
      <Stack direction="row" sx={{ gap: 2, alignItems: 'flex-start', justifyContent: 'space-between', flexWrap: 'wrap' }}>
        <Box sx={{ flex: '1 1 360px' }}>
          <Typography variant="h2" component="h2" id={headingId}>
            {t('doctor:conformance.title')}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
            {t('doctor:conformance.description')}
          </Typography>
        </Box>
        <Button variant="outlined" startIcon={<FactCheckOutlined />} onClick={() => void run()} loading={running} loadingPosition="start">
          {t('doctor:conformance.run')}
        </Button>
      </Stack>
      <RunProgress running={running} runningLabel={t('doctor:conformance.running')} error={error} />
      {report && (
        <Box sx={{ mt: 2.5 }} aria-live="polite">
          <Stack
            direction="row"
            sx={{ gap: 1, flexWrap: 'wrap', mb: failing.length > 0 ? 2 : 0 }}
            aria-label={t('doctor:conformance.summary')}
          >
            <ConformanceCounts report={report} />
          </Stack>
          {failing.length === 0 ? (
            <Alert severity="success" sx={{ mt: 2 }}>
              {t('doctor:conformance.allPassed')}
            </Alert>
          ) : (
            <Box
              component="ul"
              aria-label={t('doctor:conformance.failing')}
              sx={{ listStyle: 'none', m: 0, p: 0, border: 1, borderColor: 'divider', borderRadius: 1 }}
            >
              {failing.map((testCase) => (
                <Box
                  component="li"
                  key={`${testCase.group}/${testCase.name}`}
                  sx={{ px: 2, py: 1.5, '& + &': { borderTop: 1, borderColor: 'divider' } }}
                >
                  <CaseTitle testCase={testCase} />
                  {testCase.message && (
                    <Typography variant="body2" color="error" sx={{ mt: 0.25 }}>
                      {testCase.message}
                    </Typography>
                  )}
                </Box>
              ))}
            </Box>
          )}
          {skipped.length > 0 && (
            <Box sx={{ mt: 2 }}>
              <Typography variant="subtitle2" component="h3" sx={{ mb: 0.75 }}>
                {t('doctor:conformance.whySkipped', { count: report.skipped })}
              </Typography>
              <Box component="ul" aria-label={t('doctor:conformance.skipReasons')} sx={{ m: 0, pl: 0, listStyle: 'none' }}>
                {skipped.map((skip) => (
                  <Box component="li" key={skip.reason} sx={{ mb: 0.5 }}>
                    <Box
                      component="details"
                      sx={{
                        '& summary': { cursor: 'pointer', fontSize: '0.875rem', py: 0.25 },
                        '& summary:focus-visible': { outline: 2, outlineColor: 'primary.main', outlineStyle: 'solid' },
                      }}
                    >
                      <summary>
                        <strong>{skip.cases.length}</strong> — {skip.reason}
                      </summary>
                      <Box
                        component="ul"
                        sx={{ m: 0, mt: 0.5, pl: 3, fontFamily: monoFontFamily, fontSize: '0.75rem', color: 'text.secondary' }}
                      >
                        {skip.cases.map((name) => (
                          <li key={name}>{name}</li>
                        ))}
                      </Box>
                    </Box>
                  </Box>
                ))}
              </Box>
            </Box>
          )}
        </Box>
      )}
    </Card>
  )
}

import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Card from '@mui/material/Card'
import Chip from '@mui/material/Chip'
import MenuItem from '@mui/material/MenuItem'
import Stack from '@mui/material/Stack'
import TextField from '@mui/material/TextField'
import ToggleButton from '@mui/material/ToggleButton'
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup'
import Typography from '@mui/material/Typography'
import TravelExploreOutlined from '@mui/icons-material/TravelExploreOutlined'
import { useId, useState, type FormEvent } from 'react'
import type { ConformanceCaseDto, ConformanceReport } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { errorMessage } from '../../api/api-call-error'
import { monoFontFamily } from '../../components/brand'
import { CaseTitle } from './CaseTitle'
import { ConformanceCounts } from './ConformanceCounts'
import { RunProgress } from './RunProgress'
import { casesToShow, exchangeText, headline, inputProblem, type CaseFilter } from './check-host-logic'
import { Trans, useTranslation } from 'react-i18next'

const CATEGORIES = ['WopiCore', 'OfficeOnline', 'All'] as const
const STATUS_COLOR = { passed: 'success', failed: 'error', skipped: 'default' } as const

/**
 * "Check another host": the conformance cases `wopi-desk validate` runs (Microsoft's and WOPI Desk's own) against
 * any WOPI host, from a WOPISrc and its token or from a host page URL. The token stays in this form and the
 * request; the report comes back redacted.
 */
export function CheckAnotherHost() {
  const { t } = useTranslation()
  const api = useApi()
  const headingId = useId()
  const [target, setTarget] = useState('')
  const [token, setToken] = useState('')
  const [category, setCategory] = useState<(typeof CATEGORIES)[number]>('WopiCore')
  const [report, setReport] = useState<ConformanceReport | null>(null)
  const [running, setRunning] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [touched, setTouched] = useState(false)
  const [filter, setFilter] = useState<CaseFilter>('problems')
  const problem = inputProblem(target, token, t)

  const run = async (event: FormEvent) => {
    event.preventDefault()
    setTouched(true)
    if (problem) return
    setRunning(true)
    setError(null)
    setReport(null)
    try {
      setReport(
        await api.call('conformance:check-host', { target: target.trim(), ...(token.trim() ? { token: token.trim() } : {}), category }),
      )
    } catch (caught) {
      setError(errorMessage(caught))
    } finally {
      setRunning(false)
    }
  }

  const shown = report ? casesToShow(report, filter) : []
  const summary = report ? headline(report, t) : null

  return (
    <Card component="section" aria-labelledby={headingId} sx={{ p: 3 }}>
      <Typography variant="h2" component="h2" id={headingId}>
        {t('doctor:otherHost.title')}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
        <Trans i18nKey="doctor:otherHost.description" components={{ code: <Box component="code" sx={{ fontFamily: monoFontFamily }} /> }} />
      </Typography>
      <Box component="form" noValidate onSubmit={(event) => void run(event)} sx={{ mt: 2 }}>
        <Stack direction={{ xs: 'column', md: 'row' }} sx={{ gap: 2, alignItems: { md: 'flex-start' } }}>
          <TextField
            label={t('doctor:otherHost.target')}
            value={target}
            onChange={(event) => setTarget(event.target.value)}
            error={touched && problem !== null}
            helperText={touched && problem ? problem : t('doctor:otherHost.targetHelp')}
            size="small"
            sx={{ flex: '2 1 320px' }}
            slotProps={{ htmlInput: { spellCheck: false, autoComplete: 'off' } }}
          />
          <TextField
            label={t('doctor:otherHost.token')}
            type="password"
            value={token}
            onChange={(event) => setToken(event.target.value)}
            helperText={t('doctor:otherHost.tokenHelp')}
            size="small"
            sx={{ flex: '1 1 200px' }}
            slotProps={{ htmlInput: { autoComplete: 'off' } }}
          />
          <TextField
            select
            label={t('doctor:otherHost.category')}
            value={category}
            onChange={(event) => setCategory(event.target.value as (typeof CATEGORIES)[number])}
            size="small"
            sx={{ flex: '0 0 150px' }}
          >
            {CATEGORIES.map((name) => (
              <MenuItem key={name} value={name}>
                {name}
              </MenuItem>
            ))}
          </TextField>
          <Button
            type="submit"
            variant="outlined"
            startIcon={<TravelExploreOutlined />}
            loading={running}
            loadingPosition="start"
            sx={{ flex: '0 0 auto' }}
          >
            {t('doctor:otherHost.run')}
          </Button>
        </Stack>
      </Box>
      <RunProgress running={running} runningLabel={t('doctor:otherHost.running')} error={error} />
      {report && summary && (
        <Box sx={{ mt: 2.5 }} aria-live="polite">
          <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap', alignItems: 'center' }} aria-label={t('doctor:otherHost.summary')}>
            <ConformanceCounts report={report} />
            <Box sx={{ flex: 1 }} />
            <ToggleButtonGroup
              size="small"
              exclusive
              value={filter}
              onChange={(_event, value: CaseFilter | null) => value && setFilter(value)}
              aria-label={t('doctor:otherHost.casesToList')}
            >
              <ToggleButton value="problems">{t('doctor:otherHost.problems')}</ToggleButton>
              <ToggleButton value="all">{t('doctor:otherHost.all')}</ToggleButton>
            </ToggleButtonGroup>
          </Stack>
          <Alert severity={summary.severity} sx={{ mt: 2 }}>
            {summary.text}
          </Alert>
          {report.cleanup && report.cleanup.leftovers.length > 0 && (
            <Alert severity="warning" sx={{ mt: 1 }}>
              {t('doctor:otherHost.leftovers', { files: report.cleanup.leftovers.join(', ') })}
            </Alert>
          )}
          {shown.length > 0 && (
            <Box
              component="ul"
              aria-label={t('doctor:otherHost.cases')}
              sx={{ listStyle: 'none', m: 0, mt: 2, p: 0, border: 1, borderColor: 'divider', borderRadius: 1 }}
            >
              {shown.map((testCase) => (
                <CaseRow key={`${testCase.group}/${testCase.name}`} testCase={testCase} />
              ))}
            </Box>
          )}
        </Box>
      )}
    </Card>
  )
}

function CaseRow({ testCase }: { testCase: ConformanceCaseDto }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const exchanges = testCase.requests ?? []
  return (
    <Box component="li" sx={{ px: 2, py: 1.5, '& + &': { borderTop: 1, borderColor: 'divider' } }}>
      <Stack direction="row" sx={{ gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <Chip
          size="small"
          color={STATUS_COLOR[testCase.status]}
          variant={testCase.status === 'failed' ? 'filled' : 'outlined'}
          label={t(`doctor:caseStatus.${testCase.status}`)}
        />
        <CaseTitle testCase={testCase} />
        {exchanges.length > 0 && (
          <Button size="small" onClick={() => setOpen(!open)} aria-expanded={open} sx={{ ml: 'auto' }}>
            {open ? t('doctor:otherHost.hideExchange') : t('doctor:otherHost.showExchange', { count: exchanges.length })}
          </Button>
        )}
      </Stack>
      {testCase.message && (
        <Typography
          variant="body2"
          color={testCase.status === 'failed' ? 'error' : 'text.secondary'}
          sx={{ mt: 0.5, overflowWrap: 'anywhere' }}
        >
          {testCase.message}
        </Typography>
      )}
      {open && (
        <Box
          component="pre"
          aria-label={t('doctor:otherHost.exchangeOf', { name: testCase.name })}
          sx={{
            mt: 1,
            mb: 0,
            p: 1.5,
            bgcolor: 'action.hover',
            borderRadius: 1,
            fontFamily: monoFontFamily,
            fontSize: '0.75rem',
            whiteSpace: 'pre-wrap',
            overflowWrap: 'anywhere',
          }}
        >
          {exchanges.map(exchangeText).join('\n\n')}
        </Box>
      )}
    </Box>
  )
}

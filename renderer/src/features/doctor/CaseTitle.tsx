import Box from '@mui/material/Box'
import Typography from '@mui/material/Typography'
import type { ConformanceCaseDto } from '../../../../electron/contract/dto'
import { monoFontFamily } from '../../components/brand'

/** A conformance case's name as the validator spells it, after its suite (WOPI Desk's own cases) and group. */
export function CaseTitle({ testCase }: { testCase: Pick<ConformanceCaseDto, 'suite' | 'group' | 'name'> }) {
  return (
    <Typography variant="body2" sx={{ fontWeight: 600 }}>
      <Box component="span" sx={{ color: 'text.secondary', fontWeight: 500 }}>
        {testCase.suite === 'wopi-desk' ? 'WOPI Desk › ' : ''}
        {testCase.group} ›{' '}
      </Box>
      <Box component="span" sx={{ fontFamily: monoFontFamily, fontSize: '0.8125rem' }}>
        {testCase.name}
      </Box>
    </Typography>
  )
}

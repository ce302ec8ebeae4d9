import Box from '@mui/material/Box'
import Typography from '@mui/material/Typography'
import Papa from 'papaparse'
import { memo, useMemo } from 'react'
import { monoFontFamily } from '../components/brand'
import { useTranslation } from 'react-i18next'

// A read-only table of the CSV/TSV text, parsed with papaparse (quotes, embedded separators and line breaks
// handled as RFC 4180 says). Big files show their first rows: this is a view to check the data, not a grid.

const MAX_ROWS = 2000
const MAX_COLUMNS = 100

function CsvTableImpl({ text, tab }: { text: string; tab: boolean }) {
  const { t } = useTranslation()
  const parsed = useMemo(() => {
    const result = Papa.parse<string[]>(text, { delimiter: tab ? '\t' : '', skipEmptyLines: 'greedy' })
    return { rows: result.data, errors: result.errors.length, delimiter: result.meta.delimiter }
  }, [text, tab])
  const [header, ...body] = parsed.rows
  if (!header) {
    return (
      <Box sx={{ p: 4, color: 'text.secondary' }}>
        <Typography>{t('editor:csv.empty')}</Typography>
      </Box>
    )
  }
  const columns = Math.min(MAX_COLUMNS, Math.max(header.length, ...body.slice(0, MAX_ROWS).map((row) => row.length)))
  const shown = body.slice(0, MAX_ROWS)
  const notes: string[] = []
  if (body.length > MAX_ROWS) notes.push(t('editor:csv.firstRows', { shown: MAX_ROWS, count: body.length }))
  if (columns === MAX_COLUMNS) notes.push(t('editor:csv.firstColumns', { count: MAX_COLUMNS }))
  if (parsed.errors) notes.push(t('editor:csv.parseErrors', { count: parsed.errors }))
  const cells = (row: string[]) => Array.from({ length: columns }, (_, i) => row[i] ?? '')
  return (
    <Box sx={{ height: '100%', display: 'flex', flexDirection: 'column', minHeight: 0 }}>
      {notes.length > 0 && (
        <Typography variant="body2" sx={{ px: 2, py: 1, color: 'text.secondary', borderBottom: 1, borderColor: 'divider' }}>
          {notes.join(' ')}
        </Typography>
      )}
      <Box sx={{ flex: 1, overflow: 'auto', minHeight: 0 }}>
        <Box
          component="table"
          aria-label={t('editor:csv.label')}
          sx={{
            borderCollapse: 'separate',
            borderSpacing: 0,
            fontSize: '0.85rem',
            fontFamily: monoFontFamily,
            minWidth: '100%',
            '& th, & td': {
              borderBottom: 1,
              borderRight: 1,
              borderColor: 'divider',
              px: 1.25,
              py: 0.6,
              textAlign: 'left',
              whiteSpace: 'pre',
              maxWidth: 420,
              overflow: 'hidden',
              textOverflow: 'ellipsis',
              verticalAlign: 'top',
            },
            '& thead th': {
              position: 'sticky',
              top: 0,
              zIndex: 1,
              bgcolor: 'background.paper',
              fontWeight: 650,
              fontFamily: 'inherit',
              boxShadow: (theme) => `inset 0 -2px 0 ${theme.vars?.palette.divider ?? theme.palette.divider}`,
            },
            '& th.row-number, & td.row-number': {
              color: 'text.secondary',
              textAlign: 'right',
              bgcolor: 'action.hover',
              position: 'sticky',
              left: 0,
              minWidth: 44,
              fontWeight: 400,
            },
            '& thead th.row-number': { zIndex: 2 },
            '& tbody tr:hover td': { bgcolor: 'action.hover' },
          }}
        >
          <thead>
            <tr>
              <th className="row-number" scope="col">
                #
              </th>
              {cells(header).map((cell, i) => (
                <th key={i} scope="col" title={cell}>
                  {cell || '\u00a0'}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row, r) => (
              <tr key={r}>
                <td className="row-number">{r + 2}</td>
                {cells(row).map((cell, i) => (
                  <td key={i} title={cell.length > 40 ? cell : undefined}>
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </Box>
      </Box>
    </Box>
  )
}

const CsvTable = memo(CsvTableImpl)
export default CsvTable

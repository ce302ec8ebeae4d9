import Box from '@mui/material/Box'
import Typography from '@mui/material/Typography'
import type { TextEncodingInfo } from '../../../electron/contract/editor-page'
import { useTranslation } from 'react-i18next'

export interface StatusBarProps {
  line: number
  column: number
  characters: number
  encoding: TextEncodingInfo
  kindLabel: string
  problem: string | null
  locale: string | null
}

/** Where the caret is and what will be written: encoding and line endings are preserved on save. */
export function StatusBar({ line, column, characters, encoding, kindLabel, problem, locale }: StatusBarProps) {
  const { t, i18n } = useTranslation()
  // Numbers in the document's locale when the host named one of our languages' regions, else the page's.
  const number = new Intl.NumberFormat(locale && locale.split('-')[0] === i18n.language.split('-')[0] ? locale : i18n.language)
  const items = [
    t('editor:status.position', { line: number.format(line), column: number.format(column) }),
    t('editor:status.characters', { count: characters, formatted: number.format(characters) }),
    kindLabel,
    encoding.label,
    encoding.mixedLineEndings ? t('editor:status.mixedEndings', { ending: encoding.lineEnding }) : encoding.lineEnding,
  ]
  return (
    <Box
      component="footer"
      sx={{
        display: 'flex',
        alignItems: 'center',
        gap: 2,
        px: 2,
        height: 28,
        flexShrink: 0,
        borderTop: 1,
        borderColor: 'divider',
        bgcolor: 'background.paper',
        color: 'text.secondary',
        fontSize: '0.75rem',
        overflow: 'hidden',
        whiteSpace: 'nowrap',
      }}
    >
      {problem && (
        <Typography component="span" sx={{ fontSize: 'inherit', color: 'warning.main', fontWeight: 600 }}>
          {problem}
        </Typography>
      )}
      <Box sx={{ flex: 1 }} />
      {items.map((item) => (
        <span key={item}>{item}</span>
      ))}
    </Box>
  )
}

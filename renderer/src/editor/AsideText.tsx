import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import IconButton from '@mui/material/IconButton'
import Stack from '@mui/material/Stack'
import Tooltip from '@mui/material/Tooltip'
import Typography from '@mui/material/Typography'
import CloseIcon from '@mui/icons-material/Close'
import { useRef } from 'react'
import { monoFontFamily } from '../components/brand'
import { useTranslation } from 'react-i18next'

// "Your text", kept beside the document after the user loaded theirs (or when an unsaved draft could not
// go back into the editor). Not a modal: the user copies from it into the document at their own pace.

export interface AsideTextProps {
  title: string
  note: string
  text: string
  canUse: boolean
  canSaveAs: boolean
  onCopy(textarea: HTMLTextAreaElement | null): void
  onUse(): void
  onSaveAs(): void
  onDismiss(): void
}

export function AsideText({ title, note, text, canUse, canSaveAs, onCopy, onUse, onSaveAs, onDismiss }: AsideTextProps) {
  const { t } = useTranslation()
  const ref = useRef<HTMLTextAreaElement>(null)
  return (
    <Box
      component="aside"
      aria-label={title}
      sx={{
        width: { xs: '100%', md: 380 },
        flexShrink: 0,
        display: 'flex',
        flexDirection: 'column',
        // Longhands: a responsive `border` shorthand would reset the colour to currentColor.
        borderLeftWidth: { xs: 0, md: 1 },
        borderTopWidth: { xs: 1, md: 0 },
        borderStyle: 'solid',
        borderRightWidth: 0,
        borderBottomWidth: 0,
        borderColor: 'divider',
        bgcolor: 'background.paper',
        minHeight: 0,
      }}
    >
      <Stack direction="row" spacing={1} sx={{ px: 2, pt: 1.5, pb: 1, alignItems: 'flex-start' }}>
        <Box sx={{ flex: 1 }}>
          <Typography component="h2" sx={{ fontWeight: 650, fontSize: '0.95rem' }}>
            {title}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {note}
          </Typography>
        </Box>
        <Tooltip title={t('editor:aside.hideHelp')}>
          <IconButton aria-label={t('editor:aside.hide')} size="small" onClick={onDismiss}>
            <CloseIcon fontSize="small" />
          </IconButton>
        </Tooltip>
      </Stack>
      <Box
        component="textarea"
        ref={ref}
        readOnly
        value={text}
        aria-label={title}
        spellCheck={false}
        sx={{
          flex: 1,
          minHeight: 160,
          mx: 2,
          p: 1.5,
          resize: 'none',
          border: 1,
          borderColor: 'divider',
          borderRadius: 1.5,
          bgcolor: 'background.default',
          color: 'text.primary',
          font: `0.85rem/1.55 ${monoFontFamily}`,
          outline: 'none',
          '&:focus-visible': { borderColor: 'primary.main' },
        }}
      />
      <Stack direction="row" spacing={1} sx={{ p: 2, flexWrap: 'wrap', rowGap: 1 }}>
        <Button size="small" variant="outlined" onClick={() => onCopy(ref.current)}>
          {t('editor:aside.copyAll')}
        </Button>
        {canSaveAs && (
          <Button size="small" variant="outlined" onClick={onSaveAs}>
            {t('editor:aside.saveCopy')}
          </Button>
        )}
        {canUse && (
          <Button size="small" onClick={onUse}>
            {t('editor:aside.use')}
          </Button>
        )}
      </Stack>
    </Box>
  )
}

import AppBar from '@mui/material/AppBar'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Chip from '@mui/material/Chip'
import Divider from '@mui/material/Divider'
import IconButton from '@mui/material/IconButton'
import ToggleButton from '@mui/material/ToggleButton'
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup'
import Toolbar from '@mui/material/Toolbar'
import Tooltip from '@mui/material/Tooltip'
import Typography from '@mui/material/Typography'
import CloseIcon from '@mui/icons-material/Close'
import LockOutlinedIcon from '@mui/icons-material/LockOutlined'
import MoreVertIcon from '@mui/icons-material/MoreVert'
import SaveOutlinedIcon from '@mui/icons-material/SaveOutlined'
import Menu from '@mui/material/Menu'
import MenuItem from '@mui/material/MenuItem'
import { useState } from 'react'
import { visuallyHidden } from '../components/visually-hidden'
import { useTranslation } from 'react-i18next'

export type StatusTone = 'neutral' | 'busy' | 'dirty' | 'error'

export interface ViewChoice {
  id: string
  label: string
}

export interface EditorToolbarProps {
  fileName: string
  kindLabel: string
  readOnly: boolean
  status: string
  statusTone: StatusTone
  views: ViewChoice[]
  view: string
  onView(view: string): void
  canSave: boolean
  saving: boolean
  canSaveAs: boolean
  canRename: boolean
  onSave(): void
  onSaveAs(): void
  onRename(): void
  onClose(): void
  shortcut: string
  /** narrow frame: secondary actions move into a menu so the bar stays one row */
  compact: boolean
  /**
   * inside a host page that has its own bar (file name, app, Close): this bar then carries only the editing
   * tools, so the window shows one header with one name and one ✕ (the host's Close asks us via Action_Close)
   */
  embedded: boolean
}

const toneColor: Record<StatusTone, string> = {
  neutral: 'text.secondary',
  busy: 'text.secondary',
  dirty: 'warning.main',
  error: 'error.main',
}

export function EditorToolbar(props: EditorToolbarProps) {
  const { fileName, kindLabel, readOnly, status, statusTone, views, view, onView, compact } = props
  const { t } = useTranslation()
  const [menuAnchor, setMenuAnchor] = useState<HTMLElement | null>(null)
  const secondary = [
    ...(props.canSaveAs ? [{ label: t('editor:toolbar.saveAs'), run: props.onSaveAs }] : []),
    ...(props.canRename ? [{ label: t('common:actions.rename'), run: props.onRename }] : []),
  ]
  return (
    <AppBar position="static" sx={{ borderBottom: 1, borderColor: 'divider', bgcolor: 'background.paper' }}>
      <Toolbar variant="dense" sx={{ gap: compact ? 1 : 1.5, minHeight: 52, py: 0.5, px: { xs: 1.5, sm: 2 } }}>
        {!props.embedded && <Box component="img" src="/favicon.svg" alt="" sx={{ width: 26, height: 26, flexShrink: 0 }} />}
        <Box sx={{ minWidth: 0, display: 'flex', alignItems: 'center', gap: 1, flexShrink: 1 }}>
          {props.embedded ? (
            <Typography component="h1" sx={visuallyHidden}>
              {fileName}
            </Typography>
          ) : props.canRename ? (
            <Tooltip title={t('common:actions.rename')}>
              <Button
                onClick={props.onRename}
                color="inherit"
                aria-label={t('editor:toolbar.renameNamed', { name: fileName })}
                sx={{
                  fontWeight: 650,
                  fontSize: '0.98rem',
                  px: 1,
                  minWidth: 0,
                  maxWidth: compact ? 200 : 360,
                  justifyContent: 'flex-start',
                }}
              >
                <Box component="span" sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                  {fileName}
                </Box>
              </Button>
            </Tooltip>
          ) : (
            <Typography
              component="h1"
              sx={{
                fontWeight: 650,
                fontSize: '0.98rem',
                px: 1,
                overflow: 'hidden',
                textOverflow: 'ellipsis',
                whiteSpace: 'nowrap',
                maxWidth: 360,
              }}
            >
              {fileName}
            </Typography>
          )}
          {!compact && <Chip label={kindLabel} size="small" variant="outlined" sx={{ height: 22, fontSize: '0.72rem' }} />}
          {readOnly && (
            <Chip
              icon={<LockOutlinedIcon />}
              label={t('editor:toolbar.readOnly')}
              size="small"
              color="default"
              sx={{ height: 22, fontSize: '0.72rem' }}
            />
          )}
        </Box>
        <Typography
          role="status"
          aria-live="polite"
          variant="body2"
          sx={{
            color: toneColor[statusTone],
            fontWeight: statusTone === 'dirty' || statusTone === 'error' ? 600 : 400,
            whiteSpace: 'nowrap',
            overflow: 'hidden',
            textOverflow: 'ellipsis',
            minWidth: 0,
          }}
        >
          {status}
        </Typography>
        <Box sx={{ flex: 1 }} />
        {views.length > 1 && (
          <ToggleButtonGroup
            size="small"
            exclusive
            value={view}
            onChange={(_event, next: string | null) => next && onView(next)}
            aria-label={t('editor:toolbar.view')}
          >
            {views.map((choice) => (
              <ToggleButton key={choice.id} value={choice.id}>
                {choice.label}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
        )}
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5, flexShrink: 0 }}>
          {!compact &&
            secondary.map((action) => (
              <Button key={action.label} onClick={action.run} color="inherit">
                {action.label}
              </Button>
            ))}
          {compact && secondary.length > 0 && (
            <>
              <Tooltip title={t('editor:toolbar.more')}>
                <IconButton
                  aria-label={t('editor:toolbar.more')}
                  aria-haspopup="menu"
                  onClick={(event) => setMenuAnchor(event.currentTarget)}
                >
                  <MoreVertIcon />
                </IconButton>
              </Tooltip>
              <Menu anchorEl={menuAnchor} open={menuAnchor !== null} onClose={() => setMenuAnchor(null)}>
                {secondary.map((action) => (
                  <MenuItem
                    key={action.label}
                    onClick={() => {
                      setMenuAnchor(null)
                      action.run()
                    }}
                  >
                    {action.label}
                  </MenuItem>
                ))}
              </Menu>
            </>
          )}
          {!readOnly && (
            <Tooltip title={t('editor:toolbar.saveShortcut', { shortcut: props.shortcut })}>
              <span>
                <Button
                  variant="contained"
                  onClick={props.onSave}
                  disabled={!props.canSave || props.saving}
                  startIcon={<SaveOutlinedIcon />}
                  sx={{ ml: 0.5 }}
                >
                  {t('common:actions.save')}
                </Button>
              </span>
            </Tooltip>
          )}
          {!props.embedded && (
            <>
              <Divider orientation="vertical" flexItem sx={{ mx: 0.75, my: 1 }} />
              <Tooltip title={t('common:actions.close')}>
                <IconButton aria-label={t('common:actions.close')} onClick={props.onClose} edge="end">
                  <CloseIcon />
                </IconButton>
              </Tooltip>
            </>
          )}
        </Box>
      </Toolbar>
    </AppBar>
  )
}

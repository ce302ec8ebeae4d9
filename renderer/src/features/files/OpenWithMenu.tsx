import Divider from '@mui/material/Divider'
import ListItemIcon from '@mui/material/ListItemIcon'
import ListItemText from '@mui/material/ListItemText'
import Menu from '@mui/material/Menu'
import MenuItem from '@mui/material/MenuItem'
import Skeleton from '@mui/material/Skeleton'
import { useEffect, useState } from 'react'
import type { FileEntryDto } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { errorMessage } from '../../api/api-call-error'
import { AppIcon } from '../../components/AppIcon'
import { actionLabel, openChoices, type OpenChoice } from './file-logic'
import { useTranslation } from 'react-i18next'

/** "Open with": every app × action that handles the file's extension (catalog:handlers). */
export function OpenWithMenu({
  entry,
  anchor,
  onClose,
  onChoose,
}: {
  entry: FileEntryDto | null
  anchor: HTMLElement | null
  onClose: () => void
  onChoose: (entry: FileEntryDto, choice: OpenChoice) => void
}) {
  const { t } = useTranslation()
  const api = useApi()
  const [choices, setChoices] = useState<OpenChoice[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (!entry) return
    let cancelled = false
    setChoices(null)
    setError(null)
    api.call('catalog:handlers', entry.ext).then(
      (handlers) => !cancelled && setChoices(openChoices(handlers)),
      (caught: unknown) => !cancelled && setError(errorMessage(caught)),
    )
    return () => {
      cancelled = true
    }
  }, [api, entry])

  return (
    <Menu
      open={entry !== null && anchor !== null}
      anchorEl={anchor}
      onClose={onClose}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
      transformOrigin={{ vertical: 'top', horizontal: 'right' }}
      slotProps={{
        list: { 'aria-label': entry ? `Open ${entry.name} with` : 'Open with', dense: true },
        paper: { sx: { minWidth: 280, maxHeight: 420 } },
      }}
    >
      {entry && choices === null && !error && (
        <MenuItem disabled>
          <Skeleton width={200} />
        </MenuItem>
      )}
      {error && (
        <MenuItem disabled sx={{ whiteSpace: 'normal', maxWidth: 360 }}>
          {error}
        </MenuItem>
      )}
      {choices?.length === 0 && (
        <MenuItem disabled sx={{ whiteSpace: 'normal', maxWidth: 360 }}>
          {t('files:openWith.none', { ext: entry?.ext ?? '' })}
        </MenuItem>
      )}
      {choices?.flatMap((choice, index) => {
        const item = (
          <MenuItem
            key={`${choice.appId}:${choice.action}`}
            onClick={() => {
              if (entry) onChoose(entry, choice)
              onClose()
            }}
          >
            <ListItemIcon>
              <AppIcon name={choice.appName} iconUrl={choice.iconUrl} size={22} />
            </ListItemIcon>
            <ListItemText
              primary={t('files:openWith.choice', { action: actionLabel(choice.action, t), app: choice.appName })}
              secondary={choice.isDefault ? t('files:openWith.default', { endpoint: choice.endpointName }) : choice.endpointName}
            />
          </MenuItem>
        )
        const previous = choices[index - 1]
        return previous && previous.appId !== choice.appId ? [<Divider key={`d-${index}`} />, item] : [item]
      })}
    </Menu>
  )
}

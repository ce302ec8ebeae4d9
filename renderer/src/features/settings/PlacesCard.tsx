import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Card from '@mui/material/Card'
import IconButton from '@mui/material/IconButton'
import List from '@mui/material/List'
import ListItem from '@mui/material/ListItem'
import ListItemIcon from '@mui/material/ListItemIcon'
import ListItemText from '@mui/material/ListItemText'
import MenuItem from '@mui/material/MenuItem'
import Stack from '@mui/material/Stack'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import DeleteOutlineRounded from '@mui/icons-material/DeleteOutlineRounded'
import FolderOutlined from '@mui/icons-material/FolderOutlined'
import HomeOutlined from '@mui/icons-material/HomeOutlined'
import InsertDriveFileOutlined from '@mui/icons-material/InsertDriveFileOutlined'
import { useId, useState, type FormEvent } from 'react'
import type { PlaceDto } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { errorMessage } from '../../api/api-call-error'
import { monoFontFamily } from '../../components/brand'
import { useNotify } from '../../components/NotifyProvider'
import { usePlaces } from '../files/use-places'
import { useTranslation } from 'react-i18next'

// A path, not language: the same in every translation.
const PLACE_PATH_EXAMPLE = '/home/me/Projects'

/**
 * The places this desk serves: the served folder first (changed with "Folder to serve" above), then folders and
 * single documents added here or by opening a document from elsewhere. Removing one never deletes a file.
 */
export function PlacesCard() {
  const { t } = useTranslation()
  const api = useApi()
  const notify = useNotify()
  const headingId = useId()
  const places = usePlaces()
  const [path, setPath] = useState('')
  const [kind, setKind] = useState<'folder' | 'file'>('folder')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<{ text: string; ofPath: boolean } | null>(null)

  const add = async (event: FormEvent) => {
    event.preventDefault()
    if (!path.trim()) {
      setProblem({ text: t('settings:places.typePath'), ofPath: true })
      return
    }
    setBusy(true)
    setProblem(null)
    try {
      const added = await api.call('places:add', { path: path.trim(), kind })
      setPath('')
      await places.reload()
      notify(t('settings:places.added', { name: added.name }))
    } catch (error) {
      setProblem({ text: errorMessage(error), ofPath: true })
    } finally {
      setBusy(false)
    }
  }

  const remove = async (place: PlaceDto) => {
    setProblem(null)
    try {
      await api.call('places:remove', { id: place.id })
      await places.reload()
      notify(t('settings:places.removed', { name: place.name }))
    } catch (error) {
      setProblem({ text: errorMessage(error), ofPath: false })
    }
  }

  const browse = async () => {
    const chosen = await api.pickPath?.(kind)
    if (chosen) setPath(chosen)
  }

  return (
    <Card component="section" aria-labelledby={headingId} sx={{ p: 3 }}>
      <Typography variant="h2" component="h2" id={headingId}>
        {t('settings:places.title')}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
        {t('settings:places.description')}
      </Typography>
      {places.error && !places.data && (
        <Alert severity="error" sx={{ mt: 2 }}>
          {errorMessage(places.error)}
        </Alert>
      )}
      <List aria-label={t('settings:places.title')} dense sx={{ mt: 1 }}>
        {(places.data ?? []).map((place) => (
          <ListItem
            key={place.id}
            disableGutters
            secondaryAction={
              place.isRoot ? undefined : (
                <IconButton
                  edge="end"
                  aria-label={t('settings:places.removeLabel', { name: place.name })}
                  title={t('settings:places.removeTitle')}
                  onClick={() => void remove(place)}
                >
                  <DeleteOutlineRounded />
                </IconButton>
              )
            }
          >
            <ListItemIcon sx={{ minWidth: 36 }}>
              {place.isRoot ? <HomeOutlined /> : place.kind === 'file' ? <InsertDriveFileOutlined /> : <FolderOutlined />}
            </ListItemIcon>
            <ListItemText
              primary={place.isRoot ? t('settings:places.rootName', { name: place.name }) : place.name}
              secondary={
                <Box component="span" sx={{ fontFamily: monoFontFamily, overflowWrap: 'anywhere' }}>
                  {place.path || t('settings:places.noFolder')}
                  {!place.available && place.path ? t('settings:places.unavailableSuffix') : ''}
                </Box>
              }
            />
          </ListItem>
        ))}
      </List>
      <Stack
        component="form"
        aria-label={t('settings:places.addForm')}
        direction="row"
        onSubmit={(event) => void add(event)}
        noValidate
        sx={{ gap: 1.5, mt: 1, flexWrap: 'wrap', alignItems: 'flex-start' }}
      >
        <TextField
          label={t('settings:places.pathLabel')}
          placeholder={PLACE_PATH_EXAMPLE}
          value={path}
          onChange={(event) => setPath(event.target.value)}
          disabled={busy}
          error={problem?.ofPath === true}
          sx={{ flex: '1 1 320px' }}
          slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: monoFontFamily } } }}
        />
        <TextField
          select
          label={t('settings:places.serve')}
          value={kind}
          onChange={(event) => setKind(event.target.value as 'folder' | 'file')}
          disabled={busy}
          sx={{ width: 190 }}
        >
          <MenuItem value="folder">{t('settings:places.wholeFolder')}</MenuItem>
          <MenuItem value="file">{t('settings:places.justDocument')}</MenuItem>
        </TextField>
        {api.pickPath && (
          <Button variant="outlined" onClick={() => void browse()} disabled={busy} sx={{ height: 40, mt: 0.5 }}>
            {t('settings:browse')}
          </Button>
        )}
        <Button type="submit" variant="contained" loading={busy} sx={{ height: 40, mt: 0.5 }}>
          {t('settings:places.add')}
        </Button>
      </Stack>
      {problem && (
        <Alert severity="error" sx={{ mt: 2 }} onClose={() => setProblem(null)}>
          {problem.text}
        </Alert>
      )}
    </Card>
  )
}

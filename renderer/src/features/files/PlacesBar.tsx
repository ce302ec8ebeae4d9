import Chip from '@mui/material/Chip'
import Stack from '@mui/material/Stack'
import FolderOutlined from '@mui/icons-material/FolderOutlined'
import HomeOutlined from '@mui/icons-material/HomeOutlined'
import InsertDriveFileOutlined from '@mui/icons-material/InsertDriveFileOutlined'
import type { PlaceDto } from '../../../../electron/contract/dto'
import { routeHref } from '../../app/routes'
import { useTranslation } from 'react-i18next'

/**
 * The places this desk serves, the served folder first: one chip each, the current one filled. Shown only when
 * there is more than the served folder, so a desk with one folder looks as it always did.
 */
export function PlacesBar({ places, current }: { places: readonly PlaceDto[]; current: string }) {
  const { t } = useTranslation()
  if (places.length < 2) return null
  return (
    <Stack component="nav" aria-label={t('files:places.nav')} direction="row" sx={{ gap: 1, flexWrap: 'wrap', mb: 1.5 }}>
      {places.map((place) => {
        const selected = place.id === current
        const icon = place.isRoot ? <HomeOutlined /> : place.kind === 'file' ? <InsertDriveFileOutlined /> : <FolderOutlined />
        return (
          <Chip
            key={place.id}
            component="a"
            href={routeHref({ page: 'files', place: place.id })}
            clickable
            icon={icon}
            label={place.name}
            title={place.available ? place.path : t('files:places.unavailable', { path: place.path })}
            color={selected ? 'primary' : 'default'}
            variant={selected ? 'filled' : 'outlined'}
            aria-current={selected ? 'page' : undefined}
            disabled={!place.available}
          />
        )
      })}
    </Stack>
  )
}

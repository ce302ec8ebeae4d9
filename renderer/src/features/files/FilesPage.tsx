import Box from '@mui/material/Box'
import Breadcrumbs from '@mui/material/Breadcrumbs'
import Button from '@mui/material/Button'
import Card from '@mui/material/Card'
import IconButton from '@mui/material/IconButton'
import InputAdornment from '@mui/material/InputAdornment'
import Link from '@mui/material/Link'
import Stack from '@mui/material/Stack'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import AddRounded from '@mui/icons-material/AddRounded'
import CreateNewFolderOutlined from '@mui/icons-material/CreateNewFolderOutlined'
import UploadFileOutlined from '@mui/icons-material/UploadFileOutlined'
import ClearRounded from '@mui/icons-material/ClearRounded'
import FolderOpenOutlined from '@mui/icons-material/FolderOpenOutlined'
import HomeOutlined from '@mui/icons-material/HomeOutlined'
import SearchRounded from '@mui/icons-material/SearchRounded'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { FileEntryDto } from '../../../../electron/contract/dto'
import { useEvent } from '../../api/use-event'
import { routeHref } from '../../app/routes'
import { useSettings } from '../../app/SettingsContext'
import { navigate } from '../../app/use-hash-route'
import { ErrorAlert } from '../../components/ErrorAlert'
import { GridEmptyOverlay } from '../../components/GridEmptyOverlay'
import { PageContainer } from '../../components/PageContainer'
import { PageHeader } from '../../components/PageHeader'
import { useNow } from '../../components/use-now'
import { breadcrumbTrail, folderDisplayName, parentDir } from './file-logic'
import { FilesTable, PLACEHOLDER_ROWS } from './FilesTable'
import { listingKeyId, nextSort, type ListingKey, type SortDirection, type SortKey } from './folder-windows'
import { NewDocumentDialog } from './NewDocumentDialog'
import { OpenedDialog } from './OpenedDialog'
import { useFileActions } from './FileActions'
import { OpenWithMenu } from './OpenWithMenu'
import { useFolderWindows } from './use-folder-windows'
import { RecentDocuments } from './RecentDocuments'
import { useOpenFile } from './use-open-file'
import { TrashButton } from './TrashView'
import { VersionsDialog } from './VersionsDialog'
import { Trans, useTranslation } from 'react-i18next'
import { PlacesBar } from './PlacesBar'
import { usePlaces } from './use-places'

const SEARCH_DELAY_MS = 250
const CHANGE_DELAY_MS = 300

export function FilesPage({ dir, place }: { dir: string; place?: string }) {
  const { t } = useTranslation()
  const settings = useSettings()
  const places = usePlaces()
  const currentPlace = place ? places.data?.find((candidate) => candidate.id === place) : undefined
  const inServedFolder = place === undefined
  // A folder place has the served folder's actions; a single-file place is browsed and opened from only.
  const canChange = inServedFolder || currentPlace?.kind === 'folder'
  const now = useNow(30_000)
  const cache = useFolderWindows()
  const [queryText, setQueryText] = useState('')
  const [query, setQuery] = useState('')
  const [order, setOrder] = useState<{ sort: SortKey; direction: SortDirection }>({ sort: 'name', direction: 'asc' })
  const { open, present, opened, opening, closeOpened } = useOpenFile(place)
  const [openWith, setOpenWith] = useState<{ entry: FileEntryDto; anchor: HTMLElement } | null>(null)
  const [versionsOf, setVersionsOf] = useState<FileEntryDto | null>(null)
  const [newDocumentOpen, setNewDocumentOpen] = useState(false)
  const [dragging, setDragging] = useState(false)

  // Typing waits for a pause before asking the host, so a long folder is not searched once per keystroke.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(queryText.trim()), SEARCH_DELAY_MS)
    return () => clearTimeout(timer)
  }, [queryText])
  useEffect(() => {
    setQueryText('')
    setQuery('')
  }, [dir, place])

  const key: ListingKey = useMemo(
    () => ({ ...(place ? { place } : {}), dir, query, sort: order.sort, direction: order.direction }),
    [place, dir, query, order],
  )
  const listingId = listingKeyId(key)
  const listing = cache.snapshot(key)

  // The first window of a new folder, search or order, before the table reports what it shows.
  useEffect(() => {
    cache.show(key, { start: 0, end: PLACEHOLDER_ROWS })
    // eslint-disable-next-line react-hooks/exhaustive-deps -- listingId stands for `key`: same id, same listing
  }, [cache, listingId])

  // A save, a new document or a file copied in: rows stay on screen while the host lists them again.
  const changeSoon = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEvent('files:changed', () => {
    if (changeSoon.current) clearTimeout(changeSoon.current)
    changeSoon.current = setTimeout(() => {
      cache.invalidate()
      // A place added by opening a document from elsewhere (or in another window) gets its chip.
      void places.reload()
    }, CHANGE_DELAY_MS)
  })
  useEffect(() => () => void (changeSoon.current && clearTimeout(changeSoon.current)), [])

  const activate = useCallback(
    (entry: FileEntryDto) => {
      if (entry.kind === 'folder') navigate(routeHref({ page: 'files', dir: entry.path, place }))
      else void open(entry.path, entry.name)
    },
    [open, place],
  )
  const rowAt = useCallback((index: number) => cache.rowAt(key, index), [cache, key])
  const onRange = useCallback((range: { start: number; end: number }) => cache.show(key, range), [cache, key])
  const onOpen = useCallback((entry: FileEntryDto) => void open(entry.path, entry.name), [open])
  const onOpenWith = useCallback((entry: FileEntryDto, anchor: HTMLElement) => setOpenWith({ entry, anchor }), [])
  const onSort = useCallback((sort: SortKey) => setOrder((current) => nextSort(current, sort)), [])

  const invalidate = useCallback(() => cache.invalidate(), [cache])
  const actions = useFileActions(dir, invalidate, place)
  const onContextMenu = useCallback((entry: FileEntryDto, x: number, y: number) => actions.openMenu(entry, x, y), [actions])

  const searching = query !== ''
  const root = inServedFolder ? (settings.data?.root ?? listing.root) : (currentPlace?.folder ?? listing.root)
  const rootName = inServedFolder ? folderDisplayName(root, t) : (currentPlace?.name ?? folderDisplayName(root, t))
  const onVersions = useCallback((entry: FileEntryDto) => setVersionsOf(entry), [])
  const trail = breadcrumbTrail(dir)
  const folderName = trail.length ? trail.at(-1)!.name : rootName
  const onParent = useMemo(
    () => (dir && !searching ? () => navigate(routeHref({ page: 'files', dir: parentDir(dir), place })) : null),
    [dir, searching, place],
  )

  const total = listing.total
  const showEmpty = total === 0 && !listing.error
  const failedFirst = listing.error != null && total === null

  let count = ''
  if (total !== null && !listing.loading) {
    count = searching
      ? t(listing.truncated ? 'files:count.matchesFirst' : 'files:count.matches', { count: total })
      : t('files:count.items', { count: total })
  }

  return (
    <PageContainer fill maxWidth={1400}>
      <PageHeader
        title={t('files:title')}
        description={
          !inServedFolder ? (
            <Trans
              i18nKey={currentPlace?.kind === 'file' ? 'files:descriptionPlaceFile' : 'files:descriptionPlaceFolder'}
              values={{ path: currentPlace?.path ?? '' }}
              components={{ path: <Box component="span" sx={{ fontWeight: 600, color: 'text.primary', overflowWrap: 'anywhere' }} /> }}
            />
          ) : root ? (
            <Trans
              i18nKey="files:descriptionWithRoot"
              values={{ root }}
              components={{ root: <Box component="span" sx={{ fontWeight: 600, color: 'text.primary', overflowWrap: 'anywhere' }} /> }}
            />
          ) : (
            t('files:description')
          )
        }
        actions={
          canChange && (
            <>
              <TrashButton onRestored={() => cache.invalidate()} />
              <Button variant="outlined" startIcon={<CreateNewFolderOutlined />} onClick={actions.newFolder}>
                {t('files:newFolder')}
              </Button>
              <Button
                variant="outlined"
                startIcon={<UploadFileOutlined />}
                onClick={actions.chooseUpload}
                loading={actions.uploading}
                loadingPosition="start"
              >
                {t('files:upload')}
              </Button>
              <Button variant="contained" startIcon={<AddRounded />} onClick={() => setNewDocumentOpen(true)}>
                {t('files:newDocument')}
              </Button>
            </>
          )
        }
      />

      <PlacesBar places={places.data ?? []} current={place ?? 'root'} />

      {!dir && !searching && <RecentDocuments onOpen={(path, name) => void open(path, name)} />}
      <Stack direction="row" sx={{ alignItems: 'center', gap: 2, mb: 1.5, flexWrap: 'wrap' }}>
        <Breadcrumbs
          aria-label={t('files:folderPath')}
          sx={{ flex: '1 1 300px', minWidth: 0, '& ol': { flexWrap: 'nowrap' }, '& li': { minWidth: 0 } }}
          maxItems={5}
        >
          {trail.length === 0 ? (
            <Typography sx={crumbSx} color="text.primary" aria-current="page">
              <HomeOutlined fontSize="small" aria-hidden /> {rootName}
            </Typography>
          ) : (
            <Link href={routeHref({ page: 'files', place })} underline="hover" color="inherit" sx={crumbSx}>
              <HomeOutlined fontSize="small" aria-hidden /> {rootName}
            </Link>
          )}
          {trail.map((crumb, index) =>
            index === trail.length - 1 ? (
              <Typography key={crumb.dir} color="text.primary" aria-current="page" sx={{ ...crumbSx, fontWeight: 600 }} noWrap>
                {crumb.name}
              </Typography>
            ) : (
              <Link
                key={crumb.dir}
                href={routeHref({ page: 'files', dir: crumb.dir, place })}
                underline="hover"
                color="inherit"
                sx={crumbSx}
                noWrap
              >
                {crumb.name}
              </Link>
            ),
          )}
        </Breadcrumbs>
        <Typography
          variant="body2"
          color="text.secondary"
          aria-live="polite"
          sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
        >
          {count}
        </Typography>
        <TextField
          type="search"
          placeholder={t('files:search')}
          value={queryText}
          onChange={(event) => setQueryText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setQueryText('')
          }}
          sx={{ width: 260, '& input::-webkit-search-cancel-button': { display: 'none' } }}
          slotProps={{
            htmlInput: { 'aria-label': t('files:search') },
            input: {
              startAdornment: (
                <InputAdornment position="start">
                  <SearchRounded fontSize="small" />
                </InputAdornment>
              ),
              endAdornment: queryText ? (
                <InputAdornment position="end">
                  <IconButton size="small" edge="end" aria-label={t('files:clearSearch')} onClick={() => setQueryText('')}>
                    <ClearRounded fontSize="small" />
                  </IconButton>
                </InputAdornment>
              ) : undefined,
            },
          }}
        />
      </Stack>

      {searching && listing.truncated && (
        <Typography variant="body2" color="warning.main" sx={{ mb: 1 }}>
          {t('files:searchTruncated')}
        </Typography>
      )}

      {failedFirst ? (
        <ErrorAlert error={listing.error} title={t('files:listFailed')} onRetry={() => cache.retry()} />
      ) : (
        <Card
          sx={{
            flex: 1,
            minHeight: 320,
            display: 'flex',
            flexDirection: 'column',
            position: 'relative',
            outline: dragging ? 2 : 0,
            outlineColor: 'primary.main',
            outlineStyle: 'dashed',
            outlineOffset: -2,
          }}
          // Drag files from the desktop onto the list to upload them into this folder.
          onDragOver={(event) => {
            if (!canChange || !event.dataTransfer.types.includes('Files')) return
            event.preventDefault()
            event.dataTransfer.dropEffect = 'copy'
            setDragging(true)
          }}
          onDragLeave={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false)
          }}
          onDrop={(event) => {
            if (!canChange || !event.dataTransfer.types.includes('Files')) return
            event.preventDefault()
            setDragging(false)
            void actions.upload(event.dataTransfer.files)
          }}
        >
          {listing.error != null && <ErrorAlert error={listing.error} onRetry={() => cache.retry()} sx={{ m: 1.5, mb: 0 }} />}
          <FilesTable
            label={t('files:tableLabel', { folder: folderName })}
            total={total ?? (listing.error ? 0 : PLACEHOLDER_ROWS)}
            busy={listing.fetching}
            searching={searching}
            {...(place ? { place } : {})}
            listingId={listingId}
            sort={order.sort}
            direction={order.direction}
            now={now}
            opening={opening}
            rowAt={rowAt}
            onRange={onRange}
            onSort={onSort}
            onActivate={activate}
            onOpen={onOpen}
            onOpenWith={onOpenWith}
            onVersions={onVersions}
            onParent={onParent}
            {...(canChange ? { onRename: actions.rename, onDelete: actions.remove, onContextMenu } : {})}
            empty={
              showEmpty ? (
                <GridEmptyOverlay
                  icon={searching ? <SearchRounded /> : <FolderOpenOutlined />}
                  title={searching ? t('files:empty.noMatchTitle', { query }) : t('files:empty.title')}
                >
                  {searching ? t('files:empty.noMatch') : t('files:empty.body')}
                </GridEmptyOverlay>
              ) : null
            }
          />
        </Card>
      )}

      <OpenWithMenu
        entry={openWith?.entry ?? null}
        anchor={openWith?.anchor ?? null}
        onClose={() => setOpenWith(null)}
        onChoose={(entry, choice) => void open(entry.path, entry.name, choice)}
      />
      <VersionsDialog entry={versionsOf} place={place} onClose={() => setVersionsOf(null)} onRestored={() => cache.invalidate()} />
      <NewDocumentDialog
        open={newDocumentOpen}
        dir={dir}
        {...(place ? { place } : {})}
        onClose={() => setNewDocumentOpen(false)}
        onCreated={(fileName, result) => {
          setNewDocumentOpen(false)
          cache.invalidate()
          present(fileName, result)
        }}
      />
      <OpenedDialog opened={opened} onClose={closeOpened} />
      {actions.element({ onOpen, onVersions })}
    </PageContainer>
  )
}

const crumbSx = { display: 'inline-flex', alignItems: 'center', gap: 0.75, fontSize: '0.9375rem' } as const

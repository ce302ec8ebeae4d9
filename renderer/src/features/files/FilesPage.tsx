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
import type { SxProps, Theme } from '@mui/material/styles'
import AddRounded from '@mui/icons-material/AddRounded'
import ArrowDropDownRounded from '@mui/icons-material/ArrowDropDownRounded'
import ClearRounded from '@mui/icons-material/ClearRounded'
import FolderOpenOutlined from '@mui/icons-material/FolderOpenOutlined'
import HistoryRounded from '@mui/icons-material/HistoryRounded'
import HomeOutlined from '@mui/icons-material/HomeOutlined'
import LockOutlined from '@mui/icons-material/LockOutlined'
import SearchRounded from '@mui/icons-material/SearchRounded'
import { DataGrid, type GridColDef, type GridRenderCellParams, type GridSortModel } from '@mui/x-data-grid'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { FileEntryDto, LockDto } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { useCall } from '../../api/use-call'
import { useEvent } from '../../api/use-event'
import { routeHref } from '../../app/routes'
import { useSettings } from '../../app/SettingsContext'
import { navigate } from '../../app/use-hash-route'
import { ErrorAlert } from '../../components/ErrorAlert'
import { FileTypeIcon } from '../../components/FileTypeIcon'
import { GridEmptyOverlay } from '../../components/GridEmptyOverlay'
import { formatBytes, formatDateTime, formatRelative, pluralize } from '../../components/format'
import { PageContainer } from '../../components/PageContainer'
import { PageHeader } from '../../components/PageHeader'
import { useNow } from '../../components/use-now'
import { breadcrumbTrail, folderDisplayName, isLockActive, lockHolder, parentDir, sortEntries, type SortField } from './file-logic'
import { NewDocumentDialog } from './NewDocumentDialog'
import { OpenedDialog } from './OpenedDialog'
import { OpenWithMenu } from './OpenWithMenu'
import { useOpenFile } from './use-open-file'
import { VersionsDialog } from './VersionsDialog'

const PAGE_SIZE = 100 // the most the MIT DataGrid shows per page; it virtualizes within the page

export function FilesPage({ dir }: { dir: string }) {
  const api = useApi()
  const settings = useSettings()
  const now = useNow(30_000)
  const [queryText, setQueryText] = useState('')
  const [query, setQuery] = useState('')
  const listing = useCall(() => api.call('files:list', query ? { dir, query } : { dir }), [api, dir, query])
  const { open, present, opened, opening, closeOpened } = useOpenFile()
  const [openWith, setOpenWith] = useState<{ entry: FileEntryDto; anchor: HTMLElement } | null>(null)
  const [versionsOf, setVersionsOf] = useState<FileEntryDto | null>(null)
  const [newDocumentOpen, setNewDocumentOpen] = useState(false)
  const [paginationModel, setPaginationModel] = useState({ page: 0, pageSize: PAGE_SIZE })
  const [sortModel, setSortModel] = useState<GridSortModel>([{ field: 'name', sort: 'asc' }])

  // Typing waits for a pause before asking the host, so a long folder is not listed once per keystroke.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(queryText.trim()), 250)
    return () => clearTimeout(timer)
  }, [queryText])
  useEffect(() => {
    setQueryText('')
    setQuery('')
    setPaginationModel((model) => ({ ...model, page: 0 }))
  }, [dir])

  const reloadSoon = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEvent('files:changed', () => {
    if (reloadSoon.current) clearTimeout(reloadSoon.current)
    reloadSoon.current = setTimeout(() => void listing.reload(), 300)
  })
  useEffect(() => () => void (reloadSoon.current && clearTimeout(reloadSoon.current)), [])

  const activate = useCallback(
    (entry: FileEntryDto) => {
      if (entry.kind === 'folder') navigate(routeHref({ page: 'files', dir: entry.path }))
      else void open(entry.path, entry.name)
    },
    [open],
  )

  const searching = query !== ''
  // Cells are plain elements styled once from the grid's sx (gridSx): per-cell sx and Tooltip components cost
  // an Emotion pass and listeners for every row scrolled into view.
  const columns = useMemo<GridColDef<FileEntryDto>[]>(
    () => [
      {
        field: 'name',
        headerName: 'Name',
        flex: 1,
        minWidth: 200,
        renderCell: ({ row }: GridRenderCellParams<FileEntryDto>) => (
          <span className="wd-name">
            <FileTypeIcon kind={row.kind} ext={row.ext} />
            <span className="wd-name-text">
              <span className={row.kind === 'folder' ? 'wd-title wd-folder' : 'wd-title'} title={row.name}>
                {row.name}
              </span>
              {searching && <span className="wd-sub">{parentDir(row.path) || 'Served folder'}</span>}
            </span>
          </span>
        ),
      },
      {
        field: 'modifiedAt',
        headerName: 'Modified',
        width: 132,
        renderCell: ({ row }) => (
          <span className="wd-muted" title={formatDateTime(row.modifiedAt)}>
            {formatRelative(row.modifiedAt, now)}
          </span>
        ),
      },
      {
        field: 'size',
        headerName: 'Size',
        width: 84,
        align: 'right',
        headerAlign: 'right',
        renderCell: ({ row }) => <span className="wd-muted wd-num">{row.kind === 'folder' ? '—' : formatBytes(row.size)}</span>,
      },
      {
        field: 'lock',
        headerName: 'Lock',
        width: 176,
        sortable: false,
        renderCell: ({ row }) => (isLockActive(row.lock, now) ? <LockCell lock={row.lock} now={now} /> : null),
      },
      {
        field: 'actions',
        headerName: 'Actions',
        width: 150,
        sortable: false,
        align: 'right',
        headerAlign: 'right',
        renderHeader: () => <span className="wd-visually-hidden">Actions</span>,
        renderCell: ({ row, tabIndex }) =>
          row.kind === 'folder' ? null : (
            <span className="wd-actions">
              <Button
                size="small"
                variant="outlined"
                tabIndex={tabIndex}
                onClick={() => void open(row.path, row.name)}
                loading={opening === row.path}
                aria-label={`Open ${row.name}`}
                className="wd-open"
              >
                Open
              </Button>
              <Button
                size="small"
                variant="outlined"
                tabIndex={tabIndex}
                title="Open with…"
                aria-label={`Open ${row.name} with`}
                aria-haspopup="menu"
                onClick={(event) => setOpenWith({ entry: row, anchor: event.currentTarget })}
                className="wd-open-with"
              >
                <ArrowDropDownRounded fontSize="small" />
              </Button>
              <IconButton size="small" tabIndex={tabIndex} title="Versions" aria-label={`Versions of ${row.name}`} onClick={() => setVersionsOf(row)} className="wd-versions">
                <HistoryRounded fontSize="small" />
              </IconButton>
            </span>
          ),
      },
    ],
    [now, open, opening, searching],
  )

  const entries = listing.data?.entries
  // The page sorts (sortingMode "server" for the grid): folders stay first and keys are built once per entry.
  const rows = useMemo(() => {
    const sort = sortModel[0]
    const field: SortField = sort?.field === 'size' || sort?.field === 'modifiedAt' ? sort.field : 'name'
    return sortEntries(entries ?? [], field, sort?.sort === 'desc' ? 'desc' : 'asc')
  }, [entries, sortModel])
  const root = settings.data?.root ?? listing.data?.root ?? ''
  const rootName = folderDisplayName(root)
  const trail = breadcrumbTrail(dir)
  const emptyTitle = searching ? `Nothing matches “${query}”` : 'This folder is empty'
  const emptyHint = searching
    ? 'Check the spelling, or search for part of the name.'
    : 'Create a document with New document, or copy files into this folder on your computer: they appear here by themselves.'
  const NoRows = useMemo(
    () =>
      function NoRows() {
        return (
          <GridEmptyOverlay icon={searching ? <SearchRounded /> : <FolderOpenOutlined />} title={emptyTitle}>
            {emptyHint}
          </GridEmptyOverlay>
        )
      },
    [searching, emptyTitle, emptyHint],
  )

  return (
    <PageContainer fill maxWidth={1400}>
      <PageHeader
        title="Files"
        description={
          root ? (
            <>
              The folder this computer's WOPI host serves: <Box component="span" sx={{ fontWeight: 600, color: 'text.primary' }}>{root}</Box>. Double-click a document to
              open it in its default app.
            </>
          ) : (
            'The folder this computer’s WOPI host serves.'
          )
        }
        actions={
          <Button variant="contained" startIcon={<AddRounded />} onClick={() => setNewDocumentOpen(true)}>
            New document
          </Button>
        }
      />

      <Stack direction="row" sx={{ alignItems: 'center', gap: 2, mb: 1.5, flexWrap: 'wrap' }}>
        <Breadcrumbs aria-label="Folder path" sx={{ flex: '1 1 300px', minWidth: 0, '& ol': { flexWrap: 'nowrap' }, '& li': { minWidth: 0 } }} maxItems={5}>
          {trail.length === 0 ? (
            <Typography sx={crumbSx} color="text.primary" aria-current="page">
              <HomeOutlined fontSize="small" aria-hidden /> {rootName}
            </Typography>
          ) : (
            <Link href={routeHref({ page: 'files' })} underline="hover" color="inherit" sx={crumbSx}>
              <HomeOutlined fontSize="small" aria-hidden /> {rootName}
            </Link>
          )}
          {trail.map((crumb, index) =>
            index === trail.length - 1 ? (
              <Typography key={crumb.dir} color="text.primary" aria-current="page" sx={{ ...crumbSx, fontWeight: 600 }} noWrap>
                {crumb.name}
              </Typography>
            ) : (
              <Link key={crumb.dir} href={routeHref({ page: 'files', dir: crumb.dir })} underline="hover" color="inherit" sx={crumbSx} noWrap>
                {crumb.name}
              </Link>
            ),
          )}
        </Breadcrumbs>
        <Typography variant="body2" color="text.secondary" aria-live="polite" sx={{ whiteSpace: 'nowrap' }}>
          {listing.data ? `${pluralize(rows.length, 'item')}${listing.data.truncated ? ' (list cut short)' : ''}` : ''}
        </Typography>
        <TextField
          type="search"
          placeholder="Search files"
          value={queryText}
          onChange={(event) => setQueryText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setQueryText('')
          }}
          sx={{ width: 260, '& input::-webkit-search-cancel-button': { display: 'none' } }}
          slotProps={{
            htmlInput: { 'aria-label': 'Search files' },
            input: {
              startAdornment: (
                <InputAdornment position="start">
                  <SearchRounded fontSize="small" />
                </InputAdornment>
              ),
              endAdornment: queryText ? (
                <InputAdornment position="end">
                  <IconButton size="small" edge="end" aria-label="Clear search" onClick={() => setQueryText('')}>
                    <ClearRounded fontSize="small" />
                  </IconButton>
                </InputAdornment>
              ) : undefined,
            },
          }}
        />
      </Stack>

      {listing.data?.truncated && (
        <Typography variant="body2" color="warning.main" sx={{ mb: 1 }}>
          This folder has more entries than WOPI Desk lists at once. Search to find a file that is not shown.
        </Typography>
      )}

      {listing.error && !listing.data ? (
        <ErrorAlert error={listing.error} title="This folder could not be listed" onRetry={() => void listing.reload()} />
      ) : (
        <Card sx={{ flex: 1, minHeight: 320, display: 'flex', flexDirection: 'column' }}>
          {listing.error && <ErrorAlert error={listing.error} onRetry={() => void listing.reload()} sx={{ m: 1.5, mb: 0 }} />}
          <DataGrid
            label={trail.length ? `Files in ${trail.at(-1)!.name}` : `Files in ${rootName}`}
            rows={rows}
            columns={columns}
            getRowId={rowIdOf}
            loading={listing.loading}
            rowHeight={searching ? 52 : 46}
            columnHeaderHeight={42}
            disableColumnMenu
            disableRowSelectionOnClick
            paginationModel={paginationModel}
            onPaginationModelChange={setPaginationModel}
            pageSizeOptions={[PAGE_SIZE]}
            hideFooter={rows.length <= PAGE_SIZE}
            sortingMode="server"
            sortModel={sortModel}
            onSortModelChange={(model) => {
              setSortModel(model)
              setPaginationModel((current) => ({ ...current, page: 0 }))
            }}
            onRowDoubleClick={({ row }) => activate(row)}
            onCellKeyDown={(params, event) => {
              if (event.key !== 'Enter') return
              if ((event.target as HTMLElement).getAttribute('role') !== 'gridcell') return
              event.preventDefault()
              activate(params.row)
            }}
            slots={{ noRowsOverlay: NoRows, noResultsOverlay: NoRows }}
            slotProps={{ loadingOverlay: { variant: 'skeleton', noRowsVariant: 'skeleton' } }}
            sx={gridSx}
          />
        </Card>
      )}

      <OpenWithMenu
        entry={openWith?.entry ?? null}
        anchor={openWith?.anchor ?? null}
        onClose={() => setOpenWith(null)}
        onChoose={(entry, choice) => void open(entry.path, entry.name, choice)}
      />
      <VersionsDialog entry={versionsOf} onClose={() => setVersionsOf(null)} onRestored={() => void listing.reload()} />
      <NewDocumentDialog
        open={newDocumentOpen}
        dir={dir}
        onClose={() => setNewDocumentOpen(false)}
        onCreated={(fileName, result) => {
          setNewDocumentOpen(false)
          void listing.reload()
          present(fileName, result)
        }}
      />
      <OpenedDialog opened={opened} onClose={closeOpened} />
    </PageContainer>
  )
}

function LockCell({ lock, now }: { lock: LockDto; now: number }) {
  const desktop = lock.desktopOwner !== undefined && !lock.client
  const title = desktop ? 'A desktop app has this file open (its lock file lies next to it).' : `Locked by an editor until ${formatDateTime(lock.expiresAt)}`
  return (
    <span className="wd-lock" title={title}>
      <LockOutlined className="wd-lock-icon" aria-hidden />
      <span className="wd-name-text">
        <span className="wd-title">{lockHolder(lock)}</span>
        <span className="wd-sub">{desktop ? 'desktop app' : `expires ${formatRelative(lock.expiresAt, now)}`}</span>
      </span>
    </span>
  )
}

// Stable on purpose: a new getRowId makes the grid rebuild its row index, which costs seconds at 100,000 rows.
const rowIdOf = (row: FileEntryDto) => row.path

const ellipsis = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const

const gridSx: SxProps<Theme> = {
  flex: 1,
  '& .MuiDataGrid-row': { cursor: 'default' },
  '& .MuiDataGrid-cell:focus, & .MuiDataGrid-cell:focus-within': { outlineOffset: -2 },
  '& .MuiDataGrid-columnHeaderTitle': { fontWeight: 600, fontSize: '0.8125rem' },
  '& .wd-name, & .wd-lock': { display: 'flex', alignItems: 'center', gap: 1.25, height: '100%', minWidth: 0 },
  '& .wd-name-text': { display: 'flex', flexDirection: 'column', minWidth: 0, lineHeight: 1.3 },
  '& .wd-title': { ...ellipsis, fontWeight: 500 },
  '& .wd-folder': { fontWeight: 650 },
  '& .wd-sub': { ...ellipsis, fontSize: '0.75rem', color: 'text.secondary' },
  '& .wd-muted': { color: 'text.secondary' },
  '& .wd-num': { fontVariantNumeric: 'tabular-nums' },
  '& .wd-lock': { gap: 1 },
  '& .wd-lock-icon': { fontSize: 18, color: 'warning.main', flexShrink: 0 },
  '& .wd-actions': { display: 'flex', alignItems: 'center', justifyContent: 'flex-end', height: '100%', gap: 0.25 },
  '& .wd-open': { minWidth: 0, px: 1.25, borderTopRightRadius: 0, borderBottomRightRadius: 0 },
  '& .wd-open-with': { minWidth: 0, px: 0.25, ml: '-1px', borderTopLeftRadius: 0, borderBottomLeftRadius: 0 },
  '& .wd-versions': { ml: 0.5 },
  '& .wd-visually-hidden': { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)' },
  '& .wd-ftype': { fontSize: 22, flexShrink: 0 },
}

const crumbSx = { display: 'inline-flex', alignItems: 'center', gap: 0.75, fontSize: '0.9375rem' } as const

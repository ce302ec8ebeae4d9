import type { SxProps, Theme } from '@mui/material/styles'
import { DataGrid, type GridColDef } from '@mui/x-data-grid'
import { useMemo } from 'react'
import type { RequestDto } from '../../../../electron/contract/dto'
import FilterAltOffOutlined from '@mui/icons-material/FilterAltOffOutlined'
import TimelineOutlined from '@mui/icons-material/TimelineOutlined'
import { monoFontFamily } from '../../components/brand'
import { GridEmptyOverlay } from '../../components/GridEmptyOverlay'
import { formatClockTime, formatDateTime, formatDuration } from '../../components/format'
import { lockIdLabel } from './activity-logic'
import { StatusChip } from './StatusChip'
import { useTranslation } from 'react-i18next'

const PAGE_SIZE = 100

/** The WOPI requests of the current view, newest first. No tokens or proof material exist in this data. */
export function RequestsGrid({
  requests,
  loading,
  filtered,
  onSelect,
}: {
  requests: RequestDto[]
  loading: boolean
  filtered: boolean
  /** a row clicked, or Enter on a focused row: its detail panel opens */
  onSelect: (request: RequestDto) => void
}) {
  const { t } = useTranslation()
  const NoRows = useMemo(
    () =>
      function NoRows() {
        return filtered ? (
          <GridEmptyOverlay icon={<FilterAltOffOutlined />} title={t('activity:grid.noMatchTitle')}>
            {t('activity:grid.noMatch')}
          </GridEmptyOverlay>
        ) : (
          <GridEmptyOverlay icon={<TimelineOutlined />} title={t('activity:grid.noneTitle')}>
            {t('activity:grid.none')}
          </GridEmptyOverlay>
        )
      },
    [filtered, t],
  )
  const columns = useMemo<GridColDef<RequestDto>[]>(
    () => [
      {
        field: 'ts',
        headerName: t('activity:columns.time'),
        width: 112,
        renderCell: ({ row }) => (
          <span className="wd-num" title={formatDateTime(row.ts)}>
            {formatClockTime(row.ts)}
          </span>
        ),
      },
      {
        field: 'operation',
        headerName: t('activity:columns.operation'),
        width: 128,
        renderCell: ({ row }) => <span className="wd-strong">{row.operation}</span>,
      },
      {
        field: 'fileName',
        headerName: t('activity:columns.file'),
        flex: 1.3,
        minWidth: 140,
        valueGetter: (_value, row) => row.fileName ?? '—',
      },
      {
        field: 'status',
        headerName: t('activity:columns.status'),
        width: 76,
        renderCell: ({ row }) => <StatusChip status={row.status} error={row.error} />,
      },
      {
        field: 'durationMs',
        headerName: t('activity:columns.duration'),
        width: 86,
        align: 'right',
        headerAlign: 'right',
        renderCell: ({ row }) => <span className="wd-num">{formatDuration(row.durationMs)}</span>,
      },
      {
        field: 'client',
        headerName: t('activity:columns.client'),
        flex: 1,
        minWidth: 120,
        valueGetter: (_value, row) => row.client ?? '—',
      },
      {
        field: 'lockId',
        headerName: t('activity:columns.lockId'),
        width: 150,
        renderCell: ({ row }) =>
          row.lockId ? (
            <span className="wd-mono" title={row.lockId}>
              {lockIdLabel(row.lockId)}
            </span>
          ) : null,
      },
    ],
    [t],
  )
  return (
    <DataGrid
      label={t('activity:grid.label')}
      rows={requests}
      columns={columns}
      loading={loading}
      rowHeight={40}
      columnHeaderHeight={40}
      disableColumnMenu
      disableRowSelectionOnClick
      onRowClick={({ row }) => onSelect(row)}
      onCellKeyDown={({ row }, event) => {
        if (event.key === 'Enter') onSelect(row)
      }}
      getRowClassName={({ row }) => (row.conformance ? 'wd-conformance' : '')}
      pageSizeOptions={[PAGE_SIZE]}
      hideFooter={requests.length <= PAGE_SIZE}
      initialState={{ sorting: { sortModel: [{ field: 'ts', sort: 'desc' }] }, pagination: { paginationModel: { pageSize: PAGE_SIZE } } }}
      slots={{ noRowsOverlay: NoRows, noResultsOverlay: NoRows }}
      slotProps={{ loadingOverlay: { variant: 'skeleton', noRowsVariant: 'skeleton' } }}
      sx={gridSx}
    />
  )
}

// Cells are plain spans styled once here: per-cell sx would cost an Emotion pass for every row in view.
const gridSx: SxProps<Theme> = {
  flex: 1,
  '& .MuiDataGrid-columnHeaderTitle': { fontWeight: 600, fontSize: '0.8125rem' },
  '& .wd-num': { fontVariantNumeric: 'tabular-nums' },
  '& .wd-strong': { fontWeight: 600, overflow: 'hidden', textOverflow: 'ellipsis' },
  '& .MuiDataGrid-row': { cursor: 'pointer' },
  '& .wd-conformance': { color: 'text.secondary' },
  '& .wd-mono': { fontFamily: monoFontFamily, fontSize: '0.75rem', overflow: 'hidden', textOverflow: 'ellipsis' },
}

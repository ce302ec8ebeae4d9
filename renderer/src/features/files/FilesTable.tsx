import Box from '@mui/material/Box'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import TableSortLabel from '@mui/material/TableSortLabel'
import { alpha, keyframes, type Theme } from '@mui/material/styles'
import LockOutlined from '@mui/icons-material/LockOutlined'
import { forwardRef, memo, useCallback, useEffect, useRef, useState, type ComponentProps, type KeyboardEvent, type ReactNode } from 'react'
import {
  TableVirtuoso,
  type ContextProp,
  type ItemProps,
  type ListRange,
  type ScrollerProps,
  type TableBodyProps,
  type TableComponents,
  type TableProps,
  type TableVirtuosoHandle,
} from 'react-virtuoso'
import type { FileEntryDto, LockDto } from '../../../../electron/contract/dto'
import { routeHref } from '../../app/routes'
import { FileTypeIcon } from '../../components/FileTypeIcon'
import { formatBytes, formatDateTime, formatRelative } from '../../components/format'
import { visuallyHidden } from '../../components/visually-hidden'
import { isLockActive, lockHolder, parentDir } from './file-logic'
import type { SortDirection, SortKey } from './folder-windows'
import { useTranslation } from 'react-i18next'

// The folder as one virtual table (react-virtuoso's TableVirtuoso with MUI's table parts, MUI's documented
// pattern): only the rows in view exist in the page, whatever the folder's size. Body cells are plain elements
// styled once from the table's sx; per-cell components would cost a style pass for every row scrolled into view.
//
// Keyboard: the table is one tab stop (the current row); arrows, Page Up/Down, Home and End move between rows,
// Enter opens, Backspace goes to the parent folder, F2 renames, Delete moves to the trash, Shift+F10 or the menu
// key opens the row's actions. Tab from a row reaches its buttons.

export const ROW_HEIGHT = 46
export const SEARCH_ROW_HEIGHT = 54
const HEADER_HEIGHT = 42
/** rows drawn as placeholders before the first answer tells how many there are */
export const PLACEHOLDER_ROWS = 14

export interface FilesTableProps {
  label: string
  /** rows in the folder (or placeholders while unknown) */
  total: number
  busy: boolean
  searching: boolean
  /** the place listed (PlaceDto.id), which a folder's link keeps; the served folder when left out */
  place?: string
  /** changes when the folder, search or order changes: the table scrolls back to the top */
  listingId: string
  sort: SortKey
  direction: SortDirection
  now: number
  opening: string | null
  rowAt: (index: number) => FileEntryDto | undefined
  onRange: (range: { start: number; end: number }) => void
  onSort: (sort: SortKey) => void
  onActivate: (entry: FileEntryDto) => void
  onOpen: (entry: FileEntryDto) => void
  onOpenWith: (entry: FileEntryDto, anchor: HTMLElement) => void
  onVersions: (entry: FileEntryDto) => void
  onParent: (() => void) | null
  /** F2 on a row */
  onRename?: (entry: FileEntryDto) => void
  /** Delete on a file row */
  onDelete?: (entry: FileEntryDto) => void
  /** right-click or the menu key on a row: the row's actions at that point */
  onContextMenu?: (entry: FileEntryDto, x: number, y: number) => void
  /** shown over the body when the folder or search has no rows */
  empty: ReactNode | null
}

interface RowContext {
  label: string
  total: number
  busy: boolean
  activeIndex: number
  rowHeight: number
  rowAt: (index: number) => FileEntryDto | undefined
  onRowKeyDown: (index: number, event: KeyboardEvent<HTMLTableRowElement>) => void
  onRowDoubleClick: (index: number) => void
  onRowFocus: (index: number) => void
  onRowContextMenu: (index: number, x: number, y: number) => void
}

/** below these widths of the table's container, the Lock column and then Modified and Size give way */
const NARROW_LOCK_PX = 820
const NARROW_META_PX = 630

const columns: { id: string; label: `files:columns.${string}`; sort?: SortKey; width?: number; align?: 'right'; hidden?: boolean }[] = [
  { id: 'name', label: 'files:columns.name', sort: 'name' },
  { id: 'modified', label: 'files:columns.modified', sort: 'modified', width: 148 },
  { id: 'size', label: 'files:columns.size', sort: 'size', width: 100, align: 'right' },
  { id: 'lock', label: 'files:columns.lock', width: 190 },
  { id: 'actions', label: 'files:columns.actions', width: 156, align: 'right', hidden: true },
]

export function FilesTable(props: FilesTableProps) {
  const { total, rowAt, onActivate, onOpenWith, onParent, onRange, listingId, onRename, onDelete, onContextMenu } = props
  const virtuoso = useRef<TableVirtuosoHandle>(null)
  const scroller = useRef<HTMLElement | null>(null)
  const [activeIndex, setActiveIndex] = useState(0)
  const range = useRef<ListRange>({ startIndex: 0, endIndex: 0 })
  const focusWanted = useRef<number | null>(null)
  const rowHeight = props.searching ? SEARCH_ROW_HEIGHT : ROW_HEIGHT

  // Another folder, search or order starts at its first row.
  useEffect(() => {
    setActiveIndex(0)
    virtuoso.current?.scrollToIndex(0)
  }, [listingId])

  // Moving with the keyboard may bring a row into view that is not drawn yet: focus it once it is.
  const focusRow = useCallback((index: number) => {
    focusWanted.current = index
    let frames = 0
    const attempt = () => {
      if (focusWanted.current !== index) return
      const row = scroller.current?.querySelector<HTMLElement>(`tr[data-index="${index}"]`)
      if (row) {
        row.focus({ preventScroll: true })
        focusWanted.current = null
      } else if (++frames < 20) requestAnimationFrame(attempt)
    }
    requestAnimationFrame(attempt)
  }, [])

  const moveTo = useCallback(
    (index: number) => {
      if (total <= 0) return
      const target = Math.max(0, Math.min(total - 1, index))
      setActiveIndex(target)
      virtuoso.current?.scrollIntoView({ index: target })
      focusRow(target)
    },
    [total, focusRow],
  )

  const onRowKeyDown = useCallback(
    (index: number, event: KeyboardEvent<HTMLTableRowElement>) => {
      // Keys pressed on a row's buttons are theirs.
      if (event.target !== event.currentTarget) return
      const page = Math.max(1, range.current.endIndex - range.current.startIndex - 1)
      const entry = rowAt(index)
      let handled = true
      if (event.key === 'ArrowDown') moveTo(index + 1)
      else if (event.key === 'ArrowUp') moveTo(index - 1)
      else if (event.key === 'PageDown') moveTo(index + page)
      else if (event.key === 'PageUp') moveTo(index - page)
      else if (event.key === 'Home') moveTo(0)
      else if (event.key === 'End') moveTo(total - 1)
      else if (event.key === 'Enter' && entry) onActivate(entry)
      else if (event.key === 'Backspace' && onParent) onParent()
      else if (event.key === 'F2' && entry && onRename) onRename(entry)
      else if (event.key === 'Delete' && entry && onDelete) onDelete(entry)
      else if (
        (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) &&
        entry &&
        (entry.kind === 'file' || onContextMenu)
      ) {
        if (onContextMenu) {
          const box = event.currentTarget.getBoundingClientRect()
          onContextMenu(entry, box.left + 48, box.bottom - 4)
        } else onOpenWith(entry, event.currentTarget)
      } else handled = false
      if (handled) event.preventDefault()
    },
    [moveTo, onActivate, onOpenWith, onParent, onRename, onDelete, onContextMenu, rowAt, total],
  )

  const onRowContextMenu = useCallback(
    (index: number, x: number, y: number) => {
      const entry = rowAt(index)
      if (entry && onContextMenu) onContextMenu(entry, x, y)
    },
    [onContextMenu, rowAt],
  )

  const onRowDoubleClick = useCallback(
    (index: number) => {
      const entry = rowAt(index)
      if (entry) onActivate(entry)
    },
    [onActivate, rowAt],
  )

  // Keep the tab stop on a drawn row, unless the user is working in the table right now. Once scrolling
  // settles: moving it on every frame would redraw every row on every frame.
  const repairTabStop = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEffect(() => () => void (repairTabStop.current && clearTimeout(repairTabStop.current)), [])
  const rangeChanged = useCallback(
    (next: ListRange) => {
      range.current = next
      onRange({ start: next.startIndex, end: next.endIndex })
      if (repairTabStop.current) clearTimeout(repairTabStop.current)
      repairTabStop.current = setTimeout(() => {
        const visible = range.current
        const focusInside = scroller.current?.contains(document.activeElement) ?? false
        if (focusInside || focusWanted.current !== null) return
        setActiveIndex((current) => (current < visible.startIndex || current > visible.endIndex ? visible.startIndex : current))
      }, 150)
    },
    [onRange],
  )

  const context: RowContext = {
    label: props.label,
    total: props.total,
    busy: props.busy,
    activeIndex,
    rowHeight,
    rowAt,
    onRowKeyDown,
    onRowDoubleClick,
    onRowFocus: setActiveIndex,
    onRowContextMenu,
  }

  const itemContent = (index: number) => {
    const entry = rowAt(index)
    if (!entry) return <PlaceholderCells index={index} />
    return (
      <FileCells
        entry={entry}
        active={index === activeIndex}
        searching={props.searching}
        place={props.place}
        now={props.now}
        opening={props.opening === entry.path}
        onOpen={props.onOpen}
        onOpenWith={onOpenWith}
        onVersions={props.onVersions}
      />
    )
  }

  return (
    <Box sx={{ position: 'relative', flex: 1, minHeight: 0, containerType: 'inline-size', containerName: 'files' }}>
      <TableVirtuoso<unknown, RowContext>
        ref={virtuoso}
        scrollerRef={(element) => {
          scroller.current = element instanceof HTMLElement ? element : null
        }}
        style={{ height: '100%' }}
        totalCount={props.total}
        fixedItemHeight={rowHeight}
        increaseViewportBy={{ top: 200, bottom: 400 }}
        context={context}
        components={tableComponents}
        fixedHeaderContent={() => <HeaderRow sort={props.sort} direction={props.direction} onSort={props.onSort} />}
        itemContent={itemContent}
        rangeChanged={rangeChanged}
      />
      {props.empty && (
        <Box sx={{ position: 'absolute', inset: 0, top: HEADER_HEIGHT, pointerEvents: 'none', '& a, & button': { pointerEvents: 'auto' } }}>
          {props.empty}
        </Box>
      )}
    </Box>
  )
}

function HeaderRow({ sort, direction, onSort }: { sort: SortKey; direction: SortDirection; onSort: (sort: SortKey) => void }) {
  const { t } = useTranslation()
  return (
    <TableRow>
      {columns.map((column) => {
        const sorted = column.sort !== undefined && column.sort === sort
        return (
          <TableCell
            key={column.id}
            align={column.align ?? 'left'}
            sortDirection={sorted ? direction : false}
            className={`wd-h-${column.id}`}
            sx={{ width: column.width, height: HEADER_HEIGHT }}
          >
            {column.hidden ? (
              <span className="wd-visually-hidden">{t(column.label)}</span>
            ) : column.sort ? (
              <TableSortLabel
                active={sorted}
                direction={sorted ? direction : column.sort === 'name' ? 'asc' : 'desc'}
                onClick={() => onSort(column.sort!)}
              >
                {t(column.label)}
              </TableSortLabel>
            ) : (
              t(column.label)
            )}
          </TableCell>
        )
      })}
    </TableRow>
  )
}

// Rows are memoized: when a window arrives or the page re-renders, rows already drawn are not drawn again, and a
// fast scroll only pays for the rows that come into view. Their buttons are plain <button>s styled by the table:
// a dozen rows enter per frame when flinging, and three MUI buttons each cost a frame budget.
const FileCells = memo(function FileCells(props: {
  entry: FileEntryDto
  active: boolean
  searching: boolean
  place: string | undefined
  now: number
  opening: boolean
  onOpen: (entry: FileEntryDto) => void
  onOpenWith: (entry: FileEntryDto, anchor: HTMLElement) => void
  onVersions: (entry: FileEntryDto) => void
}) {
  const { entry, now } = props
  const tabIndex = props.active ? 0 : -1
  const { t } = useTranslation()
  const folder = entry.kind === 'folder'
  return (
    <>
      <td className="wd-c-name">
        <span className="wd-name">
          <FileTypeIcon kind={entry.kind} ext={entry.ext} />
          <span className="wd-name-text">
            {folder ? (
              // A real link for the mouse (and for "open in new tab"); the row itself is the keyboard's stop.
              <a
                className="wd-title wd-folder"
                href={routeHref({ page: 'files', dir: entry.path, place: props.place })}
                tabIndex={-1}
                title={entry.name}
              >
                {entry.name}
              </a>
            ) : (
              <span className="wd-title" title={entry.name}>
                {entry.name}
              </span>
            )}
            {props.searching && <span className="wd-sub">{parentDir(entry.path) || t('common:status.servedFolder')}</span>}
            {/* What the narrow layout's hidden columns said, moved into the row (shown by the container query). */}
            <span className="wd-sub wd-inline-meta" aria-hidden>
              {formatRelative(entry.modifiedAt, now)}
              {folder ? null : ` · ${formatBytes(entry.size)}`}
              {isLockActive(entry.lock, now)
                ? ` · ${t('files:lock.lockedBy', { holder: lockHolder(entry.lock, t('files:lock.anEditor')) })}`
                : null}
            </span>
          </span>
        </span>
      </td>
      <td className="wd-c-modified">
        <span className="wd-muted" title={formatDateTime(entry.modifiedAt)}>
          {formatRelative(entry.modifiedAt, now)}
        </span>
      </td>
      <td className="wd-c-size">
        <span className="wd-muted wd-num">{folder ? '—' : formatBytes(entry.size)}</span>
      </td>
      <td className="wd-c-lock">{isLockActive(entry.lock, now) ? <LockCell lock={entry.lock} now={now} /> : null}</td>
      <td className="wd-c-actions">
        {!folder && (
          <span className="wd-actions">
            <button
              type="button"
              className="wd-btn wd-open"
              tabIndex={tabIndex}
              onClick={() => props.onOpen(entry)}
              disabled={props.opening}
              aria-busy={props.opening || undefined}
              aria-label={t('files:row.openNamed', { name: entry.name })}
            >
              {props.opening && <span className="wd-spinner" aria-hidden />}
              {t('common:actions.open')}
            </button>
            <button
              type="button"
              className="wd-btn wd-open-with"
              tabIndex={tabIndex}
              title={t('files:row.openWith')}
              aria-label={t('files:row.openWithNamed', { name: entry.name })}
              aria-haspopup="menu"
              onClick={(event) => props.onOpenWith(entry, event.currentTarget)}
            >
              <svg viewBox="0 0 24 24" aria-hidden focusable="false">
                <path d={ARROW_DROP_DOWN} />
              </svg>
            </button>
            <button
              type="button"
              className="wd-icon-btn wd-versions"
              tabIndex={tabIndex}
              title={t('files:actions.versions')}
              aria-label={t('files:row.versionsOf', { name: entry.name })}
              onClick={() => props.onVersions(entry)}
            >
              <svg viewBox="0 0 24 24" aria-hidden focusable="false">
                <path d={HISTORY} />
              </svg>
            </button>
          </span>
        )}
      </td>
    </>
  )
})

// Material Symbols paths (ArrowDropDownRounded, HistoryRounded), drawn without a component per row.
const ARROW_DROP_DOWN = 'm8.71 11.71 2.59 2.59c.39.39 1.02.39 1.41 0l2.59-2.59c.63-.63.18-1.71-.71-1.71H9.41c-.89 0-1.33 1.08-.7 1.71'
const HISTORY =
  'M13.26 3C8.17 2.86 4 6.95 4 12H2.21c-.45 0-.67.54-.35.85l2.79 2.8c.2.2.51.2.71 0l2.79-2.8c.31-.31.09-.85-.36-.85H6c0-3.9 3.18-7.05 7.1-7 3.72.05 6.85 3.18 6.9 6.9.05 3.91-3.1 7.1-7 7.1-1.61 0-3.1-.55-4.28-1.48-.4-.31-.96-.28-1.32.08-.42.42-.39 1.13.08 1.49C9 20.29 10.91 21 13 21c5.05 0 9.14-4.17 9-9.26-.13-4.69-4.05-8.61-8.74-8.74m-.51 5c-.41 0-.75.34-.75.75v3.68c0 .35.19.68.49.86l3.12 1.85c.36.21.82.09 1.03-.26.21-.36.09-.82-.26-1.03l-2.88-1.71v-3.4c0-.4-.34-.74-.75-.74'

/** A row whose window is on its way: grey bars of varying length, so a screen of them does not look like a grid. */
const PlaceholderCells = memo(function PlaceholderCells({ index }: { index: number }) {
  const width = 38 + ((index * 37) % 45)
  return (
    <>
      <td className="wd-c-name" aria-hidden>
        <span className="wd-name">
          <span className="wd-ph wd-ph-icon" />
          <span className="wd-ph" style={{ width: `${width}%` }} />
        </span>
      </td>
      <td aria-hidden className="wd-ph-meta">
        <span className="wd-ph" style={{ width: 72 }} />
      </td>
      <td aria-hidden className="wd-c-size wd-ph-meta">
        <span className="wd-ph" style={{ width: 44 }} />
      </td>
      <td aria-hidden className="wd-ph-lock" />
      <td aria-hidden />
    </>
  )
})

function LockCell({ lock, now }: { lock: LockDto; now: number }) {
  const { t } = useTranslation()
  const desktop = lock.desktopOwner !== undefined && !lock.client
  const title = desktop ? t('files:lock.desktopTitle') : t('files:lock.editorTitle', { until: formatDateTime(lock.expiresAt) })
  return (
    <span className="wd-lock" title={title}>
      <LockOutlined className="wd-lock-icon" aria-hidden />
      <span className="wd-name-text">
        <span className="wd-title">{lockHolder(lock, t('files:lock.anEditor'))}</span>
        <span className="wd-sub">
          {desktop ? t('files:lock.desktopApp') : t('files:lock.expires', { when: formatRelative(lock.expiresAt, now) })}
        </span>
      </span>
    </span>
  )
}

// Stable component identities (TableVirtuoso remounts parts whose type changes); what changes comes in `context`.
const Scroller = forwardRef<HTMLDivElement, ScrollerProps & ContextProp<RowContext>>(function Scroller(
  { context: _context, ...props },
  ref,
) {
  // The rows are the tab stop; a focusable scroller would add a stop that does nothing.
  return <div {...props} ref={ref} tabIndex={-1} className="wd-files-scroller" />
})

function FilesTableElement({ context, ...props }: TableProps & ContextProp<RowContext>) {
  return (
    <Table
      {...props}
      size="small"
      stickyHeader
      aria-label={context.label}
      aria-rowcount={context.total + 1}
      aria-busy={context.busy || undefined}
      sx={tableStyles}
    />
  )
}

const FilesTableHead = forwardRef<HTMLTableSectionElement, Pick<ComponentProps<'thead'>, 'children' | 'style'> & ContextProp<RowContext>>(
  function FilesTableHead({ context: _context, ...props }, ref) {
    return <TableHead {...props} ref={ref} />
  },
)

const FilesTableBody = forwardRef<HTMLTableSectionElement, TableBodyProps & ContextProp<RowContext>>(function FilesTableBody(
  { context: _context, ...props },
  ref,
) {
  return <TableBody {...props} ref={ref} />
})

function FileRow({ context, item: _item, ...props }: ItemProps<unknown> & ContextProp<RowContext>) {
  const { t } = useTranslation()
  const index = props['data-index']
  const entry = context.rowAt(index)
  const active = index === context.activeIndex
  return (
    <tr
      {...props}
      style={{ ...props.style, height: context.rowHeight }}
      className={entry ? 'wd-row' : 'wd-row wd-placeholder'}
      tabIndex={active ? 0 : -1}
      aria-rowindex={index + 2}
      aria-label={entry ? undefined : t('files:row.loading')}
      onKeyDown={(event) => context.onRowKeyDown(index, event)}
      onDoubleClick={(event) => {
        if ((event.target as HTMLElement).closest('button, a')) return
        context.onRowDoubleClick(index)
      }}
      onFocus={(event) => {
        if (event.target === event.currentTarget) context.onRowFocus(index)
      }}
      onContextMenu={(event) => {
        if (!entry) return
        event.preventDefault()
        context.onRowContextMenu(index, event.clientX, event.clientY)
      }}
    />
  )
}

const tableComponents: TableComponents<unknown, RowContext> = {
  Scroller,
  Table: FilesTableElement,
  TableHead: FilesTableHead,
  TableBody: FilesTableBody,
  TableRow: FileRow,
}

const ellipsis = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const

const spin = keyframes`
  to { transform: rotate(360deg); }
`

const tableStyles = (theme: Theme) => {
  const primary = theme.vars?.palette.primary.main ?? theme.palette.primary.main
  const primaryAlpha = (opacity: number) =>
    theme.vars ? `rgba(${theme.vars.palette.primary.mainChannel} / ${opacity})` : alpha(theme.palette.primary.main, opacity)
  return {
    tableLayout: 'fixed',
    borderCollapse: 'separate',
    '& th': {
      fontWeight: 600,
      fontSize: '0.8125rem',
      color: 'text.secondary',
      bgcolor: 'background.paper',
      py: 0,
      whiteSpace: 'nowrap',
      borderBottom: `1px solid ${theme.vars?.palette.divider ?? theme.palette.divider}`,
    },
    '& th:first-of-type, & td:first-of-type': { pl: 2.5 },
    '& th:last-of-type, & td:last-of-type': { pr: 2 },
    '& tr.wd-row': { cursor: 'default', outline: 'none' },
    // Sortable headers are buttons: show where the keyboard is.
    '& .MuiTableSortLabel-root:focus-visible': { outline: `2px solid ${primary}`, outlineOffset: 2, borderRadius: 0.5 },
    '& tr.wd-row > td': {
      px: 2,
      py: 0,
      fontSize: '0.875rem',
      borderBottom: `1px solid ${theme.vars?.palette.divider ?? theme.palette.divider}`,
      overflow: 'hidden',
      verticalAlign: 'middle',
    },
    '& tr.wd-row:hover > td': { bgcolor: 'action.hover' },
    '& tr.wd-row:focus > td': { bgcolor: 'action.selected' },
    '& tr.wd-row:focus-visible': {
      outline: `2px solid ${theme.vars?.palette.primary.main ?? theme.palette.primary.main}`,
      outlineOffset: -2,
    },
    '& .wd-c-size, & .wd-h-size': { textAlign: 'right' },
    '& .wd-c-actions': { textAlign: 'right' },
    '& .wd-name, & .wd-lock': { display: 'flex', alignItems: 'center', gap: 1.25, minWidth: 0 },
    '& .wd-name-text': { display: 'flex', flexDirection: 'column', minWidth: 0, lineHeight: 1.3 },
    '& .wd-title': { ...ellipsis, fontWeight: 500, color: 'text.primary' },
    '& a.wd-title': { textDecoration: 'none', '&:hover': { textDecoration: 'underline' } },
    '& .wd-folder': { fontWeight: 650 },
    '& .wd-sub': { ...ellipsis, fontSize: '0.75rem', color: 'text.secondary' },
    '& .wd-muted': { color: 'text.secondary', ...ellipsis, display: 'block' },
    '& .wd-num': { fontVariantNumeric: 'tabular-nums' },
    '& .wd-lock': { gap: 1 },
    '& .wd-lock-icon': { fontSize: 18, color: 'warning.main', flexShrink: 0 },
    '& .wd-actions': { display: 'inline-flex', alignItems: 'center', justifyContent: 'flex-end', verticalAlign: 'middle' },
    '& .wd-btn, & .wd-icon-btn': {
      display: 'inline-flex',
      alignItems: 'center',
      justifyContent: 'center',
      gap: 0.75,
      height: 30,
      m: 0,
      font: 'inherit',
      fontSize: '0.8125rem',
      fontWeight: 600,
      lineHeight: 1,
      cursor: 'pointer',
      background: 'none',
      transition: theme.transitions.create(['background-color', 'border-color'], { duration: theme.transitions.duration.shortest }),
      '&:focus-visible': { outline: `2px solid ${primary}`, outlineOffset: 1, position: 'relative', zIndex: 1 },
      '&:disabled': { cursor: 'default', opacity: 0.7 },
      '& svg': { width: 20, height: 20, fill: 'currentColor', flexShrink: 0 },
    },
    '& .wd-btn': {
      px: 1.25,
      color: primary,
      border: `1px solid ${primaryAlpha(0.5)}`,
      borderRadius: `${theme.shape.borderRadius}px`,
      '&:hover:not(:disabled)': { backgroundColor: primaryAlpha(0.06), borderColor: primary },
    },
    '& .wd-open': { borderTopRightRadius: 0, borderBottomRightRadius: 0 },
    '& .wd-open-with': { px: 0.25, ml: '-1px', borderTopLeftRadius: 0, borderBottomLeftRadius: 0 },
    '& .wd-icon-btn': {
      width: 30,
      ml: 0.75,
      p: 0,
      border: 0,
      borderRadius: '50%',
      color: 'action.active',
      '&:hover': { bgcolor: 'action.hover' },
    },
    '& .wd-spinner': {
      width: 12,
      height: 12,
      borderRadius: '50%',
      border: '2px solid currentColor',
      borderRightColor: 'transparent',
      animation: `${spin} 0.8s linear infinite`,
    },
    '& .wd-ftype': { fontSize: 22, flexShrink: 0 },
    '& .wd-ph': {
      display: 'inline-block',
      height: 10,
      borderRadius: 5,
      // Still, not pulsing: during a fast scroll a screenful of them would be repainted every frame.
      bgcolor: 'action.selected',
      verticalAlign: 'middle',
    },
    '& .wd-ph-icon': { width: 20, height: 20, borderRadius: 1, flexShrink: 0 },
    '& .wd-inline-meta': { display: 'none' },
    // The name never shrinks below a readable width: the Lock column gives way first, then Modified and Size, and
    // what they said moves into the name's second line. Widths: the fixed columns plus ~220 px for the name.
    [`@container files (max-width: ${NARROW_LOCK_PX}px)`]: {
      '& .wd-h-lock, & .wd-c-lock, & .wd-ph-lock': { display: 'none' },
      '& .wd-inline-meta': { display: 'block' },
    },
    [`@container files (max-width: ${NARROW_META_PX}px)`]: {
      '& .wd-h-modified, & .wd-c-modified, & .wd-h-size, & .wd-c-size, & .wd-ph-meta': { display: 'none' },
    },
    '& .wd-visually-hidden': visuallyHidden,
  }
}

import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import type { BrowserWindow, Rectangle } from 'electron'

// The console window comes back where the user left it: size, position and maximized state in a small JSON file
// in the data folder. A position no display shows any more (a monitor unplugged) is dropped, the size kept.

export const WINDOW_STATE_FILE = 'window-state.json'

export interface WindowState {
  width: number
  height: number
  x?: number
  y?: number
  maximized?: boolean
}

const MIN_SIZE = { width: 1024, height: 700 }

function isBounds(value: unknown): value is WindowState {
  if (!value || typeof value !== 'object') return false
  const state = value as Record<string, unknown>
  const integer = (key: string, optional: boolean) =>
    state[key] === undefined ? optional : Number.isInteger(state[key]) && Math.abs(state[key] as number) < 100_000
  return integer('width', false) && integer('height', false) && integer('x', true) && integer('y', true)
}

/** The saved state, checked against the displays there are now; the defaults when there is none or it is damaged. */
export function loadWindowState(file: string, displays: readonly { workArea: Rectangle }[], defaults: WindowState): WindowState {
  let saved: unknown
  try {
    saved = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return defaults
  }
  if (!isBounds(saved)) return defaults
  const state: WindowState = { width: Math.max(saved.width, MIN_SIZE.width), height: Math.max(saved.height, MIN_SIZE.height) }
  if (saved.maximized === true) state.maximized = true
  if (saved.x !== undefined && saved.y !== undefined) {
    const { x, y } = saved
    // The title bar's left end must lie on a display, or the window could not be dragged back.
    const visible = displays.some(
      ({ workArea: area }) => x + 50 >= area.x && x + 50 < area.x + area.width && y >= area.y && y < area.y + area.height,
    )
    if (visible) Object.assign(state, { x, y })
  }
  return state
}

type TrackedWindow = Pick<BrowserWindow, 'on' | 'getNormalBounds' | 'isMaximized' | 'isDestroyed'>

/** Saves the window's state when it moves, resizes or closes (debounced; the close writes at once). */
export function keepWindowState(window: TrackedWindow, file: string, debounceMs = 500): void {
  let timer: NodeJS.Timeout | null = null
  const save = () => {
    if (timer) clearTimeout(timer)
    timer = null
    if (window.isDestroyed()) return
    const bounds = window.getNormalBounds()
    const state: WindowState = { width: bounds.width, height: bounds.height, x: bounds.x, y: bounds.y, maximized: window.isMaximized() }
    try {
      writeFileSync(file + '.tmp', JSON.stringify(state))
      renameSync(file + '.tmp', file)
    } catch {
      // Losing the window's place is no reason to bother the user.
    }
  }
  const later = () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(save, debounceMs)
  }
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event as 'resize', later)
  window.on('close', save)
}

/**
 * Styles that take text off the screen but leave it to screen readers (a column header over buttons, a label a
 * narrow window has no room for). `display: none` would hide it from both.
 */
export const visuallyHidden = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const

import useMediaQuery from '@mui/material/useMediaQuery'

/** Whether the OS asks for dark: for the few places (chart colors) that need a concrete color, not a CSS variable. */
export function useDarkMode(): boolean {
  return useMediaQuery('(prefers-color-scheme: dark)', { noSsr: true })
}

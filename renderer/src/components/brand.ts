// The product's look, shared by the console and the built-in editor page: one palette for light and dark
// (chosen by the OS through CSS variables and a media query: no inline script, no flash of the wrong scheme),
// system fonts only (the pages load nothing from elsewhere).

export const fontFamily = [
  '-apple-system',
  'BlinkMacSystemFont',
  '"Segoe UI"',
  'Roboto',
  '"Noto Sans"',
  '"Helvetica Neue"',
  '"Liberation Sans"',
  'Arial',
  'sans-serif',
].join(',')

export const monoFontFamily = [
  'ui-monospace',
  '"SFMono-Regular"',
  '"Cascadia Mono"',
  '"JetBrains Mono"',
  'Menlo',
  'Consolas',
  '"Liberation Mono"',
  'monospace',
].join(',')

export const colorSchemes = {
  light: {
    palette: {
      primary: { main: '#2456c4' },
      secondary: { main: '#6d4bc3' },
      success: { main: '#1f8a4c' },
      warning: { main: '#b26a00' },
      error: { main: '#c62828' },
      background: { default: '#f4f6f9', paper: '#ffffff' },
      text: { primary: '#17202e', secondary: '#5a6577' },
      divider: 'rgba(23, 32, 46, 0.11)',
    },
  },
  dark: {
    palette: {
      primary: { main: '#86a9ff' },
      secondary: { main: '#b59cff' },
      success: { main: '#5fcf8b' },
      warning: { main: '#f1b24a' },
      error: { main: '#ff7b72' },
      background: { default: '#0f1318', paper: '#171c23' },
      text: { primary: '#e6eaf0', secondary: '#9aa5b4' },
      divider: 'rgba(230, 234, 240, 0.12)',
    },
  },
} as const

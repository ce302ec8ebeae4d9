import { createTheme } from '@mui/material/styles'

// The built-in editor's look: the console's palette (same product), light/dark from the OS through CSS
// variables and a media query (no inline script, no flash), system fonts only (the page loads nothing from
// elsewhere), and a monospace face for the document itself.

export const monoFontFamily = ['ui-monospace', '"SFMono-Regular"', '"Cascadia Mono"', '"JetBrains Mono"', 'Menlo', 'Consolas', '"Liberation Mono"', 'monospace'].join(',')

export const editorTheme = createTheme({
  cssVariables: { colorSchemeSelector: 'media' },
  colorSchemes: {
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
  },
  shape: { borderRadius: 8 },
  typography: {
    fontFamily: ['-apple-system', 'BlinkMacSystemFont', '"Segoe UI"', 'Roboto', '"Noto Sans"', '"Helvetica Neue"', '"Liberation Sans"', 'Arial', 'sans-serif'].join(','),
    button: { textTransform: 'none', fontWeight: 600 },
  },
  components: {
    MuiButton: { defaultProps: { disableElevation: true } },
    MuiPaper: { defaultProps: { elevation: 0 } },
    MuiAppBar: { defaultProps: { elevation: 0, color: 'inherit' } },
    MuiTooltip: { defaultProps: { arrow: true, enterDelay: 500 } },
    MuiDialog: { defaultProps: { fullWidth: true, maxWidth: 'xs' } },
    MuiDialogTitle: { styleOverrides: { root: { fontSize: '1.0625rem', fontWeight: 650 } } },
    MuiAlert: { styleOverrides: { root: { alignItems: 'center' }, action: { paddingTop: 0, alignItems: 'center' } } },
    MuiTextField: { defaultProps: { size: 'small' } },
    MuiToggleButton: { styleOverrides: { root: { textTransform: 'none', fontWeight: 600, paddingTop: 3, paddingBottom: 3 } } },
  },
})

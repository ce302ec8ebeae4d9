import { createTheme } from '@mui/material/styles'
import type {} from '@mui/x-data-grid/themeAugmentation'
import type {} from '@mui/x-charts/themeAugmentation'

// Light and dark follow the OS (prefers-color-scheme) through CSS variables and a media query, so there is no
// inline script and no flash of the wrong scheme. System fonts only: the console loads nothing from outside.
const fontFamily = [
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

export const monoFontFamily = ['ui-monospace', '"SFMono-Regular"', '"Cascadia Mono"', 'Menlo', 'Consolas', '"Liberation Mono"', 'monospace'].join(',')

export const theme = createTheme({
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
    fontFamily,
    h1: { fontSize: '1.5rem', fontWeight: 650, letterSpacing: '-0.01em' },
    h2: { fontSize: '1.125rem', fontWeight: 650 },
    h3: { fontSize: '1rem', fontWeight: 650 },
    h4: { fontSize: '0.9375rem', fontWeight: 650 },
    subtitle2: { fontWeight: 600 },
    button: { textTransform: 'none', fontWeight: 600 },
    overline: { fontWeight: 600, letterSpacing: '0.06em', lineHeight: 1.8 },
  },
  components: {
    MuiButton: { defaultProps: { disableElevation: true } },
    MuiCard: { defaultProps: { variant: 'outlined' } },
    MuiPaper: { defaultProps: { elevation: 0 } },
    MuiAppBar: { defaultProps: { elevation: 0, color: 'inherit' } },
    MuiTooltip: { defaultProps: { arrow: true, enterDelay: 400 } },
    MuiChip: { styleOverrides: { root: { fontWeight: 500 } } },
    MuiDialog: { defaultProps: { fullWidth: true } },
    MuiDialogTitle: { styleOverrides: { root: { fontSize: '1.125rem', fontWeight: 650 } } },
    MuiAlert: { styleOverrides: { root: { alignItems: 'flex-start' } } },
    MuiTextField: { defaultProps: { size: 'small' } },
    MuiSelect: { defaultProps: { size: 'small' } },
    MuiFormControl: { defaultProps: { size: 'small' } },
    MuiDataGrid: {
      styleOverrides: {
        root: { border: 'none', '--DataGrid-containerBackground': 'transparent' },
      },
    },
  },
})

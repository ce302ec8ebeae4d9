import { createTheme } from '@mui/material/styles'
import type {} from '@mui/x-data-grid/themeAugmentation'
import type {} from '@mui/x-charts/themeAugmentation'
import { colorSchemes, fontFamily } from '../components/brand'

// The console's theme: the product's palette and fonts (components/brand.ts) plus the console's type scale and
// component defaults.

export const theme = createTheme({
  cssVariables: { colorSchemeSelector: 'media' },
  colorSchemes,
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

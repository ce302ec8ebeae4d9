import { createTheme } from '@mui/material/styles'
import { colorSchemes, fontFamily } from '../components/brand'

// The built-in editor's look: the product's palette and fonts (components/brand.ts), compact controls, and a
// monospace face for the document itself.

export const editorTheme = createTheme({
  cssVariables: { colorSchemeSelector: 'media' },
  colorSchemes,
  shape: { borderRadius: 8 },
  typography: {
    fontFamily,
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
